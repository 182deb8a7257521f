from tests.management.check_urls.views import handler, handler_without_exception

urlpatterns: list[object] = []

handler400 = handler
handler403 = "tests.management.check_urls.views.handler"
handler500 = handler_without_exception

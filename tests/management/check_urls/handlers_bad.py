urlpatterns: list[object] = []

handler400 = "tests.management.check_urls.views.handler_without_exception"
handler403 = "tests.management.check_urls.views.no_such_view"
handler404 = "tests.management.check_urls.no_such_module.view"
handler500 = "tests.management.check_urls.views.handler"

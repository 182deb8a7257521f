from scallion.urls import include, path, re_path
from tests.management.check_urls.views import view

urlpatterns = [
    path("/leading/", view),
    re_path(r"^/regex-leading/$", view),
    # An include() whose route starts and ends with a slash is fine.
    path("/prefix/", include([path("inner/", view)])),
]

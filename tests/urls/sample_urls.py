"""A URLconf exercising includes, namespaces, converters and error handlers."""

from scallion.http import HttpResponse
from scallion.urls import include, path, re_path


def view(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


def other(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("other")


def custom_404(request, exception):  # type: ignore[no-untyped-def]
    return HttpResponse("custom 404", status=404)


handler404 = custom_404
handler500 = "tests.urls.sample_urls.other"

blog_patterns = (
    [
        path("", view, name="index"),
        path("<int:year>/<slug:slug>/", view, name="post"),
        re_path(r"^archive/(?P<year>[0-9]{4})/$", other, name="archive"),
    ],
    "blog",
)

urlpatterns = [
    path("", view, name="home"),
    path("about/", view, name="about"),
    path("articles/2003/", other, name="special-2003"),
    path("articles/<int:year>/", view, name="year"),
    path("articles/<int:year>/<int:month>/", view, {"extra": True}, name="month"),
    path("files/<path:file>", view, name="file"),
    path("u/<uuid:token>/", view, name="token"),
    re_path(r"^legacy/(\d+)/(\d+)/$", other, name="legacy"),
    path("blog/", include(blog_patterns)),
    path("author-blog/", include(blog_patterns, namespace="author-blog")),
    path("user/<str:username>/", include([path("profile/", view, name="profile")])),
    path("caf\u00e9/", view, name="cafe"),
]

"""The URLconf the test settings point at; tests override ROOT_URLCONF as needed."""

from scallion.http import HttpResponse
from scallion.urls import path


def hello(request):  # type: ignore[no-untyped-def]
    return HttpResponse("Hello, World!", content_type="text/plain")


urlpatterns = [path("hello/", hello, name="hello")]

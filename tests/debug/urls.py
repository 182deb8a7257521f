"""Views that fail in the ways the technical pages must show."""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core import signing
from scallion.http import Http404, HttpRequest, HttpResponse
from scallion.template.exceptions import TemplateSyntaxError
from scallion.urls import include, path


class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")


def boom(request: HttpRequest) -> HttpResponse:
    secret_local = "visible-local-value"  # locals are shown as they are
    broken = BrokenRepr()
    huge = "x" * 100_000
    request_posted = request.POST.get("field")
    raise ValueError(f"it broke {secret_local} {broken is not None} {len(huge)} {request_posted}")


def signing_boom(request: HttpRequest) -> HttpResponse:
    # Fails inside the key-derivation frame, whose locals hold SECRET_KEY.
    signing.Signer(algorithm="no-such-hash").sign("value")
    return HttpResponse()


def key_in_local(request: HttpRequest) -> HttpResponse:
    key = settings.SECRET_KEY
    cache_url = settings.CACHE_URL
    raise ValueError(f"{len(key)} {len(cache_url)}")


def chained(request: HttpRequest) -> HttpResponse:
    try:
        {}["missing"]
    except KeyError as exc:
        raise RuntimeError("lookup failed") from exc
    return HttpResponse()


def template_error(request: HttpRequest) -> HttpResponse:
    raise TemplateSyntaxError(
        "unexpected '}'",
        name="page.html",
        lineno=2,
        source="<h1>{{ title }}</h1>\n<p>{{ oops }}}</p>\n<footer></footer>",
    )


def not_here(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("No article <b>matches</b> the given query.")


def returns_nothing(request: HttpRequest) -> HttpResponse:
    """Forgets its return: the handler raises, in scallion's own code."""
    HttpResponse("built but not returned")
    return None  # type: ignore[return-value]


def bad_link(request: HttpRequest) -> HttpResponse:
    from scallion.template import engines

    source = "<p>first line</p>\n<a href=\"{{ url('nowhere') }}\">x</a>"
    template = engines["jinja2"].from_string(source)
    return HttpResponse(template.render({}, request))


def bad_json(request: HttpRequest) -> HttpResponse:
    import json

    return HttpResponse(json.loads("{not json"))


articles = [path("<int:pk>/", not_here, name="article")]

urlpatterns = [
    path("boom/", boom, name="boom"),
    path("chained/", chained),
    path("signing/", signing_boom),
    path("key-in-local/", key_in_local),
    path("template/", template_error),
    path("articles/", include(articles)),
    path("returns-nothing/", returns_nothing),
    path("bad-link/", bad_link),
    path("bad-json/", bad_json),
]

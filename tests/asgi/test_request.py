"""ASGIRequest: META, paths and root_path, headers, query string, cookies, scheme."""

from __future__ import annotations

from io import BytesIO

from scallion.core.handlers.asgi import ASGIRequest
from scallion.test import override_settings
from tests.asgi.validator import http_scope


def make(**kwargs: object) -> ASGIRequest:
    return ASGIRequest(http_scope(**kwargs), BytesIO())  # type: ignore[arg-type]


def test_meta_mirrors_a_wsgi_environ() -> None:
    request = make(
        path="/a/b/",
        method="post",
        query_string=b"x=1&y=%C3%A9",
        headers=[
            (b"content-type", b"text/plain"),
            (b"content-length", b"3"),
            (b"x-custom", b"v"),
        ],
    )
    meta = request.META
    assert meta["REQUEST_METHOD"] == "POST"
    assert meta["PATH_INFO"] == "/a/b/"
    assert meta["QUERY_STRING"] == "x=1&y=%C3%A9"
    assert meta["REMOTE_ADDR"] == "127.0.0.1"
    assert meta["REMOTE_PORT"] == "51000"
    assert meta["SERVER_NAME"] == "testserver"
    assert meta["SERVER_PORT"] == "80"
    assert meta["CONTENT_TYPE"] == "text/plain"
    assert meta["CONTENT_LENGTH"] == "3"
    assert meta["HTTP_X_CUSTOM"] == "v"
    assert meta["HTTP_HOST"] == "testserver"
    assert meta["SERVER_PROTOCOL"] == "HTTP/1.1"
    assert request.GET["y"] == "é"
    assert request.headers["X-Custom"] == "v"
    assert request.content_type == "text/plain"


def test_header_names_with_underscores_are_dropped() -> None:
    request = make(headers=[(b"x_forwarded_for", b"evil"), (b"x-forwarded-for", b"good")])
    assert request.META["HTTP_X_FORWARDED_FOR"] == "good"


def test_repeated_headers_are_joined_with_commas_and_cookies_with_semicolons() -> None:
    request = make(
        headers=[
            (b"accept", b"text/html"),
            (b"accept", b"application/json"),
            (b"cookie", b"a=1"),
            (b"cookie", b"b=2"),
        ]
    )
    assert request.META["HTTP_ACCEPT"] == "text/html,application/json"
    assert request.COOKIES == {"a": "1", "b": "2"}


def test_root_path_is_the_script_name() -> None:
    request = make(path="/x/y/", root_path="/app")
    assert request.META["SCRIPT_NAME"] == "/app"
    assert request.path_info == "/x/y/"
    assert request.path == "/app/x/y/"


def test_the_path_is_the_full_path_root_path_included() -> None:
    # ASGI 2.x (and Django): a server includes root_path in path. A path outside
    # root_path is taken as it is, not prefixed.
    scope = http_scope(path="/x/")
    scope["root_path"] = "/app"
    request = ASGIRequest(scope, BytesIO())
    assert (request.path, request.path_info, request.script_name) == ("/x/", "/x/", "/app")
    scope = http_scope(path="/app/x/")
    scope["root_path"] = "/app/"
    request = ASGIRequest(scope, BytesIO())
    assert (request.path, request.path_info) == ("/app/x/", "/x/")


def test_force_script_name_in_the_path_is_cut_from_path_info_once() -> None:
    with override_settings(FORCE_SCRIPT_NAME="/forced"):
        request = ASGIRequest(http_scope(path="/forced/x/"), BytesIO())
        assert (request.path, request.path_info, request.script_name) == (
            "/forced/x/",
            "/x/",
            "/forced",
        )
        request = ASGIRequest(http_scope(path="/x/"), BytesIO())  # a proxy cut it off
        assert (request.path, request.path_info) == ("/forced/x/", "/x/")


def test_root_path_prefix_must_end_at_a_segment() -> None:
    scope = http_scope(path="/application/")
    scope["root_path"] = "/app"
    request = ASGIRequest(scope, BytesIO())
    assert request.path_info == "/application/"


def test_force_script_name_wins() -> None:
    with override_settings(FORCE_SCRIPT_NAME="/forced"):
        request = make(path="/x/", root_path="/app")
    assert request.path == "/forced/x/"
    assert request.path_info == "/x/"


def test_scheme_comes_from_the_scope() -> None:
    assert make(scheme="https").is_secure()
    assert not make().is_secure()


def test_missing_client_and_server() -> None:
    request = make(client=None, server=None)
    assert "REMOTE_ADDR" not in request.META
    assert request.META["SERVER_NAME"] == "unknown"


def test_unicode_path() -> None:
    request = make(path="/caf\u00e9/", raw_path=b"/caf%C3%A9/")
    assert request.path == "/café/"


def test_cookie_headers_with_trailing_semicolons_are_joined_cleanly() -> None:
    request = make(
        http_version="2",
        headers=[(b"cookie", b"a=abc;"), (b"cookie", b"b=def; "), (b"cookie", b"c=ghi;")],
    )
    assert request.META["HTTP_COOKIE"] == "a=abc; b=def; c=ghi"
    assert request.COOKIES == {"a": "abc", "b": "def", "c": "ghi"}


def test_a_query_string_given_as_text() -> None:
    scope = http_scope(path="/")
    scope["query_string"] = "name=Andrew&x=%C3%A9"
    request = ASGIRequest(scope, BytesIO())  # type: ignore[arg-type]
    assert request.GET == {"name": ["Andrew"], "x": ["é"]}
    assert request.META["QUERY_STRING"] == "name=Andrew&x=%C3%A9"


def test_many_repeats_of_one_header_are_joined_once() -> None:
    scope = http_scope(headers=[(b"x-many", b"v")] * 5000 + [(b"cookie", b"a=1")] * 3)
    request = ASGIRequest(scope, BytesIO())  # type: ignore[arg-type]
    assert request.META["HTTP_X_MANY"] == ",".join(["v"] * 5000)
    assert request.META["HTTP_COOKIE"] == "a=1; a=1; a=1"


class PropertyMeta(ASGIRequest):
    """Written for Django's ASGIRequest, which assigns META in __init__."""

    @property  # type: ignore[override]
    def META(self) -> dict[str, object]:
        return self._meta

    @META.setter
    def META(self, value: dict[str, object]) -> None:
        self._meta = dict(value, SEEN_BY_SETTER=True)


def test_a_subclass_with_a_meta_property_gets_it_assigned_in_init() -> None:
    request = PropertyMeta(http_scope(headers=[(b"x-one", b"1")]), None)
    assert request.META["SEEN_BY_SETTER"] is True
    assert request.headers["x-one"] == "1"


def test_the_built_in_meta_is_not_built_in_init() -> None:
    request = make()
    assert "META" not in request.__dict__
    assert request.META["REQUEST_METHOD"] == "GET"

"""Smoke tests of every showcase page through the test client (middleware included)."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO

import pytest

from scallion.test import Client, override_settings


def test_home(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Welcome to the scallion showcase" in body  # the context processor's value
    assert 'href="/api/items/1/"' in body  # url() with kwargs
    assert "/static/showcase/site.css" in body
    assert response["Server-Timing"].startswith("app;dur=")  # the custom middleware
    assert response["X-Frame-Options"] == "DENY"


def test_contact_form_errors_and_success(client: Client) -> None:
    response = client.post("/contact/", {"name": "", "email": "nope", "message": "short"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please tell us your name." in body
    assert "Enter a valid email address." in body
    assert 'value="nope"' in body  # the input is shown again

    response = client.post(
        "/contact/",
        {"name": "Ada", "email": "ada@example.com", "message": "Hello there, scallion!"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Thanks, Ada! Message received." in response.content.decode()


def test_contact_form_escapes_input(client: Client) -> None:
    response = client.post("/contact/", {"name": "<script>x</script>", "email": "", "message": ""})
    assert "<script>x</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_csrf_token_round_trip(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/contact/", {"name": "x"}).status_code == 403
    page = strict.get("/contact/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = strict.post(
        "/contact/", {"csrfmiddlewaretoken": token.group(1), "name": "", "email": "", "message": ""}
    )
    assert response.status_code == 400  # past CSRF, stopped by validation


def test_upload(client: Client) -> None:
    upload = BytesIO(b"hello scallion")
    upload.name = "hello.txt"
    response = client.post("/upload/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "hello.txt" in body
    assert "14 bytes" in body
    assert hashlib.sha256(b"hello scallion").hexdigest() in body


def test_upload_without_a_file(client: Client) -> None:
    response = client.post("/upload/", {})
    assert "Choose a file to upload." in response.content.decode()


def test_session_counter_and_messages(client: Client) -> None:
    for expected in (1, 2):
        response = client.post("/counter/", follow=True)
        body = response.content.decode()
        assert f'<strong id="count">{expected}</strong>' in body
        assert f"Counted {expected}." in body
    response = client.post("/counter/", {"reset": "1"}, follow=True)
    assert '<strong id="count">0</strong>' in response.content.decode()
    assert "Counter reset." in response.content.decode()


def test_class_based_view(client: Client) -> None:
    response = client.get("/about/")
    assert response.status_code == 200
    assert "showcase.middleware.ServerTimingMiddleware" in response.content.decode()
    not_allowed = client.post("/about/")
    assert not_allowed.status_code == 405
    assert "GET" in not_allowed["Allow"]


def test_json_api(client: Client) -> None:
    assert client.get("/api/items/").json()["items"][0]["name"] == "Scallion"
    assert client.get("/api/items/2/").json() == {"id": 2, "name": "Leek", "price": 3}
    created = client.post(
        "/api/items/", {"name": "Chive", "price": 1.5}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["name"] == "Chive"
    bad = client.post("/api/items/", "{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"error": "The body is not valid JSON."}
    negative = client.post(
        "/api/items/", {"name": "x", "price": -1}, content_type="application/json"
    )
    assert negative.status_code == 400


def test_streaming(client: Client) -> None:
    response = client.get("/stream/?n=3")
    assert response.streaming
    assert b"".join(response.streaming_content) == b"line 1 of 3\nline 2 of 3\nline 3 of 3\n"


@pytest.mark.parametrize("debug", [True, False])
def test_error_pages(client: Client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        missing = client.get("/api/items/99/")
        assert missing.status_code == 404
        client.raise_request_exception = False
        failing = client.get("/boom/")
        assert failing.status_code == 500
    if not debug:
        assert "Page not found" in missing.content.decode()  # handler404's template
        assert "Something went wrong" in failing.content.decode()  # templates/500.html
        assert "fails on purpose" not in failing.content.decode()


def test_trace_panel_draws_the_showcase_onion(client: Client) -> None:
    """DEBUG and TRACE_REQUESTS are on in the showcase: its pages carry the onion panel."""
    from showcase import settings as showcase_settings

    body = client.get("/").content.decode()
    assert 'id="scallion-trace"' in body
    layers = re.findall(r'data-kind="middleware"[^>]*data-name="([^"]+)"', body)
    assert layers == showcase_settings.MIDDLEWARE
    listing = client.get("/__scallion__/requests/")
    assert listing.status_code == 200
    assert "/" in listing.content.decode()


def test_django_template_pages(client: Client) -> None:
    response = client.get("/dtl/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Django templates · scallion showcase</title>" in body
    assert '<tr class="odd">' in body and '<tr class="even">' in body
    assert 'href="/api/items/2/">LEEK</a>' in body
    assert "<td>2.50</td>" in body and "2 items." in body
    assert 'href="/dtl/" aria-current="page"' in body
    assert [t.name for t in response.templates] == [
        "showcase_dtl/home.html",
        "showcase_dtl/base.html",
    ]


def test_django_template_form_escapes_and_protects(client: Client) -> None:
    response = client.post("/dtl/contact/", {"name": "<b>x</b>", "email": "", "message": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>x</b>" not in body
    assert "Enter a valid email address." in body
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/dtl/contact/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    ok = {"csrfmiddlewaretoken": token.group(1), "name": "Ada", "email": "a@b.c"}
    done = strict.post("/dtl/contact/", {**ok, "message": "Hello there, scallion!"}, follow=True)
    assert "Thanks, Ada! Message received." in done.content.decode()

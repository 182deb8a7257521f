"""Smoke tests of every showcase page through the test client (middleware included).

Written the way a Django project's tests are: a ``SimpleTestCase`` whose class runs
with the showcase's settings, and Django's response assertions.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import re
import sys
from io import BytesIO

from scallion.test import Client, SimpleTestCase, override_settings
from tests.showcase.conftest import EXAMPLES


class ShowcaseTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        sys.path.insert(0, EXAMPLES)
        cls.addClassCleanup(cls._forget_the_showcase)
        module = importlib.import_module("showcase.settings")
        values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
        values["ALLOWED_HOSTS"] = ["testserver"]
        cls.enterClassContext(override_settings(**values))

    @classmethod
    def _forget_the_showcase(cls) -> None:
        sys.path.remove(EXAMPLES)
        for name in [m for m in sys.modules if m == "showcase" or m.startswith("showcase.")]:
            del sys.modules[name]

    def test_home(self) -> None:
        response = self.client.get("/")
        self.assertContains(response, "Welcome to the scallion showcase")  # context processor
        self.assertContains(response, 'href="/api/items/1/"')  # url() with kwargs
        self.assertContains(response, "/static/showcase/site.css")
        self.assertTrue(response["Server-Timing"].startswith("app;dur="))  # custom middleware
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_contact_form_errors_and_success(self) -> None:
        response = self.client.post("/contact/", {"name": "", "email": "nope", "message": "short"})
        self.assertContains(response, "Please tell us your name.", status_code=400)
        self.assertContains(response, "Enter a valid email address.", status_code=400)
        self.assertContains(response, 'value="nope"', status_code=400)  # the input, again

        response = self.client.post(
            "/contact/",
            {"name": "Ada", "email": "ada@example.com", "message": "Hello there, scallion!"},
            follow=True,
        )
        self.assertRedirects(response, "/contact/")
        self.assertContains(response, "Thanks, Ada! Message received.")

    def test_contact_form_escapes_input(self) -> None:
        response = self.client.post(
            "/contact/", {"name": "<script>x</script>", "email": "", "message": ""}
        )
        self.assertNotContains(response, "<script>x</script>", status_code=400)
        self.assertContains(response, "&lt;script&gt;", status_code=400)

    def test_csrf_token_round_trip(self) -> None:
        strict = Client(enforce_csrf_checks=True)
        self.assertEqual(strict.post("/contact/", {"name": "x"}).status_code, 403)
        page = strict.get("/contact/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        response = strict.post(
            "/contact/",
            {"csrfmiddlewaretoken": token.group(1), "name": "", "email": "", "message": ""},
        )
        self.assertEqual(response.status_code, 400)  # past CSRF, stopped by validation

    def test_upload(self) -> None:
        upload = BytesIO(b"hello scallion")
        upload.name = "hello.txt"
        response = self.client.post("/upload/", {"file": upload})
        self.assertContains(response, "hello.txt")
        self.assertContains(response, "14 bytes")
        self.assertContains(response, hashlib.sha256(b"hello scallion").hexdigest())

    def test_upload_without_a_file(self) -> None:
        self.assertContains(self.client.post("/upload/", {}), "Choose a file to upload.")

    def test_session_counter_and_messages(self) -> None:
        for expected in (1, 2):
            response = self.client.post("/counter/", follow=True)
            self.assertContains(response, f'<strong id="count">{expected}</strong>', html=True)
            self.assertContains(response, f"Counted {expected}.")
        response = self.client.post("/counter/", {"reset": "1"}, follow=True)
        self.assertInHTML('<strong id="count">0</strong>', response.text)
        self.assertContains(response, "Counter reset.")

    def test_class_based_view(self) -> None:
        self.assertContains(
            self.client.get("/about/"), "showcase.middleware.ServerTimingMiddleware"
        )
        not_allowed = self.client.post("/about/")
        self.assertEqual(not_allowed.status_code, 405)
        self.assertIn("GET", not_allowed["Allow"])

    def test_json_api(self) -> None:
        self.assertEqual(self.client.get("/api/items/").json()["items"][0]["name"], "Scallion")
        self.assertJSONEqual(
            self.client.get("/api/items/2/").content, {"id": 2, "name": "Leek", "price": 3}
        )
        created = self.client.post(
            "/api/items/", {"name": "Chive", "price": 1.5}, content_type="application/json"
        )
        self.assertEqual(created.status_code, 201)
        self.assertEqual(created.json()["name"], "Chive")
        bad = self.client.post("/api/items/", "{not json", content_type="application/json")
        self.assertEqual(bad.status_code, 400)
        self.assertJSONEqual(bad.content, {"error": "The body is not valid JSON."})
        negative = self.client.post(
            "/api/items/", {"name": "x", "price": -1}, content_type="application/json"
        )
        self.assertEqual(negative.status_code, 400)

    def test_streaming(self) -> None:
        response = self.client.get("/stream/?n=3")
        self.assertTrue(response.streaming)
        self.assertContains(response, "line 1 of 3\nline 2 of 3\nline 3 of 3\n")

    def test_error_pages(self) -> None:
        for debug in (True, False):
            with self.subTest(debug=debug), self.settings(DEBUG=debug):
                client = Client(raise_request_exception=False)
                missing = client.get("/api/items/99/")
                failing = client.get("/boom/")
                self.assertEqual(missing.status_code, 404)
                self.assertEqual(failing.status_code, 500)
                if not debug:
                    self.assertContains(missing, "Page not found", status_code=404)
                    self.assertContains(failing, "Something went wrong", status_code=500)
                    self.assertNotContains(failing, "fails on purpose", status_code=500)

    def test_trace_panel_draws_the_showcase_onion(self) -> None:
        """DEBUG and TRACE_REQUESTS are on in the showcase: its pages carry the onion panel."""
        from showcase import settings as showcase_settings

        response = self.client.get("/")
        self.assertContains(response, 'id="scallion-trace"')
        layers = re.findall(r'data-kind="middleware"[^>]*data-name="([^"]+)"', response.text)
        self.assertEqual(layers, showcase_settings.MIDDLEWARE)
        listing = self.client.get("/__scallion__/requests/")
        self.assertContains(listing, "/")

    def test_live_page_and_clock(self) -> None:
        response = self.client.get("/live/")
        self.assertContains(response, 'id="chat-log"')
        self.assertContains(response, "new EventSource")
        clock = self.client.get("/live/clock/?fast=1", headers={"Last-Event-ID": "41"})
        self.assertEqual(clock["Content-Type"], "text/event-stream")
        first, second = clock.iter_events(limit=2)
        self.assertEqual((first.event, first.id, first.json()["n"]), ("tick", "42", 42))
        self.assertEqual(second.json()["n"], 43)

    def test_live_chat_consumer_in_process(self) -> None:
        from scallion.channels.testing import WebsocketCommunicator
        from scallion.core.handlers.asgi import ASGIHandler

        async def scenario() -> list[object]:
            app = ASGIHandler()
            origin = [(b"origin", b"http://testserver")]
            ada = WebsocketCommunicator(app, "/ws/chat/ada/", headers=origin)
            bob = WebsocketCommunicator(app, "/ws/chat/bob/", headers=origin)
            self.assertTrue((await ada.connect())[0] and (await bob.connect())[0])
            replies: list[object] = [await ada.receive_json_from(), await bob.receive_json_from()]
            await ada.send_json_to({"text": "  hello  "})
            replies += [await ada.receive_json_from(), await bob.receive_json_from()]
            await bob.send_json_to({"text": ""})
            replies.append(await bob.receive_json_from())
            await ada.disconnect()
            await bob.disconnect()
            return replies

        welcome_ada, welcome_bob, *rest = asyncio.run(scenario())
        self.assertEqual(welcome_ada, {"kind": "welcome", "name": "ada"})
        self.assertEqual(welcome_bob, {"kind": "welcome", "name": "bob"})
        self.assertEqual(rest[0], {"kind": "message", "name": "ada", "text": "hello"})
        self.assertEqual(rest[1], rest[0])
        self.assertEqual(rest[2]["kind"], "error")  # type: ignore[index]

    def test_django_template_pages(self) -> None:
        response = self.client.get("/dtl/")
        self.assertContains(response, "<title>Django templates · scallion showcase</title>")
        self.assertContains(response, '<tr class="odd">')
        self.assertContains(response, '<tr class="even">')
        self.assertContains(response, 'href="/api/items/2/">LEEK</a>')  # url with a keyword
        self.assertContains(response, "<td>2.50</td>")  # floatformat
        self.assertContains(response, "2 items.")  # with, pluralize
        self.assertContains(response, 'href="/dtl/" aria-current="page"')  # url ... as
        self.assertTemplateUsed(response, "showcase_dtl/home.html")
        self.assertTemplateUsed(response, "showcase_dtl/base.html")  # the extended one too
        self.assertEqual(
            [t.name for t in response.templates],
            ["showcase_dtl/home.html", "showcase_dtl/base.html"],
        )

    def test_django_template_form_escapes_and_protects(self) -> None:
        response = self.client.post(
            "/dtl/contact/", {"name": "<b>x</b>", "email": "", "message": ""}
        )
        self.assertContains(response, "&lt;b&gt;x&lt;/b&gt;", status_code=400)
        self.assertNotContains(response, "<b>x</b>", status_code=400)
        self.assertContains(response, "Enter a valid email address.", status_code=400)
        strict = Client(enforce_csrf_checks=True)
        page = strict.get("/dtl/contact/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        form = {"csrfmiddlewaretoken": token.group(1), "name": "Ada", "email": "a@b.c"}
        done = strict.post("/dtl/contact/", {**form, "message": "Hello, scallion!"}, follow=True)
        self.assertContains(done, "Thanks, Ada! Message received.")

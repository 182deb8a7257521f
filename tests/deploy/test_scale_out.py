"""Two app servers behind nginx, round-robin: sessions and CSRF hold across them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Deployment

pytestmark = pytest.mark.server


def get_json(client: httpx.Client, url: str, **kwargs: Any) -> Any:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def post(client: httpx.Client, deployment: Deployment, url: str, token: str, **data: str) -> Any:
    return client.post(
        url,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Origin": deployment.https_url},
    )


#: The client connects from this loopback address, nginx to gunicorn from 127.0.0.1:
#: an app that ignored the proxy headers would report the wrong address.
CLIENT_ADDRESS = "127.0.0.2"
SPOOFED = "203.0.113.9"


def test_round_robin_and_proxy_headers(deployment: Deployment) -> None:
    with deployment.client(local_address=CLIENT_ADDRESS) as client:
        seen = [
            get_json(client, "/whoami/", headers={"X-Forwarded-For": SPOOFED}) for _ in range(4)
        ]
        unspoofed = get_json(client, "/whoami/")
    assert {s["instance"] for s in seen} == {"a", "b"}
    assert seen[0]["instance"] != seen[1]["instance"]
    for info in seen:
        assert info["scheme"] == "https"
        assert info["secure"] is True
        # nginx connects to the app servers itself: REMOTE_ADDR is the proxy.
        assert info["remote_addr"] == "127.0.0.1"
        # The spoofed entry is kept, and the address nginx saw is appended last...
        assert info["forwarded_for"] == f"{SPOOFED}, {CLIENT_ADDRESS}"
        assert info["real_ip"] == CLIENT_ADDRESS
        # ...which is the one the app's proxy handling (one trusted proxy) picks.
        assert info["client"] == CLIENT_ADDRESS
        assert info["host"] == deployment.https_url.removeprefix("https://")
    assert unspoofed["forwarded_for"] == CLIENT_ADDRESS
    assert unspoofed["client"] == CLIENT_ADDRESS
    with httpx.Client(base_url=deployment.http_url) as plain:
        info = get_json(
            plain, "/whoami/", headers={"X-Forwarded-Proto": "https", "X-Real-IP": SPOOFED}
        )
    # A client cannot claim HTTPS, nor an address in X-Real-IP: nginx overwrites both.
    assert info["scheme"] == "http"
    assert info["real_ip"] == "127.0.0.1"


def test_session_and_csrf_survive_alternating_servers(deployment: Deployment) -> None:
    with deployment.client() as client:
        results = [get_json(client, "/counter/") for _ in range(4)]
        assert [r["count"] for r in results] == [1, 2, 3, 4]
        assert {r["instance"] for r in results} == {"a", "b"}
        token = results[0]["token"]  # issued by one instance, posted to both
        posted = [post(client, deployment, "/submit/", token, value=str(i)) for i in range(2)]
        assert [p.status_code for p in posted] == [200, 200]
        assert {p.json()["instance"] for p in posted} == {"a", "b"}
        assert [p.json()["posted"] for p in posted] == ["0", "1"]

        # No token, or a Referer-only request from another site: refused on both.
        refused = [client.post("/submit/", data={"value": "x"}) for _ in range(2)]
        assert [r.status_code for r in refused] == [403, 403]
        foreign = client.post(
            "/submit/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": "https://evil.example/"},
        )
        assert foreign.status_code == 403
        same_site = client.post(
            "/submit/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": deployment.https_url + "/counter/"},
        )
        assert same_site.status_code == 200


def test_flush_on_one_server_is_seen_by_the_other(deployment: Deployment) -> None:
    with deployment.client() as client:
        first = get_json(client, "/counter/")
        get_json(client, "/counter/")
        old_cookie = client.cookies.get("sessionid")
        assert old_cookie
        logout = post(client, deployment, "/logout/", first["token"])
        assert logout.status_code == 200
        flushed_on = logout.json()["instance"]
        after = get_json(client, "/counter/")
        assert after["instance"] != flushed_on
        assert after["count"] == 1

    with deployment.client() as replay:
        replay.cookies.set("sessionid", old_cookie, domain="127.0.0.1")
        replayed = get_json(replay, "/counter/")
    if deployment.engine == "redis":
        # Server-side sessions are revoked for everyone, old cookie or not.
        assert replayed["count"] == 1
    else:
        # Documented limit of signed cookies: a copy stays valid until it expires.
        assert replayed["count"] == 3

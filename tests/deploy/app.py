"""The app the scale-out test runs twice under gunicorn behind nginx.

Configured from the environment so that both instances share one setup:
``DEPLOY_SESSION_ENGINE``, ``DEPLOY_REDIS_URL``, ``DEPLOY_REDIS_PREFIX`` and
``DEPLOY_INSTANCE`` (a name each instance reports, to see the round-robin).
"""

from __future__ import annotations

import os

from scallion.conf import settings
from scallion.core.wsgi import get_wsgi_application
from scallion.http import HttpRequest, JsonResponse
from scallion.middleware.csrf import get_token
from scallion.urls import path

INSTANCE = os.environ.get("DEPLOY_INSTANCE", "?")


#: The app's proxy handling (scallion, like Django, has no setting for it): one
#: trusted proxy (our nginx) in front, so the client is the last X-Forwarded-For
#: entry; the entries before it are whatever the client claimed.
TRUSTED_PROXIES = 1


def _client_address(request: HttpRequest) -> str:
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) >= TRUSTED_PROXIES:
        return entries[-TRUSTED_PROXIES]
    return str(request.META.get("REMOTE_ADDR", ""))


def whoami(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "instance": INSTANCE,
            "scheme": request.scheme,
            "secure": request.is_secure(),
            "client": _client_address(request),
            "forwarded_for": request.META.get("HTTP_X_FORWARDED_FOR"),
            "real_ip": request.META.get("HTTP_X_REAL_IP"),
            "remote_addr": request.META.get("REMOTE_ADDR"),
            "host": request.get_host(),
        }
    )


def counter(request: HttpRequest) -> JsonResponse:
    session = request.session  # type: ignore[attr-defined]
    session["count"] = session.get("count", 0) + 1
    return JsonResponse(
        {"instance": INSTANCE, "count": session["count"], "token": get_token(request)}
    )


def submit(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"instance": INSTANCE, "posted": request.POST.get("value")})


def logout(request: HttpRequest) -> JsonResponse:
    request.session.flush()  # type: ignore[attr-defined]
    return JsonResponse({"instance": INSTANCE, "flushed": True})


urlpatterns = [
    path("whoami/", whoami),
    path("counter/", counter),
    path("submit/", submit),
    path("logout/", logout),
]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get(
            "DEPLOY_SECRET_KEY", "deploy-test-secret-key-0123456789-abcdefghij"
        ),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "scallion.middleware.security.SecurityMiddleware",
            "scallion.contrib.sessions.middleware.SessionMiddleware",
            "scallion.middleware.common.CommonMiddleware",
            "scallion.middleware.csrf.CsrfViewMiddleware",
            "scallion.contrib.messages.middleware.MessageMiddleware",
            "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        SESSION_ENGINE=os.environ.get(
            "DEPLOY_SESSION_ENGINE", "scallion.contrib.sessions.backends.signed_cookies"
        ),
        SESSION_REDIS_URL=os.environ.get("DEPLOY_REDIS_URL", "redis://127.0.0.1:6379/0"),
        SESSION_REDIS_KEY_PREFIX=os.environ.get("DEPLOY_REDIS_PREFIX", "deploy:"),
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        LOGGING_CONFIG=None,
    )

application = get_wsgi_application()

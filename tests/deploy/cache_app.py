"""The app of the cache scale-out test: a page cache in one Redis shared by two servers.

Configured from the environment: ``DEPLOY_REDIS_URL``, ``DEPLOY_CACHE_PREFIX``
and ``DEPLOY_INSTANCE`` (the name each instance reports). An outer middleware
adds ``X-Served-By`` after the page cache, so a response served from the cache
still says which instance answered it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from scallion.conf import settings
from scallion.core.cache import cache
from scallion.core.wsgi import get_wsgi_application
from scallion.http import HttpRequest, HttpResponse, JsonResponse
from scallion.test import RequestFactory
from scallion.urls import path
from scallion.utils.cache import get_cache_key
from scallion.views.decorators.cache import never_cache

INSTANCE = os.environ.get("DEPLOY_INSTANCE", "?")
VIEW_CALLS = {"page": 0}


class ServedBy:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        response["X-Served-By"] = INSTANCE
        return response


def page(request: HttpRequest) -> HttpResponse:
    VIEW_CALLS["page"] += 1
    return HttpResponse(f"page rendered by {INSTANCE}", content_type="text/plain")


@never_cache
def calls(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"instance": INSTANCE, **VIEW_CALLS})


@never_cache
def value(request: HttpRequest) -> JsonResponse:
    """GET reads ``key``; POST sets it to ``value``, or deletes it with ``delete=1``."""
    key = request.GET["key"]
    if request.method == "POST":
        if request.POST.get("delete"):
            deleted = cache.delete(key)
            return JsonResponse({"instance": INSTANCE, "deleted": deleted})
        cache.set(key, request.POST["value"], 60)
    return JsonResponse({"instance": INSTANCE, "value": cache.get(key)})


@never_cache
def forget_page(request: HttpRequest) -> JsonResponse:
    """Delete the cached ``/page/`` as it was stored for this host and scheme."""
    page_request = RequestFactory().get(
        "/page/", secure=request.is_secure(), headers={"host": request.get_host()}
    )
    key = get_cache_key(page_request)
    deleted = bool(key) and cache.delete(key)
    return JsonResponse({"instance": INSTANCE, "deleted": deleted})


urlpatterns = [
    path("page/", page),
    path("calls/", calls),
    path("value/", value),
    path("forget-page/", forget_page),
]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="deploy-cache-test-secret-key-0123456789-abcdefghij",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "tests.deploy.cache_app.ServedBy",
            "scallion.middleware.cache.UpdateCacheMiddleware",
            "scallion.middleware.common.CommonMiddleware",
            "scallion.middleware.cache.FetchFromCacheMiddleware",
        ],
        CACHES={
            "default": {
                "BACKEND": "scallion.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ.get("DEPLOY_REDIS_URL", "redis://127.0.0.1:6379/0"),
                "KEY_PREFIX": os.environ.get("DEPLOY_CACHE_PREFIX", "deploy-cache"),
            }
        },
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        LOGGING_CONFIG=None,
    )

application = get_wsgi_application()

"""``CommonMiddleware``: the host check, user-agent bans, ``PREPEND_WWW``, ``APPEND_SLASH``.

Every request's host is validated against ``ALLOWED_HOSTS`` here, as in
Django: ``request.get_host()`` raises ``DisallowedHost`` (a 400) for a host
that is not allowed, before any later middleware or the view runs.

The slash redirect is decided on the way out, only for a 404, so a URL that a
view answers is never redirected and the URLconf is consulted only on misses.
Only GET and HEAD are redirected (unlike Django, which redirects any method
outside DEBUG): a client follows a 301 with a GET and drops the body, so a
POST/PUT/PATCH/DELETE to the slashless URL gets the normal 404 instead of
silently losing its data, and in DEBUG a RuntimeError explaining the fix.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import PermissionDenied
from scallion.http import HttpRequest, HttpResponseBase, HttpResponsePermanentRedirect
from scallion.http.response import ResponseHeaders
from scallion.middleware import SettingsMiddleware
from scallion.urls import is_valid_path
from scallion.utils.http import escape_leading_slashes


class CommonMiddleware(SettingsMiddleware):
    response_redirect_class = HttpResponsePermanentRedirect
    watched_settings = frozenset({"DISALLOWED_USER_AGENTS", "PREPEND_WWW", "APPEND_SLASH", "DEBUG"})

    def load_settings(self) -> None:
        self.disallowed_user_agents: list[Any] = list(settings.DISALLOWED_USER_AGENTS)
        self.prepend_www: bool = settings.PREPEND_WWW
        self.append_slash: bool = settings.APPEND_SLASH
        self.debug: bool = settings.DEBUG
        # PERF: stack. With no banned agents and no PREPEND_WWW (the defaults)
        # the hook only validates the host; whatever the settings, it runs.
        needs_full_hook = bool(self.disallowed_user_agents) or self.prepend_www
        self._process_request = self.process_request if needs_full_hook else self.check_host

    @staticmethod
    def check_host(request: HttpRequest) -> None:
        """Validate the host of every request, as Django's ``process_request`` does."""
        request.get_host()

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        user_agent = request.META.get("HTTP_USER_AGENT")
        if user_agent is not None:
            for pattern in self.disallowed_user_agents:
                if pattern.search(user_agent):
                    raise PermissionDenied("Forbidden user agent")
        host = request.get_host()
        if self.prepend_www and host and not host.startswith("www."):
            if self.should_redirect_with_slash(request):
                path = self.get_full_path_with_slash(request)
            else:
                path = request.get_full_path()
            return self.response_redirect_class(f"{request.scheme}://www.{host}{path}")
        return None

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        """True if the path misses, the path plus ``/`` matches, and the view allows it."""
        if not self.append_slash or request.path_info.endswith("/"):
            return False
        urlconf = getattr(request, "urlconf", None)
        if is_valid_path(request.path_info, urlconf):
            return False
        match = is_valid_path(f"{request.path_info}/", urlconf)
        if not match:
            return False
        return bool(getattr(getattr(match, "func", None), "should_append_slash", True))

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        new_path = escape_leading_slashes(request.get_full_path(force_append_slash=True))
        if self.debug and request.method in _BODY_METHODS:
            raise RuntimeError(
                f"You called this URL via {request.method}, but the URL doesn't end in a "
                "slash and you have APPEND_SLASH set. Scallion can't redirect to the slash "
                f"URL while keeping the {request.method} data. Change your form to point to "
                f"{request.get_host()}{new_path} (note the trailing slash), or set "
                "APPEND_SLASH=False in your settings."
            )
        return new_path

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code == 404 and self.append_slash:
            method = request.method
            # Only a GET or HEAD survives a redirect: other methods keep their 404
            # (in DEBUG, a method with a body raises to explain why).
            redirects = method in _REDIRECTED_METHODS
            if (redirects or (self.debug and method in _BODY_METHODS)) and (
                self.should_redirect_with_slash(request)
            ):
                new_path = self.get_full_path_with_slash(request)
                if redirects:
                    return self.response_redirect_class(new_path)
        if not response.streaming:
            headers = response.headers
            if headers.__class__ is ResponseHeaders:
                # PERF: stack. The length of bytes is a valid header value.
                store = headers._store
                if "content-length" not in store:
                    length = str(len(response.content))  # type: ignore[attr-defined]
                    store["content-length"] = ("Content-Length", length)
            elif "Content-Length" not in headers:
                headers["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
        return response


_REDIRECTED_METHODS = frozenset({"GET", "HEAD"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


__all__ = ["CommonMiddleware"]

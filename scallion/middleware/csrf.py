"""``CsrfViewMiddleware``: Django's cross-site request forgery defence, same algorithm.

The secret (32 alphanumerics) lives in the ``CSRF_COOKIE_NAME`` cookie or, with
``CSRF_USE_SESSIONS``, in the session. Pages get a *masked* token from
:func:`get_token`: a fresh 32-character mask followed by the secret shifted by
it, so the token differs on every response (no fixed string for BREACH to
recover) while still decoding to the same secret.

An unsafe request (anything but GET/HEAD/OPTIONS/TRACE) to a view that is not
``csrf_exempt`` must carry a token, in the ``csrfmiddlewaretoken`` form field or
the ``CSRF_HEADER_NAME`` header, that decodes to the secret. Before that, the
``Origin`` header, if sent, must match the host or ``CSRF_TRUSTED_ORIGINS``;
without it, an HTTPS request must have a ``Referer`` from the same registrable
host or a trusted origin. Failures call ``CSRF_FAILURE_VIEW`` with one of the
``REASON_*`` strings and are logged to ``scallion.security.csrf``.
"""

from __future__ import annotations

import logging
import re
import string
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scallion.conf import settings
from scallion.core.exceptions import DisallowedHost, ImproperlyConfigured
from scallion.http import HttpHeaders, HttpRequest, HttpResponseBase
from scallion.http.request import UnreadablePostError, is_same_domain
from scallion.middleware import SettingsMiddleware
from scallion.utils.cache import patch_vary_headers
from scallion.utils.crypto import constant_time_compare, get_random_string
from scallion.utils.log import log_response
from scallion.utils.module_loading import import_string

logger = logging.getLogger("scallion.security.csrf")

REASON_BAD_ORIGIN = "Origin checking failed - %s does not match any trusted origins."
REASON_NO_REFERER = "Referer checking failed - no Referer."
REASON_BAD_REFERER = "Referer checking failed - %s does not match any trusted origins."
REASON_NO_CSRF_COOKIE = "CSRF cookie not set."
REASON_CSRF_TOKEN_MISSING = "CSRF token missing."
REASON_MALFORMED_REFERER = "Referer checking failed - Referer is malformed."
REASON_INSECURE_REFERER = "Referer checking failed - Referer is insecure while host is secure."
# Completed as "CSRF cookie has incorrect length." or "CSRF token from POST ...".
REASON_INCORRECT_LENGTH = "has incorrect length"
REASON_INVALID_CHARACTERS = "has invalid characters"

CSRF_SECRET_LENGTH = 32
CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH
CSRF_ALLOWED_CHARS = string.ascii_letters + string.digits
CSRF_SESSION_KEY = "_csrftoken"
_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_INVALID_TOKEN_CHARS = re.compile("[^a-zA-Z0-9]")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _get_new_csrf_string() -> str:
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def _mask_cipher_secret(secret: str) -> str:
    """A fresh mask followed by ``secret`` shifted character-wise by the mask."""
    mask = _get_new_csrf_string()
    chars = CSRF_ALLOWED_CHARS
    size = len(chars)
    cipher = "".join(
        chars[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _unmask_cipher_token(token: str) -> str:
    """The secret inside a masked token (its format must have been checked)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        chars[_CHAR_INDEX[c] - _CHAR_INDEX[m]] for c, m in zip(cipher, mask, strict=True)
    )


def _add_new_csrf_cookie(request: HttpRequest) -> str:
    """Give the request a new secret, to be sent to the client on the way out."""
    csrf_secret = _get_new_csrf_string()
    request.META["CSRF_COOKIE"] = csrf_secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return csrf_secret


def get_token(request: HttpRequest) -> str:
    """A masked CSRF token for a form or header, creating the secret if needed.

    Calling it also makes the middleware (re)send the cookie, so a page that
    shows a token always leaves the client holding the matching secret.
    """
    if "CSRF_COOKIE" in request.META:
        csrf_secret: str = request.META["CSRF_COOKIE"]
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    else:
        csrf_secret = _add_new_csrf_cookie(request)
    return _mask_cipher_secret(csrf_secret)


def rotate_token(request: HttpRequest) -> None:
    """Replace the secret (call it on login so a pre-login token stops working)."""
    _add_new_csrf_cookie(request)


class InvalidTokenFormat(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RejectRequest(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_token_format(token: str) -> None:
    if len(token) not in (CSRF_TOKEN_LENGTH, CSRF_SECRET_LENGTH):
        raise InvalidTokenFormat(REASON_INCORRECT_LENGTH)
    if _INVALID_TOKEN_CHARS.search(token):
        raise InvalidTokenFormat(REASON_INVALID_CHARACTERS)


def _does_token_match(request_csrf_token: str, csrf_secret: str) -> bool:
    """Compare a masked (64) or bare (32 characters) token with the secret."""
    if len(request_csrf_token) == CSRF_TOKEN_LENGTH:
        request_csrf_token = _unmask_cipher_token(request_csrf_token)
    if len(request_csrf_token) != CSRF_SECRET_LENGTH:
        # A caller that skipped _check_token_format: fail loudly, as Django's
        # assert does, but with a raise that python -O cannot strip.
        raise AssertionError(
            f"_does_token_match() got a token of {len(request_csrf_token)} characters; "
            f"check it with _check_token_format() first."
        )
    return constant_time_compare(request_csrf_token, csrf_secret)


class CsrfViewMiddleware(SettingsMiddleware):
    """Checks unsafe requests in ``process_view`` and sets the cookie on the way out."""

    watched_settings = frozenset(
        {
            "CSRF_COOKIE_NAME",
            "CSRF_COOKIE_AGE",
            "CSRF_COOKIE_DOMAIN",
            "CSRF_COOKIE_PATH",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY",
            "CSRF_COOKIE_SAMESITE",
            "CSRF_HEADER_NAME",
            "CSRF_TRUSTED_ORIGINS",
            "CSRF_USE_SESSIONS",
            "CSRF_FAILURE_VIEW",
            "SESSION_COOKIE_DOMAIN",
        }
    )

    def load_settings(self) -> None:
        # PERF: stack. The trusted-origin tables and the failure view are
        # built once rather than per rejected request.
        self.use_sessions: bool = settings.CSRF_USE_SESSIONS
        self.cookie_name: str = settings.CSRF_COOKIE_NAME
        self.cookie_age: int | None = settings.CSRF_COOKIE_AGE
        self.cookie_domain: str | None = settings.CSRF_COOKIE_DOMAIN
        self.cookie_path: str = settings.CSRF_COOKIE_PATH
        self.cookie_secure: bool = settings.CSRF_COOKIE_SECURE
        self.cookie_httponly: bool = settings.CSRF_COOKIE_HTTPONLY
        self.cookie_samesite: str | None = settings.CSRF_COOKIE_SAMESITE
        self.header_name: str = settings.CSRF_HEADER_NAME
        self.session_cookie_domain: str | None = settings.SESSION_COOKIE_DOMAIN
        self._failure_view_path: str = settings.CSRF_FAILURE_VIEW
        self._failure_view: Callable[..., HttpResponseBase] | None = None
        trusted: list[str] = list(settings.CSRF_TRUSTED_ORIGINS)
        for origin in trusted:
            if "://" not in origin:
                raise ImproperlyConfigured(
                    f"CSRF_TRUSTED_ORIGINS entry {origin!r} has no scheme: write it as an "
                    f"origin, for example 'https://{origin.lstrip('.*')}'."
                )
        self.csrf_trusted_origins_hosts = [urlsplit(o).netloc.lstrip("*") for o in trusted]
        self.allowed_origins_exact = {o for o in trusted if "*" not in o}
        subdomains: defaultdict[str, list[str]] = defaultdict(list)
        for parsed in (urlsplit(o) for o in trusted if "*" in o):
            subdomains[parsed.scheme].append(parsed.netloc.lstrip("*"))
        self.allowed_origin_subdomains = dict(subdomains)

    @property
    def failure_view(self) -> Callable[..., HttpResponseBase]:
        # Imported on first rejection, not at start-up: the default view
        # module pulls in the page-rendering code that most requests never need.
        if self._failure_view is None:
            self._failure_view = import_string(self._failure_view_path)
        return self._failure_view

    # -- outcomes -----------------------------------------------------------

    def _accept(self, request: HttpRequest) -> HttpResponseBase | None:
        # Decorated views run the middleware again: this stops a second check.
        request.csrf_processing_done = True  # type: ignore[attr-defined]
        return None

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponseBase | None:
        response = self.failure_view(request, reason=reason)
        log_response(
            "Forbidden (%s): %s",
            reason,
            request.path,
            response=response,
            request=request,
            logger=logger,
        )
        return response

    # -- the secret ---------------------------------------------------------

    def _get_secret(self, request: HttpRequest) -> str | None:
        """The secret the client holds, or None; InvalidTokenFormat if malformed."""
        csrf_secret: str | None
        if self.use_sessions:
            try:
                session = request.session  # type: ignore[attr-defined]
            except AttributeError:
                raise ImproperlyConfigured(
                    "CSRF_USE_SESSIONS is enabled, but request.session is not set. "
                    "SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE."
                ) from None
            csrf_secret = session.get(CSRF_SESSION_KEY)
        else:
            csrf_secret = request.COOKIES.get(self.cookie_name)
            if csrf_secret is not None:
                _check_token_format(csrf_secret)
        if csrf_secret is None:
            return None
        # Older clients may hold a masked secret; accept it, store it bare.
        if len(csrf_secret) == CSRF_TOKEN_LENGTH:
            csrf_secret = _unmask_cipher_token(csrf_secret)
        return csrf_secret

    def _set_csrf_cookie(self, request: HttpRequest, response: HttpResponseBase) -> None:
        secret = request.META["CSRF_COOKIE"]
        if self.use_sessions:
            session = request.session  # type: ignore[attr-defined]
            if session.get(CSRF_SESSION_KEY) != secret:
                session[CSRF_SESSION_KEY] = secret
        else:
            response.set_cookie(
                self.cookie_name,
                secret,
                max_age=self.cookie_age,
                domain=self.cookie_domain,
                path=self.cookie_path,
                secure=self.cookie_secure,
                httponly=self.cookie_httponly,
                samesite=self.cookie_samesite,
            )
            # The body holds a token matching this cookie: caches must key on it.
            patch_vary_headers(response, ("Cookie",))

    # -- checks -------------------------------------------------------------

    def _origin_verified(self, request: HttpRequest) -> bool:
        request_origin: str = request.META["HTTP_ORIGIN"]
        try:
            good_host = request.get_host()
        except DisallowedHost:
            pass
        else:
            good_origin = f"{'https' if request.is_secure() else 'http'}://{good_host}"
            if request_origin == good_origin:
                return True
        if request_origin in self.allowed_origins_exact:
            return True
        try:
            parsed_origin = urlsplit(request_origin)
        except ValueError:
            return False
        return any(
            is_same_domain(parsed_origin.netloc, host)
            for host in self.allowed_origin_subdomains.get(parsed_origin.scheme, ())
        )

    def _check_referer(self, request: HttpRequest) -> None:
        raw_referer = request.META.get("HTTP_REFERER")
        if raw_referer is None:
            raise RejectRequest(REASON_NO_REFERER)
        try:
            referer = urlsplit(raw_referer)
        except ValueError:
            raise RejectRequest(REASON_MALFORMED_REFERER) from None
        if "" in (referer.scheme, referer.netloc):
            raise RejectRequest(REASON_MALFORMED_REFERER)
        # An HTTPS page never posts from plain HTTP: a man in the middle would.
        if referer.scheme != "https":
            raise RejectRequest(REASON_INSECURE_REFERER)
        if any(is_same_domain(referer.netloc, host) for host in self.csrf_trusted_origins_hosts):
            return
        good_referer = self.session_cookie_domain if self.use_sessions else self.cookie_domain
        if good_referer is None:
            try:
                good_referer = request.get_host()
            except DisallowedHost:
                raise RejectRequest(REASON_BAD_REFERER % referer.geturl()) from None
        else:
            server_port = request.get_port()
            if server_port not in ("443", "80"):
                good_referer = f"{good_referer}:{server_port}"
        if not is_same_domain(referer.netloc, good_referer):
            raise RejectRequest(REASON_BAD_REFERER % referer.geturl())

    def _bad_token_message(self, reason: str, token_source: str) -> str:
        if token_source != "POST":
            header_name = HttpHeaders.parse_header_name(token_source)
            token_source = f"the {header_name!r} HTTP header"
        return f"CSRF token from {token_source} {reason}."

    def _check_token(self, request: HttpRequest) -> None:
        try:
            csrf_secret = self._get_secret(request)
        except InvalidTokenFormat as exc:
            raise RejectRequest(f"CSRF cookie {exc.reason}.") from None
        if csrf_secret is None:
            raise RejectRequest(REASON_NO_CSRF_COOKIE)

        request_csrf_token = ""
        if request.method == "POST":
            try:
                request_csrf_token = request.POST.get("csrfmiddlewaretoken", "") or ""
            except UnreadablePostError:
                # The client went away mid-body; the header may still carry a token.
                pass
        if request_csrf_token == "":
            try:
                request_csrf_token = request.META[self.header_name]
            except KeyError:
                raise RejectRequest(REASON_CSRF_TOKEN_MISSING) from None
            token_source = self.header_name
        else:
            token_source = "POST"

        try:
            _check_token_format(request_csrf_token)
        except InvalidTokenFormat as exc:
            raise RejectRequest(self._bad_token_message(exc.reason, token_source)) from None
        if not _does_token_match(request_csrf_token, csrf_secret):
            raise RejectRequest(self._bad_token_message("incorrect", token_source))

    # -- hooks --------------------------------------------------------------

    def process_request(self, request: HttpRequest) -> None:
        if not self.use_sessions and self.cookie_name not in request.COOKIES:
            return None  # PERF: stack. No secret yet: nothing to check or keep.
        try:
            csrf_secret = self._get_secret(request)
        except InvalidTokenFormat:
            # A malformed cookie is replaced rather than trusted or kept.
            _add_new_csrf_cookie(request)
        else:
            if csrf_secret is not None:
                request.META["CSRF_COOKIE"] = csrf_secret
        return None

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if getattr(request, "csrf_processing_done", False):
            return None
        if getattr(callback, "csrf_exempt", False):
            return None
        if request.method in _SAFE_METHODS:
            return self._accept(request)
        if getattr(request, "_dont_enforce_csrf_checks", False):
            # Set by the test client unless it was built with enforce_csrf_checks=True.
            return self._accept(request)

        if "HTTP_ORIGIN" in request.META:
            if not self._origin_verified(request):
                return self._reject(request, REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
        elif request.is_secure():
            try:
                self._check_referer(request)
            except RejectRequest as exc:
                return self._reject(request, exc.reason)

        try:
            self._check_token(request)
        except RejectRequest as exc:
            return self._reject(request, exc.reason)
        return self._accept(request)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            self._set_csrf_cookie(request, response)
            # A decorated view inside the middleware must not set it twice.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return response


__all__ = [
    "CSRF_SESSION_KEY",
    "REASON_BAD_ORIGIN",
    "REASON_BAD_REFERER",
    "REASON_CSRF_TOKEN_MISSING",
    "REASON_INCORRECT_LENGTH",
    "REASON_INSECURE_REFERER",
    "REASON_INVALID_CHARACTERS",
    "REASON_MALFORMED_REFERER",
    "REASON_NO_CSRF_COOKIE",
    "REASON_NO_REFERER",
    "CsrfViewMiddleware",
    "get_token",
    "rotate_token",
]

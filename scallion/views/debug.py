"""Technical error pages, shown only when ``DEBUG = True``.

The handler calls :func:`technical_404_response` and
:func:`technical_500_response` only under ``settings.DEBUG``; with DEBUG off it
uses :mod:`scallion.views.defaults`, which reveal nothing.

The 500 page is built from one plain-data *report* (:func:`build_report`), so
the HTML page, its copy-paste text version and the JSON answer (for clients
whose ``Accept`` prefers ``application/json``) always agree. Building the
report must never fail in its turn: every value is shown through
:func:`safe_repr`, which bounds the length and survives a broken ``__repr__``,
and request data is shown with control characters escaped. The templates live
in this package and are rendered by a private Jinja2 environment, so the pages
work whatever ``TEMPLATES`` says (or when templates are what broke).
"""

from __future__ import annotations

import functools
import inspect
import linecache
import os
import re
import reprlib
import sysconfig
import traceback
from collections.abc import Iterable, Mapping
from types import FrameType, TracebackType
from typing import Any

import jinja2

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from scallion.http.response import HttpResponseBase

#: Names whose values are secret, in settings, headers, cookies and form fields:
#: Django's ``HIDDEN_SETTINGS`` rule. ``HTTP_COOKIE`` (not any name holding
#: ``COOKIE``) so that ``SESSION_COOKIE_AGE`` and the like stay readable.
HIDDEN_SETTINGS = re.compile(
    "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE", flags=re.IGNORECASE
)
#: The password of a URL's userinfo (``redis://:pw@host``, ``postgres://u:pw@db/x``).
#: The search starts from the literal ``://`` (any scheme), which keeps it linear.
URL_PASSWORD = re.compile(r"(?P<before>://[^/?#@:\s]*:)[^/?#@\s]+(?=@)")
#: Modules whose frames handle keys: none of their locals is shown.
KEY_HANDLING_MODULES = ("scallion.core.signing", "scallion.utils.crypto", "hmac", "hashlib")
#: A masked value shorter than this is not searched for in local variables
#: (it would match by accident).
MIN_SECRET_LENGTH = 6
CLEANSED_SUBSTITUTE = "********************"
#: Longest text shown for one value (a local variable, a setting, a header).
MAX_VALUE_LENGTH = 4096
#: Source lines shown either side of each frame's current line.
CONTEXT_LINES = 7
#: Frames shown per exception: the innermost ones are the interesting ones.
MAX_FRAMES = 100

_NEGOTIABLE = ["text/html", "application/json"]


# Text made safe to show ----------------------------------------------------------


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with non-printable characters written as escapes (``\\x1b``, ``\\u202e``).

    Request data can carry terminal escapes or bidi overrides meant to disguise
    what is shown; HTML escaping (autoescape) is applied on top when rendering.
    """
    if text.isprintable():
        return text
    keep = "\n\t" if multiline else ""
    return "".join(
        char if char.isprintable() or char in keep else _escape_char(char) for char in text
    )


def _escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


class _BoundedRepr(reprlib.Repr):
    """``reprlib`` with room for a useful amount of detail; huge containers elided."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = 50
        self.maxdeque = self.maxarray = 50
        self.maxstring = self.maxother = self.maxlong = MAX_VALUE_LENGTH

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception as exc:
            return _unrepresentable(x, exc)
        if len(text) > self.maxother:
            text = f"{text[: self.maxother]}…"
        return text


def _unrepresentable(value: Any, exc: BaseException) -> str:
    try:
        name = type(value).__qualname__
    except Exception:
        name = "object"
    return f"<unrepresentable {name}: repr() raised {type(exc).__name__}>"


_repr = _BoundedRepr()


def safe_repr(value: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    """A bounded, printable ``repr``; a broken ``__repr__`` is reported, not raised."""
    try:
        text = _repr.repr(value)
    except Exception as exc:
        text = _unrepresentable(value, exc)
    if len(text) > limit:
        text = f"{text[:limit]}… <trimmed, {len(text)} characters in all>"
    return visible(text)


def safe_str(value: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    try:
        text = str(value)
    except Exception as exc:
        text = f"<str() raised {type(exc).__name__}>"
    if len(text) > limit:
        text = f"{text[:limit]}… <trimmed, {len(text)} characters in all>"
    return visible(text, multiline=True)


# Masking -------------------------------------------------------------------------


def cleanse(name: Any, value: Any) -> Any:
    """``value``, masked if ``name`` is secret; URL passwords masked; containers inside.

    A name is secret by Django's rule (:data:`HIDDEN_SETTINGS`), or when it is
    the name of the session or CSRF cookie.
    """
    try:
        if isinstance(name, str) and (
            HIDDEN_SETTINGS.search(name) or name in _secret_cookie_names()
        ):
            return CLEANSED_SUBSTITUTE
        if isinstance(value, str):
            return mask_url_passwords(value)
        if isinstance(value, Mapping):
            return {k: cleanse(k, v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(cleanse(None, item) for item in value)
    except Exception:
        return CLEANSED_SUBSTITUTE  # when in doubt, hide it
    return value


def mask_url_passwords(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` masked."""
    if "://" not in text or "@" not in text:
        return text
    return URL_PASSWORD.sub(rf"\g<before>{CLEANSED_SUBSTITUTE}", text)


def url_passwords(text: str) -> list[str]:
    """The passwords of the ``scheme://user:password@`` URLs in ``text``."""
    if "://" not in text or "@" not in text:
        return []
    return [m.group(0)[len(m.group("before")) :] for m in URL_PASSWORD.finditer(text)]


def _secret_cookie_names() -> tuple[str, str]:
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)


def secret_values(request: HttpRequest | None) -> set[str]:
    """The secrets that may also sit in local variables: keys, masked settings, cookies.

    ``SECRET_KEY`` and its fallbacks, every string value a setting's name masks,
    URL passwords, and the session and CSRF cookie values of ``request``.
    """
    found: set[str] = set()

    def collect(name: Any, value: Any, hidden: bool) -> None:
        hidden = hidden or (isinstance(name, str) and bool(HIDDEN_SETTINGS.search(name)))
        if isinstance(value, str):
            if hidden:
                found.add(value)
            found.update(url_passwords(value))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                collect(key, item, hidden)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(None, item, hidden)

    try:
        names = [name for name in dir(settings) if name.isupper()]
    except Exception:  # the settings themselves failed (the start-up page)
        names = []
    for name in names:
        try:
            collect(name, getattr(settings, name, None), False)
        except Exception:
            continue
    if request is not None:
        try:
            cookies = request.COOKIES
            found.update(cookies[name] for name in _secret_cookie_names() if name in cookies)
        except Exception:
            pass
    return {value for value in found if len(value) >= MIN_SECRET_LENGTH}


def mask_frame_locals(exceptions: list[dict[str, Any]], secrets: set[str]) -> None:
    """Hide the locals of key-handling frames, and any local showing a secret value.

    A module's top-level frame (a settings module that failed to import, say)
    has its globals as locals: those are masked by name, as settings are.
    """
    spellings = secrets | {repr(secret)[1:-1] for secret in secrets}
    for exception in exceptions:
        for frame in exception["frames"]:
            module = frame["module"]
            every_local = any(
                module == name or module.startswith(f"{name}.") for name in KEY_HANDLING_MODULES
            )
            module_level = frame["function"] == "<module>"
            shown = []
            for name, value in frame["locals"]:
                value = mask_url_passwords(value)
                if (
                    every_local
                    or (module_level and HIDDEN_SETTINGS.search(name))
                    or any(secret in value for secret in spellings)
                ):
                    value = CLEANSED_SUBSTITUTE
                shown.append((name, value))
            frame["locals"] = shown


def settings_report() -> list[tuple[str, str]]:
    """Every upper-case setting, secrets masked, as ``(name, repr)`` pairs."""
    rows = []
    for name in sorted(dir(settings)):
        if name.isupper():
            rows.append((name, safe_repr(cleanse(name, getattr(settings, name, None)))))
    return rows


# The report ----------------------------------------------------------------------


def build_report(
    request: HttpRequest | None,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: TracebackType | None,
) -> dict[str, Any]:
    """Everything the 500 page shows, as plain data (strings, lists, dicts)."""
    if exc_value is None and exc_type is not None:
        exc_value = exc_type()
    report: dict[str, Any] = {
        "exception_type": exc_type.__qualname__ if exc_type else "Report",
        "exception_module": exc_type.__module__ if exc_type else "",
        # A template error's message without the "Template: <file>," prefix: the
        # template section shows the file (Django's raw_error_message).
        "exception_value": safe_str(getattr(exc_value, "raw_error_message", exc_value))
        if exc_value is not None
        else "No exception",
        "exceptions": _exception_chain(exc_value, tb) if exc_value is not None else [],
        "template_debug": _template_debug(exc_value),
        "request": _request_report(request) if request is not None else None,
        "settings": settings_report(),
    }
    mask_frame_locals(report["exceptions"], secret_values(request))
    frames = report["exceptions"][-1]["frames"] if report["exceptions"] else []
    report["location"], report["raised_inside"] = _location(frames, request)
    return report


def startup_failure_html(
    exc: BaseException | None, checks: Iterable[Any] = (), debug: bool = False
) -> str:
    """The page the development server answers with when the project fails to start.

    ``exc`` is what the start-up raised (the settings, the URLconf or building the
    handler), ``checks`` the serious system-check messages that stopped it; ``debug``
    says whether the settings loaded with DEBUG on (else they could not be read).
    The page shows no settings: they are not what failed, and when the settings
    module itself failed, reading them would run it again.
    """
    report: dict[str, Any] = {
        "exception_type": type(exc).__qualname__ if exc is not None else "",
        "exception_module": type(exc).__module__ if exc is not None else "",
        "exception_value": safe_str(exc) if exc is not None else "",
        "exceptions": _exception_chain(exc, exc.__traceback__) if exc is not None else [],
        "template_debug": _template_debug(exc),
        "checks": [
            {
                "level": visible(str(getattr(message, "level_name", "ERROR"))),
                "id": visible(str(getattr(message, "id", "") or "")),
                "msg": safe_str(getattr(message, "msg", message)),
                "hint": safe_str(getattr(message, "hint", "") or ""),
            }
            for message in checks
        ],
        "why": "DEBUG = True in your settings"
        if debug
        else "the settings could not be read, and it listens on a loopback address only",
    }
    mask_frame_locals(report["exceptions"], secret_values(None))
    frames = report["exceptions"][-1]["frames"] if report["exceptions"] else []
    report["location"], report["raised_inside"] = _location(frames, None)
    try:
        return _render("technical_startup.html", report=report)
    except Exception as failure:
        return _fallback_page(type(exc), exc, getattr(exc, "__traceback__", None), failure)


def _location(frames: list[dict[str, Any]], request: HttpRequest | None) -> tuple[str, str]:
    """Where the error comes from in the project's code, and the library frame that raised.

    The innermost frame is often scallion's or a library's (``reverse()`` raising
    NoReverseMatch for a template's ``url()``, the handler finding that a view
    returned None): "Raised at" names the innermost frame of the project instead
    (a template line, the view), and the library frame comes second. When no
    frame is the project's, the view that handled the request is named.
    """
    if not frames:
        return "", ""
    innermost = _frame_location(frames[-1])
    if not frames[-1]["library"]:
        return innermost, ""
    for frame in reversed(frames):
        if not frame["library"]:
            return _frame_location(frame), innermost
    view = _view_location(request)
    return (view, innermost) if view else (innermost, "")


def _frame_location(frame: Mapping[str, Any]) -> str:
    return f"{frame['filename']}, line {frame['lineno']}, in {frame['function']}"


def _view_location(request: HttpRequest | None) -> str:
    """``file, line N, in name (the view)`` for the request's view, or ``""``."""
    match = getattr(request, "resolver_match", None)
    func = getattr(match, "func", None)
    if func is None:
        return ""
    try:
        target = getattr(func, "view_class", None) or inspect.unwrap(func)
        filename = inspect.getsourcefile(target)
        _, lineno = inspect.getsourcelines(target)
    except (TypeError, OSError, ValueError):
        return ""
    if not filename or _is_library(filename):
        return ""
    name = getattr(target, "__qualname__", None) or type(target).__qualname__
    return visible(f"{filename}, line {lineno}, in {name} (the view)")


def _exception_chain(exc: BaseException, tb: TracebackType | None) -> list[dict[str, Any]]:
    """The exceptions that led to ``exc`` (causes first), each with its frames."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    relation = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, relation))
        if current.__cause__ is not None:
            current, relation = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, relation = current.__context__, "context"
        else:
            current = None
    result = []
    for item, relation in reversed(chain):
        item_tb = tb if item is exc else item.__traceback__
        frames = _frames(item_tb)
        result.append(
            {
                "type": type(item).__qualname__,
                "value": safe_str(item),
                # How this exception relates to the *next* one in the list.
                "leads_to": relation,
                "frames": frames,
                "runs": _frame_runs(frames),
            }
        )
    return result


def _frame_runs(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The frames in runs: two or more library frames in a row fold into one line.

    The innermost frame always stands alone (and open): it is where the exception
    was raised, whoever's code it is.
    """
    runs: list[dict[str, Any]] = []
    for index, frame in enumerate(frames):
        frame["last"] = index == len(frames) - 1
        folded = frame["library"] and not frame["last"]
        if runs and runs[-1]["library"] == folded and folded:
            runs[-1]["frames"].append(frame)
        else:
            runs.append({"library": folded, "frames": [frame]})
    for run in runs:
        run["folded"] = run["library"] and len(run["frames"]) > 1
    return runs


def _frames(tb: TracebackType | None) -> list[dict[str, Any]]:
    frames = []
    for frame, lineno in traceback.walk_tb(tb):
        frames.append(_frame_report(frame, lineno))
    if len(frames) > MAX_FRAMES:
        frames = frames[-MAX_FRAMES:]
    return frames


def _frame_report(frame: FrameType, lineno: int) -> dict[str, Any]:
    code = frame.f_code
    filename = code.co_filename
    module = frame.f_globals.get("__name__", "") if isinstance(frame.f_globals, dict) else ""
    context = []
    for number in range(max(lineno - CONTEXT_LINES, 1), lineno + CONTEXT_LINES + 1):
        line = linecache.getline(filename, number, frame.f_globals)
        if not line and number > lineno:
            break
        context.append({"lineno": number, "line": visible(line.rstrip("\n"), multiline=True)})
    try:
        local_items = list(frame.f_locals.items())
    except Exception:
        local_items = []
    return {
        "filename": visible(filename),
        "module": visible(str(module)),
        "function": visible(code.co_name),
        "lineno": lineno,
        "context": context,
        "library": _is_library(filename),
        "locals": [(visible(str(name)), safe_repr(value)) for name, value in local_items],
    }


def _is_library(filename: str) -> bool:
    """Frames of installed packages, the standard library and scallion are folded by default."""
    return (
        f"{os.sep}site-packages{os.sep}" in filename
        or filename.startswith(_LIBRARY_DIRS)
        or filename.startswith("<frozen ")  # the import machinery
    )


_SCALLION_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_LIBRARY_DIRS = (
    _SCALLION_DIR,
    *{os.path.join(sysconfig.get_paths()[key], "") for key in ("stdlib", "platstdlib")},
)


def _template_debug(exc: BaseException | None) -> dict[str, Any] | None:
    """The ``template_debug`` dict of a template syntax error, made safe to show."""
    info = getattr(exc, "template_debug", None)
    if not isinstance(info, Mapping):
        return None
    try:
        lines = [
            (int(number), visible(str(text), multiline=True))
            for number, text in info.get("source_lines") or []
        ]
        report = {
            "name": visible(str(info.get("name") or "")),
            "line": info.get("line"),
            "message": safe_str(info.get("message") or ""),
            "source_lines": lines,
        }
        # The Django language also says which part of the line is the faulty tag.
        if isinstance(info.get("during"), str) and info["during"]:
            report["before"] = visible(str(info.get("before") or ""), multiline=True)
            report["during"] = visible(info["during"], multiline=True)
            report["after"] = visible(str(info.get("after") or ""), multiline=True)
        return report
    except Exception:
        return None


def _request_report(request: HttpRequest) -> dict[str, Any]:
    def pairs(items: Iterable[tuple[Any, Any]], mask: bool = True) -> list[tuple[str, str]]:
        return [
            (
                visible(str(key)),
                safe_repr(cleanse(key, value) if mask else value),
            )
            for key, value in items
        ]

    report: dict[str, Any] = {
        "method": visible(str(request.method)),
        "path": visible(request.path),
    }
    try:
        report["url"] = visible(request.build_absolute_uri())
    except Exception:  # e.g. a DisallowedHost: the page must still render
        report["url"] = visible(request.get_full_path())
    report["GET"] = _multi(request.GET, pairs)
    report["POST"], report["FILES"] = _body_report(request, pairs)
    report["COOKIES"] = pairs(sorted(request.COOKIES.items()))
    report["META"] = pairs(
        sorted((k, v) for k, v in request.META.items() if isinstance(k, str)), mask=True
    )
    return report


def _multi(data: Any, pairs: Any) -> list[tuple[str, str]]:
    try:
        return pairs((key, data.getlist(key)) for key in data)  # type: ignore[no-any-return]
    except Exception as exc:
        return [("<error>", safe_str(exc))]


def _body_report(request: HttpRequest, pairs: Any) -> tuple[Any, Any]:
    """POST and FILES, or a note: reading a bad body must not break the page."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return [], []
    try:
        post, files = request.POST, request.FILES
    except Exception as exc:
        note = [("<unreadable body>", safe_str(exc))]
        return note, []
    file_rows = []
    for key in files:
        for upload in files.getlist(key):
            description = (
                f"{getattr(upload, 'name', '?')} "
                f"({getattr(upload, 'content_type', '?')}, {getattr(upload, 'size', '?')} bytes)"
            )
            file_rows.append((visible(str(key)), visible(description)))
    return _multi(post, pairs), file_rows


# Rendering ---------------------------------------------------------------------


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template_name: str, **context: Any) -> str:
    return _environment().get_template(template_name).render(**context)


def _wants_json(request: HttpRequest) -> bool:
    try:
        return request.get_preferred_type(_NEGOTIABLE) == "application/json"
    except Exception:
        return False


def technical_500_response(
    request: HttpRequest,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: TracebackType | None,
    status_code: int = 500,
) -> HttpResponseBase:
    """The exception, its traceback with locals, the request and the settings (DEBUG only)."""
    try:
        report = build_report(request, exc_type, exc_value, tb)
        if _wants_json(request):
            return JsonResponse({"error": report}, status=status_code)
        text = _render("technical_500.txt", report=report)
        body = _render("technical_500.html", report=report, text=text, status_code=status_code)
    except Exception as failure:
        # The rich page failed (a bug here must not hide the original error):
        # fall back to the bare traceback, escaped.
        body = _fallback_page(exc_type, exc_value, tb, failure)
    return HttpResponse(body, status=status_code, content_type="text/html; charset=utf-8")


class ExceptionReporter:
    """Django's name for what builds the technical 500 page.

    ``get_traceback_data()`` is the report (``build_report``) with Django's
    keys too (``exception_value`` without a template error's file prefix,
    ``template_info``); ``get_traceback_html()`` and ``get_traceback_text()``
    are the page and its text version.
    """

    def __init__(
        self,
        request: HttpRequest | None,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
        is_email: bool = False,
    ) -> None:
        self.request = request
        self.exc_type = exc_type
        self.exc_value = exc_value
        self.tb = tb
        self.is_email = is_email

    def get_traceback_data(self) -> dict[str, Any]:
        report = build_report(self.request, self.exc_type, self.exc_value, self.tb)
        return {**report, "template_info": report["template_debug"], "is_email": self.is_email}

    def get_traceback_html(self) -> str:
        report = build_report(self.request, self.exc_type, self.exc_value, self.tb)
        text = _render("technical_500.txt", report=report)
        return _render("technical_500.html", report=report, text=text, status_code=500)

    def get_traceback_text(self) -> str:
        report = build_report(self.request, self.exc_type, self.exc_value, self.tb)
        return _render("technical_500.txt", report=report)


def _fallback_page(exc_type: Any, exc_value: Any, tb: Any, failure: Exception) -> str:
    import html

    try:
        text = "".join(traceback.format_exception(exc_type, exc_value, tb))
    except Exception:
        text = "(the traceback could not be formatted)"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Server error"
        "</title></head><body><h1>Server error</h1><pre>"
        f"{html.escape(visible(text, multiline=True))}</pre><p>The debug page itself failed: "
        f"{html.escape(safe_str(failure))}</p></body></html>"
    )


def technical_404_response(request: HttpRequest, exception: Exception) -> HttpResponseBase:
    """The URL patterns tried, or the message of an ``Http404`` raised in a view (DEBUG only)."""
    info = exception.args[0] if exception.args else None
    tried_rows: list[dict[str, Any]] = []
    resolver_failed = isinstance(info, Mapping) and "tried" in info
    if resolver_failed:
        path = request.path_info
        reason = ""
        for entry in info.get("tried") or []:  # type: ignore[union-attr]
            chain = entry if isinstance(entry, list | tuple) else [entry]
            tried_rows.append(
                {
                    "pattern": visible(
                        "".join(str(getattr(item, "pattern", item)) for item in chain)
                    ),
                    "name": visible(str(getattr(chain[-1], "name", "") or "")) if chain else "",
                }
            )
    else:
        path = request.path_info
        reason = safe_str(info) if info is not None else ""
    match = getattr(request, "resolver_match", None)
    raised_by = visible(str(getattr(match, "_func_path", "") or "")) if match else ""
    context = {
        "url": visible(_safe_url(request)),
        "path": visible(path),
        "method": visible(str(request.method)),
        "tried": tried_rows,
        "resolver_failed": resolver_failed,
        "reason": reason,
        "raised_by": raised_by,
        "urlconf": visible(str(getattr(request, "urlconf", None) or settings.ROOT_URLCONF)),
    }
    if _wants_json(request):
        return JsonResponse({"error": {"status": 404, **context}}, status=404)
    return HttpResponseNotFound(
        _render("technical_404.html", **context), content_type="text/html; charset=utf-8"
    )


def _safe_url(request: HttpRequest) -> str:
    try:
        return request.build_absolute_uri()
    except Exception:
        return request.get_full_path()

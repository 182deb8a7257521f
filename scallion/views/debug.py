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
import html
import inspect
import linecache
import os
import pprint
import re
import reprlib
import sys
import sysconfig
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
import markupsafe

from scallion import __version__
from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from scallion.http.response import HttpResponseBase
from scallion.utils.module_loading import import_string
from scallion.views.debug_filter import (
    CallableSettingWrapper,
    SafeExceptionReporterFilter,
    get_default_exception_reporter_filter,
    get_exception_reporter_filter,
)
from scallion.views.decorators.csp import csp_override, csp_report_only_override
from scallion.views.decorators.debug import ALL, is_wrapper_frame, sensitive_variables_of

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

__all__ = [
    "CallableSettingWrapper",
    "ExceptionCycleWarning",
    "ExceptionReporter",
    "SafeExceptionReporterFilter",
    "build_report",
    "default_urlconf",
    "get_default_exception_reporter_filter",
    "get_exception_reporter_class",
    "get_exception_reporter_filter",
    "startup_failure_html",
    "technical_404_response",
    "technical_500_response",
]


# Text made safe to show ----------------------------------------------------------


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with non-printable characters written as escapes (``\\x1b``, ``\\u202e``).

    Request data can carry terminal escapes or bidi overrides meant to disguise
    what is shown; HTML escaping (autoescape) is applied on top when rendering.
    """
    # A str subclass marked safe (SafeString, markupsafe.Markup) would reach the page
    # unescaped: every shown text is made a plain str first.
    text = str.__str__(text)
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
        # The outermost value is trimmed by safe_repr(), which knows the limit asked for.
        if level < self.maxlevel and len(text) > self.maxother:
            text = _trimmed(text, self.maxother)
        return text


def _trimmed(text: str, limit: int) -> str:
    """``text`` cut at ``limit``, saying how long it was (in the words of Django's page)."""
    return f"{text[:limit]}… <trimmed {len(text)} bytes string>"


def _unrepresentable(value: Any, exc: BaseException) -> str:
    try:
        name = type(value).__qualname__
    except Exception:
        name = "object"
    # Django's page opens with "Error in formatting"; the rest names the culprit.
    return f"Error in formatting: <unrepresentable {name}: repr() raised {type(exc).__name__}>"


_repr = _BoundedRepr()


def safe_repr(value: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    """A bounded, printable ``repr``; a broken ``__repr__`` is reported, not raised."""
    try:
        text = _repr.repr(value)
    except Exception as exc:
        text = _unrepresentable(value, exc)
    if len(text) > limit:
        text = _trimmed(text, limit)
    return visible(text)


def safe_str(value: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    try:
        text = str(value)
    except Exception as exc:
        text = f"<str() raised {type(exc).__name__}>"
    if len(text) > limit:
        text = _trimmed(text, limit)
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
        else "No exception message supplied",
        "exceptions": _exception_chain(exc_value, tb) if exc_value is not None else [],
        "template_debug": _template_debug(exc_value),
        "request": _request_report(request) if request is not None else None,
        "settings": settings_report(),
    }
    mask_frame_locals(report["exceptions"], secret_values(request))
    frames = report["exceptions"][-1]["frames"] if report["exceptions"] else []
    report["location"], report["raised_inside"] = _location(frames, request)
    _add_summary(report, request, exc_type, exc_value, frames)
    return report


def _add_summary(
    report: dict[str, Any],
    request: HttpRequest | None,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    frames: list[dict[str, Any]],
) -> None:
    """The summary table's rows under the labels Django's page uses (and tests for)."""
    from scallion.utils import timezone

    notes = getattr(exc_value, "__notes__", None)
    report["exception_notes"] = (
        "\n" + "\n".join(safe_str(note) for note in notes) if isinstance(notes, list) else ""
    )
    report["has_value"] = exc_value is not None
    report["last_frame"] = frames[-1] if frames else None
    report["raised_during"] = visible(_caller(request)) if request is not None else ""
    report["python_version"] = "{}.{}.{}".format(*sys.version_info[:3])
    report["server_time"] = str(timezone.now())
    report["settings_module"] = visible(str(os.environ.get("SCALLION_SETTINGS_MODULE", "")))
    report["unicode_hint"] = ""
    if isinstance(exc_value, UnicodeError):
        start, end = getattr(exc_value, "start", None), getattr(exc_value, "end", None)
        obj = getattr(exc_value, "object", None)
        if isinstance(start, int) and isinstance(end, int) and obj is not None:
            hint = obj[max(start - 5, 0) : min(end + 5, len(obj))]
            if isinstance(hint, bytes):
                hint = hint.decode("ascii", errors="replace")
            report["unicode_hint"] = visible(str(hint))


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
    if not any(entry["line"] for entry in context):
        context = []  # no source (code built at run time): the report says so
    try:
        local_items = list(frame.f_locals.items())
    except Exception:
        local_items = []
    local_items = _mask_marked_locals(frame, local_items)
    return {
        "filename": visible(filename),
        "module": visible(str(module)),
        "function": visible(code.co_name),
        "lineno": lineno,
        "id": id(frame),
        "context": context,
        "library": _is_library(filename),
        "locals": [(visible(str(name)), safe_repr(value)) for name, value in local_items],
    }


def _mask_marked_locals(frame: FrameType, items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The locals with those ``@sensitive_variables`` marks masked, DEBUG or not.

    The decorator's own frame holds the function's arguments: those are masked too.
    """
    marked = sensitive_variables_of(frame)
    if is_wrapper_frame(frame):
        marked = ALL
    if not marked:
        return items
    return [
        (name, CLEANSED_SUBSTITUTE if marked == ALL or name in marked else value)
        for name, value in items
    ]


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
        "user": _request_user(request),
    }
    try:
        report["url"] = visible(request.build_absolute_uri())
    except Exception:  # e.g. a DisallowedHost: the page names the host that was refused
        try:
            raw_host = request._get_raw_host()
        except Exception:
            raw_host = ""
        report["url"] = visible(f"{request.scheme}://{raw_host}{request.get_full_path()}")
    report["GET"] = _multi(request.GET, pairs)
    report["POST"], report["FILES"] = _body_report(request, pairs)
    report["COOKIES"] = pairs(sorted(request.COOKIES.items()))
    report["META"] = pairs(
        sorted((k, v) for k, v in request.META.items() if isinstance(k, str)), mask=True
    )
    return report


def _request_user(request: HttpRequest) -> str | None:
    """``str(request.user)`` when the request has a user; a note if that fails."""
    if not hasattr(request, "user"):
        return None
    try:
        return visible(str(request.user))
    except Exception:
        return "[unable to retrieve the current user]"


def _multi(data: Any, pairs: Any) -> list[tuple[str, str]]:
    try:
        # A key's last value, as ``QueryDict.items()`` gives it (Django's page too).
        return pairs(data.items())  # type: ignore[no-any-return]
    except Exception as exc:
        return [("<error>", safe_str(exc))]


def _unreadable_note(exc: Exception) -> list[tuple[str, str]]:
    """What the report shows for a form that cannot be read (the body was cut short)."""
    return [("<unreadable body>", safe_str(exc))]


def _form_items(read: Callable[[], Any]) -> list[tuple[Any, Any]]:
    """The items of the form ``read`` gives, or a note: a bad body must not break the report."""
    try:
        return list(read().items())
    except Exception as exc:
        return _unreadable_note(exc)


def _body_report(request: HttpRequest, pairs: Any) -> tuple[Any, Any]:
    """POST and FILES, or a note: reading a bad body must not break the page."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return [], []
    try:
        post, files = request.POST, request.FILES
    except Exception as exc:
        return _unreadable_note(exc), []
    file_rows = []
    for key in files:
        for upload in files.getlist(key):
            # The upload's repr names its class, file name and type, as on Django's page.
            file_rows.append((visible(str(key)), safe_repr(upload)))
    marked = getattr(request, "sensitive_post_parameters", None)
    if marked:
        post = post.copy()
        for name in list(post) if marked == ALL else marked:
            if name in post:
                post.setlist(name, [CLEANSED_SUBSTITUTE])
    return _multi(post, pairs), file_rows


# Rendering ---------------------------------------------------------------------


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_escape_as_django,
    )
    environment.filters["element_text"] = _element_text
    return environment


def _element_text(text: str) -> markupsafe.Markup:
    """``text`` escaped for an element's content: ``&``, ``<`` and ``>`` (quotes only
    matter inside attributes), so the copy-paste traceback reads as Django's does."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return markupsafe.Markup(escaped)


@jinja2.pass_eval_context
def _escape_as_django(eval_context: Any, value: Any) -> Any:
    """Escape as Django's templates do (``&#x27;``, not markupsafe's ``&#39;``): pages
    and tests that look for an escaped quote find the same text."""
    if not eval_context.autoescape or isinstance(value, markupsafe.Markup):
        return value
    return markupsafe.Markup(html.escape(str(value)))


def _render(template_name: str, **context: Any) -> str:
    return _environment().get_template(template_name).render(**context)


def _wants_json(request: HttpRequest) -> bool:
    try:
        return request.get_preferred_type(_NEGOTIABLE) == "application/json"
    except Exception:
        return False


# The debug pages style themselves inline, which a site's policy would block:
# they are sent without Content-Security-Policy headers (they exist in DEBUG only).
@csp_override({})
@csp_report_only_override({})
def technical_500_response(
    request: HttpRequest,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: TracebackType | None,
    status_code: int = 500,
) -> HttpResponseBase:
    """The exception, its traceback with locals, the request and the settings (DEBUG only).

    A project's own reporter (``request.exception_reporter_class`` or
    ``DEFAULT_EXCEPTION_REPORTER``) writes the page instead: its HTML, or its text
    for a client that prefers ``text/plain``, as in Django.
    """
    reporter_class = get_exception_reporter_class(request)
    if reporter_class is not ExceptionReporter:
        return _own_reporter_response(reporter_class, request, exc_type, exc_value, tb, status_code)
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


def _own_reporter_response(
    reporter_class: type[ExceptionReporter],
    request: HttpRequest,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: TracebackType | None,
    status_code: int,
) -> HttpResponse:
    reporter = reporter_class(request, exc_type, exc_value, tb)
    if request.get_preferred_type(["text/html", "text/plain"]) == "text/html":
        return HttpResponse(
            reporter.get_traceback_html(), status=status_code, content_type="text/html"
        )
    return HttpResponse(
        reporter.get_traceback_text(), status=status_code, content_type="text/plain; charset=utf-8"
    )


def _fallback_page(exc_type: Any, exc_value: Any, tb: Any, failure: Exception) -> str:
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


@csp_override({})
@csp_report_only_override({})
def technical_404_response(request: HttpRequest, exception: Exception) -> HttpResponseBase:
    """The URL patterns tried, or the message of an ``Http404`` raised in a view (DEBUG only)."""
    info = exception.args[0] if exception.args else None
    tried_rows: list[dict[str, Any]] = []
    resolver_failed = isinstance(info, Mapping) and "tried" in info
    match = getattr(request, "resolver_match", None)
    path = request.path_info
    if resolver_failed:
        reason = ""
        tried = info.get("tried") or []  # type: ignore[union-attr]
    else:
        # A view raised Http404: the patterns up to the one that matched, as Django shows.
        reason = safe_str(info) if info is not None else ""
        try:
            tried = (getattr(match, "tried", None) or []) if match else []
        except Exception:
            tried = []
    for entry in tried:
        chain = entry if isinstance(entry, list | tuple) else [entry]
        tried_rows.append(
            {
                "pattern": visible("".join(str(getattr(item, "pattern", item)) for item in chain)),
                "name": visible(str(getattr(chain[-1], "name", "") or "")) if chain else "",
            }
        )
    raised_by = visible(str(getattr(match, "_func_path", "") or "")) if match else ""
    context = {
        "url": visible(_safe_url(request)),
        "path": visible(path),
        # The path as the resolver matched it, without the leading slash ("" for the root).
        "unmatched": visible(_unmatched_path(info, path)),
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


def _unmatched_path(info: Any, path: str) -> str:
    """The path the resolver could not match, as it names it (no leading slash)."""
    named = info.get("path") if isinstance(info, Mapping) else None
    if isinstance(named, str):
        return named
    return path[1:] if path.startswith("/") else path


def _safe_url(request: HttpRequest) -> str:
    try:
        return request.build_absolute_uri()
    except Exception:
        return request.get_full_path()


# Django's reporter API ----------------------------------------------------------


class ExceptionCycleWarning(UserWarning):
    """An exception's chain of causes leads back to itself; the report stops there."""


_TEMPLATES = Path(__file__).resolve().parent / "templates"


def get_exception_reporter_class(request: Any) -> type[ExceptionReporter]:
    """The request's ``exception_reporter_class``, else ``DEFAULT_EXCEPTION_REPORTER``."""
    default = import_string(settings.DEFAULT_EXCEPTION_REPORTER)
    return getattr(request, "exception_reporter_class", default)  # type: ignore[no-any-return]


class ExceptionReporter:
    """One exception's report, as data, HTML or text: Django's class, for projects' own reports.

    The HTML and text are scallion's 500 page and its text version; a subclass
    that names templates of its own (``html_template_path``,
    ``text_template_path``) gets them rendered with the Django template
    language over :meth:`get_traceback_data`, as in Django.
    """

    @property
    def html_template_path(self) -> Path:
        return _TEMPLATES / "technical_500.html"

    @property
    def text_template_path(self) -> Path:
        return _TEMPLATES / "technical_500.txt"

    def __init__(
        self,
        request: HttpRequest | None,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
        is_email: bool = False,
    ) -> None:
        self.request = request
        self.filter = get_exception_reporter_filter(request)
        self.exc_type = exc_type
        self.exc_value = exc_value
        self.tb = tb
        self.is_email = is_email
        self.template_info = getattr(exc_value, "template_debug", None)
        self.template_does_not_exist = False
        self.postmortem: list[Any] | None = None

    def _get_raw_insecure_uri(self) -> str:
        """The request's URL from its own Host header, ALLOWED_HOSTS not consulted."""
        assert self.request is not None
        return (
            f"{self.request.scheme}://{self.request._get_raw_host()}{self.request.get_full_path()}"
        )

    def get_traceback_data(self) -> dict[str, Any]:
        """What the report shows, under Django's names (for templates of one's own)."""
        from scallion.template.exceptions import TemplateDoesNotExist
        from scallion.utils import timezone
        from scallion.utils.version import get_version

        if self.exc_type is not None and issubclass(self.exc_type, TemplateDoesNotExist):
            self.template_does_not_exist = True
            self.postmortem = getattr(self.exc_value, "chain", None) or [self.exc_value]
        frames = self.get_traceback_frames()
        for frame in frames:
            if "vars" in frame:
                frame["vars"] = [(name, _shown_value(value)) for name, value in frame["vars"]]
        request = self.request
        data: dict[str, Any] = {
            "is_email": self.is_email,
            "unicode_hint": self._unicode_hint(),
            "frames": frames,
            "request": request,
            "request_meta": self.filter.get_safe_request_meta(request),
            "request_COOKIES_items": self.filter.get_safe_cookies(request).items(),
            "user_str": self._user_str(),
            "filtered_POST_items": _form_items(lambda: self.filter.get_post_parameters(request)),
            "settings": self.filter.get_safe_settings(),
            "sys_executable": sys.executable,
            "sys_version_info": "{}.{}.{}".format(*sys.version_info[:3]),
            "server_time": timezone.now(),
            "django_version_info": get_version(),
            "sys_path": sys.path,
            "template_info": self.template_info,
            "template_does_not_exist": self.template_does_not_exist,
            "postmortem": self.postmortem,
        }
        if request is not None:
            data["request_GET_items"] = request.GET.items()
            data["request_FILES_items"] = _form_items(lambda: request.FILES)
            data["request_insecure_uri"] = self._get_raw_insecure_uri()
            data["raising_view_name"] = _caller(request)
        if self.exc_type is not None:
            data["exception_type"] = self.exc_type.__name__
        if self.exc_value is not None:
            data["exception_value"] = getattr(self.exc_value, "raw_error_message", self.exc_value)
            notes = getattr(self.exc_value, "__notes__", None)
            if notes:
                data["exception_notes"] = "\n" + "\n".join(notes)
        if frames:
            data["lastframe"] = frames[-1]
        return data

    def _unicode_hint(self) -> str:
        if self.exc_type is None or not issubclass(self.exc_type, UnicodeError):
            return ""
        start = getattr(self.exc_value, "start", None)
        end = getattr(self.exc_value, "end", None)
        args: tuple[Any, ...] = tuple(getattr(self.exc_value, "args", ()))
        if start is None or end is None or len(args) < 2:
            return ""
        text = args[1][max(start - 5, 0) : min(end + 5, len(args[1]))]
        if isinstance(text, bytes):
            return text.decode("ascii", errors="replace")
        return str(text)

    def _user_str(self) -> str | None:
        if self.request is None:
            return None
        try:
            return str(self.request.user)  # type: ignore[attr-defined]
        except Exception:
            return "[unable to retrieve the current user]"

    def get_traceback_html(self) -> str:
        """The HTML report: scallion's 500 page, or the subclass's own template."""
        if Path(self.html_template_path) == _TEMPLATES / "technical_500.html":
            report = self._report()
            text = _render("technical_500.txt", report=report)
            return _render("technical_500.html", report=report, text=text, status_code=500)
        return self._render_own(self.html_template_path, autoescape=True)

    def get_traceback_text(self) -> str:
        """The plain-text report: scallion's, or the subclass's own template."""
        if Path(self.text_template_path) == _TEMPLATES / "technical_500.txt":
            return _render("technical_500.txt", report=self._report())
        return self._render_own(self.text_template_path, autoescape=False)

    def _report(self) -> dict[str, Any]:
        """scallion's report; a message given instead of an exception is its value."""
        exc_value: Any = self.exc_value
        if exc_value is None or isinstance(exc_value, BaseException):
            return build_report(self.request, self.exc_type, exc_value, self.tb)
        report = build_report(self.request, self.exc_type, None, self.tb)
        report["exception_value"] = safe_str(exc_value)
        report["has_value"] = True
        return report

    def _render_own(self, path: Path | str, autoescape: bool) -> str:
        from scallion.template.context import Context
        from scallion.template.engine import Engine

        source = Path(path).read_text(encoding="utf-8")
        template = Engine(debug=True, libraries={}).from_string(source)
        return str(template.render(Context(self.get_traceback_data(), autoescape=autoescape)))

    def _get_lines_from_file(
        self,
        filename: str,
        lineno: int,
        context_lines: int,
        loader: Any = None,
        module_name: str | None = None,
    ) -> tuple[int | None, list[str], str | None, list[str]]:
        """``(first line's index, lines before, the line, lines after)`` around ``lineno``.

        ``lineno`` counts from 0. The source comes from the module's loader when
        it has one, else from the file (decoded by its coding comment).
        """
        source = self._get_source(filename, loader, module_name)
        if not source:
            return None, [], None, []
        lower = max(0, lineno - context_lines)
        try:
            line = source[lineno]
        except IndexError:
            return None, [], None, []
        return lower, source[lower:lineno], line, source[lineno + 1 : lineno + context_lines]

    def _get_source(self, filename: str, loader: Any, module_name: str | None) -> list[str] | None:
        """The lines of a frame's source, from its module's loader or its file; None if
        neither has it."""
        return _source_lines(filename, loader, module_name)

    def _get_explicit_or_implicit_cause(self, exc_value: Any) -> BaseException | None:
        explicit = getattr(exc_value, "__cause__", None)
        implicit = getattr(exc_value, "__context__", None)
        suppressed = getattr(exc_value, "__suppress_context__", None)
        return explicit or (None if suppressed else implicit)

    def get_traceback_frames(self) -> list[dict[str, Any]]:
        """The frames of the exception and of its causes, outermost cause first."""
        chain: list[BaseException] = []
        current = self.exc_value
        while current is not None:
            chain.append(current)
            current = self._get_explicit_or_implicit_cause(current)
            if current is not None and any(current is seen for seen in chain):
                warnings.warn(
                    f"Cycle in the exception chain detected: exception '{current}' "
                    "encountered again.",
                    ExceptionCycleWarning,
                    stacklevel=2,
                )
                break
        frames: list[dict[str, Any]] = []
        if not chain:
            return frames
        exc_value = chain.pop()
        tb = self.tb if not chain else exc_value.__traceback__
        while True:
            frames.extend(self.get_exception_traceback_frames(exc_value, tb))
            if not chain:
                return frames
            exc_value = chain.pop()
            tb = exc_value.__traceback__

    def get_exception_traceback_frames(
        self, exc_value: BaseException, tb: TracebackType | None
    ) -> Iterator[dict[str, Any]]:
        cause = self._get_explicit_or_implicit_cause(exc_value)
        explicit = getattr(exc_value, "__cause__", True)
        if tb is None:
            yield {"exc_cause": cause, "exc_cause_explicit": explicit, "tb": None, "type": "user"}
        while tb is not None:
            frame = tb.tb_frame
            if frame.f_locals.get("__traceback_hide__"):
                tb = tb.tb_next
                continue
            filename = frame.f_code.co_filename
            lineno = tb.tb_lineno - 1
            module_name = frame.f_globals.get("__name__") or ""
            first, before, line, after = self._get_lines_from_file(
                filename, lineno, 7, frame.f_globals.get("__loader__"), module_name
            )
            if first is None:
                first, before, line, after = lineno, [], "<source code not available>", []
            colno, tb_area_colno = _column_marks(tb, lineno, line or "")
            yield {
                "exc_cause": cause,
                "exc_cause_explicit": explicit,
                "tb": tb,
                "type": "django" if module_name.startswith("scallion.") else "user",
                "filename": filename,
                "function": frame.f_code.co_name,
                "lineno": lineno + 1,
                "vars": self.filter.get_traceback_frame_variables(self.request, frame),
                "id": id(tb),
                "pre_context": before,
                "context_line": line,
                "post_context": after,
                "pre_context_lineno": first + 1,
                "colno": colno,
                "tb_area_colno": tb_area_colno,
            }
            tb = tb.tb_next


def _shown_value(value: Any) -> str:
    try:
        text = pprint.pformat(value)
    except Exception as exc:
        text = f"Error in formatting: {exc.__class__.__name__}: {exc}"
    if len(text) > MAX_VALUE_LENGTH:
        text = _trimmed(text, MAX_VALUE_LENGTH)
    return text


def _source_lines(filename: str, loader: Any, module_name: str | None) -> list[str] | None:
    source: Any = None
    if hasattr(loader, "get_source"):
        try:
            source = loader.get_source(module_name)
        except ImportError:
            source = None
        if source is not None:
            return str(source).splitlines()
    try:
        with open(filename, "rb") as fp:
            raw = fp.read().splitlines()
    except OSError:
        return None
    encoding = "ascii"
    for line in raw[:2]:
        found = re.search(rb"coding[:=]\s*([-\w.]+)", line)
        if found:
            encoding = found[1].decode("ascii")
            break
    try:
        return [str(line, encoding, "replace") for line in raw]
    except LookupError:  # an unknown coding name
        return [str(line, "utf-8", "replace") for line in raw]


def _column_marks(tb: TracebackType, lineno: int, line: str) -> tuple[str, str]:
    """The ``^^^`` under the failing expression, as Django's page and text report show it."""
    try:
        positions = list(tb.tb_frame.f_code.co_positions())
        _, _, start, end = positions[tb.tb_lasti // 2]
    except (IndexError, ValueError):
        return "", ""
    if not start or not end:
        return "", ""
    underline = "^" * (end - start)
    colno = f"\n{' ' * (start + len(str(lineno + 1)) + 2)}{underline}"
    indent = len(line) - len(line.lstrip())
    return colno, f"\n{' ' * (4 + start - indent)}{underline}"


def _caller(request: HttpRequest) -> str:
    """The dotted path of the view that handled ``request``, or ``""``."""
    from scallion.http import Http404
    from scallion.urls import resolve

    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path)
        except Http404:
            return ""
    return str(match._func_path)


@csp_override({})
@csp_report_only_override({})
def default_urlconf(request: HttpRequest) -> HttpResponseBase:
    """The page of a project whose URLconf has no patterns yet (DEBUG only)."""
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    body = _render("default_urlconf.html", version=__version__, urlconf=visible(str(urlconf)))
    return HttpResponse(body, content_type="text/html; charset=utf-8")

"""Technical error pages shown only when ``DEBUG = True``.

The 404 page lists the URL patterns tried, in order; the 500 page shows the
exception and its traceback with source context. Nothing here is reachable with
DEBUG off: the handler calls these only under ``settings.DEBUG``.
"""

from __future__ import annotations

import html
import traceback
from types import TracebackType
from typing import Any

from scallion.http import HttpRequest, HttpResponse, HttpResponseNotFound


def technical_404_response(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 page listing the patterns the resolver tried (DEBUG only)."""
    tried: list[Any] = []
    path = request.path_info
    if exception.args and isinstance(exception.args[0], dict):
        tried = list(exception.args[0].get("tried", []))
        path = exception.args[0].get("path", path)
        reason = ""
    else:
        reason = str(exception.args[0]) if exception.args else ""
    rows = []
    for pattern_list in tried:
        parts = pattern_list if isinstance(pattern_list, list | tuple) else [pattern_list]
        text = " ".join(str(getattr(p, "pattern", p)) for p in parts)
        name = getattr(parts[-1], "name", None) if parts else None
        label = f" [name='{html.escape(str(name))}']" if name else ""
        rows.append(f"<li><code>{html.escape(text)}</code>{html.escape(label)}</li>")
    listing = (
        f"<p>scallion tried these URL patterns, in this order:</p><ol>{''.join(rows)}</ol>"
        if rows
        else ""
    )
    body = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Page not found"
        f"</title></head><body><h1>Page not found <small>(404)</small></h1>"
        f"<p>Request URL: <code>{html.escape(request.build_absolute_uri())}</code></p>"
        f"<p>The current path, <code>{html.escape(path)}</code>, didn't match any of these."
        f"</p>{listing}<p>{html.escape(reason)}</p>"
        "<p>You're seeing this error because you have <code>DEBUG = True</code> in your "
        "settings file. Change that to <code>False</code>, and scallion will display a "
        "standard 404 page.</p></body></html>"
    )
    return HttpResponseNotFound(body)


def technical_500_response(
    request: HttpRequest,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: TracebackType | None,
    status_code: int = 500,
) -> HttpResponse:
    """A page with the exception and traceback (DEBUG only)."""
    frames = "".join(traceback.format_exception(exc_type, exc_value, tb)) if exc_type else ""
    name = exc_type.__name__ if exc_type else "Error"
    body = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(name)} at {html.escape(request.path_info)}</title></head><body>"
        f"<h1>{html.escape(name)} at {html.escape(request.path_info)}</h1>"
        f"<pre class='exception_value'>{html.escape(str(exc_value))}</pre>"
        f"<h2>Traceback</h2><pre>{html.escape(frames)}</pre>"
        "<p>You're seeing this error because you have <code>DEBUG = True</code> in your "
        "settings file.</p></body></html>"
    )
    return HttpResponse(body, status=status_code)

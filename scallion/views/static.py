"""``serve``: a development view for files under a directory (as Django's).

Only what is inside ``document_root`` is served: hostile paths (``..``
segments, backslashes, NUL bytes, absolute paths, symlinks leading out of the
root, and, in the raw request URI, percent-encoded slashes, backslashes, NULs
and dots) are answered with 404, as missing files are; the production
``StaticFilesMiddleware`` gives the same answers. In production put the files
behind the web server or ``scallion.middleware.staticfiles``.
"""

from __future__ import annotations

import mimetypes
import os
import re
from urllib.parse import quote

from markupsafe import escape

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from scallion.utils.cache import get_conditional_response
from scallion.utils.http import http_date, parse_http_date

#: Percent-encoded ``/``, ``\\``, NUL and ``.`` in a raw URI: no honest link needs them.
_ENCODED_HOSTILE = re.compile(r"%(2f|5c|00|2e)", re.IGNORECASE)


def raw_uri_is_hostile(request: HttpRequest) -> bool:
    """True when the request's raw (still-encoded) path hides ``/``, ``\\``, NUL or ``.``.

    The decoded ``path_info`` cannot tell ``a%2fb`` from ``a/b``; the raw form
    comes from ``RAW_URI``/``REQUEST_URI`` (WSGI servers) or the scope's
    ``raw_path`` (ASGI). Without either, only the decoded path is checked.
    """
    meta = request.META
    raw = meta.get("RAW_URI") or meta.get("REQUEST_URI")
    if raw is None:
        scope = getattr(request, "scope", None)
        raw_path = scope.get("raw_path") if isinstance(scope, dict) else None
        raw = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else None
    return bool(raw) and _ENCODED_HOSTILE.search(str(raw).split("?", 1)[0]) is not None


def safe_relative_path(path: str) -> str | None:
    """``path`` if it is a plain ``a/b/c`` relative path, else None (hostile or odd)."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    for part in parts:
        # Empty and "." segments are harmless once normalised, but no honest
        # link contains them: refusing them keeps one answer for every spelling.
        if part in ("", ".", "..") or (os.name == "nt" and ":" in part):
            return None
    return path


def resolve_within(root: str | os.PathLike[str], path: str) -> str | None:
    """The real path of ``path`` under ``root``, or None if it is outside (or hostile)."""
    relative = safe_relative_path(path)
    if relative is None:
        return None
    real_root = os.path.realpath(root)
    full = os.path.realpath(os.path.join(real_root, *relative.split("/")))
    if full != real_root and not full.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    return full


def serve(
    request: HttpRequest,
    path: str,
    document_root: str | os.PathLike[str] | None = None,
    show_indexes: bool = False,
) -> HttpResponseBase:
    """Serve ``path`` from ``document_root``; use in a URLconf during development::

    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    """
    if document_root is None or not os.fspath(document_root):
        raise ImproperlyConfigured(
            "scallion.views.static.serve needs a document_root: pass it in the URLconf's "
            'extra kwargs, e.g. {"document_root": settings.MEDIA_ROOT}.'
        )
    # No normalising first: a ``.``/``..``/empty segment is refused even when it
    # would stay inside the root, as StaticFilesMiddleware refuses it (one answer
    # for every spelling). A trailing slash names a directory.
    relative = path[:-1] if path.endswith("/") else path
    if relative:
        fullpath = resolve_within(document_root, relative)
    else:
        fullpath = os.path.realpath(document_root) if path in ("", "/") else None
    if fullpath is None or raw_uri_is_hostile(request):
        raise Http404(f'"{path}" does not exist')
    if os.path.isdir(fullpath):
        if show_indexes:
            return directory_index(path, fullpath)
        raise Http404("Directory indexes are not allowed here.")
    if not os.path.isfile(fullpath):
        raise Http404(f'"{fullpath}" does not exist')
    stat = os.stat(fullpath)
    not_modified = get_conditional_response(request, last_modified=int(stat.st_mtime))
    if not_modified is not None:
        return not_modified
    content_type, encoding = mimetypes.guess_type(fullpath)
    response = FileResponse(
        open(fullpath, "rb"),  # noqa: SIM115 - closed by the response
        content_type=content_type or "application/octet-stream",
    )
    response.headers["Last-Modified"] = http_date(stat.st_mtime)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.apply_range(request)
    return response


def was_modified_since(header: str | None = None, mtime: float = 0) -> bool:
    """False only when ``header`` (an ``If-Modified-Since`` value) is a valid date at or
    after ``mtime``: a missing or unreadable date counts as modified."""
    if header is None:
        return True
    try:
        return int(mtime) > parse_http_date(header)
    except (ValueError, OverflowError):
        return True


def directory_index(path: str, fullpath: str) -> HttpResponse:
    """A plain HTML listing of ``fullpath`` (hidden files left out)."""
    entries = []
    for name in sorted(os.listdir(fullpath)):
        if name.startswith("."):
            continue
        if os.path.isdir(os.path.join(fullpath, name)):
            name += "/"
        entries.append(f'<li><a href="{escape(quote(name))}">{escape(name)}</a></li>')
    title = escape(f"Index of {path or '/'}")
    parent = '<li><a href="../">../</a></li>' if path else ""
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="robots" content="NONE,NOARCHIVE">'
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<ul>{parent}{''.join(entries)}</ul></body></html>"
    )
    return HttpResponse(body)

"""HTTP helpers: dates, ETags, query strings and URL safety checks (Django's names)."""

from __future__ import annotations

import base64
import calendar
import datetime
import re
from email.utils import formatdate
from urllib.parse import quote, urlsplit
from urllib.parse import urlencode as _urlencode

ETAG_MATCH = re.compile(r'\A((?:W/)?"[^"]*")\Z')
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
__D = r"(?P<day>[0-9]{2})"
__D2 = r"(?P<day>[ 0-9][0-9])"
__M = r"(?P<mon>\w{3})"
__Y = r"(?P<year>[0-9]{4})"
__Y2 = r"(?P<year>[0-9]{2})"
__T = r"(?P<hour>[0-9]{2}):(?P<min>[0-9]{2}):(?P<sec>[0-9]{2})"
RFC1123_DATE = re.compile(rf"^\w{{3}}, {__D} {__M} {__Y} {__T} GMT$")
RFC850_DATE = re.compile(rf"^\w{{6,9}}, {__D}-{__M}-{__Y2} {__T} GMT$")
ASCTIME_DATE = re.compile(rf"^\w{{3}} {__M} {__D2} {__T} {__Y}$")

MAX_URL_LENGTH = 2048
#: The longest ``Location`` a redirect response accepts (``max_length`` overrides it).
MAX_URL_REDIRECT_LENGTH = 16384


def http_date(epoch_seconds: float | None = None) -> str:
    """Format a time as an RFC 9110 HTTP date (``Wed, 21 Oct 2015 07:28:00 GMT``)."""
    return formatdate(epoch_seconds, usegmt=True)


def parse_http_date(date: str) -> int:
    """Parse any of the three HTTP date formats into seconds since the epoch.

    Raises ValueError for anything else.
    """
    if len(date) > 64:
        raise ValueError(f"{date[:64]!r}... is not in a valid HTTP date format")
    for regex in (RFC1123_DATE, RFC850_DATE, ASCTIME_DATE):
        m = regex.match(date)
        if m is not None:
            break
    else:
        raise ValueError(f"{date!r} is not in a valid HTTP date format")
    try:
        year = int(m["year"])
        if year < 100:
            current_year = datetime.datetime.now(datetime.UTC).year
            current_century = current_year - (current_year % 100)
            if year - (current_year % 100) > 50:
                year += current_century - 100
            else:
                year += current_century
        month = _MONTHS.index(m["mon"].lower()) + 1
        day = int(m["day"])
        hour = int(m["hour"])
        minute = int(m["min"])
        sec = int(m["sec"])
        result = datetime.datetime(year, month, day, hour, minute, sec)
        return calendar.timegm(result.utctimetuple())
    except Exception as exc:
        raise ValueError(f"{date!r} is not a valid date") from exc


def parse_http_date_safe(date: str) -> int | None:
    """Like :func:`parse_http_date`, but None for an invalid date."""
    try:
        return parse_http_date(date)
    except ValueError:
        return None


def quote_etag(etag_str: str) -> str:
    """Quote an ETag unless it already is a quoted (possibly weak) ETag."""
    if ETAG_MATCH.match(etag_str):
        return etag_str
    return f'"{etag_str}"'


def parse_etags(etag_str: str) -> list[str]:
    """The ETags of an If-None-Match / If-Match header (``['*']`` for ``*``).

    Bounded: at most 100 entries are considered, so a hostile header costs
    linear time.
    """
    if etag_str.strip() == "*":
        return ["*"]
    etags = []
    # maxsplit: a hostile header is not split into a million strings first.
    for part in etag_str.split(",", 100)[:100]:
        m = ETAG_MATCH.match(part.strip())
        if m:
            etags.append(m[1])
    return etags


def urlencode(query: object, doseq: bool = False) -> str:
    """``urllib.parse.urlencode`` that also takes MultiValueDicts and refuses None."""
    from scallion.utils.datastructures import MultiValueDict

    if isinstance(query, MultiValueDict):
        items: object = query.lists()
    elif hasattr(query, "items"):
        items = query.items()
    else:
        items = query
    pairs = []
    for key, value in items:  # type: ignore[attr-defined]
        if value is None:
            raise TypeError(
                f"Cannot encode None for key '{key}' in a query string. Did you mean to pass "
                "an empty string or omit the value?"
            )
        if not doseq or isinstance(value, str | bytes):
            query_val = value
        else:
            try:
                itr = iter(value)
            except TypeError:
                query_val = value
            else:
                query_val = []
                for item in itr:
                    if item is None:
                        raise TypeError(f"Cannot encode None for key '{key}' in a query string.")
                    query_val.append(item if isinstance(item, bytes) else str(item))
        pairs.append((key, query_val))
    return _urlencode(pairs, doseq)


def urlsafe_base64_encode(s: bytes) -> str:
    return base64.urlsafe_b64encode(s).rstrip(b"\n=").decode("ascii")


def urlsafe_base64_decode(s: str) -> bytes:
    data = s.encode()
    try:
        return base64.urlsafe_b64decode(data.ljust(len(data) + len(data) % 4, b"="))
    except (LookupError, base64.binascii.Error) as e:  # type: ignore[attr-defined]
        raise ValueError(e) from e


def escape_leading_slashes(url: str) -> str:
    """Turn ``//example.com`` into ``/%2Fexample.com`` so it is not read as a host."""
    if url.startswith("//"):
        url = "/%2F{}".format(url.removeprefix("//"))
    return url


def url_has_allowed_host_and_scheme(
    url: str | None, allowed_hosts: set[str] | str | None, require_https: bool = False
) -> bool:
    """True if ``url`` is safe to redirect to: relative, or to an allowed host."""
    if url is not None:
        url = url.strip()
    if not url:
        return False
    if allowed_hosts is None:
        allowed_hosts = set()
    elif isinstance(allowed_hosts, str):
        allowed_hosts = {allowed_hosts}
    return _url_has_allowed_host_and_scheme(
        url, allowed_hosts, require_https
    ) and _url_has_allowed_host_and_scheme(url.replace("\\", "/"), allowed_hosts, require_https)


def _url_has_allowed_host_and_scheme(
    url: str, allowed_hosts: set[str], require_https: bool
) -> bool:
    if url.startswith("///") or len(url) > MAX_URL_LENGTH:
        return False
    try:
        url_info = urlsplit(url)
    except ValueError:
        return False
    if not url_info.netloc and url_info.scheme:
        return False
    if any(ord(c) < 32 for c in url[:1]):
        return False
    scheme = url_info.scheme
    if not url_info.scheme and url_info.netloc:
        scheme = "http"
    valid_schemes = ["https"] if require_https else ["http", "https"]
    return (not url_info.netloc or url_info.netloc in allowed_hosts) and (
        not scheme or scheme in valid_schemes
    )


def content_disposition_header(as_attachment: bool, filename: str) -> str | None:
    """A Content-Disposition value, RFC 6266 encoded for non-ASCII file names."""
    if filename:
        disposition = "attachment" if as_attachment else "inline"
        try:
            filename.encode("ascii")
            is_ascii = True
        except UnicodeEncodeError:
            is_ascii = False
        quotable = (
            32 <= min(map(ord, filename)) and max(map(ord, filename)) < 127 if filename else True
        )
        if is_ascii and quotable:
            escaped = filename.replace("\\", "\\\\").replace('"', r"\"")
            return f'{disposition}; filename="{escaped}"'
        return f"{disposition}; filename*=utf-8''{quote(filename)}"
    if as_attachment:
        return "attachment"
    return None


MAX_HEADER_PARAMETERS_LENGTH = 8192


def parse_header_parameters(
    line: str, max_length: int = MAX_HEADER_PARAMETERS_LENGTH
) -> tuple[str, dict[str, str]]:
    """Parse ``text/html; charset="utf-8"`` into ``("text/html", {"charset": "utf-8"})``.

    One left-to-right pass (linear time, no regex backtracking); input longer than
    ``max_length`` is cut there, so a hostile header costs bounded work. Parameter
    names are lower-cased; RFC 2231 ``name*=utf-8''...`` values are decoded.
    """
    from urllib.parse import unquote

    if len(line) > max_length:
        line = line[:max_length]
    parts = _split_header_params(line)
    key = parts[0].lower() if parts else ""
    pdict: dict[str, str] = {}
    for part in parts[1:]:
        name, sep, value = part.partition("=")
        if not sep:
            continue
        name = name.strip().lower()
        value = value.strip()
        if name.endswith("*"):
            # RFC 2231: charset'language'percent-encoded-value
            name = name[:-1]
            if value.count("'") == 2:
                charset, _lang, encoded = value.split("'", 2)
                try:
                    value = unquote(encoded, encoding=charset or "utf-8", errors="strict")
                except (LookupError, UnicodeDecodeError):
                    continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        pdict[name] = value
    return key, pdict


def _split_header_params(line: str) -> list[str]:
    """Split on ``;`` outside double quotes, in one pass."""
    parts: list[str] = []
    start = 0
    in_quotes = False
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and in_quotes:
            escaped = True
        elif char == '"':
            in_quotes = not in_quotes
        elif char == ";" and not in_quotes:
            parts.append(line[start:index].strip())
            start = index + 1
    parts.append(line[start:].strip())
    return parts

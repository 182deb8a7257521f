"""HTTP helpers: dates, ETags, query strings and URL safety checks (Django's names)."""

from __future__ import annotations

import base64
import calendar
import codecs
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
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
#: The longest ``Location`` a redirect response accepts (Django's limit).
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
            current_year = datetime.now(tz=UTC).year
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
        result = datetime(year, month, day, hour, minute, sec)
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
                        raise TypeError(
                            f"Cannot encode None for key '{key}' in a query string. Did you "
                            "mean to pass an empty string or omit the value?"
                        )
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


def base36_to_int(s: str) -> int:
    """The integer a base-36 string stands for; ValueError beyond 13 digits (64 bits),
    so a hostile value cannot make the conversion costly."""
    if len(s) > 13:
        raise ValueError("Base36 input too large")
    return int(s, 36)


_BASE36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def int_to_base36(i: int) -> str:
    """``i`` (not negative) in base 36, lower-case."""
    if i < 0:
        raise ValueError("Negative base36 conversion input.")
    digits = []
    while True:
        i, digit = divmod(i, 36)
        digits.append(_BASE36_DIGITS[digit])
        if i == 0:
            return "".join(reversed(digits))


def split_header_value(value: str, sep: str = ",") -> Iterator[str]:
    """The non-empty, stripped items of a token-list header (``Vary``, ``Cache-Control``).

    Not for headers whose values may quote the separator (``Set-Cookie``).
    """
    for part in value.split(sep):
        if stripped := part.strip():
            yield stripped


def split_directive_names(value: str) -> Iterator[str]:
    """The lower-cased directive names of a header value, values dropped
    (``private="Set-Cookie"`` is ``private``): to test whether a directive is there."""
    for part in split_header_value(value):
        yield part.split("=", 1)[0].strip().lower()


def is_same_domain(host: str, pattern: str) -> bool:
    """True if ``host`` matches ``pattern``: exactly, or, for ``.example.com``, that
    domain or any of its subdomains (the rule of ALLOWED_HOSTS and cookie domains)."""
    if not pattern:
        return False
    pattern = pattern.lower()
    if pattern[0] == ".":
        return host.endswith(pattern) or host == pattern[1:]
    return pattern == host


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
    # Browsers skip some invisible characters before a URL and then read
    # "//evil.com" as scheme-relative: refuse any leading control, format
    # (zero-width space, BOM), surrogate, private or unassigned character.
    if unicodedata.category(url[0])[0] == "C":
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


#: The longest header value ``parse_header_parameters`` parses (Django's limit).
MAX_HEADER_LENGTH = 10_000


def parse_header_parameters(
    line: str | None, max_length: int | None = MAX_HEADER_LENGTH
) -> tuple[str, dict[str, str]]:
    """Split ``type/subtype; a=1; b="x;y"`` into ``("type/subtype", {"a": "1", "b": "x;y"})``.

    The main value and parameter names are lower-cased; quoted values are
    unquoted; RFC 2231 ``name*=charset'lang'value`` parameters are decoded and win
    over a plain ``name`` (an unknown charset is a ValueError). One pass over the
    line, and a line longer than ``max_length`` (None: no limit) is a ValueError,
    so a hostile header costs linear, bounded time.
    """
    if not line:
        return "", {}
    if max_length is not None and len(line) > max_length:
        raise ValueError(
            f"Unable to parse header parameters (value too long): {len(line)} characters, "
            f"at most {max_length}."
        )
    pieces = _split_outside_quotes(line)
    key = pieces[0].strip().lower()
    plain: dict[str, str] = {}
    extended: dict[str, str] = {}
    for piece in pieces[1:]:
        name, eq, value = piece.partition("=")
        name = name.strip().lower()
        if not eq or not name:
            continue
        value = value.strip()
        if name.endswith("*"):
            extended[name[:-1]] = _decode_extended_value(value)
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = _BACKSLASH_ESCAPE.sub(r"\1", value[1:-1])
        plain[name] = value
    plain.update(extended)
    return key, plain


_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _split_outside_quotes(line: str) -> list[str]:
    """Split on ``;`` except inside double-quoted strings (with backslash escapes)."""
    if '"' not in line:
        return line.split(";")
    pieces: list[str] = []
    start = 0
    in_quotes = escaped = False
    for i, char in enumerate(line):
        if escaped:
            escaped = False
        elif in_quotes:
            if char == "\\":
                escaped = True
            elif char == '"':
                in_quotes = False
        elif char == '"':
            in_quotes = True
        elif char == ";":
            pieces.append(line[start:i])
            start = i + 1
    pieces.append(line[start:])
    return pieces


def _decode_extended_value(value: str) -> str:
    """An RFC 2231/8187 ``charset'language'percent-encoded`` value, decoded.

    A value not in that form is percent-decoded as it is, and bytes the charset
    cannot decode become U+FFFD, as Python's ``email`` package (and so Django) does;
    a charset Python does not know is a ValueError.
    """
    from urllib.parse import unquote

    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    charset, _, rest = value.partition("'")
    _language, sep, encoded = rest.partition("'")
    if not sep:
        return unquote(value)
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            raise ValueError(f"Invalid encoding {charset!r} for RFC 2231 param.") from None
    return unquote(encoded, encoding=charset or "us-ascii", errors="replace")

"""HTML helpers: escaping, safe formatting, tag stripping, links from plain text.

Everything here returns ``SafeString`` when its result is ready to put in a page
as is, so templates do not escape it again; ``conditional_escape`` honours
the ``__html__`` protocol, so markupsafe's ``Markup`` counts as safe too.

Hostile input: ``strip_tags`` refuses input that would make it loop (nested
tag fragments, many unclosed tags) with ``SuspiciousOperation``, and
``urlize`` runs in time linear in its input (only words of at most
``MAX_URL_LENGTH`` characters are looked at as URLs, at most 320 as e-mail
addresses).
"""

from __future__ import annotations

import html
import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Mapping
from html.parser import HTMLParser
from itertools import chain
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from scallion.conf import settings
from scallion.core.exceptions import SuspiciousOperation
from scallion.utils._void_elements import VOID_ELEMENTS
from scallion.utils.functional import Promise, keep_lazy, keep_lazy_text
from scallion.utils.http import MAX_URL_LENGTH
from scallion.utils.safestring import SafeData, SafeString, mark_safe
from scallion.utils.text import normalize_newlines

__all__ = [
    "MAX_STRIP_TAGS_DEPTH",
    "VOID_ELEMENTS",
    "Urlizer",
    "avoid_wrapping",
    "conditional_escape",
    "escape",
    "escapejs",
    "format_html",
    "format_html_join",
    "html_safe",
    "json_script",
    "linebreaks",
    "smart_urlquote",
    "strip_spaces_between_tags",
    "strip_tags",
    "urlize",
]

_C = TypeVar("_C", bound=type)


@keep_lazy(SafeString)
def escape(text: Any) -> SafeString:
    """``text`` with ``& < > " '`` turned into entities, marked safe.

    Always escapes, even text already marked safe (which then shows its
    entities literally); ``conditional_escape`` is the one that respects it.
    """
    return SafeString(html.escape(str(text)))


# Everything that could end a JavaScript string or a <script> element, or that
# JavaScript treats as a line end, as a \\uXXXX escape; so are all C0 and C1
# control characters.
_JS_ESCAPES = {ord(char): f"\\u{ord(char):04X}" for char in "\\'\"><&=-;`\u2028\u2029"}
_JS_ESCAPES.update((code, f"\\u{code:04X}") for code in chain(range(32), range(0x7F, 0xA0)))


@keep_lazy(SafeString)
def escapejs(value: Any) -> SafeString:
    """``value`` made safe inside a quoted JavaScript string (not for HTML or JSON)."""
    return SafeString(str(value).translate(_JS_ESCAPES))


# Enough for JSON inside <script>: no "</script>", "<!--" or entity can form.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_script(
    value: Any, element_id: str | None = None, encoder: type[json.JSONEncoder] | None = None
) -> SafeString:
    """``value`` as JSON inside ``<script type="application/json">``, safe to embed.

    Read it back in the page with
    ``JSON.parse(document.getElementById(id).textContent)``. Dates, decimals,
    UUIDs and lazy strings are encoded by ``DjangoJSONEncoder`` unless
    ``encoder`` is given.
    """
    from scallion.core.serializers.json import DjangoJSONEncoder

    payload = mark_safe(
        json.dumps(value, cls=encoder or DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    )
    if element_id:
        return format_html(
            '<script id="{}" type="application/json">{}</script>', element_id, payload
        )
    return format_html('<script type="application/json">{}</script>', payload)


def conditional_escape(text: Any) -> Any:
    """Escape ``text`` unless it is already safe (has ``__html__``)."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(text)


def format_html(format_string: str, *args: Any, **kwargs: Any) -> SafeString:
    """``str.format`` for HTML: every argument is conditionally escaped, the result safe.

    The format string itself is trusted and not escaped. At least one argument
    is required: without any, the call is a sign that the string was
    formatted earlier (and unescaped), which is the bug this function exists
    to prevent.
    """
    if not (args or kwargs):
        raise TypeError(
            "args or kwargs must be provided. format_html() escapes its arguments; "
            "for a constant string, use mark_safe() instead."
        )
    escaped_args = [conditional_escape(arg) for arg in args]
    escaped_kwargs = {name: conditional_escape(value) for name, value in kwargs.items()}
    return SafeString(format_string.format(*escaped_args, **escaped_kwargs))


def format_html_join(sep: Any, format_string: str, args_generator: Iterable[Any]) -> SafeString:
    """``format_html`` applied to each item, joined by (escaped) ``sep``.

    Each item is a sequence of positional arguments or a mapping of named ones.
    """
    return SafeString(
        conditional_escape(sep).join(
            format_html(format_string, **args)
            if isinstance(args, Mapping)
            else format_html(format_string, *args)
            for args in args_generator
        )
    )


_PARAGRAPH_BREAK = re.compile("\n{2,}")


@keep_lazy_text
def linebreaks(value: Any, autoescape: bool = False) -> str:
    """Paragraphs (``<p>``) at blank lines, ``<br>`` at single line breaks."""
    # str(): called lazily, normalize_newlines of a lazy value is lazy again.
    paragraphs = _PARAGRAPH_BREAK.split(str(normalize_newlines(value)))
    if autoescape:
        paragraphs = [escape(p) for p in paragraphs]
    return "\n\n".join("<p>{}</p>".format(p.replace("\n", "<br>")) for p in paragraphs)


class _TextCollector(HTMLParser):
    """Keeps text and entity references, drops tags, comments and declarations."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")


def _strip_once(value: str) -> str:
    collector = _TextCollector()
    collector.feed(value)
    collector.close()
    return "".join(collector.parts)


#: How many rounds of stripping (tags hidden inside tags) ``strip_tags`` allows.
MAX_STRIP_TAGS_DEPTH = 50

# A tag opened and not closed within 1000 characters: the parser would
# re-scan it on every round, so many of them are refused up front.
_LONG_OPEN_TAG = re.compile(r"<[a-zA-Z][^>]{1000,}")


@keep_lazy_text
def strip_tags(value: Any) -> str:
    """``value`` with its HTML tags removed (text and entity references kept).

    Stripping repeats while it still removes something, so tags built out of
    the pieces of others (``<sc<b>ript>``) go too. Input that would need more
    than ``MAX_STRIP_TAGS_DEPTH`` rounds, or holds that many ``<`` inside one
    unclosed tag, raises ``SuspiciousOperation``. The result is not safe
    HTML: escape it before output.
    """
    text = str(value)
    for unclosed in _LONG_OPEN_TAG.finditer(text):
        if unclosed.group().count("<") >= MAX_STRIP_TAGS_DEPTH:
            raise SuspiciousOperation("strip_tags() input has too many nested unclosed tags.")
    rounds = 0
    while "<" in text and ">" in text:
        if rounds >= MAX_STRIP_TAGS_DEPTH:
            raise SuspiciousOperation("strip_tags() input nests tags too deeply.")
        stripped = _strip_once(text)
        if stripped.count("<") == text.count("<"):
            break  # nothing more the parser recognises as a tag
        text = stripped
        rounds += 1
    return text


_SPACE_BETWEEN_TAGS = re.compile(r">\s+<")


@keep_lazy_text
def strip_spaces_between_tags(value: Any) -> str:
    """``value`` with the white space between a ``>`` and the next ``<`` removed."""
    return _SPACE_BETWEEN_TAGS.sub("><", str(value))


# RFC 3986's delimiters, which keep their meaning in a URL and are not quoted.
_URL_DELIMITERS = ":/?#[]@" + "!$&'()*+,;="


def _requote(segment: str) -> str:
    # "~" is unreserved: quoting it would change nothing but the look.
    return quote(unquote(segment), safe=_URL_DELIMITERS + "~")


def smart_urlquote(url: str) -> str:
    """``url`` percent-encoded where needed, leaving existing escapes as they are.

    Each part is unquoted and quoted again, so the result is the same whether
    the input was quoted or not; query keys and values are handled one by
    one, so an encoded ``&`` or ``=`` inside a value stays encoded. The host
    is percent-encoded UTF-8 (browsers do the IDNA conversion).
    """
    try:
        scheme, netloc, path, query, fragment = urlsplit(url)
    except ValueError:
        # An invalid IPv6 host (brackets that do not match).
        return _requote(url)
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(unquote(key), unquote(val)) for key, val in pairs])
    return urlunsplit((scheme, _requote(netloc), _requote(path), query, _requote(fragment)))


# Host name grammar as Django's validators have it: labels of letters (any
# script), digits and inner dashes, at most 63 characters.
_LETTER = "a-z\u00a1-\uffff0-9"
_HOSTNAME = rf"[{_LETTER}](?:[{_LETTER}-]{{0,61}}[{_LETTER}])?"
_SUBDOMAINS = rf"(?:\.(?!-)[{_LETTER}-]{{1,63}}(?<!-))*"
_TOP_LEVEL = r"\.(?!-)(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)"

_EMAIL_USER = re.compile(
    # A dot-atom, or a quoted string of printable ASCII with backslash escapes.
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
    re.IGNORECASE,
)
_EMAIL_DOMAIN = re.compile(rf"^{_HOSTNAME}{_SUBDOMAINS}{_TOP_LEVEL}\Z", re.IGNORECASE)
_EMAIL_LITERAL = re.compile(r"\[([A-F0-9:.]+)\]\Z", re.IGNORECASE)
_MAX_EMAIL_LENGTH = 320  # RFC 3696, section 3


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _looks_like_email(value: str) -> bool:
    if not value or "@" not in value or len(value) > _MAX_EMAIL_LENGTH:
        return False
    user, domain = value.rsplit("@", 1)
    if not _EMAIL_USER.match(user):
        return False
    if _EMAIL_DOMAIN.match(domain):
        return True
    literal = _EMAIL_LITERAL.match(domain)
    return literal is not None and _is_ip_address(literal[1])


class Urlizer:
    """Turns the URLs and e-mail addresses in plain text into links.

    Recognised: ``http://`` and ``https://`` URLs, ``www.`` names, bare names
    under ``.com .edu .gov .int .mil .net .org``, and e-mail addresses.
    Punctuation around a link (a closing period, wrapping parentheses) stays
    outside it. Subclass and change the class attributes to recognise other
    punctuation or build other markup.
    """

    trailing_punctuation_chars = ".,:;!"
    wrapping_punctuation = [("(", ")"), ("[", "]")]

    simple_url_re = re.compile(r"^https?://\[?\w", re.IGNORECASE)
    simple_url_2_re = re.compile(
        rf"^www\.|^(?!http)(?:{_HOSTNAME})(?:{_SUBDOMAINS})"
        r"\.(com|edu|gov|int|mil|net|org)($|/.*)$",
        re.IGNORECASE,
    )
    word_split_re = re.compile(r"""([\s<>"']+)""")

    mailto_template = "mailto:{local}@{domain}"
    url_template = '<a href="{href}"{attrs}>{url}</a>'

    def __call__(
        self,
        text: Any,
        trim_url_limit: int | None = None,
        nofollow: bool = False,
        autoescape: bool = False,
    ) -> str:
        """``text`` with its links made; see ``urlize`` for the arguments."""
        safe_input = isinstance(text, SafeData)
        done: dict[str, str] = {}
        out: list[str] = []
        for word in self.word_split_re.split(str(text)):
            result = done.get(word)
            if result is None:
                result = self.handle_word(
                    word,
                    safe_input=safe_input,
                    trim_url_limit=trim_url_limit,
                    nofollow=nofollow,
                    autoescape=autoescape,
                )
                done[word] = result
            out.append(result)
        return "".join(out)

    def _link_target(self, middle: str) -> tuple[str | None, bool]:
        """The href for ``middle`` (or None) and whether it is a web link."""
        if len(middle) <= MAX_URL_LENGTH:
            if self.simple_url_re.match(middle):
                return smart_urlquote(html.unescape(middle)), True
            if self.simple_url_2_re.match(middle):
                scheme = "https" if getattr(settings, "URLIZE_ASSUME_HTTPS", False) else "http"
                return smart_urlquote(f"{scheme}://{html.unescape(middle)}"), True
        if ":" not in middle and _looks_like_email(middle):
            local, domain = middle.rsplit("@", 1)
            href = self.mailto_template.format(
                local=quote(local, safe=""), domain=quote(domain, safe="")
            )
            return href, False
        return None, False

    def handle_word(
        self,
        word: str,
        *,
        safe_input: bool,
        trim_url_limit: int | None = None,
        nofollow: bool = False,
        autoescape: bool = False,
    ) -> str:
        """One word of the input (or a run of separators), linked if it is a link."""
        if "." in word or "@" in word or ":" in word:
            lead, middle, trail = self.trim_punctuation(word)
            href, is_web = self._link_target(middle)
            if href:
                shown = self.trim_url(middle, limit=trim_url_limit)
                if autoescape and not safe_input:
                    lead, trail, shown = escape(lead), escape(trail), escape(shown)
                attrs = ' rel="nofollow"' if nofollow and is_web else ""
                link = self.url_template.format(href=escape(href), attrs=attrs, url=shown)
                return SafeString(f"{lead}{link}{trail}")
        if safe_input:
            return mark_safe(word)
        if autoescape:
            return escape(word)
        return word

    def trim_url(self, x: str, *, limit: int | None) -> str:
        """``x`` cut to ``limit`` characters, the last one an ellipsis."""
        if limit is None or len(x) <= limit:
            return x
        return f"{x[: max(0, limit - 1)]}…"

    def trim_punctuation(self, word: str) -> tuple[str, str, str]:
        """``word`` split into leading punctuation, the link candidate, trailing punctuation.

        Leading openers are all taken off. At the end, closers beyond those
        opened inside the word, and trailing punctuation, come off repeatedly;
        a ``;`` that ends an HTML entity (``&amp;``) stays. Each round either
        stops or removes characters and bracket counts only go down, so the
        rounds are few whatever the input.
        """
        openers = "".join(opening for opening, _ in self.wrapping_punctuation)
        trailing = self.trailing_punctuation_chars
        trailing_no_semicolon = trailing.replace(";", "")
        middle = word.lstrip(openers)
        lead = word[: len(word) - len(middle)]
        trail_parts: list[str] = []
        counts: dict[str, int] = {}
        untrimmed = middle

        def count(char: str) -> int:
            # Counted once, in the word before trimming; trims then subtract.
            if char not in counts:
                counts[char] = untrimmed.count(char)
            return counts[char]

        changed = True
        while changed and middle:
            changed = False
            for opening, closing in self.wrapping_punctuation:
                excess = count(closing) - count(opening)
                if excess > 0 and middle.endswith(closing):
                    trail_parts.append(middle[-excess:])
                    middle = middle[:-excess]
                    counts[closing] -= excess
                    changed = True

            amp = middle.rfind("&")
            stripped = middle.rstrip(trailing if amp == -1 else trailing_no_semicolon)
            if stripped != middle:
                trail_parts.append(middle[len(stripped) :])
                middle = stripped
                changed = True

            if ";" in trailing and middle.endswith(";"):
                candidate = middle[amp:]
                unescaped = html.unescape(candidate)
                if unescaped == candidate or unescaped.endswith(";"):
                    # The last ";" does not end an entity (or more follow one).
                    stripped = middle.rstrip(trailing)
                    semicolons = len(middle) - len(middle.rstrip(";"))
                    if amp > -1 and semicolons > 1:
                        keep = middle.index(";", len(stripped)) + 1
                        trail_parts.append(middle[keep:])
                        middle = stripped + middle[len(stripped) : keep]
                    else:
                        trail_parts.append(middle[len(stripped) :])
                        middle = stripped
                    changed = True
        return lead, middle, "".join(reversed(trail_parts))

    @staticmethod
    def is_email_simple(value: str) -> bool:
        """Whether ``value`` is a valid e-mail address (no ``localhost`` exception)."""
        return _looks_like_email(value)


urlizer = Urlizer()


@keep_lazy_text
def urlize(
    text: Any, trim_url_limit: int | None = None, nofollow: bool = False, autoescape: bool = False
) -> str:
    """``text`` with its URLs and e-mail addresses turned into ``<a>`` links.

    ``trim_url_limit`` shortens the shown link text to that many characters
    (ending in "…"); ``nofollow`` adds ``rel="nofollow"`` to web links;
    ``autoescape`` escapes the text around the links, unless ``text`` is
    already safe. A word without a scheme gets ``http://``, or ``https://``
    with ``URLIZE_ASSUME_HTTPS = True``. Time is linear in the length of
    ``text``.
    """
    return urlizer(text, trim_url_limit=trim_url_limit, nofollow=nofollow, autoescape=autoescape)


def avoid_wrapping(value: str) -> str:
    """``value`` with non-breaking spaces, so a phrase ("5 minutes") stays on one line."""
    return value.replace(" ", "\xa0")


def html_safe(klass: _C) -> _C:
    """Class decorator: ``str()`` of an instance is safe HTML, and ``__html__`` says so.

    For classes whose ``__str__`` builds markup, so that other template
    engines (Jinja2) do not escape it either.
    """
    if "__html__" in klass.__dict__:
        raise ValueError(
            f"can't apply @html_safe to {klass.__name__} because it defines __html__()."
        )
    if "__str__" not in klass.__dict__:
        raise ValueError(
            f"can't apply @html_safe to {klass.__name__} because it doesn't define __str__()."
        )
    text_of: Callable[[Any], str] = klass.__dict__["__str__"]

    def __str__(self: Any) -> SafeString:
        return mark_safe(text_of(self))

    def __html__(self: Any) -> str:
        return str(self)

    klass.__str__ = __str__  # type: ignore[assignment]
    klass.__html__ = __html__  # type: ignore[attr-defined]
    return klass

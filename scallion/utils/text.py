"""Text helpers behind the template filters: truncation, slugs, wrapping, lists.

Each function takes lazy strings (``gettext_lazy``) and then returns a lazy
result, so messages built at import time stay unevaluated. All of them run in
time linear in their input: they are fed whatever a page shows, including text
a visitor typed.

Also the gzip helpers Django keeps here, ``compress_string`` and
``compress_sequence`` (``GZipMiddleware`` uses them).
"""

from __future__ import annotations

import gzip
import io
import re
import secrets
import textwrap
import unicodedata
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sequence
from html import escape
from html.parser import HTMLParser
from typing import Any

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.utils._void_elements import VOID_ELEMENTS
from scallion.utils.functional import keep_lazy_text, lazy
from scallion.utils.translation import gettext, gettext_lazy, pgettext

__all__ = [
    "Truncator",
    "acompress_sequence",
    "add_truncation_text",
    "camel_case_to_spaces",
    "capfirst",
    "compress_sequence",
    "compress_string",
    "format_lazy",
    "get_text_list",
    "get_valid_filename",
    "normalize_newlines",
    "phone2numeric",
    "slugify",
    "smart_split",
    "unescape_string_literal",
    "wrap",
]

_NEWLINES = re.compile(r"\r\n|\r")
_CAMEL_BOUNDARY = re.compile(r"(((?<=[a-z])[A-Z])|([A-Z](?![A-Z]|$)))")
_TRUNCATED_PLACEHOLDER = "%(truncated_text)s"


@keep_lazy_text
def capfirst(x: Any) -> Any:
    """``x`` as text with its first character upper-cased; a false value as it is."""
    if not x:
        return x
    text = str(x)
    return text[0].upper() + text[1:]


@keep_lazy_text
def wrap(text: str, width: int) -> str:
    """Break lines longer than ``width`` at spaces, keeping existing line breaks.

    A break consumes the space it replaces; other white space is kept. A word
    longer than ``width`` is never split, so such a line stays long.
    """
    wrapper = textwrap.TextWrapper(
        width=width, break_long_words=False, break_on_hyphens=False, replace_whitespace=False
    )
    lines: list[str] = []
    for line in text.splitlines():
        # A line of only white space wraps to nothing: keep it as it was.
        lines.extend(wrapper.wrap(line) or [line])
    if text.endswith("\n"):
        lines.append("")
    return "\n".join(lines)


def add_truncation_text(text: str, truncate: str | None = None) -> str:
    """``text`` marked as truncated: put into ``truncate`` or followed by it.

    ``truncate`` defaults to an ellipsis after the text. If it has a
    ``%(truncated_text)s`` placeholder the text goes there; otherwise it is
    appended, unless the text already ends with it.
    """
    if truncate is None:
        truncate = pgettext("String to return when truncating text", "%(truncated_text)s…")
    if _TRUNCATED_PLACEHOLDER in truncate:
        return truncate % {"truncated_text": text}
    if text.endswith(truncate):
        return text
    return f"{text}{truncate}"


def _length_before_marker(length: int, truncate: str | None) -> int:
    """How many visible characters of text fit in ``length`` beside the marker."""
    remaining = length
    for char in add_truncation_text("", truncate):
        if not unicodedata.combining(char):
            remaining -= 1
            if remaining == 0:
                break
    return remaining


class _TruncationDone(Exception):
    pass


class _TruncatingHTMLParser(HTMLParser):
    """Copies HTML through until its text budget is spent, then closes open tags.

    Text is counted by ``_take``; markup is copied as written. When the budget
    runs out the marker is added and every still-open element is closed, most
    recent first. End tags are matched only against the innermost open
    element, so misnested markup costs no scan of the stack.
    """

    def __init__(self, *, budget: int, truncate: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tags: deque[str] = deque()
        self.output: list[str] = []
        self.remaining = budget
        self.truncate = truncate

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.output.append(self.get_starttag_text() or "")
        if tag not in VOID_ELEMENTS:
            self.open_tags.appendleft(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.output.append(f"</{tag}>")
        if self.open_tags and self.open_tags[0] == tag:
            self.open_tags.popleft()

    def _take(self, data: str) -> tuple[int, str]:
        """The size of ``data`` in budget units and the escaped part that fits."""
        raise NotImplementedError

    def handle_data(self, data: str) -> None:
        size, kept = self._take(data)
        if self.remaining < size:
            self.remaining = 0
            self.output.append(add_truncation_text(kept, self.truncate))
            raise _TruncationDone
        self.remaining -= size
        self.output.append(kept)

    def run(self, text: str) -> str:
        # No close(): as in Django, an incomplete construct at the very end
        # (an unterminated tag) is dropped rather than shown as text.
        try:
            self.feed(text)
        except _TruncationDone:
            self.output.extend(f"</{tag}>" for tag in self.open_tags)
        return "".join(self.output)


class _CharsHTMLParser(_TruncatingHTMLParser):
    def __init__(self, *, length: int, truncate: str | None) -> None:
        super().__init__(budget=_length_before_marker(length, truncate), truncate=truncate)
        self.length = length
        self.seen = 0
        self.source = ""

    def run(self, text: str) -> str:
        self.source = text
        return super().run(text)

    def _take(self, data: str) -> tuple[int, str]:
        self.seen += len(data)
        if self.seen == self.length and self._is_last_text(data):
            # Exactly ``length`` characters and nothing after them: no marker.
            self.output.append(data)
            raise _TruncationDone
        return len(data), escape(data[: self.remaining])

    def _is_last_text(self, data: str) -> bool:
        return sum(map(len, self.output)) + len(data) == len(self.source)


_BETWEEN_WORDS = re.compile(r"(?<=\S)\s+(?=\S)")


class _WordsHTMLParser(_TruncatingHTMLParser):
    def _take(self, data: str) -> tuple[int, str]:
        words = _BETWEEN_WORDS.split(data)
        return len(words), escape(" ".join(words[: self.remaining]))


class Truncator:
    """Text to shorten to a number of characters or words, optionally as HTML.

    The text is converted with ``str()`` only when a method is called, so a
    lazy string stays lazy until then.
    """

    def __init__(self, text: Any) -> None:
        self._source = text

    def __str__(self) -> str:
        return str(self._source)

    def chars(self, num: Any, truncate: str | None = None, html: bool = False) -> str:
        """At most ``num`` characters, the marker (default "…") included.

        Combining characters (accents written separately) do not count. With
        ``html``, tags are copied, not counted, and those left open are closed.
        """
        length = int(num)
        if length <= 0:
            return ""
        text = unicodedata.normalize("NFC", str(self._source))
        if html:
            return _CharsHTMLParser(length=length, truncate=truncate).run(text)
        return self._text_chars(length, truncate, text)

    def _text_chars(self, length: int, truncate: str | None, text: str) -> str:
        budget = _length_before_marker(length, truncate)
        visible = 0
        cut: int | None = None
        for index, char in enumerate(text):
            if unicodedata.combining(char):
                continue
            visible += 1
            if cut is None and visible > budget:
                cut = index
            if visible > length:
                return add_truncation_text(text[: cut or 0], truncate)
        return text

    def words(self, num: Any, truncate: str | None = None, html: bool = False) -> str:
        """At most ``num`` words, then the marker (default "…").

        Plain text comes back with its white space runs collapsed to single
        spaces; with ``html``, tags are copied and those left open are closed.
        """
        length = int(num)
        if length <= 0:
            return ""
        text = str(self._source)
        if html:
            return _WordsHTMLParser(budget=length, truncate=truncate).run(text)
        words = text.split()
        if len(words) > length:
            return add_truncation_text(" ".join(words[:length]), truncate)
        return " ".join(words)


@keep_lazy_text
def get_valid_filename(name: Any) -> str:
    """``name`` reduced to letters, digits, ``-``, ``_`` and ``.``; spaces become ``_``.

    Raises ``SuspiciousFileOperation`` when nothing usable is left (or only
    ``.``/``..``).
    """
    cleaned = re.sub(r"[^-\w.]", "", str(name).strip().replace(" ", "_"))
    if cleaned in {"", ".", ".."}:
        raise SuspiciousFileOperation(f"Could not derive file name from '{name}'")
    return cleaned


_OR = gettext_lazy("or")


@keep_lazy_text
def get_text_list(list_: Sequence[Any], last_word: Any = _OR) -> str:
    """Items joined as prose: ``["a", "b", "c"]`` -> ``"a, b or c"``."""
    if not list_:
        return ""
    if len(list_) == 1:
        return str(list_[0])
    head = gettext(", ").join(str(item) for item in list_[:-1])
    return f"{head} {last_word} {list_[-1]}"


@keep_lazy_text
def normalize_newlines(text: Any) -> str:
    """``text`` with Windows (CRLF) and old Mac (CR) line ends turned into LF."""
    return _NEWLINES.sub("\n", str(text))


_KEYPAD = str.maketrans(
    {
        **dict.fromkeys("abc", "2"),
        **dict.fromkeys("def", "3"),
        **dict.fromkeys("ghi", "4"),
        **dict.fromkeys("jkl", "5"),
        **dict.fromkeys("mno", "6"),
        **dict.fromkeys("pqrs", "7"),
        **dict.fromkeys("tuv", "8"),
        **dict.fromkeys("wxyz", "9"),
    }
)


@keep_lazy_text
def phone2numeric(phone: str) -> str:
    """A phone number's letters as the keypad digits they share (``1-800-FLOWERS``)."""
    return phone.lower().translate(_KEYPAD)


# A run of non-space characters that may hold quoted strings (with their
# spaces and backslash escapes), or any other run of non-space characters.
_SMART_SPLIT = re.compile(
    r"""
    ((?:
        [^\s'"]*
        (?:
            (?:"(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*')
            [^\s'"]*
        )+
    ) | \S+)
    """,
    re.VERBOSE,
)


def smart_split(text: Any) -> Iterator[str]:
    """Split on spaces, keeping quoted phrases (quotes and escapes included) whole.

    ``'a "b c" d'`` gives ``a``, ``"b c"``, ``d``; tag arguments are split
    this way.
    """
    for match in _SMART_SPLIT.finditer(str(text)):
        yield match[0]


@keep_lazy_text
def unescape_string_literal(s: str) -> str:
    """The text of a quoted literal: ``'"a \\"b\\""'`` -> ``'a "b"'``."""
    if not s or s[0] not in "\"'" or s[-1] != s[0]:
        raise ValueError(f"Not a string literal: {s!r}")
    quote = s[0]
    return s[1:-1].replace("\\" + quote, quote).replace("\\\\", "\\")


@keep_lazy_text
def slugify(value: Any, allow_unicode: bool = False) -> str:
    """``value`` as a URL slug: lower case, dashes for spaces, nothing else odd.

    Without ``allow_unicode`` accents are dropped and other non-ASCII
    characters removed; with it, letters of any script stay. Leading and
    trailing dashes and underscores are stripped.
    """
    text = str(value)
    if allow_unicode:
        text = unicodedata.normalize("NFKC", text)
    else:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def camel_case_to_spaces(value: str) -> str:
    """``"CamelCaseName"`` -> ``"camel case name"``."""
    return _CAMEL_BOUNDARY.sub(r" \1", value).strip().lower()


def _format(format_string: str, *args: Any, **kwargs: Any) -> str:
    return format_string.format(*args, **kwargs)


#: ``str.format`` whose format string and arguments may all be lazy.
format_lazy = lazy(_format, str)


# Gzip ------------------------------------------------------------------------------


def _random_filename(max_random_bytes: int) -> str:
    # The gzip FNAME field is never read by clients; a random length in it
    # makes the compressed size of two identical bodies differ.
    return "a" * secrets.randbelow(max_random_bytes) if max_random_bytes else ""


def compress_string(data: bytes, *, max_random_bytes: int = 0) -> bytes:
    """``data`` gzipped (level 6, no timestamp), padded by up to ``max_random_bytes``."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename=_random_filename(max_random_bytes),
        mode="wb",
        compresslevel=6,
        fileobj=buffer,
        mtime=0,
    ) as zfile:
        zfile.write(data)
    return buffer.getvalue()


class _ChunkCompressor:
    """One gzip stream fed piece by piece; ``feed`` returns what is ready to send."""

    def __init__(self, max_random_bytes: int) -> None:
        self.buffer = io.BytesIO()
        self.zfile = gzip.GzipFile(
            filename=_random_filename(max_random_bytes),
            mode="wb",
            compresslevel=6,
            fileobj=self.buffer,
            mtime=0,
        )

    def _drain(self) -> bytes:
        data = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return data

    def feed(self, chunk: bytes) -> bytes:
        self.zfile.write(chunk)
        self.zfile.flush()
        return self._drain()

    def finish(self) -> bytes:
        self.zfile.close()
        return self._drain()


def compress_sequence(sequence: Iterable[bytes], *, max_random_bytes: int = 0) -> Iterator[bytes]:
    """Gzip an iterable of byte strings lazily, yielding compressed pieces."""
    compressor = _ChunkCompressor(max_random_bytes)
    yield compressor.feed(b"")  # the header, at once
    iterator = iter(sequence)
    try:
        for chunk in iterator:
            data = compressor.feed(chunk)
            if data:
                yield data
    finally:
        # Closed early (the client went away): close the stream it compresses.
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
    yield compressor.finish()


async def acompress_sequence(
    sequence: AsyncIterable[bytes], *, max_random_bytes: int = 0
) -> AsyncIterator[bytes]:
    """The async twin of :func:`compress_sequence`."""
    compressor = _ChunkCompressor(max_random_bytes)
    yield compressor.feed(b"")
    iterator = aiter(sequence)
    try:
        async for chunk in iterator:
            data = compressor.feed(chunk)
            if data:
                yield data
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()
    yield compressor.finish()

"""The built-in template filters, with Django's names, flags and behaviour.

Every filter here is in ``register``, the library the engine loads into each
template. The flags tell the renderer how a filter treats safe strings:
``is_safe`` (a safe input gives a safe output, so the result is not escaped
again), ``needs_autoescape`` (the filter receives the template's autoescape
setting and escapes what it builds itself), ``expects_localtime`` (datetimes
are converted to the current time zone before the filter sees them).

As in Django, a filter given a value or argument it cannot use returns
something harmless ("" or the value unchanged) rather than failing the page.
Where Django would allocate without limit on a template's say-so, these
filters refuse: ``floatformat`` precision, ``center``/``ljust``/``rjust``
widths and ``stringformat`` widths are bounded (see each filter).
"""

from __future__ import annotations

import random as random_module
import re
import types
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext
from functools import lru_cache, wraps
from inspect import unwrap
from operator import itemgetter
from pprint import pformat
from typing import Any, TypeVar
from urllib.parse import quote

from scallion.template.library import Library
from scallion.utils import formats
from scallion.utils.dateformat import format, time_format
from scallion.utils.encoding import iri_to_uri
from scallion.utils.html import (
    avoid_wrapping,
    conditional_escape,
    escape,
    escapejs,
    linebreaks,
    strip_tags,
)
from scallion.utils.html import json_script as _json_script
from scallion.utils.html import urlize as _urlize
from scallion.utils.safestring import SafeData, mark_safe
from scallion.utils.text import Truncator, normalize_newlines, phone2numeric, wrap
from scallion.utils.text import slugify as _slugify
from scallion.utils.timesince import timesince, timeuntil
from scallion.utils.translation import gettext, ngettext

register = Library()

F = TypeVar("F", bound=Callable[..., Any])

#: The widest field ``center``, ``ljust`` and ``rjust`` pad to; past it the
#: value is returned unpadded (a template could otherwise ask for gigabytes).
MAX_PAD_WIDTH = 10_000
#: The most decimal places ``floatformat`` shows; past it the value is
#: returned as it is, as Django does for values of more than 200 digits.
MAX_FLOATFORMAT_PRECISION = 200
#: The largest width or precision a ``stringformat`` specifier may ask for.
MAX_STRINGFORMAT_WIDTH = 10_000

# How a dotted argument ("author.name") names nested items, as in variables.
_ATTRIBUTE_SEPARATOR = "."


def _filter(name: str | None = None, **flags: Any) -> Callable[[F], F]:
    """``register.filter`` with flags, typed for the functions below."""

    def decorator(func: F) -> F:
        register.filter(name or func.__name__, func, **flags)
        return func

    return decorator


def stringfilter(func: F) -> F:
    """Decorator: the filter receives its value as ``str``.

    When the value was safe and the filter is flagged ``is_safe``, the result
    is marked safe again (``str()`` of a safe string is still safe, but the
    filter's own string operations drop the mark).
    """

    @wraps(func)
    def _dec(first: Any, *args: Any, **kwargs: Any) -> Any:
        first = str(first)
        result = func(first, *args, **kwargs)
        if isinstance(first, SafeData) and getattr(unwrap(func), "is_safe", False):
            result = mark_safe(result)
        return result

    return _dec  # type: ignore[return-value]


# -- strings ---------------------------------------------------------------


@_filter(is_safe=True)
@stringfilter
def addslashes(value: str) -> str:
    """Backslashes before backslashes and quotes (for CSV and the like; not for JavaScript)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


@_filter(is_safe=True)
@stringfilter
def capfirst(value: str) -> str:
    """The first character upper-cased."""
    return value and value[0].upper() + value[1:]


@_filter("escapejs")
@stringfilter
def escapejs_filter(value: str) -> str:
    """The value escaped for use inside a JavaScript string literal."""
    return escapejs(value)


@_filter(is_safe=True)
def json_script(value: Any, element_id: str | None = None) -> str:
    """The value as JSON in a ``<script type="application/json">`` element, safe to embed."""
    return _json_script(value, element_id)


def _floatformat_options(arg: Any) -> tuple[Any, bool, bool]:
    """The precision part of ``arg`` and its ``g`` (grouping) and ``u`` (unlocalized) flags."""
    force_grouping = False
    use_l10n = True
    if isinstance(arg, str):
        if arg[-2:] in {"gu", "ug"}:
            return arg[:-2] or -1, True, False
        if arg[-1:] == "g":
            force_grouping, arg = True, arg[:-1] or -1
        elif arg[-1:] == "u":
            use_l10n, arg = False, arg[:-1] or -1
    return arg, force_grouping, use_l10n


def _precision(arg: Any) -> int | None:
    """``int(arg)``, or None when ``arg`` is no whole number."""
    try:
        return int(arg)
    except ValueError:
        return None


@lru_cache(maxsize=256)
def _floatformat_arg(arg: str) -> tuple[int | None, bool, bool]:
    """A string argument of ``floatformat``: its precision (None if none) and flags."""
    precision, force_grouping, use_l10n = _floatformat_options(arg)
    return _precision(precision), force_grouping, use_l10n


@lru_cache(maxsize=64)
def _decimal_context(prec: int) -> Context:
    # Building a Context costs more than the rounding itself: reuse them.
    return Context(prec=prec)


@lru_cache(maxsize=MAX_FLOATFORMAT_PRECISION + 1)
def _quantum(places: int) -> Decimal:
    """``Decimal("1e-<places>")``, the step ``floatformat`` rounds to."""
    return Decimal(1).scaleb(-places)


@_filter(is_safe=True)
def floatformat(text: Any, arg: Any = -1) -> str:
    """A number rounded (half up) to ``arg`` decimal places.

    No argument: one decimal, none if it would be 0 (34.23 -> "34.2",
    34.0 -> "34"). A positive ``arg``: exactly that many decimals. A negative
    one: that many, or none if they would all be 0. Suffix ``g`` groups
    thousands as the locale does, ``u`` turns localization off. Infinity and
    NaN show as Python writes them; a non-number gives "".

    Bounds: a value of more than 200 digits (or exponent), or a precision of
    more than ``MAX_FLOATFORMAT_PRECISION`` places, comes back unformatted.
    """
    text_arg = isinstance(arg, str)
    if text_arg:
        # PERF: page-dtl (``floatformat:2`` on every row): a string argument parsed once.
        p, force_grouping, use_l10n = _floatformat_arg(str(arg))
    else:
        p, force_grouping, use_l10n = None, False, True
    input_val = ""
    try:
        input_val = str(text)
        d = Decimal(input_val)
    except InvalidOperation:
        try:
            d = Decimal(str(float(text)))
        except (ValueError, InvalidOperation, TypeError):
            return ""
    if not text_arg:
        p = _precision(arg)  # after the value: a non-number value gives "" whatever arg is
    if p is None or abs(p) > MAX_FLOATFORMAT_PRECISION:
        return input_val

    _, digits, exponent = d.as_tuple()
    # The exponent of NaN or infinity is a letter ("n", "N", "F").
    size = len(digits) + abs(exponent) if isinstance(exponent, int) else 0
    if size > 200:
        return input_val
    try:
        m = int(d) - d
    except (ValueError, OverflowError, InvalidOperation):
        return input_val
    if not m and p <= 0:
        return mark_safe(
            formats.number_format(str(int(d)), 0, use_l10n=use_l10n, force_grouping=force_grouping)
        )
    # Enough precision that quantize() never raises InvalidOperation.
    exponent_int = int(exponent) if isinstance(exponent, int) else 0
    units = len(digits) + (-exponent_int if m else exponent_int)
    prec = abs(p) + units + 1
    context = getcontext()
    if prec > context.prec:
        context = _decimal_context(prec)
    rounded = d.quantize(_quantum(abs(p)), ROUND_HALF_UP, context)
    # Fixed-point ("f" never switches to scientific notation as str() can), and a
    # value that rounds to zero loses its sign: no "-0.00".
    number = f"{rounded if rounded else rounded.copy_abs():f}"
    return mark_safe(
        formats.number_format(number, abs(p), use_l10n=use_l10n, force_grouping=force_grouping)
    )


@_filter(is_safe=True)
@stringfilter
def iriencode(value: str) -> str:
    """The value with characters a URL cannot hold percent-encoded (reserved ones kept)."""
    return iri_to_uri(value)


@_filter(is_safe=True, needs_autoescape=True)
@stringfilter
def linenumbers(value: str, autoescape: bool = True) -> str:
    """Each line prefixed with its number, zero-padded to a common width."""
    lines = value.split("\n")
    width = len(str(len(lines)))
    escape_lines = autoescape and not isinstance(value, SafeData)
    return mark_safe(
        "\n".join(
            f"{number:0{width}d}. {escape(line) if escape_lines else line}"
            for number, line in enumerate(lines, 1)
        )
    )


@_filter(is_safe=True)
@stringfilter
def lower(value: str) -> str:
    """The value in lower case."""
    return value.lower()


@_filter(is_safe=False)
@stringfilter
def make_list(value: str) -> list[str]:
    """The value's characters as a list (an integer's digits)."""
    return list(value)


@_filter(is_safe=True)
@stringfilter
def slugify(value: str) -> str:
    """The value as an ASCII URL slug: lower case, dashes for spaces, nothing else."""
    return _slugify(value)


# A width or precision inside a printf-style specifier.
_SPEC_NUMBER = re.compile(r"\d+")


@_filter(is_safe=True)
def stringformat(value: Any, arg: Any) -> str:
    """The value formatted by a printf-style specifier without its ``%`` ("05d", ".2f").

    A specifier that does not fit the value gives "". Widths and precisions
    above ``MAX_STRINGFORMAT_WIDTH`` give "" too.
    """
    spec = str(arg)
    if any(len(n) > 6 or int(n) > MAX_STRINGFORMAT_WIDTH for n in _SPEC_NUMBER.findall(spec)):
        return ""
    if isinstance(value, tuple):
        value = str(value)
    try:
        formatted: str = ("%" + spec) % value
        return formatted
    except (ValueError, TypeError):
        return ""


_APOSTROPHE_CAPITAL = re.compile("([a-z])'([A-Z])")
_DIGIT_CAPITAL = re.compile(r"\d([A-Z])")


@_filter(is_safe=True)
@stringfilter
def title(value: str) -> str:
    """Each word capitalised; not after an apostrophe ("don't") or a digit ("1st")."""
    text = _APOSTROPHE_CAPITAL.sub(lambda m: m[0].lower(), value.title())
    return _DIGIT_CAPITAL.sub(lambda m: m[0].lower(), text)


def _length_or_none(arg: Any) -> int | None:
    try:
        return int(arg)
    except ValueError:
        return None


@_filter(is_safe=True)
@stringfilter
def truncatechars(value: str, arg: Any) -> str:
    """At most ``arg`` characters, ending in "…" when cut."""
    length = _length_or_none(arg)
    return value if length is None else Truncator(value).chars(length)


@_filter(is_safe=True)
@stringfilter
def truncatechars_html(value: str, arg: Any) -> str:
    """``truncatechars`` that counts text only and closes the tags it cuts through."""
    length = _length_or_none(arg)
    return value if length is None else Truncator(value).chars(length, html=True)


@_filter(is_safe=True)
@stringfilter
def truncatewords(value: str, arg: Any) -> str:
    """At most ``arg`` words, then " …"; line breaks become spaces."""
    length = _length_or_none(arg)
    return value if length is None else Truncator(value).words(length, truncate=" …")


@_filter(is_safe=True)
@stringfilter
def truncatewords_html(value: str, arg: Any) -> str:
    """``truncatewords`` that keeps line breaks and closes the tags it cuts through."""
    length = _length_or_none(arg)
    if length is None:
        return value
    return Truncator(value).words(length, html=True, truncate=" …")


@_filter(is_safe=False)
@stringfilter
def upper(value: str) -> str:
    """The value in upper case."""
    return value.upper()


@_filter(is_safe=False)
@stringfilter
def urlencode(value: str, safe: str | None = None) -> str:
    """The value percent-encoded for a URL; ``safe`` lists characters to keep (default "/")."""
    if safe is None:
        return quote(value)
    return quote(value, safe=safe)


@_filter(is_safe=True, needs_autoescape=True)
@stringfilter
def urlize(value: str, autoescape: bool = True) -> str:
    """URLs and e-mail addresses in the text made into links (``rel="nofollow"``)."""
    return mark_safe(_urlize(value, nofollow=True, autoescape=autoescape))


@_filter(is_safe=True, needs_autoescape=True)
@stringfilter
def urlizetrunc(value: str, limit: Any, autoescape: bool = True) -> str:
    """``urlize`` with the shown URLs cut to ``limit`` characters."""
    return mark_safe(
        _urlize(value, trim_url_limit=int(limit), nofollow=True, autoescape=autoescape)
    )


@_filter(is_safe=False)
@stringfilter
def wordcount(value: str) -> int:
    """The number of words."""
    return len(value.split())


@_filter(is_safe=True)
@stringfilter
def wordwrap(value: str, arg: Any) -> str:
    """Lines wrapped at ``arg`` characters (long words are not split)."""
    return wrap(value, int(arg))


def _pad_width(arg: Any) -> int | None:
    width = int(arg)
    return None if width > MAX_PAD_WIDTH else width


@_filter(is_safe=True)
@stringfilter
def ljust(value: str, arg: Any) -> str:
    """The value left-aligned in a field ``arg`` wide (at most ``MAX_PAD_WIDTH``)."""
    width = _pad_width(arg)
    return value if width is None else value.ljust(width)


@_filter(is_safe=True)
@stringfilter
def rjust(value: str, arg: Any) -> str:
    """The value right-aligned in a field ``arg`` wide (at most ``MAX_PAD_WIDTH``)."""
    width = _pad_width(arg)
    return value if width is None else value.rjust(width)


@_filter(is_safe=True)
@stringfilter
def center(value: str, arg: Any) -> str:
    """The value centred in a field ``arg`` wide (at most ``MAX_PAD_WIDTH``)."""
    width = _pad_width(arg)
    if width is None or width <= 0:
        return value
    return f"{value:^{width}}"


@_filter()
@stringfilter
def cut(value: str, arg: str) -> str:
    """The value with every ``arg`` removed.

    A safe value stays safe, unless ``;`` was cut: that could break an entity
    such as ``&amp;`` into markup.
    """
    safe = isinstance(value, SafeData)
    value = value.replace(arg, "")
    if safe and arg != ";":
        return mark_safe(value)
    return value


# -- HTML ------------------------------------------------------------------


@_filter("escape", is_safe=True)
@stringfilter
def escape_filter(value: str) -> str:
    """The value escaped for HTML, unless already safe (escaping happens once)."""
    return conditional_escape(value)  # type: ignore[no-any-return]


@_filter(is_safe=True)
def escapeseq(value: Iterable[Any]) -> list[Any]:
    """Each item escaped, unless already safe; for ``{{ items|escapeseq|join:", " }}``."""
    return [conditional_escape(item) for item in value]


@_filter(is_safe=True)
@stringfilter
def force_escape(value: str) -> str:
    """The value escaped for HTML now, even if already safe."""
    return escape(value)


@_filter("linebreaks", is_safe=True, needs_autoescape=True)
@stringfilter
def linebreaks_filter(value: str, autoescape: bool = True) -> str:
    """Blank lines become paragraphs (``<p>``), single line breaks ``<br>``."""
    autoescape = autoescape and not isinstance(value, SafeData)
    return mark_safe(linebreaks(value, autoescape))


@_filter(is_safe=True, needs_autoescape=True)
@stringfilter
def linebreaksbr(value: str, autoescape: bool = True) -> str:
    """Every line break becomes ``<br>``."""
    autoescape = autoescape and not isinstance(value, SafeData)
    value = normalize_newlines(value)
    if autoescape:
        value = escape(value)
    return mark_safe(value.replace("\n", "<br>"))


@_filter(is_safe=True)
@stringfilter
def safe(value: str) -> str:
    """The value marked safe: autoescaping leaves it alone."""
    return mark_safe(value)


@_filter(is_safe=True)
def safeseq(value: Iterable[Any]) -> list[Any]:
    """Each item (as text) marked safe."""
    return [mark_safe(item) for item in value]


@_filter(is_safe=True)
@stringfilter
def striptags(value: str) -> str:
    """The value with HTML tags removed. The result is not safe: it is escaped on output."""
    return strip_tags(value)


# -- lists -----------------------------------------------------------------


def _property_resolver(arg: Any) -> Callable[[Any], Any]:
    """A sort key reading ``arg`` from each item.

    A number is an index (``itemgetter``); any other text a dotted path of
    keys or attributes, each part tried as a key first. Parts starting with
    ``_`` are refused, as in template variables.
    """
    try:
        float(arg)
    except ValueError:
        if _ATTRIBUTE_SEPARATOR + "_" in arg or arg[0] == "_":
            raise AttributeError("Access to private variables is forbidden.") from None
        parts = arg.split(_ATTRIBUTE_SEPARATOR)

        def resolve(value: Any) -> Any:
            for part in parts:
                try:
                    value = value[part]
                except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                    value = getattr(value, part)
            return value

        return resolve
    return itemgetter(arg)


@_filter(is_safe=False)
def dictsort(value: Any, arg: Any) -> Any:
    """The items sorted by ``arg`` (a key, attribute, dotted path or index); "" if they can't be."""
    try:
        return sorted(value, key=_property_resolver(arg))
    except (AttributeError, TypeError):
        return ""


@_filter(is_safe=False)
def dictsortreversed(value: Any, arg: Any) -> Any:
    """``dictsort`` in reverse order."""
    try:
        return sorted(value, key=_property_resolver(arg), reverse=True)
    except (AttributeError, TypeError):
        return ""


@_filter(is_safe=False)
def first(value: Any) -> Any:
    """The first item, or ""."""
    try:
        return value[0]
    except IndexError:
        return ""


@_filter(is_safe=True, needs_autoescape=True)
def join(value: Any, arg: Any, autoescape: bool = True) -> Any:
    """The items joined by ``arg``, each (and ``arg``) escaped unless safe."""
    try:
        if autoescape:
            data = conditional_escape(arg).join([conditional_escape(v) for v in value])
        else:
            data = arg.join(value)
    except TypeError:
        return value
    return mark_safe(data)


@_filter(is_safe=True)
def last(value: Any) -> Any:
    """The last item, or ""."""
    try:
        return value[-1]
    except IndexError:
        return ""


@_filter(is_safe=False)
def length(value: Any) -> int:
    """The number of items (or characters); 0 for what has no length."""
    try:
        return len(value)
    except (ValueError, TypeError):
        return 0


@_filter(is_safe=True)
def random(value: Any) -> Any:
    """A random item, or "" for an empty sequence."""
    try:
        return random_module.choice(value)
    except IndexError:
        return ""


@_filter("slice", is_safe=True)
def slice_filter(value: Any, arg: Any) -> Any:
    """``value[arg]`` with Python's slice syntax in ``arg`` ("2", ":3", "1:-1", "::2")."""
    try:
        bits = [int(x) if x else None for x in str(arg).split(":")]
        return value[slice(*bits)]
    except (ValueError, TypeError, KeyError):
        return value


def _walk_items(item_list: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each item with the list of children that directly follows it, if any."""
    items = iter(item_list)
    try:
        item = next(items)
        while True:
            try:
                following = next(items)
            except StopIteration:
                yield item, None
                break
            if isinstance(following, list | tuple | types.GeneratorType):
                try:
                    iter(following)
                except TypeError:
                    pass
                else:
                    yield item, following
                    item = next(items)
                    continue
            yield item, None
            item = following
    except StopIteration:
        pass


@_filter(is_safe=True, needs_autoescape=True)
def unordered_list(value: Any, autoescape: bool = True) -> str:
    """A nested list as ``<li>`` items (without the outer ``<ul>``).

    A list that follows an item holds that item's children:
    ``["States", ["Kansas", ["Lawrence"]]]``.
    """

    def escaper(x: Any) -> Any:
        return conditional_escape(x) if autoescape else x

    def list_formatter(item_list: Iterable[Any], tabs: int = 1) -> str:
        indent = "\t" * tabs
        output = []
        for item, children in _walk_items(item_list):
            sublist = ""
            if children:
                inner = list_formatter(children, tabs + 1)
                sublist = f"\n{indent}<ul>\n{inner}\n{indent}</ul>\n{indent}"
            output.append(f"{indent}<li>{escaper(item)}{sublist}</li>")
        return "\n".join(output)

    return mark_safe(list_formatter(value))


# -- numbers ---------------------------------------------------------------


@_filter(is_safe=False)
def add(value: Any, arg: Any) -> Any:
    """``value + arg``: as integers when both are, else as they are; "" if they don't add."""
    try:
        return int(value) + int(arg)
    except (ValueError, TypeError):
        try:
            return value + arg
        except Exception:
            return ""


@_filter(is_safe=False)
def get_digit(value: Any, arg: Any) -> Any:
    """Digit ``arg`` of a whole number, counted from the right (1 is the last).

    The value unchanged if either is no integer or ``arg`` is below 1; 0 past
    the first digit.
    """
    try:
        position = int(arg)
        number = int(value)
    except ValueError:
        return value
    if position < 1:
        return number
    try:
        return int(str(number)[-position])
    except IndexError:
        return 0


# -- dates -----------------------------------------------------------------


@_filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: Any = None) -> str:
    """A date or datetime in a format name (``"SHORT_DATE_FORMAT"``) or letters; DATE_FORMAT."""
    if value in (None, ""):
        return ""
    try:
        return formats.date_format(value, arg)
    except AttributeError:
        try:
            return format(value, arg)
        except AttributeError:
            return ""


@_filter(expects_localtime=True, is_safe=False)
def time(value: Any, arg: Any = None) -> str:
    """A time or datetime in a format name or time letters; TIME_FORMAT by default."""
    if value in (None, ""):
        return ""
    try:
        return formats.time_format(value, arg)
    except (AttributeError, TypeError):
        try:
            return time_format(value, arg)
        except (AttributeError, TypeError):
            return ""


@_filter("timesince", is_safe=False)
def timesince_filter(value: Any, arg: Any = None) -> str:
    """The time since the value (until ``arg``, default now) in words: "4 days, 6 hours"."""
    if not value:
        return ""
    try:
        if arg:
            return timesince(value, arg)
        return timesince(value)
    except (ValueError, TypeError):
        return ""


@_filter("timeuntil", is_safe=False)
def timeuntil_filter(value: Any, arg: Any = None) -> str:
    """The time from now (or ``arg``) until the value, in words."""
    if not value:
        return ""
    try:
        return timeuntil(value, arg)
    except (ValueError, TypeError):
        return ""


# -- logic -----------------------------------------------------------------


@_filter(is_safe=False)
def default(value: Any, arg: Any) -> Any:
    """The value, or ``arg`` when the value is false."""
    return value or arg


@_filter(is_safe=False)
def default_if_none(value: Any, arg: Any) -> Any:
    """The value, or ``arg`` when the value is ``None``."""
    if value is None:
        return arg
    return value


@_filter(is_safe=False)
def divisibleby(value: Any, arg: Any) -> bool:
    """Whether the value is divisible by ``arg``."""
    return int(value) % int(arg) == 0


@_filter(is_safe=False)
def yesno(value: Any, arg: str | None = None) -> Any:
    """One of ``"yes,no,maybe"`` (or ``arg``'s words) for true, false and ``None``.

    Without a third word ``None`` gets the second; with fewer than two words
    the value comes back unchanged.
    """
    if arg is None:
        arg = gettext("yes,no,maybe")
    bits = arg.split(",")
    if len(bits) < 2:
        return value
    if len(bits) == 3:
        yes, no, maybe = bits
    else:
        yes, no, maybe = bits[0], bits[1], bits[1]
    if value is None:
        return maybe
    return yes if value else no


# -- other -----------------------------------------------------------------

_KB = 1 << 10
_MB = 1 << 20
_GB = 1 << 30
_TB = 1 << 40
_PB = 1 << 50


@_filter(is_safe=True)
def filesizeformat(bytes_: Any) -> str:
    """A byte count for people: "13 KB", "4.1 MB", "102 bytes" (units of 1024)."""
    try:
        size = int(bytes_)
    except (TypeError, ValueError, UnicodeDecodeError):
        return avoid_wrapping(ngettext("%(size)d byte", "%(size)d bytes", 0) % {"size": 0})

    def in_units(amount: float) -> str:
        return formats.number_format(round(amount, 1), 1)

    negative = size < 0
    size = abs(size)
    if size < _KB:
        text = ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    elif size < _MB:
        text = gettext("%s KB") % in_units(size / _KB)
    elif size < _GB:
        text = gettext("%s MB") % in_units(size / _MB)
    elif size < _TB:
        text = gettext("%s GB") % in_units(size / _GB)
    elif size < _PB:
        text = gettext("%s TB") % in_units(size / _TB)
    else:
        text = gettext("%s PB") % in_units(size / _PB)
    if negative:
        text = f"-{text}"
    return avoid_wrapping(text)


@_filter(is_safe=False)
def pluralize(value: Any, arg: str = "s") -> str:
    """A plural suffix unless the value (a number or a sized object) is 1.

    ``arg`` is the plural suffix ("es"), or "singular,plural" ("y,ies"); more
    than one comma gives "".
    """
    if "," not in arg:
        arg = "," + arg
    bits = arg.split(",")
    if len(bits) > 2:
        return ""
    singular_suffix, plural_suffix = bits
    try:
        return singular_suffix if float(value) == 1 else plural_suffix
    except ValueError:
        pass
    except TypeError:
        try:
            return singular_suffix if len(value) == 1 else plural_suffix
        except TypeError:
            pass
    return ""


@_filter("phone2numeric", is_safe=True)
def phone2numeric_filter(value: Any) -> str:
    """A phone number's letters as keypad digits."""
    return phone2numeric(value)


@_filter(is_safe=True)
def pprint(value: Any) -> str:
    """``pprint.pformat`` of the value, for debugging."""
    try:
        return pformat(value)
    except Exception as e:
        return f"Error in formatting: {e.__class__.__name__}: {e}"

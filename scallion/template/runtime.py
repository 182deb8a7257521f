"""What compiled templates call at render time: variable look-up and output conversion.

A variable such as ``{{ article.author.name }}`` is resolved the way Django
resolves it, one *bit* after the dot at a time: first ``obj[bit]``, then
``getattr(obj, bit)``, then ``obj[int(bit)]``; a callable result is called
with no arguments (unless it is marked ``do_not_call_in_templates``, and never
when it is marked ``alters_data``). ``Variable.resolve`` and the compiled code
both use the functions here, so the two cannot drift apart.

The hot cases are checked first (an exact ``dict`` holding the key, an object
whose type has no ``__getitem__``); everything else goes through the general
path, which is Django's algorithm step by step, including its error rules: a
failure raises ``VariableDoesNotExist``; an exception with
``silent_variable_failure = True`` turns the whole variable into the engine's
``string_if_invalid``; any other exception propagates.
"""

from __future__ import annotations

import html
import logging
from inspect import signature
from typing import Any

from scallion.core.signals import setting_changed
from scallion.template.context import BaseContext
from scallion.template.exceptions import VariableDoesNotExist
from scallion.utils.safestring import SafeData, SafeString

logger = logging.getLogger("scallion.template")


class _Missing:
    """The look-up result for a name no context dict holds."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class SilentVariableFailure(Exception):
    """A look-up raised an exception marked ``silent_variable_failure``.

    Carries the value the variable takes instead (``string_if_invalid``);
    compiled code catches it right around the look-up.
    """

    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


def lookup(dicts: list[Any], name: str) -> Any:
    """The innermost value of ``name`` in a context's dicts, or ``MISSING``."""
    for d in reversed(dicts):
        if name in d:
            return d[name]
    return MISSING


def string_if_invalid(context: Any) -> Any:
    """The engine's replacement for an invalid variable (``""`` unless configured)."""
    template = getattr(context, "template", None)
    if template is None:
        return ""
    return template.engine.string_if_invalid


def lookup_failed(exc: Exception, bit: Any, context: Any) -> Any:
    """Log a failed look-up; return the silent value or re-raise ``exc``.

    Called from an ``except`` block: ``raise`` re-raises the exception being
    handled, with its traceback.
    """
    if logger.isEnabledFor(logging.DEBUG):
        template_name = getattr(context, "template_name", None) or "unknown"
        logger.debug(
            "Exception while resolving variable '%s' in template '%s'.",
            bit,
            template_name,
            exc_info=True,
        )
    if getattr(exc, "silent_variable_failure", False):
        raise SilentVariableFailure(string_if_invalid(context)) from None
    raise exc


def missing_name(name: str, context: Any) -> Any:
    """Raise (and log) ``VariableDoesNotExist`` for a name no context dict holds."""
    try:
        raise VariableDoesNotExist("Failed lookup for key [%s] in %r", (name, context))
    except VariableDoesNotExist as exc:
        return lookup_failed(exc, name, context)


def call_value(value: Any, bit: Any, context: Any) -> Any:
    """``value()`` as a template calls it: without arguments, and only if allowed."""
    try:
        return _call(value, context)
    except SilentVariableFailure:
        raise
    except Exception as exc:
        return lookup_failed(exc, bit, context)


def _call(value: Any, context: Any) -> Any:
    if getattr(value, "do_not_call_in_templates", False):
        return value
    if getattr(value, "alters_data", False):
        # A method that changes data (``delete``, ``save``) is never called from a template.
        return string_if_invalid(context)
    try:
        return value()
    except TypeError:
        # Arguments were required: not callable from a template. A TypeError
        # raised inside a callable that takes none propagates.
        try:
            value_signature = signature(value)
        except ValueError:
            return string_if_invalid(context)
        try:
            value_signature.bind()
        except TypeError:
            return string_if_invalid(context)
        raise


#: Types known to have no ``__getitem__`` (so ``obj[bit]`` is not tried).
_NO_GETITEM: dict[type, bool] = {}
_NO_GETITEM_LIMIT = 4096


def resolve_bit(current: Any, bit: str, context: Any) -> Any:
    """``current.<bit>`` as a template resolves it, the call included."""
    cls = current.__class__
    if cls is dict:
        if bit in current:
            value = current[bit]
            if callable(value):
                return call_value(value, bit, context)
            return value
    elif _NO_GETITEM.get(cls):
        # No item to try: straight to the attribute, with Django's rules on failure.
        try:
            value = getattr(current, bit)
        except Exception as exc:
            if isinstance(exc, TypeError | AttributeError) and bit not in dir(current):
                exc = VariableDoesNotExist("Failed lookup for key [%s] in %r", (bit, current))
            return lookup_failed(exc, bit, context)
        if callable(value):
            return call_value(value, bit, context)
        return value
    try:
        value = _resolve_bit_general(current, bit)
    except Exception as exc:
        return lookup_failed(exc, bit, context)
    if callable(value):
        return call_value(value, bit, context)
    return value


def _resolve_bit_general(current: Any, bit: str) -> Any:
    """Django's three tries: item, attribute, list index."""
    cls = type(current)
    try:
        # Only a type that defines __getitem__ (not a class's __class_getitem__).
        if not hasattr(cls, "__getitem__"):
            if len(_NO_GETITEM) < _NO_GETITEM_LIMIT:
                _NO_GETITEM[cls] = True
            raise TypeError
        return current[bit]
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        pass
    try:
        # A template never reads a context's own attributes (``push``, ``dicts``...).
        if isinstance(current, BaseContext) and getattr(cls, bit):
            raise AttributeError
        return getattr(current, bit)
    except (TypeError, AttributeError):
        # A property that raised AttributeError is a bug to show, not a miss.
        if not isinstance(current, BaseContext) and bit in dir(current):
            raise
    try:
        return current[int(bit)]
    except (IndexError, ValueError, KeyError, TypeError):
        raise VariableDoesNotExist("Failed lookup for key [%s] in %r", (bit, current)) from None


def resolve_name(value: Any, name: str, context: Any) -> Any:
    """The first bit of a variable, given its raw value from the context dicts."""
    if value is MISSING:
        return missing_name(name, context)
    if callable(value):
        return call_value(value, name, context)
    return value


# Output ------------------------------------------------------------------------

escape = html.escape

#: Settings the output conversion reads, kept current by ``setting_changed``.
_output_settings: dict[str, bool | None] = {"USE_THOUSAND_SEPARATOR": None}


def _thousand_separator() -> bool:
    value = _output_settings["USE_THOUSAND_SEPARATOR"]
    if value is None:
        from scallion.conf import settings

        value = _output_settings["USE_THOUSAND_SEPARATOR"] = bool(
            getattr(settings, "USE_THOUSAND_SEPARATOR", False)
        )
    return bool(value)


def forget_output_settings(*, setting: str, **kwargs: Any) -> None:
    if setting in _output_settings:
        _output_settings[setting] = None


setting_changed.connect(forget_output_settings, dispatch_uid="scallion.template.runtime")


def _localized(value: Any, context: Any) -> Any:
    from scallion.utils.formats import localize
    from scallion.utils.timezone import template_localtime

    value = template_localtime(value, use_tz=context.use_tz)
    return localize(value, use_l10n=context.use_l10n)


def render_escaped(value: Any, context: Any) -> str:
    """A value as autoescaped output: localized, text, HTML-escaped unless safe."""
    cls = value.__class__
    if cls is str:
        return escape(value)
    if cls is SafeString:
        return value  # type: ignore[no-any-return]
    if cls is int and not _thousand_separator():
        return str(value)
    value = _localized(value, context)
    if not issubclass(type(value), str):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    return escape(str(value))


def render_plain(value: Any, context: Any) -> str:
    """A value as output with autoescaping off: localized text."""
    cls = value.__class__
    if cls is str or cls is SafeString:
        return value  # type: ignore[no-any-return]
    if cls is int and not _thousand_separator():
        return str(value)
    return str(_localized(value, context))


def is_safe_data(value: Any) -> bool:
    return isinstance(value, SafeData)


# Errors --------------------------------------------------------------------------


def annotate_exception(exc: BaseException, node: Any, context: Any) -> None:
    """Attach ``template_debug`` for ``node`` to ``exc`` when the engine debugs.

    The innermost node that saw the exception is kept as the culprit; the
    source lines are those of the template being rendered, and only when the
    culprit belongs to it (an included template annotates its own errors).
    """
    template = getattr(context, "template", None)
    if template is None or not template.engine.debug:
        return
    if not hasattr(exc, "_culprit_node"):
        exc._culprit_node = node  # type: ignore[attr-defined]
    rendering = context.render_context.template
    culprit = exc._culprit_node  # type: ignore[attr-defined]
    if (
        not hasattr(exc, "template_debug")
        and rendering is not None
        and getattr(culprit, "token", None) is not None
        and rendering.origin == culprit.origin
    ):
        exc.template_debug = rendering.get_exception_info(exc, culprit.token)  # type: ignore[attr-defined]


def annotate_from_traceback(exc: BaseException, context: Any, line_nodes: dict[int, Any]) -> None:
    """``annotate_exception`` for the node whose generated line was running.

    Called in a compiled function's ``except`` block: the traceback's first
    entry is that function's frame, its line number maps back to the node.
    """
    tb = exc.__traceback__
    if tb is None:
        return
    node = line_nodes.get(tb.tb_lineno)
    if node is not None:
        annotate_exception(exc, node, context)


__all__ = [
    "MISSING",
    "SilentVariableFailure",
    "call_value",
    "escape",
    "lookup",
    "lookup_failed",
    "missing_name",
    "render_escaped",
    "render_plain",
    "resolve_bit",
    "resolve_name",
    "string_if_invalid",
]

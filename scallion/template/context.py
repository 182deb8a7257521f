"""``Context``: the stack of dicts a Django-language template reads its variables from.

A look-up searches the dicts from the top of the stack down; tags that bind
names (``{% with %}``, ``{% for %}``) push a dict and pop it afterwards, so
their names vanish at the end tag. The bottom dict holds ``True``, ``False``
and ``None``.

``RenderContext`` is a second stack for the state tags keep while one
template renders (a ``{% cycle %}``'s position, the loaded ``{% include %}``
templates); each template rendered (an include, but not an extends parent)
gets a fresh top. ``RequestContext`` adds the output of the engine's
context processors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from copy import copy
from typing import Any

#: Context processors every ``RequestContext`` runs, before the engine's own.
_builtin_context_processors = ("scallion.template.context_processors.csrf",)


class ContextPopException(Exception):
    """``pop()`` was called more times than ``push()``."""


class ContextDict(dict[Any, Any]):
    """A dict pushed on a context; as a context manager, it pops itself on exit."""

    def __init__(self, context: BaseContext, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        context.dicts.append(self)
        self.context = context

    def __enter__(self) -> ContextDict:
        return self

    def __exit__(self, *args: object) -> None:
        self.context.pop()


class BaseContext:
    """The dict stack: look-up from the top, assignment into the top."""

    def __init__(self, dict_: Any = None) -> None:
        self._reset_dicts(dict_)

    def _reset_dicts(self, value: Any = None) -> None:
        builtins = {"True": True, "False": False, "None": None}
        self.dicts: list[Any] = [builtins]
        if isinstance(value, BaseContext):
            self.dicts += value.dicts[1:]
        elif value is not None:
            self.dicts.append(value)

    def __copy__(self) -> BaseContext:
        duplicate = BaseContext()
        duplicate.__class__ = self.__class__
        duplicate.__dict__ = copy(self.__dict__)
        duplicate.dicts = self.dicts[:]
        return duplicate

    def __repr__(self) -> str:
        return repr(self.dicts)

    def __iter__(self) -> Iterator[Any]:
        dicts: list[Any] = self.dicts
        top_first: Iterator[Any] = reversed(dicts)
        return top_first

    def push(self, *args: Any, **kwargs: Any) -> ContextDict:
        """Push a new dict (made of ``args`` and ``kwargs``); use it in a ``with`` block."""
        dicts = []
        for d in args:
            if isinstance(d, BaseContext):
                dicts += d.dicts[1:]
            else:
                dicts.append(d)
        return ContextDict(self, *dicts, **kwargs)

    def pop(self) -> Any:
        if len(self.dicts) == 1:
            raise ContextPopException
        return self.dicts.pop()

    def __setitem__(self, key: Any, value: Any) -> None:
        """Set a variable in the top dict."""
        self.dicts[-1][key] = value

    def set_upward(self, key: Any, value: Any) -> None:
        """Set a variable in the topmost dict that has it, else in the top dict."""
        context = self.dicts[-1]
        for d in reversed(self.dicts):
            if key in d:
                context = d
                break
        context[key] = value

    def __getitem__(self, key: Any) -> Any:
        for d in reversed(self.dicts):
            if key in d:
                return d[key]
        raise KeyError(key)

    def __delitem__(self, key: Any) -> None:
        """Delete a variable from the top dict."""
        del self.dicts[-1][key]

    def __contains__(self, key: Any) -> bool:
        return any(key in d for d in self.dicts)

    def get(self, key: Any, otherwise: Any = None) -> Any:
        for d in reversed(self.dicts):
            if key in d:
                return d[key]
        return otherwise

    def setdefault(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default

    def new(self, values: Any = None) -> Any:
        """A context with the same settings (autoescape, template...) holding only ``values``."""
        new_context = copy(self)
        new_context._reset_dicts(values)
        return new_context

    def flatten(self) -> dict[Any, Any]:
        """All the dicts merged into one (the top wins)."""
        flat: dict[Any, Any] = {}
        for d in self.dicts:
            flat.update(d)
        return flat

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseContext):
            return NotImplemented
        # Compared flattened: the same values pushed in a different order are equal.
        return self.flatten() == other.flatten()

    __hash__ = None  # type: ignore[assignment]


class Context(BaseContext):
    """The variables a template renders with, plus the render's settings.

    ``autoescape`` (HTML-escape output, default on), ``use_l10n`` and
    ``use_tz`` (None: follow the settings). ``template`` is the template being
    rendered (the outermost one, for includes and extends), set for the
    duration of a render.
    """

    def __init__(
        self,
        dict_: Any = None,
        autoescape: bool = True,
        use_l10n: bool | None = None,
        use_tz: bool | None = None,
    ) -> None:
        self.autoescape = autoescape
        self.use_l10n = use_l10n
        self.use_tz = use_tz
        self.template_name: str | None = "unknown"
        self.render_context = RenderContext()
        self.template: Any = None
        super().__init__(dict_)

    @contextmanager
    def bind_template(self, template: Any) -> Iterator[None]:
        if self.template is not None:
            raise RuntimeError("Context is already bound to a template")
        self.template = template
        try:
            yield
        finally:
            self.template = None

    def __copy__(self) -> Context:
        duplicate: Any = super().__copy__()
        duplicate.render_context = copy(self.render_context)
        return duplicate  # type: ignore[no-any-return]

    def update(self, other_dict: Any) -> ContextDict:
        """Push ``other_dict`` on the stack (use it in a ``with`` block to pop it after)."""
        if not hasattr(other_dict, "__getitem__"):
            raise TypeError("other_dict must be a mapping (dictionary-like) object.")
        if isinstance(other_dict, BaseContext):
            other_dict = other_dict.dicts[1:].pop()
        return ContextDict(self, other_dict)


class RenderContext(BaseContext):
    """Per-template render state: look-ups see only the top dict.

    Each template rendered pushes a fresh top (``push_state``), so the state a
    tag keeps here (keyed by the node) is local to one render of one template.
    """

    template: Any = None

    def __iter__(self) -> Iterator[Any]:
        yield from self.dicts[-1]

    def __contains__(self, key: Any) -> bool:
        return key in self.dicts[-1]

    def get(self, key: Any, otherwise: Any = None) -> Any:
        return self.dicts[-1].get(key, otherwise)

    def __getitem__(self, key: Any) -> Any:
        return self.dicts[-1][key]

    @contextmanager
    def push_state(self, template: Any, isolated_context: bool = True) -> Iterator[None]:
        initial = self.template
        self.template = template
        if isolated_context:
            self.push()
        try:
            yield
        finally:
            self.template = initial
            if isolated_context:
                self.pop()


ContextProcessor = Callable[[Any], Mapping[str, Any]]


class RequestContext(Context):
    """A context for rendering with a request: the context processors' values included.

    The processors (the engine's, then ``processors``) run when a template is
    bound to the context, and their values sit below the view's, so the view
    can override them.
    """

    def __init__(
        self,
        request: Any,
        dict_: Any = None,
        processors: Any = None,
        use_l10n: bool | None = None,
        use_tz: bool | None = None,
        autoescape: bool = True,
    ) -> None:
        super().__init__(dict_, use_l10n=use_l10n, use_tz=use_tz, autoescape=autoescape)
        self.request = request
        self._processors: tuple[ContextProcessor, ...] = (
            () if processors is None else tuple(processors)
        )
        self._processors_index = len(self.dicts)
        # One dict for the processors' values, one above it for the template's own.
        self.update({})
        self.update({})

    @contextmanager
    def bind_template(self, template: Any) -> Iterator[None]:
        if self.template is not None:
            raise RuntimeError("Context is already bound to a template")
        self.template = template
        self.dicts[self._processors_index] = self._run_processors(template)
        try:
            yield
        finally:
            self.template = None
            self.dicts[self._processors_index] = {}

    def _run_processors(self, template: Any) -> dict[str, Any]:
        processors = template.engine.template_context_processors + self._processors
        updates: dict[str, Any] = {}
        for processor in processors:
            values = processor(self.request)
            try:
                updates.update(values)
            except TypeError as exc:
                raise TypeError(
                    f"Context processor {processor.__qualname__} didn't return a dictionary. "
                    f"It returned {type(values).__name__}; a context processor must return "
                    "a dict, even an empty one."
                ) from exc
        return updates

    def new(self, values: Any = None) -> Any:
        new_context = super().new(values)
        # A context made by new() does not re-run the processors.
        if hasattr(new_context, "_processors_index"):
            del new_context._processors_index
        return new_context


def make_context(context: Any, request: Any = None, **kwargs: Any) -> Context:
    """A ``Context`` (or, with a request, a ``RequestContext``) from a plain dict."""
    if context is not None and not isinstance(context, dict):
        raise TypeError(
            f"context must be a dict rather than {context.__class__.__name__}. Pass the "
            "template's variables as a dict; a Context is built from it."
        )
    if request is None:
        return Context(context, **kwargs)
    # Pushed above the processors' dict, so the view's values win.
    request_context = RequestContext(request, **kwargs)
    if context:
        request_context.push(context)
    return request_context


__all__ = [
    "BaseContext",
    "Context",
    "ContextDict",
    "ContextPopException",
    "RenderContext",
    "RequestContext",
    "make_context",
]

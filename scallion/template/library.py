"""``Library``: how a tag library registers its tags and filters.

A tag library is a module (usually ``<app>/templatetags/<name>.py``) with a
module-level ``register = Library()``; ``{% load name %}`` adds its ``tags``
and ``filters`` to the template being parsed. The decorators accept every
spelling Django's do, so a library written for Django works unchanged:

    @register.filter                          # name from the function
    @register.filter("name")                  # explicit name
    @register.filter(name="x", is_safe=True)  # name and flags
    register.filter("name", func)             # direct call

``simple_tag``, ``simple_block_tag`` and ``inclusion_tag`` turn a plain
function into a tag whose arguments are parsed and checked against the
function's signature when the template is compiled.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar, overload

from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.nodes import Node
from scallion.template.parser import token_kwargs

if TYPE_CHECKING:
    from scallion.template.nodes import NodeList

# The parser, its tokens, the render context and filter expressions; named
# here so the signatures read as Django's.
Parser = Any
Token = Any
Context = Any
FilterExpression = Any

#: The flags a filter may carry, read by the renderer.
FILTER_FLAGS = ("expects_localtime", "is_safe", "needs_autoescape")

TagCompiler = Callable[["Parser", "Token"], Node]
F = TypeVar("F", bound=Callable[..., Any])


class InvalidTemplateLibrary(Exception):
    """A ``libraries`` entry or ``{% load %}`` target is not a usable tag library."""


class Library:
    """The tags and filters one tag library module provides."""

    def __init__(self) -> None:
        self.filters: dict[str, Callable[..., Any]] = {}
        self.tags: dict[str, TagCompiler] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self.tags)} tags, {len(self.filters)} filters>"

    # -- tags --------------------------------------------------------------

    @overload
    def tag(self, name: F, compile_function: None = None) -> F: ...
    @overload
    def tag(self, name: str | None = None, compile_function: None = None) -> Callable[[F], F]: ...
    @overload
    def tag(self, name: str, compile_function: F) -> F: ...
    def tag(self, name: Any = None, compile_function: Any = None) -> Any:
        """Register a compile function ``(parser, token) -> Node`` as a tag.

        ``@register.tag``, ``@register.tag()``, ``@register.tag("name")`` and
        ``register.tag("name", func)`` all work.
        """
        if name is None and compile_function is None:
            return self.tag_function
        if name is not None and compile_function is None:
            if callable(name):
                return self.tag_function(name)

            def dec(func: TagCompiler) -> TagCompiler:
                return self.tag(name, func)

            return dec
        if name is not None and compile_function is not None:
            self.tags[name] = compile_function
            return compile_function
        raise ValueError(
            f"Unsupported arguments to Library.tag: ({name!r}, {compile_function!r}). "
            "Pass a name, a compile function, or both."
        )

    def tag_function(self, func: TagCompiler) -> TagCompiler:
        self.tags[func.__name__] = func
        return func

    # -- filters -----------------------------------------------------------

    @overload
    def filter(self, name: F, filter_func: None = None, **flags: Any) -> F: ...
    @overload
    def filter(
        self, name: str | None = None, filter_func: None = None, **flags: Any
    ) -> Callable[[F], F]: ...
    @overload
    def filter(self, name: str, filter_func: F, **flags: Any) -> F: ...
    def filter(self, name: Any = None, filter_func: Any = None, **flags: Any) -> Any:
        """Register a function as a filter, optionally with flags.

        Flags: ``is_safe`` (a safe input gives a safe output), ``needs_autoescape``
        (the function takes an ``autoescape`` keyword argument),
        ``expects_localtime`` (a datetime input is converted to the current
        time zone first). They are set as attributes on the function and on
        the innermost function it wraps, where ``stringfilter`` reads them.
        """
        if name is None and filter_func is None:

            def dec(func: Callable[..., Any]) -> Callable[..., Any]:
                return self.filter_function(func, **flags)

            return dec
        if name is not None and filter_func is None:
            if callable(name):
                return self.filter_function(name, **flags)

            def dec_named(func: Callable[..., Any]) -> Callable[..., Any]:
                return self.filter(name, func, **flags)

            return dec_named
        if name is not None and filter_func is not None:
            self.filters[name] = filter_func
            for flag in FILTER_FLAGS:
                if flag in flags:
                    value = flags[flag]
                    setattr(filter_func, flag, value)
                    setattr(inspect.unwrap(filter_func), flag, value)
            filter_func._filter_name = name
            return filter_func
        raise ValueError(
            f"Unsupported arguments to Library.filter: ({name!r}, {filter_func!r}). "
            "Pass a name, a function, or both."
        )

    def filter_function(self, func: Callable[..., Any], **flags: Any) -> Callable[..., Any]:
        return self.filter(func.__name__, func, **flags)

    # -- function-based tags ----------------------------------------------

    @overload
    def simple_tag(
        self, func: F, takes_context: bool | None = None, name: str | None = None
    ) -> F: ...
    @overload
    def simple_tag(
        self, func: None = None, takes_context: bool | None = None, name: str | None = None
    ) -> Callable[[F], F]: ...
    def simple_tag(
        self, func: Any = None, takes_context: bool | None = None, name: str | None = None
    ) -> Any:
        """Register ``func`` as a tag that outputs (or stores ``as var``) its result.

        ``{% func arg1 kw=arg2 %}`` resolves the arguments and calls the
        function; with ``as var`` the result goes into the context instead of
        the output. The output is escaped when autoescaping is on, unless the
        function marks it safe.
        """

        def dec(func: Callable[..., Any]) -> Callable[..., Any]:
            signature = _TagSignature(func, name)
            if takes_context:
                signature.drop_leading("context", "must have a first argument of 'context'")

            def compile_func(parser: Parser, token: Token) -> Node:
                bits = token.split_contents()[1:]
                target_var = None
                if len(bits) >= 2 and bits[-2] == "as":
                    target_var = bits[-1]
                    bits = bits[:-2]
                args, kwargs = signature.parse(parser, bits)
                return SimpleNode(func, bool(takes_context), args, kwargs, target_var)

            _copy_identity(compile_func, func)
            self.tag(signature.name, compile_func)
            return func

        if func is None:
            return dec
        if callable(func):
            return dec(func)
        raise ValueError(
            f"Invalid arguments provided to simple_tag: {func!r}. Use @register.simple_tag or "
            "@register.simple_tag(takes_context=..., name=...)."
        )

    def simple_block_tag(
        self,
        func: Any = None,
        takes_context: bool | None = None,
        name: str | None = None,
        end_name: str | None = None,
    ) -> Any:
        """Register ``func`` as a block tag: it receives the rendered block as ``content``.

        ``{% func args %}...{% endfunc %}``; the closing tag is ``end_name``
        (default ``end<name>``).
        """

        def dec(func: Callable[..., Any]) -> Callable[..., Any]:
            signature = _TagSignature(func, name)
            closing = end_name or f"end{signature.name}"
            if takes_context:
                if len(signature.params) >= 2 and signature.params[1] == "content":
                    del signature.params[1]
                else:
                    raise TemplateSyntaxError(
                        f"{signature.name!r} is decorated with takes_context=True so it must "
                        "have a first argument of 'context' and a second argument of 'content'"
                    )
                signature.drop_leading("context", "must have a first argument of 'context'")
            elif signature.params and signature.params[0] == "content":
                del signature.params[0]
            else:
                raise TemplateSyntaxError(
                    f"{signature.name!r} must have a first argument of 'content'"
                )

            def compile_func(parser: Parser, token: Token) -> Node:
                bits = token.split_contents()[1:]
                target_var = None
                if len(bits) >= 2 and bits[-2] == "as":
                    target_var = bits[-1]
                    bits = bits[:-2]
                nodelist = parser.parse((closing,))
                parser.delete_first_token()
                args, kwargs = signature.parse(parser, bits)
                return SimpleBlockNode(
                    nodelist, func, bool(takes_context), args, kwargs, target_var
                )

            _copy_identity(compile_func, func)
            self.tag(signature.name, compile_func)
            return func

        if func is None:
            return dec
        if callable(func):
            return dec(func)
        raise ValueError(
            f"Invalid arguments provided to simple_block_tag: {func!r}. Use "
            "@register.simple_block_tag or @register.simple_block_tag(takes_context=..., "
            "name=..., end_name=...)."
        )

    def inclusion_tag(
        self,
        filename: Any,
        func: Callable[..., Any] | None = None,
        takes_context: bool | None = None,
        name: str | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register ``func`` as a tag that renders ``filename`` with the dict it returns.

        ``filename`` is a template name, a list of names (the first found), or
        a ``Template``. The CSRF token of the calling template is passed on.
        """

        def dec(func: Callable[..., Any]) -> Callable[..., Any]:
            signature = _TagSignature(func, name)
            if takes_context:
                signature.drop_leading("context", "must have a first argument of 'context'")

            def compile_func(parser: Parser, token: Token) -> Node:
                bits = token.split_contents()[1:]
                args, kwargs = signature.parse(parser, bits)
                return InclusionNode(func, bool(takes_context), args, kwargs, filename)

            _copy_identity(compile_func, func)
            self.tag(signature.name, compile_func)
            return func

        if func is not None:
            return dec(func)
        return dec


def _copy_identity(wrapper: Callable[..., Any], func: Callable[..., Any]) -> None:
    """Give the compile function ``func``'s name and docs (what ``{% load %}`` lists)."""
    functools.update_wrapper(wrapper, func)


class _TagSignature:
    """The parameters of a tag function, for checking a tag's arguments at compile time."""

    def __init__(self, func: Callable[..., Any], name: str | None) -> None:
        spec = inspect.getfullargspec(inspect.unwrap(func))
        self.name = name or func.__name__
        self.params = list(spec.args)
        self.varargs = spec.varargs
        self.varkw = spec.varkw
        self.defaults = spec.defaults
        self.kwonly = list(spec.kwonlyargs)
        self.kwonly_defaults = spec.kwonlydefaults

    def drop_leading(self, param: str, requirement: str) -> None:
        if self.params and self.params[0] == param:
            del self.params[0]
        else:
            raise TemplateSyntaxError(
                f"{self.name!r} is decorated with takes_context=True so it {requirement}"
            )

    def parse(
        self, parser: Parser, bits: list[str]
    ) -> tuple[list[FilterExpression], dict[str, FilterExpression]]:
        return parse_bits(
            parser,
            bits,
            self.params,
            self.varargs,
            self.varkw,
            self.defaults,
            self.kwonly,
            self.kwonly_defaults,
            self.name,
        )


class TagHelperNode(Node):
    """The shared part of the function-based tags: resolving the arguments."""

    def __init__(
        self,
        func: Callable[..., Any],
        takes_context: bool,
        args: list[FilterExpression],
        kwargs: dict[str, FilterExpression],
    ) -> None:
        self.func = func
        self.takes_context = takes_context
        self.args = args
        self.kwargs = kwargs

    def get_resolved_arguments(self, context: Context) -> tuple[list[Any], dict[str, Any]]:
        resolved_args = [var.resolve(context) for var in self.args]
        if self.takes_context:
            resolved_args = [context, *resolved_args]
        resolved_kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        return resolved_args, resolved_kwargs


class SimpleNode(TagHelperNode):
    child_nodelists: tuple[str, ...] = ()

    def __init__(
        self,
        func: Callable[..., Any],
        takes_context: bool,
        args: list[FilterExpression],
        kwargs: dict[str, FilterExpression],
        target_var: str | None,
    ) -> None:
        super().__init__(func, takes_context, args, kwargs)
        self.target_var = target_var

    def render(self, context: Context) -> Any:
        conditional_escape = import_module("scallion.utils.html").conditional_escape
        resolved_args, resolved_kwargs = self.get_resolved_arguments(context)
        output = self.func(*resolved_args, **resolved_kwargs)
        if self.target_var is not None:
            context[self.target_var] = output
            return ""
        if context.autoescape:
            output = conditional_escape(output)
        return output


class SimpleBlockNode(SimpleNode):
    child_nodelists: tuple[str, ...] = ("nodelist",)

    def __init__(self, nodelist: NodeList, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nodelist = nodelist

    def get_resolved_arguments(self, context: Context) -> tuple[list[Any], dict[str, Any]]:
        resolved_args, resolved_kwargs = super().get_resolved_arguments(context)
        # The block's content comes after the context, when the tag takes one.
        resolved_args.insert(1 if self.takes_context else 0, self.nodelist.render(context))
        return resolved_args, resolved_kwargs


class InclusionNode(TagHelperNode):
    def __init__(
        self,
        func: Callable[..., Any],
        takes_context: bool,
        args: list[FilterExpression],
        kwargs: dict[str, FilterExpression],
        filename: Any,
    ) -> None:
        super().__init__(func, takes_context, args, kwargs)
        self.filename = filename

    def render(self, context: Context) -> Any:
        """Render the tag's template; it is loaded once per render (kept in ``render_context``)."""
        template_class = import_module("scallion.template.base").Template
        resolved_args, resolved_kwargs = self.get_resolved_arguments(context)
        values = self.func(*resolved_args, **resolved_kwargs)

        template = context.render_context.get(self)
        if template is None:
            filename = self.filename
            assert context.template is not None
            engine = context.template.engine
            if isinstance(filename, template_class):
                template = filename
            elif isinstance(getattr(filename, "template", None), template_class):
                template = filename.template
            elif not isinstance(filename, str) and isinstance(filename, Iterable):
                template = engine.select_template(filename)
            else:
                template = engine.get_template(filename)
            context.render_context[self] = template
        new_context = context.new(values)
        # Inclusion tags often render forms: pass the CSRF token along.
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            new_context["csrf_token"] = csrf_token
        return template.render(new_context)


def parse_bits(
    parser: Parser,
    bits: list[str],
    params: list[str],
    varargs: str | None,
    varkw: str | None,
    defaults: tuple[Any, ...] | None,
    kwonly: list[str],
    kwonly_defaults: dict[str, Any] | None,
    name: str,
) -> tuple[list[FilterExpression], dict[str, FilterExpression]]:
    """Split a function tag's arguments into positional and keyword expressions.

    Checks them against the function's signature, so a wrong call fails when
    the template is compiled, naming the tag and the argument.
    """
    args: list[FilterExpression] = []
    kwargs: dict[str, FilterExpression] = {}
    unhandled_params = list(params)
    unhandled_kwargs = [
        kwarg for kwarg in kwonly if not kwonly_defaults or kwarg not in kwonly_defaults
    ]
    for bit in bits:
        kwarg = token_kwargs([bit], parser)
        if kwarg:
            param, value = kwarg.popitem()
            if param not in params and param not in kwonly and varkw is None:
                raise TemplateSyntaxError(
                    f"'{name}' received unexpected keyword argument '{param}'"
                )
            if param in kwargs:
                raise TemplateSyntaxError(
                    f"'{name}' received multiple values for keyword argument '{param}'"
                )
            kwargs[str(param)] = value
            if param in unhandled_params:
                unhandled_params.remove(param)
            elif param in unhandled_kwargs:
                unhandled_kwargs.remove(param)
        elif kwargs:
            raise TemplateSyntaxError(
                f"'{name}' received some positional argument(s) after some keyword argument(s)"
            )
        else:
            args.append(parser.compile_filter(bit))
            if unhandled_params:
                unhandled_params.pop(0)
            elif varargs is None:
                raise TemplateSyntaxError(f"'{name}' received too many positional arguments")
    if defaults is not None:
        # The last len(defaults) parameters may be left out.
        unhandled_params = unhandled_params[: -len(defaults)]
    if unhandled_params or unhandled_kwargs:
        missing = ", ".join(f"'{p}'" for p in unhandled_params + unhandled_kwargs)
        raise TemplateSyntaxError(
            f"'{name}' did not receive value(s) for the argument(s): {missing}"
        )
    return args, kwargs


def import_library(name: str) -> Library:
    """The ``register`` object of the tag library module ``name``."""
    try:
        module = import_module(name)
    except ImportError as exc:
        raise InvalidTemplateLibrary(
            "Invalid template library specified. ImportError raised when trying to load "
            f"'{name}': {exc}"
        ) from exc
    try:
        library = module.register
    except AttributeError:
        raise InvalidTemplateLibrary(
            f"Module {name} does not have a variable named 'register'. A tag library "
            "defines `register = Library()` and registers its tags and filters on it."
        ) from None
    return library  # type: ignore[no-any-return]


__all__ = [
    "InclusionNode",
    "InvalidTemplateLibrary",
    "Library",
    "SimpleBlockNode",
    "SimpleNode",
    "TagHelperNode",
    "import_library",
    "parse_bits",
]

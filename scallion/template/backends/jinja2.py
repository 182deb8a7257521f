"""The default template backend: Jinja2, one ``Environment`` per engine, built once.

Per render the backend merges, in this order (later wins): the environment's
globals (``url``, ``static``), the request values (``request``, ``csrf_input``,
``csrf_token``), each context processor's dict in list order, then the view's
context. Processors run at most once per request, whatever the number of
renders: their results are kept on the request (``_context_processor_cache``).
"""

from __future__ import annotations

import os
from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.trace.recorder import current_trace
from scallion.http import HttpRequest
from scallion.template.backends.base import BaseEngine
from scallion.template.backends.utils import csrf_values
from scallion.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from scallion.template.signals import template_rendered
from scallion.utils.module_loading import import_string

ContextProcessor = Callable[[HttpRequest], Mapping[str, Any]]

#: Every attribute a plain ``dict`` has: the names for which ``d.name`` in a
#: template means the attribute (``d.items``), not the key.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(jinja2.Environment):
    """The default environment: ``jinja2.Environment`` with a faster ``d.key`` on dicts.

    Jinja2 resolves ``{{ item.name }}`` by trying ``getattr(item, "name")`` and,
    when that raises AttributeError, ``item["name"]``. Views pass dicts far more
    often than objects, and the failed ``getattr`` (an exception raised and
    caught) is the costliest step of the lookup. For an exact ``dict`` the
    answer is known without trying: no instance attributes, so ``getattr``
    succeeds only for the names ``dict`` itself has. Other names go straight to
    the key; the result is the same as Jinja2's, undefined values included.
    PERF: template.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class Jinja2(BaseEngine):
    """A Jinja2 engine configured from one ``TEMPLATES`` entry.

    ``OPTIONS``: ``environment`` (dotted path to an ``Environment`` class or
    factory), ``context_processors`` (dotted paths), ``autoescape`` (``True``,
    the default, as in Django: every template is HTML-escaped; ``False``; or a
    Jinja2 autoescape callable), ``unescaped_extensions`` (names ending in
    these extensions, e.g. ``["txt"]``, are not escaped), and anything else
    ``jinja2.Environment`` accepts (``extensions``, ``undefined``...).
    """

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.pop("OPTIONS", None) or {})
        super().__init__(params)

        factory_path = options.pop("environment", "scallion.template.backends.jinja2.Environment")
        factory = _import_option(self.name, "environment", factory_path)
        self.context_processors: list[str] = list(options.pop("context_processors", []))
        self.template_context_processors: tuple[ContextProcessor, ...] = tuple(
            _import_option(self.name, "context_processors", path)
            for path in self.context_processors
        )
        self._processor_names = dict(
            zip(self.template_context_processors, self.context_processors, strict=True)
        )

        options["autoescape"] = _autoescape_option(
            self.name, options.pop("autoescape", True), options.pop("unescaped_extensions", ())
        )
        options.setdefault("loader", jinja2.FileSystemLoader(self.template_dirs))
        options.setdefault("auto_reload", settings.DEBUG)
        options.setdefault(
            "undefined", jinja2.DebugUndefined if settings.DEBUG else jinja2.Undefined
        )

        env = factory(**options)
        if not isinstance(env, jinja2.Environment):
            raise ImproperlyConfigured(
                f"OPTIONS['environment'] of template engine {self.name!r} ({factory_path}) "
                f"returned {type(env).__name__}, not a jinja2.Environment."
            )
        self.env: jinja2.Environment = env
        _add_default_globals(env)
        # PERF: template - without auto-reload a template never changes, so the
        # wrapper is kept in a plain dict (Jinja2's own LRU cache takes a lock).
        self._templates: dict[str, Template] | None = None if env.auto_reload else {}

    def from_string(self, template_code: str) -> Template:
        try:
            return Template(self.env.from_string(template_code), self)
        except jinja2.TemplateSyntaxError as exc:
            raise translate_syntax_error(exc) from exc

    def get_template(self, template_name: str) -> Template:
        cache = self._templates
        if cache is not None:
            cached = cache.get(template_name)
            if cached is not None:
                return cached
        try:
            template = Template(self.env.get_template(template_name), self)
        except jinja2.TemplateNotFound as exc:
            raise TemplateDoesNotExist(
                str(exc.name or template_name), tried=self.tried(template_name), backend=self
            ) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise translate_syntax_error(exc) from exc
        if cache is not None:
            cache[template_name] = template
        return template

    def tried(self, template_name: str) -> list[tuple[str, str]]:
        """The places the loader looked at for ``template_name``."""
        searchpath = getattr(self.env.loader, "searchpath", None)
        if searchpath is None:
            return [(f"{self.env.loader!r} (engine {self.name!r})", "Source does not exist")]
        if not searchpath:
            return [(f"engine {self.name!r}: no DIRS and no app directories", "Nothing to search")]
        return [(os.path.join(d, template_name), "Source does not exist") for d in searchpath]

    def request_values(self, request: HttpRequest) -> dict[str, Any]:
        """The request values and context processor output, computed once per request."""
        # PERF: template - a dict look-up, not getattr (no exception on the first render).
        cache: dict[Any, Any] | None = request.__dict__.get("_context_processor_cache")
        if cache is None:
            cache = request._context_processor_cache = {}  # type: ignore[attr-defined]
        values: dict[str, Any] | None = cache.get(self)
        if values is None:
            values = {"request": request, **csrf_values(request)}
            for processor in self.template_context_processors:
                # Keyed by the function, so engines sharing a processor share its result.
                result = cache.get(processor)
                if result is None:
                    trace = current_trace()
                    if trace is None:
                        result = processor(request)
                    else:
                        with trace.span("context_processor", self._processor_names[processor]):
                            result = processor(request)
                    if not isinstance(result, Mapping):
                        raise TypeError(
                            f"Context processor {self._processor_names[processor]} didn't "
                            f"return a dictionary (it returned {type(result).__name__}). "
                            "A context processor must return a dict, even an empty one."
                        )
                    cache[processor] = result
                values.update(result)
            cache[self] = values
        return values


class Template:
    """A compiled Jinja2 template bound to its engine."""

    __slots__ = ("_env_globals", "_own_globals", "backend", "name", "origin", "template")

    def __init__(self, template: jinja2.Template, backend: Jinja2) -> None:
        self.template = template
        self.backend = backend
        self.name = template.name
        self.origin = Origin(template.filename or "<string>", template.name)
        # Jinja2 keeps a template's globals as ChainMap(own, environment's);
        # iterating a ChainMap is slow, so the two plain dicts are kept (live).
        template_globals = template.globals
        if isinstance(template_globals, ChainMap):
            own, *rest = template_globals.maps
            self._own_globals: Mapping[str, Any] = own
            self._env_globals: Mapping[str, Any] = ChainMap(*rest) if len(rest) > 1 else rest[0]
        else:
            self._own_globals, self._env_globals = {}, template_globals

    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        trace = current_trace()  # the request-cycle trace (scallion.core.trace), or None
        if trace is None:
            return self._render(context, request)
        with trace.span("template", self.name or "<string>"):
            return self._render(context, request)

    def _render(self, context: Mapping[str, Any] | None, request: HttpRequest | None) -> str:
        # PERF: template - the context is built in one dict merge (globals, request
        # values and processors, the view's context) and handed to Jinja2 as is,
        # where Template.render would copy it twice and walk the globals ChainMap.
        values = (
            {**self._env_globals, **self._own_globals}
            if self._own_globals
            else {**self._env_globals}
        )
        request_values = self.backend.request_values(request) if request is not None else None
        if request_values:
            values.update(request_values)
        if context:
            values.update(context)
        if template_rendered.listened:
            # Listeners (the test client) see the context without Jinja2's globals.
            sent = {**(request_values or {}), **(context or {})}
            template_rendered.send(sender=self, template=self, context=sent)
        template = self.template
        env = template.environment
        try:
            ctx = env.context_class(env, values, template.name, template.blocks)
            return env.concat(template.root_render_func(ctx))
        except jinja2.TemplateSyntaxError as exc:
            raise translate_syntax_error(exc) from exc
        except jinja2.TemplateNotFound as exc:
            name = str(exc.name or exc)
            raise TemplateDoesNotExist(
                name, tried=self.backend.tried(name), backend=self.backend
            ) from exc
        except Exception:
            env.handle_exception()
            raise  # handle_exception always raises; this is for the type checker

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class Origin:
    """Where a template came from (``name``: file path; ``template_name``: as asked)."""

    __slots__ = ("name", "template_name")

    def __init__(self, name: str, template_name: str | None) -> None:
        self.name = name
        self.template_name = template_name

    def __repr__(self) -> str:
        return f"<Origin name={self.name!r}>"


def translate_syntax_error(exc: jinja2.TemplateSyntaxError) -> TemplateSyntaxError:
    """A scallion ``TemplateSyntaxError`` carrying the ``template_debug`` dict."""
    source = getattr(exc, "source", None)
    if source is None and exc.filename and os.path.isfile(exc.filename):
        with open(exc.filename, encoding="utf-8", errors="replace") as fh:
            source = fh.read()
    return TemplateSyntaxError(
        exc.message or str(exc),
        name=exc.name,
        lineno=exc.lineno,
        source=source,
        filename=exc.filename,
    )


def _add_default_globals(env: jinja2.Environment) -> None:
    """``url()`` and ``static()``, unless the environment factory defined its own."""
    from scallion.contrib.staticfiles.storage import static
    from scallion.urls import reverse

    def url(viewname: str, *args: Any, **kwargs: Any) -> str:
        return str(reverse(viewname, args=args or None, kwargs=kwargs or None))

    env.globals.setdefault("url", url)
    env.globals.setdefault("static", static)


def _autoescape_option(engine: str, autoescape: Any, unescaped: Any) -> Any:
    """Jinja2's ``autoescape`` argument: escaping is on unless explicitly turned off.

    A list of extensions once meant "escape only these", which left every
    other name (``page.jinja``, ``icon.svg``) unescaped: it is refused, naming
    the option that now says which templates are not escaped.
    """
    if isinstance(autoescape, list | tuple):
        raise ImproperlyConfigured(
            f"OPTIONS['autoescape'] of template engine {engine!r} is a list of extensions "
            f"({list(autoescape)!r}); every template is escaped by default. Remove it, and "
            "list the extensions that must not be escaped in OPTIONS['unescaped_extensions'] "
            "(for example ['txt']); or set autoescape to True, False or a callable."
        )
    if isinstance(unescaped, str) or not isinstance(unescaped, list | tuple):
        raise ImproperlyConfigured(
            f"OPTIONS['unescaped_extensions'] of template engine {engine!r} must be a list of "
            f"extensions such as ['txt'], not {unescaped!r}."
        )
    if not unescaped:
        return autoescape
    if autoescape is not True:
        raise ImproperlyConfigured(
            f"OPTIONS['unescaped_extensions'] of template engine {engine!r} applies only while "
            f"autoescape is True (it is {autoescape!r}): use one or the other."
        )
    return jinja2.select_autoescape(
        enabled_extensions=(),
        disabled_extensions=tuple(ext.lstrip(".") for ext in unescaped),
        default_for_string=True,
        default=True,
    )


def _import_option(engine: str, option: str, dotted_path: str) -> Any:
    try:
        return import_string(dotted_path)
    except ImportError as err:
        raise ImproperlyConfigured(
            f"OPTIONS[{option!r}] of template engine {engine!r} names {dotted_path!r}, which "
            f"cannot be imported: {err}. Fix the dotted path in settings.TEMPLATES."
        ) from err

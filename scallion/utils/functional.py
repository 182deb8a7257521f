"""Lazy evaluation helpers: ``cached_property``, ``lazy`` and ``SimpleLazyObject``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "Promise",
    "SimpleLazyObject",
    "cached_property",
    "classproperty",
    "empty",
    "keep_lazy",
    "keep_lazy_text",
    "lazy",
    "lazystr",
]


class cached_property(Generic[T]):
    """A property computed once per instance, then stored in its ``__dict__``.

    Unlike ``functools.cached_property`` on Python 3.11, it takes no lock: the
    request attributes built with it (``GET``, ``COOKIES``, ``headers``) belong to
    one request, and a lock per access costs more than the parsing it guards.
    PERF: json (request.GET), stack (request.COOKIES).
    """

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__
        self._named = False

    def __set_name__(self, owner: type, name: str) -> None:
        if self._named and name != self.name:
            # The value would be stored under one name and looked up under the other.
            raise TypeError(
                "Cannot assign the same cached_property to two different names "
                f"({self.name!r} and {name!r})."
            )
        self.name = name
        self._named = True

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        # setattr, not instance.__dict__[...]: touching __dict__ makes CPython
        # build the dict object it otherwise keeps inline. PERF: hello.
        setattr(instance, self.name, value)
        return value


class classproperty(Generic[T]):
    """A read-only property of the class: ``Model.thing`` and ``instance.thing`` both
    call ``method(cls)``."""

    def __init__(self, method: Callable[[Any], T] | None = None) -> None:
        self.fget = method

    def __get__(self, instance: object | None, cls: type | None = None) -> T:
        if self.fget is None:
            raise AttributeError("classproperty has no getter")
        return self.fget(cls if cls is not None else type(instance))

    def getter(self, method: Callable[[Any], T]) -> classproperty[T]:
        """Set the getter (``@thing.getter``), as ``property.getter`` does."""
        self.fget = method
        return self


class Promise:
    """Base class of the proxies ``lazy`` returns, for isinstance checks."""


def lazy(func: Callable[..., Any], *resultclasses: type) -> Callable[..., Any]:
    """Turn ``func`` into one that returns a proxy evaluated on first use.

    ``reverse_lazy`` is built with this: URLconfs import before they are loaded,
    so the reversal must wait until the value is used.
    """

    class __proxy__(Promise):
        __slots__ = ("_args", "_done", "_kw", "_value")

        def __init__(self, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
            self._args = args
            self._kw = kw
            self._done = False

        def _eval(self) -> Any:
            if not self._done:
                self._value = func(*self._args, **self._kw)
                self._done = True
            return self._value

        def __str__(self) -> str:
            return str(self._eval())

        def __repr__(self) -> str:
            return f"<lazy {func.__name__}: {self._eval()!r}>"

        def __eq__(self, other: object) -> bool:
            return bool(self._eval() == _unwrap(other))

        def __hash__(self) -> int:
            return hash(self._eval())

        def __add__(self, other: Any) -> Any:
            return self._eval() + other

        def __radd__(self, other: Any) -> Any:
            return other + self._eval()

        def __mod__(self, other: Any) -> Any:
            return self._eval() % other

        def __getattr__(self, name: str) -> Any:
            return getattr(self._eval(), name)

        def __lt__(self, other: Any) -> Any:
            return self._eval() < _unwrap(other)

        def __le__(self, other: Any) -> Any:
            return self._eval() <= _unwrap(other)

        def __gt__(self, other: Any) -> Any:
            return self._eval() > _unwrap(other)

        def __ge__(self, other: Any) -> Any:
            return self._eval() >= _unwrap(other)

        def __format__(self, format_spec: str) -> str:
            return format(self._eval(), format_spec)

    # Special methods are looked up on the type, never through __getattr__, so
    # the proxy needs its own copy of each one the result classes define
    # (len(), "in", indexing, iteration, * ...). Names object already has are
    # either defined above or make no sense to forward (__init__, __class__).
    for resultclass in resultclasses:
        for klass in resultclass.__mro__:
            for name in klass.__dict__:
                if name.startswith("__") and not hasattr(__proxy__, name):
                    setattr(__proxy__, name, _forwarder(name))

    def __wrapper__(*args: Any, **kw: Any) -> Any:
        return __proxy__(args, kw)

    __wrapper__.__name__ = func.__name__
    __wrapper__.__doc__ = func.__doc__
    return __wrapper__


def _unwrap(value: Any) -> Any:
    """The value behind a lazy proxy; a Promise not made by ``lazy`` compares as its text."""
    if not isinstance(value, Promise):
        return value
    evaluate = getattr(value, "_eval", None)
    return evaluate() if evaluate is not None else str(value)


def _forwarder(name: str) -> Callable[..., Any]:
    def forward(self: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._eval(), name)(*args, **kwargs)

    forward.__name__ = name
    return forward


def keep_lazy(*resultclasses: type) -> Callable[[F], F]:
    """Let ``func`` take lazy arguments: called with one, it returns a lazy result.

    Text helpers (``capfirst``, ``slugify``, ``escape`` ...) are decorated with
    it so that a ``gettext_lazy`` message passed to them at import time is not
    evaluated before the value is used.
    """
    if not resultclasses:
        raise TypeError("keep_lazy() needs at least one result class, e.g. keep_lazy(str).")

    def decorator(func: F) -> F:
        lazy_func = lazy(func, *resultclasses)

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if any(isinstance(arg, Promise) for arg in args) or any(
                isinstance(arg, Promise) for arg in kwargs.values()
            ):
                return lazy_func(*args, **kwargs)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def keep_lazy_text(func: F) -> F:
    """``keep_lazy(str)`` as a plain decorator."""
    return keep_lazy(str)(func)


def lazystr(text: Any) -> Any:
    """A lazy ``str(text)``."""
    return lazy(str, str)(text)


class SimpleLazyObject:
    """A proxy that builds the wrapped object on first attribute access."""

    def __init__(self, func: Callable[[], Any]) -> None:
        self.__dict__["_setupfunc"] = func
        self.__dict__["_wrapped"] = _empty

    def _setup(self) -> Any:
        if self.__dict__["_wrapped"] is _empty:
            self.__dict__["_wrapped"] = self.__dict__["_setupfunc"]()
        return self.__dict__["_wrapped"]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._setup(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._setup(), name, value)

    def __str__(self) -> str:
        return str(self._setup())

    def __bool__(self) -> bool:
        return bool(self._setup())

    def __eq__(self, other: object) -> bool:
        return bool(self._setup() == other)

    def __hash__(self) -> int:
        return hash(self._setup())

    def __repr__(self) -> str:
        wrapped = self.__dict__["_wrapped"]
        if wrapped is _empty:
            return f"<SimpleLazyObject: {self.__dict__['_setupfunc']!r}>"
        return f"<SimpleLazyObject: {wrapped!r}>"


#: The value of a lazy object's ``_wrapped`` until it is built (Django's ``empty``).
empty = _empty = object()

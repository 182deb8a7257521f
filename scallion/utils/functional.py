"""Lazy evaluation helpers: ``cached_property``, ``lazy`` and ``SimpleLazyObject``."""

from __future__ import annotations

import copy
import operator
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
        if not self._named:
            # Assigned to a class after it was made (``Foo.cp = cached_property(f)``):
            # the name it would store the value under is not known for sure.
            raise TypeError(
                "Cannot use cached_property instance without calling __set_name__() on it."
            )
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
    """Turn ``func`` into one that returns a proxy, evaluated each time it is used.

    ``reverse_lazy`` and ``gettext_lazy`` are built with this: URLconfs import
    before they are loaded, and a message's language is the one active when it
    is shown. The result is never kept, as in Django: a value made at import
    time follows ``override_settings``, a script prefix or a language change
    (``cached_property`` or ``SimpleLazyObject`` keep a result instead).
    """

    class __proxy__(Promise):
        __slots__ = ("_args", "_kw")

        def __init__(self, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
            self._args = args
            self._kw = kw

        def _eval(self) -> Any:
            return func(*self._args, **self._kw)

        def __str__(self) -> str:
            return str(self._eval())

        def __repr__(self) -> str:
            return repr(self._eval())

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

        def __mul__(self, other: Any) -> Any:
            # Not forwarded: int.__mul__(a proxy) would answer NotImplemented, and
            # "lazy * lazy" would fail instead of asking the other's __rmul__.
            return self._eval() * other

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
    # (len(), "in", indexing, iteration ...). Names object already has are
    # either defined above or make no sense to forward (__init__, __class__).
    # Ordinary methods get a copy too, so that dir() shows them as Django's does.
    for resultclass in resultclasses:
        for klass in resultclass.__mro__:
            for name in klass.__dict__:
                if not hasattr(__proxy__, name):
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


#: The value of a lazy object's ``_wrapped`` until it is set up.
empty = object()
_empty = empty


def new_method_proxy(func: Callable[..., Any]) -> Callable[..., Any]:
    """A method that sets the lazy object up, then calls ``func`` on the wrapped object."""

    def inner(self: LazyObject, *args: Any) -> Any:
        wrapped = self._wrapped
        if wrapped is empty:
            self._setup()
            wrapped = self._wrapped
        return func(wrapped, *args)

    inner._mask_wrapped = False  # type: ignore[attr-defined]
    return inner


def _unpickle_lazyobject(wrapped: Any) -> Any:
    return wrapped


class LazyObject:
    """A stand-in that builds the wrapped object (``_setup``) when it is first used.

    Setting ``_wrapped`` back to ``empty`` makes the next use build it again
    (how a configured storage follows a settings change).
    """

    _wrapped: Any = None

    def __init__(self) -> None:
        self._wrapped = empty

    def __getattribute__(self, name: str) -> Any:
        if name == "_wrapped":
            return super().__getattribute__(name)
        value = super().__getattribute__(name)
        # A proxied special method must go to the wrapped object's own.
        if not getattr(value, "_mask_wrapped", True):
            raise AttributeError
        return value

    __getattr__ = new_method_proxy(getattr)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_wrapped":
            self.__dict__["_wrapped"] = value
        else:
            if self._wrapped is empty:
                self._setup()
            setattr(self._wrapped, name, value)

    def __delattr__(self, name: str) -> None:
        if name == "_wrapped":
            raise TypeError("can't delete _wrapped.")
        if self._wrapped is empty:
            self._setup()
        delattr(self._wrapped, name)

    def _setup(self) -> None:
        raise NotImplementedError("subclasses of LazyObject must provide a _setup() method")

    def __reduce__(self) -> tuple[Any, ...]:
        if self._wrapped is empty:
            self._setup()
        return (_unpickle_lazyobject, (self._wrapped,))

    def __copy__(self) -> Any:
        if self._wrapped is empty:
            return type(self)()
        return copy.copy(self._wrapped)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        if self._wrapped is empty:
            result = type(self)()
            memo[id(self)] = result
            return result
        return copy.deepcopy(self._wrapped, memo)

    __bytes__ = new_method_proxy(bytes)
    __str__ = new_method_proxy(str)
    __bool__ = new_method_proxy(bool)
    __dir__ = new_method_proxy(dir)
    # Pretend to be the wrapped object's class (isinstance, equality).
    __class__ = property(new_method_proxy(operator.attrgetter("__class__")))
    __eq__ = new_method_proxy(operator.eq)
    __lt__ = new_method_proxy(operator.lt)
    __gt__ = new_method_proxy(operator.gt)
    __ne__ = new_method_proxy(operator.ne)
    __hash__ = new_method_proxy(hash)
    __getitem__ = new_method_proxy(operator.getitem)
    __setitem__ = new_method_proxy(operator.setitem)
    __delitem__ = new_method_proxy(operator.delitem)
    __iter__ = new_method_proxy(iter)
    __len__ = new_method_proxy(len)
    __contains__ = new_method_proxy(operator.contains)


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

    # The container protocol goes to the wrapped object too (special methods are
    # looked up on the type, so ``__getattr__`` alone would not reach them).
    def __getitem__(self, key: Any) -> Any:
        return self._setup()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._setup()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._setup()[key]

    def __len__(self) -> int:
        return len(self._setup())

    def __iter__(self) -> Any:
        return iter(self._setup())

    def __contains__(self, item: object) -> bool:
        return item in self._setup()

    def __eq__(self, other: object) -> bool:
        return bool(self._setup() == other)

    def __hash__(self) -> int:
        return hash(self._setup())

    def __repr__(self) -> str:
        wrapped = self.__dict__["_wrapped"]
        if wrapped is _empty:
            return f"<SimpleLazyObject: {self.__dict__['_setupfunc']!r}>"
        return f"<SimpleLazyObject: {wrapped!r}>"

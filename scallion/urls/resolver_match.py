"""``ResolverMatch``: what ``resolve()`` found, as the view and middleware see it.

Everything that depends only on the route (names, namespaces, the route string,
the view name, default kwargs) is computed once per route into a ``RouteInfo``
shared by all matches of that route; a match itself stores only the view and
its arguments. PERF: param, param1000, param10000 (a resolve allocates one
small object and the kwargs dict).
"""

from __future__ import annotations

import functools
from pickle import PicklingError
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

_new_object = object.__new__


def func_path(func: Any) -> str:
    """The dotted path Django shows for a view (the class for class-based views)."""
    if hasattr(func, "view_class"):
        func = func.view_class
    if not hasattr(func, "__name__"):
        return f"{func.__class__.__module__}.{func.__class__.__name__}"
    return f"{func.__module__}.{func.__name__}"


class RouteInfo:
    """The per-route half of a ResolverMatch, computed once.

    For a route of the compiled matcher it also knows how the route's captured
    values become the view's kwargs: ``names`` (every captured parameter, outer
    includes first) and ``levels`` (per include, then the view route: how many
    of those values it captured and the default kwargs it adds).
    """

    __slots__ = (
        "_func_path",
        "app_name",
        "app_names",
        "captured_names",
        "captured_start",
        "extra_kwargs",
        "func",
        "levels",
        "names",
        "namespace",
        "namespaces",
        "route",
        "simple",
        "url_name",
        "view_name",
    )

    def __init__(
        self,
        func: Any,
        url_name: str | None,
        app_names: Sequence[str | None] | None,
        namespaces: Sequence[str | None] | None,
        route: str | None,
        extra_kwargs: dict[str, Any] | None,
        names: tuple[str, ...] = (),
        levels: tuple[tuple[int, dict[str, Any]], ...] = (),
    ) -> None:
        self.func = func
        self.url_name = url_name
        # Includes without an app_name or namespace contribute empty entries.
        self.app_names: tuple[str, ...] = tuple(x for x in app_names or () if x)
        self.namespaces: tuple[str, ...] = tuple(x for x in namespaces or () if x)
        self.app_name = ":".join(self.app_names)
        self.namespace = ":".join(self.namespaces)
        self.route = route
        self.extra_kwargs = extra_kwargs
        self._func_path = func_path(func)
        self.view_name = ":".join([*self.namespaces, url_name or self._func_path])
        self.names = names
        self.levels = levels
        # No level adds default kwargs: the kwargs are the captured values by name.
        self.simple = not any(defaults for _count, defaults in levels)
        self.captured_start = len(names) - levels[-1][0] if levels else 0
        self.captured_names = names[self.captured_start :]

    def kwargs_for(self, values: tuple[Any, ...]) -> dict[str, Any]:
        """Django's merge: deeper levels win, each level's defaults beat its captures."""
        kwargs: dict[str, Any] = {}
        names = self.names
        position = 0
        for count, defaults in self.levels:
            for offset in range(position, position + count):
                kwargs[names[offset]] = values[offset]
            position += count
            kwargs.update(defaults)
        return kwargs


class ResolverMatch:
    """The result of resolving a path: the view, its arguments and the route's names.

    Unpacks like Django's: ``func, args, kwargs = match``. Per-route attributes
    are read-only here (they are shared by every match of the route).
    """

    __slots__ = ("_captured", "_info", "_path", "_resolver", "_tried", "args", "func", "kwargs")

    func: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    _info: RouteInfo
    _captured: Any
    _path: str | None
    _resolver: Any
    _tried: list[list[Any]] | None

    def __init__(
        self,
        func: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        url_name: str | None = None,
        app_names: list[str | None] | None = None,
        namespaces: list[str | None] | None = None,
        route: str | None = None,
        tried: list[list[Any]] | None = None,
        captured_kwargs: dict[str, Any] | None = None,
        extra_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self._info = RouteInfo(func, url_name, app_names, namespaces, route, extra_kwargs)
        self._captured = captured_kwargs
        self._path = None
        self._resolver = None
        self._tried = tried

    @classmethod
    def for_route(
        cls,
        info: RouteInfo,
        captured: Any,
        path: str,
        resolver: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> ResolverMatch:
        """The match of a compiled route (``scallion.urls._matcher``).

        ``captured`` is the route's converted values in route order, and the
        kwargs are made from them; a regex route passes the view route's own
        captures as a dict, with the ``args`` and merged ``kwargs`` it found.
        ``path`` and ``resolver`` let ``tried`` be recomputed if it is read.
        PERF: hello, param - one object and the kwargs dict, no ``__init__``.
        """
        match = _new_object(cls)
        match.func = info.func
        match.args = args
        if kwargs is None:
            if not info.simple:
                kwargs = info.kwargs_for(captured)
            else:
                names = info.names
                if not names:
                    kwargs = {}
                elif len(names) == 1:
                    kwargs = {names[0]: captured[0]}
                else:
                    kwargs = dict(zip(names, captured, strict=True))
        match.kwargs = kwargs
        match._info = info
        match._captured = captured
        match._path = path
        match._resolver = resolver
        return match

    # Per-route facts ---------------------------------------------------------

    @property
    def url_name(self) -> str | None:
        return self._info.url_name

    @property
    def app_names(self) -> list[str]:
        return list(self._info.app_names)

    @property
    def namespaces(self) -> list[str]:
        return list(self._info.namespaces)

    @property
    def app_name(self) -> str:
        return self._info.app_name

    @property
    def namespace(self) -> str:
        return self._info.namespace

    @property
    def route(self) -> str | None:
        return self._info.route

    @property
    def view_name(self) -> str:
        return self._info.view_name

    @property
    def extra_kwargs(self) -> dict[str, Any] | None:
        return self._info.extra_kwargs

    @property
    def _func_path(self) -> str:
        return self._info._func_path

    # Per-match facts computed on demand ----------------------------------------

    @property
    def captured_kwargs(self) -> dict[str, Any] | None:
        captured = self._captured
        if isinstance(captured, tuple):
            # Stored as the raw converted values by the segment matcher.
            info = self._info
            captured = dict(zip(info.captured_names, captured[info.captured_start :], strict=True))
            self._captured = captured
        return captured  # type: ignore[no-any-return]

    @property
    def tried(self) -> list[list[Any]] | None:
        """The patterns tried before (and including) the match, as Django lists them.

        Rarely read, so it is recomputed on demand by the reference resolver
        instead of being collected on every resolve.
        """
        try:
            return self._tried
        except AttributeError:
            tried = None
            if self._resolver is not None and self._path is not None:
                tried = self._resolver._resolve_linear(self._path).tried
            self._tried = tried
            return tried

    @tried.setter
    def tried(self, value: list[list[Any]] | None) -> None:
        self._tried = value

    def __getitem__(self, index: int) -> Any:
        return (self.func, self.args, self.kwargs)[index]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.func, self.args, self.kwargs))

    def __repr__(self) -> str:
        func = repr(self.func) if isinstance(self.func, functools.partial) else self._func_path
        captured = self.captured_kwargs
        extra = self.extra_kwargs
        return (
            f"ResolverMatch(func={func}, args={self.args!r}, kwargs={self.kwargs!r}, "
            f"url_name={self.url_name!r}, app_names={self.app_names!r}, "
            f"namespaces={self.namespaces!r}, route={self.route!r}"
            + (f", captured_kwargs={captured!r}" if captured else "")
            + (f", extra_kwargs={extra!r}" if extra else "")
            + ")"
        )

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise PicklingError(f"Cannot pickle {self.__class__.__qualname__}.")

"""Multi-valued and case-insensitive mappings used by requests and responses, and
Django's smaller containers (``OrderedSet``, ``DictWrapper``, ``DeferredSubDict``)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class MultiValueDictKeyError(KeyError):
    """A missing key in a MultiValueDict (a KeyError, as Django's)."""


class MultiValueDict(dict[K, list[V]], Generic[K, V]):
    """A dict whose keys hold lists; item access returns the last value.

    Form data and query strings repeat keys (``?a=1&a=2``); ``d["a"]`` gives the
    last value and ``d.getlist("a")`` gives them all, as in Django.
    """

    def __init__(self, key_to_list_mapping: Iterable[tuple[K, list[V]]] | Mapping[K, list[V]] = ()):
        super().__init__(key_to_list_mapping)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {super().__repr__()}>"

    def __getitem__(self, key: K) -> V:  # type: ignore[override]
        try:
            list_ = super().__getitem__(key)
        except KeyError:
            raise MultiValueDictKeyError(key) from None
        try:
            return list_[-1]
        except IndexError:
            return []  # type: ignore[return-value]

    def __setitem__(self, key: K, value: V) -> None:  # type: ignore[override]
        super().__setitem__(key, [value])

    def __copy__(self) -> MultiValueDict[K, V]:
        return self.__class__([(k, v[:]) for k, v in self.lists()])

    def __deepcopy__(self, memo: dict[int, Any]) -> MultiValueDict[K, V]:
        result = self.__class__()
        memo[id(self)] = result
        for key, value in dict.items(self):
            dict.__setitem__(result, copy.deepcopy(key, memo), copy.deepcopy(value, memo))
        return result

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_data": {k: self._getlist(k) for k in self}}

    def __setstate__(self, obj_dict: dict[str, Any]) -> None:
        data = obj_dict.pop("_data", {})
        for k, v in data.items():
            self.setlist(k, v)
        self.__dict__.update(obj_dict)

    def get(self, key: K, default: Any = None) -> Any:
        try:
            val = self[key]
        except KeyError:
            return default
        if val == []:
            return default
        return val

    def _getlist(self, key: K, default: Any = None, force_list: bool = False) -> Any:
        try:
            values = super().__getitem__(key)
        except KeyError:
            if default is None:
                return []
            return default
        if force_list:
            return list(values) if values is not None else None
        return values

    def getlist(self, key: K, default: list[V] | None = None) -> list[V]:
        """All values for ``key`` (a new list), or ``default`` / ``[]``."""
        result: list[V] = self._getlist(key, default, force_list=True)
        return result

    def setlist(self, key: K, list_: list[V]) -> None:
        super().__setitem__(key, list_)

    def setdefault(self, key: K, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def setlistdefault(self, key: K, default_list: list[V] | None = None) -> list[V]:
        if key not in self:
            if default_list is None:
                default_list = []
            self.setlist(key, default_list)
        result: list[V] = self._getlist(key)
        return result

    def appendlist(self, key: K, value: V) -> None:
        self.setlistdefault(key).append(value)

    def items(self) -> Iterator[tuple[K, V]]:  # type: ignore[override]
        for key in self:
            yield key, self[key]

    def lists(self) -> Iterator[tuple[K, list[V]]]:
        return iter(super().items())

    def values(self) -> Iterator[V]:  # type: ignore[override]
        for key in self:
            yield self[key]

    def copy(self) -> MultiValueDict[K, V]:
        return copy.copy(self)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Extend rather than replace existing key lists."""
        if len(args) > 1:
            raise TypeError(f"update expected at most 1 argument, got {len(args)}")
        if args:
            arg = args[0]
            if isinstance(arg, MultiValueDict):
                for key, value_list in arg.lists():
                    self.setlistdefault(key).extend(value_list)
            else:
                items = arg.items() if isinstance(arg, Mapping) else arg
                for key, value in items:
                    self.setlistdefault(key).append(value)
        for key, value in kwargs.items():
            self.setlistdefault(key).append(value)  # type: ignore[arg-type]

    def dict(self) -> dict[K, V]:
        """The current value of each key (the last one)."""
        return {key: self[key] for key in self}


class CaseInsensitiveMapping(Mapping[str, V]):
    """A read-only mapping whose keys match regardless of case."""

    __slots__ = ("_store",)

    def __init__(self, data: Mapping[str, V] | Iterable[tuple[str, V]] = ()):
        items = data.items() if isinstance(data, Mapping) else data
        self._store: dict[str, tuple[str, V]] = {}
        for index, item in enumerate(items):
            if len(item) != 2:
                raise ValueError(
                    f"dictionary update sequence element #{index} has length {len(item)}; "
                    "2 is required"
                )
            key, value = item
            if not isinstance(key, str):
                raise ValueError(f"Element key {key!r} invalid, only strings are allowed")
            self._store[key.lower()] = (key, value)

    def __getitem__(self, key: str) -> V:
        return self._store[key.lower()][1]

    def __len__(self) -> int:
        return len(self._store)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return {k.lower(): v for k, v in self.items()} == {
            str(k).lower(): v for k, v in other.items()
        }

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._store.values())

    def __repr__(self) -> str:
        return repr(dict(self._store.values()))

    def copy(self) -> CaseInsensitiveMapping[V]:
        return self


class ImmutableList(tuple[V, ...]):
    """A tuple that explains, when someone tries to change it, why they can't."""

    warning = "ImmutableList object is immutable."

    def __new__(cls, *args: Any, warning: str = warning, **kwargs: Any) -> ImmutableList[V]:
        self = tuple.__new__(cls, *args, **kwargs)
        self.warning = warning
        return self

    def complain(self, *args: Any, **kwargs: Any) -> None:
        raise AttributeError(self.warning)

    __delitem__ = complain
    __iadd__ = complain
    __setitem__ = complain
    append = complain
    extend = complain
    insert = complain
    pop = complain
    remove = complain
    sort = complain
    reverse = complain


class OrderedSet(Generic[K]):
    """A set that remembers the order items were first added in (a dict's keys)."""

    def __init__(self, iterable: Iterable[K] | None = None) -> None:
        self.dict: dict[K, None] = dict.fromkeys(iterable or ())

    def add(self, item: K) -> None:
        self.dict[item] = None

    def remove(self, item: K) -> None:
        del self.dict[item]

    def discard(self, item: K) -> None:
        self.dict.pop(item, None)

    def __iter__(self) -> Iterator[K]:
        return iter(self.dict)

    def __reversed__(self) -> Iterator[K]:
        return reversed(self.dict)

    def __contains__(self, item: object) -> bool:
        return item in self.dict

    def __bool__(self) -> bool:
        return bool(self.dict)

    def __len__(self) -> int:
        return len(self.dict)

    def __repr__(self) -> str:
        items = repr(list(self.dict)) if self.dict else ""
        return f"{type(self).__qualname__}({items})"


class DictWrapper(dict[str, V]):
    """A dict whose keys may carry ``prefix``: such a look-up passes the value to ``func``.

    ``DictWrapper(data, quote, "q_")["q_name"]`` is ``quote(data["name"])``, while
    ``["name"]`` is the plain value: one mapping serves both forms in a format string.
    """

    def __init__(self, data: Mapping[str, V], func: Callable[[V], Any], prefix: str) -> None:
        super().__init__(data)
        self.func = func
        self.prefix = prefix

    def __getitem__(self, key: str) -> Any:
        transformed = key.startswith(self.prefix)
        value = super().__getitem__(key.removeprefix(self.prefix))
        return self.func(value) if transformed else value


class DeferredSubDict(Generic[K, V]):
    """``parent[deferred_key][key]``, looked up when read: later changes to ``parent``
    (even a new dict under ``deferred_key``) show through."""

    def __init__(self, parent_dict: Mapping[Any, Mapping[K, V]], deferred_key: Any) -> None:
        self.parent_dict = parent_dict
        self.deferred_key = deferred_key

    def __getitem__(self, key: K) -> V:
        return self.parent_dict[self.deferred_key][key]

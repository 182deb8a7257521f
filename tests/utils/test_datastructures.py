"""Django's small containers: OrderedSet, DictWrapper, DeferredSubDict."""

from __future__ import annotations

import pytest

from scallion.utils.datastructures import DeferredSubDict, DictWrapper, OrderedSet


def test_ordered_set_keeps_first_insertion_order() -> None:
    items = OrderedSet([3, 1, 3, 2])
    assert list(items) == [3, 1, 2] and len(items) == 3
    items.add(1)
    items.add(0)
    assert list(items) == [3, 1, 2, 0]
    assert list(reversed(items)) == [0, 2, 1, 3]
    items.discard(9)
    items.remove(3)
    with pytest.raises(KeyError):
        items.remove(3)
    assert 1 in items and 3 not in items
    assert repr(items) == "OrderedSet([1, 2, 0])"
    assert repr(OrderedSet()) == "OrderedSet()" and not OrderedSet()


def test_dict_wrapper_applies_its_function_to_prefixed_keys() -> None:
    wrapped = DictWrapper({"name": "x"}, lambda v: f"<{v}>", "q_")
    assert wrapped["name"] == "x"
    assert wrapped["q_name"] == "<x>"
    assert "%(name)s %(q_name)s" % wrapped == "x <x>"  # noqa: UP031 (the use it is for)
    with pytest.raises(KeyError):
        wrapped["q_other"]


def test_deferred_sub_dict_reads_the_parent_when_asked() -> None:
    parent = {"sub": {"a": 1}}
    deferred = DeferredSubDict(parent, "sub")
    assert deferred["a"] == 1
    parent["sub"] = {"a": 2}
    assert deferred["a"] == 2
    with pytest.raises(KeyError):
        deferred["b"]

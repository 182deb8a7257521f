"""Paginator and Page (and their async twins), with Django's numbers and errors."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.paginator import (
    AsyncPaginator,
    EmptyPage,
    InvalidPage,
    PageNotAnInteger,
    Paginator,
    UnorderedObjectListWarning,
)
from scallion.utils.deprecation import RemovedInDjango2028Warning


def test_pages_and_orphans() -> None:
    paginator = Paginator(list(range(23)), 5, orphans=2)
    assert (paginator.count, paginator.num_pages) == (23, 5)
    last = paginator.page(5)
    assert list(last) == [20, 21, 22]
    assert (last.start_index(), last.end_index()) == (21, 23)
    assert repr(last) == "<Page 5 of 5>"
    # Two orphans join the previous page rather than make a page of their own.
    assert Paginator(list(range(22)), 5, orphans=2).num_pages == 4


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [
        ("x", PageNotAnInteger, "That page number is not an integer"),
        (1.5, PageNotAnInteger, "That page number is not an integer"),
        (None, PageNotAnInteger, "That page number is not an integer"),
        (0, EmptyPage, "That page number is less than 1"),
        (3, EmptyPage, "That page contains no results"),
    ],
)
def test_invalid_numbers(number: Any, error: type[InvalidPage], message: str) -> None:
    with pytest.raises(error, match=message):
        Paginator([1, 2, 3], 2).page(number)


def test_get_page_is_forgiving_and_floats_that_are_whole_are_accepted() -> None:
    paginator = Paginator(list(range(10)), 3)
    assert paginator.get_page("junk").number == 1
    assert paginator.get_page(99).number == 4
    assert paginator.page(2.0).number == 2
    assert paginator.validate_number("3") == 3


def test_empty_list() -> None:
    assert Paginator([], 3).num_pages == 1
    assert Paginator([], 3).page(1).start_index() == 0
    assert Paginator([], 3, allow_empty_first_page=False).num_pages == 0
    with pytest.raises(EmptyPage):
        Paginator([], 3, allow_empty_first_page=False).page(1)


def test_count_uses_a_count_method_without_arguments() -> None:
    class Counted(list[int]):
        def count(self) -> int:  # type: ignore[override]
            return 40

    assert Paginator(Counted([1]), 10).count == 40
    # list.count takes an argument: len() is used.
    assert Paginator([1, 2], 10).count == 2


def test_custom_error_messages() -> None:
    paginator = Paginator([1], 1, error_messages={"no_results": "Nothing here"})
    with pytest.raises(EmptyPage, match="Nothing here"):
        paginator.page(2)
    with pytest.raises(PageNotAnInteger, match="not an integer"):
        paginator.page("a")


def test_elided_page_range() -> None:
    paginator = Paginator(range(500), 10)
    elided = list(paginator.get_elided_page_range(25))
    assert elided[:2] == [1, 2]
    assert str(elided[2]) == "…"
    assert elided[3:10] == [22, 23, 24, 25, 26, 27, 28]
    assert elided[-2:] == [49, 50]
    assert list(Paginator(range(30), 10).get_elided_page_range(2)) == [1, 2, 3]


def test_warnings() -> None:
    class Unordered(list[int]):
        ordered = False

    with pytest.warns(UnorderedObjectListWarning, match="unordered object_list"):
        Paginator(Unordered([1, 2]), 1)
    with pytest.warns(RemovedInDjango2028Warning, match="orphans argument"):
        Paginator([1], 2, orphans=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Paginator([1], 2, orphans=1)


def test_page_indexing() -> None:
    page = Paginator(range(10), 4).page(2)
    assert page[0] == 4
    assert page[1:3] == [5, 6]
    with pytest.raises(TypeError, match=r"Page indices must be integers or slices, not str\."):
        page["a"]  # type: ignore[index]
    assert page.has_next() and page.has_previous() and page.has_other_pages()
    assert (page.next_page_number(), page.previous_page_number()) == (3, 1)


@given(
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=10),
)
def test_pages_cover_every_object_once(count: int, per_page: int, orphans: int) -> None:
    if orphans >= per_page:
        orphans = per_page - 1
    paginator = Paginator(list(range(count)), per_page, orphans=orphans)
    seen = [item for page in paginator for item in page]
    assert seen == list(range(count))
    for page in paginator:
        assert len(page) <= per_page + orphans


def test_async_paginator() -> None:
    async def run() -> None:
        paginator = AsyncPaginator(range(7), 3)
        assert await paginator.anum_pages() == 3
        page = await paginator.apage(3)
        with pytest.raises(TypeError, match="must be awaited before calling len"):
            len(page)
        assert await page.aget_object_list() == [6]
        assert len(page) == 1
        assert (await page.astart_index(), await page.aend_index()) == (7, 7)
        assert await page.ahas_previous() and not await page.ahas_next()
        assert (await paginator.aget_page("x")).number == 1
        assert [p.number async for p in paginator] == [1, 2, 3]
        assert repr(page) == "<Async Page 3>"

    asyncio.run(run())

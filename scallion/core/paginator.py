"""Pages of a sequence: ``Paginator``/``Page`` and their async twins, with Django's API.

Any sliceable sequence with a length works; an object whose ``count()`` takes
no argument (a query set) is counted with it instead of ``len()``. An object
with ``ordered = False`` draws an ``UnorderedObjectListWarning``, since its
pages could overlap from one request to the next.
"""

from __future__ import annotations

import collections.abc
import inspect
import warnings
from collections.abc import AsyncIterator, Iterator, Mapping
from math import ceil
from typing import Any

from asgiref.sync import sync_to_async

from scallion.utils.deprecation import RemovedInDjango2028Warning
from scallion.utils.functional import cached_property
from scallion.utils.inspect import method_has_no_args
from scallion.utils.translation import gettext_lazy as _


class UnorderedObjectListWarning(RuntimeWarning):
    """Paginating an unordered object list may show an object twice, or never."""


class InvalidPage(Exception):
    """The page number does not name a page."""


class PageNotAnInteger(InvalidPage):
    """The page number is not a whole number."""


class EmptyPage(InvalidPage):
    """The page number is below 1 or past the last page."""


class BasePaginator:
    """What both paginators share: arguments, checks and the elided page range."""

    #: Stands for the page numbers an elided range leaves out.
    ELLIPSIS = _("…")
    default_error_messages: Mapping[str, Any] = {
        "invalid_page": _("That page number is not an integer"),
        "min_page": _("That page number is less than 1"),
        "no_results": _("That page contains no results"),
    }

    def __init__(
        self,
        object_list: Any,
        per_page: int | str,
        orphans: int | str = 0,
        allow_empty_first_page: bool = True,
        error_messages: Mapping[str, Any] | None = None,
    ) -> None:
        self.object_list = object_list
        self._check_object_list_is_ordered()
        self.per_page = int(per_page)
        self.orphans = int(orphans)
        self.allow_empty_first_page = allow_empty_first_page
        self.error_messages = (
            dict(self.default_error_messages)
            if error_messages is None
            else {**self.default_error_messages, **error_messages}
        )
        if self.per_page <= self.orphans:
            warnings.warn(
                "Support for the orphans argument being larger than or equal to the per_page "
                "argument is deprecated. This will raise a ValueError in Django 2028.",
                RemovedInDjango2028Warning,
                stacklevel=2,
            )

    def _check_object_list_is_ordered(self) -> None:
        ordered = getattr(self.object_list, "ordered", None)
        if ordered is not None and not ordered:
            if hasattr(self.object_list, "model"):
                described = f"{self.object_list.model} {type(self.object_list).__name__}"
            else:
                described = repr(self.object_list)
            warnings.warn(
                f"Pagination may yield inconsistent results with an unordered object_list: "
                f"{described}.",
                UnorderedObjectListWarning,
                stacklevel=3,
            )

    def _get_elided_page_range(
        self,
        number: int,
        num_pages: int,
        page_range: range,
        on_each_side: int = 3,
        on_ends: int = 2,
    ) -> Iterator[Any]:
        """``1, 2, …, 40, 41, 42, 43, 44, 45, 46, …, 49, 50`` for page 43 of 50."""
        if num_pages <= (on_each_side + on_ends) * 2:
            yield from page_range
            return
        if number > (1 + on_each_side + on_ends) + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
            yield from range(number - on_each_side, number + 1)
        else:
            yield from range(1, number + 1)
        if number < (num_pages - on_each_side - on_ends) - 1:
            yield from range(number + 1, number + on_each_side + 1)
            yield self.ELLIPSIS
            yield from range(num_pages - on_ends + 1, num_pages + 1)
        else:
            yield from range(number + 1, num_pages + 1)

    def _get_page(self, *args: Any, **kwargs: Any) -> Any:
        """The page object; a subclass may return its own ``Page`` subclass."""
        return Page(*args, **kwargs)

    def _validate_number(self, number: Any, num_pages: int) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return int(number)

    @staticmethod
    def _page_bounds(number: int, per_page: int, orphans: int, count: int) -> tuple[int, int]:
        bottom = (number - 1) * per_page
        top = bottom + per_page
        # The last page takes the orphans rather than leaving them a page of their own.
        if top + orphans >= count:
            top = count
        return bottom, top

    def _num_pages_for(self, count: int) -> int:
        if count == 0 and not self.allow_empty_first_page:
            return 0
        return ceil(max(1, count - self.orphans) / self.per_page)


class Paginator(BasePaginator):
    def __iter__(self) -> Iterator[Page]:
        for page_number in self.page_range:
            yield self.page(page_number)

    def validate_number(self, number: Any) -> int:
        """``number`` as an int, or ``PageNotAnInteger``/``EmptyPage``."""
        return self._validate_number(number, self.num_pages)

    def get_page(self, number: Any) -> Page:
        """A page, whatever ``number`` is: the first for junk, the last when out of range."""
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        return self.page(number)

    def page(self, number: Any) -> Page:
        """The page numbered ``number`` (from 1)."""
        number = self.validate_number(number)
        bottom, top = self._page_bounds(number, self.per_page, self.orphans, self.count)
        page: Page = self._get_page(self.object_list[bottom:top], number, self)
        return page

    @cached_property
    def count(self) -> int:
        """How many objects there are, over every page."""
        counter = getattr(self.object_list, "count", None)
        if callable(counter) and not inspect.isbuiltin(counter) and method_has_no_args(counter):
            return int(counter())
        return len(self.object_list)

    @cached_property
    def num_pages(self) -> int:
        return self._num_pages_for(self.count)

    @property
    def page_range(self) -> range:
        """``range(1, num_pages + 1)``, for a template's page links."""
        return range(1, self.num_pages + 1)

    def get_elided_page_range(
        self, number: Any = 1, *, on_each_side: int = 3, on_ends: int = 2
    ) -> Iterator[Any]:
        number = self.validate_number(number)
        yield from self._get_elided_page_range(
            number, self.num_pages, self.page_range, on_each_side, on_ends
        )


class AsyncPaginator(BasePaginator):
    """``Paginator`` for async code: counts with ``acount()`` when the list has one."""

    def __init__(
        self,
        object_list: Any,
        per_page: int | str,
        orphans: int | str = 0,
        allow_empty_first_page: bool = True,
        error_messages: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page, error_messages)
        self._cache_acount: int | None = None
        self._cache_anum_pages: int | None = None

    async def __aiter__(self) -> AsyncIterator[AsyncPage]:
        for page_number in await self.apage_range():
            yield await self.apage(page_number)

    async def avalidate_number(self, number: Any) -> int:
        return self._validate_number(number, await self.anum_pages())

    async def aget_page(self, number: Any) -> AsyncPage:
        try:
            number = await self.avalidate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = await self.anum_pages()
        return await self.apage(number)

    async def apage(self, number: Any) -> AsyncPage:
        number = await self.avalidate_number(number)
        count = await self.acount()
        bottom, top = self._page_bounds(number, self.per_page, self.orphans, count)
        page: AsyncPage = self._get_page(self.object_list[bottom:top], number, self)
        return page

    def _get_page(self, *args: Any, **kwargs: Any) -> Any:
        return AsyncPage(*args, **kwargs)

    async def acount(self) -> int:
        if self._cache_acount is None:
            counter = getattr(self.object_list, "acount", None)
            if (
                inspect.iscoroutinefunction(counter)
                and not inspect.isbuiltin(counter)
                and method_has_no_args(counter)
            ):
                self._cache_acount = int(await counter())
            else:
                self._cache_acount = len(self.object_list)
        return self._cache_acount

    async def anum_pages(self) -> int:
        if self._cache_anum_pages is None:
            self._cache_anum_pages = self._num_pages_for(await self.acount())
        return self._cache_anum_pages

    async def apage_range(self) -> range:
        return range(1, await self.anum_pages() + 1)

    async def aget_elided_page_range(
        self, number: Any = 1, *, on_each_side: int = 3, on_ends: int = 2
    ) -> AsyncIterator[Any]:
        number = await self.avalidate_number(number)
        elided = self._get_elided_page_range(
            number, await self.anum_pages(), await self.apage_range(), on_each_side, on_ends
        )
        for page in elided:
            yield page


class Page(collections.abc.Sequence[Any]):
    """One page: its objects (``object_list``), its ``number`` and its ``paginator``."""

    def __init__(self, object_list: Any, number: int, paginator: Paginator) -> None:
        self.object_list = object_list
        self.number = number
        self.paginator = paginator

    def __repr__(self) -> str:
        return f"<Page {self.number} of {self.paginator.num_pages}>"

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int | slice):
            raise TypeError(f"Page indices must be integers or slices, not {type(index).__name__}.")
        # Made a list once, so that a lazy object list is not fetched per item.
        if not isinstance(self.object_list, list):
            self.object_list = list(self.object_list)
        return self.object_list[index]

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.paginator.validate_number(self.number + 1)

    def previous_page_number(self) -> int:
        return self.paginator.validate_number(self.number - 1)

    def start_index(self) -> int:
        """The 1-based position of the page's first object among all (0 when there are none)."""
        if self.paginator.count == 0:
            return 0
        return self.paginator.per_page * (self.number - 1) + 1

    def end_index(self) -> int:
        """The 1-based position of the page's last object among all."""
        if self.number == self.paginator.num_pages:
            return self.paginator.count
        return self.number * self.paginator.per_page


class AsyncPage:
    """A page of an ``AsyncPaginator``: await ``aget_object_list()`` before indexing it."""

    def __init__(self, object_list: Any, number: int, paginator: AsyncPaginator) -> None:
        self.object_list = object_list
        self.number = number
        self.paginator = paginator

    def __repr__(self) -> str:
        return f"<Async Page {self.number}>"

    async def __aiter__(self) -> AsyncIterator[Any]:
        if hasattr(self.object_list, "__aiter__"):
            async for obj in self.object_list:
                yield obj
        else:
            for obj in self.object_list:
                yield obj

    def _require_list(self, what: str) -> list[Any]:
        if not isinstance(self.object_list, list):
            raise TypeError(f"AsyncPage.aget_object_list() must be awaited before {what}.")
        return self.object_list

    def __len__(self) -> int:
        return len(self._require_list("calling len()"))

    def __reversed__(self) -> Iterator[Any]:
        items: list[Any] = self._require_list("calling reversed()")
        return iter(items[::-1])

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int | slice):
            raise TypeError(
                f"AsyncPage indices must be integers or slices, not {type(index).__name__}."
            )
        return self._require_list("using indexing")[index]

    async def aget_object_list(self) -> list[Any]:
        """The page's objects as a list (fetched once)."""
        if not isinstance(self.object_list, list):
            if hasattr(self.object_list, "__aiter__"):
                self.object_list = [obj async for obj in self.object_list]
            else:
                self.object_list = await sync_to_async(_as_list)(self.object_list)
        items: list[Any] = self.object_list
        return items

    async def ahas_next(self) -> bool:
        return self.number < await self.paginator.anum_pages()

    async def ahas_previous(self) -> bool:
        return self.number > 1

    async def ahas_other_pages(self) -> bool:
        return await self.ahas_previous() or await self.ahas_next()

    async def anext_page_number(self) -> int:
        return await self.paginator.avalidate_number(self.number + 1)

    async def aprevious_page_number(self) -> int:
        return await self.paginator.avalidate_number(self.number - 1)

    async def astart_index(self) -> int:
        if await self.paginator.acount() == 0:
            return 0
        return self.paginator.per_page * (self.number - 1) + 1

    async def aend_index(self) -> int:
        if self.number == await self.paginator.anum_pages():
            return await self.paginator.acount()
        return self.number * self.paginator.per_page


def _as_list(objects: Any) -> list[Any]:
    return list(objects)

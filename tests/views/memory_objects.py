"""A tiny in-memory stand-in for a model and its query set, for the generic view tests.

It implements only what the generic views ask of a query set: ``all``,
``filter`` with ``field``/``field__gte``/``__lt``/``__lte`` look-ups, ``get``,
``order_by``, ``exists``, ``none``, ``dates``, slicing and ``len``; and of a
model: ``_meta`` (``app_label``, ``model_name``, ``verbose_name(_plural)``,
``get_field``), ``DoesNotExist`` and ``_default_manager``.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterator
from typing import Any

from scallion.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "exact": operator.eq,
}


class DateField:
    def get_internal_type(self) -> str:
        return "DateField"


class DateTimeField:
    def get_internal_type(self) -> str:
        return "DateTimeField"


class Meta:
    def __init__(self, model_name: str, fields: dict[str, Any]) -> None:
        self.app_label = "library"
        self.model_name = model_name
        self.verbose_name = model_name
        self.verbose_name_plural = model_name + "s"
        self.fields = fields

    def get_field(self, name: str) -> Any:
        return self.fields[name]


class QuerySet:
    def __init__(self, model: type[Any], rows: list[Any], ordered: bool = True) -> None:
        self.model = model
        self.rows = rows
        self.ordered = ordered

    def all(self) -> QuerySet:
        return QuerySet(self.model, list(self.rows), self.ordered)

    def none(self) -> QuerySet:
        return QuerySet(self.model, [])

    def filter(self, **lookups: Any) -> QuerySet:
        rows = self.rows
        for key, value in lookups.items():
            field, _, op = key.partition("__")
            test = _OPERATORS[op or "exact"]
            rows = [row for row in rows if test(getattr(row, field), value)]
        return QuerySet(self.model, rows, self.ordered)

    def get(self) -> Any:
        if not self.rows:
            raise self.model.DoesNotExist
        if len(self.rows) > 1:
            raise MultipleObjectsReturned
        return self.rows[0]

    def order_by(self, *fields: str) -> QuerySet:
        rows = list(self.rows)
        for field in reversed(fields):
            name = field.lstrip("-")
            rows.sort(key=operator.attrgetter(name), reverse=field.startswith("-"))
        return QuerySet(self.model, rows)

    def exists(self) -> bool:
        return bool(self.rows)

    def dates(self, field: str, kind: str, order: str = "ASC") -> list[datetime.date]:
        def truncate(day: datetime.date) -> datetime.date:
            if kind == "year":
                return day.replace(month=1, day=1)
            if kind == "month":
                return day.replace(day=1)
            return day

        found = {truncate(getattr(row, field)) for row in self.rows}
        return sorted(found, reverse=order == "DESC")

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]


class Book:
    """A model-like class: books with a pk, a slug and a publication date."""

    class DoesNotExist(ObjectDoesNotExist):
        pass

    _meta = Meta("book", {"pubdate": DateField()})
    rows: list[Book] = []

    def __init__(self, pk: int, slug: str, pubdate: datetime.date) -> None:
        self.pk = pk
        self.slug = slug
        self.pubdate = pubdate

    def __repr__(self) -> str:
        return f"<Book {self.slug}>"

    def get_absolute_url(self) -> str:
        return f"/books/{self.pk}/"


class _Manager:
    def all(self) -> QuerySet:
        return QuerySet(Book, list(Book.rows))


Book._default_manager = _Manager()  # type: ignore[attr-defined]

BOOKS = [
    Book(1, "dune", datetime.date(2008, 10, 1)),
    Book(2, "emma", datetime.date(2008, 10, 14)),
    Book(3, "ivanhoe", datetime.date(2006, 5, 1)),
]
Book.rows = BOOKS

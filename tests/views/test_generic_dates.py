"""Date archive views: URL parsing, validation and look-ups, with Django's messages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import RequestFactory
from scallion.views.generic import (
    ArchiveIndexView,
    DateDetailView,
    DayArchiveView,
    MonthArchiveView,
    WeekArchiveView,
    YearArchiveView,
)
from scallion.views.generic.dates import BaseDateListView
from tests.views.memory_objects import BOOKS, Book

rf = RequestFactory()


def call(view: Any, path: str = "/", **kwargs: Any) -> Any:
    return view(rf.get(path), **kwargs)


def test_archive_index_lists_years_newest_first() -> None:
    response = call(ArchiveIndexView.as_view(model=Book, date_field="pubdate"))
    assert response.context_data["date_list"] == [
        datetime.date(2008, 1, 1),
        datetime.date(2006, 1, 1),
    ]
    assert list(response.context_data["latest"]) == [BOOKS[1], BOOKS[0], BOOKS[2]]
    assert response.template_name == ["library/book_archive.html"]


def test_date_field_is_required() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"ArchiveIndexView\.date_field is required\."):
        call(ArchiveIndexView.as_view(model=Book))


def test_year_archive_months_and_neighbours() -> None:
    view = YearArchiveView.as_view(model=Book, date_field="pubdate", make_object_list=True)
    context = call(view, year="2008").context_data
    assert context["year"] == datetime.date(2008, 1, 1)
    assert context["date_list"] == [datetime.date(2008, 10, 1)]
    assert len(context["object_list"]) == 2
    # Neighbours are the nearest years that have books (allow_empty is False).
    assert context["previous_year"] == datetime.date(2006, 1, 1)
    assert context["next_year"] is None


def test_month_archive_from_the_query_string() -> None:
    view = MonthArchiveView.as_view(model=Book, date_field="pubdate")
    context = call(view, "/?year=2008&month=oct").context_data
    assert context["month"] == datetime.date(2008, 10, 1)
    assert [d.day for d in context["date_list"]] == [1, 14]


@pytest.mark.parametrize(
    ("view", "kwargs", "message"),
    [
        (MonthArchiveView, {"year": "2008"}, "No month specified"),
        (YearArchiveView, {}, "No year specified"),
        (DayArchiveView, {"year": "2008", "month": "oct"}, "No day specified"),
        (
            DayArchiveView,
            {"year": "2008", "month": "oct", "day": "no"},
            "Invalid date string “2008__oct__no” given format “%Y__%b__%d”",
        ),
        (YearArchiveView, {"year": "9999"}, "Date out of range"),
        (MonthArchiveView, {"year": "2007", "month": "oct"}, "No books available"),
    ],
)
def test_bad_dates_are_404s(view: Any, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(Http404) as caught:
        call(view.as_view(model=Book, date_field="pubdate"), **kwargs)
    assert str(caught.value) == message


def test_week_formats() -> None:
    view = WeekArchiveView.as_view(model=Book, date_field="pubdate", allow_empty=True)
    context = call(view, year="2008", week="39").context_data
    assert context["week"] == datetime.date(2008, 9, 28)  # %U weeks start on Sunday
    assert [b.slug for b in context["object_list"]] == ["dune"]
    with pytest.raises(ValueError, match=r"Unknown week format '%T'\. Choices are: %U, %V, %W"):
        call(
            WeekArchiveView.as_view(model=Book, date_field="pubdate", week_format="%T"),
            year="2008",
            week="1",
        )
    with pytest.raises(ValueError, match="Use the ISO year '%G' instead"):
        call(
            WeekArchiveView.as_view(model=Book, date_field="pubdate", week_format="%V"),
            year="2008",
            week="1",
        )
    iso = WeekArchiveView.as_view(
        model=Book, date_field="pubdate", week_format="%V", year_format="%G", allow_empty=True
    )
    assert call(iso, year="2008", week="40").context_data["week"] == datetime.date(2008, 9, 29)


def test_day_archive_and_date_detail() -> None:
    day = call(
        DayArchiveView.as_view(model=Book, date_field="pubdate"), year="2008", month="oct", day="14"
    )
    assert [b.slug for b in day.context_data["object_list"]] == ["emma"]
    detail = DateDetailView.as_view(model=Book, date_field="pubdate")
    found = call(detail, year="2008", month="oct", day="14", pk=2)
    assert found.context_data["book"] is BOOKS[1]
    with pytest.raises(Http404):
        call(detail, year="2008", month="oct", day="01", pk=2)  # right book, wrong day
    with pytest.raises(AttributeError, match="must be called with either an object pk or a slug"):
        call(detail, year="2008", month="oct", day="14")


def test_future_objects_are_hidden_unless_allowed() -> None:
    future = Book(8, "later", datetime.date.today() + datetime.timedelta(days=30))
    Book.rows.append(future)
    try:
        detail = DateDetailView.as_view(model=Book, date_field="pubdate")
        d = future.pubdate
        parts = {"year": str(d.year), "month": d.strftime("%b").lower(), "day": f"{d.day:02d}"}
        with pytest.raises(Http404, match="Future books not available because DateDetailView"):
            call(detail, pk=8, **parts)
        allowed = DateDetailView.as_view(model=Book, date_field="pubdate", allow_future=True)
        assert call(allowed, pk=8, **parts).context_data["object"] is future
        index = call(ArchiveIndexView.as_view(model=Book, date_field="pubdate"))
        assert future not in list(index.context_data["latest"])
    finally:
        Book.rows.remove(future)


def test_get_dated_items_must_be_implemented() -> None:
    class Bare(BaseDateListView):
        pass

    with pytest.raises(
        NotImplementedError, match="must provide an implementation of get_dated_items"
    ):
        call(Bare.as_view())

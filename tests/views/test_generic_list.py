"""ListView and MultipleObjectMixin: lists, query-set-like objects and pagination."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import RequestFactory
from scallion.views.generic import ListView
from tests.views.memory_objects import BOOKS, Book, QuerySet

rf = RequestFactory()


def listing(path: str = "/", **initkwargs: Any) -> Any:
    return ListView.as_view(**initkwargs)(rf.get(path))


def test_a_plain_list_needs_a_template_name() -> None:
    items = [{"n": 1}, {"n": 2}]
    response = listing(queryset=items, template_name="items.html")
    assert response.context_data["object_list"] == items
    assert response.context_data["is_paginated"] is False
    assert response.context_data["paginator"] is None
    with pytest.raises(ImproperlyConfigured, match="requires either a 'template_name' attribute"):
        listing(queryset=items)


def test_a_queryset_names_context_and_template_after_its_model_and_is_ordered() -> None:
    response = listing(model=Book, ordering="-pubdate")
    assert response.context_data["book_list"].rows == [BOOKS[1], BOOKS[0], BOOKS[2]]
    assert response.template_name == ["library/book_list.html"]


def test_pagination_by_query_string_and_last() -> None:
    response = listing("/?page=2", model=Book, paginate_by=2, ordering="pk")
    context = response.context_data
    assert context["is_paginated"] is True
    assert context["page_obj"].number == 2
    assert list(context["object_list"]) == [BOOKS[2]]
    last = listing("/?page=last", model=Book, paginate_by=2, ordering="pk")
    assert last.context_data["page_obj"].number == 2


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("first", "Page is not “last”, nor can it be converted to an int."),
        ("9", "Invalid page (9): That page contains no results"),
        ("0", "Invalid page (0): That page number is less than 1"),
    ],
)
def test_a_bad_page_is_a_404(page: str, message: str) -> None:
    with pytest.raises(Http404) as caught:
        listing(f"/?page={page}", model=Book, paginate_by=2)
    assert str(caught.value) == message


def test_allow_empty_false_answers_an_empty_list_with_404() -> None:
    with pytest.raises(Http404, match=r"Empty list and “ListView\.allow_empty” is False\."):
        listing(queryset=QuerySet(Book, []), allow_empty=False)
    # With pagination the query set is asked whether it has rows.
    with pytest.raises(Http404):
        listing(queryset=QuerySet(Book, []), allow_empty=False, paginate_by=5)
    assert listing(queryset=QuerySet(Book, BOOKS), allow_empty=False).status_code == 200


def test_no_source_of_objects_names_the_fix() -> None:
    with pytest.raises(ImproperlyConfigured, match="ListView is missing a QuerySet"):
        listing()


def test_object_list_passed_to_get_context_data_wins() -> None:
    view = ListView(queryset=BOOKS)
    view.setup(rf.get("/"))
    view.object_list = view.get_queryset()
    assert view.get_context_data(object_list=[1])["object_list"] == [1]

"""DetailView and SingleObjectMixin over a query-set-like object (scallion has no ORM)."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import RequestFactory
from scallion.views.generic import DetailView
from scallion.views.generic.detail import SingleObjectTemplateResponseMixin
from tests.views.memory_objects import BOOKS, Book, QuerySet

rf = RequestFactory()


def detail(view: type[DetailView] = DetailView, **initkwargs: Any) -> Any:
    def call(**url_kwargs: Any) -> Any:
        return view.as_view(**initkwargs)(rf.get("/"), **url_kwargs)

    return call


def test_by_pk_puts_the_object_in_the_context_under_its_model_name() -> None:
    response = detail(model=Book)(pk=2)
    assert response.context_data["object"] is BOOKS[1]
    assert response.context_data["book"] is BOOKS[1]
    assert response.template_name == ["library/book_detail.html"]


def test_by_slug_and_by_pk_and_slug() -> None:
    assert detail(model=Book)(slug="emma").context_data["object"] is BOOKS[1]
    # The pk wins unless query_pk_and_slug asks for both to match.
    assert detail(model=Book)(pk=1, slug="emma").context_data["object"] is BOOKS[0]
    with pytest.raises(Http404, match="No book found matching the query"):
        detail(model=Book, query_pk_and_slug=True)(pk=1, slug="emma")


def test_missing_object_is_a_404() -> None:
    with pytest.raises(Http404, match="No book found"):
        detail(model=Book)(pk=99)


def test_a_url_without_pk_or_slug_names_the_view() -> None:
    with pytest.raises(AttributeError, match="Generic detail view DetailView must be called with"):
        detail(model=Book)()


def test_no_model_nor_queryset_names_the_fix() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"Define DetailView.model, DetailView.queryset"):
        detail()(pk=1)


def test_queryset_is_copied_and_custom_names_apply() -> None:
    queryset = QuerySet(Book, BOOKS[:1])
    response = detail(
        queryset=queryset,
        context_object_name="thing",
        template_name_suffix="_view",
        slug_url_kwarg="name",
        slug_field="slug",
    )(name="dune")
    assert response.context_data["thing"] is BOOKS[0]
    assert response.template_name == ["library/book_view.html"]
    with pytest.raises(Http404):
        detail(queryset=queryset)(pk=2)


def test_a_plain_object_needs_a_template_name() -> None:
    class Plain:
        _meta = None  # not a model's _meta: ignored

    class PlainDetail(DetailView):
        def get_object(self, queryset: Any = None) -> Any:
            return Plain()

    response = PlainDetail.as_view(template_name="plain.html")(rf.get("/"))
    assert set(response.context_data) == {"object", "view"}
    assert response.template_name == ["plain.html"]
    with pytest.raises(ImproperlyConfigured, match="'template_name', 'template_name_field', or"):
        PlainDetail.as_view()(rf.get("/"))


def test_template_name_field_comes_first() -> None:
    class Mixin(SingleObjectTemplateResponseMixin):
        template_name_field = "template"

    view = Mixin()
    book = Book(7, "x", BOOKS[0].pubdate)
    book.template = "custom.html"  # type: ignore[attr-defined]
    view.object = book
    assert view.get_template_names() == ["custom.html", "library/book_detail.html"]

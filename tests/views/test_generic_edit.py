"""Form views with a form class built like Django's (scallion has no forms library)."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import RequestFactory
from scallion.views.generic import CreateView, DeleteView, FormView, UpdateView
from scallion.views.generic.edit import ConfirmationForm, FormMixin, ModelFormMixin
from tests.views.memory_objects import BOOKS, Book

rf = RequestFactory()


class NameForm:
    """Valid when the submitted data has a non-empty ``name``."""

    def __init__(self, data: Any = None, files: Any = None, **kwargs: Any) -> None:
        self.data = data
        self.kwargs = kwargs
        self.saved: list[Any] = []

    def is_valid(self) -> bool:
        return bool(self.data and self.data.get("name"))

    def save(self) -> Any:
        instance = self.kwargs.get("instance") or Book(9, self.data["name"], BOOKS[0].pubdate)
        instance.slug = self.data["name"]
        return instance


def test_get_renders_an_unbound_form_with_initial_and_prefix() -> None:
    view = FormView.as_view(
        form_class=NameForm, template_name="form.html", initial={"name": "x"}, prefix="p"
    )
    response = view(rf.get("/"))
    form = response.context_data["form"]
    assert form.data is None
    assert form.kwargs == {"initial": {"name": "x"}, "prefix": "p"}


def test_valid_post_redirects_invalid_post_renders_again() -> None:
    view = FormView.as_view(form_class=NameForm, template_name="form.html", success_url="/done/")
    valid = view(rf.post("/", {"name": "Ann"}))
    assert (valid.status_code, valid["Location"]) == (302, "/done/")
    invalid = view(rf.post("/", {"name": ""}))
    assert invalid.status_code == 200
    assert invalid.context_data["form"].is_valid() is False


def test_put_is_processed_as_post() -> None:
    view = FormView.as_view(form_class=NameForm, template_name="f.html", success_url="/d/")
    request = rf.put("/", "name=Ann", content_type="application/x-www-form-urlencoded")
    # The form is bound to request.POST, which only a POST fills (as in Django).
    form = view(request).context_data["form"]
    assert form.data is not None
    assert form.data.get("name") is None


def test_initial_is_copied_per_form() -> None:
    first = FormMixin().get_initial()
    first["x"] = 1
    assert FormMixin().get_initial() == {}


def test_success_url_is_required() -> None:
    view = FormView.as_view(form_class=NameForm, template_name="f.html")
    with pytest.raises(ImproperlyConfigured, match="Provide a success_url"):
        view(rf.post("/", {"name": "Ann"}))


def test_create_and_update_save_through_the_form() -> None:
    create = CreateView.as_view(model=Book, form_class=NameForm)
    response = create(rf.post("/", {"name": "new"}))
    assert response["Location"] == "/books/9/"  # the object's get_absolute_url()
    update = UpdateView.as_view(model=Book, form_class=NameForm, success_url="/b/{pk}/")
    book = Book(5, "old", BOOKS[0].pubdate)
    Book.rows.append(book)
    try:
        response = update(rf.post("/", {"name": "renamed"}), pk=5)
        assert response["Location"] == "/b/5/"
        assert book.slug == "renamed"
        shown = update(rf.get("/"), pk=5)
        assert shown.context_data["form"].kwargs["instance"] is book
        assert shown.template_name == ["library/book_form.html"]
    finally:
        Book.rows.remove(book)


def test_model_form_mixin_explains_what_it_cannot_build() -> None:
    with pytest.raises(ImproperlyConfigured, match="without the 'fields' attribute is prohibited"):
        CreateView(model=Book).get_form_class()
    with pytest.raises(ImproperlyConfigured, match="scallion has no model forms"):
        CreateView(model=Book, fields=["slug"]).get_form_class()
    with pytest.raises(ImproperlyConfigured, match="Specifying both 'fields' and 'form_class'"):
        CreateView(model=Book, fields=["slug"], form_class=NameForm).get_form_class()
    mixin = ModelFormMixin()
    mixin.request = rf.get("/")
    assert mixin.get_form_kwargs() == {"initial": {}, "prefix": None}


def test_delete_view_confirms_then_deletes() -> None:
    deleted: list[int] = []

    class Deletable(Book):
        def delete(self) -> None:
            deleted.append(self.pk)

    book = Deletable(6, "gone", BOOKS[0].pubdate)
    Book.rows.append(book)
    try:
        view = DeleteView.as_view(model=Book, success_url="/books/")
        confirm = view(rf.get("/"), pk=6)
        assert isinstance(confirm.context_data["form"], ConfirmationForm)
        assert confirm.template_name == ["library/book_confirm_delete.html"]
        response = view(rf.post("/"), pk=6)
        assert (response.status_code, response["Location"], deleted) == (302, "/books/", [6])
    finally:
        Book.rows.remove(book)


def test_confirmation_form_is_valid_only_when_submitted() -> None:
    assert ConfirmationForm().is_valid() is False
    assert ConfirmationForm(data={}).is_valid() is True

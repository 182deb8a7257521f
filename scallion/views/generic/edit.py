"""Form views: ``FormView``, ``CreateView``, ``UpdateView`` and ``DeleteView``.

scallion has no forms library of its own: ``form_class`` is any class built
like a Django form (constructed with ``initial``, ``prefix`` and, on POST/PUT,
``data``/``files``; ``is_valid()``; for the model views ``save()`` and
``instance``). A Django project keeps its forms from the library it uses.
What needs Django's model forms (a ``fields`` list with no ``form_class``)
raises ``ImproperlyConfigured`` saying so.
"""

from __future__ import annotations

from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest, HttpResponseRedirect
from scallion.views.generic.base import ContextMixin, TemplateResponseMixin, View
from scallion.views.generic.detail import (
    BaseDetailView,
    SingleObjectMixin,
    SingleObjectTemplateResponseMixin,
)


class ConfirmationForm:
    """A form with no fields: valid whenever it was submitted (``DeleteView``'s default)."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        initial: Any = None,
        prefix: str | None = None,
        instance: Any = None,
        **kwargs: Any,
    ) -> None:
        self.data = data
        self.files = files
        self.initial = initial or {}
        self.prefix = prefix
        self.instance = instance
        self.is_bound = data is not None or files is not None
        self.errors: dict[str, list[str]] = {}

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors


class FormMixin(ContextMixin):
    """Build the view's form, and answer a valid one with a redirect to ``success_url``."""

    initial: dict[str, Any] = {}
    form_class: Any = None
    success_url: Any = None
    prefix: str | None = None
    request: HttpRequest

    def get_initial(self) -> dict[str, Any]:
        """A copy of ``initial``: each form gets its own."""
        return self.initial.copy()

    def get_prefix(self) -> str | None:
        return self.prefix

    def get_form_class(self) -> Any:
        return self.form_class

    def get_form(self, form_class: Any = None) -> Any:
        """An instance of ``form_class`` (default ``get_form_class()``), bound on POST/PUT."""
        if form_class is None:
            form_class = self.get_form_class()
        if form_class is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} has no form class: set form_class, or override "
                "get_form_class()."
            )
        return form_class(**self.get_form_kwargs())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"initial": self.get_initial(), "prefix": self.get_prefix()}
        if self.request.method in ("POST", "PUT"):
            kwargs.update({"data": self.request.POST, "files": self.request.FILES})
        return kwargs

    def get_success_url(self) -> str:
        if not self.success_url:
            raise ImproperlyConfigured("No URL to redirect to. Provide a success_url.")
        return str(self.success_url)  # it may be lazy (reverse_lazy)

    def form_valid(self, form: Any) -> Any:
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: Any) -> Any:
        """Render the page again with the form and its errors."""
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        return super().get_context_data(**kwargs)


class ModelFormMixin(FormMixin, SingleObjectMixin):
    """``FormMixin`` for a form that saves an object (``form.save()``)."""

    fields: Any = None

    def get_form_class(self) -> Any:
        if self.fields is not None and self.form_class:
            raise ImproperlyConfigured(
                "Specifying both 'fields' and 'form_class' is not permitted."
            )
        if self.form_class:
            return self.form_class
        if self.fields is None:
            raise ImproperlyConfigured(
                f"Using ModelFormMixin (base class of {type(self).__name__}) without the "
                "'fields' attribute is prohibited."
            )
        raise ImproperlyConfigured(
            f"{type(self).__name__} lists 'fields' to build a model form, and scallion has no "
            "model forms: set form_class to a form class of your forms library instead."
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if hasattr(self, "object"):
            kwargs["instance"] = self.object
        return kwargs

    def get_success_url(self) -> str:
        """``success_url`` formatted with the object's attributes, or its absolute URL."""
        if self.success_url:
            return str(self.success_url).format(**self.object.__dict__)
        try:
            return str(self.object.get_absolute_url())
        except AttributeError:
            raise ImproperlyConfigured(
                "No URL to redirect to. Either provide a url or define a get_absolute_url "
                "method on the Model."
            ) from None

    def form_valid(self, form: Any) -> Any:
        self.object = form.save()
        return super().form_valid(form)


class ProcessFormView(View):
    """Show the form on GET; check it on POST (and PUT)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return self.render_to_response(self.get_context_data())  # type: ignore[attr-defined]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        form = self.get_form()  # type: ignore[attr-defined]
        if form.is_valid():
            return self.form_valid(form)  # type: ignore[attr-defined]
        return self.form_invalid(form)  # type: ignore[attr-defined]

    def put(self, *args: Any, **kwargs: Any) -> Any:
        return self.post(*args, **kwargs)


class BaseFormView(FormMixin, ProcessFormView):
    """A form view without a response mixin."""


class FormView(TemplateResponseMixin, BaseFormView):
    """Show a form in a template, and redirect once it is valid."""


class BaseCreateView(ModelFormMixin, ProcessFormView):
    """Create an object through a form; a response mixin renders it."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = None
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = None
        return super().post(request, *args, **kwargs)


class CreateView(SingleObjectTemplateResponseMixin, BaseCreateView):
    """Create an object through a form rendered by ``<app>/<model>_form.html``."""

    template_name_suffix = "_form"


class BaseUpdateView(ModelFormMixin, ProcessFormView):
    """Edit an existing object through a form; a response mixin renders it."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class UpdateView(SingleObjectTemplateResponseMixin, BaseUpdateView):
    """Edit an object through a form rendered by ``<app>/<model>_form.html``."""

    template_name_suffix = "_form"


class DeletionMixin:
    """``delete()`` the object, then redirect to ``success_url``."""

    success_url: Any = None
    object: Any

    def delete(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()  # type: ignore[attr-defined]
        success_url = self.get_success_url()
        self.object.delete()
        return HttpResponseRedirect(success_url)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return self.delete(request, *args, **kwargs)

    def get_success_url(self) -> str:
        if self.success_url:
            return str(self.success_url).format(**self.object.__dict__)
        raise ImproperlyConfigured("No URL to redirect to. Provide a success_url.")


class BaseDeleteView(DeletionMixin, FormMixin, BaseDetailView):
    """Confirm on GET; on POST, delete once the (confirmation) form is valid."""

    form_class: Any = ConfirmationForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form: Any) -> Any:
        success_url = self.get_success_url()
        self.object.delete()
        return HttpResponseRedirect(success_url)


class DeleteView(SingleObjectTemplateResponseMixin, BaseDeleteView):
    """Delete an object after confirmation in ``<app>/<model>_confirm_delete.html``."""

    template_name_suffix = "_confirm_delete"

"""``DetailView``: one object, looked up by ``pk`` or slug from the URL, rendered.

The look-up goes through a query-set-like object (``queryset`` or
``model._default_manager.all()``: ``filter()`` then ``get()``, with the model's
``DoesNotExist`` becoming a 404). scallion has no ORM: any object with that
interface works, and a view that overrides ``get_object()`` can show anything.
"""

from __future__ import annotations

from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404, HttpRequest
from scallion.utils.translation import gettext as _
from scallion.views.generic._models import (
    is_model_class,
    is_model_instance,
    model_meta,
    template_name_for,
)
from scallion.views.generic.base import ContextMixin, TemplateResponseMixin, View


class SingleObjectMixin(ContextMixin):
    """Find the one object a view works on (``get_object``) and put it in the context."""

    model: Any = None
    queryset: Any = None
    slug_field = "slug"
    context_object_name: str | None = None
    slug_url_kwarg = "slug"
    pk_url_kwarg = "pk"
    query_pk_and_slug = False
    kwargs: dict[str, Any]
    object: Any

    def get_object(self, queryset: Any = None) -> Any:
        """The object named by the URL's ``pk`` (or slug) in ``queryset``; 404 if none."""
        if queryset is None:
            queryset = self.get_queryset()
        pk = self.kwargs.get(self.pk_url_kwarg)
        slug = self.kwargs.get(self.slug_url_kwarg)
        if pk is not None:
            queryset = queryset.filter(pk=pk)
        if slug is not None and (pk is None or self.query_pk_and_slug):
            queryset = queryset.filter(**{self.get_slug_field(): slug})
        if pk is None and slug is None:
            raise AttributeError(
                f"Generic detail view {type(self).__name__} must be called with either an "
                "object pk or a slug in the URLconf."
            )
        try:
            return queryset.get()
        except queryset.model.DoesNotExist:
            raise Http404(
                _("No %(verbose_name)s found matching the query")
                % {"verbose_name": queryset.model._meta.verbose_name}
            ) from None

    def get_queryset(self) -> Any:
        """A fresh copy of ``queryset``, or every object of ``model``."""
        if self.queryset is None:
            if self.model:
                return self.model._default_manager.all()
            name = type(self).__name__
            raise ImproperlyConfigured(
                f"{name} is missing a QuerySet. Define {name}.model, {name}.queryset, or "
                f"override {name}.get_queryset()."
            )
        return self.queryset.all()

    def get_slug_field(self) -> str:
        return self.slug_field

    def get_context_object_name(self, obj: Any) -> str | None:
        """``context_object_name``, or the model's name for a model instance."""
        if self.context_object_name:
            return self.context_object_name
        if is_model_instance(obj):
            return str(model_meta(obj).model_name)
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if self.object:
            context["object"] = self.object
            name = self.get_context_object_name(self.object)
            if name:
                context[name] = self.object
        context.update(kwargs)
        return super().get_context_data(**context)


class BaseDetailView(SingleObjectMixin, View):
    """Look the object up and render it; a response mixin supplies ``render_to_response``."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)  # type: ignore[attr-defined]


class SingleObjectTemplateResponseMixin(TemplateResponseMixin):
    """Template names from ``template_name``, the object's field, then the model."""

    template_name_field: str | None = None
    template_name_suffix = "_detail"
    object: Any
    model: Any

    def get_template_names(self) -> list[str]:
        try:
            return super().get_template_names()
        except ImproperlyConfigured:
            names: list[str] = []
        if self.object and self.template_name_field:
            name = getattr(self.object, self.template_name_field, None)
            if name:
                names.insert(0, name)
        if is_model_instance(self.object):
            names.append(template_name_for(model_meta(self.object), self.template_name_suffix))
        elif is_model_class(getattr(self, "model", None)):
            names.append(template_name_for(model_meta(self.model), self.template_name_suffix))
        if not names:
            raise ImproperlyConfigured(
                "SingleObjectTemplateResponseMixin requires a definition of 'template_name', "
                "'template_name_field', or 'model'; or an implementation of "
                "'get_template_names()'."
            )
        return names


class DetailView(SingleObjectTemplateResponseMixin, BaseDetailView):
    """Render one object, found by ``get_object()``."""

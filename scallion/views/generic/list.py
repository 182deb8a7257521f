"""``ListView``: a list of objects (any iterable, or a query set), paginated on request.

``queryset`` may be a plain list; a query-set-like object (see
``scallion.views.generic._models``) is copied with ``all()``, ordered with
``order_by()`` and names the templates and context after its model.
"""

from __future__ import annotations

from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.paginator import InvalidPage, Paginator
from scallion.http import Http404, HttpRequest
from scallion.utils.translation import gettext as _
from scallion.views.generic._models import is_queryset, template_name_for
from scallion.views.generic.base import ContextMixin, TemplateResponseMixin, View


class MultipleObjectMixin(ContextMixin):
    """The objects a view lists (``get_queryset``), their pagination and context."""

    allow_empty = True
    queryset: Any = None
    model: Any = None
    paginate_by: int | None = None
    paginate_orphans = 0
    context_object_name: str | None = None
    paginator_class: type[Paginator] = Paginator
    page_kwarg = "page"
    ordering: Any = None
    request: HttpRequest
    kwargs: dict[str, Any]
    object_list: Any

    def get_queryset(self) -> Any:
        """The objects to list: ``queryset`` or ``model``'s, in ``get_ordering()`` order."""
        if self.queryset is not None:
            queryset = self.queryset
            if is_queryset(queryset):
                queryset = queryset.all()
        elif self.model is not None:
            queryset = self.model._default_manager.all()
        else:
            name = type(self).__name__
            raise ImproperlyConfigured(
                f"{name} is missing a QuerySet. Define {name}.model, {name}.queryset, or "
                f"override {name}.get_queryset()."
            )
        ordering = self.get_ordering()
        if ordering:
            if isinstance(ordering, str):
                ordering = (ordering,)
            queryset = queryset.order_by(*ordering)
        return queryset

    def get_ordering(self) -> Any:
        return self.ordering

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        """``(paginator, page, page's objects, has other pages)`` for the requested page.

        The page comes from the URL's ``page_kwarg``, then the query string; ``last``
        names the last page. A bad page number is a 404.
        """
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            page_number = int(page)
        except ValueError:
            if page != "last":
                raise Http404(_("Page is not “last”, nor can it be converted to an int.")) from None
            page_number = paginator.num_pages
        try:
            page_obj = paginator.page(page_number)
        except InvalidPage as exc:
            raise Http404(
                _("Invalid page (%(page_number)s): %(message)s")
                % {"page_number": page_number, "message": str(exc)}
            ) from exc
        return paginator, page_obj, page_obj.object_list, page_obj.has_other_pages()

    def get_paginate_by(self, queryset: Any) -> int | None:
        """Objects per page, or None for no pagination."""
        return self.paginate_by

    def get_paginator(
        self,
        queryset: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> Paginator:
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            **kwargs,
        )

    def get_paginate_orphans(self) -> int:
        """How many objects the last page may take on rather than make a page of their own."""
        return self.paginate_orphans

    def get_allow_empty(self) -> bool:
        """False to answer an empty list with a 404."""
        return self.allow_empty

    def get_context_object_name(self, object_list: Any) -> str | None:
        if self.context_object_name:
            return self.context_object_name
        if hasattr(object_list, "model"):
            return f"{object_list.model._meta.model_name}_list"
        return None

    def get_context_data(self, *, object_list: Any = None, **kwargs: Any) -> dict[str, Any]:
        queryset = object_list if object_list is not None else self.object_list
        page_size = self.get_paginate_by(queryset)
        context_object_name = self.get_context_object_name(queryset)
        if page_size:
            paginator, page, queryset, is_paginated = self.paginate_queryset(queryset, page_size)
            context: dict[str, Any] = {
                "paginator": paginator,
                "page_obj": page,
                "is_paginated": is_paginated,
                "object_list": queryset,
            }
        else:
            context = {
                "paginator": None,
                "page_obj": None,
                "is_paginated": False,
                "object_list": queryset,
            }
        if context_object_name is not None:
            context[context_object_name] = queryset
        context.update(kwargs)
        return super().get_context_data(**context)


class BaseListView(MultipleObjectMixin, View):
    """List the objects; a response mixin supplies ``render_to_response``."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object_list = self.get_queryset()
        if not self.get_allow_empty():
            # With pagination, ask a query set whether it has rows rather than load it.
            if self.get_paginate_by(self.object_list) is not None and hasattr(
                self.object_list, "exists"
            ):
                is_empty = not self.object_list.exists()
            else:
                is_empty = not self.object_list
            if is_empty:
                raise Http404(
                    _("Empty list and “%(class_name)s.allow_empty” is False.")
                    % {"class_name": type(self).__name__}
                )
        context = self.get_context_data()
        return self.render_to_response(context)  # type: ignore[attr-defined]


class MultipleObjectTemplateResponseMixin(TemplateResponseMixin):
    """Template names from ``template_name``, then ``<app>/<model>_list.html``."""

    template_name_suffix = "_list"
    object_list: Any

    def get_template_names(self) -> list[str]:
        try:
            names = super().get_template_names()
        except ImproperlyConfigured:
            names = []
        if hasattr(self.object_list, "model"):
            names.append(template_name_for(self.object_list.model._meta, self.template_name_suffix))
        elif not names:
            raise ImproperlyConfigured(
                f"{type(self).__name__} requires either a 'template_name' attribute or a "
                "get_queryset() method that returns a QuerySet."
            )
        return names


class ListView(MultipleObjectTemplateResponseMixin, BaseListView):
    """Render a list of objects from ``model`` or ``queryset`` (any iterable will do)."""

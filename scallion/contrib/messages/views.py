"""``SuccessMessageMixin``: a success message when a form view's form is valid."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages import api


class SuccessMessageMixin:
    """Adds ``success_message`` (``%``-formatted with the form's cleaned data) on success.

    Mix it in before a form-handling view (``FormView``, ``CreateView``,
    ``UpdateView``, ``DeleteView``): after the view's own ``form_valid`` has
    answered, ``messages.success`` gets ``get_success_message(form.cleaned_data)``,
    unless that is empty.
    """

    success_message = ""
    request: Any

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)  # type: ignore[misc]
        success_message = self.get_success_message(form.cleaned_data)
        if success_message:
            api.success(self.request, success_message)
        return response

    def get_success_message(self, cleaned_data: Any) -> str:
        message: str = self.success_message % cleaned_data
        return message


__all__ = ["SuccessMessageMixin"]

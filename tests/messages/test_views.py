"""``SuccessMessageMixin``: a success message after a valid form."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages import constants, get_messages
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.messages.views import SuccessMessageMixin
from scallion.http import HttpResponse
from scallion.test import RequestFactory


class Form:
    def __init__(self, **cleaned_data: Any) -> None:
        self.cleaned_data = cleaned_data


class FormHandlingView:
    """The part of a form view the mixin relies on."""

    def __init__(self, request: Any) -> None:
        self.request = request

    def form_valid(self, form: Form) -> HttpResponse:
        return HttpResponse("saved")


class Created(SuccessMessageMixin, FormHandlingView):
    success_message = "%(name)s was created successfully"


class Silent(SuccessMessageMixin, FormHandlingView):
    pass


def request_with_messages() -> Any:
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def test_the_success_message_is_formatted_with_the_cleaned_data() -> None:
    request = request_with_messages()
    response = Created(request).form_valid(Form(name="John Doe"))
    assert response.content == b"saved"
    [message] = list(get_messages(request))
    assert message.level == constants.SUCCESS
    assert message.message == "John Doe was created successfully"


def test_no_message_when_it_is_empty() -> None:
    request = request_with_messages()
    Silent(request).form_valid(Form(name="x"))
    assert list(get_messages(request)) == []

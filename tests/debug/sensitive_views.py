"""Views whose secrets are marked with Django's decorators."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.urls import path
from scallion.views.decorators.debug import sensitive_post_parameters, sensitive_variables


@sensitive_variables("card")
def charge(user: str, card: str) -> None:
    amount = "visible-amount"
    raise ValueError(f"declined {amount} {len(card)} {user}")


@sensitive_variables()
def everything_secret(token: str) -> None:
    reversed_token = token[::-1]
    raise ValueError(f"failed after {len(reversed_token)} characters")


@sensitive_variables("pin")
async def async_charge(pin: str) -> None:
    raise ValueError(f"async declined {len(pin)}")


@sensitive_post_parameters("password", "card")
def login(request: HttpRequest) -> HttpResponse:
    charge("jacob", request.POST["card"])
    return HttpResponse()


@sensitive_post_parameters()
def login_all(request: HttpRequest) -> HttpResponse:
    everything_secret(request.POST["token"])
    return HttpResponse()


urlpatterns = [path("login/", login), path("login-all/", login_all)]

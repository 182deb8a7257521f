"""A tiny app for the browser test: a session counter and a CSRF-protected form."""

from __future__ import annotations

from html import escape

from scallion.contrib import messages
from scallion.http import HttpRequest, HttpResponse, HttpResponseRedirect
from scallion.middleware.csrf import get_token
from scallion.urls import path

MIDDLEWARE = [
    "scallion.middleware.security.SecurityMiddleware",
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.common.CommonMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
    "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
]


def page(request: HttpRequest) -> HttpResponse:
    session = request.session  # type: ignore[attr-defined]
    session["views"] = session.get("views", 0) + 1
    notes = "".join(
        f"<li class='{m.tags}'>{escape(str(m))}</li>" for m in messages.get_messages(request)
    )
    return HttpResponse(
        f"""<!DOCTYPE html><html><head><title>counter</title></head><body>
<p id="views">{session["views"]}</p>
<p id="posts">{session.get("posts", 0)}</p>
<ul id="messages">{notes}</ul>
<form method="post" action="/submit/">
  <input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">
  <input name="note" id="note">
  <button type="submit" id="send">Send</button>
</form>
<form method="post" action="/submit/" id="forged">
  <input name="note" value="no token">
  <button type="submit" id="send-forged">Send without token</button>
</form>
</body></html>"""
    )


def submit(request: HttpRequest) -> HttpResponse:
    session = request.session  # type: ignore[attr-defined]
    session["posts"] = session.get("posts", 0) + 1
    messages.success(request, f"Saved: {request.POST.get('note', '')}")
    return HttpResponseRedirect("/")


urlpatterns = [path("", page), path("submit/", submit)]

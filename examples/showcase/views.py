"""The showcase's views: one per feature of the request cycle."""

import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any

from scallion.conf import settings
from scallion.contrib import messages
from scallion.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from scallion.shortcuts import render
from scallion.urls import reverse
from scallion.views.decorators.http import require_http_methods, require_safe
from scallion.views.generic import TemplateView

ITEMS = {1: {"id": 1, "name": "Scallion", "price": 2.5}, 2: {"id": 2, "name": "Leek", "price": 3}}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "showcase/home.html", {"items": list(ITEMS.values())})


def validate_contact(data: Any) -> dict[str, str]:
    """Field name -> error message; empty when the form is valid."""
    errors = {}
    name = data.get("name", "").strip()
    email = data.get("email", "").strip()
    message = data.get("message", "").strip()
    if not name:
        errors["name"] = "Please tell us your name."
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        errors["email"] = "Enter a valid email address."
    if len(message) < 10:
        errors["message"] = "The message needs at least 10 characters."
    return errors


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """A form with CSRF protection; invalid input is shown again with errors (status 400)."""
    if request.method == "POST":
        errors = validate_contact(request.POST)
        if not errors:
            messages.success(request, f"Thanks, {request.POST['name'].strip()}! Message received.")
            return HttpResponseRedirect(reverse("contact"))
        context = {"errors": errors, "values": request.POST}
        return render(request, "showcase/contact.html", context, status=400)
    return render(request, "showcase/contact.html", {"errors": {}, "values": {}})


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """A file upload: the file is hashed, not stored."""
    result = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            messages.error(request, "Choose a file to upload.")
        elif uploaded.size > settings.SHOWCASE_UPLOAD_LIMIT:
            messages.error(request, "That file is larger than 1 MB.")
        else:
            digest = hashlib.sha256()
            for chunk in uploaded.chunks():
                digest.update(chunk)
            result = {"name": uploaded.name, "size": uploaded.size, "sha256": digest.hexdigest()}
    return render(request, "showcase/upload.html", {"result": result})


@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest) -> HttpResponse:
    """Session state and messages: POST increments (or resets) a per-visitor counter."""
    if request.method == "POST":
        if "reset" in request.POST:
            request.session.flush()
            messages.info(request, "Counter reset.")
        else:
            request.session["count"] = request.session.get("count", 0) + 1
            messages.success(request, f"Counted {request.session['count']}.")
        return HttpResponseRedirect(reverse("counter"))
    return render(request, "showcase/counter.html", {"count": request.session.get("count", 0)})


class AboutView(TemplateView):
    """A class-based view: GET (and HEAD, OPTIONS) only; other methods get 405."""

    template_name = "showcase/about.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["middleware"] = settings.MIDDLEWARE
        return context


@require_http_methods(["GET", "POST"])
def items_api(request: HttpRequest) -> JsonResponse:
    """A JSON API: GET lists items; POST a JSON object with name and price to validate it."""
    if request.method == "POST":
        try:
            payload = json.loads(request.body or b"null")
        except ValueError:
            return JsonResponse({"error": "The body is not valid JSON."}, status=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("name"), str):
            return JsonResponse({"error": "Send an object with a 'name' string."}, status=400)
        price = payload.get("price")
        if not isinstance(price, int | float) or isinstance(price, bool) or price < 0:
            return JsonResponse({"error": "'price' must be a non-negative number."}, status=400)
        item = {"id": max(ITEMS) + 1, "name": payload["name"], "price": price}
        return JsonResponse(item, status=201)
    return JsonResponse({"items": list(ITEMS.values())})


@require_safe
def item_api(request: HttpRequest, item_id: int) -> JsonResponse:
    if item_id not in ITEMS:
        raise Http404(f"No item {item_id}.")
    return JsonResponse(ITEMS[item_id])


@require_safe
def stream(request: HttpRequest) -> StreamingHttpResponse:
    """A streaming response: lines sent as they are produced (try `curl -N`)."""
    count = min(int(request.GET.get("n", "5")) if request.GET.get("n", "").isdigit() else 5, 50)
    delay = 0.2 if request.GET.get("slow") else 0.0

    def lines() -> Iterator[str]:
        for number in range(1, count + 1):
            yield f"line {number} of {count}\n"
            if delay:
                time.sleep(delay)

    return StreamingHttpResponse(lines(), content_type="text/plain; charset=utf-8")


def boom(request: HttpRequest) -> HttpResponse:
    """Raises on purpose: the technical 500 page in DEBUG, the plain 500 page otherwise."""
    raise RuntimeError("This view fails on purpose, to show the error page.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The custom 404 page (``handler404``); used when DEBUG is off."""
    return render(request, "showcase/404.html", {"path": request.path}, status=404)


def live(request: HttpRequest) -> HttpResponse:
    """The live page: a WebSocket chat room and a server-sent clock."""
    return render(request, "showcase/live.html")


def clock(request: HttpRequest) -> StreamingHttpResponse:
    """Server-sent events: one tick a second, resuming after the browser's Last-Event-ID."""
    import asyncio

    from scallion.http import EventStreamResponse
    from scallion.http.eventstream import last_event_id

    resumed = last_event_id(request)
    start = int(resumed) if resumed and resumed.isdigit() else 0
    interval = 0.2 if request.GET.get("fast") else 1.0

    async def ticks() -> Any:
        number = start
        while True:
            number += 1
            yield {"event": "tick", "id": str(number), "data": {"n": number, "time": time.time()}}
            await asyncio.sleep(interval)

    return EventStreamResponse(ticks(), retry=2000)


@require_safe
def dtl_home(request: HttpRequest) -> HttpResponse:
    """The home page in the Django template language (the second engine of TEMPLATES)."""
    return render(
        request, "showcase_dtl/home.html", {"items": list(ITEMS.values())}, using="django"
    )


@require_http_methods(["GET", "POST"])
def dtl_contact(request: HttpRequest) -> HttpResponse:
    """The contact form in the Django template language: the same view logic."""
    if request.method == "POST":
        errors = validate_contact(request.POST)
        if not errors:
            messages.success(request, f"Thanks, {request.POST['name'].strip()}! Message received.")
            return HttpResponseRedirect(reverse("dtl-contact"))
        context = {"errors": errors, "values": request.POST}
        return render(request, "showcase_dtl/contact.html", context, status=400, using="django")
    return render(
        request, "showcase_dtl/contact.html", {"errors": {}, "values": {}}, using="django"
    )

"""Pieces shared by the apps that call Jinja2 themselves (raw, Falcon, Bottle)."""

from __future__ import annotations

import os

from benchkit.scenarios import site_context, template_context

TEMPLATE_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates"
)
TEMPLATE_NAME = "page.html"


def jinja_page_renderer():  # type: ignore[no-untyped-def]
    """Render the page with Jinja2 directly: the template is loaded once.

    For frameworks without context processors, the equivalent is what they
    would write: a function called on every render that adds its values.
    """
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True)
    template = env.get_template(TEMPLATE_NAME)

    def render(request: object = None) -> str:
        context = template_context()
        context.update(site_context(request))
        return template.render(context)

    return render


def jinja_orders_page_renderer():  # type: ignore[no-untyped-def]
    """The floor for the realistic page: Jinja2 with the least each helper must do.

    ``url``, ``static`` and the filters are one-line stand-ins that give the
    expected output for this page's data; the CSRF field is a fixed string.
    """
    import jinja2
    from benchkit.scenarios import PAGE_STATIC_URL, PAGE_TEMPLATE_JINJA2, page_context

    routes = {"home": "/", "orders": "/orders"}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True)

    def url(name, *args):  # type: ignore[no-untyped-def]
        return f"/orders/{args[0]}/" if name == "order" else routes[name]

    def truncatewords(value, count):  # type: ignore[no-untyped-def]
        words = str(value).split()
        return value if len(words) <= count else " ".join(words[:count]) + " \u2026"

    env.globals.update(
        url=url,
        static=lambda path: PAGE_STATIC_URL + path,
        csrf_input=jinja2.filters.Markup(
            '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
        ),
    )
    env.filters.update(
        date=lambda value, fmt: value.strftime("%Y-%m-%d %H:%M"),
        floatformat=lambda value, digits: f"{value:.{digits}f}",
        default=lambda value, arg: value or arg,
        truncatewords=truncatewords,
    )
    template = env.get_template(PAGE_TEMPLATE_JINJA2)

    def render(request: object = None) -> str:
        context = page_context()
        context.update(site_context(request))
        return template.render(context)

    return render

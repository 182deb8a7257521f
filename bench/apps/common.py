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

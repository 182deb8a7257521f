"""Templates: engines configured by ``settings.TEMPLATES`` (Jinja2 by default).

``engines`` gives access to each configured engine by alias; most code uses
``scallion.template.loader`` or ``scallion.shortcuts.render`` instead.
"""

from scallion.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from scallion.template.utils import EngineHandler

engines = EngineHandler()

__all__ = ["EngineHandler", "TemplateDoesNotExist", "TemplateSyntaxError", "engines"]

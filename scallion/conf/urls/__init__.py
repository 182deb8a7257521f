"""What a root URLconf imports from ``django.conf.urls``: ``include`` and the error views.

``handler400``/``403``/``404``/``500`` name the default error views, as Django's
module does, so a URLconf may reassign them starting from the defaults.
"""

from scallion.urls import include
from scallion.views import defaults

__all__ = ["handler400", "handler403", "handler404", "handler500", "include"]

handler400 = defaults.bad_request
handler403 = defaults.permission_denied
handler404 = defaults.page_not_found
handler500 = defaults.server_error

"""Django's ``django.conf.urls``: ``include`` and the default error handlers, and
``static()`` (in :mod:`scallion.conf.urls.static`) for serving media while developing."""

from scallion.urls import include
from scallion.views import defaults

__all__ = ["handler400", "handler403", "handler404", "handler500", "include"]

handler400 = defaults.bad_request
handler403 = defaults.permission_denied
handler404 = defaults.page_not_found
handler500 = defaults.server_error

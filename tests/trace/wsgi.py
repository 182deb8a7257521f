"""``gunicorn tests.trace.wsgi:application``: the traced test app in its own server."""

from scallion.conf import settings
from scallion.core.wsgi import get_wsgi_application
from tests.trace.app import SETTINGS

settings.configure(
    **SETTINGS,
    SECRET_KEY="trace-workers-secret-key-long-enough-0123456789-abcdefghijklmnop",
    ALLOWED_HOSTS=["127.0.0.1"],
    LOGGING_CONFIG=None,
)

application = get_wsgi_application()

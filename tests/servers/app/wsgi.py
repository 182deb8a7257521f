"""``gunicorn tests.servers.app.wsgi:application``."""

import os

os.environ.setdefault("SCALLION_SETTINGS_MODULE", "tests.servers.app.settings")

from scallion.core.wsgi import get_wsgi_application

application = get_wsgi_application()

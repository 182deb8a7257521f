"""`gunicorn showcase.wsgi` (in the project folder) serves the showcase."""

import os

from scallion.core.wsgi import get_wsgi_application

os.environ.setdefault("SCALLION_SETTINGS_MODULE", "showcase.settings")

application = get_wsgi_application()

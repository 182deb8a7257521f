"""``uvicorn tests.servers.app.asgi:application``."""

import os

os.environ.setdefault("SCALLION_SETTINGS_MODULE", "tests.servers.app.settings")

from scallion.core.asgi import get_asgi_application

application = get_asgi_application()

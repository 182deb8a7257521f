"""`uvicorn showcase.asgi:application` (in the project folder) serves the showcase."""

import os

from scallion.core.asgi import get_asgi_application

os.environ.setdefault("SCALLION_SETTINGS_MODULE", "showcase.settings")

application = get_asgi_application()

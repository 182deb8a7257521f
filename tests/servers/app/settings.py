"""Settings of the app served by the real-server tests (uvicorn, gunicorn) and in-process."""

import os

DEBUG = False
SECRET_KEY = "server-tests-secret-key-long-enough-0123456789-abcdefghijklmnop"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "tests.servers.app.urls"
MIDDLEWARE = ["tests.asgi.middleware.Both"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
LIFESPAN_HANDLERS = ["tests.servers.app.hooks"]
LOGGING_CONFIG = None
if os.environ.get("SCALLION_TEST_FAIL_STARTUP"):
    LIFESPAN_HANDLERS = ["tests.servers.app.hooks.failing_startup"]

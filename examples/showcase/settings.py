"""Settings for the showcase (a development configuration: DEBUG is on)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

# Development only; `scallion check` with DEBUG off would flag it.
SECRET_KEY = "scallion-insecure-showcase-key-do-not-use-in-production-0123456789"
DEBUG = True
ALLOWED_HOSTS: list[str] = []  # with DEBUG on: localhost, 127.0.0.1, [::1]

# The module that holds the URL map.
ROOT_URLCONF = "showcase.urls"

MIDDLEWARE = [
    "scallion.middleware.security.SecurityMiddleware",
    "showcase.middleware.ServerTimingMiddleware",
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.common.CommonMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
    "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "DIRS": [HERE / "templates"],
        "OPTIONS": {
            "context_processors": [
                "scallion.template.context_processors.debug",
                "scallion.template.context_processors.request",
                "scallion.contrib.messages.context_processors.messages",
                "showcase.context_processors.site",
            ],
        },
    },
]

# The `debug` context processor trusts these clients with DEBUG information.
INTERNAL_IPS = ["127.0.0.1", "::1"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [HERE / "static"]
STATIC_ROOT = HERE.parent / "showcase_staticfiles"

# Uploads up to 1 MB are accepted by the upload view (it checks the size itself).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

SHOWCASE_UPLOAD_LIMIT = 1024 * 1024

# Draw each request's path through the onion in a panel on every HTML page, and list
# recent requests at /__scallion__/requests/ (DEBUG only; see docs/request-cycle.md).
TRACE_REQUESTS = True

# Channel layer for the live page's chat room: in memory for one process; set
# SHOWCASE_REDIS_URL (redis://host:port/0) to share the room between processes.
import os  # noqa: E402 - kept here, beside the setting that reads it

if os.environ.get("SHOWCASE_REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["SHOWCASE_REDIS_URL"]]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "scallion.channels.layers.InMemoryChannelLayer"}}

# A second engine: the Django template language, for the pages under /dtl/ (their views
# render with using="django"). Its templates are in templates_dtl/.
TEMPLATES += [
    {
        "BACKEND": "scallion.template.backends.django.DjangoTemplates",
        "NAME": "django",
        "DIRS": [HERE / "templates_dtl"],
        "OPTIONS": {
            "context_processors": [
                "scallion.template.context_processors.debug",
                "scallion.template.context_processors.request",
                "scallion.contrib.messages.context_processors.messages",
                "showcase.context_processors.site",
            ],
        },
    },
]

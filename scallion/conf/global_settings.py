"""Default settings, with Django's names and default values.

A project's settings module is layered over these; see ``docs/settings.md`` for
the settings scallion adds and the few that it reads once at start-up.
"""

from __future__ import annotations

from typing import Any

from scallion.conf.locale import LANG_INFO as _LANG_INFO
from scallion.conf.locale.en import formats as _english

DEBUG = False

# Hosts/domain names that are valid for this site; "*" matches anything. When
# DEBUG is True and this is empty, localhost names are allowed (as in Django).
ALLOWED_HOSTS: list[str] = []
INTERNAL_IPS: list[str] = []

SECRET_KEY = ""
SECRET_KEY_FALLBACKS: list[str] = []
# The class behind signed cookies (scallion.core.signing.get_cookie_signer).
SIGNING_BACKEND = "scallion.core.signing.TimestampSigner"
# Also accept signed cookies made with the salt used before Django 6.1 (the
# cookie's name and the salt concatenated), while a deployment moves over.
SIGNED_COOKIE_LEGACY_SALT_FALLBACK = False

ROOT_URLCONF: str | None = None
APPEND_SLASH = True
PREPEND_WWW = False
DISALLOWED_USER_AGENTS: list[Any] = []

INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []

DEFAULT_CHARSET = "utf-8"
DEFAULT_CONTENT_TYPE = "text/html"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True
USE_I18N = False
# The languages a language chooser offers, as (code, English name), and those
# written right to left. scallion ships no catalogs: see scallion.utils.translation.
LANGUAGES: list[tuple[str, str]] = [
    (code, "Norwegian Bokmål" if code == "nb" else info["name"])
    for code, info in _LANG_INFO.items()
    if "name" in info and code != "no"
]
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur"]
LOCALE_PATHS: list[str] = []

# Formats for showing dates, times and numbers (the date filter's letters). The
# current language's format module wins over these: scallion ships English's
# (scallion.conf.locale.en.formats); FORMAT_MODULE_PATH names packages with
# <locale>/formats.py modules of a project's own.
FORMAT_MODULE_PATH: str | list[str] | None = None
DATE_FORMAT = "N j, Y"
DATETIME_FORMAT = "N j, Y, P"
TIME_FORMAT = "P"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y P"
DATE_INPUT_FORMATS: list[str] = list(_english.DATE_INPUT_FORMATS)
TIME_INPUT_FORMATS: list[str] = list(_english.TIME_INPUT_FORMATS)
DATETIME_INPUT_FORMATS: list[str] = list(_english.DATETIME_INPUT_FORMATS)
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
USE_THOUSAND_SEPARATOR = False
NUMBER_GROUPING: int | tuple[int, ...] = 0
THOUSAND_SEPARATOR = ","

TEMPLATES: list[dict[str, Any]] = []
# Whether urlize links a bare domain ("example.com") with https:// (else http://).
URLIZE_ASSUME_HTTPS = False

FORCE_SCRIPT_NAME: str | None = None
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = None

# Request body limits (bytes / counts); None disables a check.
DATA_UPLOAD_MAX_MEMORY_SIZE: int | None = 2621440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS: int | None = 1000
DATA_UPLOAD_MAX_NUMBER_FILES: int | None = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # 2.5 MB
FILE_UPLOAD_TEMP_DIR: str | None = None
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_HANDLERS = [
    "scallion.core.files.uploadhandler.MemoryFileUploadHandler",
    "scallion.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# scallion additions: bounds on multipart part headers and JSON nesting.
DATA_UPLOAD_MAX_PART_HEADER_SIZE = 8192
DATA_UPLOAD_MAX_PART_HEADER_COUNT = 16
DATA_UPLOAD_MAX_JSON_DEPTH = 100

# Static and media files.
STATIC_URL: str | None = "/static/"
STATIC_ROOT: str | None = None
STATICFILES_DIRS: list[Any] = []
MEDIA_URL = "/media/"
MEDIA_ROOT = ""

# Cookies.
SESSION_COOKIE_NAME = "sessionid"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 7 * 2
SESSION_COOKIE_DOMAIN: str | None = None
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_PATH = "/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE: str | None = "Lax"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_ENGINE = "scallion.contrib.sessions.backends.signed_cookies"
SESSION_FILE_PATH: str | None = None
SESSION_SERIALIZER = "scallion.core.signing.JSONSerializer"
SESSION_REDIS_URL = "redis://127.0.0.1:6379/0"
SESSION_REDIS_KEY_PREFIX = "scallion:session:"

CSRF_COOKIE_NAME = "csrftoken"
CSRF_COOKIE_AGE = 60 * 60 * 24 * 7 * 52
CSRF_COOKIE_DOMAIN: str | None = None
CSRF_COOKIE_PATH = "/"
CSRF_COOKIE_SECURE = False
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE: str | None = "Lax"
CSRF_HEADER_NAME = "HTTP_X_CSRFTOKEN"
CSRF_TRUSTED_ORIGINS: list[str] = []
CSRF_USE_SESSIONS = False
CSRF_FAILURE_VIEW = "scallion.views.csrf.csrf_failure"

MESSAGE_STORAGE = "scallion.contrib.messages.storage.fallback.FallbackStorage"

# Security middleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY: str | None = "same-origin"
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SECURE_HSTS_SECONDS = 0
SECURE_REDIRECT_EXEMPT: list[str] = []
SECURE_REFERRER_POLICY: str | None = "same-origin"
SECURE_SSL_HOST: str | None = None
SECURE_SSL_REDIRECT = False
X_FRAME_OPTIONS = "DENY"

# The cache framework (scallion.core.cache): aliases and their backends.
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "scallion.core.cache.backends.locmem.LocMemCache"},
}
# The page cache (CacheMiddleware, cache_page): which cache, the key prefix, and
# how long a page is kept when its response says nothing (also the default
# max-age of patch_response_headers), in seconds.
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_KEY_PREFIX = ""
CACHE_MIDDLEWARE_SECONDS = 600
# scallion additions: when the page cache's store fails (a Redis down or slower
# than its socket timeout), the request goes to the view and the error is
# logged, then the store is left alone for CACHE_MIDDLEWARE_ERROR_INTERVAL
# seconds. False lets the error propagate (a 500), as Django does.
CACHE_MIDDLEWARE_IGNORE_ERRORS = True
CACHE_MIDDLEWARE_ERROR_INTERVAL = 10
# The cache alias the "cache" session engine stores sessions in.
SESSION_CACHE_ALIAS = "default"

# Logging: a dotted path to a configuration callable and a dictConfig dict.
LOGGING_CONFIG: str | None = "logging.config.dictConfig"
LOGGING: dict[str, Any] = {}

# scallion additions (see docs/settings.md).
TRACE_REQUESTS = False
LIFESPAN_HANDLERS: list[str] = []

# Real-time connections (scallion.channels; see docs/websockets.md). A WebSocket
# message larger than this (bytes) never reaches a consumer: the connection
# closes with code 1009. None disables the check.
WEBSOCKET_MAX_MESSAGE_SIZE: int | None = 1048576  # 1 MiB
# Channel layers by alias: {"default": {"BACKEND": dotted path, "CONFIG": {...}}}.
CHANNEL_LAYERS: dict[str, Any] = {}

# System checks: message IDs to hide from `scallion check` (e.g. ["urls.W100"]).
SILENCED_SYSTEM_CHECKS: list[str] = []

# Static files (scallion.contrib.staticfiles): where collect looks, and how long
# StaticFilesMiddleware lets browsers cache files whose names are not hashed.
STATICFILES_FINDERS = [
    "scallion.contrib.staticfiles.finders.FileSystemFinder",
    "scallion.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_MAX_AGE = 60

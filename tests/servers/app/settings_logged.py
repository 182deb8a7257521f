"""The server-test settings, with each log record's level and logger name shown."""

from tests.servers.app.settings import *  # noqa: F403

LOGGING_CONFIG = "logging.config.dictConfig"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"levels": {"format": "LOG %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "levels"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

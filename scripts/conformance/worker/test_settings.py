"""The settings module of every test process: Django's ``tests/test_sqlite.py``, adapted.

Django's own run needs a database for its ``TestCase`` (an in-memory SQLite one with
no tables: a test that really queries it fails and so is not counted); scallion has
no ORM and ignores ``DATABASES``. The rest of the test settings are set by
``environment.configure`` after this module is loaded, as Django's ``runtests.py``
does.
"""

import os

SECRET_KEY = "django_tests_secret_key"
USE_TZ = False

if os.environ.get("CONFORMANCE_FRAMEWORK") == "django":
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        "other": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    }

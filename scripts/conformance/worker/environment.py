"""Settings and test environment of one test process, as Django's ``runtests.py`` sets them.

Differences from ``runtests.py``, the same in both runs: only the in-scope contrib apps
are installed (sessions, messages, staticfiles; not auth, admin, contenttypes, sites),
the auth middleware and context processor are left out, and no test database is
created. Dotted paths carry the framework's own prefix, as in a ported project.
In Django's run the translation catalogs are replaced by empty ones (catalogs are
out of scope): a test that expects translated text fails there and is not counted.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence


def configure(framework: str, apps: Sequence[str], tests_dir: str, tmpdir: str) -> None:
    """Configure settings, run ``setup()`` and the test environment for ``framework``."""
    import django
    from django.conf import settings
    from django.utils.log import DEFAULT_LOGGING

    p = framework
    settings.INSTALLED_APPS = [
        f"{p}.contrib.sessions",
        f"{p}.contrib.messages",
        f"{p}.contrib.staticfiles",
        *apps,
    ]
    settings.ROOT_URLCONF = "urls"
    settings.STATIC_URL = "static/"
    settings.STATIC_ROOT = os.path.join(tmpdir, "static")
    settings.TEMPLATES = [
        {
            "BACKEND": f"{p}.template.backends.django.DjangoTemplates",
            "DIRS": [os.path.join(tests_dir, "templates")],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    f"{p}.template.context_processors.request",
                    f"{p}.contrib.messages.context_processors.messages",
                ],
            },
        }
    ]
    settings.LANGUAGE_CODE = "en"
    settings.SITE_ID = 1
    settings.MIDDLEWARE = [
        f"{p}.contrib.sessions.middleware.SessionMiddleware",
        f"{p}.middleware.common.CommonMiddleware",
        f"{p}.middleware.csrf.CsrfViewMiddleware",
        f"{p}.contrib.messages.middleware.MessageMiddleware",
    ]
    log_config = copy.deepcopy(DEFAULT_LOGGING)
    # As runtests.py: only errors, so that tests need not capture routine records.
    log_config["loggers"][p]["level"] = "ERROR"
    settings.LOGGING = log_config
    django.setup()
    if framework == "django":
        _empty_translation_catalogs()
    _setup_test_environment(settings)


def _setup_test_environment(settings: object) -> None:
    try:
        from django.test.utils import setup_test_environment
    except ImportError:
        # What it does that a test can see: the test client's host is allowed and
        # DEBUG is off (Django's runner passes debug=False).
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # type: ignore[attr-defined]
        settings.DEBUG = False  # type: ignore[attr-defined]
        return
    setup_test_environment(debug=False)


def _empty_translation_catalogs() -> None:
    import gettext

    from django.utils.translation import trans_real

    def null_translations(self: trans_real.DjangoTranslation, *args: object) -> object:
        return gettext.NullTranslations()

    def no_catalog(self: trans_real.DjangoTranslation) -> None:
        if self._catalog is None:
            self._catalog = trans_real.TranslationCatalog()

    def nothing(self: trans_real.DjangoTranslation, *args: object) -> None:
        return None

    trans_real.DjangoTranslation._new_gnu_trans = null_translations
    trans_real.DjangoTranslation._init_translation_catalog = no_catalog
    trans_real.DjangoTranslation._add_installed_apps_translations = nothing
    trans_real.DjangoTranslation._add_local_translations = nothing
    trans_real._translations = {}

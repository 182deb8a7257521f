"""``StaticFilesConfig``: the app config of ``"scallion.contrib.staticfiles"``."""

from __future__ import annotations

from scallion.apps import AppConfig
from scallion.utils.translation import gettext_lazy as _


class StaticFilesConfig(AppConfig):
    name = "scallion.contrib.staticfiles"
    verbose_name = _("Static Files")
    #: What collectstatic skips unless --no-default-ignore (a subclass may change it).
    ignore_patterns = ["CVS", ".*", "*~"]
    # No ready(): the static files' checks (check_finders, check_storages) are
    # registered by scallion.core.checks, installed or not, since the finders
    # and collectstatic work without this app in INSTALLED_APPS.

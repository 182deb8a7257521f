"""Settings: a lazy object layered over ``global_settings``.

``settings`` imports the module named by ``SCALLION_SETTINGS_MODULE`` on first
attribute access (falling back to ``DJANGO_SETTINGS_MODULE`` so that a ported
project works unchanged), or is configured in code with
``settings.configure(**options)``. Only UPPERCASE names are settings.

What the handler reads once at start-up is listed in ``docs/settings.md``; tests
change settings with ``scallion.test.override_settings``, which sends
``setting_changed`` so that caches built from a setting are refreshed.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import zoneinfo
from typing import Any

from scallion.conf import global_settings
from scallion.core.exceptions import ImproperlyConfigured

ENVIRONMENT_VARIABLE = "SCALLION_SETTINGS_MODULE"
#: The ``STORAGES`` aliases of uploaded files and of collected static files.
DEFAULT_STORAGE_ALIAS = "default"
STATICFILES_STORAGE_ALIAS = "staticfiles"
DJANGO_ENVIRONMENT_VARIABLE = "DJANGO_SETTINGS_MODULE"

_TUPLE_SETTINGS = (
    "ALLOWED_HOSTS",
    "INSTALLED_APPS",
    "LOCALE_PATHS",
    "MIDDLEWARE",
    "SECRET_KEY_FALLBACKS",
    "STATICFILES_DIRS",
    "TEMPLATE_DIRS",  # not a setting any more, but Django still refuses a string for it
)


def settings_module_from_environment() -> str | None:
    """The settings module named by the environment, scallion's variable first."""
    return os.environ.get(ENVIRONMENT_VARIABLE) or os.environ.get(DJANGO_ENVIRONMENT_VARIABLE)


class Settings:
    """Settings read from a module, layered over the defaults."""

    def __init__(self, settings_module: str) -> None:
        for name in dir(global_settings):
            if name.isupper():
                setattr(self, name, getattr(global_settings, name))
        self.SETTINGS_MODULE = settings_module
        try:
            module = importlib.import_module(settings_module)
        except ModuleNotFoundError as err:
            if err.name and settings_module.startswith(err.name):
                raise ImproperlyConfigured(
                    f"The settings module {settings_module!r} could not be imported: {err}. "
                    f"Check {ENVIRONMENT_VARIABLE} (or pass --settings) and that the module is on "
                    "sys.path."
                ) from err
            raise
        self._explicit_settings: set[str] = set()
        for name in dir(module):
            if name.isupper():
                value = getattr(module, name)
                if name in _TUPLE_SETTINGS and not isinstance(value, list | tuple):
                    raise ImproperlyConfigured(f"The {name} setting must be a list or a tuple.")
                setattr(self, name, value)
                self._explicit_settings.add(name)
        _validate(self)
        _validate_time_zone(getattr(self, "TIME_ZONE", None))

    def is_overridden(self, setting: str) -> bool:
        return setting in self._explicit_settings

    def __repr__(self) -> str:
        return f'<{type(self).__name__} "{self.SETTINGS_MODULE}">'


class SettingsAlreadyConfigured(ImproperlyConfigured, RuntimeError):
    """``settings.configure()`` called when settings are already set (Django raises
    RuntimeError; scallion's configuration errors are ImproperlyConfigured: both)."""


class UserSettingsHolder:
    """Settings configured in code (``settings.configure``) or overridden in a test."""

    SETTINGS_MODULE: str | None = None

    def __init__(self, default_settings: Any) -> None:
        self.__dict__["_deleted"] = set()
        self.default_settings = default_settings

    def __getattr__(self, name: str) -> Any:
        if not name.isupper() or name in self._deleted:
            raise AttributeError(name)
        return getattr(self.default_settings, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._deleted.discard(name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        self._deleted.add(name)
        if hasattr(self, name):
            super().__delattr__(name)

    def __dir__(self) -> list[str]:
        return sorted(
            s for s in [*self.__dict__, *dir(self.default_settings)] if s not in self._deleted
        )

    def is_overridden(self, setting: str) -> bool:
        deleted = setting in self._deleted
        set_locally = setting in self.__dict__
        set_on_default = getattr(self.default_settings, "is_overridden", lambda s: False)(setting)
        return deleted or set_locally or set_on_default

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def _validate(holder: Any) -> None:
    secret = getattr(holder, "SECRET_KEY", "")
    if not isinstance(secret, str | bytes):
        raise ImproperlyConfigured("The SECRET_KEY setting must be a string.")
    for name in _TUPLE_SETTINGS:
        value = getattr(holder, name, ())
        if not isinstance(value, list | tuple):
            raise ImproperlyConfigured(f"The {name} setting must be a list or a tuple.")


def _validate_time_zone(name: Any) -> None:
    """A ``TIME_ZONE`` the time zone database does not know is refused when the
    settings module is read, not at the first date shown (Django's ValueError).

    Unlike Django, the process's ``TZ`` is left alone (docs/coming-from-django.md).
    """
    if not name:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        if not zoneinfo.available_timezones():
            return  # no time zone database on this machine: nothing to check against
        raise ValueError(
            f"Incorrect timezone setting: {name}. Use a name of the IANA time zone "
            "database, such as 'UTC' or 'Europe/Paris'."
        ) from None


def empty_secret_message(name: str) -> str:
    """Why an empty ``SECRET_KEY`` (or other secret setting) is refused, in Django's
    words, and how to make one."""
    return (
        f"The {name} setting must not be empty. Set it to a long random value (for "
        "example from scallion.core.management.utils.get_random_secret_key())."
    )


def not_configured_message(what: str) -> str:
    """``what``, then why it failed (no settings yet) and the ways to configure them."""
    return (
        f"{what}, but settings are not configured. Set the environment variable "
        f"{ENVIRONMENT_VARIABLE} to your settings module (for example "
        f"{ENVIRONMENT_VARIABLE}=mysite.settings) or call settings.configure() before "
        "accessing settings. In tests, name the module in pyproject.toml "
        '([tool.scallion] settings = "mysite.settings", which the pytest plugin reads) or '
        "call settings.configure() in your conftest.py."
    )


def _unknown_setting(name: str, wrapped: Any) -> AttributeError:
    """The AttributeError for ``settings.<name>``, naming where settings were looked for."""
    holder = wrapped
    while isinstance(holder, UserSettingsHolder):
        holder = holder.default_settings
    module = getattr(holder, "SETTINGS_MODULE", None)
    if isinstance(holder, Settings) and module:
        source = f"the settings module {module!r}"
    else:
        source = "settings.configure()"
    if not name.isupper():
        hint = f" (did you mean {name.upper()!r}?)" if hasattr(wrapped, name.upper()) else ""
        message = f"{name!r} is not a setting: only UPPERCASE names are settings{hint}."
    else:
        # Django's words first, then where scallion looked.
        message = (
            f"'{type(wrapped).__name__}' object has no attribute {name!r}. "
            f"Setting {name!r} is not defined: it is neither in {source} nor among "
            "scallion's defaults (scallion.conf.global_settings). Check its spelling, or "
            f"define it in {source}."
        )
    return AttributeError(message, name=name, obj=wrapped)


class LazySettings:
    """The ``settings`` object: configures itself on first attribute access."""

    def __init__(self) -> None:
        self.__dict__["_wrapped"] = None

    def _setup(self, name: str | None = None) -> None:
        settings_module = settings_module_from_environment()
        if not settings_module:
            desc = f"setting {name}" if name else "settings"
            raise ImproperlyConfigured(not_configured_message(f"Requested {desc}"))
        loaded = Settings(settings_module)
        if self.__dict__["_wrapped"] is not None:
            # The module called settings.configure() while it was imported: it is a
            # single-file app named as the settings module (``--settings app``), and
            # what it configured are its settings, not its module-level names.
            return
        self.__dict__["_wrapped"] = loaded
        settings_cache._refresh()

    def __getattr__(self, name: str) -> Any:
        wrapped = self.__dict__["_wrapped"]
        if wrapped is None:
            self._setup(name)
            wrapped = self.__dict__["_wrapped"]
        try:
            value = getattr(wrapped, name)
        except AttributeError:
            if name.startswith("_"):
                raise
            raise _unknown_setting(name, wrapped) from None
        if name in _URL_SETTINGS and value is not None:
            value = _add_script_prefix(value)
        elif name == "SECRET_KEY" and not value:
            raise ImproperlyConfigured(empty_secret_message("SECRET_KEY"))
        # Cache the value on this object so the next access is a plain attribute
        # read. PERF: hello (settings read by the hot path at build time too).
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_wrapped":
            self.__dict__.clear()
            self.__dict__["_wrapped"] = value
            settings_cache._refresh()
            return
        self.__dict__.pop(name, None)
        wrapped = self.__dict__["_wrapped"]
        if wrapped is None:
            self._setup()
            wrapped = self.__dict__["_wrapped"]
        setattr(wrapped, name, value)
        settings_cache._refresh(name)

    def __delattr__(self, name: str) -> None:
        if name == "_wrapped":
            raise TypeError("can't delete _wrapped.")
        self.__dict__.pop(name, None)
        wrapped = self.__dict__["_wrapped"]
        if wrapped is None:
            self._setup()
            wrapped = self.__dict__["_wrapped"]
        delattr(wrapped, name)
        settings_cache._refresh(name)

    def __dir__(self) -> list[str]:
        if self.__dict__["_wrapped"] is None:
            self._setup()
        return dir(self.__dict__["_wrapped"])

    def configure(self, default_settings: Any = global_settings, **options: Any) -> None:
        """Configure settings in code, for single-file apps and scripts."""
        if self.__dict__["_wrapped"] is not None:
            raise SettingsAlreadyConfigured(
                "Settings already configured. settings.configure() may be called only once, "
                "before any setting is read."
            )
        holder = UserSettingsHolder(default_settings)
        for name, value in options.items():
            if not name.isupper():
                raise TypeError(f"Setting {name!r} must be uppercase.")
            setattr(holder, name, value)
        _validate(holder)
        self._wrapped = holder

    @property
    def configured(self) -> bool:
        """True once settings have been loaded or configured."""
        return self.__dict__["_wrapped"] is not None

    def _reset(self) -> None:
        """Forget the configuration (for the test suite of scallion itself)."""
        self.__dict__.clear()
        self.__dict__["_wrapped"] = None
        settings_cache._refresh()

    def __repr__(self) -> str:
        wrapped = self.__dict__["_wrapped"]
        if wrapped is None:
            return "<LazySettings [Unevaluated]>"
        return f'<LazySettings "{wrapped.SETTINGS_MODULE}">'


#: Settings read with the script prefix in front when they are relative (as Django).
_URL_SETTINGS = frozenset({"MEDIA_URL", "STATIC_URL"})


def _add_script_prefix(value: str) -> str:
    """A relative ``STATIC_URL``/``MEDIA_URL`` joined to the script prefix (``static/`` →
    ``/static/``, or ``/app/static/`` under ``SCRIPT_NAME=/app``); absolute ones as they are."""
    if value.startswith(("http://", "https://", "/")):
        return value
    from scallion.urls.script_prefix import get_script_prefix

    return f"{get_script_prefix()}{value}"


settings = LazySettings()


class SettingsCache:
    """The few settings the framework reads on every request, as plain attributes.

    ``settings`` finds a setting through ``__getattr__`` (it loads itself on first
    use and names an unknown setting in its error), and on CPython 3.11 an object
    with ``__getattr__`` makes every attribute read take the slow, generic path.
    The values here are ``settings``' own, read through it (so loading, checks
    and the script prefix are the same), kept as ordinary instance attributes,
    and read again whenever ``settings`` changes: assigning or deleting a
    setting, ``configure()``, loading the settings module, ``override_settings``
    swapping the configuration. While settings are not loaded each holds the
    default below (for ``ROOT_URLCONF`` None, and the code reading it then falls
    back to ``settings``, which loads them). The defaults are class attributes
    of immutable types so that CPython can still specialize the reads.
    PERF: hello, param - the two reads of every request cost 874 instructions
    through ``settings``; stack - ``get_host()`` reads three.

    Only the settings declared below are here; read any other through ``settings``.
    """

    ALLOWED_HOSTS: Any = ()
    DEBUG: bool = False
    FORCE_SCRIPT_NAME: str | None = None
    ROOT_URLCONF: Any = None
    SECURE_PROXY_SSL_HEADER: Any = None
    USE_I18N: bool = False
    USE_TZ: bool = True
    USE_X_FORWARDED_HOST: bool = False

    def _refresh(self, name: str | None = None) -> None:
        """Read ``name`` (every cached setting when None) from ``settings`` again.

        Through setattr and delattr, never ``__dict__``: an instance whose
        ``__dict__`` was asked for keeps a dictionary CPython 3.11 cannot read
        an attribute from quickly.
        """
        if name is not None and name not in _CACHED_SETTINGS:
            return
        configured = settings.__dict__["_wrapped"] is not None
        for each in _CACHED_SETTINGS if name is None else (name,):
            try:
                # Not loaded, or a configuration whose defaults lack it: the
                # class default shows through.
                value = getattr(settings, each) if configured else _ABSENT
            except AttributeError:
                value = _ABSENT
            if value is not _ABSENT:
                object.__setattr__(self, each, value)
            else:
                with contextlib.suppress(AttributeError):  # not set on the instance
                    object.__delattr__(self, each)


_CACHED_SETTINGS = frozenset(SettingsCache.__annotations__)
_ABSENT = object()


#: The settings the request path reads on every request (see :class:`SettingsCache`).
settings_cache = SettingsCache()

__all__ = [
    "DEFAULT_STORAGE_ALIAS",
    "ENVIRONMENT_VARIABLE",
    "STATICFILES_STORAGE_ALIAS",
    "LazySettings",
    "Settings",
    "SettingsCache",
    "UserSettingsHolder",
    "not_configured_message",
    "settings",
    "settings_cache",
]

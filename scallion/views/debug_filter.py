"""What an error report may show: Django's ``SafeExceptionReporterFilter`` and its helpers.

A filter decides, for one request, which settings, headers, cookies, POST
fields and local variables an error report masks. The default one
(``DEFAULT_EXCEPTION_REPORTER_FILTER``) masks settings and headers whose names
look secret, and, when DEBUG is off, what ``@sensitive_variables`` and
``@sensitive_post_parameters`` marked. A view can give a request a filter of its
own with ``request.exception_reporter_filter``.

scallion's DEBUG 500 page masks more than this (it always honours the
decorators, and masks secret values wherever they appear); this module is the
API for reports built by a project's own code or logging handlers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from types import FrameType
from typing import Any

from scallion.conf import settings
from scallion.utils.datastructures import MultiValueDict
from scallion.utils.module_loading import import_string
from scallion.views.decorators.debug import ALL, is_wrapper_frame, sensitive_variables_of

__all__ = [
    "CallableSettingWrapper",
    "SafeExceptionReporterFilter",
    "get_default_exception_reporter_filter",
    "get_exception_reporter_filter",
]


class CallableSettingWrapper:
    """A callable setting, shown by its ``repr`` and never called by a report.

    Templates call what they can; a setting that is a function (or a class that
    refuses new attributes) must be shown, not run.
    """

    def __init__(self, callable_setting: Any) -> None:
        self._wrapped = callable_setting

    def __repr__(self) -> str:
        return repr(self._wrapped)


class SafeExceptionReporterFilter:
    """Masks secrets in error reports; subclass it and name it in the setting to change how."""

    cleansed_substitute = "********************"
    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE", re.I)

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        """``value``, masked when ``key`` is secret; dicts, lists and tuples cleansed inside."""
        if key == settings.SESSION_COOKIE_NAME:
            sensitive = True
        else:
            try:
                sensitive = bool(self.hidden_settings.search(key))
            except TypeError:  # a key that is not a string
                sensitive = False
        cleansed: Any
        if sensitive:
            cleansed = self.cleansed_substitute
        elif isinstance(value, dict):
            cleansed = {k: self.cleanse_setting(k, v) for k, v in value.items()}
        elif isinstance(value, list):
            cleansed = [self.cleanse_setting("", v) for v in value]
        elif isinstance(value, tuple):
            cleansed = tuple(self.cleanse_setting("", v) for v in value)
        else:
            cleansed = value
        if callable(cleansed):
            cleansed = CallableSettingWrapper(cleansed)
        return cleansed

    def get_safe_settings(self) -> dict[str, Any]:
        """Every upper-case setting, secrets masked."""
        return {
            name: self.cleanse_setting(name, getattr(settings, name))
            for name in dir(settings)
            if name.isupper()
        }

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        if not hasattr(request, "META"):
            return {}
        return {k: self.cleanse_setting(k, v) for k, v in request.META.items()}

    def get_safe_cookies(self, request: Any) -> dict[str, Any]:
        if not hasattr(request, "COOKIES"):
            return {}
        return {k: self.cleanse_setting(k, v) for k, v in request.COOKIES.items()}

    def is_active(self, request: Any) -> bool:
        """Whether the decorators' marks apply: when DEBUG is off, as in Django."""
        return settings.DEBUG is False

    def _cleanse_multivaluedict(self, data: Any, sensitive: Any) -> Any:
        cleansed = data.copy()
        names = list(data) if sensitive == ALL else sensitive
        for name in names:
            if name in data:
                cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_cleansed_multivaluedict(self, request: Any, multivaluedict: Any) -> Any:
        """``multivaluedict`` with the request's sensitive POST fields masked."""
        sensitive = getattr(request, "sensitive_post_parameters", [])
        if self.is_active(request) and sensitive:
            return self._cleanse_multivaluedict(multivaluedict, sensitive)
        return multivaluedict

    def get_post_parameters(self, request: Any) -> Any:
        """``request.POST`` with the fields ``@sensitive_post_parameters`` names masked."""
        if request is None:
            return {}
        sensitive = getattr(request, "sensitive_post_parameters", [])
        if self.is_active(request) and sensitive:
            return self._cleanse_multivaluedict(request.POST, sensitive)
        return request.POST

    def cleanse_special_types(self, request: Any, value: Any) -> Any:
        try:
            # A lazy object (or one with a hostile __class__) may raise here.
            is_multivalue_dict = isinstance(value, MultiValueDict)
        except Exception as exc:
            return f"{exc!r} while evaluating {value!r}"
        if is_multivalue_dict:
            return self.get_cleansed_multivaluedict(request, value)
        return value

    def get_traceback_frame_variables(
        self, request: Any, tb_frame: FrameType
    ) -> Iterable[tuple[str, Any]]:
        """The frame's local variables, those ``@sensitive_variables`` marked masked."""
        sensitive = sensitive_variables_of(tb_frame)
        cleansed: dict[str, Any] = {}
        if self.is_active(request) and sensitive:
            for name, value in tb_frame.f_locals.items():
                if sensitive == ALL or name in sensitive:
                    cleansed[name] = self.cleansed_substitute
                else:
                    cleansed[name] = self.cleanse_special_types(request, value)
        else:
            for name, value in tb_frame.f_locals.items():
                cleansed[name] = self.cleanse_special_types(request, value)
        if is_wrapper_frame(tb_frame):
            # The wrapper's own frame holds the decorated function's arguments.
            cleansed["func_args"] = self.cleansed_substitute
            cleansed["func_kwargs"] = self.cleansed_substitute
        return cleansed.items()


@functools.cache
def get_default_exception_reporter_filter() -> Any:
    """One instance of ``DEFAULT_EXCEPTION_REPORTER_FILTER``, made on first use."""
    return import_string(settings.DEFAULT_EXCEPTION_REPORTER_FILTER)()


def get_exception_reporter_filter(request: Any) -> Any:
    """The request's own filter (``request.exception_reporter_filter``), else the default."""
    return getattr(request, "exception_reporter_filter", get_default_exception_reporter_filter())

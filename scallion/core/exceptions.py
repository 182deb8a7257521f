"""The exception classes the handler turns into responses.

Names and hierarchy are Django's, so ``except`` clauses in ported code keep working.
How each becomes a response lives in :mod:`scallion.core.handlers.exception`.
"""

from __future__ import annotations


class FieldDoesNotExist(Exception):
    """A model has no field of that name (kept for ported code and model-like objects)."""


class AppRegistryNotReady(Exception):
    """The application registry was used before it was populated."""


class ObjectDoesNotExist(Exception):
    """The looked-up object does not exist (a model's ``DoesNotExist`` derives from it)."""

    silent_variable_failure = True


class MultipleObjectsReturned(Exception):
    """A look-up expected one object and found several."""


class ImproperlyConfigured(Exception):
    """The project is somehow improperly configured; the message says how to fix it."""


class MiddlewareNotUsed(Exception):
    """Raised by a middleware factory to take itself out of the chain."""


class PermissionDenied(Exception):
    """The user did not have permission to do that (answered with 403)."""


class ViewDoesNotExist(Exception):
    """The requested view does not exist."""


class SuspiciousOperation(Exception):
    """The user did something suspicious (answered with 400 and logged)."""


class SuspiciousMultipartForm(SuspiciousOperation):
    """Suspect MIME request in a multipart form body."""


class SuspiciousFileOperation(SuspiciousOperation):
    """A suspicious filesystem operation was attempted."""


class DisallowedHost(SuspiciousOperation):
    """HTTP_HOST header contains an invalid value."""


class DisallowedRedirect(SuspiciousOperation):
    """Redirect to a scheme not in the allowed list."""


class TooManyFieldsSent(SuspiciousOperation):
    """More fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` were sent."""


class TooManyFilesSent(SuspiciousOperation):
    """More files than ``DATA_UPLOAD_MAX_NUMBER_FILES`` were sent."""


class RequestDataTooBig(SuspiciousOperation):
    """The request body exceeded ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (answered with 413)."""


class RequestAborted(Exception):
    """The request was closed before it was completed, or timed out."""


class BadRequest(Exception):
    """The request is malformed and cannot be processed (answered with 400)."""


class FieldError(Exception):
    """Kept for import compatibility with ported code."""


class ValidationError(Exception):
    """A value failed validation; carries one message or a list of them."""

    def __init__(self, message: object, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.messages: list[str] = (
            [str(m) for m in message] if isinstance(message, list | tuple) else [str(message)]
        )

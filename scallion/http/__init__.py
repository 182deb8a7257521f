"""Request and response objects: what travels through the onion."""

from scallion.http.cookie import SimpleCookie, parse_cookie
from scallion.http.eventstream import EventStreamResponse
from scallion.http.fileresponse import FileResponse
from scallion.http.request import (
    HttpHeaders,
    HttpRequest,
    QueryDict,
    RawPostDataException,
    UnreadablePostError,
)
from scallion.http.response import (
    BadHeaderError,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseForbidden,
    HttpResponseGone,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
    StreamingHttpResponse,
    StreamingIteratorWarning,
)

__all__ = [
    "BadHeaderError",
    "EventStreamResponse",
    "FileResponse",
    "Http404",
    "HttpHeaders",
    "HttpRequest",
    "HttpResponse",
    "HttpResponseBadRequest",
    "HttpResponseBase",
    "HttpResponseForbidden",
    "HttpResponseGone",
    "HttpResponseNotAllowed",
    "HttpResponseNotFound",
    "HttpResponseNotModified",
    "HttpResponsePermanentRedirect",
    "HttpResponseRedirect",
    "HttpResponseServerError",
    "JsonResponse",
    "QueryDict",
    "RawPostDataException",
    "SimpleCookie",
    "StreamingHttpResponse",
    "StreamingIteratorWarning",
    "UnreadablePostError",
    "parse_cookie",
]

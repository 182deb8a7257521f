"""``request.json()``: the body as JSON, or a 400 that says why not.

Python's JSON decoder recurses once per nesting level, so a body of 10,000 ``[``
ends in a RecursionError (a 500 in Django and Flask). The depth is measured first,
without recursion, and anything deeper than ``DATA_UPLOAD_MAX_JSON_DEPTH`` is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from scallion.core.exceptions import BadRequest
from scallion.utils.http import parse_header_parameters

__all__ = ["is_json_media_type", "json_depth_exceeds", "parse_json_body"]

# A JSON string, or an unterminated one up to the end. Possessive quantifiers and
# the optional closing quote mean every byte is scanned once: a pattern that must
# find the closing quote retries from each escaped quote, which is quadratic.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")


def is_json_media_type(media_type: str) -> bool:
    """``application/json`` or any ``type/subtype+json`` (RFC 6839)."""
    main, slash, subtype = media_type.partition("/")
    return media_type == "application/json" or bool(main and slash and subtype.endswith("+json"))


def json_depth_exceeds(data: bytes, max_depth: int) -> bool:
    """True if arrays/objects in ``data`` nest deeper than ``max_depth``.

    Strings are removed first (brackets inside them do not count), then only the
    brackets are kept; both steps run in C, and the final count visits brackets
    only. Malformed input may be judged either way: json.loads rejects it anyway.
    """
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data))
    if len(brackets) <= max_depth:
        return False
    depth = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def parse_json_body(
    content_type: str, read_body: Callable[[], bytes], limits: Callable[[str], int | None]
) -> Any:
    """Decode a body as JSON; BadRequest (400) with the reason otherwise.

    ``content_type`` is the request's header; ``read_body`` returns the whole body
    (``request.body``: read once, bounded by ``DATA_UPLOAD_MAX_MEMORY_SIZE``), and
    is not called for a body of another media type; ``limits`` looks up
    ``DATA_UPLOAD_MAX_JSON_DEPTH`` (``request.body_limit``).
    """
    try:
        media_type, _ = parse_header_parameters(content_type)
    except ValueError:
        media_type = ""
    if not is_json_media_type(media_type):
        raise BadRequest(
            f"Expected a JSON body (Content-Type application/json), got {content_type[:100]!r}."
        )
    body = read_body()
    if not body.strip():
        raise BadRequest("The JSON body is empty.")
    max_depth = limits("DATA_UPLOAD_MAX_JSON_DEPTH")
    if max_depth is not None and json_depth_exceeds(body, max_depth):
        raise BadRequest(
            f"The JSON body nests deeper than settings.DATA_UPLOAD_MAX_JSON_DEPTH ({max_depth})."
        )
    try:
        return json.loads(body)
    except RecursionError:
        raise BadRequest("The JSON body nests too deeply to decode.") from None
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        raise BadRequest(f"Malformed JSON body: {err}") from None

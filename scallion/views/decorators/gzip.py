"""``gzip_page``: gzip one view's responses, as ``GZipMiddleware`` would."""

from __future__ import annotations

from scallion.middleware import decorator_from_middleware
from scallion.middleware.gzip import GZipMiddleware

gzip_page = decorator_from_middleware(GZipMiddleware)
"""Compress this view's responses for clients that accept gzip (``GZipMiddleware`` per view)."""
gzip_page.__doc__ = "Compress this view's responses for clients that accept gzip."

__all__ = ["gzip_page"]

"""Files: the ``File`` wrapper, uploaded files and the upload handlers that make them."""

from scallion.core.files.base import ContentFile, File

__all__ = ["ContentFile", "File"]

"""File upload checks: ``FILE_UPLOAD_TEMP_DIR`` is a folder that exists.

Found here rather than at the first large upload, which would fail with a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error
from scallion.core.checks.registry import Tags, register


@register(Tags.files)
def check_setting_file_upload_temp_dir(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    setting = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if setting and not Path(setting).is_dir():
        return [
            Error(
                f"The FILE_UPLOAD_TEMP_DIR setting refers to the nonexistent directory "
                f"'{setting}'.",
                id="files.E001",
            )
        ]
    return []

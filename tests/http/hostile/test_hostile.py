"""Every hostile input ends in its expected 4xx exception, or parses, without hanging.

The pytest-timeout marker is a hang guard only (generous, not a speed claim).
"""

from __future__ import annotations

import pytest

from scallion.core.files.utils import MAX_FILE_NAME_LENGTH
from tests.http._request_body import BodyRequest
from tests.http._settings import override_settings
from tests.http.hostile.corpus import CASES, Case


def _access(request: BodyRequest, how: str) -> object:
    if how == "json":
        return request.json()
    return getattr(request, how)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case) -> None:
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=20_000):
        if case.id == "multipart-10000-files":
            # The file limit, not the field limit, must trip first here.
            with override_settings(
                DATA_UPLOAD_MAX_NUMBER_FIELDS=None, DATA_UPLOAD_MAX_NUMBER_FILES=100
            ):
                _check(case)
        else:
            _check(case)


def _check(case: Case) -> None:
    request = BodyRequest(case.body, content_type=case.content_type)
    if case.raises is None:
        _access(request, case.access)
    else:
        with pytest.raises(case.raises):
            _access(request, case.access)
    request.close()


def test_traversal_names_are_plain_base_names() -> None:
    case = next(c for c in CASES if c.id == "multipart-traversal-names")
    files = BodyRequest(case.body, content_type=case.content_type).FILES
    names = [f.name for _, fs in files.lists() for f in fs]
    assert all("/" not in n and "\\" not in n and "\x00" not in n for n in names)
    assert all(0 < len(n) <= MAX_FILE_NAME_LENGTH for n in names)
    assert "passwd" in names and "boot.ini" in names and "a.php" in names

from __future__ import annotations

from scallion.core.checks.security.base import is_weak_secret_key
from scallion.core.management.utils import SECRET_KEY_CHARS, get_random_secret_key


def test_random_secret_key_is_strong_and_new_each_time() -> None:
    keys = {get_random_secret_key() for _ in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert len(key) == 50
        assert set(key) <= set(SECRET_KEY_CHARS)
        assert not is_weak_secret_key(key)
    assert not {"'", '"', "\\"} & set(SECRET_KEY_CHARS)

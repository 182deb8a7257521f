"""Session serializers: ``SESSION_SERIALIZER`` names one (JSON by default).

JSON is the only serializer shipped: unpickling data from a store an attacker
can write to (or a leaked SECRET_KEY) would run their code.
"""

from __future__ import annotations

from scallion.core.signing import JSONSerializer

__all__ = ["JSONSerializer"]

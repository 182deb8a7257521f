"""The JSON encoder JsonResponse uses by default (Django's DjangoJSONEncoder)."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from typing import Any

from scallion.utils.functional import Promise


class ScallionJSONEncoder(json.JSONEncoder):
    """Encodes dates and times (ISO 8601), decimals, UUIDs and lazy strings."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            if o.microsecond:
                text = text[:23] + text[26:]
            if text.endswith("+00:00"):
                text = text.removesuffix("+00:00") + "Z"
            return text
        if isinstance(o, datetime.date):
            return o.isoformat()
        if isinstance(o, datetime.time):
            text = o.isoformat()
            return text[:12] if o.microsecond else text
        if isinstance(o, datetime.timedelta):
            return _duration_iso_string(o)
        if isinstance(o, decimal.Decimal | uuid.UUID | Promise):
            return str(o)
        return super().default(o)


DjangoJSONEncoder = ScallionJSONEncoder


def _duration_iso_string(duration: datetime.timedelta) -> str:
    sign = "-" if duration < datetime.timedelta(0) else ""
    duration = abs(duration)
    days = duration.days
    minutes, seconds = divmod(duration.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    ms = f".{duration.microseconds:06d}" if duration.microseconds else ""
    return f"{sign}P{days}DT{hours:02d}H{minutes:02d}M{seconds:02d}{ms}S"

"""Times and durations as the command line, the sites file and the archive
write them.

Durations are ``"15m"``, ``"36h"``, ``"2d"``, ``"1w"`` or sums such as
``"1d12h"``; times are ISO 8601, in UTC when they name no offset.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_DURATION = re.compile(r"(?:\d+[wdhm])+")
_DURATION_PART = re.compile(r"(\d+)([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    """``"15m"``, ``"36h"``, ``"2d"``, ``"1w"`` or sums such as ``"1d12h"``."""
    compact = text.replace(" ", "").lower() if isinstance(text, str) else ""
    if not _DURATION.fullmatch(compact):
        raise ValueError(f"not a duration: {text!r} (write e.g. \"90m\", \"36h\", \"2d\", \"1w\" or \"1d12h\")")
    return sum((timedelta(**{_UNITS[unit]: int(n)}) for n, unit in _DURATION_PART.findall(compact)), timedelta())


def format_duration(delta: timedelta) -> str:
    """The duration in the syntax ``parse_duration`` reads: ``"1d12h"``."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return "".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n) or "0m"


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (``Z`` or an offset; UTC when it has none)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def utc_now() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def utc_seconds(moment: datetime | str) -> str:
    """A time as the archive writes it: ISO 8601 in UTC, to the second
    (``2024-05-02T10:15:00+00:00``); a WARC-Date is read first."""
    if isinstance(moment, str):
        moment = parse_time(moment)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()

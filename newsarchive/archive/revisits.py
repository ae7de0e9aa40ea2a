"""Revisits: an archived article is fetched again only when a revisit is due.

Revisits thin out with the article's age, counted from its first capture:
with the default schedule ``15m, 1h, 3h, 1d, 3d`` an article is fetched again
once after 15 minutes, once after an hour, ... and after three days no more.
A run that misses a revisit time (cron runs hourly) makes up for it once,
not once per missed time.  A revisit time counts as come a tenth of its age
early (the 1 h revisit from 54 minutes on), so that an hourly cron run that
starts a few seconds earlier than the one before does not miss it.

``ScheduledRevisits`` is the default policy (the ``REVISIT_POLICY``
setting names it): the schedule is ``REVISIT_AFTER``, or the one a request
gives, and the clock is ``REVISIT_NOW`` when set.  The downloader
middleware that applies it is ``middlewares.revisits``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, Self

from ..utils.timeutils import format_duration, parse_duration, parse_time
from .catalog import Catalog

#: How long after its first capture an article is fetched again, to catch
#: edits (``REVISIT_AFTER``, and a site's ``revisit`` in the sites file).
DEFAULT_REVISITS = ("15m", "1h", "3h", "1d", "3d")
#: A revisit time counts as come this fraction of its age early.
EARLY = 0.1


@dataclass(frozen=True)
class Decision:
    due: bool
    reason: str


def revisit_decision(first_seen: datetime, last_fetched: datetime, now: datetime,
                     schedule: Sequence[timedelta]) -> Decision:
    """Whether an article first captured at ``first_seen`` and last fetched at
    ``last_fetched`` is due for a revisit at ``now``: it is when a revisit
    time (``first_seen`` plus an age of ``schedule``) has come and no fetch
    happened since."""
    passed = [age for age in schedule if first_seen + age * (1 - EARLY) <= now]
    if passed and last_fetched < first_seen + passed[-1] * (1 - EARLY):
        return Decision(True, f"revisit at age {format_duration(passed[-1])}")
    coming = schedule[len(passed):]
    if coming:
        return Decision(False, f"archived {format_duration(now - first_seen)} ago, "
                               f"next revisit at age {format_duration(coming[0])}")
    return Decision(False, f"archived {format_duration(now - first_seen)} ago, no more revisits")


def schedule_from_setting(value: str | Sequence[str | timedelta]) -> tuple[timedelta, ...]:
    """A revisit schedule: a list of durations (``"15m"`` or ``timedelta``)
    or one comma-separated string, as ``REVISIT_AFTER`` and the
    ``revisit_after`` request meta key take it."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(item if isinstance(item, timedelta) else parse_duration(item.strip())
                 for item in items if isinstance(item, timedelta) or item.strip())


class Settings(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...


def clock_from_settings(settings: Settings) -> Callable[[], datetime]:
    """The time revisits are decided against: ``REVISIT_NOW`` when set (to
    replay a schedule, or in tests), else the clock."""
    fixed = settings.get("REVISIT_NOW")
    if fixed:
        now = parse_time(fixed)
        return lambda: now
    return lambda: datetime.now(timezone.utc)


class ScheduledRevisits:
    """The default revisit policy: an archived article is due at the ages
    of its schedule (``REVISIT_AFTER`` unless a request gives its own)."""

    def __init__(self, schedule: tuple[timedelta, ...], now: Callable[[], datetime]):
        self.schedule = schedule
        self.now = now

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls(schedule_from_setting(settings.get("REVISIT_AFTER")), clock_from_settings(settings))

    def decide(self, catalog: Catalog, url: str, schedule: Sequence[timedelta] | None = None) -> Decision | None:
        """The decision for an article archived from ``url`` (fragment
        aside); ``None`` for a URL no article was archived from."""
        url = url.partition("#")[0]
        article_id = catalog.article_id_of(url)
        if article_id is None:
            return None
        first_seen = parse_time(catalog.versions(article_id)[0]["fetched_at"])
        last = catalog.last_capture_date(url)
        last_fetched = max(first_seen, parse_time(last)) if last else first_seen
        return revisit_decision(first_seen, last_fetched, self.now(), self.schedule if schedule is None else schedule)

"""The quick check for missed calls: the last few minutes of the history, asked for often.

The API has no live events, so a missed call shows only when the app asks. The full sync runs
every few minutes; between syncs the app asks for just the last `QUICK_SPAN` (one small request)
every `interval` seconds, so a missed call is notified within about a minute.

The vendor's document limits a call-history request to 7 days and a `from` no older than 30
days; it names no limit on how often. A ten-minute window is far inside both, and the app never
asks more often than every `MIN_INTERVAL_SECONDS`. After an error or a refusal the interval
doubles up to the normal sync interval, so a struggling server is not asked every minute; the
first success brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fmc_desktop.core.api.windows import Window, plan_windows

DEFAULT_INTERVAL_SECONDS = 60
MIN_INTERVAL_SECONDS = 30
# Long enough for a missed call that rang a while and reached the CDR late, still one request.
QUICK_SPAN = timedelta(minutes=10)


def clamp_interval(seconds: int) -> int:
    """An interval the app will use: 0 (off) or at least MIN_INTERVAL_SECONDS."""
    if seconds <= 0:
        return 0
    return max(seconds, MIN_INTERVAL_SECONDS)


@dataclass
class QuickCheckSchedule:
    """When the next quick check is due: the interval, doubled per failure up to the ceiling.

    `ceiling_seconds` is the normal sync interval: backing off past it would make the quick
    check rarer than the sync it is meant to get ahead of.
    """

    interval_seconds: int = DEFAULT_INTERVAL_SECONDS
    ceiling_seconds: int = 5 * 60
    failures: int = 0

    def __post_init__(self) -> None:
        self.interval_seconds = clamp_interval(self.interval_seconds)

    @property
    def enabled(self) -> bool:
        # A quick check no more often than the sync itself would only double the requests.
        return 0 < self.interval_seconds < self.ceiling_seconds

    def next_delay(self) -> int:
        """Seconds until the next check."""
        if not self.enabled:
            return self.ceiling_seconds
        # The exponent is capped so a day of failures does not build a huge integer.
        delay: int = self.interval_seconds * (1 << min(self.failures, 16))
        return min(delay, self.ceiling_seconds)

    def succeeded(self) -> None:
        self.failures = 0

    def failed(self) -> None:
        self.failures += 1


def quick_windows(now: datetime, span: timedelta = QUICK_SPAN) -> list[Window]:
    """The request(s) of one quick check: the last `span` up to `now` (one window)."""
    return plan_windows(now - span, now, now).windows

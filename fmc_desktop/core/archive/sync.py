"""Bringing the archive up to now, window by window, without ever losing what was fetched.

What a sync fetches follows from the archive's coverage (the periods it holds completely):

- the first time, the last 30 days, as far as the API still gives them;
- afterwards, from the newest covered instant less an overlap (a call reaches the CDR when it
  ends, so calls still going on at the last sync are asked for again) up to now;
- and any hole between covered periods that the API can still fill. The part of a hole older
  than the API's 30 days is lost unless the user imports an export file for it; it is reported
  once, as days, and remembered so the next sync does not report it again.

Windows are fetched oldest first and each is committed with its coverage in one transaction as
it arrives: an error, a cancel, a closed laptop or a killed process keeps every window so far,
and the next sync starts where this one stopped. A rejected token (403) stops the sync and every
later automatic one until the token is replaced (`CallArchive.clear_token_rejected`); the user
sees one clear message instead of the same error every five minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import ExitCode, FmcError, TokenRejectedError
from fmc_desktop.core.api.formats.fields import RejectedRow
from fmc_desktop.core.api.kyiv import KYIV, utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.api.windows import HISTORY_LIMIT, Window, plan_windows
from fmc_desktop.core.archive.store import CallArchive

if TYPE_CHECKING:
    # The window reads a sync's reports before any request is made: requests is imported
    # with the client, after the first paint.
    from fmc_desktop.core.api.client import FetchFlags, FmcClient

_log = logging.getLogger(__name__)

# A call reaches the CDR when it ends, so a call in progress during a sync is missing from it and
# must be caught by the next one: the overlap has to outlast the longest call, not just the
# delay of the CDR itself. Two hours costs one slightly longer request per sync.
DEFAULT_OVERLAP = timedelta(hours=2)

Period = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Sent before each window is fetched: "window `window_index` of `window_count`" (from 1)."""

    window_index: int
    window_count: int
    window: Window
    new_so_far: int


@dataclass
class SyncReport:
    """What one sync did. `error` is the failure that stopped it, if any; what came before it
    is kept. `skipped` is True when an automatic sync did not run because the token was
    rejected earlier."""

    started_at: datetime
    windows_total: int = 0
    windows_done: int = 0
    new: int = 0
    known: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    fetched: list[Period] = field(default_factory=list)  # the windows committed, in order
    covered: list[Period] = field(default_factory=list)  # the archive's coverage afterwards
    lost_days: list[date] = field(default_factory=list)  # Kyiv days newly found lost for good
    lost: list[Period] = field(default_factory=list)  # the same as periods
    new_calls: list[CallRecord] = field(default_factory=list)  # oldest first
    error: FmcError | None = None
    cancelled: bool = False
    skipped: bool = False
    # The archive held nothing before: its "new" calls are the last 30 days, not news.
    initial: bool = False

    @property
    def complete(self) -> bool:
        """True when every planned window was fetched and stored."""
        return self.error is None and not self.cancelled and not self.skipped

    @property
    def token_rejected(self) -> bool:
        return isinstance(self.error, TokenRejectedError)

    @property
    def exit_code(self) -> ExitCode:
        """For the command line: the error's own code; 1 if part was done or rows were rejected."""
        if self.error is not None:
            if self.windows_done and not self.token_rejected:
                return ExitCode.PARTIAL
            return self.error.exit_code
        if self.rejected or self.cancelled:
            return ExitCode.PARTIAL
        return ExitCode.OK


def token_rejected_error() -> TokenRejectedError:
    return TokenRejectedError(
        "The FMC token was rejected (HTTP 403), so automatic syncing has stopped. "
        "Enter a new token (copy it from the Settings section of the Virtual Mobile PBX "
        "integration portal); a manual sync tries the current one again.",
    )


def _merge(periods: list[Period]) -> list[Period]:
    """Overlapping or touching periods joined, oldest first."""
    merged: list[Period] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def kyiv_days(start: datetime, end: datetime) -> list[date]:
    """The Kyiv calendar days that [start, end] touches."""
    first = start.astimezone(KYIV).date()
    last = max(end, start).astimezone(KYIV).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class SyncPlan:
    """What a sync at `now` would fetch and what it would report lost."""

    targets: list[Period]
    windows: list[Window]
    lost: list[Period]
    available_from: datetime


def plan_sync(
    coverage: list[Period],
    known_lost: list[Period],
    now: datetime,
    *,
    overlap: timedelta = DEFAULT_OVERLAP,
) -> SyncPlan:
    """The periods to fetch and the newly lost ones, from the coverage and what is known lost."""
    now = utc(now)
    available_from = plan_windows(now - HISTORY_LIMIT, now, now).available_from
    settled = _merge([*coverage, *known_lost])
    wanted: list[Period] = []
    lost: list[Period] = []
    if not coverage:
        wanted.append((available_from, now))
    else:
        # Holes between settled periods, then the stretch from the newest one up to now. Each
        # starts `overlap` early: whatever ended the earlier sync, late records may be missing.
        floor = settled[0][0]
        holes = [(settled[i][1], settled[i + 1][0]) for i in range(len(settled) - 1)]
        holes.append((settled[-1][1], now))
        for gap_start, gap_end in holes:
            start = max(gap_start - overlap, floor)
            if gap_start < available_from:
                lost_end = min(gap_end, available_from)
                if lost_end > gap_start:
                    lost.append((gap_start, lost_end))
                start = max(start, available_from)
            if gap_end > start:
                wanted.append((start, gap_end))
    windows: list[Window] = []
    targets: list[Period] = []
    for start, end in _merge(wanted):
        plan = plan_windows(start, end, now)
        if plan.windows:
            targets.append((start, end))
            windows.extend(plan.windows)
    return SyncPlan(targets, windows, lost, available_from)


class SyncEngine:
    """Keeps one archive up to date from the API. One sync at a time per engine."""

    def __init__(
        self,
        archive: CallArchive,
        client_factory: Callable[[], FmcClient],
        *,
        clock: Clock,
        flags: FetchFlags | None = None,
        overlap: timedelta = DEFAULT_OVERLAP,
    ) -> None:
        self.archive = archive
        self._client_factory = client_factory
        self._clock = clock
        # Names and departments on unless settings say otherwise: they are what makes a
        # history readable, and a later fetch with them fills in calls stored without.
        if flags is None:
            from fmc_desktop.core.api.client import FetchFlags

            flags = FetchFlags(names=True, departments=True)
        self.flags = flags
        self.overlap = overlap

    def plan(self) -> SyncPlan:
        return plan_sync(
            self.archive.coverage(),
            self.archive.lost_periods(),
            self._clock.now(),
            overlap=self.overlap,
        )

    def sync(
        self,
        on_progress: Callable[[SyncProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        automatic: bool = False,
    ) -> SyncReport:
        """Fetch what the archive lacks, window by window; never raises an FmcError.

        `automatic`: a timer's sync, skipped while the token is known to be rejected. A sync the
        user asked for always tries. `cancelled` is asked before each request.
        """
        report = SyncReport(started_at=self._clock.now())
        try:
            if automatic and self.archive.is_token_rejected():
                report.skipped = True
                report.error = token_rejected_error()
                report.covered = self.archive.coverage()
                return report
            # A read-only or damaged archive (after an unclean close, SQLite's check) stops the
            # sync before the API is asked for anything it could not store.
            self.archive.ensure_writable()
            plan = self.plan()
            report.initial = not self.archive.coverage()
            for start, end in plan.lost:
                self.archive.mark_lost(start, end)
                report.lost.append((start, end))
            report.lost_days = sorted(
                {day for start, end in plan.lost for day in kyiv_days(start, end)}
            )
            report.windows_total = len(plan.windows)
            if plan.windows:
                self._fetch(plan.windows, report, on_progress, cancelled)
            if report.complete:
                self.archive.record_sync(report.started_at)
            report.covered = self.archive.coverage()
        except FmcError as error:  # the archive's own failures (a full disk, a damaged file)
            report.error = error
        if report.error is not None:
            _log.warning("sync stopped after %d windows: %s", report.windows_done, report.error)
        return report

    def quick_check(self) -> SyncReport:
        """Fetch only the last few minutes (core.quick_check): a missed call shows within a
        minute without a full sync. Never on an empty archive: the first sync must bring the
        month, and a covered tail would make it look done. Never raises an FmcError."""
        from fmc_desktop.core.archive.quick_check import quick_windows

        report = SyncReport(started_at=self._clock.now())
        try:
            if self.archive.is_token_rejected() or not self.archive.coverage():
                report.skipped = True
                if self.archive.is_token_rejected():
                    report.error = token_rejected_error()
                report.covered = self.archive.coverage()
                return report
            windows = quick_windows(report.started_at)
            report.windows_total = len(windows)
            self._fetch(windows, report, None, None)
            report.covered = self.archive.coverage()
        except FmcError as error:
            report.error = error
        return report

    def _fetch(
        self,
        windows: list[Window],
        report: SyncReport,
        on_progress: Callable[[SyncProgress], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        client = self._client_factory()
        try:
            for index, window in enumerate(windows, 1):
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    return
                if on_progress is not None:
                    on_progress(SyncProgress(index, len(windows), window, report.new))
                try:
                    result = client.fetch_window(window, fmt="json", flags=self.flags)
                except TokenRejectedError as error:
                    self.archive.mark_token_rejected()
                    report.error = error
                    return
                except FmcError as error:
                    report.error = error
                    return
                added = self.archive.add_calls(
                    result.records, covered=(window.start, window.end), keep_new=True
                )
                if report.windows_done == 0 and self.archive.is_token_rejected():
                    self.archive.clear_token_rejected()  # it works again
                report.windows_done += 1
                report.new += added.new
                report.known += added.known
                report.updated += added.updated
                report.rejected.extend(result.rejected)
                report.new_calls.extend(added.new_records)
                report.fetched.append((window.start, window.end))
        finally:
            client.close()

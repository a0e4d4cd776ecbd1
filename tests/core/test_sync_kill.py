"""A sync killed with SIGKILL in the middle: the archive stays readable, whole and resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from fmc_desktop.core.api.client import FetchFlags, FmcClient
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.formats.fields import record_from_fields
from fmc_desktop.core.api.merging import call_identity
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.archive.sync import DEFAULT_OVERLAP, SyncEngine, plan_sync
from fmc_desktop.simulator.faults import Fault
from fmc_desktop.simulator.server import Simulator
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")

SYNC_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime
    from pathlib import Path
    from fmc_desktop.core.archive.store import CallArchive
    from fmc_desktop.core.api.client import FetchFlags, FmcClient, HttpLimits
    from fmc_desktop.core.api.clock import ManualClock
    from fmc_desktop.core.archive.sync import SyncEngine

    path, base_url, now = Path(sys.argv[1]), sys.argv[2], datetime.fromisoformat(sys.argv[3])
    clock = ManualClock(now)
    token = os.environ["FMC_TOKEN"]
    limits = HttpLimits(read_timeout=120, total_deadline=300, cdr_retries=0)
    with CallArchive(path, clock=clock) as archive:
        engine = SyncEngine(
            archive,
            lambda: FmcClient(base_url, token, clock=clock, limits=limits),
            clock=clock,
            flags=FetchFlags(names=True, departments=True),
        )
        report = engine.sync()
    print("the sync finished, which it should not have", report.windows_done)
    """
)


def identities(archive: CallArchive) -> list[tuple[datetime, str, str, int]]:
    return [
        (c.record.start_utc, c.calling, c.called, c.record.duration)
        for c in archive.iter_calls(CallQuery(order=Order.OLDEST_FIRST))
    ]


def test_a_sync_killed_mid_window_keeps_a_whole_archive_and_the_next_sync_completes_it(
    tmp_path: Path, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    windows = plan_sync([], [], now).windows
    assert len(windows) >= 4
    first_two = (windows[0].start, windows[1].end)
    expected_first_two = {
        call_identity(record_from_fields(fields)) for fields in simulator.calls_between(*first_two)
    }
    # Two windows answer at once; the third hangs until the process is gone.
    simulator.inject(Fault.SLOW, times=2, endpoint="cdr", delay=0)
    simulator.inject(Fault.SLOW, times=10, endpoint="cdr", delay=60)

    path = tmp_path / "calls.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "FMC_TOKEN": simulator.token}
    process = subprocess.Popen(
        [sys.executable, "-c", SYNC_SCRIPT, str(path), simulator.base_url, now.isoformat()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait for the first two windows to be committed: the archive itself says when.
        deadline = time.monotonic() + 60
        committed = 0
        while time.monotonic() < deadline and process.poll() is None:
            if path.exists() and path.stat().st_size:
                with CallArchive(path, clock=clock) as watcher:
                    committed = watcher.count_calls(CallQuery())
                    if committed == len(expected_first_two) and watcher.coverage() == [first_two]:
                        break
            time.sleep(0.02)
        assert process.poll() is None, process.communicate()
        assert committed == len(expected_first_two)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        out, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, (out, err)

    with CallArchive(path, clock=clock) as archive:
        assert archive.check_integrity() == []
        calls = identities(archive)
        assert len(calls) == len(set(calls))  # no duplicate
        assert set(calls) == expected_first_two
        assert archive.coverage() == [first_two]

        simulator.clear_faults()
        report = SyncEngine(
            archive,
            lambda: FmcClient(simulator.base_url, simulator.token, clock=clock),
            clock=clock,
            flags=FetchFlags(names=True, departments=True),
        ).sync()
        assert report.complete
        assert report.fetched[0][0] == first_two[1] - DEFAULT_OVERLAP  # where it had stopped
        calls = identities(archive)
        assert len(calls) == len(set(calls))
        expected = {
            call_identity(record_from_fields(fields))
            for fields in simulator.calls_between(windows[0].start, now)
        }
        assert set(calls) == expected
        assert archive.coverage() == [(windows[0].start, now)]

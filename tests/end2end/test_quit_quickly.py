"""The real program on a big archive, quit with SIGTERM in the middle of its start-up work.

Right after the first rows are painted, the app is still loading the rest of the archive, reading
the directory from every call, checking the file and making the day's backup, and syncing: quitting
then used to wait for a batch, a whole read or a whole backup. Each is now cut short, and the
process ends within half a second, cleanly: exit code 0, nothing read from closed files, the window
state saved, no partial backup left, the archive whole.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Fault
from tests.conftest import PYTHON, REPO_ROOT, cli_env

CALLS = 60_000  # enough for every read at start-up to last past the first paint
PAINTED = "fmc-desktop marker: first rows painted"
# The Insights tab paints no history rows; once every call is in, it prepares its figures.
LOADED = "fmc-desktop marker: history loaded"
QUIT_WITHIN_S = 0.5
INSIGHTS_TAB = 2  # ui.shell.main_window.Tab.INSIGHTS


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    try:
        from bench_archive import generate_csv
    finally:
        sys.path.remove(str(REPO_ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("big")
    source = folder / "calls.csv"
    generate_csv(source, CALLS)
    archive = folder / "calls.sqlite3"
    with CallArchive(archive) as store:
        assert import_files(store, [source]).new == CALLS
    return archive


def _start(home: Path, archive: Path, settings: Settings, token: str) -> subprocess.Popen[str]:
    paths = AppPaths.resolve().ensure()
    archive_bytes = archive.read_bytes()
    paths.archive_file.write_bytes(archive_bytes)
    SettingsStore(paths.settings_file).save(settings)
    env = cli_env(home, FMC_TOKEN=token, FMC_DESKTOP_BENCH_MARKERS="1")
    return subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def _quit_at(
    proc: subprocess.Popen[str], marker: str, then: Callable[[], bool] = lambda: True
) -> tuple[float, str]:
    """SIGTERM once the app said `marker` and `then()` holds; seconds until the process had
    ended, and its stderr."""
    lines: list[str] = []
    painted = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if line.startswith(marker):
                painted.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert painted.wait(90), "".join(lines[-30:])
        deadline = time.monotonic() + 30
        while not then() and time.monotonic() < deadline:
            time.sleep(0.02)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        spent = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)
    assert proc.stderr is not None
    proc.stderr.close()
    return spent, "".join(lines)


def _assert_clean(home: Path, code: int | None, errors: str) -> None:
    assert code == 0, errors
    assert "Destroyed while thread" not in errors
    assert "closed database" not in errors
    assert "is not open" not in errors  # nothing read the archive after it was closed
    # The start-up sync's request cut by quitting is worth a line in the log, nothing more.
    others = [line for line in errors.splitlines() if "sync stopped" not in line]
    assert not [line for line in others if line.startswith("WARNING")], errors
    logs = "".join(p.read_text("utf-8", "replace") for p in sorted(home.rglob("*.log")))
    assert "Traceback" not in logs
    assert "shut down cleanly" in logs
    paths = AppPaths.resolve()
    assert not list(paths.archive_file.parent.rglob("*.partial"))  # no half-made backup
    with sqlite3.connect(paths.archive_file) as connection:
        assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT count(*) FROM calls").fetchone()[0] >= CALLS
    saved = json.loads(paths.settings_file.read_text("utf-8"))
    assert saved["ui_state"].get("geometry"), "the window state was not saved"


@pytest.mark.slow
@pytest.mark.parametrize("tab", [0, INSIGHTS_TAB], ids=["history", "insights"])
def test_sigterm_during_the_start_up_work_of_a_big_archive_ends_within_half_a_second(
    isolated_environment: Path, live_simulator: Any, big_archive: Path, tab: int
) -> None:
    sim = live_simulator
    user = "380670000001"
    settings = Settings(base_url=sim.base_url, own_numbers=[user], call_as=user)
    # Whole archive, whole PBX: the loader, the directory read and (on the Insights tab) the
    # Insights preparation all have a million-call-sized job of their own to quit.
    settings.ui_state = {"filters": {"period": 4, "scope": 1}, "tab": tab}
    proc = _start(isolated_environment, big_archive, settings, sim.token)
    spent, errors = _quit_at(proc, LOADED if tab == INSIGHTS_TAB else PAINTED)
    _assert_clean(isolated_environment, proc.returncode, errors)
    assert spent < QUIT_WITHIN_S, f"quitting took {spent:.2f} s"


@pytest.mark.slow
def test_sigterm_during_a_slow_sync_on_a_big_archive_ends_within_half_a_second(
    isolated_environment: Path, live_simulator: Any, big_archive: Path
) -> None:
    sim = live_simulator
    sim.inject(Fault.SLOW, times=50, endpoint="cdr", delay=120)
    user = "380670000001"
    settings = Settings(base_url=sim.base_url, own_numbers=[user], call_as=user)
    settings.ui_state = {"filters": {"period": 4, "scope": 1}}
    proc = _start(isolated_environment, big_archive, settings, sim.token)
    # The sync starts once the first rows are shown; quit while it sits in a request.
    spent, errors = _quit_at(proc, PAINTED, lambda: bool(sim.requests_to("callstat.json")))
    assert sim.requests_to("callstat.json")
    _assert_clean(isolated_environment, proc.returncode, errors)
    assert spent < QUIT_WITHIN_S, f"quitting took {spent:.2f} s"

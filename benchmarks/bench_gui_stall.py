"""How long the GUI thread stalls during a 30-day sync, against running the sync on it.

    python benchmarks/bench_gui_stall.py [--calls N] [--keep DIR] [--skip-big]
        [--simulator thread|process|both] [--repeat R]

A real `MainWindow` with its `SyncController` and `HistoryLoader` (built as the app builds them)
syncs the last 30 days from the project's simulator, in this process on the system clock, and
then loads the calls the sync brought into the table. Meanwhile a 5 ms `QTimer` ticks on the GUI
thread; the gaps between its ticks are what a user feels (a gap of 50 ms is a dropped keystroke
echo or a stuttering scroll). Printed: the longest gap, the 99th percentile, and how many gaps
exceeded 50 ms. Target: the longest gap under 50 ms.

Two archives: empty (the first sync of a new user: about 5,000 calls, then the whole history
loaded), and N calls already there (default 1M, bench_archive's calls, built once and reused with
--keep), where the window first loads the whole archive (its gaps are reported too) and the sync
is followed by the incremental load of the new calls.

Naive: the same window and archive, but the same sync run on the GUI thread, and the calls it
brought read into the table on the GUI thread too (what a simple app does from a "Sync" button).

The simulator runs in this process by default, so its HTTP server's thread competes for the
interpreter lock as a real server would not (pessimistic for ours); `--simulator process` runs it
as `fmc-desktop simulator` in a process of its own, as the real API is elsewhere, and `both`
measures each. Each case runs `--repeat` times (default 3); the table shows the worst run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCHMARKS))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from bench_startup import build_archive  # noqa: E402

from fmc_desktop.core.api.clock import SystemClock  # noqa: E402
from fmc_desktop.core.archive.queries import CallQuery  # noqa: E402
from fmc_desktop.core.archive.store import CallArchive  # noqa: E402
from fmc_desktop.core.history.batch import CallBatch  # noqa: E402
from fmc_desktop.core.numbers.phone import canonical  # noqa: E402
from fmc_desktop.core.system.paths import HOME_ENV, AppPaths  # noqa: E402
from fmc_desktop.core.system.secrets import TokenStore  # noqa: E402
from fmc_desktop.core.system.settings import Settings, SettingsStore  # noqa: E402

TICK_MS = 5
STALL_MS = 50.0
NEW_CALLS_OVERLAP_S = 3 * 3600  # main_window.NEW_CALLS_OVERLAP


class Ticker:
    """A 5 ms timer on the GUI thread; the gaps between its ticks are the stalls."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def _on_timer_timeout(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> dict[str, float]:
        self._timer.stop()
        self.ticks.append(time.perf_counter())
        gaps = np.diff(np.array(self.ticks)) * 1000
        return {
            "seconds": self.ticks[-1] - self.ticks[0],
            "longest_ms": float(gaps.max()),
            "p99_ms": float(np.percentile(gaps, 99)),
            "over_50": int((gaps > STALL_MS).sum()),
            "ticks": len(gaps),
        }


class SimulatorProcess:
    """`fmc-desktop simulator` in a process of its own, with the same company as `Simulator()`."""

    def __init__(self) -> None:
        from fmc_desktop.simulator.company import Company

        self.company = Company(1)
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "fmc_desktop", "simulator", "--seed", "1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self._process.stdout is not None
        self.base_url = self.token = ""
        for line in self._process.stdout:
            if line.startswith("FMC API simulator listening on "):
                self.base_url = line.split()[-1]
            elif line.startswith("token: "):
                self.token = line.split()[-1]
            if self.base_url and self.token:
                break
        if not (self.base_url and self.token):
            raise SystemExit("the simulator process did not start")

    def stop(self) -> None:
        self._process.send_signal(signal.SIGTERM)
        self._process.wait(30)


def wait_until(app: Any, condition: Callable[[], bool], timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.001)


class Bench:
    """A window like the app's (tests/ui/test_main_window.py builds it the same way)."""

    def __init__(self, home: Path, simulator: Any, archive: Path | None) -> None:
        from fmc_desktop.ui.archive.sync_controller import SyncController
        from fmc_desktop.ui.dialing.flow import DialController
        from fmc_desktop.ui.history.loader import HistoryLoader
        from fmc_desktop.ui.shell.main_window import MainWindow
        from fmc_desktop.ui.shell.services import AppServices

        shutil.rmtree(home, ignore_errors=True)
        os.environ[HOME_ENV] = str(home)
        paths = AppPaths.resolve().ensure()
        if archive is not None:
            shutil.copyfile(archive, paths.archive_file)
        user = canonical(simulator.company.user.number)
        store = SettingsStore(paths.settings_file)
        store.save(
            Settings(
                base_url=simulator.base_url,
                own_numbers=[user],
                call_as=user,
                company_numbers=[canonical(n) for n in simulator.company.numbers],
            )
        )
        clock = SystemClock()
        self.services = AppServices.open(
            paths,
            store,
            store.load(),
            simulator.base_url,
            clock,
            token_store=TokenStore(simulator.base_url, environ={}),
            demo_token=simulator.token,
        )
        self.dialer = DialController(
            client_factory=self.services.client,
            settings=lambda: self.services.settings,
            name_for=lambda number: None,
            dial_log=self.services.dial_log,
            parent_widget=lambda: None,
        )
        self.sync = SyncController(self.services.sync_engine_factory())
        self.loader = HistoryLoader(paths.archive_file)
        self.window = MainWindow(self.services, self.dialer, self.sync, self.loader)
        self.loads = 0
        self.syncs = 0
        self.loader.finished.connect(self._on_loader_finished)
        self.sync.finished.connect(self._on_sync_finished)
        self.window.show()

    def _on_loader_finished(self, _count: int) -> None:
        self.loads += 1

    def _on_sync_finished(self, _report: object) -> None:
        self.syncs += 1

    def close(self) -> None:
        from fmc_desktop.ui.shell.workers import shutdown_workers

        self.sync.shutdown()
        self.loader.shutdown()
        self.dialer.shutdown()
        shutdown_workers()
        self.window.close_without_quitting()
        self.window.deleteLater()
        self.services.close()


def initial_load(app: Any, bench: Bench) -> dict[str, float]:
    ticker = Ticker()
    ticker.start()
    bench.window.load_history()
    wait_until(app, lambda: bench.loads >= 1)
    figures = ticker.stop()
    figures["calls"] = len(bench.window.model.history)
    return figures


def ours(app: Any, bench: Bench) -> dict[str, float]:
    """The app's way: the sync on its thread, then the new calls loaded on the loader's."""
    loads = bench.loads
    ticker = Ticker()
    ticker.start()
    assert bench.sync.sync_now(automatic=False)
    wait_until(app, lambda: bench.syncs >= 1 and bench.loads > loads and not bench.loader.busy)
    figures = ticker.stop()
    figures["calls"] = len(bench.window.model.history)
    return figures


def naive(app: Any, bench: Bench) -> dict[str, float]:
    """The same sync and the same load, on the GUI thread, started from the event loop."""
    from PySide6.QtCore import QTimer

    done: list[bool] = []

    def work() -> None:
        engine = bench.services.sync_engine_factory()()
        try:
            report = engine.sync()
        finally:
            engine.archive.close()
        assert report.error is None, report.error
        model = bench.window.model
        history = model.history
        since = None
        known: frozenset[int] = frozenset()
        if len(history):
            newest = int(history.start.max())
            since = datetime.fromtimestamp(newest - NEW_CALLS_OVERLAP_S, UTC)
            recent = history.start >= newest - NEW_CALLS_OVERLAP_S
            known = frozenset(int(i) for i in history.call_ids[recent])
        with CallArchive(bench.services.archive_path) as archive:
            for rows in archive.iter_rows(CallQuery(start=since)):
                fresh = [row for row in rows if row[0] not in known]
                if fresh:
                    model.append_calls(CallBatch.from_rows(fresh))
        done.append(True)

    ticker = Ticker()
    ticker.start()
    QTimer.singleShot(0, work)
    wait_until(app, lambda: bool(done))
    app.processEvents()
    figures = ticker.stop()
    figures["calls"] = len(bench.window.model.history)
    return figures


def run_case(
    app: Any, work: Path, simulator: Any, archive: Path | None, label: str, repeat: int
) -> dict[str, dict[str, float]]:
    """Each way `repeat` times; for each, the run with the longest stall is kept."""
    results: dict[str, dict[str, float]] = {}

    def keep(name: str, figures: dict[str, float]) -> None:
        if name not in results or figures["longest_ms"] > results[name]["longest_ms"]:
            results[name] = figures

    for _ in range(repeat):
        for way, measure in (("ours", ours), ("naive", naive)):
            bench = Bench(work / "home", simulator, archive)
            try:
                loaded = initial_load(app, bench)
                if way == "ours" and archive is not None:
                    keep("initial load", loaded)
                keep(way, measure(app, bench))
            finally:
                bench.close()
                app.processEvents()
    print(f"  {label}: done", flush=True)
    return results


def report(label: str, results: dict[str, dict[str, float]]) -> None:
    print(f"\n{label}")
    print(
        f"{'':34} {'longest':>9} {'p99':>7} {'>50 ms':>7} {'ticks':>7} {'seconds':>8} {'calls':>10}"
    )
    for name in ("initial load", "ours", "naive"):
        if name in results:
            r = results[name]
            title = {
                "initial load": "ours: loading the archive first",
                "ours": "ours: sync + load (threads)",
                "naive": "naive: sync + load on GUI thread",
            }[name]
            print(
                f"{title:34} {r['longest_ms']:7.1f}ms {r['p99_ms']:5.1f}ms {r['over_50']:7d}"
                f" {r['ticks']:7d} {r['seconds']:8.2f} {int(r['calls']):10,}"
            )
    ratio = results["naive"]["longest_ms"] / results["ours"]["longest_ms"]
    verdict = "met" if results["ours"]["longest_ms"] < STALL_MS else "MISSED"
    print(f"longest stall, naive/ours: {ratio:.1f}x; target under {STALL_MS:.0f} ms: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000, help="the pre-filled archive")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the archive in this folder")
    parser.add_argument("--skip-big", action="store_true", help="only the empty archive")
    parser.add_argument("--simulator", choices=("thread", "process", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import PySide6
    from PySide6.QtWidgets import QApplication

    from fmc_desktop.simulator.server import Simulator

    print(
        f"Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f}, offscreen, switch interval"
        f" {sys.getswitchinterval() * 1000:.0f} ms, worst of {args.repeat} runs"
    )
    app = QApplication([])
    work = Path(tempfile.mkdtemp(prefix="fmc-bench-stall-"))
    archive = None
    if not args.skip_big:
        archive, _staff = build_archive(args.keep or work / "archives", args.calls)
    places = ("thread", "process") if args.simulator == "both" else (args.simulator,)
    try:
        for place in places:
            where = "simulator in this process" if place == "thread" else "simulator process"
            simulator: Any = Simulator(clock=SystemClock()) if place == "thread" else None
            if simulator is not None:
                simulator.start()
            else:
                simulator = SimulatorProcess()
            try:
                label = f"empty archive, first 30-day sync ({where})"
                report(label, run_case(app, work, simulator, None, label, args.repeat))
                if archive is not None:
                    label = f"{args.calls:,} calls in the archive, 30-day sync ({where})"
                    report(label, run_case(app, work, simulator, archive, label, args.repeat))
            finally:
                simulator.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

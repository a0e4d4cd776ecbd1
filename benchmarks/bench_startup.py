"""A cold start of the real app on a big archive, against the naive Qt start, as processes.

    python benchmarks/bench_startup.py [--calls N] [--runs R] [--full] [--keep DIR]

Builds an archive of N calls (bench_archive's generator and the app's own CSV import) in a
temporary FMC_DESKTOP_HOME, then starts `python -m fmc_desktop` in a fresh process for each run,
on the offscreen platform, and times from the moment the process is spawned to the lines the app
writes with FMC_DESKTOP_BENCH_MARKERS=1 (fmc_desktop/ui/shell/bench_markers.py):

- "first rows painted": the history table has rows and its viewport has painted them;
- "history loaded": every call of the archive is in the table (the rest is read in batches on a
  thread behind the first page);
- "sync finished": the start-up sync of the last 30 days, against the project's simulator running
  in this process (the app finds the token in FMC_TOKEN), which runs during the load as it does
  for a user; its calls are then added to the table.

Floor: a fresh process that imports PySide6 and shows a `QTableView` with one row, timed the same
way to its first paint: no start can paint sooner on this machine, so the app's first rows are
also given as a multiple of it.

"quit on SIGTERM" is timed twice: once everything is loaded and synced, and right at the first
rows, while the rest of the archive is still being read, the directory built, the backup made.

Each run starts from a pristine copy of the archive and settings, so each does the same work:
a first start (no history snapshot yet: the archive is read in batches, then the snapshot is
written on the loader's thread, timed by its own marker), then a second start in the same folder
(the snapshot is mapped at once; only the calls stored since come from the archive).
Two views are timed: the whole PBX over the whole archive, and the view a first start shows (my
calls, last 30 days), where the first page of the newest calls may hold none of the user's own.

Naive: a fresh process that reads the same archive on the GUI thread into a `QStandardItemModel`
behind a `QSortFilterProxyModel`, then shows a `QTableView` the size of the app's window: its
first rows and "everything loaded" are the same moment. At 1M that takes about a minute and 5 GB,
so the naive start runs at 100k (with ours at 100k beside it) and at N only with --full. The OS
file cache is warm in every run (each run reads a file the previous one read).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCHMARKS))

from bench_archive import generate_csv  # noqa: E402

from fmc_desktop.core.archive.call_import import import_files  # noqa: E402
from fmc_desktop.core.archive.store import CallArchive  # noqa: E402
from fmc_desktop.core.history.filters import Scope  # noqa: E402
from fmc_desktop.core.system.paths import HOME_ENV, AppPaths  # noqa: E402
from fmc_desktop.core.system.settings import Settings, SettingsStore  # noqa: E402

MARKER = "fmc-desktop marker: "  # bench_markers.PREFIX, without importing Qt here
WHOLE_ARCHIVE = 4  # core.history.periods.Period.WHOLE_ARCHIVE
NAIVE_LIMIT = 100_000
TIMEOUT = 600.0


# ------------------------------------------------------------------------------------ archive


def staff_of(csv_path: Path, rows: int = 20_000) -> list[str]:
    """The company's numbers in bench_archive's calls: the parties that have a department."""
    staff: dict[str, None] = {}
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for i, row in enumerate(reader):
            if i >= rows:
                break
            for side in ("calling", "called"):
                if row[f"{side}_department"]:
                    staff.setdefault(row[f"{side}_number"], None)
    return list(staff)


def build_archive(folder: Path, calls: int) -> tuple[Path, list[str]]:
    """An archive of `calls` calls in `folder` (reused if already there) and the staff numbers.

    Also used by bench_gui_stall.py.
    """
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"archive-{calls}.sqlite3"
    staff_file = folder / f"staff-{calls}.json"
    if archive.exists() and staff_file.exists():
        return archive, json.loads(staff_file.read_text("utf-8"))
    csv_path = folder / f"calls-{calls}.csv"
    started = time.perf_counter()
    generate_csv(csv_path, calls)
    generated = time.perf_counter() - started
    partial = archive.with_suffix(".part")
    partial.unlink(missing_ok=True)
    with CallArchive(partial) as store:
        report = import_files(store, [csv_path])
    assert report.new == calls, (report.new, report.known)
    staff = staff_of(csv_path)
    csv_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.replace(archive)
    staff_file.write_text(json.dumps(staff), "utf-8")
    print(
        f"built an archive of {calls:,} calls in {time.perf_counter() - started:.1f} s"
        f" (CSV {generated:.1f} s), {archive.stat().st_size / 1e6:.0f} MB",
        flush=True,
    )
    return archive, staff


def pristine_home(home: Path, archive: Path, settings: Settings) -> AppPaths:
    """A fresh FMC_DESKTOP_HOME holding a copy of `archive` and `settings`."""
    shutil.rmtree(home, ignore_errors=True)
    os.environ[HOME_ENV] = str(home)
    paths = AppPaths.resolve().ensure()
    shutil.copyfile(archive, paths.archive_file)
    SettingsStore(paths.settings_file).save(settings)
    return paths


# ------------------------------------------------------------------------------- processes


class Child:
    """A process whose marker lines are timed from the moment it was spawned."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.markers: dict[str, float] = {}
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read, name="stderr", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            now = time.perf_counter() - self.started
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                if line.startswith(MARKER):
                    event = line[len(MARKER) :].strip()
                    name = event.split(":")[0]
                    self.markers.setdefault(name, now)
                    self.markers.setdefault(event, now)
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for(self, *names: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        with self._seen:
            while not all(name in self.markers for name in names):
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    tail = "\n".join(self.lines[-30:])
                    raise SystemExit(f"the process never said {names}; its stderr:\n{tail}")
                self._seen.wait(min(left, 0.5))

    def peak_rss_mb(self, field: str = "VmHWM") -> float:
        """The process's peak resident memory, or another field of /proc/PID/status, in MB."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return float("nan")
        for line in status.splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self, timeout: float = 60.0) -> float:
        """SIGTERM (the app quits cleanly on it); seconds until the process had exited."""
        sent = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return float("nan")
        self._reader.join(5)
        return time.perf_counter() - sent


def child_env(home: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FMC_TOKEN", "FMC_BASE_URL")}
    env.update(
        FMC_DESKTOP_HOME=str(home),
        FMC_TOKEN=token,  # the simulator's: the app reads no keyring when this is set
        # Belt and braces: were a keyring consulted, it would be a file in the temp folder.
        PYTHON_KEYRING_BACKEND="tests.support.keyrings.JsonFileKeyring",
        FMC_TEST_KEYRING_FILE=str(home / "keyring.json"),
        PYTHONPATH=str(REPO),
        QT_QPA_PLATFORM="offscreen",
        FMC_DESKTOP_BENCH_MARKERS="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


SNAPSHOT_WRITTEN = "history snapshot written"  # loader.py's marker, without importing Qt


def start_ours(home: Path, token: str, *, writes_snapshot: bool = False) -> dict[str, Any]:
    child = Child([sys.executable, "-m", "fmc_desktop"], child_env(home, token))
    snapshot_write = float("nan")
    try:
        child.wait_for("history loaded", "sync finished")
        if writes_snapshot:
            # The next start needs it: quitting first would leave it unwritten.
            child.wait_for(SNAPSHOT_WRITTEN)
            line = next(line for line in child.lines if SNAPSHOT_WRITTEN in line)
            snapshot_write = float(line.rsplit(" in ", 1)[1].split()[0])
        # A view with none of its calls in the archive paints no rows, and so never says so:
        # a small archive's "my calls, last 30 days" can be empty.
        try:
            child.wait_for("first rows painted", timeout=10)
        except SystemExit:
            child.markers["first rows painted"] = float("nan")
        # The calls the sync brought are loaded after it: wait for that load too. A second start
        # finds the first start's sync already stored, and loads nothing after it.
        loads = sum(1 for line in child.lines if "history loaded" in line)
        if loads < 2 and writes_snapshot:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and loads < 2:
                time.sleep(0.05)
                loads = sum(1 for line in child.lines if "history loaded" in line)
        peak = child.peak_rss_mb()
        # Memory of its own, not pages of files (the snapshot's columns are those).
        anonymous = child.peak_rss_mb("RssAnon")
    finally:
        quit_seconds = child.stop() if child.process.poll() is None else float("nan")
    return _figures(child, peak, quit_seconds, snapshot_write, anonymous)


def quit_at_first_rows(home: Path, token: str) -> dict[str, Any]:
    """SIGTERM as soon as the first rows are painted: the app is busiest then."""
    child = Child([sys.executable, "-m", "fmc_desktop"], child_env(home, token))
    try:
        child.wait_for("first rows painted")
    finally:
        quit_seconds = child.stop() if child.process.poll() is None else float("nan")
    return {"quit_s": quit_seconds, "problems": _figures(child, 0.0, quit_seconds)["problems"]}


def _figures(
    child: Child,
    peak: float,
    quit_seconds: float,
    snapshot_write: float = float("nan"),
    anonymous: float = float("nan"),
) -> dict[str, Any]:
    # Figures stand even when quitting went wrong; what went wrong is reported beside them.
    problems = [
        line
        for line in child.lines
        if line.startswith(("WARNING", "ERROR", "CRITICAL")) or "Error" in line
    ]
    if child.process.returncode != 0:
        problems.append(f"exit code {child.process.returncode}")
    return {
        "first_rows_s": child.markers.get("first rows painted", float("nan")),
        "all_loaded_s": child.markers.get("history loaded", float("nan")),
        "sync_finished_s": child.markers.get("sync finished", float("nan")),
        "peak_rss_mb": peak,
        "quit_s": quit_seconds,
        "snapshot_write_s": snapshot_write,
        "rss_anon_mb": anonymous,
        "problems": problems,
    }


def start_naive(archive: Path, staff: list[str]) -> dict[str, float]:
    command = [sys.executable, __file__, "--naive-child", str(archive)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env["FMC_BENCH_STAFF"] = json.dumps(staff)
    child = Child(command, env)
    try:
        child.wait_for("first rows painted")
        peak = child.peak_rss_mb()
    finally:
        if child.process.poll() is None:
            child.process.kill()  # tearing down a million QStandardItems takes minutes
            child.process.wait()
    shown = child.markers["first rows painted"]
    return {"first_rows_s": shown, "all_loaded_s": shown, "peak_rss_mb": peak}


def start_floor() -> float:
    """Seconds from spawn to the first paint of a bare Qt window with a one-row table."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    child = Child([sys.executable, __file__, "--floor-child"], env)
    try:
        child.wait_for("first rows painted")
    finally:
        if child.process.poll() is None:
            child.process.kill()
            child.process.wait()
    return child.markers["first rows painted"]


def floor_child() -> None:
    """The floor: PySide6 imported, one window with a one-row table, painted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    from fmc_desktop.ui.shell import bench_markers

    app = QApplication([])
    model = QStandardItemModel(0, 6)
    model.appendRow([QStandardItem(text) for text in ("in", "2026-01-01 10:00", "1:00", "a")])
    window = QMainWindow()
    view = QTableView(window)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1180, 720)
    window.show()
    bench_markers.mark_after_next_paint(view.viewport(), bench_markers.FIRST_ROWS_PAINTED)
    QTimer.singleShot(30_000, app.quit)
    app.exec()


# ------------------------------------------------------------------------ the naive process


def naive_child(archive_path: Path) -> None:
    """The naive start: everything read and itemised on the GUI thread, then shown."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QHeaderView, QMainWindow, QTableView

    from fmc_desktop.core.api.kyiv import KYIV
    from fmc_desktop.core.archive.queries import CallQuery
    from fmc_desktop.core.history.text import format_duration
    from fmc_desktop.core.numbers.phone import display_number
    from fmc_desktop.ui.shell import bench_markers

    app = QApplication([])
    company = set(json.loads(os.environ["FMC_BENCH_STAFF"]))
    source = QStandardItemModel(0, 6)
    source.setHorizontalHeaderLabels(
        ["", "Date and time", "Duration", "Other party", "Subscriber", "Department"]
    )
    from datetime import datetime

    with CallArchive(archive_path) as archive:
        for rows in archive.iter_rows(CallQuery()):
            for row in rows:
                _, start, _, duration, calling, called, calling_name, called_name, da, db, _ = row
                incoming = called in company and calling not in company
                other, other_name = (calling, calling_name) if incoming else (called, called_name)
                ours, our_name, department = (
                    (called, called_name, db) if incoming else (calling, calling_name, da)
                )
                direction = "in" if incoming else "out"
                source.appendRow(
                    [
                        QStandardItem(direction if duration else "missed"),
                        QStandardItem(
                            datetime.fromtimestamp(start, KYIV).strftime("%Y-%m-%d %H:%M")
                        ),
                        QStandardItem(format_duration(duration)),
                        QStandardItem(other_name or display_number(other)),
                        QStandardItem(our_name or display_number(ours)),
                        QStandardItem(department or ""),
                    ]
                )
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    window = QMainWindow()
    view = QTableView(window)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setModel(proxy)
    window.setCentralWidget(view)
    window.resize(1180, 720)
    window.show()
    bench_markers.mark_after_next_paint(view.viewport(), bench_markers.FIRST_ROWS_PAINTED)
    QTimer.singleShot(60_000, app.quit)
    app.exec()


# ---------------------------------------------------------------------------------- the runs


def settings_for(base_url: str, staff: list[str], view: str) -> Settings:
    # The user is the busiest-looking colleague: the first seen in the newest calls.
    settings = Settings(
        base_url=base_url,
        own_numbers=[staff[0]],
        call_as=staff[0],
        company_numbers=list(staff),
        sync_interval_minutes=60,
    )
    if view == "pbx":
        settings.ui_state = {"filters": {"period": WHOLE_ARCHIVE, "scope": int(Scope.PBX)}}
    return settings


def run_size(work: Path, calls: int, runs: int, naive: bool, simulator: Any) -> dict[str, Any]:
    archive, staff = build_archive(work / "archives", calls)
    result: dict[str, Any] = {"calls": calls}
    for view in ("pbx", "mine"):
        figures, seconds = [], []
        for _ in range(runs):
            home = work / "home"
            pristine_home(home, archive, settings_for(simulator.base_url, staff, view))
            figures.append(start_ours(home, simulator.token, writes_snapshot=True))
            seconds.append(start_ours(home, simulator.token))
            shutil.rmtree(home, ignore_errors=True)
        result[f"ours_{view}"] = figures
        result[f"second_{view}"] = seconds
    quits = []
    for _ in range(runs):
        home = work / "home"
        pristine_home(home, archive, settings_for(simulator.base_url, staff, "pbx"))
        quits.append(quit_at_first_rows(home, simulator.token))
        shutil.rmtree(home, ignore_errors=True)
    result["quit_at_first_rows"] = quits
    result["floor"] = [start_floor() for _ in range(runs)]
    if naive:
        result["naive"] = start_naive(archive, staff)
    return result


def median(figures: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(f[key] for f in figures))


def report(result: dict[str, Any]) -> None:
    calls = result["calls"]
    pbx, mine = result["ours_pbx"], result["ours_mine"]
    naive = result.get("naive")
    runs = len(pbx)
    print(
        f"\n{calls:,} calls, cold start to ... (seconds since spawning the app, median of {runs})"
    )
    print(f"{'':52} {'ours':>8} {'naive':>8} {'naive/ours':>11}")

    def line(label: str, ours: float, other: float | None, unit: str = "s") -> None:
        shown = f"{other:8.2f}" if other is not None else f"{'-':>8}"
        ratio = f"{other / ours:10.1f}x" if other is not None and ours > 0 else ""
        print(f"{label:52} {ours:8.2f} {shown} {ratio:>11}   {unit}")

    first = median(pbx, "first_rows_s")
    line("first rows painted (whole PBX view)", first, naive and naive["first_rows_s"])
    print(f"{'':52} runs: " + ", ".join(f"{f['first_rows_s']:.2f}" for f in pbx))
    everything = naive and naive["all_loaded_s"]
    line("every call loaded (whole PBX view)", median(pbx, "all_loaded_s"), everything)
    line("first rows painted (my calls, last 30 days)", median(mine, "first_rows_s"), None)
    print(f"{'':52} runs: " + ", ".join(f"{f['first_rows_s']:.2f}" for f in mine))
    floor = float(statistics.median(result["floor"]))
    print(f"{'time to first paint, bare Qt window':52} {floor:8.2f} {'':8} {'':>11}   s (floor)")
    for view, figures in (("whole PBX view", pbx), ("my calls, last 30 days", mine)):
        ratio = median(figures, "first_rows_s") / floor if floor > 0 else float("nan")
        print(f"{'  first rows painted / floor (' + view + ')':52} {ratio:8.1f}x")
    line("every call loaded (my calls, last 30 days)", median(mine, "all_loaded_s"), None)
    line("start-up sync of 30 days done (during the load)", median(pbx, "sync_finished_s"), None)
    line("quit on SIGTERM after that", median(pbx, "quit_s"), None)
    at_first_rows = result["quit_at_first_rows"]
    line(
        "quit on SIGTERM at the first rows (load under way)", median(at_first_rows, "quit_s"), None
    )
    print(f"{'':52} runs: " + ", ".join(f"{f['quit_s']:.2f}" for f in at_first_rows))
    line(
        "peak resident memory (MB)",
        median(pbx, "peak_rss_mb"),
        naive and naive["peak_rss_mb"],
        "MB",
    )
    line("history snapshot written (after the first load)", median(pbx, "snapshot_write_s"), None)
    second_pbx, second_mine = result["second_pbx"], result["second_mine"]
    print("second start, the history snapshot present:")
    second_first = median(second_pbx, "first_rows_s")
    line(
        "first rows painted (whole PBX view, snapshot)",
        second_first,
        naive and naive["first_rows_s"],
    )
    second_all = median(second_pbx, "all_loaded_s")
    line("every call loaded (whole PBX view, snapshot)", second_all, everything)
    print(f"{'':52} runs: " + ", ".join(f"{f['all_loaded_s']:.2f}" for f in second_pbx))
    second_mine_first = median(second_mine, "first_rows_s")
    line("first rows painted (my calls, last 30 days, snapshot)", second_mine_first, None)
    line(
        "every call loaded (my calls, last 30 days, snapshot)",
        median(second_mine, "all_loaded_s"),
        None,
    )
    line(
        "peak resident memory, snapshot (MB)",
        median(second_pbx, "peak_rss_mb"),
        naive and naive["peak_rss_mb"],
        "MB",
    )
    line("resident anonymous memory, first start (MB)", median(pbx, "rss_anon_mb"), None, "MB")
    line("resident anonymous memory, snapshot (MB)", median(second_pbx, "rss_anon_mb"), None, "MB")
    problems = sorted(
        {p for f in pbx + mine + second_pbx + second_mine + at_first_rows for p in f["problems"]}
    )
    for problem in problems:
        print(f"  the app said: {problem}")
    if calls >= 1_000_000:
        verdict = "met" if first < 1.5 else "MISSED"
        print(f"target: painted history under 1.5 s with 1M calls: {verdict} ({first:.2f} s)")
        verdict = "met" if second_all < 2 else "MISSED"
        print(
            f"target: every call loaded under 2 s with a snapshot: {verdict} ({second_all:.2f} s)"
        )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--naive-child":
        naive_child(Path(sys.argv[2]))
        os._exit(0)
    if len(sys.argv) == 2 and sys.argv[1] == "--floor-child":
        floor_child()
        os._exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="cold starts per view (median)")
    parser.add_argument("--full", action="store_true", help="run the naive start at --calls too")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the archives in this folder")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import PySide6

    from fmc_desktop.core.api.clock import SystemClock
    from fmc_desktop.simulator.server import Simulator

    print(
        f"Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f}, offscreen"
    )
    work = Path(tempfile.mkdtemp(prefix="fmc-bench-startup-"))
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        (work / "archives").symlink_to(args.keep.resolve(), target_is_directory=True)
    simulator = Simulator(clock=SystemClock())
    simulator.start()
    try:
        sizes = [args.calls]
        if args.calls > NAIVE_LIMIT:
            sizes.insert(0, NAIVE_LIMIT)
        for calls in sizes:
            naive = calls <= NAIVE_LIMIT or args.full
            report(run_size(work, calls, args.runs, naive, simulator))
    finally:
        simulator.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

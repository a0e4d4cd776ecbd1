"""How much memory the app holds on a big archive, stage by stage, against its floor.

    python benchmarks/bench_memory.py [--calls N] [--keep DIR] [--runs R] [--trace]

The real window (services, `MainWindow`, its `HistoryLoader`, offscreen, built as
bench_gui_stall.py builds it) in a fresh process per run, on an archive of N calls (default 1M,
bench_archive's calls, built once and reused with --keep). After each stage the process's
anonymous memory (RssAnon: what the app itself allocated), its file-backed memory (RssFile:
libraries, mapped files the kernel may drop) and its peak (VmHWM) are read from
/proc/self/status:

- imports: Qt and the app's modules imported, a QApplication made;
- window shown: the services opened and the window shown, the archive not read yet;
- first page: the first batch of calls in the table;
- every call loaded: the loader has finished (the calls to call back are read then too);
- directory read: what the app's `refresh_directory` does on a worker (the archive's directory
  entries and call activity), then handed to the contacts and the contact search;
- search: a search typed one key at a time, then cleared;
- sort: the table sorted by each column, both ways;
- Insights: the tab opened and its figures computed;
- sync: a 30-day sync from the project's simulator (a process of its own) and its calls loaded.

Floor: the RssAnon of the bare process (imports) plus the bytes of the history's columns (the
numpy arrays `CallHistory` holds), measured in the same run: the table cannot hold less.
Naive: the old peak the issue reports for the whole app at 1M (805 MB), scaled to N; and
`--naive` measures a `QStandardItemModel` (bench_history's naive model) at min(N, 100k) calls,
scaled to N, in a process of its own.
`--trace` adds tracemalloc's top allocations per stage (slow: figures with it are not the app's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCHMARKS))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OLD_PEAK_MB_AT_1M = 805.0  # issue #14: peak RSS of the whole app at 1M calls, before this work
TARGET_MB_AT_1M = 400.0
NAIVE_LIMIT = 100_000
MB = 1024 * 1024
STAGES = (
    "imports",
    "window shown",
    "first page",
    "every call loaded",
    "directory read",
    "search",
    "sort",
    "Insights",
    "sync",
)


def memory() -> dict[str, float]:
    """RssAnon, RssFile and VmHWM of this process, in MB."""
    figures: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("RssAnon", "RssFile", "VmHWM"):
            figures[key] = int(value.split()[0]) / 1024
    return figures


def column_bytes(history: Any) -> int:
    """The bytes of every numpy array the history holds (its columns and their indexes)."""
    import numpy as np

    seen: set[int] = set()
    total = 0

    def walk(value: Any, depth: int) -> None:
        nonlocal total
        if isinstance(value, np.ndarray):
            base = value if value.base is None else value.base
            if isinstance(base, np.ndarray) and id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes
        elif depth < 3 and isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, np.ndarray):
                    walk(item, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif depth < 3 and type(value).__module__.startswith("fmc_desktop"):
            # The columns' growable buffers have __slots__, the history a __dict__.
            names = list(getattr(value, "__dict__", {})) + list(getattr(value, "__slots__", ()))
            for name in names:
                walk(getattr(value, name, None), depth + 1)

    walk(history, 0)
    return total


# --------------------------------------------------------------------------------- the child


class Stages:
    """The figures after each stage, and tracemalloc's top allocations if asked."""

    def __init__(self, trace: bool) -> None:
        self.trace = trace
        self.figures: dict[str, dict[str, Any]] = {}
        if trace:
            import tracemalloc

            tracemalloc.start(5)

    def mark(self, stage: str, app: Any) -> None:
        app.processEvents()
        figures: dict[str, Any] = memory()
        if self.trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot()
            top = snapshot.statistics("traceback")[:8]
            figures["top"] = [
                f"{stat.size / MB:7.1f} MB {stat.count:9,} blocks  "
                + " <- ".join(
                    f"{Path(f.filename).name}:{f.lineno}" for f in reversed(stat.traceback[-4:])
                )
                for stat in top
            ]
        self.figures[stage] = figures


def run_child(archive: Path, home: Path, trace: bool) -> dict[str, Any]:
    from bench_gui_stall import Bench, SimulatorProcess, wait_until
    from PySide6.QtWidgets import QApplication

    from fmc_desktop.core.archive.store import CallArchive
    from fmc_desktop.ui.shell.main_window import Tab
    from fmc_desktop.ui.shell.workers import run_in_thread

    stages = Stages(trace)
    app = QApplication([])
    stages.mark("imports", app)
    # In a process of its own, as the real API is elsewhere: its calls are not the app's memory.
    simulator = SimulatorProcess()
    bench = Bench(home, simulator, archive)
    window = bench.window
    try:
        stages.mark("window shown", app)
        batches: list[int] = []
        bench.loader.batch_loaded.connect(lambda _batch: batches.append(1))
        window.load_history()
        wait_until(app, lambda: bool(batches) or bench.loads >= 1)
        stages.mark("first page", app)
        wait_until(app, lambda: bench.loads >= 1)
        calls = len(window.model.history)
        stages.mark("every call loaded", app)

        # What App.refresh_directory does (ui/shell/app.py): read on a worker, learn here.
        services = bench.services
        read: list[Any] = []

        def directory() -> object:
            with CallArchive(services.archive_path, clock=services.clock) as store:
                return store.directory_entries(), store.call_activity()

        run_in_thread(directory, read.append, read.append, name="directory")
        wait_until(app, lambda: bool(read))
        if isinstance(read[0], BaseException):
            raise read[0]
        entries, activity = read.pop()
        services.contacts.learn_from_calls(entries)
        services.directory.set_call_activity(activity)
        del entries, activity
        services.directory.reload()
        stages.mark("directory read", app)

        edit = window.filter_bar.search_edit
        for text in ("0", "05", "050", "0501", "o", "ol", "ole", "olen", "olena", ""):
            edit.setText(text)
            app.processEvents()
        stages.mark("search", app)

        from PySide6.QtCore import Qt

        model = window.model
        for column in range(model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                model.sort(column, order)
                app.processEvents()
        stages.mark("sort", app)

        window.tabs.setCurrentIndex(int(Tab.INSIGHTS))
        wait_until(app, lambda: not window._insights_dirty)
        stages.mark("Insights", app)

        loads = bench.loads
        assert bench.sync.sync_now(automatic=False)
        wait_until(app, lambda: bench.syncs >= 1 and bench.loads > loads and not bench.loader.busy)
        stages.mark("sync", app)
        floor_bytes = column_bytes(window.model.history)
    finally:
        bench.close()
        app.processEvents()
        simulator.stop()
    return {"calls": calls, "columns_mb": floor_bytes / MB, "stages": stages.figures}


def run_naive_child(count: int) -> dict[str, Any]:
    """bench_history's naive model: one QStandardItem per cell; the resident bytes it adds."""
    from bench_history import run_naive

    per_call = float(run_naive(count)["bytes_per_call"])
    return {"calls": count, "rss_anon_mb": per_call * count / MB}


# -------------------------------------------------------------------------------- the parent


def spawn(args: list[str]) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the measuring process failed:\n{done.stderr[-4000:]}")
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT ") :])
            return result
    raise SystemExit(f"the measuring process said nothing:\n{done.stdout[-2000:]}")


def report(runs: list[dict[str, Any]], naive: dict[str, Any] | None) -> None:
    calls = runs[0]["calls"]
    print(f"\n{calls:,} calls, {len(runs)} run(s), the worst run per figure (MB)")
    print(f"{'stage':20} {'RssAnon':>9} {'RssFile':>9} {'peak':>9}")
    worst: dict[str, dict[str, float]] = {}
    for stage in STAGES:
        row = {
            key: max(run["stages"][stage][key] for run in runs)
            for key in ("RssAnon", "RssFile", "VmHWM")
        }
        worst[stage] = row
        print(f"{stage:20} {row['RssAnon']:9.1f} {row['RssFile']:9.1f} {row['VmHWM']:9.1f}")
    if any("top" in run["stages"]["imports"] for run in runs):
        for stage in STAGES:
            print(f"\ntop allocations after {stage} (tracemalloc, first run)")
            for line in runs[0]["stages"][stage]["top"]:
                print(f"  {line}")
    anon = max(row["RssAnon"] for row in worst.values())
    bare = worst["imports"]["RssAnon"]
    columns = max(run["columns_mb"] for run in runs)
    floor = bare + columns
    print(f"\nfloor: bare process {bare:.1f} MB + the history's columns {columns:.1f} MB")
    print(f"highest RssAnon after a stage: {anon:.1f} MB, {anon / floor:.2f}x the floor")
    peak = max(row["VmHWM"] for row in worst.values())
    print(f"peak RSS: {peak:.1f} MB")
    # What grows with the calls scales; the bare process does not.
    share = calls / 1_000_000
    old = bare + (OLD_PEAK_MB_AT_1M - bare) * share
    print(f"naive (the old peak, 805 MB at 1M, scaled): {old:.0f} MB, {old / peak:.2f}x ours")
    if naive is not None:
        scaled = naive["rss_anon_mb"] * calls / naive["calls"]
        print(
            f"naive QStandardItemModel: {naive['rss_anon_mb']:.1f} MB at {naive['calls']:,},"
            f" {scaled:.0f} MB scaled, {scaled / anon:.2f}x ours"
        )
    # The target: after the load, a search, a sort and Insights (a sync comes after).
    target = bare + (TARGET_MB_AT_1M - bare) * share
    through = max(worst[stage]["RssAnon"] for stage in STAGES[: STAGES.index("Insights") + 1])
    verdict = "met" if through < target else "MISSED"
    print(
        f"RssAnon through Insights {through:.1f} MB, target under {target:.0f} MB: {verdict};"
        f" after a sync {worst['sync']['RssAnon']:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the archive in this folder")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--trace", action="store_true", help="tracemalloc's top allocations")
    parser.add_argument("--naive", action="store_true", help="measure a QStandardItemModel too")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--naive-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child is not None:
        home = Path(tempfile.mkdtemp(prefix="fmc-bench-memory-home-"))
        try:
            result = run_child(args.child, home / "home", args.trace)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        print("RESULT " + json.dumps(result), flush=True)
        return
    if args.naive_child is not None:
        print("RESULT " + json.dumps(run_naive_child(args.naive_child)), flush=True)
        return

    from bench_startup import build_archive

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average"
        f" {os.getloadavg()[0]:.1f}, offscreen, a fresh process per run"
    )
    work = Path(tempfile.mkdtemp(prefix="fmc-bench-memory-"))
    try:
        archive, _staff = build_archive(args.keep or work / "archives", args.calls)
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            runs.append(spawn(["--child", str(archive), *(["--trace"] if args.trace else [])]))
            print(f"  run done in {time.perf_counter() - started:.1f} s", flush=True)
        naive = None
        if args.naive:
            naive = spawn(["--naive-child", str(min(args.calls, NAIVE_LIMIT))])
        report(runs, naive)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

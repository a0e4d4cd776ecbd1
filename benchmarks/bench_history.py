"""The history table against the naive Qt way, on the same synthetic calls, in the same run.

Ours: `CallBatch` + `CallHistory` (per-column numpy arrays) behind `HistoryModel`.
Naive: one `QStandardItem` per cell in a `QStandardItemModel`, behind a `QSortFilterProxyModel`
with a fixed-string, case-insensitive filter on every column (`setFilterKeyColumn(-1)`). It
sorts by display text, which flatters it (no sort keys to build).

For each, in a fresh process on the offscreen platform, from the calls ready in memory as the
archive's rows:

- first screen: building everything and the first painted `QTableView` (show, process events,
  grab the viewport); for ours also the app's real path, the newest page first and the rest
  loaded behind it in batches on a thread, with the longest stall of the GUI thread measured as
  the largest gap between ticks of a 5 ms timer;
- search: typing "олена" and then "067 1" a key at a time, clearing between; each keystroke is
  the filter change plus the repaint;
- sort: every column, ascending and descending, first time (cold) and again (warm);
- scroll: a page down, twenty times, from the middle;
- memory: resident set growth (/proc/self/statm) from before building to after the first paint,
  per call.

The naive 1M run takes minutes and gigabytes, so by default the naive pair runs at 100k only.

Run: .venv/bin/python benchmarks/bench_history.py [--calls N] [--full]
     (default: ours and naive at 100k, ours at 1M; --full adds naive at 1M)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import queue
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

from fmc_desktop.core.history.batch import CallRow
from fmc_desktop.core.numbers.phone import display_number

FIRST = ("Олена", "Іван", "Ґанна", "Михайло", "Юлія", "Петро", "Оксана", "Євген", "Anna", "Max")
LAST = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Олійник", "Smith")
DEPARTMENTS = ("Бухгалтерія", "Продажі", "Підтримка", "Склад", "Керівництво", "Logistics")
OPERATORS = ("50", "63", "66", "67", "68", "73", "93", "97", "98")
NEWEST = 1_795_000_000  # late November 2026
PAGE = 200  # the newest calls the app reads straight from SQL before anything else
BATCH = 50_000  # calls per batch when loading the rest, as the app's loader does
TYPING = ("о", "ол", "оле", "олен", "олена", "", "0", "06", "067", "067 ", "067 1", "")
COLUMN_NAMES = ("direction", "time", "duration", "other party", "subscriber", "department")


def synthetic_rows(count: int, seed: int = 7) -> tuple[list[CallRow], list[str]]:
    """A year of a 200-person office: calls out, in and between colleagues, many unanswered.

    Outside numbers follow a Zipf law (a few clients call all the time), a quarter of them are
    in the address book, and they are written in all three of the API's spellings.
    """
    rng = np.random.default_rng(seed)
    staff = [
        (
            f"067{int(rng.integers(10**7)):07d}",
            f"{FIRST[i % len(FIRST)]} {LAST[(i // 3) % len(LAST)]}",
            DEPARTMENTS[i % len(DEPARTMENTS)],
        )
        for i in range(200)
    ]
    outsiders: list[tuple[str, str | None]] = []
    for i in range(30_000):
        body = f"{OPERATORS[i % len(OPERATORS)]}{int(rng.integers(10**7)):07d}"
        spelling = ("0" + body, "380" + body, "+380" + body)[i % 3]
        name = f"{FIRST[(i * 7) % len(FIRST)]} {LAST[(i * 5) % len(LAST)]}" if i % 4 == 0 else None
        outsiders.append((spelling, name))
    kinds = rng.integers(0, 20, count).tolist()  # 0-8 in, 9-17 out, 18-19 between colleagues
    ours = rng.integers(0, len(staff), count).tolist()
    colleagues = rng.integers(0, len(staff), count).tolist()
    others = (rng.zipf(1.3, count) % len(outsiders)).tolist()
    starts = (NEWEST - rng.integers(0, 365 * 86400, count)).tolist()
    answered = rng.random(count) >= 0.25
    durations = np.where(answered, rng.exponential(120, count).astype(np.int64) + 1, 0).tolist()
    extras = (
        '{"calling_ownership": "company", "called_ownership": "external"}',
        '{"calling_ownership": "external", "called_ownership": "company"}',
        '{"calling_ownership": "company", "called_ownership": "company"}',
    )
    rows: list[CallRow] = []
    for i in range(count):
        start, duration = starts[i], durations[i]
        number, name, department = staff[ours[i]]
        if kinds[i] < 9:
            other, other_name = outsiders[others[i]]
            calling, called = (other, other_name, None), (number, name, department)
            extra = extras[1]
        elif kinds[i] < 18:
            other, other_name = outsiders[others[i]]
            calling, called = (number, name, department), (other, other_name, None)
            extra = extras[0]
        else:
            other, other_name, other_department = staff[colleagues[i]]
            calling = (number, name, department)
            called = (other, other_name, other_department)
            extra = extras[2]
        rows.append(
            (i + 1, start, start + duration, duration, calling[0], called[0])  # noqa: RUF005
            + (calling[1], called[1], calling[2], called[2], extra)
        )
    return rows, [s[0] for s in staff]


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Stopwatch:
    """Wall time, and the CPU time of the calling (GUI) thread, which other load on the
    machine disturbs far less than the wall clock."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.cpu_start = time.thread_time()

    def ms(self) -> float:
        return (time.perf_counter() - self.start) * 1000

    def cpu_ms(self) -> float:
        return (time.thread_time() - self.cpu_start) * 1000


def make_view(model: Any) -> Any:
    from PySide6.QtWidgets import QHeaderView, QTableView

    view = QTableView()
    view.resize(1280, 800)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().hide()
    view.setModel(model)
    return view


def painted(app: Any, view: Any) -> None:
    """The first paint: let the window come up, then force the viewport to render."""
    app.processEvents()
    view.viewport().grab()


def settled(view: Any) -> None:
    """Exactly one paint after a change: the view's pending layout, then a synchronous repaint.

    Processing events alone paints after a scroll but not after a model change (the view lays
    itself out on a zero timer first), and grab() on top would paint twice.
    """
    view.executeDelayedItemsLayout()
    view.viewport().repaint()


def measure_common(
    app: Any, view: Any, search: Callable[[str], None], sort: Callable[[int, bool], None]
) -> dict[str, Any]:
    """Keystrokes, sorts and scrolling, the same way for both models."""
    result: dict[str, Any] = {}
    keystrokes, keystrokes_cpu = [], []
    for term in TYPING:
        watch = Stopwatch()
        search(term)
        settled(view)
        keystrokes.append(watch.ms())
        keystrokes_cpu.append(watch.cpu_ms())
    result["keystrokes_ms"], result["keystrokes_cpu_ms"] = keystrokes, keystrokes_cpu
    cold, cold_cpu, warm = [], [], []
    for column in range(len(COLUMN_NAMES)):
        for descending in (False, True):
            watch = Stopwatch()
            sort(column, descending)
            settled(view)
            cold.append(watch.ms())
            cold_cpu.append(watch.cpu_ms())
    for column in range(len(COLUMN_NAMES)):
        for descending in (False, True):
            watch = Stopwatch()
            sort(column, descending)
            settled(view)
            warm.append(watch.ms())
    result["sort_cold_ms"], result["sort_warm_ms"] = cold, warm
    result["sort_cold_cpu_ms"] = cold_cpu
    sort(1, True)
    settled(view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    settled(view)
    pages, pages_cpu = [], []
    for _ in range(20):
        watch = Stopwatch()
        bar.setValue(bar.value() + bar.pageStep())
        settled(view)
        pages.append(watch.ms())
        pages_cpu.append(watch.cpu_ms())
    result["scroll_ms"], result["scroll_cpu_ms"] = pages, pages_cpu
    return result


def run_ours(count: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    rows, staff = synthetic_rows(count)
    # What the archive hands over: newest first (ORDER BY start DESC).
    rows.sort(key=lambda row: row[1], reverse=True)
    result: dict[str, Any] = {"calls": count}
    result.update(all_at_once(app, rows, staff))
    # The app's path, from an SQLite archive: the newest page painted first, the rest read and
    # laid out on a thread in batches, each batch handed to the GUI thread.
    with tempfile.TemporaryDirectory(prefix="bench-history-") as folder:
        archive = Path(folder) / "calls.sqlite3"
        write_archive(archive, rows)
        # From here on the process holds what the app would: no list of a million rows.
        del rows
        gc.collect()
        result.update(load_from_archive(app, archive, count, staff))
    return result


def all_at_once(app: Any, rows: list[CallRow], staff: list[str]) -> dict[str, Any]:
    """Every call laid out and shown in one go, as the naive model must do it."""
    from fmc_desktop.core.history.batch import CallBatch
    from fmc_desktop.core.history.columns import CallHistory
    from fmc_desktop.core.history.filters import HistoryFilter, Scope
    from fmc_desktop.ui.history.model import HistoryModel

    result: dict[str, Any] = {}
    before = resident_bytes()
    watch = Stopwatch()
    history = CallHistory(staff[:2], staff)
    history.extend(CallBatch.from_rows(rows))
    model = HistoryModel(history)
    model.set_filter(HistoryFilter(scope=Scope.PBX))  # every call, like the naive table
    view = make_view(model)
    view.show()
    painted(app, view)
    result["first_screen_ms"] = watch.ms()
    result["first_screen_cpu_ms"] = watch.cpu_ms()
    result["bytes_per_call"] = (resident_bytes() - before) / len(rows)
    assert model.rowCount() == len(rows)
    result.update(
        measure_common(
            app,
            view,
            search=model.set_search_text,
            sort=lambda column, descending: model.sort(column, _order(descending)),
        )
    )
    view.close()
    return result


def write_archive(path: Path, rows: list[CallRow]) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE calls (id INTEGER PRIMARY KEY, start INTEGER, end INTEGER,"
            " duration INTEGER, calling_number TEXT, called_number TEXT, calling_name TEXT,"
            " called_name TEXT, calling_department TEXT, called_department TEXT, extras TEXT)"
        )
        db.execute("CREATE INDEX calls_by_start ON calls (start)")
        db.executemany("INSERT INTO calls VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.close()


NEWEST_FIRST = "SELECT * FROM calls ORDER BY start DESC, id DESC"


def load_from_archive(app: Any, archive: Path, count: int, staff: list[str]) -> dict[str, Any]:
    from PySide6.QtCore import QTimer

    from fmc_desktop.core.history.batch import CallBatch
    from fmc_desktop.core.history.columns import CallHistory
    from fmc_desktop.core.history.filters import HistoryFilter, Scope
    from fmc_desktop.ui.history.model import HistoryModel

    result: dict[str, Any] = {}
    watch = Stopwatch()
    with sqlite3.connect(archive) as db:
        page = db.execute(f"{NEWEST_FIRST} LIMIT {PAGE}").fetchall()
        (total,) = db.execute("SELECT COUNT(*) FROM calls").fetchone()
    db.close()
    history = CallHistory(staff[:2], staff)
    history.reserve(total)
    model = HistoryModel(history)
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    model.append_calls(CallBatch.from_rows(page))
    view = make_view(model)
    view.show()
    painted(app, view)
    result["newest_page_ms"] = watch.ms()
    result["newest_page_cpu_ms"] = watch.cpu_ms()

    batches: queue.Queue[CallBatch | None] = queue.Queue()

    def load() -> None:
        with sqlite3.connect(archive) as db:
            cursor = db.execute(f"{NEWEST_FIRST} LIMIT -1 OFFSET {PAGE}")
            while chunk := cursor.fetchmany(BATCH):
                batches.put(CallBatch.from_rows(chunk))
        db.close()
        batches.put(None)

    ticks: list[float] = []
    appends: list[float] = []
    appends_cpu: list[float] = []
    collections: list[float] = []
    collection_start = [0.0]

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collection_start[0] = time.perf_counter()
        else:
            collections.append((time.perf_counter() - collection_start[0]) * 1000)

    done = threading.Event()

    def take() -> None:
        # One batch per timer tick, so the event loop runs between them.
        try:
            batch = batches.get_nowait()
        except queue.Empty:
            return
        if batch is None:
            done.set()
            return
        step = Stopwatch()
        model.append_calls(batch)
        appends.append(step.ms())
        appends_cpu.append(step.cpu_ms())

    loader = threading.Thread(target=load, name="history-loader")
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    taker = QTimer()
    taker.setInterval(10)
    taker.timeout.connect(take)
    gc.callbacks.append(on_collection)
    ticker.start()
    taker.start()
    loader.start()
    while not done.is_set():
        app.processEvents()
        time.sleep(0.001)
    settled(view)
    result["all_loaded_ms"] = watch.ms()
    ticker.stop()
    taker.stop()
    gc.callbacks.remove(on_collection)
    loader.join()
    gaps = np.diff(np.array(ticks)) * 1000 if len(ticks) > 1 else np.array([0.0])
    result["longest_gui_gap_ms"] = float(gaps.max())
    result["longest_append_ms"] = max(appends) if appends else 0.0
    result["longest_append_cpu_ms"] = max(appends_cpu) if appends_cpu else 0.0
    result["longest_gc_pause_ms"] = max(collections) if collections else 0.0
    assert model.rowCount() == count
    view.close()
    return result


def run_naive(count: int) -> dict[str, Any]:
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication

    from fmc_desktop.core.api.kyiv import KYIV
    from fmc_desktop.core.history.text import format_duration

    app = QApplication([])
    rows, staff = synthetic_rows(count)
    rows.sort(key=lambda row: row[1], reverse=True)
    company = set(staff)
    result: dict[str, Any] = {"calls": count}
    before = resident_bytes()
    watch = Stopwatch()
    source = QStandardItemModel(0, len(COLUMN_NAMES))
    source.setHorizontalHeaderLabels(list(COLUMN_NAMES))
    for row in rows:
        _, start, _, duration, calling, called, calling_name, called_name, dept_a, dept_b, _ = row
        incoming = called in company and calling not in company
        other, other_name = (calling, calling_name) if incoming else (called, called_name)
        ours, our_name, department = (
            (called, called_name, dept_b) if incoming else (calling, calling_name, dept_a)
        )
        direction = "in" if incoming else "out"
        source.appendRow(
            [
                QStandardItem(direction if duration else "missed"),
                QStandardItem(datetime.fromtimestamp(start, KYIV).strftime("%Y-%m-%d %H:%M")),
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
    view = make_view(proxy)
    view.show()
    painted(app, view)
    result["first_screen_ms"] = watch.ms()
    result["first_screen_cpu_ms"] = watch.cpu_ms()
    result["bytes_per_call"] = (resident_bytes() - before) / count
    result.update(
        measure_common(
            app,
            view,
            search=proxy.setFilterFixedString,
            sort=lambda column, descending: proxy.sort(column, _order(descending)),
        )
    )
    return result


def _order(descending: bool) -> Any:
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder


def run_child(kind: str, count: int) -> dict[str, Any]:
    """One measurement in a fresh process, so memory figures and caches do not mix."""
    command = [sys.executable, __file__, "--child", kind, "--calls", str(count)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} at {count} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def summary(result: dict[str, Any]) -> dict[str, float]:
    keys = result["keystrokes_ms"]
    figures = {
        "first painted screen, all calls (ms)": result["first_screen_ms"],
        "search keystroke, median (ms)": statistics.median(keys),
        "search keystroke, slowest (ms)": max(keys),
        "sort, slowest column, first time (ms)": max(result["sort_cold_ms"]),
        "sort, slowest column, again (ms)": max(result["sort_warm_ms"]),
        "scroll a page, median (ms)": statistics.median(result["scroll_ms"]),
        "scroll a page, slowest (ms)": max(result["scroll_ms"]),
        "  CPU: first painted screen, all calls (ms)": result["first_screen_cpu_ms"],
        "  CPU: search keystroke, median (ms)": statistics.median(result["keystrokes_cpu_ms"]),
        "  CPU: sort, slowest column, first (ms)": max(result["sort_cold_cpu_ms"]),
        "  CPU: scroll a page, median (ms)": statistics.median(result["scroll_cpu_ms"]),
        "  CPU: scroll a page, slowest (ms)": max(result["scroll_cpu_ms"]),
        "  CPU: search keystroke, slowest (ms)": max(result["keystrokes_cpu_ms"]),
        "resident memory per call (bytes)": result["bytes_per_call"],
    }
    labels = {
        "newest_page_ms": "first painted screen, newest page from SQL (ms)",
        "all_loaded_ms": "everything loaded behind it (ms)",
        "newest_page_cpu_ms": "  CPU: first painted screen, newest page (ms)",
        "longest_append_ms": "longest batch append on GUI thread (ms)",
        "longest_append_cpu_ms": "  CPU: longest batch append (ms)",
        "longest_gui_gap_ms": "longest GUI timer gap while loading (ms)",
        "longest_gc_pause_ms": "longest garbage collection while loading (ms)",
    }
    for name, label in labels.items():
        if name in result:
            figures[label] = result[name]
    return figures


def print_table(count: int, ours: dict[str, Any], naive: dict[str, Any] | None) -> None:
    print(f"\n{count:,} calls")
    print(f"{'':48} {'ours':>10} {'naive':>10} {'naive/ours':>11}")
    ours_figures = summary(ours)
    naive_figures = summary(naive) if naive else {}
    for label, value in ours_figures.items():
        other = naive_figures.get(label)
        ratio = f"{other / value:10.1f}x" if other is not None and value > 0 else ""
        shown = f"{other:10.1f}" if other is not None else f"{'-':>10}"
        print(f"{label:48} {value:10.1f} {shown} {ratio:>11}")
    print("sorts, first time, per column asc/desc (ms):")
    for name, result in (("ours", ours), ("naive", naive)):
        if result:
            cold = result["sort_cold_ms"]
            cells = "  ".join(
                f"{COLUMN_NAMES[i]} {cold[2 * i]:.0f}/{cold[2 * i + 1]:.0f}"
                for i in range(len(COLUMN_NAMES))
            )
            print(f"  {name:6} {cells}")
    for name, result in (("ours", ours), ("naive", naive)):
        if result:
            keys = "  ".join(
                f"{t!r}:{ms:.0f}" for t, ms in zip(TYPING, result["keystrokes_ms"], strict=True)
            )
            print(f"  {name:6} keystrokes (ms): {keys}")
            cpu = "  ".join(
                f"{t!r}:{ms:.0f}" for t, ms in zip(TYPING, result["keystrokes_cpu_ms"], strict=True)
            )
            print(f"  {name:6} keystrokes, CPU (ms): {cpu}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, help="one size only (default: 100k and 1M)")
    parser.add_argument("--full", action="store_true", help="run the naive model at 1M too")
    parser.add_argument("--child", choices=("ours", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        runner = run_ours if args.child == "ours" else run_naive
        result = runner(args.calls)
        print(json.dumps(result), flush=True)
        # Tearing down 100k+ QStandardItems takes minutes; the figures are already out.
        os._exit(0)
    import PySide6

    sizes = [args.calls] if args.calls else [100_000, 1_000_000]
    print(
        f"Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, numpy {np.__version__},"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, offscreen"
    )
    for count in sizes:
        ours = run_child("ours", count)
        naive = run_child("naive", count) if count <= 100_000 or args.full else None
        print_table(count, ours, naive)


if __name__ == "__main__":
    main()

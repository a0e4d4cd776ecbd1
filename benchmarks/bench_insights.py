"""The Insights figures from the history's columns against `compute_insights` over records.

Ours: `insights_from_history(history, positions)`, numpy over the columns the history table
already holds. Naive: what the window did before, `compute_insights` over a `CallRecord` per
call (here made by `history.records(positions)`, as the archive made them from its rows), in
the same run, on the same calls; the two results are checked equal.

For each selection (every call of the PBX, a search, incoming calls only, "my calls"):
ours cold (the first figures of a fresh history, including the once-per-history work), the
longest slice of `prepare_insights` (what the GUI thread does per turn of its event loop before
the first figures), ours warm (the median of several runs: every later change of the filter),
and the naive path once. Wall time, and the CPU time of the calling thread, which other load on
the machine disturbs less.

Run: .venv/bin/python benchmarks/bench_insights.py [--calls N] [--repeat R]
     (default: 1,000,000 calls; the naive path takes a while at that size)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from fmc_desktop.core.history.batch import CallBatch, CallRow
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import DirectionFilter, HistoryFilter, Scope
from fmc_desktop.core.history.insights import insights_from_history, prepare_insights
from fmc_desktop.core.history.insights_oracle import compute_insights

FIRST = ("Олена", "Іван", "Ґанна", "Михайло", "Юлія", "Петро", "Оксана", "Євген", "Anna", "Max")
LAST = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Олійник", "Smith")
DEPARTMENTS = ("Бухгалтерія", "Продажі", "Підтримка", "Склад", "Керівництво", "Logistics")
OPERATORS = ("50", "63", "66", "67", "68", "73", "93", "97", "98")
NEWEST = 1_795_000_000  # late November 2026
BATCH = 50_000  # calls per batch, as the app's loader appends them

T = TypeVar("T")


def synthetic_rows(count: int, seed: int = 7) -> tuple[list[CallRow], list[str]]:
    """A year of a 200-person office, the worst case for names: every outside number comes in
    all three of the API's spellings, and the address book gave some of them two names."""
    rng = np.random.default_rng(seed)
    staff = [
        (
            f"067{int(rng.integers(10**7)):07d}",
            f"{FIRST[i % len(FIRST)]} {LAST[(i // 3) % len(LAST)]}",
            DEPARTMENTS[i % len(DEPARTMENTS)],
        )
        for i in range(200)
    ]
    outsiders = [
        f"{OPERATORS[i % len(OPERATORS)]}{int(rng.integers(10**7)):07d}" for i in range(10_000)
    ]
    kinds = rng.integers(0, 20, count).tolist()  # 0-8 in, 9-17 out, 18-19 between colleagues
    ours = rng.integers(0, len(staff), count).tolist()
    colleagues = rng.integers(0, len(staff), count).tolist()
    others = (rng.zipf(1.3, count) % len(outsiders)).tolist()
    spellings = rng.integers(0, 3, count).tolist()
    named = rng.integers(0, 4, count).tolist()  # 0: no name, 1-2: the name, 3: another one
    starts = (NEWEST - rng.integers(0, 365 * 86400, count)).tolist()
    answered = rng.random(count) >= 0.25
    durations = np.where(answered, rng.exponential(120, count).astype(np.int64) + 1, 0).tolist()
    rows: list[CallRow] = []
    for i in range(count):
        start, duration = starts[i], durations[i]
        number, name, department = staff[ours[i]]
        other = outsiders[others[i]]
        other = ("0" + other, "380" + other, "+380" + other)[spellings[i]]
        other_name = (None, f"Клієнт {others[i]}", f"Клієнт {others[i]}", f"Client {others[i]}")[
            named[i]
        ]
        if kinds[i] < 9:
            calling, called = (other, other_name, None), (number, name, department)
        elif kinds[i] < 18:
            calling, called = (number, name, department), (other, other_name, None)
        else:
            calling, called = (number, name, department), staff[colleagues[i]]
        rows.append(
            (i + 1, start, start + duration, duration, calling[0], called[0])  # noqa: RUF005
            + (calling[1], called[1], calling[2], called[2], None)
        )
    return rows, [s[0] for s in staff]


def build(rows: list[CallRow], own: list[str], company: list[str]) -> CallHistory:
    history = CallHistory(own_numbers=own, company_numbers=company)
    for first in range(0, len(rows), BATCH):
        history.extend(CallBatch.from_rows(rows[first : first + BATCH]))
    return history


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds of this thread)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = fn()
    return result, time.perf_counter() - wall, time.thread_time() - cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    rows, staff = synthetic_rows(args.calls)
    own, company = staff[:3], staff
    print(f"{args.calls:,} calls; Python {sys.version.split()[0]}, numpy {np.__version__}")

    # The first figures of a fresh history include the once-per-history work.
    cold, cold_cpu = first_figures(build(rows, own, company))
    # The same work as the GUI does it: a slice per turn of its event loop, then the figures.
    history = build(rows, own, company)
    for scope in Scope:
        history.kinds(scope)  # the table has asked for these before the charts do
    slices: list[float] = []
    while True:
        done, wall, _ = timed(lambda: prepare_insights(history))
        slices.append(wall)
        if done:
            break
    print(
        f"first figures of a fresh history, every call  {ms(cold)} (CPU {ms(cold_cpu)})\n"
        f"or prepare_insights first: longest slice      {ms(max(slices))}"
        f" ({len(slices)} slices, {ms(sum(slices))} in all)"
    )

    selections = [
        ("every call of the PBX", HistoryFilter(scope=Scope.PBX)),
        ("search 'олена'", HistoryFilter(scope=Scope.PBX, text="олена")),
        ("incoming only", HistoryFilter(scope=Scope.PBX, direction=DirectionFilter.INCOMING)),
        ("my calls", HistoryFilter(scope=Scope.MINE)),
    ]
    report: list[tuple[str, int, float, float, float]] = []
    for label, flt in selections:
        positions = history.select(flt)
        ours, walls, cpus = measure(history, positions, flt.scope, args.repeat)
        mine = sorted(history.own_numbers) if flt.scope is Scope.MINE else []
        naive, naive_wall, naive_cpu = timed(
            lambda: compute_insights(
                history.records(positions),  # noqa: B023 (called right here)
                mine=mine,  # noqa: B023
                company=sorted(history.company_numbers),
            )
        )
        if ours != naive:
            raise SystemExit(f"{label}: the figures differ")
        warm = statistics.median(walls)
        report.append((label, len(positions), warm, max(walls), naive_wall))
        print(
            f"\n{label}: {len(positions):,} calls (figures equal)\n"
            f"  ours, every change of the filter   {ms(warm)} median, {ms(max(walls))} worst"
            f" (CPU {ms(statistics.median(cpus))})\n"
            f"  naive compute_insights on records  {naive_wall:8.2f} s  (CPU {naive_cpu:.2f} s)\n"
            f"  naive / ours                       {naive_wall / warm:8.0f}x"
        )
    print(f"\n{'selection':<24}{'calls':>10}  {'ours':>11}  {'worst':>11}  {'naive':>9}  ratio")
    for label, count, warm, worst, naive_wall in report:
        print(
            f"{label:<24}{count:>10,}  {ms(warm)}  {ms(worst)}  {naive_wall:7.2f} s"
            f"  {naive_wall / warm:5.0f}x"
        )


def first_figures(fresh: CallHistory) -> tuple[float, float]:
    """Wall and CPU seconds of the first figures of a history, every call selected."""
    every = fresh.select(HistoryFilter(scope=Scope.PBX))
    _, wall, cpu = timed(lambda: insights_from_history(fresh, every, scope=Scope.PBX))
    return wall, cpu


def measure(
    history: CallHistory, positions: Any, scope: Scope, repeat: int
) -> tuple[Any, list[float], list[float]]:
    """Our figures, and the wall and CPU seconds of `repeat` runs after a first one."""
    result = insights_from_history(history, positions, scope=scope)
    walls, cpus = [], []
    for _ in range(repeat):
        _, wall, cpu = timed(lambda: insights_from_history(history, positions, scope=scope))
        walls.append(wall)
        cpus.append(cpu)
    return result, walls, cpus


if __name__ == "__main__":
    main()

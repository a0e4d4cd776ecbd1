"""The callback report for a year of a million calls, against a naive SQL baseline in the run.

    python benchmarks/bench_callbacks.py [--calls N] [--keep DIR] [--repeat R]

Ours: `callback_report` (two packed integers per call read from the covering identity index,
every entry's return found with numpy, waits in working time from a table of days); and
`callback_figures` alone, on columns already in memory (what Insights does with the history's).
Naive: SQL that finds each missed call's return by two correlated subqueries over the number
indexes, then groups the misses into entries by their return in Python, with the same
working-time table; all three give the same figures (checked).
Target: under 1 s for 1M calls. The archive is bench_startup's (`--keep DIR` reuses it); the
company's numbers are its staff, so every call between a subscriber and the outside counts.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from bench_startup import build_archive

from fmc_desktop.core.archive.fields import canonical_set
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.worklist.callbacks import (
    CallColumns,
    callback_figures,
    callback_report,
    own_parties,
    read_columns,
)
from fmc_desktop.core.worklist.hours import WorkingClock, WorkingHours

NAIVE_SQL = """
WITH own(id) AS MATERIALIZED (
  SELECT id FROM parties WHERE number IN (SELECT value FROM json_each(?)))
SELECT m.calling, m.start_utc, min(
  coalesce((SELECT min(r.id) FROM calls AS r WHERE r.calling = m.calling AND r.id > m.id
            AND r.duration > 0 AND r.called IN own), 9223372036854775807),
  coalesce((SELECT min(r.id) FROM calls AS r WHERE r.called = m.calling AND r.id > m.id
            AND r.duration > 0 AND r.calling IN own), 9223372036854775807))
FROM calls AS m
WHERE m.called IN own AND m.calling NOT IN own AND m.duration = 0
ORDER BY m.id
"""
NONE = 9223372036854775807


def naive(archive: CallArchive, staff: list[str], hours: WorkingHours) -> dict[str, object]:
    with archive.reading() as connection:
        numbers = json.dumps(sorted(canonical_set(staff)))
        rows = connection.execute(NAIVE_SQL, (numbers,)).fetchall()
        last = int(connection.execute("SELECT max(start_utc) FROM calls").fetchone()[0] or 0)
    entries: dict[tuple[int, int], int] = {}  # (number, return id) -> first miss start
    for party, start, back in rows:
        entries.setdefault((int(party), int(back)), int(start))
    if not entries:
        return {"entries": 0}
    firsts = np.array(list(entries.values()), dtype=np.int64)
    backs = np.array([b for _, b in entries], dtype=np.int64)
    returned = backs != NONE
    clock = WorkingClock(hours, int(firsts.min()), last)
    waits = np.sort(clock.between(firsts[returned], backs[returned] // 4096))
    return {
        "entries": len(entries),
        "returned": int(returned.sum()),
        "median": int(waits[max(math.ceil(0.5 * len(waits)) - 1, 0)]) if len(waits) else None,
    }


def ours(archive: CallArchive, staff: list[str], hours: WorkingHours) -> dict[str, object]:
    report = callback_report(archive, staff, hours)
    t = report.total
    return {"entries": t.entries, "returned": t.returned, "median": t.median_wait}


def in_memory(columns: CallColumns, own: np.ndarray, hours: WorkingHours) -> dict[str, object]:
    report = callback_figures(
        columns,
        own,
        hours,
        start=None,
        end=None,
        numbers=lambda ids: {int(i): str(i) for i in ids},
        departments=lambda ids: {},
    )
    t = report.total
    return {"entries": t.entries, "returned": t.returned, "median": t.median_wait}


def timed(run, *args):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the archive in this folder")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        path, staff = build_archive(folder, args.calls)
        hours = WorkingHours.parse()
        with CallArchive(path) as archive:
            ours(archive, staff, hours)  # the schema step and the file's pages, once
            runs = [timed(ours, archive, staff, hours) for _ in range(args.repeat)]
            columns = read_columns(archive)
            own = own_parties(archive, canonical_set(staff))
            memory = [timed(in_memory, columns, own, hours) for _ in range(args.repeat)]
            theirs, naive_wall, naive_cpu = timed(naive, archive, staff, hours)
    result = runs[0][0]
    assert result == theirs == memory[0][0], (result, theirs, memory[0][0])
    wall = statistics.median(r[1] for r in runs)
    cpu = statistics.median(r[2] for r in runs)
    print(
        f"calls: {args.calls:,}; missed-call entries: {result['entries']:,}, "
        f"returned: {result['returned']:,}"
    )
    print(
        f"callback report (ours): {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU "
        f"(median of {args.repeat})"
    )
    print(
        f"callback figures from columns in memory: "
        f"{statistics.median(r[1] for r in memory) * 1000:.0f} ms wall, "
        f"{statistics.median(r[2] for r in memory) * 1000:.0f} ms CPU"
    )
    print(f"naive SQL: {naive_wall * 1000:.0f} ms wall, {naive_cpu * 1000:.0f} ms CPU")
    print(f"ratio naive/ours: {naive_wall / wall:.1f}x wall, {naive_cpu / cpu:.1f}x CPU")


if __name__ == "__main__":
    main()

"""The call archive at a million calls, each figure against a naive baseline in the same run.

    python benchmarks/bench_archive.py [--calls N] [--keep DIR]

1. Import a CSV export of N calls (generated here, API field names, names and departments):
   `import_files` (parse with the client's parser, canonical numbers, identity, search text,
   indexes) against `csv.reader` + `executemany` into a bare table of the same file.
   Targets: under 10 s for 1M calls, within 3x of the baseline.
   Then the worst case for the numbers: a file whose every call has a different outside number
   (1M distinct numbers, each normalised, given a party and its search text), against the same
   baseline on that file.
2. The first page (50 calls, newest first) of a text search, for a rare and a common term, over
   the whole archive: against `LIKE '%term%'` on the naive table (lower-cased text in one
   column, no index). Target: under 200 ms.
3. Bytes on disk per call.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmc_desktop.core.api.kyiv import format_api
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.queries import CallQuery, Direction
from fmc_desktop.core.archive.store import CallArchive

FIRST = ["Олена", "Ірина", "Наталія", "Оксана", "Андрій", "Сергій", "Дмитро", "Юрій", "Мар’яна"]
LAST = ["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник"]
DEPARTMENTS = ["Продажі", "Підтримка", "Бухгалтерія", "Склад", "Логістика", "Маркетинг"]
HEADER = [
    "start_timestamp",
    "end_timestamp",
    "calling_number",
    "called_number",
    "duration",
    "calling_name",
    "called_name",
    "calling_department",
    "called_department",
]


def generate_csv(
    path: Path, calls: int, seed: int = 7, *, distinct: bool = False
) -> tuple[str, str]:
    """N calls of a 300-person company over about two years; returns (rare, common) terms.

    `distinct`: every call's outside number is one no other call has (a call centre's
    outgoing campaign, or a file of many companies), instead of 60,000 numbers calling again.
    """
    rng = random.Random(seed)
    staff = []
    for i in range(300):
        number = f"067{rng.randrange(10**7):07d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        staff.append((number, name, DEPARTMENTS[i % len(DEPARTMENTS)]))
    if distinct:
        picks = [f"0{rng.choice('5699')}{n:08d}" for n in rng.sample(range(10**8), calls)]
        outside = picks
    else:
        outside = [f"0{rng.choice('5699')}{rng.randrange(10**8):08d}" for _ in range(60_000)]
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(outside))]
        picks = rng.choices(outside, weights=weights, k=calls)
    rare = outside[-1]  # the least likely caller: a handful of calls, or none
    start = datetime(2024, 11, 20, 6, 0, tzinfo=UTC)
    step = (timedelta(days=730) / calls).total_seconds()
    t = start.timestamp()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(calls):
            t += rng.random() * 2 * step
            begin = datetime.fromtimestamp(int(t), UTC)
            duration = 0 if rng.random() < 0.2 else rng.randint(5, 900)
            member = staff[rng.randrange(len(staff))]
            other = picks[i]
            if rng.random() < 0.5:
                row = [member[0], other, member[1], "", member[2], ""]
            else:
                row = [other, member[0], "", member[1], "", member[2]]
            writer.writerow(
                [
                    format_api(begin),
                    format_api(begin + timedelta(seconds=duration)),
                    row[0],
                    row[1],
                    duration,
                    row[2],
                    row[3],
                    row[4],
                    row[5],
                ]
            )
    return rare[2:], "олена"


def baseline_import(csv_path: Path, db_path: Path) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(
        "CREATE TABLE calls (start TEXT, end TEXT, calling TEXT, called TEXT, duration INTEGER,"
        " calling_name TEXT, called_name TEXT, calling_department TEXT, called_department TEXT)"
    )
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        with connection:
            connection.executemany("INSERT INTO calls VALUES (?,?,?,?,?,?,?,?,?)", reader)
    connection.close()
    return time.perf_counter() - started


def baseline_search_table(db_path: Path) -> None:
    """The naive search: one lower-cased text column per call, LIKE, no index."""
    connection = sqlite3.connect(db_path)
    connection.execute("ALTER TABLE calls ADD COLUMN search TEXT")
    with connection:
        connection.execute(
            "UPDATE calls SET search = lower(calling || ' ' || called || ' ' || calling_name"
            " || ' ' || called_name || ' ' || calling_department || ' ' || called_department)"
        )
    connection.close()


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fmc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        run(folder, args.calls)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def import_distinct(folder: Path, calls: int) -> None:
    """The import's worst case for the numbers: every call's outside number a new one."""
    csv_path = folder / "distinct.csv"
    generate_csv(csv_path, calls, distinct=True)
    naive_db = folder / "naive-distinct.sqlite3"
    cpu = time.process_time()
    naive = baseline_import(csv_path, naive_db)
    naive_cpu = time.process_time() - cpu
    archive_path = folder / "distinct.sqlite3"
    started, cpu = time.perf_counter(), time.process_time()
    with CallArchive(archive_path) as archive:
        report = import_files(archive, [csv_path])
    ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
    with CallArchive(archive_path) as archive:
        parties = archive.stats().parties
    assert report.new == calls, (report.new, report.known, report.rejected)
    print(f"\n== import from CSV, every outside number different ({parties:,} numbers)")
    print(f"  baseline on the distinct file:     {naive:6.2f} s  [{naive_cpu:5.2f} s]")
    print(
        f"  import_files, distinct numbers:    {ours:6.2f} s  [{ours_cpu:5.2f} s]"
        f"   {ours / naive:.2f}x baseline [{ours_cpu / naive_cpu:.2f}x]; target < 3x"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process so far: {peak:.0f} MB")
    for path in folder.glob("*distinct*"):
        path.unlink()


def run(folder: Path, calls: int) -> None:
    csv_path = folder / "calls.csv"
    started = time.perf_counter()
    rare, common = generate_csv(csv_path, calls)
    print(
        f"generated {calls:,} calls, {csv_path.stat().st_size / 1e6:.0f} MB CSV, "
        f"in {time.perf_counter() - started:.1f} s"
    )

    naive_db = folder / "naive.sqlite3"
    # A kept folder may be run again: both imports start from nothing every time.
    for stale in folder.glob("*.sqlite3*"):
        stale.unlink()
    cpu = time.process_time()
    naive = baseline_import(csv_path, naive_db)
    naive_cpu = time.process_time() - cpu
    archive_path = folder / "archive.sqlite3"
    started, cpu = time.perf_counter(), time.process_time()
    with CallArchive(archive_path) as archive:
        report = import_files(archive, [csv_path])
    ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.new == calls, (report.new, report.known, report.rejected)
    print("\n== import from CSV (wall clock; CPU time of this process in brackets)")
    print(f"  baseline csv.reader + executemany: {naive:6.2f} s  [{naive_cpu:5.2f} s]")
    print(
        f"  import_files into the archive:     {ours:6.2f} s  [{ours_cpu:5.2f} s]"
        f"   {ours / naive:.2f}x baseline [{ours_cpu / naive_cpu:.2f}x];"
        " targets < 10 s and < 3x"
    )

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process so far: {peak:.0f} MB")
    started = time.perf_counter()
    with CallArchive(archive_path) as archive:
        again = import_files(archive, [csv_path])
    print(
        f"  the same file again (all known):    {time.perf_counter() - started:6.2f} s"
        f"   ({again.new} new, {again.known:,} known)"
    )

    import_distinct(folder, calls)

    baseline_search_table(naive_db)
    naive_connection = sqlite3.connect(naive_db)
    print("\n== first page of a search (50 calls, newest first), median of 5")
    with CallArchive(archive_path) as archive:
        own = {archive.query_calls(CallQuery(limit=1))[0].calling}
        for label, term in (
            ("rare", rare),
            ("common", common),
            ("latin", "olena"),
            ("2 chars", "ко"),
            ("spelling", "Sergey"),  # Сергій by its Russian form
            ("en dash", f"{rare[:3]}–{rare[3:]}"),
        ):
            seconds, page = timed(lambda t=term: archive.query_calls(CallQuery(search=t, limit=50)))
            count_seconds, count = timed(lambda t=term: archive.count_calls(CallQuery(search=t)), 3)
            base_seconds, base_rows = timed(
                lambda t=term: naive_connection.execute(
                    "SELECT rowid FROM calls WHERE search LIKE ? ORDER BY start DESC LIMIT 50",
                    (f"%{t}%",),
                ).fetchall()
            )
            assert isinstance(page, list)
            assert isinstance(base_rows, list)
            print(
                f"  {label:8} {term!r:14} first page {seconds * 1000:7.1f} ms ({len(page)} rows)"
                f" | naive LIKE {base_seconds * 1000:7.1f} ms ({len(base_rows)} rows)"
                f" | count {count} in {count_seconds * 1000:.0f} ms"
            )
        print(
            "  (the naive LIKE misses 'Олена' written with a capital: SQLite's lower() folds"
            " ASCII only)"
        )
        mine = CallQuery(numbers=frozenset(own), direction=Direction.INCOMING, limit=50)
        seconds, page = timed(lambda: archive.query_calls(mine))
        print(f"  my incoming calls, first page      {seconds * 1000:7.1f} ms")
        seconds, _ = timed(lambda: archive.query_calls(CallQuery(limit=50)))
        print(f"  no filter, first page              {seconds * 1000:7.1f} ms")
        seconds, _ = timed(lambda: sum(len(r) for r in archive.iter_rows(CallQuery())), 1)
        print(f"  every row streamed (for the GUI)   {seconds * 1000:7.1f} ms")
        stats = archive.stats()
    naive_connection.close()

    print("\n== size on disk")
    naive_size = naive_db.stat().st_size
    print(
        f"  archive: {stats.file_bytes / stats.calls:6.1f} bytes per call"
        f" ({stats.file_bytes / 1e6:.0f} MB, {stats.parties:,} numbers)"
    )
    print(f"  naive table with its search column: {naive_size / calls:6.1f} bytes per call")

    # What the first open after a change of the search rules costs: the parties' search text
    # is rebuilt from the calls once.
    with sqlite3.connect(archive_path) as connection:
        connection.execute("DELETE FROM meta WHERE key = 'search_text'")
    connection.close()
    started = time.perf_counter()
    CallArchive(archive_path).open().close()
    rebuilt = time.perf_counter() - started
    started = time.perf_counter()
    CallArchive(archive_path).open().close()
    plain = time.perf_counter() - started
    print("\n== the search text rebuilt from the calls (once, at the first open under new rules)")
    print(f"  open with the rebuild: {rebuilt:6.2f} s; a plain open: {plain:6.3f} s")


if __name__ == "__main__":
    main()

"""A file whose every call has a number of its own is stored as the one-number-at-a-time rules say.

The bulk import takes shortcuts for the API's own spellings of a number (`0671234567`,
`380671234567`, `+380671234567`): their parties' search text is the canonical number alone. These
tests hold the archive to an oracle that builds every party the slow way, from the calls it
stored: `numbers.canonical` for each spelling, parties numbered in the order of the sorted
spellings, and the search text grown from `number_pieces`, `written_piece` and `text_pieces`.
The spellings come from the corpus in tests/data/numbers, and the API's three, for thousands of
numbers.
"""

from __future__ import annotations

import csv
import random
import sqlite3
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fmc_desktop.core.api.kyiv import format_api
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import grow, number_pieces, text_pieces, written_piece

NUMBERS_CORPUS = Path(__file__).resolve().parent.parent / "data" / "numbers"
HEADER = [
    "start_timestamp",
    "end_timestamp",
    "calling_number",
    "called_number",
    "duration",
    "calling_name",
    "called_name",
]
STAFF = ["0671110001", "0671110002", "0671110003"]
NAMES = ["Олена Коваленко", "Andrii Shevchenko", "Мар’яна Ткач", "Zgurska"]


def corpus_spellings() -> list[str]:
    """Every spelling in the numbers corpus, refused ones included: a file may hold anything."""
    spellings = []
    for path in sorted(NUMBERS_CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                spellings.append(line.split(" | ")[0])
    return spellings


def outside_spellings(count: int, seed: int) -> list[str]:
    """`count` different numbers, in the API's spellings, the corpus's and people's groupings."""
    rng = random.Random(seed)
    spellings = corpus_spellings()
    for serial in rng.sample(range(10**7), count - len(spellings)):
        code = rng.choice(["50", "67", "93", "44", "97"])
        rest = f"{serial:07d}"
        spellings.append(
            rng.choice(
                [
                    f"0{code}{rest}",
                    f"380{code}{rest}",
                    f"+380{code}{rest}",
                    f"0{code} {rest[:3]} {rest[3:5]} {rest[5:]}",
                    f"+38 (0{code}) {rest[:3]}-{rest[3:5]}-{rest[5:]}",
                    f"8 0{code} {rest}",
                    f"0{code}–{rest}",
                ]
            )
        )
    return spellings


def write_calls(
    path: Path, spellings: list[str], first: datetime, named: bool, times: int = 3
) -> None:
    """`times` calls per outside spelling, some with names; in and out, spread over days."""
    named_numbers: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for index, other in enumerate(spellings * times):
            begin = first + timedelta(seconds=7 * index)
            staff = STAFF[index % len(STAFF)]
            # One name per number at most (the corpus spells some numbers several ways): the
            # order in which one batch's names reach a number is not defined.
            name = ""
            if named and index < len(spellings) and canonical(other) not in named_numbers:
                named_numbers.add(canonical(other))
                name = NAMES[index % len(NAMES)]
            row = [staff, other, "", name] if index % 2 else [other, staff, name, ""]
            writer.writerow(
                [
                    format_api(begin),
                    format_api(begin + timedelta(seconds=30)),
                    *row[:2],
                    30,
                    *row[2:],
                ]
            )


def oracle(database: Path, files: Iterable[list[str]]) -> dict[str, tuple[int, str, int]]:
    """number -> (party id, search text, calls), built one number at a time from the calls."""
    with sqlite3.connect(database) as connection:
        calls = connection.execute(
            "SELECT calling_raw, calling_name, called_raw, called_name FROM calls"
        ).fetchall()
    connection.close()
    parties: dict[str, tuple[int, str]] = {}
    names: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for calling, calling_name, called, called_name in calls:
        for written, name in ((calling, calling_name), (called, called_name)):
            counts[canonical(written)] += 1
            if name:
                names.setdefault(written, set()).add(name)
    for spellings in files:
        ordered = sorted({*spellings, *STAFF})
        pieces: dict[str, list[str]] = {}
        for written in ordered:
            number = canonical(written)
            bucket = pieces.setdefault(number, number_pieces(number))
            if written != number:
                bucket.append(written_piece(written))
        for written in ordered:
            for name in sorted(names.get(written, ())):
                pieces[canonical(written)].extend(text_pieces(name))
        for number, bucket in pieces.items():
            if number in parties:
                party, text = parties[number]
                parties[number] = (party, grow(text, bucket))
            else:
                parties[number] = (len(parties) + 1, grow("", bucket))
    return {number: (party, text, counts[number]) for number, (party, text) in parties.items()}


def stored_parties(database: Path) -> dict[str, tuple[int, str, int]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT number, id, search, calls FROM parties").fetchall()
    connection.close()
    return {number: (party, text, calls) for number, party, text, calls in rows}


def test_thousands_of_new_numbers_are_stored_as_one_at_a_time(tmp_path: Path) -> None:
    # 4,000 numbers, 12,000 calls: enough for the bulk insert into an empty period.
    spellings = outside_spellings(4000, seed=1)
    assert len(set(map(canonical, spellings))) > 3900
    path = tmp_path / "calls.csv"
    write_calls(path, spellings, datetime(2025, 3, 1, 6, tzinfo=UTC), named=True)
    database = tmp_path / "calls.sqlite3"
    with CallArchive(database) as archive:
        report = import_files(archive, [path])
    assert (report.new, report.rejected) == (len(spellings) * 3, 0)
    assert stored_parties(database) == oracle(database, [spellings])


def test_numbers_all_written_the_apis_way_are_stored_as_one_at_a_time(tmp_path: Path) -> None:
    # Every number `0XXXXXXXXX`, as the API writes them, one call each: the shortcut that
    # sorts and converts them all at once (from 10,000 numbers on).
    rng = random.Random(5)
    spellings = [f"0{rng.choice('5679')}{n:08d}" for n in rng.sample(range(10**8), 12_000)]
    path = tmp_path / "calls.csv"
    write_calls(path, spellings, datetime(2025, 3, 1, 6, tzinfo=UTC), named=True, times=1)
    database = tmp_path / "calls.sqlite3"
    with CallArchive(database) as archive:
        report = import_files(archive, [path])
    assert (report.new, report.rejected) == (len(spellings), 0)
    assert stored_parties(database) == oracle(database, [spellings])


def test_new_numbers_beside_known_ones_are_stored_as_one_at_a_time(tmp_path: Path) -> None:
    # A second file: half its numbers known (some spelled anew), half new; a later day.
    first = outside_spellings(3000, seed=2)
    second = first[::2] + [f"+38 {s}" if s.startswith("0") else s for s in first[1:400:2]]
    second += outside_spellings(1500, seed=3)[len(corpus_spellings()) :]
    database = tmp_path / "calls.sqlite3"
    with CallArchive(database) as archive:
        for name, spellings, day in (("a.csv", first, 1), ("b.csv", second, 2)):
            path = tmp_path / name
            write_calls(path, spellings, datetime(2025, 3, day, 6, tzinfo=UTC), named=day == 1)
            report = import_files(archive, [path])
            assert (report.new, report.rejected) == (len(spellings) * 3, 0)
    assert stored_parties(database) == oracle(database, [first, second])


def test_each_new_number_is_found_by_its_digits_and_its_name(tmp_path: Path) -> None:
    spellings = outside_spellings(3000, seed=4)
    path = tmp_path / "calls.csv"
    write_calls(path, spellings, datetime(2025, 3, 1, 6, tzinfo=UTC), named=True)
    with CallArchive(tmp_path / "calls.sqlite3") as archive:
        import_files(archive, [path])
        for written in spellings[:: len(spellings) // 150]:
            number = canonical(written)
            if not number.startswith("+380") or len(number) != 13:
                continue
            national = "0" + number[4:]
            for term in (national, number[4:], f"{national[:3]} {national[3:6]}"):
                found = archive.query_calls(CallQuery(search=term, limit=5000))
                assert any(number in (canonical(c.calling), canonical(c.called)) for c in found), (
                    term
                )
        # Numbers named Олена Коваленко on their first call: each of their calls matches.
        count = archive.count_calls(CallQuery(search="Коваленко"))
        assert len(spellings) // len(NAMES) * 3 - 100 < count <= len(spellings) // 4 * 3 + 100
        assert archive.count_calls(CallQuery(search="kovalenko")) == count

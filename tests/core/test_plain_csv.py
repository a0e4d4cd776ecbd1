"""The fast lane for plain CSV, held against the parser: whatever it reads, it reads the same."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.formats.reading import parse_calls
from fmc_desktop.core.archive.fields import call_fields
from fmc_desktop.core.archive.plain_csv import simple_csv_columns

HEADER = "start_timestamp,end_timestamp,calling_number,called_number,duration"


def parsed_columns(data: bytes) -> list[list[object]]:
    result = parse_calls(data, "csv")
    assert not result.rejected
    rows = [call_fields(r) for r in result.records]
    return [[row[i] for row in rows] for i in range(10)]


def as_lists(columns: list[object] | None) -> list[list[object]] | None:
    return None if columns is None else [list(c) for c in columns]  # type: ignore[call-overload]


PLAIN_FILES = {
    "api": (
        "end_timestamp,start_timestamp,calling_number,duration,called_number\n"
        "2026-11-02 09:00:14,2026-11-02 09:00:00,0501234567,14,0671111111\n"
    ),
    "names, bom, crlf, semicolons": (
        "\ufeffstart_timestamp;end_timestamp;calling_number;called_number;duration;"
        "calling_name;called_name;calling_department;called_department\r\n"
        "2026-11-02 09:00:00;2026-11-02 09:00:14; 0501234567 ;0671111111; 14 ;"
        '"Коваленко; Олена";;Продажі;\r\n'
        "\r\n"
        "2026-11-02T09:10:00;2026-11-02T09:10:00;+380931112233;*111#;0;;Ірина;;\r\n"
    ),
    "tabs and the autumn hour": (
        "start_timestamp\tend_timestamp\tcalling_number\tcalled_number\tduration\n"
        "2026-10-25 03:55:00\t2026-10-25 03:05:00\t0501234567\t0671111111\t600\n"
        "2026-10-25 03:10:40\t2026-10-25 03:12:45\t0501234567\t0671111111\t125\n"
        "2026-10-25 04:10:40\t2026-10-25 04:12:45\t\t0671111111\t125\n"
    ),
    "spring": (f"{HEADER}\n2026-03-29 02:58:30,2026-03-29 04:03:30,0501234567,0671111111,300\n"),
    "header only": f"{HEADER}\n",
}


@pytest.mark.parametrize("body", PLAIN_FILES.values(), ids=PLAIN_FILES.keys())
def test_the_fast_lane_reads_plain_csv_exactly_as_the_parser(body: str) -> None:
    data = body.encode("utf-8")
    assert as_lists(simple_csv_columns(data)) == parsed_columns(data)  # type: ignore[arg-type]


NOT_PLAIN = {
    "an extra column": f"{HEADER},cost\n2026-11-02 09:00:00,2026-11-02 09:00:14,050,067,14,1\n",
    "a quoted header": '"start_timestamp",end_timestamp,calling_number,called_number,duration\n',
    "a bad duration": f"{HEADER}\n2026-11-02 09:00:00,2026-11-02 09:00:14,050,067,1.5\n",
    "a short row": f"{HEADER}\n2026-11-02 09:00:00,2026-11-02 09:00:14,050,067\n",
    "a bad date": f"{HEADER}\n2026-02-30 09:00:00,2026-02-30 09:00:14,050,067,14\n",
    "a minute past 59": f"{HEADER}\n2026-11-02 09:60:00,2026-11-02 09:00:14,050,067,14\n",
    "spaces around a time": f"{HEADER}\n 2026-11-02 09:00:00,2026-11-02 09:00:14,050,067,14\n",
    "a missing column": "start_timestamp,end_timestamp,calling_number,duration\n",
    "a blank first line": f"\n{HEADER}\n",
}


@pytest.mark.parametrize("body", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_the_fast_lane_leaves_anything_else_to_the_parser(body: str) -> None:
    assert simple_csv_columns(body.encode("utf-8")) is None


def test_the_fast_lane_leaves_windows_1251_to_the_parser() -> None:
    body = f"{HEADER},calling_name\n2026-11-02 09:00:00,2026-11-02 09:00:14,050,067,14,Олена\n"
    assert simple_csv_columns(body.encode("cp1251")) is None


timestamps = st.one_of(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S")
    ),
    st.sampled_from(
        ["2026-10-25 03:10:00", "2026-10-25 03:59:59", "2026-03-29 03:30:00", "2026-10-25 04:00:00"]
    ),
    st.text(max_size=20),
)
cells = st.one_of(st.sampled_from(["0501234567", "+380931112233", "", " 067 ", "*111#"]), st.text())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            timestamps,
            timestamps,
            cells,
            cells,
            st.one_of(st.integers(0, 10**6).map(str), st.text(max_size=4)),
            cells,
        ),
        max_size=6,
    )
)
def test_whatever_the_fast_lane_accepts_it_reads_as_the_parser(rows: list[tuple[str, ...]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER.split(","), "calling_name"])
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    fast = simple_csv_columns(data)
    if fast is None:
        return
    result = parse_calls(data, "csv")
    assert not result.rejected
    rows_parsed = [call_fields(r) for r in result.records]
    assert as_lists(fast) == [[row[i] for row in rows_parsed] for i in range(10)]  # type: ignore[arg-type]


SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # lone halves of a pair cannot be written as UTF-8
plain_text = st.text(
    alphabet=st.characters(exclude_categories=SURROGATES, exclude_characters='",\n'), max_size=8
)
valid_time = st.datetimes(min_value=datetime(2026, 3, 28), max_value=datetime(2026, 10, 26)).map(
    lambda d: d.strftime("%Y-%m-%d %H:%M:%S")
)
plain_rows = st.lists(
    st.tuples(
        st.one_of(valid_time, valid_time, valid_time, plain_text),
        st.one_of(valid_time, valid_time, valid_time, plain_text),
        st.sampled_from(["0501234567", " 067 ", "", "+380931112233", "\r"]),
        st.sampled_from(["0671111111", "*111#", "a;b"]),
        st.one_of(st.integers(0, 9999).map(str), st.sampled_from([" 7", "7 ", "", "x"])),
        plain_text,
    ).map(list),
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(plain_rows, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans())
def test_a_body_without_quotes_is_cut_as_csv_reader_cuts_it(
    rows: list[list[str]], newline: str, blank_line: bool, short_row: bool
) -> None:
    lines = [HEADER + ",calling_name", *(",".join(row) for row in rows)]
    if blank_line:
        lines.insert(len(lines) // 2 + 1, "")
    if short_row and rows:
        lines[-1] = lines[-1].rsplit(",", 1)[0]
    data = (newline.join(lines) + newline).encode("utf-8")
    fast = simple_csv_columns(data)
    if fast is None:
        return
    result = parse_calls(data, "csv")
    assert not result.rejected
    parsed = [call_fields(r) for r in result.records]
    assert as_lists(fast) == [[row[i] for row in parsed] for i in range(10)]  # type: ignore[arg-type]


NUMBERS_CORPUS = Path(__file__).resolve().parent.parent / "data" / "numbers"


def many_numbers(marked: bool) -> list[str]:
    """Thousands of different numbers: the corpus's spellings, spaces around some, and
    (`marked`) cells our export neutralised for Excel (`'+380…`, `'=1`)."""
    spellings = [
        line.split(" | ")[0]
        for path in sorted(NUMBERS_CORPUS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for serial in range(3000):
        number = f"0{50 + serial % 50}{serial * 7919 % 10**7:07d}"
        spellings.append([number, f" {number} ", f"+38{number}", f"38{number}"][serial % 4])
    if marked:
        spellings += ["'+380671234567", "'=1+2", "' 067"]
    return spellings


@pytest.mark.parametrize("marked", [False, True], ids=["plain", "neutralised cells"])
def test_thousands_of_new_numbers_are_read_as_the_parser_reads_them(marked: bool) -> None:
    # The fast lane decodes a piece's new numbers together: the same strings as one by one.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for index, number in enumerate(many_numbers(marked)):
        time = f"2026-11-02 {index // 3600 % 24:02d}:{index // 60 % 60:02d}:{index % 60:02d}"
        writer.writerow([time, time, number, "0671111111", 0])
    data = out.getvalue().encode("utf-8")
    fast = simple_csv_columns(data)
    assert fast is not None
    assert as_lists(fast) == parsed_columns(data)  # type: ignore[arg-type]

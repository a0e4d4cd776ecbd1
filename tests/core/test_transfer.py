"""Import and export of call files, and the fast lane for plain CSV against the parser."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import ExitCode, InvalidInputError, ParseError
from fmc_desktop.core.api.formats import parse_calls, write_csv, write_json
from fmc_desktop.core.api.kyiv import KYIV, from_utc, parse_naive, to_utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive, CallQuery, Order, call_fields
from fmc_desktop.core.archive.transfer import (
    ExportFormat,
    export_calls,
    import_files,
    simple_csv_columns,
)

ME, CLIENT, SUPPLIER = "0671111111", "0501234567", "+380931112233"
HEADER = "start_timestamp,end_timestamp,calling_number,called_number,duration"


def call(start: str, calling: str, called: str, duration: int, **optional: object) -> CallRecord:
    begin = to_utc(parse_naive(start))
    return CallRecord(
        from_utc(begin),
        from_utc(begin + timedelta(seconds=duration)),
        calling,
        called,
        duration,
        **optional,  # type: ignore[arg-type]
    )


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[CallArchive]:
    with CallArchive(tmp_path / "calls.sqlite3") as opened:
        yield opened


def records_of(archive: CallArchive) -> list[CallRecord]:
    return [c.record for c in archive.iter_calls(CallQuery(order=Order.OLDEST_FIRST))]


SAMPLE = [
    call("2026-11-02 09:00:00", CLIENT, ME, 0),
    call("2026-11-02 09:05:00", ME, CLIENT, 95, calling_name="Олена", calling_department="Продажі"),
    call("2026-11-02 10:00:00", SUPPLIER, ME, 30, called_name="Олена", extra={"tag": "vip"}),
]


def xml_of(records: list[CallRecord]) -> bytes:
    items = "".join(
        "<call>"
        + "".join(f"<{k}>{v}</{k}>" for k, v in r.to_api_dict().items() if v is not None)
        + "</call>"
        for r in records
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><calls>{items}</calls>'.encode()


def test_csv_json_and_xml_files_import_and_a_second_import_knows_them(
    archive: CallArchive, tmp_path: Path
) -> None:
    files = {
        "a.csv": write_csv(SAMPLE[:1]),
        "b.json": write_json(SAMPLE[1:2]),
        "c.xml": xml_of(SAMPLE[2:]),
    }
    paths = []
    for name, body in files.items():
        (tmp_path / name).write_bytes(body)
        paths.append(tmp_path / name)
    seen: list[str] = []
    report = import_files(archive, paths, on_file=lambda f: seen.append(f.path.name))
    assert seen == ["a.csv", "b.json", "c.xml"]
    assert [(f.format, f.new, f.known) for f in report.files] == [
        ("csv", 1, 0),
        ("json", 1, 0),
        ("xml", 1, 0),
    ]
    assert report.exit_code is ExitCode.OK
    assert records_of(archive) == SAMPLE

    again = import_files(archive, paths)
    assert (again.new, again.known, again.updated, again.rejected) == (0, 3, 0, 0)


def test_numbers_written_another_way_are_the_same_calls(
    archive: CallArchive, tmp_path: Path
) -> None:
    archive.add_calls(SAMPLE)
    respelled = [
        call("2026-11-02 09:00:00", "380501234567", "+380671111111", 0),
        call("2026-11-02 09:05:00", "+380671111111", "(050) 123-45-67", 95),
    ]
    (tmp_path / "other.csv").write_bytes(write_csv(respelled))
    report = import_files(archive, [tmp_path / "other.csv"])
    assert (report.new, report.known) == (0, 2)
    assert len(records_of(archive)) == 3


def test_a_bad_row_is_rejected_with_its_line_and_reason_and_the_rest_kept(
    archive: CallArchive, tmp_path: Path
) -> None:
    body = (
        f"{HEADER}\n"
        "2026-11-02 09:00:00,2026-11-02 09:00:10,0501234567,0671111111,10\n"
        "2026-11-02 09:01:00,2026-11-02 09:01:10,0501234567,0671111111,ten\n"
        "2026-11-02 09:02:00,2026-11-02 09:02:10,0501234567,0671111111,10\n"
    )
    (tmp_path / "calls.csv").write_text(body)
    report = import_files(archive, [tmp_path / "calls.csv"])
    (result,) = report.files
    assert result.new == 2
    (rejected,) = result.rejected
    assert rejected.location == "line 3"
    assert "duration" in rejected.reason
    assert report.exit_code is ExitCode.PARTIAL


def test_a_file_that_cannot_be_read_is_reported_and_the_others_still_import(
    archive: CallArchive, tmp_path: Path
) -> None:
    (tmp_path / "junk.json").write_bytes(b"{not json")
    (tmp_path / "good.csv").write_bytes(write_csv(SAMPLE))
    missing = tmp_path / "missing.csv"
    report = import_files(archive, [tmp_path / "junk.json", missing, tmp_path / "good.csv"])
    junk, gone, good = report.files
    assert isinstance(junk.error, ParseError)
    assert "junk.json" in junk.error.message
    assert isinstance(gone.error, InvalidInputError)
    assert good.new == 3
    assert report.exit_code is ExitCode.PARTIAL
    assert len(report.failed_files) == 2

    # A local file nothing could be imported from is bad input (2), not a server failure (5).
    only_bad = import_files(archive, [tmp_path / "junk.json"])
    assert only_bad.exit_code is ExitCode.USAGE


def test_a_file_with_the_repeated_autumn_hour_imports_correctly(
    archive: CallArchive, tmp_path: Path
) -> None:
    body = (
        f"{HEADER}\n"
        # 03:55 the first time round to 03:05 the second: ten minutes, one reading only.
        "2026-10-25 03:55:00,2026-10-25 03:05:00,0501234567,0671111111,600\n"
        "2026-10-25 03:20:15,2026-10-25 03:25:15,0501234567,0671111111,300\n"
        "2026-10-25 02:59:00,2026-10-25 03:01:00,0501234567,0671111111,120\n"
    )
    path = tmp_path / "autumn.csv"
    path.write_text(body)
    report = import_files(archive, [path])
    assert report.new == 3
    starts = [r.start_utc for r in records_of(archive)]
    assert [s.strftime("%H:%M") for s in starts] == ["23:59", "00:20", "00:55"]
    assert starts == sorted(r.start_utc for r in parse_calls(body.encode(), "csv").records)


# --- export ---------------------------------------------------------------------------------


ROUND_TRIP = [
    call("2026-10-25 03:55:00", CLIENT, ME, 0),
    call("2026-11-02 09:00:00", "", ME, 0),  # a hidden caller
    call("2026-11-02 09:05:00", ME, "*111#", 3, calling_name='Олена "Lena", продажі'),
    call("2026-11-02 09:06:00", ME, CLIENT, 95, called_department="Клієнти; VIP"),
    call("2026-11-02 10:00:00", SUPPLIER, ME, 30, extra={"calling_ownership": "external"}),
]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imports_again_unchanged(
    archive: CallArchive, tmp_path: Path, fmt: ExportFormat
) -> None:
    archive.add_calls(ROUND_TRIP)
    exported = export_calls(archive, CallQuery(), fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(exported)

    again = import_files(archive, [path])
    assert (again.new, again.known, again.updated, again.rejected) == (0, 5, 0, 0)

    with CallArchive(tmp_path / "fresh.sqlite3") as fresh:
        assert import_files(fresh, [path]).new == 5
        assert records_of(fresh) == ROUND_TRIP
        assert export_calls(fresh, CallQuery(), fmt) == exported


def test_an_export_uses_the_apis_field_names_and_formats(archive: CallArchive) -> None:
    archive.add_calls(ROUND_TRIP)
    one = CallQuery(
        start=datetime(2026, 11, 2, 9, 6, tzinfo=KYIV), end=datetime(2026, 11, 2, 9, 7, tzinfo=KYIV)
    )
    rows = json.loads(export_calls(archive, one, "json"))
    assert rows == [
        {
            "start_timestamp": "2026-11-02 09:06:00",
            "end_timestamp": "2026-11-02 09:07:35",
            "calling_number": ME,
            "called_number": CLIENT,
            "duration": 95,
            "called_department": "Клієнти; VIP",
        }
    ]
    text = export_calls(archive, CallQuery(), "csv").decode()
    header = text.splitlines()[0].split(",")
    assert header == [
        "start_timestamp",
        "end_timestamp",
        "calling_number",
        "called_number",
        "duration",
        "calling_name",
        "called_department",
        "calling_ownership",
    ]
    assert text.splitlines()[1].startswith("2026-10-25 03:55:00,2026-10-25 03:55:00,")


def test_an_export_to_a_stream_of_a_period_counts_its_calls(archive: CallArchive) -> None:
    archive.add_calls(ROUND_TRIP)
    stream = io.BytesIO()
    query = CallQuery(
        start=datetime(2026, 11, 2, 9, 5, tzinfo=KYIV), end=datetime(2026, 11, 2, 10, tzinfo=KYIV)
    )
    assert export_calls(archive, query, "json", stream) == 2
    assert len(json.loads(stream.getvalue())) == 2
    assert export_calls(archive, CallQuery(search="nobody"), "json") == b"[]\n"
    assert export_calls(archive, CallQuery(search="nobody"), "csv").decode().count("\n") == 1


def test_a_big_export_is_streamed_in_chunks(archive: CallArchive) -> None:
    start = int(to_utc(parse_naive("2026-11-02 08:00:00")).timestamp())
    archive.add_fields(
        [(start + n, start + n, 0, CLIENT, ME, None, None, None, None, None) for n in range(45_000)]
    )
    writes: list[int] = []

    class Recorder(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            writes.append(len(data))
            return super().write(data)

    stream = Recorder()
    assert export_calls(archive, None, "csv", stream) == 45_000
    assert len(writes) >= 3
    assert stream.getvalue().count(b"\n") == 45_001


# --- the fast lane for plain CSV, held against the parser ------------------------------------


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

"""Import and export of call files: every format in, every format out, and back unchanged."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fmc_desktop.core.api.errors import ExitCode, InvalidInputError, ParseError
from fmc_desktop.core.api.formats.csv_calls import write_csv
from fmc_desktop.core.api.formats.json_calls import write_json
from fmc_desktop.core.api.formats.reading import parse_calls
from fmc_desktop.core.api.kyiv import KYIV, from_utc, parse_naive, to_utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.call_export import ExportFormat, export_calls
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive

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

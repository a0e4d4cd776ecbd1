"""The note columns of CSV and XLSX exports (`fmc_note`, `fmc_tags`, `fmc_number_note`), and a
CSV that carries them giving another archive the notes back, once."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.archive.call_export import export_calls
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.history.view_export import export_view
from fmc_desktop.core.notes.call_key import stored_key
from fmc_desktop.core.notes.events import EventLog, Kind, Target, TargetKind, number_target
from fmc_desktop.core.notes.export_columns import NoteCells
from fmc_desktop.core.notes.notebook import Notebook
from tests.core.test_archive import call
from tests.core.test_view_export import _history


def _filled(archive: CallArchive) -> list[Target]:
    records = [
        call("2024-03-10 10:00:00", "0671234567", "0441111111", 60),
        call("2024-03-11 10:00:00", "0441111111", "0501234567", 0),
        call(
            "2024-03-12 10:00:00",
            "0931112233",
            "0441111111",
            5,
            extra={"record_url": "https://pbx.example/rec/3"},
        ),
    ]
    archive.add_calls(records)
    stored = archive.query_calls(CallQuery(order=Order.OLDEST_FIRST))
    book = Notebook(EventLog(archive, clock=ManualClock(datetime(2026, 1, 1, tzinfo=UTC))))
    targets = [Target(TargetKind.CALL, stored_key(s)) for s in stored]
    book.write_note(targets[0], "promised the invoice by Friday")
    book.add_tags(targets[0], ["VIP", "order"])
    book.add_tags(targets[1], ["complaint"])
    book.write_note(number_target("0671234567"), "owes 12,000 UAH")
    book.write_note(number_target("0441111111"), "the office")
    return targets


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_csv_export_carries_each_calls_note_tags_and_number_note(archive: CallArchive) -> None:
    _filled(archive)
    rows = _rows(export_calls(archive, CallQuery(), "csv"))
    assert [(r["fmc_note"], r["fmc_tags"], r["fmc_number_note"]) for r in rows] == [
        ("promised the invoice by Friday", "order, VIP", "owes 12,000 UAH | the office"),
        ("", "complaint", "the office"),
        ("", "", "the office"),
    ]
    assert list(rows[0])[-3:] == ["fmc_note", "fmc_tags", "fmc_number_note"]


def test_an_archive_without_notes_exports_as_before(archive: CallArchive) -> None:
    archive.add_calls([call("2024-03-10 10:00:00", "0671234567", "0441111111", 60)])
    assert "fmc_" not in export_calls(archive, CallQuery(), "csv").decode()


def test_a_csv_with_notes_gives_another_archive_its_notes_once(
    archive: CallArchive, tmp_path: Path
) -> None:
    targets = _filled(archive)
    for fmt in ("csv", "excel-csv"):
        source = tmp_path / f"calls.{fmt}.csv"
        source.write_bytes(export_calls(archive, CallQuery(), fmt))
        with CallArchive(tmp_path / f"{fmt}.sqlite3") as other:
            for _ in range(2):
                report = import_files(other, [source])
                assert report.files[0].error is None
            book = Notebook(EventLog(other))
            state = book.state()
            assert state.note(targets[0]) == "promised the invoice by Friday"
            assert state.tags_of(targets[0]) == ["order", "VIP"]
            assert state.tags_of(targets[1]) == ["complaint"]
            # Four events (one note, three tags), however often the file is imported.
            assert len(book.log.events(kinds=[Kind.NOTE, Kind.TAG_ADD])) == 4
            # The app's own columns never become fields of the call; the API's stay.
            extras = [dict(c.record.extra) for c in other.query_calls(CallQuery())]
            assert sorted(extras, key=len) == [{}, {}, {"record_url": "https://pbx.example/rec/3"}]


def test_the_views_export_carries_the_note_columns_too(
    archive: CallArchive, tmp_path: Path
) -> None:
    _filled(archive)
    stored = archive.query_calls(CallQuery(order=Order.OLDEST_FIRST))
    history = _history([s.record for s in stored])
    notes = NoteCells.of(archive)
    assert notes is not None
    path = tmp_path / "view.csv"
    export_view(history, [2, 1, 0], path, "csv", notes=notes)
    rows = _rows(path.read_bytes())
    assert [r["fmc_tags"] for r in rows] == ["", "complaint", "order, VIP"]
    xlsx = tmp_path / "view.xlsx"
    export_view(history, [0], xlsx, "xlsx", notes=notes)
    sheet = load_workbook(xlsx, read_only=True).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1][-3:] == [
        "promised the invoice by Friday",
        "order, VIP",
        "owes 12,000 UAH | the office",
    ]

"""An archive, settings and dial log written by 0.1.0 (tests/data/archive_0_1_0) upgraded to the
numbers as libphonenumber reads them: parties that name one phone merged, calls stored twice
through two spellings merged, and every stored identity read again."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.schema import SCHEMA_VERSION
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.system.settings import SettingsStore

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "archive_0_1_0"
OURS = "+380671112233"
LONDON = "+442033693912"


@pytest.fixture
def old_files(tmp_path: Path) -> Path:
    for name in ("archive.sqlite3", "settings.json", "dials.json"):
        shutil.copyfile(FIXTURE / name, tmp_path / name)
    return tmp_path


def _parties(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT number, calls FROM parties"))
    finally:
        connection.close()


def test_the_fixture_is_what_0_1_0_wrote(old_files: Path) -> None:
    connection = sqlite3.connect(old_files / "archive.sqlite3")
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        connection.close()
    parties = _parties(old_files / "archive.sqlite3")
    assert {"+4402033693912", LONDON, "+380(067)123-45-67", "+380671234567"} <= parties.keys()


def test_parties_and_calls_that_now_coincide_are_merged(old_files: Path) -> None:
    path = old_files / "archive.sqlite3"
    with CallArchive(path) as archive:
        calls = archive.query_calls(CallQuery())
        assert archive.check_integrity() == []
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    finally:
        connection.close()

    parties = _parties(path)
    assert set(parties) == {
        OURS,
        LONDON,
        "+493067065917",
        "+4315339090",
        "+380671234567",
        "+380445181470",
        "4521",
    }
    # Eleven calls were stored; two were the same calls written twice.
    assert len(calls) == 9
    for number, count in parties.items():
        expected = sum((c.calling == number) + (c.called == number) for c in calls)
        assert count == expected, number
    london = [c for c in calls if LONDON in (c.calling, c.called)]
    assert len(london) == 3
    first = min(london, key=lambda c: c.id)
    assert first.record.called_name == "London office"  # kept from the copy that had it
    # The numbers as written stay as written.
    assert {c.record.called_number for c in london if c.called == LONDON} <= {
        "+44 (0)20 3369 3912",
        "+442033693912",
    }
    kyiv = [c for c in calls if c.calling == "+380671234567"]
    assert len(kyiv) == 2


def test_calls_to_return_follow_the_merged_numbers(old_files: Path) -> None:
    with CallArchive(old_files / "archive.sqlite3") as archive:
        waiting = archive.calls_to_return([OURS])
    # London's missed call was marked done under its old spelling; it stays done.
    assert [entry.number for entry in waiting] == ["+380671234567"]


def test_a_search_finds_the_merged_party_by_any_spelling(old_files: Path) -> None:
    with CallArchive(old_files / "archive.sqlite3") as archive:
        for text in ("020 3369 3912", "+44 20 3369 3912", "London office"):
            assert archive.count_calls(CallQuery(search=text)) == 3, text


def test_contacts_are_read_again(old_files: Path) -> None:
    path = old_files / "archive.sqlite3"
    CallArchive(path).open().close()
    connection = sqlite3.connect(path)
    try:
        book = ContactBook(connection)
        numbers = {c.name: [(n.raw, n.canonical) for n in c.numbers] for c in book.all()}
    finally:
        connection.close()
    assert numbers == {
        "Anna Schmidt": [("+49 (0)30 67065917", "+493067065917")],
        # Two spellings of one phone: kept once, as the contact book saves it.
        "London office": [("+44 (0)20 3369 3912", LONDON)],
        "Petro": [("+380 (067) 123-45-67", "+380671234567")],
    }


def test_settings_are_read_again(old_files: Path) -> None:
    settings = SettingsStore(old_files / "settings.json").load()
    assert settings.own_numbers == [OURS, "+442033693900"]
    assert settings.call_as == "+442033693900"
    assert settings.company_numbers == [OURS, "+442033693900", "4521"]


def test_the_dial_log_is_read_again_and_rewritten(old_files: Path) -> None:
    path = old_files / "dials.json"
    dials = DialLog(path).entries()
    assert [(d.number, d.calling) for d in dials] == [
        (LONDON, "+442033693900"),
        ("+380671234567", None),
    ]
    assert dials[0].at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    again = DialLog(path).entries()
    assert again == dials
    assert '"schema_version": 2' in path.read_text("utf-8")


def test_opening_the_upgraded_archive_again_changes_nothing(old_files: Path) -> None:
    path = old_files / "archive.sqlite3"
    CallArchive(path).open().close()
    before = path.read_bytes()
    with CallArchive(path) as archive:
        assert archive.count_calls(CallQuery()) == 9
    assert path.read_bytes() == before

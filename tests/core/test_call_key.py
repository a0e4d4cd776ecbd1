"""The call key: stable, short, typed in any case, the same from any spelling of the numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.archive.call_export import export_calls
from fmc_desktop.core.archive.call_import import import_files
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.notes.call_key import (
    KEY_LENGTH,
    call_key,
    key_number,
    keyed_record,
    number_of_key,
    parse_call_key,
    record_key,
    stored_key,
)
from fmc_desktop.core.notes.file_fields import without_own_fields
from tests.core.test_archive import call


def test_a_key_is_twelve_lower_case_crockford_characters_and_never_changes() -> None:
    key = call_key(1_700_000_000, "+380671234567", "+380441111111", 42)
    assert len(key) == KEY_LENGTH
    assert set(key) <= set("0123456789abcdefghjkmnpqrstvwxyz")
    # Fixed for ever (key version 1): a note written today finds its call in ten years.
    assert key == "hntnwf8m6dzc"


def test_every_part_of_the_identity_makes_another_key() -> None:
    base = (1_700_000_000, "+380671234567", "+380441111111", 42)
    keys = {
        call_key(*base),
        call_key(1_700_000_001, *base[1:]),
        call_key(base[0], "+380671234568", *base[2:]),
        call_key(*base[:2], "+380441111112", base[3]),
        call_key(*base[:3], 43),
        call_key(base[0], base[2], base[1], base[3]),  # the other way round
    }
    assert len(keys) == 6


def test_the_key_is_the_same_from_any_spelling_of_the_numbers() -> None:
    spellings = [
        call("2024-03-10 10:00:00", "0671234567", "0441111111", 60),
        call("2024-03-10 10:00:00", "+380671234567", "380441111111", 60),
        call("2024-03-10 10:00:00", "+38 (067) 123-45-67", "044 111 11 11", 60),
    ]
    assert len({record_key(r) for r in spellings}) == 1


def test_the_repeated_autumn_hour_gives_two_keys() -> None:
    first = call("2024-10-27 03:30:00", "0671234567", "0441111111", 0, fold_=0)
    second = call("2024-10-27 03:30:00", "0671234567", "0441111111", 0, fold_=1)
    assert record_key(first) != record_key(second)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("HN3WYT1RJ6J4", "hn3wyt1rj6j4"),
        ("hn3w-yt1r-j6j4", "hn3wyt1rj6j4"),
        (" hn3w yt1r j6j4 ", "hn3wyt1rj6j4"),
        ("hn3wytlrj6j4", "hn3wyt1rj6j4"),  # l read as 1
        ("HN3WYTIRJ6J4", "hn3wyt1rj6j4"),  # I read as 1
        ("0o0000000000", "000000000000"),  # o read as 0
    ],
)
def test_a_key_is_read_as_people_type_it(typed: str, meant: str) -> None:
    assert parse_call_key(typed) == meant


@pytest.mark.parametrize("typed", ["", "hn3wyt1rj6j", "hn3wyt1rj6j4x", "hn3wyt1rj6ju", "ключ"])
def test_what_cannot_be_a_key_is_refused_in_a_sentence(typed: str) -> None:
    with pytest.raises(InvalidInputError, match="is not a call key"):
        parse_call_key(typed)


@given(
    st.integers(0, 2**34),
    st.text(min_size=1, max_size=20),
    st.text(min_size=1, max_size=20),
    st.integers(0, 86400),
)
def test_any_key_reads_back_in_upper_case_with_dashes(
    start: int, calling: str, called: str, duration: int
) -> None:
    key = call_key(start, calling, called, duration)
    # The scans compare keys as numbers: the same 60 bits.
    assert number_of_key(key) == key_number(start, calling, called, duration)
    typed = "-".join(key[i : i + 4] for i in range(0, KEY_LENGTH, 4)).upper()
    assert parse_call_key(typed) == key


def test_the_archive_gives_a_stored_call_the_key_of_its_record(archive: CallArchive) -> None:
    records = [
        call("2024-03-10 10:00:00", "+38 067 123 45 67", "0441111111", 60),
        call("2024-03-10 10:05:00", "0441111111", "*100#", 0),  # not a number at all
    ]
    archive.add_calls(records)
    stored = archive.query_calls(CallQuery(order=Order.OLDEST_FIRST))
    assert [stored_key(s) for s in stored] == [record_key(r) for r in records]


def test_keys_survive_an_export_and_an_import_into_another_archive(
    archive: CallArchive, tmp_path: Path
) -> None:
    archive.add_calls(
        [
            call("2024-03-10 10:00:00", "0671234567", "0441111111", 60),
            # Across the autumn change: its end time tells which 03:50 it started at.
            call("2024-10-27 03:50:00", "380671234567", "0441111111", 1200),
        ]
    )
    before = {stored_key(s) for s in archive.query_calls(CallQuery())}
    target = tmp_path / "calls.json"
    with target.open("wb") as stream:
        export_calls(archive, CallQuery(), "json", stream)
    with CallArchive(tmp_path / "other.sqlite3") as other:
        import_files(other, [target])
        assert {stored_key(s) for s in other.query_calls(CallQuery())} == before


def test_a_call_field_the_api_sent_is_kept_and_the_key_goes_beside_it(
    archive: CallArchive,
) -> None:
    archive.add_calls(
        [call("2024-03-10 10:00:00", "0671234567", "0441111111", 60, extra={"call": "x"})]
    )
    (stored,) = archive.query_calls(CallQuery())
    keyed = keyed_record(stored)
    assert keyed.extra["call"] == "x"
    assert keyed.extra["fmc_call"] == stored_key(stored)
    # Read back from a file, the API's `call` stays a field of the call; the key does not.
    assert without_own_fields([keyed])[0][0].extra == {"call": "x"}


def test_history_output_imports_back_without_the_key_becoming_a_field(
    archive: CallArchive, tmp_path: Path
) -> None:
    archive.add_calls([call("2024-03-10 10:00:00", "0671234567", "0441111111", 60)])
    (stored,) = archive.query_calls(CallQuery())
    keyed = keyed_record(stored)
    rows = [keyed.to_api_dict()]
    assert rows[0]["call"] == stored_key(stored)
    for name, text in {
        "calls.json": json.dumps(rows),
        "calls.csv": ",".join(rows[0]) + "\n" + ",".join(str(v) for v in rows[0].values()) + "\n",
    }.items():
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        with CallArchive(tmp_path / f"{name}.sqlite3") as other:
            report = import_files(other, [source])
            assert report.files[0].new == 1, report.files[0]
            (back,) = other.query_calls(CallQuery())
            assert dict(back.record.extra) == {}
            assert stored_key(back) == stored_key(stored)

"""The history's column snapshot holds what the archive holds, and is never trusted otherwise."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.archive import repair
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import HistoryField, HistoryFilter, Scope
from fmc_desktop.core.history.snapshot import (
    COLUMNS,
    MANIFEST,
    SnapshotUnusable,
    read_snapshot,
    snapshot_folder,
    write_snapshot,
)
from fmc_desktop.core.system.local_data import delete_local_data
from fmc_desktop.core.system.paths import AppPaths

BASE = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
NAMES = [None, "Олена Петренко", "Ivan", "Їжак Ґонта"]
DEPARTMENTS = [None, "Продажі", "Support"]
NUMBERS = ["+380671234567", "0501112233", "+44 (0)20 7946 0958", "101", "067 555-44-33"]
EXTRAS: list[dict[str, ExtraValue]] = [
    {},
    {"queue": "sales"},
    {"queue": "support", "wait": 12},
    {"tag": True, "rate": 1.5},
]


def _call(i: int, *, at: datetime | None = None) -> CallRecord:
    start = at if at is not None else BASE + timedelta(minutes=7 * i, seconds=i % 3)
    return CallRecord(
        start=start,
        end=start + timedelta(seconds=(i * 13) % 300),
        calling_number=NUMBERS[i % len(NUMBERS)],
        called_number=NUMBERS[(i * 3 + 1) % len(NUMBERS)],
        duration=(i * 11) % 250,
        calling_name=NAMES[i % len(NAMES)],
        called_name=NAMES[(i + 1) % len(NAMES)],
        calling_department=DEPARTMENTS[i % len(DEPARTMENTS)],
        called_department=DEPARTMENTS[(i + 2) % len(DEPARTMENTS)],
        extra=EXTRAS[i % len(EXTRAS)],
    )


def _from_sql(archive: CallArchive) -> CallHistory:
    """The history as the loader builds it without a snapshot: SQL rows, newest first."""
    history = CallHistory(own_numbers=["+380671234567"], company_numbers=["0501112233"])
    for rows in archive.iter_rows(CallQuery(), chunk=37):
        history.extend(CallBatch.from_rows(rows))
    return history


def _stamped(archive: CallArchive) -> str:
    stamp = archive.change_stamp()
    assert stamp is not None
    return stamp


def _written(archive: CallArchive) -> Path:
    folder = snapshot_folder(archive.path)
    write_snapshot(folder, _from_sql(archive).snapshot_content(_stamped(archive)))
    return folder


def _assert_same(loaded: CallHistory, expected: CallHistory) -> None:
    assert len(loaded) == len(expected)
    for name in ("call_ids", "start", "duration", "calling", "called", "extras"):
        assert np.array_equal(getattr(loaded, name), getattr(expected, name)), name
    assert loaded.party_count == expected.party_count
    for p in range(expected.party_count):
        assert loaded.party(p) == expected.party(p)
        assert loaded.party_canonical(p) == expected.party_canonical(p)
    assert loaded.extra_fields == expected.extra_fields
    for i in range(len(expected)):
        assert loaded.record(i) == expected.record(i)
        assert loaded.record(i).extra == expected.record(i).extra
        for scope in Scope:
            assert loaded.other_party_text(i, scope) == expected.other_party_text(i, scope)
            assert loaded.subscriber_text(i, scope) == expected.subscriber_text(i, scope)
    for scope in Scope:
        for field in (HistoryField.TIME, HistoryField.OTHER_PARTY, HistoryField.DEPARTMENT):
            for text in ("", "олена", "olena", "067", "продаж"):
                flt = HistoryFilter(scope=scope, text=text)
                assert np.array_equal(loaded.select(flt, field), expected.select(flt, field))


def _reloaded(folder: Path, archive: CallArchive) -> CallHistory:
    history = CallHistory(own_numbers=["+380671234567"], company_numbers=["0501112233"])
    history.load_base(read_snapshot(folder, _stamped(archive)))
    return history


def test_a_snapshot_holds_exactly_what_the_archive_load_holds(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(300)])
    archive.add_calls([_call(i, at=BASE + timedelta(minutes=5)) for i in range(300, 306)])
    folder = _written(archive)
    _assert_same(_reloaded(folder, archive), _from_sql(archive))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 5000), st.integers(0, 40)), min_size=1, max_size=60, unique=True
    )
)
def test_any_archive_round_trips(tmp_path_factory: pytest.TempPathFactory, calls: list) -> None:
    folder = tmp_path_factory.mktemp("archive")
    with CallArchive(folder / "calls.sqlite3") as archive:
        archive.add_calls([_call(n, at=BASE + timedelta(seconds=s)) for s, n in calls])
        written = _written(archive)
        _assert_same(_reloaded(written, archive), _from_sql(archive))


def test_the_columns_are_mapped_from_the_files_not_copied(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(50)])
    history = _reloaded(_written(archive), archive)
    assert isinstance(history.start.base, np.memmap) or isinstance(history.start, np.memmap)
    history.reserve(200)  # room is asked for, but the file's pages are kept until a call comes
    assert not history.start.flags.writeable
    history.extend(CallBatch.from_records([_call(1000)], first_id=1 << 40))
    assert len(history) == 51
    assert history.start.flags.writeable
    assert history.call_id(50) == 1 << 40


def test_the_files_are_the_users_alone(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(5)])
    folder = _written(archive)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_new_snapshot_replaces_the_old_files(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(5)])
    folder = _written(archive)
    first = set(os.listdir(folder))
    archive.add_calls([_call(i) for i in range(5, 9)])
    _written(archive)
    second = set(os.listdir(folder))
    assert len(first) == len(second) == len(COLUMNS) + 3
    assert first & second == {MANIFEST}
    assert len(_reloaded(folder, archive)) == 9


# --- stale: every way the archive's calls change --------------------------------------------


def _unusable(folder: Path, archive: CallArchive, why: str = "") -> None:
    with pytest.raises(SnapshotUnusable, match=why):
        read_snapshot(folder, _stamped(archive))


def test_inserted_calls_keep_the_snapshot_and_are_found_by_id(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(40)])
    folder = _written(archive)
    base = read_snapshot(folder, _stamped(archive))
    # A sync's newer calls: above the highest id. An import's older ones: the count up to it.
    archive.add_calls([_call(1000)])
    assert archive.count_up_to(base.highest_id) == base.count
    archive.add_calls([_call(0, at=BASE - timedelta(days=3))])
    assert read_snapshot(folder, _stamped(archive)).count == 40
    assert archive.count_up_to(base.highest_id) == base.count + 1
    stored = archive.call_ids_up_to(base.highest_id)
    added = set(stored) - set(base.columns["call_ids"].tolist())
    assert len(added) == 1
    assert min(added) < base.highest_id


def test_forgetting_calls_makes_the_snapshot_stale(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(40)])
    folder = _written(archive)
    assert archive.forget_before(BASE + timedelta(hours=1)) > 0
    _unusable(folder, archive, "changed")


def test_a_merge_that_fills_a_stored_call_makes_it_stale(archive: CallArchive) -> None:
    bare = CallRecord(BASE, BASE + timedelta(seconds=30), "0501112233", "0671234567", 30)
    archive.add_calls([bare])
    folder = _written(archive)
    named = CallRecord(
        BASE, BASE + timedelta(seconds=30), "0501112233", "0671234567", 30, calling_name="Ivan"
    )
    archive.add_calls([named])
    _unusable(folder, archive, "changed")


def test_any_rewrite_of_a_call_makes_it_stale(archive: CallArchive) -> None:
    # Number migrations and any later write path go through SQL on the same table.
    archive.add_calls([_call(i) for i in range(10)])
    folder = _written(archive)
    archive.close()
    with sqlite3.connect(archive.path) as connection:
        connection.execute(
            "UPDATE calls SET calling_raw = '0671111111' WHERE id = (SELECT min(id) FROM calls)"
        )
    archive.open()
    _unusable(folder, archive, "changed")


def test_a_salvaged_archive_is_a_new_one(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(10)])
    folder = _written(archive)
    path = archive.path
    archive.close()
    repair.salvage(path, BASE + timedelta(days=2))
    archive.open()
    _unusable(folder, archive, "changed")


def test_delete_all_local_data_takes_the_snapshot_too(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l").ensure()
    with CallArchive(paths.archive_file) as archive:
        archive.add_calls([_call(i) for i in range(10)])
        folder = _written(archive)
    assert folder.parent == paths.data
    assert delete_local_data(paths, demo=False) == []
    assert not folder.exists()


# --- damaged: detected, not trusted ------------------------------------------------------------


def _file_of(folder: Path, name: str) -> Path:
    manifest = json.loads((folder / MANIFEST).read_text())
    return folder / manifest["body"]["files"][name]["file"]


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda f: f.joinpath(MANIFEST).unlink(), "none yet"),
        (lambda f: _flip(f / MANIFEST, 40), "manifest"),
        (lambda f: _flip(_file_of(f, "start"), -3), "damaged"),
        (lambda f: _flip(_file_of(f, "party_table"), 10), "damaged"),
        (
            lambda f: _file_of(f, "calling").write_bytes(_file_of(f, "calling").read_bytes()[:-8]),
            "cut short",
        ),
        (lambda f: _file_of(f, "extras").unlink(), "cannot be read"),
        (lambda f: f.joinpath(MANIFEST).write_text("{"), "manifest"),
    ],
)
def test_a_damaged_snapshot_is_refused(archive: CallArchive, damage, why: str) -> None:
    archive.add_calls([_call(i) for i in range(30)])
    folder = _written(archive)
    damage(folder)
    _unusable(folder, archive, why)


def test_another_format_is_refused(archive: CallArchive) -> None:
    archive.add_calls([_call(i) for i in range(3)])
    folder = _written(archive)
    document = json.loads((folder / MANIFEST).read_text())
    document["body"]["format"] = 99
    text = json.dumps(document["body"], sort_keys=True, separators=(",", ":"))
    import zlib

    document["crc32"] = zlib.crc32(text.encode())
    (folder / MANIFEST).write_text(json.dumps(document))
    _unusable(folder, archive, "format 99")


def test_an_index_past_its_table_is_refused_even_with_a_matching_checksum(
    archive: CallArchive,
) -> None:
    archive.add_calls([_call(i) for i in range(3)])
    history = _from_sql(archive)
    content = history.snapshot_content(_stamped(archive))
    columns = dict(content.columns)
    columns["calling"] = np.full(3, 99, dtype=np.int32)
    folder = snapshot_folder(archive.path)
    from dataclasses import replace

    write_snapshot(folder, replace(content, columns=columns))
    _unusable(folder, archive, "outside its table")

"""Notes and tags in the archive: an event log never overwritten, its current state, its merge
by event id, and what `forget` does to them."""

from __future__ import annotations

import io
import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import InvalidInputError, InvalidNumberError
from fmc_desktop.core.archive.queries import CallQuery, Order, StoredCall
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.notes.call_key import stored_key
from fmc_desktop.core.notes.events import (
    Event,
    EventLog,
    Kind,
    Target,
    TargetKind,
    call_target,
    number_target,
)
from fmc_desktop.core.notes.lookup import find_call
from fmc_desktop.core.notes.notebook import Notebook, call_identity, current_state, default_colour
from fmc_desktop.core.notes.transfer import import_notes, is_notes_document, write_events
from tests.core.test_archive import call

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def calls(archive: CallArchive) -> list[StoredCall]:
    archive.add_calls(
        [
            call("2024-01-10 10:00:00", "0671234567", "0441111111", 60),
            call("2024-02-10 10:00:00", "0441111111", "0671234567", 0),
            call("2024-03-10 10:00:00", "0501234567", "0441111111", 30),
        ]
    )
    return archive.query_calls(CallQuery(order=Order.OLDEST_FIRST))


def notebook(archive: CallArchive, clock: ManualClock, name: str = "Olena") -> Notebook:
    return Notebook(EventLog(archive, author_name=name, clock=clock))


def test_a_new_note_is_a_new_event_and_the_old_one_stays(
    archive: CallArchive, clock: ManualClock
) -> None:
    book = notebook(archive, clock)
    olena = number_target("+38 (067) 123-45-67")
    assert olena == Target(TargetKind.NUMBER, "+380671234567")
    book.write_note(olena, "supplier, ask for Olena")
    clock.advance(timedelta(minutes=5))
    book.write_note(number_target("0671234567"), "  owes 12,000 UAH ")
    assert book.note(olena) == "owes 12,000 UAH"
    history = book.note_history([olena])
    assert [e.value for e in history] == ["supplier, ask for Olena", "owes 12,000 UAH"]
    assert history[1].at - history[0].at == timedelta(minutes=5)
    assert {e.author_name for e in history} == {"Olena"}
    author = book.log.author()
    assert len(author.id) == 32
    assert {e.author for e in history} == {author.id}
    book.write_note(olena, "")  # clearing is one more event
    assert book.note(olena) == ""
    assert len(book.note_history([olena])) == 3


def test_the_author_id_is_made_once_per_archive_and_kept(
    archive: CallArchive, clock: ManualClock, tmp_path: Path
) -> None:
    assert EventLog(archive).author().id == ""  # nothing written yet: no id made
    notebook(archive, clock).write_note(number_target("0671234567"), "a")
    first = EventLog(archive).author().id
    notebook(archive, clock, "Petro").write_note(number_target("0671234567"), "b")
    assert EventLog(archive).author().id == first
    with CallArchive(tmp_path / "other.sqlite3") as other:
        notebook(other, clock).write_note(number_target("0671234567"), "c")
        assert EventLog(other).author().id != first


def test_a_bad_number_or_key_is_refused_as_bad_input() -> None:
    with pytest.raises(InvalidNumberError):
        number_target("not a number")
    with pytest.raises(InvalidInputError, match="is not a call key"):
        call_target("123")


def test_a_call_is_found_by_its_key_in_any_spelling(
    archive: CallArchive, calls: list[StoredCall]
) -> None:
    key = stored_key(calls[1])
    assert find_call(archive, key.upper()[:4] + "-" + key.upper()[4:]) == calls[1]
    with pytest.raises(InvalidInputError, match="No call in the archive has the key"):
        find_call(archive, "000000000000")


def test_tags_are_one_vocabulary_matched_without_case(
    archive: CallArchive, clock: ManualClock, calls: list[StoredCall]
) -> None:
    book = notebook(archive, clock)
    first = Target(TargetKind.CALL, stored_key(calls[0]))
    second = Target(TargetKind.CALL, stored_key(calls[1]))
    assert book.add_tags(first, ["VIP", "order", "vip"]) == ["VIP", "order"]
    assert book.add_tags(second, ["Vip", "complaint"]) == ["VIP", "complaint"]
    assert book.add_tags(second, ["complaint"]) == []
    assert book.tags_of(first) == ["order", "VIP"]
    assert book.remove_tags(first, ["vip", "spam"]) == ["VIP"]
    assert book.tags_of(first) == ["order"]
    vocabulary = {t.name: t for t in book.vocabulary()}
    assert set(vocabulary) == {"VIP", "order", "complaint"}
    assert vocabulary["VIP"].uses == 1
    assert vocabulary["VIP"].colour == default_colour("vip")
    book.set_colour("vip", "#00FF00")
    assert {t.name: t.colour for t in book.vocabulary()}["VIP"] == "#00ff00"
    book.set_colour("spam", "#111111")  # a tag can be made before it is used
    assert {t.name: t.uses for t in book.vocabulary()}["spam"] == 0
    with pytest.raises(InvalidInputError, match="not a colour"):
        book.set_colour("spam", "red")
    for bad in ("", "a,b", "#hash", "x" * 41):
        with pytest.raises(InvalidInputError, match="cannot be a tag"):
            book.add_tags(first, [bad])


def _event(ident: int, at: int, kind: Kind, value: str) -> Event:
    target = Target(TargetKind.NUMBER, "+380671234567")
    return Event(f"{ident:032x}", T0 + timedelta(seconds=at), "a" * 32, "x", kind, target, value)


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(["VIP", "vip", "order"]), st.booleans()),
        max_size=12,
    )
)
def test_the_current_state_does_not_depend_on_the_order_events_arrive_in(
    steps: list[tuple[int, str, bool]],
) -> None:
    events = [
        _event(n, at, Kind.TAG_ADD if add else Kind.TAG_REMOVE, tag)
        for n, (at, tag, add) in enumerate(steps)
    ] + [_event(100 + n, at, Kind.NOTE, tag) for n, (at, tag, _) in enumerate(steps)]
    shuffled = list(events)
    random.Random(len(steps)).shuffle(shuffled)
    one, other = current_state(events), current_state(shuffled)
    assert one.tags == other.tags
    assert one.notes == other.notes
    # By brute force: a tag is on when its latest add/remove (by time, then id) is an add.
    latest: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: e.order):
        if event.kind is not Kind.NOTE:
            latest[event.value.casefold()] = event
    on = {folded for folded, e in latest.items() if e.kind is Kind.TAG_ADD}
    target = Target(TargetKind.NUMBER, "+380671234567")
    assert {t.casefold() for t in one.tags_of(target)} == on


def test_a_notes_file_imports_into_another_archive_once(
    archive: CallArchive, clock: ManualClock, calls: list[StoredCall], tmp_path: Path
) -> None:
    book = notebook(archive, clock)
    target = Target(TargetKind.CALL, stored_key(calls[0]))
    book.write_note(target, "promised the invoice by Friday", identity=call_identity(calls[0]))
    book.add_tags(target, ["order"])
    book.set_colour("order", "#123456")
    path = tmp_path / "notes.json"
    with path.open("wb") as stream:
        assert write_events(book.log, stream) == 3
    assert is_notes_document(path.read_bytes()[:64])
    assert not is_notes_document(b'[{"start_timestamp": 1}]')
    with CallArchive(tmp_path / "other.sqlite3") as other:
        log = EventLog(other, clock=clock)
        first = import_notes(log, path)
        assert (first.new, first.known, first.rejected) == (3, 0, [])
        again = import_notes(log, path)
        assert (again.new, again.known) == (0, 3)
        assert list(log) == list(book.log)
        assert Notebook(log).note(target) == "promised the invoice by Friday"


def test_a_notes_file_with_bad_events_keeps_the_good_ones(
    archive: CallArchive, clock: ManualClock, tmp_path: Path
) -> None:
    book = notebook(archive, clock)
    book.write_note(number_target("0671234567"), "kept")
    out = io.BytesIO()
    write_events(book.log, out)
    document = json.loads(out.getvalue())
    document["events"] += [
        {"id": "x"},
        "not an event",
        {**document["events"][0], "kind": "?"},
        {**document["events"][0], "id": "f" * 32, "target": "call:not-a-key"},
    ]
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with CallArchive(tmp_path / "other.sqlite3") as other:
        outcome = import_notes(EventLog(other), path)
    assert outcome.new == 1
    assert [r.split(":")[0] for r in outcome.rejected] == [
        "event 2",
        "event 3",
        "event 4",
        "event 5",
    ]
    path.write_text('{"fmc_notes": 99, "events": []}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a notes file of this version"):
        import_notes(EventLog(archive), path)


def test_forget_deletes_the_notes_of_the_calls_it_deletes_and_keeps_number_notes(
    archive: CallArchive, clock: ManualClock, calls: list[StoredCall]
) -> None:
    book = notebook(archive, clock)
    targets = [Target(TargetKind.CALL, stored_key(c)) for c in calls]
    for target in targets:
        book.write_note(target, f"about {target.name}")
        book.add_tags(target, ["order"])
    book.write_note(number_target("0671234567"), "supplier")
    archive.forget_before(datetime(2024, 3, 1, tzinfo=UTC))
    state = book.state()
    assert [state.note(t) for t in targets] == ["", "", f"about {targets[2].name}"]
    assert [state.tags_of(t) for t in targets] == [[], [], ["order"]]
    assert state.note(number_target("0671234567")) == "supplier"
    with sqlite3.connect(archive.path) as db:
        kept = {t for (t,) in db.execute("SELECT DISTINCT target FROM note_events")}
    assert kept == {targets[2].text, "number:+380671234567"}


def test_forget_keeps_the_notes_when_asked(
    archive: CallArchive, clock: ManualClock, calls: list[StoredCall]
) -> None:
    book = notebook(archive, clock)
    target = Target(TargetKind.CALL, stored_key(calls[0]))
    book.write_note(target, "kept")
    assert archive.forget_before(datetime(2024, 3, 1, tzinfo=UTC), keep_notes=True) == 2
    assert book.note(target) == "kept"


def test_a_note_longer_than_ten_thousand_characters_is_refused_and_nothing_saved(
    archive: CallArchive, clock: ManualClock
) -> None:
    book = notebook(archive, clock)
    with pytest.raises(InvalidInputError, match="Nothing was saved"):
        book.write_note(number_target("0671234567"), "x" * 10_001)
    assert list(book.log) == []


def test_notes_search_keeps_the_querys_period_and_direction(
    archive: CallArchive, clock: ManualClock, calls: list[StoredCall]
) -> None:
    from fmc_desktop.core.archive.queries import Direction
    from fmc_desktop.core.notes.search import noted_calls

    book = notebook(archive, clock)
    for stored in calls:
        book.add_tags(Target(TargetKind.CALL, stored_key(stored)), ["order"])
    book.write_note(number_target("0501234567"), "Постачальник")
    everything = noted_calls(archive, CallQuery(search="ORDER"))
    assert everything == calls
    march = CallQuery(search="order", start=datetime(2024, 2, 1, tzinfo=UTC))
    assert noted_calls(archive, march) == calls[1:]
    incoming = CallQuery(
        search="order", numbers=frozenset(["0441111111"]), direction=Direction.INCOMING
    )
    assert noted_calls(archive, incoming) == [calls[0], calls[2]]
    by_number_note = CallQuery(search="postachalnyk", numbers=frozenset(["0441111111"]))
    assert noted_calls(archive, by_number_note) == [calls[2]]
    assert noted_calls(archive, CallQuery(search="nothing like it")) == []

"""One search for the whole app: the archive, the history table and the contacts answer alike.

Each case runs against the real parts: an archive in an SQLite file in a tmp folder, the history
table's column store loaded from that archive as the window loads it, and the contact directory
over a contact book in the same file.
"""

from __future__ import annotations

import sqlite3
import string
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.kyiv import from_utc
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.schema import SCHEMA_VERSION
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import HistoryFilter, Scope
from fmc_desktop.core.search.matching import (
    NAME_VARIANTS,
    SEARCH_TEXT_VERSION,
    grow,
    holds_its_pieces,
    is_number_like,
    loose_key,
    number_pieces,
    query_terms,
)

START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
ME = "0671112233"


def _call(
    i: int,
    calling: str,
    called: str,
    calling_name: str | None = None,
    called_name: str | None = None,
    calling_department: str | None = None,
    called_department: str | None = None,
) -> CallRecord:
    begin = START + timedelta(minutes=7 * i)
    return CallRecord(
        from_utc(begin),
        from_utc(begin + timedelta(seconds=30)),
        calling,
        called,
        30,
        calling_name,
        called_name,
        calling_department,
        called_department,
    )


class Stores:
    """The three searches over the same people: archive, history table, contacts."""

    def __init__(self, path: Path, people: list[tuple[str, str, str]]) -> None:
        self.archive = CallArchive(path).open()
        records = [
            _call(i, number, ME, name, None, dept) for i, (name, number, dept) in enumerate(people)
        ]
        self.archive.add_calls(records)
        self.history = _loaded(self.archive)
        self._db = sqlite3.connect(path)
        book = ContactBook(self._db)
        for name, number, dept in people:
            book.add(Contact(name=name, numbers=[ContactNumber.of(number)], department=dept))
        self.directory = Directory(book)

    def close(self) -> None:
        self.archive.close()
        self._db.close()

    def archive_numbers(self, query: str) -> set[str]:
        return {c.record.calling_number for c in self.archive.iter_calls(CallQuery(search=query))}

    def table_numbers(self, query: str) -> set[str]:
        rows = self.history.select(HistoryFilter(text=query, scope=Scope.PBX))
        return {self.history.record(int(i)).calling_number for i in rows}

    def contact_numbers(self, query: str) -> set[str]:
        return {
            m.number.raw
            for m in self.directory.search(query, limit=50)
            if m.contact is not None and m.number is not None
        }


def _loaded(archive: CallArchive) -> CallHistory:
    """The window's column store, filled from the archive the way the window's loader does."""
    history = CallHistory()
    for rows in archive.iter_rows(CallQuery()):
        history.extend(CallBatch.from_rows(rows))
    return history


PEOPLE = [
    ("Тарас Шевченко", "0501000001", "Склад"),
    ("Олександр Коваль", "0501000002", ""),
    ("Олексій Бондар", "0501000003", ""),
    ("Алексей Петров", "0501000004", "Київ"),
    ("Юлія Ткачук", "0501000005", "Харків"),
    ("Zoë Müller", "+49 30 1234567", ""),
    ("Мар’яна Щербак", "0671234567", "Бухгалтерія"),
]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Stores]:
    made = Stores(tmp_path / "calls.sqlite3", PEOPLE)
    yield made
    made.close()


def _corpus() -> list[tuple[str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            saved, typed, source = line.split("\t")
            rows.append((saved, typed, source))
    return rows


CORPUS = Path(__file__).resolve().parents[1] / "data" / "search" / "spellings.tsv"
SPELLINGS = _corpus()
SAVED = list(dict.fromkeys(saved for saved, _, _ in SPELLINGS))


def _number_of(saved: str) -> str:
    return f"0502{SAVED.index(saved):06d}"


@pytest.fixture(scope="module")
def spelling_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stores]:
    people = [(saved, _number_of(saved), "") for saved in SAVED]
    made = Stores(tmp_path_factory.mktemp("spellings") / "calls.sqlite3", people)
    yield made
    made.close()


@pytest.mark.parametrize(("saved", "typed", "source"), SPELLINGS, ids=lambda v: str(v)[:20])
def test_the_spellings_people_type_find_the_name_everywhere(
    spelling_stores: Stores, saved: str, typed: str, source: str
) -> None:
    number = _number_of(saved)
    assert number in spelling_stores.archive_numbers(typed), source
    assert number in spelling_stores.table_numbers(typed), source
    assert number in spelling_stores.contact_numbers(typed), source


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("Olexiy", "0501000003"),
        ("Alexey", "0501000004"),  # the Russian name Алексей
        ("Kiev", "0501000004"),  # a department named after the city
        ("Kharkov", "0501000005"),
        ("buhgalteria", "0671234567"),
        ("olexandr koval", "0501000002"),  # one term by sound, one exactly
        ("alexei kiev", "0501000004"),  # two by sound, name and department
    ],
)
def test_spellings_in_names_and_departments_together(
    stores: Stores, query: str, number: str
) -> None:
    assert number in stores.archive_numbers(query)
    assert number in stores.table_numbers(query)
    assert number in stores.contact_numbers(query)


@pytest.mark.parametrize(
    "query",
    ["067–123", "067—123", "067/123", "067.123", "(067) 123", "067-12-34", "067 123 45 67",
     "+380 67 123", "067\u00a0123", "71234", "380671234567"],
)  # fmt: skip
def test_a_number_with_any_separator_finds_it_everywhere(stores: Stores, query: str) -> None:
    assert is_number_like(query)
    assert stores.archive_numbers(query) == {"0671234567"}
    assert stores.table_numbers(query) == {"0671234567"}
    assert stores.contact_numbers(query) == {"0671234567"}


@pytest.mark.parametrize("query", ["Kovalenko", "Petrenko", "Olena", "0999", "Alexandra"])
def test_spellings_do_not_find_the_wrong_people(stores: Stores, query: str) -> None:
    assert stores.archive_numbers(query) == set()
    assert stores.table_numbers(query) == set()
    assert stores.contact_numbers(query) == set()


def test_every_spelling_in_the_variant_table_finds_its_first_form() -> None:
    from fmc_desktop.core.search.matching import grow, text_pieces

    for group in NAME_VARIANTS:
        text = grow("", text_pieces(group[0]))
        for spelling in group:
            terms = query_terms(spelling)
            assert all(any(a in text for a in t.alternatives) for t in terms), (group, spelling)


def test_the_loose_rules_join_the_spellings_named_in_the_issue() -> None:
    assert loose_key("szewczenko") == loose_key("shevchenko")
    assert loose_key("olexandr") == loose_key("oleksandr")
    assert loose_key("olexiy") == loose_key("oleksii")
    assert loose_key("alexey") == loose_key("aleksei") == loose_key("alexei")


def test_a_query_splits_into_terms_the_same_way_for_everyone() -> None:
    assert [t.digits for t in query_terms("067–123 45")] == ["06712345"]
    assert [(t.latin, t.digits) for t in query_terms("olena 067/12")] == [
        ("olena", ""),
        ("06712", "06712"),
    ]
    assert query_terms(" - ") == ()  # punctuation alone looks for nothing
    assert query_terms("") == ()


# --- the archive's stored text ------------------------------------------------------------------


def test_an_archive_searched_by_older_rules_is_brought_up_to_date_at_open(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as archive:
        archive.add_calls([_call(0, "0501000002", ME, "Олександр Коваль")])
    # What the previous release stored: folded text only, and no mark of the rules.
    with sqlite3.connect(path) as db:
        db.execute("UPDATE parties SET search = number")
        db.execute("DELETE FROM meta WHERE key = 'search_text'")
    with CallArchive(path) as archive:
        assert archive.count_calls(CallQuery(search="Alexander")) == 1
        assert archive.count_calls(CallQuery(search="олександр")) == 1
    with sqlite3.connect(path) as db:
        mark = db.execute("SELECT value FROM meta WHERE key = 'search_text'").fetchone()
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
    assert mark == (str(SEARCH_TEXT_VERSION),)
    assert user_version == SCHEMA_VERSION  # the rebuild changes no schema


def test_a_busy_archive_opens_with_its_old_search_text(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallArchive(path) as archive:
        archive.add_calls([_call(0, "0501000002", ME, "Олександр Коваль")])
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta WHERE key = 'search_text'")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process importing
    try:
        with CallArchive(path) as archive:
            assert archive.count_calls(CallQuery(search="коваль")) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with CallArchive(path) as archive:  # the next open catches up
        assert archive.count_calls(CallQuery(search="Alexander")) == 1


# --- the archive and the table agree ------------------------------------------------------------

_NAMES = ["Олександр", "Олексій", "Алексей", "Шевченко", "Мар’яна", "Olena", "Zoë", "Київ", ""]
_NUMBERS = ["0671234567", "380671234567", "+380 (67) 123-45-67", "0501000002", "+48221234567",
            "101", "*111#", "80671234568", "Anonymous"]  # fmt: skip
_QUERY_PIECES = ["олек", "alex", "Szewczenko", "kiev", "067–123", "067/12", "45", "101", "ʼ",
                 "Zoe", "aleksandr", "-", "*111", "mar'", "anon", "0", "22 1"]  # fmt: skip

_party = st.tuples(
    st.sampled_from(_NUMBERS),
    st.sampled_from(_NAMES) | st.text(string.ascii_letters + "ійїєґщłøë-’ʼ' ", max_size=8),
    st.sampled_from(["", "Склад", "Kharkov", "Бухгалтерія"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    calls=st.lists(st.tuples(_party, _party), min_size=1, max_size=12),
    query=st.lists(st.sampled_from(_QUERY_PIECES) | st.text(max_size=4), max_size=3).map(" ".join),
)
def test_the_archive_and_the_table_find_the_same_calls(
    tmp_path_factory: pytest.TempPathFactory,
    calls: list[tuple[tuple[str, str, str], ...]],
    query: str,
) -> None:
    path = tmp_path_factory.mktemp("agree") / "calls.sqlite3"
    records = [
        _call(i, a[0], b[0], a[1] or None, b[1] or None, a[2] or None, b[2] or None)
        for i, (a, b) in enumerate(calls)
    ]
    with CallArchive(path) as archive:
        archive.add_calls(records)
        history = _loaded(archive)
        found_by_archive = {
            row[0] for rows in archive.iter_rows(CallQuery(search=query)) for row in rows
        }
        counted = archive.count_calls(CallQuery(search=query))
    table = history.select(HistoryFilter(text=query, scope=Scope.PBX))
    found_by_table = {history.call_id(int(i)) for i in table}
    assert found_by_table == found_by_archive
    assert counted == len(found_by_archive)


@pytest.mark.parametrize(
    ("number", "holds"),
    [
        ("+380671234567", True),
        ("+380441234567", True),
        ("+38067123456", False),  # one digit short: not the shape whose forms it holds
        ("+3806712345678", False),
        ("+442079460958", False),
        ("+380６71234567", False),  # a fullwidth digit is a digit, but not the API's
        ("*111#", False),
        ("Anonymous", False),
    ],
)
def test_a_number_that_holds_its_pieces_is_searched_by_itself(number: str, holds: bool) -> None:
    # The import's shortcut: such a number's text is itself, and its API spellings add nothing.
    assert holds_its_pieces(number) is holds
    if holds:
        national, international = "0" + number[4:], number[1:]
        assert grow("", [*number_pieces(number), national, international]) == number

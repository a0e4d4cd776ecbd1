"""The contact directory: the user's own contacts, the PBX's address book, and search as you type.

Two kinds of entry share one list. The user's own contacts are theirs to add, edit, favour and
delete. PBX entries are learnt from the call archive: with `names=on`/`departments=on` the API
tells who was behind each number, so every person the company's address book knows becomes an
entry with every number they used. Learning never touches an own contact, and in search an own
contact that has a number hides the PBX entry's copy of it: what the user wrote wins.

Both live in the archive's SQLite file, in tables created by `ensure_schema` (which the archive's
migration calls) so one copy of that file carries the whole history and its directory.

Search (`Directory.search`) answers a keystroke from precomputed keys, by the rules of
`core.search` that the archive and the history table follow too: each entry's names and
departments folded twice, once to Latin (Cyrillic transliterated per the 2010 passport rules,
accents dropped) and once keeping the Cyrillic, so `olena`, `Олена` and `OLENA` meet on one side or
the other; a looser "sound skeleton" catches other spellings (`Yuliia`/`Julia`, `Szewczenko`,
`Alexander` for Олександр, `Kiev`) after every exact match. Numbers are matched on their digits
in the canonical and the national form, whatever the separators, so `4567`, `067 123`, `067–123`
and `+38067` all find `+380671234567`.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from typing import Final, NamedTuple

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import InvalidInputError, InvalidNumberError
from fmc_desktop.core.contacts.collation import sort_key
from fmc_desktop.core.numbers.phone import (
    NumberKind,
    PhoneNumber,
    canonical,
    digits_of,
    parse_number,
)
from fmc_desktop.core.search.matching import (
    Term,
    is_number_like,
    query_terms,
    search_keys,
    sound_lines,
)
from fmc_desktop.core.search.matching import (
    latin_key as latin_key,  # re-exported, as are the keys below
)
from fmc_desktop.core.search.matching import loose_key as loose_key
from fmc_desktop.core.search.matching import number_forms as search_number_forms
from fmc_desktop.core.search.matching import script_key as script_key
from fmc_desktop.core.search.translit import fold

_log = logging.getLogger(__name__)

# --- schema -------------------------------------------------------------------------------------

# Idempotent, and free of transaction control, so the archive can run these inside its own
# migration transaction and a bare connection (tests, tools) can run them at any time.
SCHEMA_STATEMENTS: Final[tuple[str, ...]] = (
    """CREATE TABLE IF NOT EXISTS contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
        source TEXT NOT NULL DEFAULT 'own' CHECK (source IN ('own', 'pbx'))
    )""",
    """CREATE TABLE IF NOT EXISTS contact_numbers (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,        -- the order the user put them in
        number_raw TEXT NOT NULL,         -- as written, kept for showing and exporting
        canonical TEXT NOT NULL,          -- numbers.canonical(): what calls are matched by
        label TEXT NOT NULL DEFAULT '',   -- mobile, work, home... or the user's own word
        PRIMARY KEY (contact_id, position)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS contact_numbers_by_canonical ON contact_numbers(canonical)",
)


def ensure_schema(connection: sqlite3.Connection) -> None:
    """Create the directory's tables in `connection`'s database if they are missing."""
    for statement in SCHEMA_STATEMENTS:
        connection.execute(statement)


# How many writes a Directory may fall behind and still catch up contact by contact.
CHANGE_LOG_LENGTH: Final = 64

# --- the model ----------------------------------------------------------------------------------


class ContactSource(StrEnum):
    OWN = "own"  # added, edited or imported by the user
    PBX = "pbx"  # learnt from the names and departments the API gave with calls


@dataclass(frozen=True, slots=True)
class ContactNumber:
    raw: str  # as the user or the file wrote it
    canonical: str  # the form calls are matched by (numbers.canonical)
    label: str = ""  # "mobile", "work", "home", "fax"… or any word of the user's

    @classmethod
    def of(cls, raw: str, label: str = "") -> ContactNumber:
        return cls(raw.strip(), canonical(raw), label.strip())


@dataclass(slots=True, kw_only=True)
class Contact:
    id: int | None = None  # None until the book stores it
    name: str
    numbers: list[ContactNumber] = field(default_factory=list)
    organisation: str = ""
    department: str = ""
    email: str = ""
    note: str = ""
    favourite: bool = False
    source: ContactSource = ContactSource.OWN

    def number_for(self, canonical_number: str) -> ContactNumber | None:
        return next((n for n in self.numbers if n.canonical == canonical_number), None)


@dataclass(frozen=True, slots=True)
class LearnReport:
    added: int  # PBX entries that did not exist before
    updated: int  # PBX entries that gained a number or changed department
    removed: int  # PBX entries whose every number went to someone else


@dataclass(frozen=True, slots=True)
class MergeReport:
    added: list[Contact]
    merged: list[Contact]  # existing contacts that took in an incoming one, as they are now


# --- the store ----------------------------------------------------------------------------------


class ContactBook:
    """The user's contacts and the PBX directory, in tables of the archive's database.

    Give it its own connection to the archive file (or the archive's, used from one thread at a
    time): one ContactBook serialises its own calls, but cannot see another object's use of a
    shared connection.
    """

    ensure_schema = staticmethod(ensure_schema)

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self._revision = 0
        # (revision, ids of the contacts that write touched): what a Directory needs to re-read.
        self._changes: deque[tuple[int, frozenset[int]]] = deque(maxlen=CHANGE_LOG_LENGTH)
        with self._lock:
            ensure_schema(connection)

    @property
    def revision(self) -> int:
        """Goes up with every change made through this book, so a Directory knows to reload."""
        return self._revision

    def changes_since(self, revision: int) -> frozenset[int] | None:
        """Ids of the contacts added, changed or deleted after `revision`; None if not known."""
        if revision == self._revision:
            return frozenset()
        wanted = [ids for at, ids in self._changes if at > revision]
        if len(wanted) != self._revision - revision:
            return None  # older than the log reaches
        return frozenset().union(*wanted)

    # --- reading --------------------------------------------------------------------------------

    def get(self, contact_id: int) -> Contact | None:
        with self._lock:
            found = self._load("WHERE c.id = ?", (contact_id,))
        return found[0] if found else None

    def all(self) -> list[Contact]:
        """Every contact, own and PBX, in name order."""
        with self._lock:
            contacts = self._load("", ())
        contacts.sort(key=lambda c: (sort_key(c.name), c.id or 0))
        return contacts

    def favourites(self) -> list[Contact]:
        with self._lock:
            contacts = self._load("WHERE c.favourite = 1", ())
        contacts.sort(key=lambda c: (sort_key(c.name), c.id or 0))
        return contacts

    def find_by_number(self, number: str) -> Contact | None:
        """Who `number` (written any way) belongs to: an own contact first, then the PBX's."""
        wanted = canonical(number)
        with self._lock:
            row = self._connection.execute(
                """SELECT c.id FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id
                   WHERE n.canonical = ?
                   ORDER BY c.source = 'own' DESC, c.favourite DESC, c.id LIMIT 1""",
                (wanted,),
            ).fetchone()
        return None if row is None else self.get(int(row[0]))

    # --- writing --------------------------------------------------------------------------------

    def add(self, contact: Contact) -> Contact:
        """Store `contact` as a new entry; the stored copy, with its id, comes back."""
        stored = _checked(contact)
        with self._writing() as (db, touched):
            cursor = db.execute(
                """INSERT INTO contacts
                   (name, organisation, department, email, note, favourite, source)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                _contact_row(stored),
            )
            stored.id = int(cursor.lastrowid or 0)
            touched.add(stored.id)
            _write_numbers(db, stored.id, stored.numbers)
        return stored

    def update(self, contact: Contact) -> Contact:
        """Replace the stored entry with `contact`. An edited PBX entry becomes the user's own."""
        contact_id = contact.id
        if contact_id is None:
            raise InvalidInputError("This contact has not been saved yet, so it cannot be edited.")
        stored = _checked(contact)
        stored.source = ContactSource.OWN
        with self._writing() as (db, touched):
            touched.add(contact_id)
            cursor = db.execute(
                """UPDATE contacts SET name = ?, organisation = ?, department = ?, email = ?,
                   note = ?, favourite = ?, source = ? WHERE id = ?""",
                (*_contact_row(stored), contact_id),
            )
            if cursor.rowcount == 0:
                raise InvalidInputError(
                    f"The contact '{contact.name}' no longer exists: it may have been deleted.",
                    contact_id=contact.id,
                )
            db.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (contact_id,))
            _write_numbers(db, contact_id, stored.numbers)
        return stored

    def delete(self, contact_id: int) -> bool:
        """Remove the entry; False if there was none. A deleted PBX entry may be learnt again."""
        with self._writing() as (db, touched):
            touched.add(contact_id)
            # Numbers first: the archive's connection enforces foreign keys, a bare one may not.
            db.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (contact_id,))
            deleted = db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount
        return deleted > 0

    def set_favourite(self, contact_id: int, favourite: bool = True) -> None:
        with self._writing() as (db, touched):
            touched.add(contact_id)
            changed = db.execute(
                "UPDATE contacts SET favourite = ? WHERE id = ?", (int(favourite), contact_id)
            ).rowcount
            if changed == 0:
                raise InvalidInputError(
                    "That contact no longer exists: it may have been deleted.",
                    contact_id=contact_id,
                )

    def learn_from_calls(self, rows: Iterable[tuple[str, str | None, str | None]]) -> LearnReport:
        """Build or refresh the PBX directory from (number, name, department) seen in calls.

        Rows come oldest first, so what the PBX said last wins: a number that now comes with
        another name has been handed to someone else and moves to them. A number that is in one
        of the user's own contacts is left alone, and rows without a name teach nothing. Entries
        are never dropped for not appearing in `rows`, so the archive may pass only new calls.
        """
        with self._lock:
            own_numbers = {
                str(r[0])
                for r in self._connection.execute(
                    """SELECT n.canonical FROM contact_numbers n JOIN contacts c
                       ON c.id = n.contact_id WHERE c.source = 'own'"""
                )
            }
            learner = _PbxLearner(self._load("WHERE c.source = 'pbx'", ()), own_numbers)
        for number, name, department in rows:
            learner.learn(number, (name or "").strip(), (department or "").strip())
        if not learner.changed:
            return LearnReport(0, 0, 0)
        report = learner.report()
        with self._writing() as (db, touched):
            for contact in learner.emptied():
                touched.add(contact.id or 0)
                db.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (contact.id,))
                db.execute("DELETE FROM contacts WHERE id = ?", (contact.id,))
            for contact in learner.changed_entries():
                if contact.id is None:
                    cursor = db.execute(
                        """INSERT INTO contacts
                           (name, organisation, department, email, note, favourite, source)
                           VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        _contact_row(contact),
                    )
                    contact.id = int(cursor.lastrowid or 0)
                else:
                    db.execute(
                        "UPDATE contacts SET name = ?, department = ? WHERE id = ?",
                        (contact.name, contact.department, contact.id),
                    )
                    db.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (contact.id,))
                touched.add(contact.id)
                _write_numbers(db, contact.id, contact.numbers)
        _log.info(
            "PBX directory: %d added, %d updated, %d removed",
            report.added,
            report.updated,
            report.removed,
        )
        return report

    def merge_in(self, incoming: Iterable[Contact]) -> MergeReport:
        """Add contacts from a file; one that shares a number with an entry merges into it.

        All or nothing: InvalidInputError for a contact the book cannot store leaves the book as
        it was (the file readers only hand over contacts it can).

        Merging keeps what is stored and fills in what is missing: new numbers are appended,
        empty fields are taken from the incoming card, and a favourite stays a favourite. A PBX
        entry that takes in a card becomes the user's own, under the card's name: the user's file
        says who that is.
        """
        added: dict[int, Contact] = {}
        merged: dict[int, Contact] = {}
        with self._writing() as (db, touched):
            for contact in incoming:
                candidate = _checked(contact)
                target = self._merge_target(db, candidate)
                if target is None:
                    candidate.id = None
                    candidate.source = ContactSource.OWN
                    cursor = db.execute(
                        """INSERT INTO contacts
                           (name, organisation, department, email, note, favourite, source)
                           VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        _contact_row(candidate),
                    )
                    candidate.id = int(cursor.lastrowid or 0)
                    touched.add(candidate.id)
                    _write_numbers(db, candidate.id, candidate.numbers)
                    added[candidate.id] = candidate
                    continue
                combined = _combined(target, candidate)
                assert combined.id is not None
                touched.add(combined.id)
                db.execute(
                    """UPDATE contacts SET name = ?, organisation = ?, department = ?, email = ?,
                       note = ?, favourite = ?, source = ? WHERE id = ?""",
                    (*_contact_row(combined), combined.id),
                )
                db.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (combined.id,))
                _write_numbers(db, combined.id, combined.numbers)
                if combined.id in added:  # two cards of one file that share a number
                    added[combined.id] = combined
                else:
                    merged[combined.id] = combined
        return MergeReport(list(added.values()), list(merged.values()))

    def _merge_target(self, db: sqlite3.Connection, contact: Contact) -> Contact | None:
        wanted = [n.canonical for n in contact.numbers]
        if not wanted:
            return None
        marks = ",".join("?" * len(wanted))
        row = db.execute(
            f"""SELECT c.id FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id
                WHERE n.canonical IN ({marks})
                ORDER BY c.source = 'own' DESC, c.id LIMIT 1""",
            wanted,
        ).fetchone()
        if row is None:
            return None
        found = self._load("WHERE c.id = ?", (int(row[0]),))
        return found[0] if found else None

    # --- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[tuple[sqlite3.Connection, set[int]]]:
        """One transaction, or a savepoint inside the caller's; the body names the contacts it
        touches in the set it is given, and they go into the change log on success.

        BEGIN IMMEDIATE takes the write lock up front: in WAL mode a read transaction that later
        writes fails at once with "database is locked" if another connection wrote meanwhile.
        """
        with self._lock:
            db = self._connection
            outer = not db.in_transaction
            db.execute("BEGIN IMMEDIATE" if outer else "SAVEPOINT contact_book")
            touched: set[int] = set()
            try:
                yield db, touched
            except BaseException:
                db.execute("ROLLBACK" if outer else "ROLLBACK TO contact_book")
                if not outer:
                    db.execute("RELEASE contact_book")
                raise
            db.execute("COMMIT" if outer else "RELEASE contact_book")
            if touched:
                self._revision += 1
                self._changes.append((self._revision, frozenset(touched)))

    def _load(self, where: str, params: Sequence[object]) -> list[Contact]:
        contacts: dict[int, Contact] = {}
        for row in self._connection.execute(
            f"""SELECT c.id, c.name, c.organisation, c.department, c.email, c.note,
                       c.favourite, c.source
                FROM contacts c {where}""",
            params,
        ):
            contact_id = int(row[0])
            contacts[contact_id] = Contact(
                id=contact_id,
                name=row[1],
                organisation=row[2],
                department=row[3],
                email=row[4],
                note=row[5],
                favourite=bool(row[6]),
                source=_SOURCES[row[7]],
            )
        if not contacts:
            return []
        if len(contacts) == 1:
            number_rows = self._connection.execute(
                """SELECT contact_id, number_raw, canonical, label FROM contact_numbers
                   WHERE contact_id = ? ORDER BY position""",
                (next(iter(contacts)),),
            )
        else:
            number_rows = self._connection.execute(
                """SELECT n.contact_id, n.number_raw, n.canonical, n.label
                   FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id """
                + where
                + " ORDER BY n.contact_id, n.position",
                params,
            )
        for contact_id, raw, canonical_number, label in number_rows:
            owner = contacts.get(int(contact_id))
            if owner is not None:
                owner.numbers.append(ContactNumber(raw, canonical_number, label))
        return list(contacts.values())


_SOURCES: Final = {str(source): source for source in ContactSource}


def _checked(contact: Contact) -> Contact:
    """A clean copy of `contact` fit to store, or InvalidInputError saying what is wrong."""
    name = " ".join(contact.name.split())
    if not name:
        raise InvalidInputError("A contact needs a name.")
    numbers: list[ContactNumber] = []
    seen: set[str] = set()
    for number in contact.numbers:
        if not digits_of(number.canonical):
            raise InvalidInputError(
                f"'{number.raw}' is not a phone number: it has no digits.", number=number.raw
            )
        if number.canonical in seen:
            continue  # the same phone written twice
        seen.add(number.canonical)
        numbers.append(
            ContactNumber(number.raw.strip() or number.canonical, number.canonical, number.label)
        )
    return replace(
        contact,
        name=name,
        numbers=numbers,
        organisation=contact.organisation.strip(),
        department=contact.department.strip(),
        email=contact.email.strip(),
        note=contact.note.strip(),
    )


def _contact_row(contact: Contact) -> tuple[object, ...]:
    return (
        contact.name,
        contact.organisation,
        contact.department,
        contact.email,
        contact.note,
        int(contact.favourite),
        str(contact.source),
    )


def _write_numbers(
    db: sqlite3.Connection, contact_id: int, numbers: Sequence[ContactNumber]
) -> None:
    db.executemany(
        """INSERT INTO contact_numbers (contact_id, position, number_raw, canonical, label)
           VALUES (?, ?, ?, ?, ?)""",
        [(contact_id, i, n.raw, n.canonical, n.label) for i, n in enumerate(numbers)],
    )


def _combined(stored: Contact, incoming: Contact) -> Contact:
    numbers = list(stored.numbers)
    known = {n.canonical: i for i, n in enumerate(numbers)}
    for number in incoming.numbers:
        at = known.get(number.canonical)
        if at is None:
            known[number.canonical] = len(numbers)
            numbers.append(number)
        elif not numbers[at].label and number.label:
            numbers[at] = replace(numbers[at], label=number.label)
    from_pbx = stored.source is ContactSource.PBX
    return replace(
        stored,
        name=incoming.name if from_pbx else stored.name,
        numbers=numbers,
        organisation=stored.organisation or incoming.organisation,
        department=stored.department or incoming.department,
        email=stored.email or incoming.email,
        note=stored.note or incoming.note,
        favourite=stored.favourite or incoming.favourite,
        source=ContactSource.OWN,
    )


class _PbxLearner:
    """The PBX entries in memory while a batch of call rows is applied to them."""

    def __init__(self, entries: list[Contact], own_numbers: set[str]) -> None:
        self._own = own_numbers
        self._entries = entries
        self._by_number: dict[str, Contact] = {}
        self._by_person: dict[tuple[str, str], Contact] = {}
        for entry in entries:
            self._index(entry)
            for number in entry.numbers:
                self._by_number[number.canonical] = entry
        self._touched: dict[int, Contact] = {}  # by id(), as new entries have no id yet
        self._canonical: dict[str, str] = {}  # a busy number comes in thousands of rows

    @property
    def changed(self) -> bool:
        return bool(self._touched)

    def _index(self, entry: Contact) -> None:
        self._by_person[(fold(entry.name), fold(entry.department))] = entry

    def _unindex(self, entry: Contact) -> None:
        key = (fold(entry.name), fold(entry.department))
        if self._by_person.get(key) is entry:
            del self._by_person[key]

    def _touch(self, entry: Contact) -> None:
        self._touched[id(entry)] = entry

    def learn(self, number: str, name: str, department: str) -> None:
        wanted = self._canonical.get(number)
        if wanted is None:
            wanted = self._canonical[number] = canonical(number)
        if not name or not digits_of(wanted) or wanted in self._own:
            return
        owner = self._by_number.get(wanted)
        if owner is not None and fold(owner.name) == fold(name):
            if department and fold(owner.department) != fold(department):
                self._unindex(owner)
                owner.department = department
                self._index(owner)
                self._touch(owner)
            return
        if owner is not None:  # the number has been given to someone else
            owner.numbers = [n for n in owner.numbers if n.canonical != wanted]
            self._touch(owner)
        target = self._by_person.get((fold(name), fold(department)))
        if target is None and department:
            # The same person seen before without a department: now we know it.
            target = self._by_person.get((fold(name), ""))
            if target is not None:
                self._unindex(target)
                target.department = department
                self._index(target)
        if target is None:
            target = Contact(name=name, department=department, source=ContactSource.PBX)
            self._entries.append(target)
            self._index(target)
        target.numbers.append(ContactNumber(number.strip() or wanted, wanted))
        self._by_number[wanted] = target
        self._touch(target)

    def emptied(self) -> list[Contact]:
        return [e for e in self._touched.values() if not e.numbers and e.id is not None]

    def changed_entries(self) -> list[Contact]:
        return [e for e in self._touched.values() if e.numbers]

    def report(self) -> LearnReport:
        """What the batch does; asked before writing, while new entries still have no id."""
        touched = self._touched.values()
        return LearnReport(
            added=sum(1 for e in touched if e.id is None and e.numbers),
            updated=sum(1 for e in touched if e.id is not None and e.numbers),
            removed=sum(1 for e in touched if e.id is not None and not e.numbers),
        )


# --- search keys --------------------------------------------------------------------------------


def number_forms(canonical_number: str) -> str:
    """The digit strings a search may type for a number, joined by `|` (never in a query)."""
    return "|".join(search_number_forms(canonical_number))


# --- ranking ------------------------------------------------------------------------------------


class CallActivity(NamedTuple):
    calls: int  # calls with this number, both ways
    last_epoch: float  # when the latest of them started, UTC epoch seconds


RECENCY_HALF_LIFE_DAYS: Final = 14.0
RECENCY_WEIGHT: Final = 3.0


def activity_score(count: int, last_epoch: float, now_epoch: float) -> float:
    """Frequency and recency in one figure: log2(1 + calls) + 3 x a half each fortnight.

    A number called ten times today (6.5) ranks above one called fifty times two months ago
    (5.8), which ranks above one called once yesterday (3.9).
    """
    if count <= 0:
        return 0.0
    age_days = max(0.0, (now_epoch - last_epoch) / 86_400)
    recency = math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)
    return math.log2(1 + count) + RECENCY_WEIGHT * recency


class Quality(IntEnum):
    """How well a query fits an entry; within equal favour and activity, better comes first."""

    EXACT_NUMBER = 0  # the query is one of the entry's numbers, whole
    WORD_START = 1  # every term starts a word of the name, department… or a number's digits
    INSIDE = 2  # some term only appears inside a word or a number
    LOOSE = 3  # only the sound skeleton matched: listed after every other match


@dataclass(frozen=True, slots=True)
class Match:
    """One search result: a contact, or only a number when the query is one nobody has."""

    contact: Contact | None
    number: ContactNumber | None  # the number to call: the one that matched, or the busiest
    score: float  # higher first; see Directory.search
    quality: Quality = Quality.WORD_START

    @property
    def phone(self) -> PhoneNumber | None:
        """The number parsed for dialling, or None if it cannot be dialled."""
        if self.number is None:
            return None
        try:
            return parse_number(self.number.raw)
        except InvalidNumberError:
            try:
                return parse_number(self.number.canonical)
            except InvalidNumberError:
                return None


class _Keys(NamedTuple):
    """What search needs of a contact's name, organisation, department and numbers."""

    text: str  # " " + words of the Latin and script keys: a term starts a word if " "+term in it
    loose: str  # the sound skeleton lines of name, organisation and department (core.search)
    numbers: tuple[tuple[str, ContactNumber], ...]  # (number_forms, number)
    all_forms: str  # every number's forms, "|"-joined
    name_key: str  # the name in Latin, for sorting


def _keys_of(contact: Contact) -> _Keys:
    words: list[str] = []
    for part in (contact.name, contact.organisation, contact.department):
        for key in search_keys(part):
            if key and key not in words:
                words.append(key)
    name_key = latin_key(contact.name)
    numbers = tuple((number_forms(n.canonical), n) for n in contact.numbers)
    loose = [
        line
        for part in (contact.name, contact.organisation, contact.department)
        for line in sound_lines(part)
    ]
    return _Keys(
        text=" " + " ".join(words),
        loose="\n".join(loose),
        numbers=numbers,
        all_forms="|".join(forms for forms, _ in numbers),
        name_key=name_key,
    )


@dataclass(slots=True)
class _Entry:
    contact: Contact
    text: str
    loose: str
    numbers: tuple[tuple[str, ContactNumber], ...]
    all_forms: str
    name_key: str
    favourite: bool
    activity: float
    best_number: ContactNumber | None


ACTIVITY_REFRESH_SECONDS: Final = 3600.0
# Above this many changed contacts, reading the whole book is cheaper than one by one.
_INCREMENTAL_LIMIT: Final = 200


class Directory:
    """Search as you type over a ContactBook (or any list of contacts).

    Catches up with the book at the next search after it changed, re-reading only the contacts
    that changed, so it can be kept for the life of a window. Call activity comes from the archive
    through `set_call_activity`.
    """

    def __init__(
        self,
        book: ContactBook | None = None,
        *,
        contacts: Iterable[Contact] = (),
        clock: Clock | None = None,
    ) -> None:
        self._book = book
        self._clock: Clock = clock or SystemClock()
        self._contacts: dict[int, Contact] = {}
        self._activity: dict[str, CallActivity] = {}
        self._entries: list[_Entry] = []
        self._numbers_in_book: set[str] = set()
        self._keys: dict[tuple[object, ...], _Keys] = {}
        self._by_number: dict[str, Contact] = {}
        self._loaded_revision: int | None = None
        self._built_at = 0.0
        self._dirty = True
        if book is None:
            self.set_contacts(contacts)

    def set_contacts(self, contacts: Iterable[Contact]) -> None:
        """Search these instead of the book's (e.g. loaded on a worker thread)."""
        self._book = None
        self._contacts = {i: contact for i, contact in enumerate(contacts)}
        self._dirty = True

    def set_call_activity(self, activity: Mapping[str, tuple[int, float]]) -> None:
        """Calls per number, as (count, last call's UTC epoch), keyed by number in any spelling."""
        merged: dict[str, CallActivity] = {}
        for number, (count, last) in activity.items():
            key = canonical(number)
            before = merged.get(key)
            if before is not None:
                count, last = count + before.calls, max(last, before.last_epoch)
            merged[key] = CallActivity(int(count), float(last))
        self._activity = merged
        self._dirty = True

    def reload(self) -> None:
        """Catch up with the book now rather than at the next keystroke (after an edit, say)."""
        self._ensure_index()

    def __len__(self) -> int:
        self._ensure_index()
        return len(self._entries)

    def contact_for(self, number: str) -> Contact | None:
        """Whose `number` (written any way) is: an own contact first, a favourite first."""
        self._ensure_index()
        return self._by_number.get(canonical(number))

    # --- the index ------------------------------------------------------------------------------

    def _catch_up(self, book: ContactBook) -> None:
        revision = book.revision  # read first: a write that lands meanwhile is re-read next time
        if revision == self._loaded_revision:
            return
        changed = None
        if self._loaded_revision is not None:
            changed = book.changes_since(self._loaded_revision)
        if changed is None or len(changed) > _INCREMENTAL_LIMIT:
            self._contacts = {c.id or 0: c for c in book.all()}
        else:
            for contact_id in changed:
                contact = book.get(contact_id)
                if contact is None:
                    self._contacts.pop(contact_id, None)
                else:
                    self._contacts[contact_id] = contact
        self._loaded_revision = revision
        self._dirty = True

    def _ensure_index(self) -> None:
        if self._book is not None:
            self._catch_up(self._book)
        now = self._clock.now().timestamp()
        # Recency fades: a window open for days re-ranks now and then, not on every keystroke.
        if not self._dirty and now - self._built_at < ACTIVITY_REFRESH_SECONDS:
            return
        contacts = list(self._contacts.values())
        own = {n.canonical for c in contacts if c.source is ContactSource.OWN for n in c.numbers}
        keys: dict[tuple[object, ...], _Keys] = {}
        entries: list[_Entry] = []
        for contact in _visible(contacts, own):
            signature = (
                contact.name,
                contact.organisation,
                contact.department,
                tuple(contact.numbers),
            )
            found = self._keys.get(signature) or _keys_of(contact)
            keys[signature] = found
            entries.append(self._entry(contact, found, now))
        # The scan visits entries in ranking order, so it can stop once a page is certain.
        entries.sort(key=lambda e: (not e.favourite, -e.activity, e.name_key))
        # Keys made one contact at a time lie all over the heap, and a keystroke reads every
        # one: copied side by side, in the order the scan reads them, they are read faster.
        if entries:
            texts = "\0".join(e.text for e in entries).split("\0")
            sounds = "\0".join(e.loose for e in entries).split("\0")
            for entry, text, sound in zip(entries, texts, sounds, strict=True):
                entry.text, entry.loose = text, sound
        self._entries = entries
        self._keys = keys
        self._numbers_in_book = {n.canonical for c in contacts for n in c.numbers}
        by_number: dict[str, Contact] = {}
        for entry in reversed(entries):  # the best-ranked entry is written last and wins
            for number in entry.contact.numbers:
                by_number[number.canonical] = entry.contact
        self._by_number = by_number
        self._built_at = now
        self._dirty = False

    def _entry(self, contact: Contact, keys: _Keys, now: float) -> _Entry:
        activity = 0.0
        best: ContactNumber | None = contact.numbers[0] if contact.numbers else None
        if self._activity:
            best_score = 0.0
            for number in contact.numbers:
                seen = self._activity.get(number.canonical)
                if seen is None:
                    continue
                score = activity_score(seen.calls, seen.last_epoch, now)
                # A person's standing is their busiest number's plus a little for the others.
                activity = max(activity, score) + min(activity, score) / 4
                if score > best_score:
                    best, best_score = number, score
        return _Entry(
            contact,
            keys.text,
            keys.loose,
            keys.numbers,
            keys.all_forms,
            keys.name_key,
            contact.favourite,
            activity,
            best,
        )

    # --- searching ------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Match]:
        """Entries matching every term of `text`, best first, at most `limit`.

        Order: favourites, then call activity (frequency and recency), then how well the query
        fits (a whole number, a word's start, inside a word), then name. Loose-spelling matches
        follow every exact one. A query that is a complete number nobody in the book has comes
        first as a bare number, so Enter calls what was typed; a short code (an extension) nobody
        has comes last.

        `score` follows the order: 2 000 000 for a typed full number; 1 000 000 for an exact
        match or 500 000 for a loose one, + 10 000 for a favourite, + 100 x activity (capped at
        99), + 3 - quality; 0 for a typed short code.
        """
        self._ensure_index()
        query = text.strip()
        if not query or limit <= 0:
            return []
        typed = _bare_number(query)
        bare = None if typed is None or typed.canonical in self._numbers_in_book else typed
        room = limit - (1 if bare is not None else 0)
        terms = list(query_terms(query))
        if is_number_like(query):
            exact = typed.canonical if typed is not None else None
            found = self._scan(terms, exact, room)
        else:
            found = self._scan(terms, None, room)
            if len(found) < room:
                found += self._scan_loose(terms, found, room - len(found))
        matches: list[Match] = []
        if bare is not None and bare.kind is not NumberKind.SHORT:
            matches.append(
                Match(None, _bare_contact_number(bare), 2_000_000.0, Quality.EXACT_NUMBER)
            )
        matches.extend(found[:room])
        if bare is not None and bare.kind is NumberKind.SHORT:
            matches.append(Match(None, _bare_contact_number(bare), 0.0, Quality.EXACT_NUMBER))
        return matches[:limit]

    def _scan(self, terms: list[Term], exact: str | None, limit: int) -> list[Match]:
        """The entries that hold every term, in ranking order, one band at a time.

        A band is a run of entries with equal (favourite, activity); within one the order is
        quality, then name (the entries' own order). A band is finished as soon as its best
        possible tier holds what is left of the page, and the walk stops at the first band
        boundary after the page is full.
        """
        if limit <= 0:
            return []
        candidates = _holding(self._entries, terms)
        if exact is not None and exact not in self._numbers_in_book:
            exact = None
        best_possible = Quality.EXACT_NUMBER if exact is not None else Quality.WORD_START
        results: list[Match] = []
        tiers: tuple[list[tuple[_Entry, ContactNumber | None]], ...] = ([], [], [])
        band: tuple[bool, float] | None = None

        def close_band() -> None:
            for quality, tier in enumerate(tiers):
                results.extend(_match(entry, number, Quality(quality)) for entry, number in tier)
                tier.clear()

        for entry in candidates:
            if (entry.favourite, entry.activity) != band:
                close_band()
                if len(results) >= limit:
                    break
                band = (entry.favourite, entry.activity)
            elif len(tiers[best_possible]) >= limit - len(results):
                continue
            quality, number = _fit(entry, terms, exact)
            tiers[quality].append((entry, number))
        close_band()
        return results[:limit]

    def _scan_loose(self, terms: list[Term], found: list[Match], limit: int) -> list[Match]:
        """Entries where each term is found exactly or by sound, and some only by sound."""
        if not any(term.loose for term in terms):
            return []
        already = {id(m.contact) for m in found}
        if len(terms) == 1:
            # Every exact match is already in `found` (the caller only asks when the page had
            # room for more), so one term needs only its sound looked for.
            loose = terms[0].loose
            return self._loose_page([e for e in self._entries if loose in e.loose], already, limit)
        candidates = self._entries
        for term in terms:
            # Loose matches are guesses: they must at least start a word (term.loose does).
            if term.loose:  # a word, never a number: found by its keys or its sound
                loose, latin, script = term.loose, term.latin, term.script
                candidates = [
                    e for e in candidates if loose in e.loose or latin in e.text or script in e.text
                ]
            else:
                candidates = _holding(candidates, [term])
        return self._loose_page(candidates, already, limit)

    @staticmethod
    def _loose_page(candidates: list[_Entry], already: set[int], limit: int) -> list[Match]:
        page: list[Match] = []
        for entry in candidates:
            if id(entry.contact) not in already:
                page.append(_match(entry, entry.best_number, Quality.LOOSE))
                if len(page) >= limit:
                    break
        return page


def _visible(contacts: list[Contact], own_numbers: set[str]) -> Iterator[Contact]:
    """The contacts to search: a PBX entry shows only numbers no own contact has."""
    for contact in contacts:
        if contact.source is ContactSource.PBX and any(
            n.canonical in own_numbers for n in contact.numbers
        ):
            left = [n for n in contact.numbers if n.canonical not in own_numbers]
            if left:
                yield replace(contact, numbers=left)
            continue
        yield contact


def _holding(entries: list[_Entry], terms: list[Term]) -> list[_Entry]:
    """The entries that hold every term somewhere: plain substring tests in comprehensions,
    the cheapest loop Python has, so a keystroke over 10,000 entries costs a millisecond or two.
    """
    for term in terms:
        latin, script, digits = term.latin, term.script, term.digits
        if digits:
            entries = [e for e in entries if digits in e.all_forms or digits in e.text]
        elif latin == script:
            entries = [e for e in entries if latin in e.text]
        else:
            entries = [e for e in entries if latin in e.text or script in e.text]
    return entries


def _fit(entry: _Entry, terms: list[Term], exact: str | None) -> tuple[int, ContactNumber | None]:
    """How well `entry`, known to hold every term, fits them (the worst term decides)."""
    worst = Quality.EXACT_NUMBER if exact is not None else Quality.WORD_START
    number = entry.best_number
    text = entry.text
    for term in terms:
        if term.digits and term.digits in entry.all_forms:
            quality, number = _number_fit(entry, term.digits, exact)
            worst = max(worst, quality)
        elif " " + term.latin in text or " " + term.script in text:
            worst = max(worst, Quality.WORD_START)
        else:
            worst = Quality.INSIDE
    return worst, number


def _number_fit(entry: _Entry, digits: str, exact: str | None) -> tuple[Quality, ContactNumber]:
    """The entry's number that holds `digits` best: the exact one, one it starts, one it is in."""
    best: tuple[Quality, ContactNumber] | None = None
    for forms, number in entry.numbers:
        if exact is not None and number.canonical == exact:
            return Quality.EXACT_NUMBER, number
        if digits not in forms:
            continue
        starts = any(form.startswith(digits) for form in forms.split("|"))
        quality = Quality.WORD_START if starts else Quality.INSIDE
        if best is None or quality < best[0]:
            best = (quality, number)
    assert best is not None  # the caller saw the digits in one of the forms
    return best


def _match(entry: _Entry, number: ContactNumber | None, quality: Quality) -> Match:
    score = (
        (500_000.0 if quality is Quality.LOOSE else 1_000_000.0)
        + (10_000.0 if entry.favourite else 0.0)
        + 100.0 * min(entry.activity, 99.0)
        + (3 - min(int(quality), 3))
    )
    return Match(entry.contact, number, score, quality)


def _bare_number(query: str) -> PhoneNumber | None:
    try:
        return parse_number(query)
    except InvalidNumberError:
        return None


def _bare_contact_number(number: PhoneNumber) -> ContactNumber:
    return ContactNumber(number.raw.strip(), number.canonical, "")

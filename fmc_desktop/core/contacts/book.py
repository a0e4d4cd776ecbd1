"""The contact book: own contacts and the PBX's entries, stored in the archive's SQLite file.

Both live in tables created by `ensure_schema` (which the archive's migration calls), so one copy
of that file carries the whole history and its directory. Learning never touches an own contact;
an edited or merged PBX entry becomes the user's own.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.contacts.collation import sort_key
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.contacts.pbx_entries import LearnReport, PbxLearner
from fmc_desktop.core.numbers.phone import canonical, digits_of

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
# Above this many changed contacts, reading the whole book is cheaper than one by one.
INCREMENTAL_LIMIT: Final = 200


@dataclass(frozen=True, slots=True)
class MergeReport:
    added: list[Contact]
    merged: list[Contact]  # existing contacts that took in an incoming one, as they are now


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
            learner = PbxLearner(self._load("WHERE c.source = 'pbx'", ()), own_numbers)
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


class BookCopy:
    """Every stored contact by id, caught up with a ContactBook one changed contact at a time.

    Reading the whole book takes a third of a second at 10,000 contacts: too slow to repeat for
    each star toggled, or at the first keystroke after each edit.
    """

    def __init__(self, book: ContactBook) -> None:
        self._book = book
        self._contacts: dict[int, Contact] = {}
        self._revision: int | None = None

    @property
    def revision(self) -> int | None:
        """The book's revision the copy holds; None until it first read the book."""
        return self._revision

    def contacts(self) -> dict[int, Contact]:
        """The copy, caught up with the book first; the copy's own dict, to read and not change."""
        # Read first: a write that lands meanwhile is re-read next time.
        revision = self._book.revision
        if revision == self._revision:
            return self._contacts
        changed = None
        if self._revision is not None:
            changed = self._book.changes_since(self._revision)
        if changed is None or len(changed) > INCREMENTAL_LIMIT:
            self._contacts = {c.id: c for c in self._book.all() if c.id is not None}
        else:
            for contact_id in changed:
                contact = self._book.get(contact_id)
                if contact is None:
                    self._contacts.pop(contact_id, None)
                else:
                    self._contacts[contact_id] = contact
        self._revision = revision
        return self._contacts

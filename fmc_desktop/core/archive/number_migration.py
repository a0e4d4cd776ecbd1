"""Archive schema 2: every stored number read again by the libphonenumber rules.

Up to 0.1.0 the trunk 0 written after a country code stayed in the number (`+44 (0)20 …` became
`+4402…`, a different phone), and spellings such as `+380 (067) …` were refused and kept as
written. Schema 2 re-canonicalises every number the archive file holds: call parties, calls to
return, and the contacts' numbers. Parties that now name the same phone become one, and calls
stored twice through two spellings of one number become one call, with the names and
departments either copy had.

It runs inside the archive's migration transaction: a crash keeps the old file as it was.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from typing import Final

from fmc_desktop.core.archive.fields import merged_extra
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.search.matching import grow, number_pieces

_log = logging.getLogger(__name__)

_TEXT_COLUMNS: Final = ("calling_name", "called_name", "calling_department", "called_department")


def recanonicalise_numbers(connection: sqlite3.Connection) -> None:
    """Re-read every stored number (the archive's migration to schema 2)."""
    merged_parties, merged_calls = _parties(connection)
    _returns_done(connection)
    _contact_numbers(connection)
    if merged_parties or merged_calls:
        _log.info(
            "numbers re-read: %d parties merged into others, %d duplicate calls merged",
            merged_parties,
            merged_calls,
        )


def _parties(connection: sqlite3.Connection) -> tuple[int, int]:
    groups: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for party_id, number, search in connection.execute("SELECT id, number, search FROM parties"):
        groups[canonical(number)].append((party_id, number, search))
    merged_parties = merged_calls = 0
    recount: set[int] = set()  # parties whose calls were moved or merged away
    for number, parties in groups.items():
        if len(parties) == 1 and parties[0][1] == number:
            continue
        # The party already stored under the right number keeps its id (its calls need no
        # change); otherwise the oldest one.
        parties.sort(key=lambda party: (party[1] != number, party[0]))
        keeper, search = parties[0][0], parties[0][2]
        for other, _old_number, other_search in parties[1:]:
            merged_calls += _move_calls(connection, other, keeper, recount)
            search = grow(search, other_search.split("\n"))
            connection.execute("DELETE FROM parties WHERE id = ?", (other,))
            merged_parties += 1
        search = grow(search, number_pieces(number))
        connection.execute(
            "UPDATE parties SET number = ?, search = ? WHERE id = ?", (number, search, keeper)
        )
        recount.add(keeper)
    connection.executemany(
        "UPDATE parties SET calls = (SELECT count(*) FROM calls WHERE calling = ?1)"
        " + (SELECT count(*) FROM calls WHERE called = ?1) WHERE id = ?1",
        [(party,) for party in sorted(recount)],
    )
    return merged_parties, merged_calls


def _move_calls(connection: sqlite3.Connection, old: int, new: int, recount: set[int]) -> int:
    """Point `old`'s calls at party `new`; a call that then repeats one already stored (same
    start, parties and duration: the archive's identity) is merged into it. Returns how many
    were merged; the parties of merged calls are added to `recount`."""
    rows = connection.execute(
        "SELECT id, start_utc, calling, called, duration, extra, "
        + ", ".join(_TEXT_COLUMNS)
        + " FROM calls WHERE calling = ? OR called = ?",
        (old, old),
    ).fetchall()
    merged = 0
    for call_id, start, calling, called, duration, extra, *texts in rows:
        calling = new if calling == old else calling
        called = new if called == old else called
        twin = connection.execute(
            "SELECT id, extra, " + ", ".join(_TEXT_COLUMNS) + " FROM calls"
            " WHERE start_utc = ? AND calling = ? AND called = ? AND duration = ? AND id != ?",
            (start, calling, called, duration, call_id),
        ).fetchone()
        if twin is None:
            connection.execute(
                "UPDATE calls SET calling = ?, called = ? WHERE id = ?", (calling, called, call_id)
            )
            continue
        kept_id, kept_extra, *kept_texts = twin
        filled = [k if k is not None else t for k, t in zip(kept_texts, texts, strict=True)]
        grown_extra = merged_extra(kept_extra, extra)
        connection.execute(
            "UPDATE calls SET "
            + ", ".join(f"{column} = ?" for column in _TEXT_COLUMNS)
            + ", extra = ? WHERE id = ?",
            (*filled, grown_extra if grown_extra is not None else kept_extra, kept_id),
        )
        connection.execute("DELETE FROM calls WHERE id = ?", (call_id,))
        recount.update((calling, called))
        merged += 1
    return merged


def _returns_done(connection: sqlite3.Connection) -> None:
    latest: dict[str, int] = {}
    for number, until in connection.execute("SELECT number, until FROM returns_done"):
        key = canonical(number)
        latest[key] = max(until, latest.get(key, until))
    connection.execute("DELETE FROM returns_done")
    connection.executemany("INSERT INTO returns_done (number, until) VALUES (?, ?)", latest.items())


def _contact_numbers(connection: sqlite3.Connection) -> None:
    """Contacts live in the same file once the app has opened its contact book."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'contact_numbers'"
    ).fetchone()
    if exists is None:
        return
    rows = connection.execute(
        "SELECT contact_id, position, number_raw, canonical, label FROM contact_numbers"
        " ORDER BY contact_id, position"
    ).fetchall()
    by_contact: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    for contact_id, _position, raw, stored, label in rows:
        by_contact[contact_id].append((raw, stored, canonical(raw), label))
    for contact_id, numbers in by_contact.items():
        if all(stored == fresh for _raw, stored, fresh, _label in numbers) and len(
            {fresh for _raw, _stored, fresh, _label in numbers}
        ) == len(numbers):
            continue
        # A contact keeps each phone once (as the contact book saves it), in the user's order.
        seen: set[str] = set()
        kept = []
        for raw, _stored, fresh, label in numbers:
            if fresh not in seen:
                seen.add(fresh)
                kept.append((raw, fresh, label))
        connection.execute("DELETE FROM contact_numbers WHERE contact_id = ?", (contact_id,))
        connection.executemany(
            "INSERT INTO contact_numbers (contact_id, position, number_raw, canonical, label)"
            " VALUES (?, ?, ?, ?, ?)",
            [(contact_id, position, *number) for position, number in enumerate(kept)],
        )

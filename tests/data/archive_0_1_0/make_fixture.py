"""Writes the files of an fmc-desktop 0.1.0 user whose stored numbers change with schema 2.

Run once with the 0.1.0 code (commit 5a9432a): `python tests/data/archive_0_1_0/make_fixture.py`.
Its output, committed beside it, is what the upgrade test opens; running it again with a newer
version of the code would write that version's files and prove nothing.

0.1.0 turned `+44 (0)20 3369 3912` into `+4402033693912` (the trunk 0 kept after the country
code) and refused `+380 (067) 123-45-67`, keeping the text without its spaces as the identity.
So the same phone got two parties, a call stored twice through two spellings is two calls, and
contacts, settings and the dial log hold identities that schema 2 reads differently.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.settings import Settings, SettingsStore

HERE = Path(__file__).resolve().parent
OURS = "0671112233"  # the user's own mobile
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def call(minutes: int, calling: str, called: str, duration: int, name: str | None = None):
    start = START + timedelta(minutes=minutes)
    return CallRecord(
        start=start,
        end=start + timedelta(seconds=duration),
        calling_number=calling,
        called_number=called,
        duration=duration,
        called_name=name,
    )


def main() -> None:
    path = HERE / "archive.sqlite3"
    path.unlink(missing_ok=True)
    calls = [
        # One London call written twice, as the API and as a pasted export: one call after v2.
        call(0, OURS, "+44 (0)20 3369 3912", 61, "London office"),
        call(0, OURS, "+442033693912", 61),
        # A second London call only in the old spelling, and one only in the new.
        call(30, OURS, "+44 (0)20 3369 3912", 15),
        call(45, "+442033693912", OURS, 0),  # missed: a call to return
        # Berlin with the trunk zero, and Vienna.
        call(60, OURS, "+49 (0)30 67065917", 120),
        call(61, OURS, "+43 (0)1 5339090", 12),
        # A Ukrainian CRM export spelling 0.1.0 refused (kept as written) and the API's spelling
        # of the same call.
        call(90, "+380 (067) 123-45-67", OURS, 33),
        call(90, "380671234567", OURS, 33),
        # A missed call from the refused spelling: its call to return moves to +380671234567.
        call(120, "+380 (067) 123-45-67", OURS, 0),
        # Unchanged numbers, so the test sees them kept as they were.
        call(150, OURS, "0445181470", 75, "Reception"),
        call(151, OURS, "4521", 8),
    ]
    with CallArchive(path) as archive:
        archive.add_calls(calls, covered=(START, START + timedelta(hours=3)))
        archive.dismiss_call_to_return("+4402033693912", START + timedelta(minutes=50))
    connection = sqlite3.connect(path)
    try:
        book = ContactBook(connection)
        book.add(
            Contact(
                name="Anna Schmidt",
                numbers=[ContactNumber.of("+49 (0)30 67065917", "work")],
            )
        )
        book.add(
            Contact(
                name="London office",
                numbers=[
                    ContactNumber.of("+44 (0)20 3369 3912", "work"),
                    ContactNumber.of("+442033693912", "main"),
                ],
            )
        )
        book.add(
            Contact(name="Petro", numbers=[ContactNumber.of("+380 (067) 123-45-67", "mobile")])
        )
    finally:
        connection.close()

    # Through the 0.1.0 code's own writers, so the files are exactly what 0.1.0 left behind.
    own = "+44 (0)20 3369 3900"
    SettingsStore(HERE / "settings.json").save(
        Settings(
            own_numbers=[canonical(OURS), canonical(own)],
            call_as=canonical(own),
            company_numbers=[canonical(OURS), canonical(own), "4521"],
        )
    )
    (HERE / "dials.json").unlink(missing_ok=True)
    dials = DialLog(HERE / "dials.json", clock=ManualClock(START))
    dials.record("+380 (067) 123-45-67")
    dials.record("+44 (0)20 3369 3912", name="London office", calling=own)


if __name__ == "__main__":
    main()

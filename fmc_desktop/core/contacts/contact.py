"""A contact and its numbers, as the book stores them, files carry them and search finds them.

Two kinds of contact share one list. The user's own contacts are theirs to add, edit, favour and
delete. PBX entries are learnt from the call archive (see `pbx_entries`). Where both have a
number, what the user wrote wins: `visible_contacts` is that rule, for search and the contacts
page alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from fmc_desktop.core.numbers.phone import canonical


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


def visible_contacts(contacts: Iterable[Contact]) -> list[Contact]:
    """The entries as search shows them: a PBX entry keeps only numbers no own contact has,
    and one left with none is not shown."""
    listed = list(contacts)
    own = {n.canonical for c in listed if c.source is ContactSource.OWN for n in c.numbers}
    shown: list[Contact] = []
    for contact in listed:
        if contact.source is ContactSource.PBX and any(n.canonical in own for n in contact.numbers):
            left = [n for n in contact.numbers if n.canonical not in own]
            if left:
                shown.append(replace(contact, numbers=left))
            continue
        shown.append(contact)
    return shown

"""The company's directory, learnt from the API: who was behind each number of the call archive.

With `names=on`/`departments=on` the API tells who was behind each number, so every person the
company's address book knows becomes an entry with every number they used. What the PBX said last
wins: a number that comes with another name has been handed to someone else and moves to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.numbers.phone import canonical, digits_of
from fmc_desktop.core.search.translit import fold


@dataclass(frozen=True, slots=True)
class LearnReport:
    added: int  # PBX entries that did not exist before
    updated: int  # PBX entries that gained a number or changed department
    removed: int  # PBX entries whose every number went to someone else


class PbxLearner:
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

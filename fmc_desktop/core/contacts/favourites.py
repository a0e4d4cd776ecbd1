"""Making a number a favourite: the contact who has it, or a new one under the name given."""

from __future__ import annotations

from collections.abc import Callable

from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory


def suggested_name(number: str, call_name: str | None, directory: Directory) -> str:
    """The name to offer for a new favourite: the call's own name, else the address book's.

    A favourite is picked by name, so the user is asked for one; what the PBX calls the number
    is the best place to start from.
    """
    if call_name:
        return call_name
    known = directory.contact_for(number)
    return known.name if known is not None else ""


def make_favourite(book: ContactBook, number: str, ask_name: Callable[[], str]) -> Contact | None:
    """Mark the contact who has `number` as a favourite, or file a new contact for it first.

    `ask_name()` is called only when no contact has the number; an empty answer (the user
    cancelled) adds nothing and returns None. A bare number is never filed without a name.
    """
    contact = book.find_by_number(number)
    if contact is None:
        name = ask_name().strip()
        if not name:
            return None
        contact = book.add(Contact(name=name, numbers=[ContactNumber.of(number)]))
    assert contact.id is not None  # stored contacts always have one
    book.set_favourite(contact.id, True)
    contact.favourite = True
    return contact

"""The vCard writer: contacts as vCard 4.0, every field a Contact has, read back the same."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import vobject

from fmc_desktop.core.contacts.contact import Contact
from fmc_desktop.core.contacts.formats import LABEL_TYPES, split_name

PRODID: Final = "-//fmc-desktop//Contacts//EN"


def write_vcards(contacts: Iterable[Contact]) -> str:
    """The contacts as vCard 4.0 text, one card each, CRLF line ends, lines folded at 75 bytes."""
    out: list[str] = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("prodid").value = PRODID
        card.add("fn").value = contact.name
        given, family = split_name(contact.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if contact.organisation or contact.department:
            org = [contact.organisation] + ([contact.department] if contact.department else [])
            card.add("org").value = org
        custom = 0
        for number in contact.numbers:
            types = LABEL_TYPES.get(number.label.casefold())
            if types is not None or not number.label:
                line = card.add("tel")
                if types:
                    line.params["TYPE"] = list(types)
            else:
                custom += 1
                line = card.add("tel", group=f"item{custom}")
                card.add("x-ablabel", group=f"item{custom}").value = number.label
            line.value = number.raw
        if contact.email:
            card.add("email").value = contact.email
        if contact.note:
            card.add("note").value = contact.note
        if contact.favourite:
            card.add("x-fmc-favourite").value = "TRUE"
        out.append(str(card.serialize()))
    return "".join(out)

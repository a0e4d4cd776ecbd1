"""The vCard reader: cards one by one, properties one by one, 2.1's quoted-printable and charsets.

vCard is read card by card and, within a card, property by property (see `_Card`): a line that
cannot be read costs that line, is listed in the import report, and the rest of the card still
comes in. Only a card whose name cannot be read is left out whole, as it would otherwise come in
under a number. The file is cut into cards first, so a card cut short does not stop the others.

What is read: FN (or N), TEL with its label (TYPE, an Apple/Google `itemN.X-ABLABEL`, Samsung's
`X-CUSTOM(…)` or a `TYPE=x-…` word), ORG (name; department), the preferred EMAIL, NOTE, Google's
`starred` category and this app's own X-FMC-FAVOURITE. Other properties (addresses, photos,
birthdays…) are not kept, and are not reported.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from typing import Final, NamedTuple

from fmc_desktop.core.api.errors import FmcError, InvalidNumberError, ParseError
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, ContactSource
from fmc_desktop.core.contacts.file_problems import (
    FileProblem,
    NumberProblem,
    Place,
    PlaceKind,
    ProblemKind,
    ReadResult,
    Rejected,
    report_numbers,
)
from fmc_desktop.core.contacts.formats import LABEL_TYPES, LINE_BREAK, ContactFileFormat
from fmc_desktop.core.dialing.links import parse_link
from fmc_desktop.core.numbers.phone import parse_number

# Types that say nothing about which phone it is (2.1 writes encodings as bare types too).
_MEANINGLESS_TYPES: Final = frozenset(
    {"voice", "pref", "internet", "x-internet", "text", "quoted-printable", "base64", "8bit"}
)


def _label_from_types(types: Iterable[str]) -> str:
    """Our label for a set of vCard TEL types: {cell, voice} -> mobile, {work, fax} -> work fax.

    A user's own word comes as an `x-` type (`TYPE=x-Дача`, as Nextcloud and DAVx5 write it).
    """
    wanted = {t.strip().lower() for t in types if t.strip()} - _MEANINGLESS_TYPES
    own = [
        t.strip()[2:].strip()
        for t in types
        if t.strip().lower() in wanted and t.strip()[:2].lower() == "x-"
    ]
    if own and own[0]:
        return own[0]
    if not wanted:
        return ""
    for label, label_types in LABEL_TYPES.items():
        if wanted == set(label_types):
            return label
    if "cell" in wanted:
        return "mobile"
    if "fax" in wanted:
        return "fax"
    return " ".join(sorted(wanted))


def _label_from_apple(text: str) -> str:
    """Apple writes its own labels as `_$!<Mobile>!$_` and the user's as typed."""
    label = text.strip()
    if label.startswith("_$!<") and label.endswith(">!$_"):
        label = label[4:-4]
        label = _APPLE_FAXES.get(label.lower(), label)
    return label.lower() if label.lower() in LABEL_TYPES else label


# Apple's own names for the fax labels, written as one word.
_APPLE_FAXES: Final[Mapping[str, str]] = {
    "homefax": "home fax",
    "workfax": "work fax",
    "otherfax": "fax",
}


VCARD_BEGIN: Final = re.compile(
    r"^[ \t]*(?:[\w-]+\.)?BEGIN[ \t]*:[ \t]*VCARD[ \t\r]*$", re.IGNORECASE | re.M
)
_VCARD_END: Final = re.compile(r"^[ \t]*(?:[\w-]+\.)?END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)

_NumberedLine = tuple[int, str]  # (line number in the file, its text)


class _Block(NamedTuple):
    number: int  # 1-based, in file order
    line: int  # where BEGIN:VCARD is
    lines: list[_NumberedLine] | None  # what is between BEGIN and END; None when it never ends


# Pictures, sounds and keys: never used here, often huge, and vCard 2.1 lets their base64 run on
# over unindented lines up to a blank one, which would otherwise read as broken properties.
_UNUSED_BINARY: Final = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_PROPERTY_START: Final = re.compile(r"^(?:[\w-]+\.)?[\w-]+[;:]")


def _without_binaries(lines: list[_NumberedLine]) -> list[_NumberedLine]:
    kept: list[_NumberedLine] = []
    skipping = False
    for number, line in lines:
        if skipping:
            # A folded line goes on with a space; vCard 2.1's base64 runs to a blank line.
            if line[:1] in (" ", "\t") or (line.strip() and not _PROPERTY_START.match(line)):
                continue
            skipping = False
        if _UNUSED_BINARY.match(line):
            skipping = True
            continue
        kept.append((number, line))
    return kept


def _blocks(text: str) -> Iterator[_Block | Rejected]:
    lines = LINE_BREAK.split(text)
    current: list[_NumberedLine] | None = None
    start = 0
    count = 0
    stray: int | None = None
    for index, line in enumerate(lines, start=1):
        if VCARD_BEGIN.match(line):
            if current is not None:
                yield _Block(count, start, None)
            count += 1
            current, start = [], index
        elif current is None:
            if line.strip() and stray is None:
                stray = index
        elif _VCARD_END.match(line):
            yield _Block(count, start, _without_binaries(current))
            current = None
        else:
            current.append((index, line))
    if current is not None:
        yield _Block(count, start, None)
    if stray is not None:
        yield Rejected(Place(PlaceKind.LINE, stray, stray), ProblemKind.OUTSIDE_CARDS)


# vCard is read here line by line rather than through vobject, which reads a card whole and
# gives up on all of it at the first line it does not accept: Samsung's custom phone labels
# (`TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=D0=94…):…`) and a `BEGIN` with a
# group cost the whole contact, and its line pattern backtracks for minutes over some damaged
# lines. Reading one property at a time, one odd line costs that line and is reported; the
# rules it needs (RFC 6350 §3.2 unfolding, 2.1's quoted-printable soft breaks and CHARSET, groups,
# `\,` `\;` `\n` escapes) are few. Writing still goes through vobject, which does it well.

_USED: Final = frozenset(
    {"FN", "N", "TEL", "EMAIL", "ORG", "NOTE", "X-ABLABEL", "CATEGORIES", "X-FMC-FAVOURITE"}
)
_NAMING: Final = frozenset({"FN", "N"})


class _Property(NamedTuple):
    line: int  # where it starts in the file
    group: str  # lower case; "" without one
    name: str  # upper case
    params: dict[str, list[str]]  # upper-case parameter names; values with quotes taken off
    types: list[str]  # TYPE values and vCard 2.1's bare ones (CELL, WORK), as written
    custom: str  # what Samsung writes in X-CUSTOM(…), "" when absent
    value: str  # after the ':', still escaped and encoded
    text: str  # the whole logical line, for the report


class _Unreadable(NamedTuple):
    line: int
    shown: str  # the start of the line, for the report
    claimed: str  # the property name it seems to carry (upper case), "" when none
    charset: str = ""  # the charset its value is not text in; "" when it is no property at all
    broken_line: int = 0  # the line before it, which it broke off; 0 when none
    lost: str = ""  # the property it cost (upper case): its own, or the one before it broke off


def _shown(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 60 else one_line[:59] + "…"


def _logical_lines(lines: list[_NumberedLine]) -> Iterator[_NumberedLine]:
    """Physical lines joined back: folded ones (RFC 6350 §3.2) and 2.1's `=` soft breaks."""
    parts: list[str] = []
    start = 0
    quoted_printable = False
    for number, text in lines:
        if parts and quoted_printable and parts[-1].endswith("="):
            parts[-1] = parts[-1][:-1]
            parts.append(text)
            continue
        if parts and text[:1] in (" ", "\t"):
            parts.append(text[1:])
            continue
        if parts:
            yield start, "".join(parts)
            parts = []
        if not text.strip():
            continue
        parts, start = [text], number
        quoted_printable = "QUOTED-PRINTABLE" in text.partition(":")[0].upper()
    if parts:
        yield start, "".join(parts)


_NAME: Final = re.compile(r"[A-Za-z0-9_-]+")
_PARAMETER_STOP: Final = re.compile(r'[;:"(]')
_CUSTOM_PARAM: Final = re.compile(r"([A-Za-z0-9_-]+)\((.*)\)", re.DOTALL)


def _name_end(line: str, start: int) -> int:
    found = _NAME.match(line, start)
    return start if found is None else found.end()


def _claimed_name(text: str) -> str:
    """The property name a line starts with, if it starts like a property at all."""
    at = _name_end(text, 0)
    if 0 < at < len(text) and text[at] == ".":
        start = at + 1
        end = _name_end(text, start)
        return text[start:end].upper() if end > start else ""
    return text[:at].upper() if 0 < at < len(text) and text[at] in ";:" else ""


def _parameter_end(line: str, start: int) -> int:
    """Where the parameter starting at `start` ends: at `;` or `:` outside quotes and brackets."""
    at = start
    while (stop := _PARAMETER_STOP.search(line, at)) is not None:
        if stop.group() in ";:":
            return stop.start()
        closing = line.find('"' if stop.group() == '"' else ")", stop.end())
        if closing < 0:
            return len(line)
        at = closing + 1
    return len(line)


def _split_values(text: str) -> list[str]:
    """`a,"b,c",d` -> [a, b,c, d]: a parameter's values, quotes taken off."""
    values: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            values.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    values.append("".join(current).strip())
    return [v for v in values if v]


def _parse_line(number: int, text: str) -> _Property | None:
    """`[group.]NAME(;param)*:value`, or None when the line is not shaped so. Linear time."""
    length = len(text)
    at = _name_end(text, 0)
    if at == 0:
        return None
    group, name = "", text[:at]
    if at < length and text[at] == ".":
        start = at + 1
        at = _name_end(text, start)
        if at == start:
            return None
        group, name = name, text[start:at]
    params: dict[str, list[str]] = {}
    types: list[str] = []
    custom = ""
    while at < length and text[at] == ";":
        start = at + 1
        at = _parameter_end(text, start)
        param = text[start:at].strip()
        if not param:
            continue
        bracketed = _CUSTOM_PARAM.fullmatch(param)
        key, equals, values = param.partition("=")
        if bracketed is not None and bracketed.group(1).upper() == "X-CUSTOM":
            custom = bracketed.group(2)
        elif equals and _NAME.fullmatch(key.strip()):
            found = _split_values(values)
            params.setdefault(key.strip().upper(), []).extend(found)
            if key.strip().upper() == "TYPE":
                types.extend(t for v in found for t in v.split(",") if t.strip())
        elif _NAME.fullmatch(param):
            types.append(param)  # vCard 2.1: TEL;CELL;PREF, EMAIL;INTERNET, …;QUOTED-PRINTABLE
        else:
            return None
    if at >= length or text[at] != ":":
        return None
    return _Property(
        number, group.lower(), name.upper(), params, types, custom, text[at + 1 :], text
    )


class _CharsetError(ValueError):
    pass


def _decode_quoted_printable(value: str, charset: str) -> str:
    try:
        raw = value.encode(charset)
    except (LookupError, UnicodeEncodeError):
        raw = value.encode("utf-8")  # 8-bit text left unencoded came from the file as it was
    data = quopri.decodestring(raw)
    for candidate in (charset, "utf-8", "cp1251"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    raise _CharsetError(charset)


def _is_quoted_printable(prop: _Property) -> bool:
    encodings = [e.upper() for e in prop.params.get("ENCODING", [])]
    return "QUOTED-PRINTABLE" in encodings or any(
        t.upper() == "QUOTED-PRINTABLE" for t in prop.types
    )


def _raw_value(prop: _Property) -> str:
    """The value with 2.1's quoted-printable undone, still escaped; _CharsetError if unreadable."""
    if not _is_quoted_printable(prop):
        return prop.value
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    return _decode_quoted_printable(prop.value, charset).replace("\r\n", "\n")


_ESCAPES: Final = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] in _ESCAPES:
            out.append(_ESCAPES[text[at + 1]])
            at += 2
            continue
        out.append(char)
        at += 1
    return "".join(out)


def _components(text: str) -> list[str]:
    """A structured value (N, ORG) cut at its unescaped `;`, each part unescaped."""
    parts: list[str] = []
    current: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text):
            current.append(text[at : at + 2])
            at += 2
            continue
        if char == ";":
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
        at += 1
    parts.append(_unescape("".join(current)))
    return parts


class _Card:
    """The properties of one card this app uses, read one line at a time."""

    def __init__(self, lines: list[_NumberedLine]) -> None:
        self.properties: list[_Property] = []
        self.unreadable: list[_Unreadable] = []
        self.name_cut_at: tuple[int, _Unreadable] | None = None  # (FN/N line, what broke it)
        previous: _Property | None = None  # the line before, when it was a property
        for number, text in _logical_lines(lines):
            prop = _parse_line(number, text)
            before, previous = previous, prop
            if prop is not None:
                if prop.name in _USED:
                    self.properties.append(prop)
                continue
            claimed = _claimed_name(text)
            if claimed:
                if claimed in _USED:
                    self.unreadable.append(_Unreadable(number, _shown(text), claimed, lost=claimed))
                continue
            # Text that is no property at all: most likely the rest of the line before it, broken
            # by a line end that was not folded, so that line's value cannot be trusted either.
            damage = _Unreadable(number, _shown(text), "")
            if before is not None and self.properties and self.properties[-1] is before:
                self.properties.pop()
                if before.name in _NAMING and self.name_cut_at is None:
                    self.name_cut_at = (before.line, damage)
                damage = damage._replace(broken_line=before.line, lost=before.name)
            self.unreadable.append(damage)

    def values(self, name: str) -> Iterator[tuple[_Property, str]]:
        """(property, value with quoted-printable undone) of each readable `name` line."""
        for prop in self.properties:
            if prop.name != name:
                continue
            try:
                yield prop, _raw_value(prop)
            except _CharsetError as error:
                self.unreadable.append(
                    _Unreadable(prop.line, _shown(prop.text), name, str(error), lost=name)
                )

    def lost(self, names: frozenset[str]) -> _Unreadable | None:
        return next((u for u in self.unreadable if u.claimed in names), None)


def read_vcards(text: str) -> ReadResult:
    """Every card in a .vcf text; a card or line that cannot be read is listed, not fatal."""
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    for block in _blocks(text):
        if isinstance(block, Rejected):
            rejected.append(block)
            continue
        where = Place(PlaceKind.CARD, block.number, block.line)
        if block.lines is None:
            rejected.append(Rejected(where, ProblemKind.CARD_CUT_SHORT))
            continue
        contact = _contact_from_card(_Card(block.lines), where, rejected)
        if contact is not None:
            contacts.append(contact)
    if not contacts and not rejected:
        raise ParseError("There is no vCard in this file.", problem=FileProblem.NO_VCARD)
    return ReadResult(ContactFileFormat.VCARD, contacts, rejected)


def _contact_from_card(card: _Card, where: Place, rejected: list[Rejected]) -> Contact | None:
    labels = {
        prop.group: _label_from_apple(_unescape(value))
        for prop, value in card.values("X-ABLABEL")
        if prop.group
    }
    names = [n for n in (" ".join(_unescape(v).split()) for _, v in card.values("FN")) if n]
    if not names:
        names = [n for n in (_name_from_n(v) for _, v in card.values("N")) if n]
    organisation, department = _org([v for _, v in card.values("ORG")])
    email = _email(list(card.values("EMAIL")))
    note = "\n".join(n for n in (_unescape(v).strip() for _, v in card.values("NOTE")) if n)
    favourite = any(
        _unescape(v).strip().lower() in ("true", "1", "yes")
        for _, v in card.values("X-FMC-FAVOURITE")
    ) or any(
        "starred" in (c.strip().lower() for c in _unescape(v).split(","))
        for _, v in card.values("CATEGORIES")
    )
    tel_lines = list(card.values("TEL"))
    lost_name = card.lost(_NAMING)
    if not names and card.name_cut_at is not None:
        name_line, damage = card.name_cut_at
        rejected.append(
            Rejected(where, ProblemKind.NAME_CUT, text=damage.shown, broken_line=name_line)
        )
        return None
    if not names and lost_name is not None:
        rejected.append(
            Rejected(
                where,
                ProblemKind.NAME_LOST,
                line=lost_name.line,
                text=lost_name.shown,
                charset=lost_name.charset,
                broken_line=lost_name.broken_line,
            )
        )
        return None
    number_problems: list[NumberProblem] = []
    numbers: list[ContactNumber] = []
    for prop, value in tel_lines:
        number = _tel(prop, value, labels, number_problems)
        if number is not None:
            numbers.append(number)
    name = names[0] if names else organisation or email or (numbers[0].raw if numbers else "")
    name = " ".join(name.split())
    if not name:
        report_numbers(number_problems, "", where, rejected)
        rejected.append(Rejected(where, ProblemKind.EMPTY_CARD))
        return None
    for damage in card.unreadable:
        rejected.append(
            Rejected(
                where,
                ProblemKind.LINE_SKIPPED,
                line=damage.line,
                broken_line=damage.broken_line,
                text=damage.shown,
                charset=damage.charset,
                contact=name,
                without_number=damage.lost == "TEL" and not numbers,
            )
        )
    report_numbers(number_problems, name if not numbers else "", where, rejected)
    return Contact(
        name=name,
        numbers=numbers,
        organisation=organisation,
        department=department,
        email=email,
        note=note,
        favourite=favourite,
        source=ContactSource.OWN,
    )


def _email(lines: list[tuple[_Property, str]]) -> str:
    """The preferred e-mail (TYPE=pref in 2.1/3.0, PREF=1 in 4.0), else the first."""
    found = [(prop, _unescape(value).strip()) for prop, value in lines]
    found = [(prop, value) for prop, value in found if value]
    for prop, value in found:
        if "PREF" in prop.params or any(t.lower() == "pref" for t in prop.types):
            return value
    return found[0][1] if found else ""


def _tel(
    prop: _Property, value: str, labels: Mapping[str, str], problems: list[NumberProblem]
) -> ContactNumber | None:
    value = _unescape(value).strip()
    label = labels.get(prop.group, "") if prop.group else ""
    label = label or _label_from_custom(prop) or _label_from_types(prop.types)
    if value.lower().startswith(("tel:", "callto:")):  # vCard 4.0's TEL;VALUE=uri:tel:+380…
        try:
            value = parse_link(value).number
        except FmcError as error:
            problems.append(NumberProblem(ProblemKind.LINK_REFUSED, value, error.message))
            return None
    if not value:
        return None
    try:
        parse_number(value)
    except InvalidNumberError as error:
        problems.append(NumberProblem(ProblemKind.NUMBER_REFUSED, value, error.message))
        return None
    return ContactNumber.of(value, label)


def _label_from_custom(prop: _Property) -> str:
    """Samsung's own label: `X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,<label>)`."""
    if not prop.custom:
        return ""
    items = prop.custom.split(",")
    settings: dict[str, str] = {}
    while len(items) > 1:
        key, equals, setting = items[0].partition("=")
        if not equals or key.strip().upper() not in ("CHARSET", "ENCODING"):
            break
        settings[key.strip().upper()] = setting.strip()
        items.pop(0)
    label = ",".join(items)
    if settings.get("ENCODING", "").upper() == "QUOTED-PRINTABLE":
        # Should it not decode, the label as written is still better than none.
        with suppress(_CharsetError):
            label = _decode_quoted_printable(label, settings.get("CHARSET") or "utf-8")
    return label.strip()


def _org(values: Sequence[str]) -> tuple[str, str]:
    if not values:
        return "", ""
    parts = [p.strip() for p in _components(values[0])]
    return parts[0], " / ".join(p for p in parts[1:] if p)


def _name_from_n(value: str) -> str:
    """FN's stand-in from N's family;given;additional;prefix;suffix, in the order people say it."""
    parts = [*_components(value), "", "", "", "", ""][:5]
    family, given, additional, prefix, suffix = (p.replace(",", " ") for p in parts)
    return " ".join(" ".join((prefix, given, additional, family, suffix)).split())

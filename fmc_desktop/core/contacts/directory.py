"""Search as you type over the contact book: own contacts and the PBX's entries, best first.

`Directory.search` answers a keystroke from precomputed keys, by the rules of
`core.search` that the archive and the history table follow too: each entry's names and
departments folded twice, once to Latin (Cyrillic transliterated per the 2010 passport rules,
accents dropped) and once keeping the Cyrillic, so `olena`, `Олена` and `OLENA` meet on one side or
the other; a looser "sound skeleton" catches other spellings (`Yuliia`/`Julia`, `Szewczenko`,
`Alexander` for Олександр, `Kiev`) after every exact match. Numbers are matched on their digits
in the canonical and the national form, whatever the separators, so `4567`, `067 123`, `067–123`
and `+38067` all find `+380671234567`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Final, NamedTuple

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import InvalidNumberError
from fmc_desktop.core.contacts.book import BookCopy, ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber, visible_contacts
from fmc_desktop.core.numbers.phone import (
    NumberKind,
    PhoneNumber,
    canonical,
    parse_number,
    parse_stored_number,
)
from fmc_desktop.core.search.matching import (
    Term,
    is_number_like,
    latin_key,
    query_terms,
    search_keys,
    sound_lines,
)
from fmc_desktop.core.search.matching import number_forms as search_number_forms

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
        return parse_stored_number(self.number.raw, self.number.canonical)


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
        self._copy = BookCopy(book) if book is not None else None
        self._clock: Clock = clock or SystemClock()
        self._contacts: dict[int, Contact] = {}
        self._activity: dict[str, CallActivity] = {}
        self._entries: list[_Entry] = []
        self._numbers_in_book: set[str] = set()
        self._keys: dict[tuple[object, ...], _Keys] = {}
        self._by_number: dict[str, Contact] = {}
        self._built_at = 0.0
        self._dirty = True
        if book is None:
            self.set_contacts(contacts)

    def set_contacts(self, contacts: Iterable[Contact]) -> None:
        """Search these instead of the book's (e.g. loaded on a worker thread)."""
        self._copy = None
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

    def _catch_up(self, copy: BookCopy) -> None:
        before = copy.revision
        self._contacts = copy.contacts()
        if copy.revision != before:
            self._dirty = True

    def _ensure_index(self) -> None:
        if self._copy is not None:
            self._catch_up(self._copy)
        now = self._clock.now().timestamp()
        # Recency fades: a window open for days re-ranks now and then, not on every keystroke.
        if not self._dirty and now - self._built_at < ACTIVITY_REFRESH_SECONDS:
            return
        contacts = list(self._contacts.values())
        keys: dict[tuple[object, ...], _Keys] = {}
        entries: list[_Entry] = []
        for contact in visible_contacts(contacts):
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

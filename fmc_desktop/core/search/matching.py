"""What a search matches, defined once for the archive, the history table and the contacts.

`fmc-desktop history --search`, the history window's search box and the contact search beside
the dial pad all answer the same question, "which numbers does this text stand for?", and must
give the same answer, or an export of a search holds calls the window does not show.

A query is split into terms (`query_terms`); a number's searchable text is built from pieces
(`number_pieces`, `written_piece`, `text_pieces`) and a term is found in it by `term_found`, or
by `Term.alternatives` in SQL (`instr` on each). Every term must be found.

- A query that is only a number (`067 123-45`, `+38 (067) 123`, `067–123`, `067/123`) is one
  term; otherwise each whitespace-separated word is a term. Separators in numbers are ignored:
  spaces, every dash (en, em, minus, hyphens), slashes, dots and brackets (`NUMBER_SEPARATORS`).
- A number term matches by its digits, anywhere in a number's digits in canonical
  (`+380671234567`), national (`0671234567`) or as-written form: `4567`, `067 123`, `380671`.
- A word matches names, departments and numbers written as text, case-insensitively, with
  accents and apostrophes ignored, in Cyrillic or in Latin letters: each text is kept folded in
  its own alphabet and romanised by the 2010 passport rules (`translit`), and a Cyrillic query
  is romanised too (`олена` finds `Olena`).
- Failing that, a word of three or more letters matches by sound (`loose_key`): the informal,
  Russian-style and Polish-style spellings of one name meet on one skeleton (`Julia`/`Yuliia`,
  `Olexandr`/`Oleksandr`, `Szewczenko`/`Шевченко`, `Alexey`/`Алексей`), and a short table of
  Ukrainian first names and cities (`NAME_VARIANTS`) adds the Russian and English forms that no
  letter rule reaches (`Aleksandr`, `Alexander` for Олександр; `Kiev`, `Kharkov`).

The skeletons are kept in capital letters, so a plain term (always folded to small letters) can
only match the exact text and a skeleton only the skeletons; both live in one string per number,
which is what lets SQLite match both with `instr` over the archive's party table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from fmc_desktop.core.numbers.phone import digits_of
from fmc_desktop.core.search.translit import APOSTROPHES, fold, transliterate

# Bumped whenever the pieces a number's search text is built from change; the archive rebuilds
# the search text it stores when its own mark differs.
SEARCH_TEXT_VERSION: Final = 2

# What people put between the digits of a number, including what text pasted from the web or a
# spreadsheet brings: no-break spaces, every kind of dash, slashes (`067/123 45 67`).
NUMBER_SEPARATORS: Final = frozenset(" \t\u00a0\u2007\u202f-‐‑‒–—―−./()[]")
_NUMBER_CHARS: Final = NUMBER_SEPARATORS | frozenset("0123456789+*#")
MIN_LOOSE_TERM: Final = 3  # shorter words match half a company by sound: not worth showing


def is_number_like(text: str) -> bool:
    """True for (part of) a phone number as typed: `067 12`, `+380-67`, `067–123`, `*111#`."""
    return any(ch.isdigit() for ch in text) and all(ch in _NUMBER_CHARS for ch in text)


# --- text keys ----------------------------------------------------------------------------------

_NOT_WORD: Final = re.compile(r"[^\w]+|_+")
# Letters NFKD does not take apart, in the Latin alphabets a colleague's name may come in.
_LATIN_EXTRA: Final = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_NO_APOSTROPHES: Final = str.maketrans(dict.fromkeys(APOSTROPHES, ""))
_NOT_ASCII_WORD: Final = re.compile(r"[^a-z0-9 ]+")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=1 << 16)
def _piece_keys(piece: str) -> tuple[str, str]:
    """(Latin, own-alphabet) keys of one folded, space-free piece of text.

    Names repeat (a company has many Олена and many Коваленко), so keys are cached per piece,
    which is exact: the transliteration rules look no further back than the start of a word, and
    a space always starts one. Transliterated before the accents go, as NFKD would turn й into и
    and ї into і; apostrophes go before the split into words, so `Мар'яна` stays one word.
    """
    latin = _strip_marks(transliterate(piece)).translate(_LATIN_EXTRA).translate(_NO_APOSTROPHES)
    script = _strip_marks(piece).translate(_NO_APOSTROPHES)
    return _words(latin), _words(script)


def search_keys(text: str) -> tuple[str, str]:
    """`latin_key(text)` and `script_key(text)` at once."""
    pieces = [_piece_keys(piece) for piece in fold(text).split()]
    return (
        " ".join(latin for latin, _ in pieces if latin),
        " ".join(script for _, script in pieces if script),
    )


def latin_key(text: str) -> str:
    """`text` as a Latin search key: `Олена Петренко-Зґурська` -> `olena petrenko zgurska`."""
    return search_keys(text)[0]


def script_key(text: str) -> str:
    """`text` folded but left in its own alphabet (`Олена` -> `олена`), accents dropped.

    The Latin key alone would miss a Cyrillic query typed from the middle of a word, since
    the 2010 rules spell a letter differently at the start of a word: `ю` is `yu` in `Юрій` but
    `iu` in `Андріюк`.
    """
    return search_keys(text)[1]


# --- spelling by sound --------------------------------------------------------------------------

# A looser spelling in which the usual ways of writing one Cyrillic sound coincide: passport
# (`Yuliia`, `Serhii`, `Kharkiv`, `Shevchenko`), Russian-style or older (`Julia`, `Sergiy`,
# `Harkiv`, `Alexey`), Polish-style (`Szewczenko`, `Cyganenko`, `Jarosław`), English (`Olexandr`).
# Applied in this order: the longer spellings of a sound first (`szcz` is щ, before `sz` is ш).
# Double letters collapse and i/y/j become one letter before the iotated vowels fold into their
# vowel.
_LOOSE_FIRST: Final = (
    ("x", "ks"),
    ("shch", "s"),
    ("szcz", "s"),
    ("sch", "s"),
    ("sh", "s"),
    ("sz", "s"),
    ("ch", "c"),
    ("cz", "c"),
    ("zh", "z"),
    ("kh", "h"),
    ("ph", "f"),
    ("ts", "c"),
    ("tz", "c"),
    ("g", "h"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
)
_LOOSE_THEN: Final = (("iu", "u"), ("ia", "a"), ("ie", "e"), ("io", "o"))
_DOUBLES: Final = re.compile(r"(\w)\1+")


def loose_key(latin: str) -> str:
    """A Latin key reduced to its sound skeleton: `yuliia` and `julia` both become `ula`."""
    return " ".join(_loose_word(word) for word in latin.split())


@lru_cache(maxsize=1 << 16)
def _loose_word(word: str) -> str:
    text = word
    for old, new in _LOOSE_FIRST:
        text = text.replace(old, new)
    text = _DOUBLES.sub(r"\1", text)
    for old, new in _LOOSE_THEN:
        text = text.replace(old, new)
    return _DOUBLES.sub(r"\1", text)


# Ukrainian first names and cities whose Russian or English form no letter rule reaches: each
# group is one name, its Ukrainian form first, then the Russian form (in Cyrillic: romanised by
# the same rules, it also covers a name saved in Russian) and the Latin spellings people type
# for either. Compiled by hand from the Russian equivalents of Ukrainian given names and the
# Russian-era English names of the cities (Kiev, Kharkov, Lvov, Dnepr…) as English-language
# sources and address books use them; forms the letter rules already join (Yulia/Julia,
# Sergiy/Serhii) are left out. Each spelling of a group finds every other.
NAME_VARIANTS: Final[tuple[tuple[str, ...], ...]] = (
    # first names
    ("Олександр", "Александр", "Alexander", "Aleksander", "Alexandr"),
    ("Олексій", "Алексей", "Alexey", "Alexei", "Aleksey", "Alexis"),
    ("Олександра", "Александра", "Alexandra"),
    ("Сергій", "Сергей", "Sergey", "Sergei"),
    ("Андрій", "Андрей", "Andrey", "Andrei", "Andrew"),
    ("Дмитро", "Дмитрий", "Dmitry", "Dmitriy", "Dmitri"),
    ("Володимир", "Владимир", "Vladimir", "Wladimir", "Włodzimierz"),
    ("Михайло", "Михаил", "Mikhail", "Michael", "Michal"),
    ("Євген", "Евгений", "Yevgeny", "Evgeniy", "Eugene"),
    ("Петро", "Пётр", "Petr", "Peter", "Piotr"),
    ("Микола", "Николай", "Nikolai", "Nikolay", "Nicholas", "Mikolaj"),
    ("Василь", "Василий", "Vasily", "Vasiliy", "Wasyl"),
    ("Костянтин", "Константин", "Konstantin", "Constantine"),
    ("Артем", "Артём", "Artyom", "Artiom"),
    ("Іван", "Иван", "Iwan"),
    ("Павло", "Павел", "Pavel", "Paul", "Pawel"),
    ("Степан", "Stepan", "Stefan", "Stephen"),
    ("Олена", "Елена", "Elena", "Yelena", "Helena"),
    ("Наталія", "Наталья", "Natalya", "Natalie"),
    ("Тетяна", "Татьяна", "Tatiana", "Tatyana"),
    ("Світлана", "Светлана", "Svetlana"),
    ("Ганна", "Анна", "Anna", "Hanna", "Ann"),
    ("Катерина", "Екатерина", "Ekaterina", "Yekaterina", "Katarzyna", "Catherine"),
    ("Надія", "Надежда", "Nadezhda"),
    ("Дарина", "Дарья", "Daria", "Darya"),
    ("Христина", "Кристина", "Kristina", "Christina", "Krystyna"),
    ("Віра", "Вера", "Vera"),
    ("Ольга", "Olga"),
    # cities
    ("Київ", "Киев", "Kiev", "Kijow"),
    ("Харків", "Харьков", "Kharkov", "Charkow"),
    ("Львів", "Львов", "Lvov", "Lwow", "Lemberg"),
    ("Дніпро", "Днепр", "Dnepr", "Dnipropetrovsk", "Dnepropetrovsk"),
    ("Запоріжжя", "Запорожье", "Zaporozhye", "Zaporozhe"),
    ("Миколаїв", "Николаев", "Nikolaev", "Nikolayev"),
    ("Чернігів", "Чернигов", "Chernigov"),
    ("Рівне", "Ровно", "Rovno"),
    ("Тернопіль", "Тернополь", "Ternopol"),
    ("Кропивницький", "Кировоград", "Kirovograd", "Kirovohrad"),
    ("Франківськ", "Франковск", "Frankovsk"),
    ("Ужгород", "Uzhgorod"),
    ("Луганськ", "Луганск", "Lugansk"),
    ("Донецьк", "Донецк", "Donetsk"),
    ("Одеса", "Одесса", "Odessa"),
)


def _loose_ascii(latin_word: str) -> str:
    return _NOT_ASCII_WORD.sub("", _loose_word(latin_word))


def _variant_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for group in NAME_VARIANTS:
        skeletons = tuple(dict.fromkeys(_loose_ascii(latin_key(name)) for name in group))
        for skeleton in skeletons:
            table[skeleton] = tuple(s for s in skeletons if s != skeleton)
    return table


_VARIANTS: Final = _variant_table()


@lru_cache(maxsize=1 << 16)
def _loose_lines(latin: str) -> tuple[str, ...]:
    """The skeleton of a Latin key, and its words' other-language forms, as capital lines."""
    skeletons = [_loose_ascii(w) for w in latin.split() if not w.isdigit()]
    skeletons = [s for s in skeletons if s]
    if not skeletons:
        return ()
    lines = [" " + " ".join(skeletons).upper()]
    variants = [v for s in skeletons for v in _VARIANTS.get(s, ())]
    if variants:
        lines.append(" " + " ".join(variants).upper())
    return tuple(lines)


def sound_lines(text: str) -> tuple[str, ...]:
    """The capital skeleton lines `text_pieces` gives a name or department (and its variants)."""
    return _loose_lines(latin_key(text))


# --- a number's searchable text -----------------------------------------------------------------


def number_forms(canonical_number: str) -> tuple[str, ...]:
    """The digit strings a search may type for a number in canonical form: `380…` and `0…`."""
    digits = digits_of(canonical_number)
    if canonical_number.startswith("+380") and len(canonical_number) == 13:
        return (digits, "0" + digits[3:])
    return (digits,) if digits else ()


@lru_cache(maxsize=1 << 16)
def text_pieces(text: str, *, loose: bool = True) -> tuple[str, ...]:
    """A name's or department's pieces: its Latin and own-alphabet keys, then its skeletons
    (unless `loose` is off).

    Each key starts with a space, so `" " + term` in it says the term starts a word.
    """
    latin, script = search_keys(text)
    pieces = [" " + latin] if latin else []
    if script and script != latin:
        pieces.append(" " + script)
    if loose and latin:
        pieces.extend(_loose_lines(latin))
    return tuple(pieces)


def number_pieces(canonical_number: str) -> list[str]:
    """The pieces of text a number in canonical form is searched by: `+380…` (which holds the
    national `0…` too), or the text it is."""
    if is_number_like(canonical_number):
        return [canonical_number, *number_forms(canonical_number)[1:]]
    # Not a number (`Anonymous`, an operator's tag): searched as the text it is, not by sound.
    return list(text_pieces(canonical_number, loose=False))


def holds_its_pieces(canonical_number: str) -> bool:
    """Whether a canonical number's own text holds every piece `number_pieces` gives it and
    every all-digit spelling of it (`+380671234567` holds `380671234567` and `0671234567`).

    Then its search text starts as the number alone and `grow` skips those pieces, so a bulk
    import of a million new numbers need not make them.
    """
    return (
        len(canonical_number) == 13
        and canonical_number.startswith("+380")
        and canonical_number.isascii()
        and canonical_number[1:].isdigit()
    )


def written_piece(written: str) -> str:
    """A number as written, as a search matches it: its digits, or its text if it is none."""
    if written.isdigit() and written.isascii():
        return written
    if is_number_like(written):
        return digits_of(written)
    return "\n".join(text_pieces(written, loose=False))


def grow(current: str, pieces: Iterable[str]) -> str:
    """`current` with each piece it does not already contain (as a substring) added.

    A term never holds a line break, so whatever it finds in a piece it would also find in the
    text that already contained that piece: skipping it changes no search's answer.
    """
    for piece in pieces:
        if piece and piece not in current:
            current = f"{current}\n{piece}" if current else piece
    return current


# --- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a query, in every form it may be found in a number's searchable text."""

    latin: str  # the term's Latin key (its digits, for a number)
    script: str  # its key in its own alphabet (equal to latin for Latin text and numbers)
    digits: str  # its digits when it is (part of) a number or all digits, else ""
    loose: str  # " " + its capital skeleton when it may match by sound, else ""

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Substrings any one of which, found in a number's text, makes the term match."""
        found = (self.digits, self.latin, self.script, self.loose)
        return tuple(dict.fromkeys(a for a in found if a))


def _term(token: str, *, number: bool) -> Term | None:
    if number:
        # A number is looked for by its digits alone, whatever separated them.
        digits = digits_of(token)
        return Term(digits, digits, digits, "")
    latin, script = search_keys(token)
    loose = ""
    words = latin.split()
    if words and all(len(w) >= MIN_LOOSE_TERM and not w.isdigit() for w in words):
        lines = _loose_lines(latin)
        loose = lines[0] if lines else ""
    if not latin and not script:
        return None  # only punctuation: nothing to look for
    digits = latin if latin.isdigit() else ""
    return Term(latin, script, digits, loose)


@lru_cache(maxsize=256)
def query_terms(query: str) -> tuple[Term, ...]:
    """The terms `query` stands for, each needed; none for a blank query."""
    stripped = query.strip()
    if not stripped:
        return ()
    if is_number_like(stripped):
        only = _term(stripped, number=True)
        return (only,) if only is not None else ()
    terms: list[Term] = []
    for token in stripped.split():
        term = _term(token, number=is_number_like(token))
        if term is not None and term not in terms:
            terms.append(term)
    return tuple(terms)


def term_found(term: Term, text: str) -> bool:
    """Whether `term` is in a number's searchable text (built with `grow` from its pieces)."""
    return any(alternative in text for alternative in term.alternatives)


def found(terms: Iterable[Term], text: str) -> bool:
    return all(term_found(term, text) for term in terms)

"""What a keystroke costs in the contact search, against folding every contact per keystroke.

Builds a directory of 10,000 contacts with realistic Ukrainian names (a tenth written in Latin,
as colleagues abroad and imported phone books are), departments, one to three numbers each, some
favourites and a call history for a fifth of them. Then types queries one character at a time,
as a user does, and times `Directory.search` for each keystroke (the target is 20 ms), against the
naive search that folds and transliterates every contact on every keystroke. Also times building
the index (the first search after the book changed) and the SQLite round trip of the book.

Run: .venv/bin/python benchmarks/bench_contacts.py [number_of_contacts]
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.contact import Contact, ContactNumber
from fmc_desktop.core.contacts.directory import Directory, number_forms
from fmc_desktop.core.numbers.phone import digits_of
from fmc_desktop.core.search.matching import NAME_VARIANTS, is_number_like
from fmc_desktop.core.search.translit import fold, transliterate

TARGET_MS = 20.0
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

MALE = (
    "Олександр", "Андрій", "Сергій", "Володимир", "Дмитро", "Михайло", "Іван", "Юрій", "Євген",
    "Олег", "Віталій", "Богдан", "Тарас", "Ярослав", "Василь", "Петро", "Микола", "Григорій",
    "Ігор", "Роман", "Максим", "Артем", "Денис", "Костянтин", "Святослав", "Назар", "Остап",
)  # fmt: skip
FEMALE = (
    "Олена", "Наталія", "Ірина", "Тетяна", "Оксана", "Юлія", "Марія", "Світлана", "Ганна",
    "Людмила", "Катерина", "Вікторія", "Ольга", "Галина", "Софія", "Мар'яна", "Христина",
    "Анастасія", "Дарина", "Зоряна", "Леся", "Єлизавета", "Ївга", "Надія", "Любов",
)  # fmt: skip
# Surnames that do not change with gender, and -ський/-цький ones that do.
SURNAMES = (
    "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук",
    "Поліщук", "Бойко", "Ткачук", "Мельник", "Петренко", "Савченко", "Руденко", "Марченко",
    "Лисенко", "Мороз", "Кравчук", "Гончаренко", "Павленко", "Клименко", "Литвиненко", "Юрченко",
    "Зінченко", "Тимошенко", "Приходько", "Гуменюк", "Ющенко", "Дорошенко", "Андрієнко",
    "Гнатюк", "Федорчук", "Щербак", "Жук", "Яковенко", "Чорновол", "Пономаренко", "Харченко",
)  # fmt: skip
SKYI = ("Ковальськ", "Зґурськ", "Вишневськ", "Садовськ", "Липецьк", "Заболотськ", "Козацьк")
DEPARTMENTS = (
    "Бухгалтерія", "Відділ продажів", "Служба підтримки", "Склад", "Керівництво", "Юридичний",
    "Маркетинг", "ІТ-відділ", "Логістика", "Закупівлі", "Кадри", "Сервісний центр",
)  # fmt: skip
LATIN = ("Olena", "Andrii", "Serhii", "Julia", "Anna", "Maria", "John", "Piotr", "Zoë", "Jürgen")
LATIN_SURNAMES = ("Kovalenko", "Smith", "Nowak", "Müller", "Shevchenko", "Bondar", "García")
OPERATORS = ("67", "68", "96", "97", "98", "50", "66", "95", "99", "63", "73", "93", "44")


def make_contacts(count: int, seed: int = 5) -> list[Contact]:
    rng = random.Random(seed)
    contacts: list[Contact] = []
    for _ in range(count):
        if rng.random() < 0.1:
            name = f"{rng.choice(LATIN)} {rng.choice(LATIN_SURNAMES)}"
        elif rng.random() < 0.5:
            stem = rng.choice(SKYI) + "а"
            surname = stem if rng.random() < 0.3 else rng.choice(SURNAMES)
            name = f"{rng.choice(FEMALE)} {surname}"
        else:
            surname = rng.choice(SKYI) + "ий" if rng.random() < 0.15 else rng.choice(SURNAMES)
            name = f"{rng.choice(MALE)} {surname}"
        numbers = []
        for label in ("mobile", "work", "home")[: rng.choice((1, 1, 1, 2, 2, 3))]:
            body = f"0{rng.choice(OPERATORS)}{rng.randrange(10**7):07d}"
            shown = f"{body[:3]} {body[3:6]} {body[6:8]} {body[8:]}"
            numbers.append(ContactNumber.of(shown, label))
        contacts.append(
            Contact(
                name=name,
                numbers=numbers,
                organisation=rng.choice(("", "", "Київстар", "ТОВ «Ромашка»", "Nova Poshta")),
                department=rng.choice(DEPARTMENTS) if rng.random() < 0.7 else "",
                favourite=rng.random() < 0.01,
            )
        )
    return contacts


def make_activity(contacts: list[Contact], seed: int = 6) -> dict[str, tuple[int, float]]:
    rng = random.Random(seed)
    now = NOW.timestamp()
    activity: dict[str, tuple[int, float]] = {}
    for contact in rng.sample(contacts, len(contacts) // 5):
        for number in contact.numbers[:1]:
            activity[number.canonical] = (
                rng.randint(1, 200),
                now - rng.uniform(0, 30 * 86_400),
            )
    return activity


def naive_keys(text: str) -> str:
    """The same Latin and Cyrillic keys as the directory's, computed afresh with no cache."""
    folded = fold(text)
    latin = unicodedata.normalize("NFKD", transliterate(folded))
    script = unicodedata.normalize("NFKD", folded)
    both = f"{latin} {script}"
    return " ".join(
        re.sub(r"[^\w]+", " ", "".join(ch for ch in both if not unicodedata.combining(ch))).split()
    )


_SOUNDS = (
    ("x", "ks"), ("shch", "s"), ("szcz", "s"), ("sch", "s"), ("sh", "s"), ("sz", "s"),
    ("ch", "c"), ("cz", "c"), ("zh", "z"), ("kh", "h"), ("ph", "f"), ("ts", "c"), ("tz", "c"),
    ("g", "h"), ("w", "v"), ("j", "i"), ("y", "i"),
)  # fmt: skip


def naive_sound(word: str) -> str:
    """The same sound skeleton as the search's, recomputed every time."""
    for old, new in _SOUNDS:
        word = word.replace(old, new)
    word = re.sub(r"(\w)\1+", r"\1", word)
    for old, new in (("iu", "u"), ("ia", "a"), ("ie", "e"), ("io", "o")):
        word = word.replace(old, new)
    return re.sub(r"(\w)\1+", r"\1", word)


def naive_variants() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for group in NAME_VARIANTS:
        sounds = [naive_sound(naive_keys(name).split()[0]) for name in group]
        for sound in sounds:
            table.setdefault(sound, []).extend(sounds)
    return table


NAIVE_VARIANTS = naive_variants()


def naive_search(contacts: list[Contact], text: str, limit: int = 20) -> list[Contact]:
    """Fold every contact on every keystroke: what a plain filter over the list would do,
    with the same spellings by sound (and name variants) as the search."""
    number = is_number_like(text)
    query_digits = digits_of(text) if number else ""
    terms = [] if number else naive_keys(text).split()
    sounds = [" " + naive_sound(t) for t in terms if len(t) >= 3]
    found: list[Contact] = []
    for contact in contacts:
        fields = " ".join(
            naive_keys(p) for p in (contact.name, contact.organisation, contact.department)
        )
        forms = "|".join(number_forms(n.canonical) for n in contact.numbers)
        if query_digits:
            if query_digits in forms:
                found.append(contact)
            continue
        if any(t in fields for t in terms):
            found.append(contact)
            continue
        if sounds:
            heard = [naive_sound(w) for w in fields.split()]
            heard += [v for w in heard for v in NAIVE_VARIANTS.get(w, ())]
            spoken = " " + " ".join(heard)
            if any(s in spoken for s in sounds):
                found.append(contact)
    found.sort(key=lambda c: (not c.favourite, naive_keys(c.name)))
    return found[:limit]


QUERIES = (
    "петренко",
    "olena",
    "Олена",
    "oleksandr kov",
    "zgurs",
    "юрч",
    "julia",
    "бух",
    "0671",
    "4567",
    "067 123",
    "+380 50",
    "Szewczenko",
    "Alexander",
    "Olexiy",
    "kharkov",
    "067–123",
    "067/123",
)


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


def time_ms(action: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    contacts = make_contacts(count)
    activity = make_activity(contacts)

    connection = sqlite3.connect(":memory:")
    book = ContactBook(connection)
    started = time.perf_counter()
    book.merge_in(contacts)
    stored_ms = (time.perf_counter() - started) * 1000
    load_ms = time_ms(book.all)

    directory = Directory(book, clock=ManualClock(NOW))
    directory.set_call_activity(activity)
    started = time.perf_counter()
    directory.reload()
    cold_ms = (time.perf_counter() - started) * 1000
    # After one contact changes only that one is read again; the others' keys are kept.
    first = book.all()[0]
    book.set_favourite(first.id or 0)
    started = time.perf_counter()
    directory.reload()
    edit_ms = (time.perf_counter() - started) * 1000
    directory.set_call_activity(activity)
    started = time.perf_counter()
    directory.reload()
    activity_ms = (time.perf_counter() - started) * 1000

    print(f"{count:,} contacts; store {stored_ms:.0f} ms, load {load_ms:.0f} ms")
    print(
        f"index: first build {cold_ms:.0f} ms (reads the book), after one edit {edit_ms:.0f} ms,"
        f" after new call activity {activity_ms:.0f} ms"
    )
    print()
    print(f"{'query':<16}{'keys':>5}{'median ms':>11}{'worst ms':>10}{'naive ms':>10}{'ratio':>8}")
    all_fast: list[float] = []
    all_naive: list[float] = []
    for query in QUERIES:
        fast = [time_ms(partial(directory.search, q)) for q in keystrokes(query)]
        naive = [time_ms(partial(naive_search, contacts, q), 1) for q in keystrokes(query)]
        all_fast += fast
        all_naive += naive
        print(
            f"{query:<16}{len(fast):>5}{statistics.median(fast):>11.2f}{max(fast):>10.2f}"
            f"{statistics.median(naive):>10.1f}"
            f"{statistics.median(naive) / statistics.median(fast):>7.0f}x"
        )
    worst = max(all_fast)
    print()
    print(
        f"all {len(all_fast)} keystrokes: median {statistics.median(all_fast):.2f} ms, "
        f"p95 {statistics.quantiles(all_fast, n=20)[-1]:.2f} ms, worst {worst:.2f} ms; naive "
        f"median {statistics.median(all_naive):.0f} ms "
        f"({statistics.median(all_naive) / statistics.median(all_fast):.0f}x slower)"
    )
    print(f"target {TARGET_MS:.0f} ms per keystroke: {'met' if worst < TARGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()

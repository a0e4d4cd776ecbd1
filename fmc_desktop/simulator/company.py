"""A made-up company and its calls, the same for the same seed on every machine and every run.

Calls are a pure function of (seed, Kyiv day): each day draws from its own `random.Random`, seeded
from a hash of the two, so a day asked for in any order, by any instance, at any time, holds the
same calls. Whether a call has *happened yet* is the simulator's business (its clock), not ours.
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from fmc_desktop.core.api.kyiv import format_api, from_utc, localize, to_utc

# The fields as the vendor's example writes them, in its order (not alphabetical, not logical:
# a client must not depend on the order).
BASE_FIELDS: tuple[str, ...] = (
    "end_timestamp",
    "start_timestamp",
    "calling_number",
    "duration",
    "called_number",
)
NAME_FIELDS: tuple[str, ...] = ("calling_name", "called_name")
DEPARTMENT_FIELDS: tuple[str, ...] = ("calling_department", "called_department")
# Not in the document: what `ownership=on` adds is undocumented, so this is our guess at it, and
# it is what exercises the client's "keep every unknown field" rule.
OWNERSHIP_FIELDS: tuple[str, ...] = ("calling_ownership", "called_ownership")
INTERNAL, EXTERNAL = "internal", "external"

Record = dict[str, str | int]

_DAY_CACHE_SIZE = 64
_KYIVSTAR_PREFIXES = ("067", "068", "096", "097", "098")
_OTHER_MOBILE_PREFIXES = ("050", "066", "095", "099", "063", "073", "093", "067", "097", "068")

_FEMALE_FIRST = (
    "Олена",
    "Ірина",
    "Наталія",
    "Оксана",
    "Тетяна",
    "Юлія",
    "Марія",
    "Мар’яна",
    "Світлана",
    "Катерина",
    "Анна",
    "Вікторія",
    "Людмила",
    "Галина",
    "Софія",
    "Дарина",
    "Христина",
    "Ольга",
)
_MALE_FIRST = (
    "Андрій",
    "Олександр",
    "Сергій",
    "Дмитро",
    "Іван",
    "Микола",
    "Тарас",
    "Богдан",
    "Віталій",
    "Юрій",
    "Олег",
    "Максим",
    "Василь",
    "Петро",
    "Ярослав",
    "Володимир",
    "Остап",
    "Ігор",
)
# Most Ukrainian surnames are the same for him and her; a few are not: (his, hers).
_SAME_FOR_BOTH = (
    "Петренко",
    "Шевченко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Мельник",
    "Бойко",
    "Савченко",
    "Руденко",
    "Марченко",
    "Лисенко",
    "Гончаренко",
    "Литвиненко",
    "Поліщук",
    "Ковальчук",
    "Романюк",
    "Павлюк",
    "Дем’яненко",
    "Мороз",
    "Кушнір",
)
_SURNAMES: tuple[tuple[str, str], ...] = (
    *((s, s) for s in _SAME_FOR_BOTH),
    ("Ковальський", "Ковальська"),
    ("Вишневський", "Вишневська"),
    ("Білецький", "Білецька"),
    ("Григор’єв", "Григор’єва"),
    ("Соловйов", "Соловйова"),
)

SALES = "Відділ продажів"
SUPPORT = "Технічна підтримка"
# A comma and an ampersand on purpose: they must survive CSV quoting and XML escaping.
_OTHER_DEPARTMENTS = (
    "Бухгалтерія",
    "Логістика, склад",
    "Керівництво",
    "Маркетинг",
    "Розробка (R&D)",
    "Відділ кадрів",
)
# How much each department is on the phone, relative to the others.
_ACTIVITY = {SALES: 3.0, SUPPORT: 3.0, "Логістика, склад": 1.5, "Керівництво": 0.7}

# Calls per hour of a working day, relative: the morning and afternoon peaks, a lunch dip.
_WORKDAY_HOURS: dict[int, float] = {
    7: 0.1,
    8: 0.4,
    9: 1.0,
    10: 2.0,
    11: 2.1,
    12: 1.3,
    13: 0.8,
    14: 1.8,
    15: 1.9,
    16: 1.2,
    17: 0.9,
    18: 0.3,
    19: 0.15,
    20: 0.05,
}
_WEEKEND_HOURS: dict[int, float] = {h: 1.0 for h in range(10, 18)}


def stable_seed(seed: int, label: str) -> int:
    """A 64-bit seed from the simulator's seed and a label; stable across runs (hash() is not)."""
    digest = hashlib.sha256(f"fmc-desktop-simulator:{seed}:{label}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def national(number: str) -> str:
    """`380XXXXXXXXX` and `+380XXXXXXXXX` as `0XXXXXXXXX`, the form the call records use."""
    digits = number.removeprefix("+")
    if digits.startswith("380") and len(digits) == 12 and digits.isdigit():
        return "0" + digits[3:]
    return number


def _clocks_go_back(wall: datetime) -> bool:
    """True inside the repeated autumn hour. (An hour that repeats and an hour that never happens
    both read differently with fold=0 and fold=1; only the repeated one reads later first.)"""
    first, second = localize(wall, fold=0).utcoffset(), localize(wall, fold=1).utcoffset()
    return first is not None and second is not None and first > second


@dataclass(frozen=True, slots=True)
class Subscriber:
    number: str  # national form, e.g. "0671234567"
    name: str
    department: str


@dataclass(frozen=True, slots=True)
class SimCall:
    """One call the company made or received, with its instants in UTC."""

    start_utc: datetime
    end_utc: datetime
    calling_number: str
    called_number: str
    duration: int
    # The API filters and writes Kyiv wall time; kept ready-made because every query needs them.
    start_wall: datetime = field(init=False, compare=False)
    start_text: str = field(init=False, compare=False)
    end_text: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_wall", from_utc(self.start_utc).replace(tzinfo=None))
        object.__setattr__(self, "start_text", format_api(self.start_utc))
        object.__setattr__(self, "end_text", format_api(self.end_utc))


class Company:
    """Subscribers, outside contacts and every call of every day, derived from the seed alone."""

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        rng = random.Random(stable_seed(seed, "company"))
        others = rng.sample(_OTHER_DEPARTMENTS, rng.randint(3, 5))
        self.departments: list[str] = [SALES, SUPPORT, *others]
        self.subscribers: list[Subscriber] = self._make_subscribers(rng)
        self.numbers: list[str] = [s.number for s in self.subscribers]
        self.user: Subscriber = self.subscribers[0]
        self.outside_numbers: list[str] = self._make_outside_numbers(rng, set(self.numbers))
        self._by_number = {s.number: s for s in self.subscribers}
        self._subscriber_weights = [_ACTIVITY.get(s.department, 1.0) for s in self.subscribers]
        # A few customers call all the time, most rarely: that is what makes "frequent" lists real.
        self._outside_weights = [
            1.0 / (rank + 1) ** 0.8 for rank in range(len(self.outside_numbers))
        ]
        self._days: OrderedDict[date, tuple[SimCall, ...]] = OrderedDict()
        self._days_lock = threading.Lock()

    # -- people ------------------------------------------------------------------------------

    def _make_subscribers(self, rng: random.Random) -> list[Subscriber]:
        count = rng.randint(30, 40)
        people: set[tuple[str, str]] = set()
        numbers: set[str] = set()
        result: list[Subscriber] = []
        # Everyone gets a department; each department gets at least one person; the demo user sells.
        others = [*self.departments]
        others += rng.choices(
            self.departments,
            weights=[_ACTIVITY.get(d, 1.0) for d in self.departments],
            k=count - 1 - len(others),
        )
        rng.shuffle(others)
        departments = [SALES, *others]
        for department in departments:
            while True:
                female = rng.random() < 0.5
                first = rng.choice(_FEMALE_FIRST if female else _MALE_FIRST)
                his, hers = rng.choice(_SURNAMES)
                person = (first, hers if female else his)
                if person not in people:
                    break
            while True:
                number = rng.choice(_KYIVSTAR_PREFIXES) + f"{rng.randrange(10**7):07d}"
                if number not in numbers:
                    break
            people.add(person)
            numbers.add(number)
            result.append(Subscriber(number, f"{person[0]} {person[1]}", department))
        return result

    @staticmethod
    def _make_outside_numbers(rng: random.Random, taken: set[str]) -> list[str]:
        pool: list[str] = []
        seen = set(taken)

        def add(number: str) -> None:
            if number not in seen:
                seen.add(number)
                pool.append(number)

        while len(pool) < 112:  # other people's mobiles, written as the records write them
            add(rng.choice(_OTHER_MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}")
        while len(pool) < 140:  # offices: Kyiv mostly, Lviv and Dnipro sometimes
            area = rng.choices(("44", "32", "56"), weights=(6, 1, 1))[0]
            add(f"+380{area}{rng.randrange(10**7):07d}")
        for _ in range(2):  # hotlines
            add(f"0800{rng.randrange(10**6):06d}")
        while len(pool) < 150:  # partners abroad
            if rng.random() < 0.5:
                add(f"+48{rng.randint(5, 8)}{rng.randrange(10**8):08d}")
            else:
                add(f"+49{rng.choice(('30', '89', '40'))}{rng.randrange(10**8):08d}")
        rng.shuffle(pool)
        return pool

    def subscriber(self, number: str) -> Subscriber | None:
        """The subscriber with this number, in any of the forms 0…, 380…, +380…."""
        return self._by_number.get(national(number))

    # -- records -----------------------------------------------------------------------------

    def record(
        self,
        call: SimCall,
        *,
        names: bool = False,
        departments: bool = False,
        ownership: bool = False,
    ) -> Record:
        """The call as the API writes it, with the optional fields the flags ask for."""
        out: Record = {
            "end_timestamp": call.end_text,
            "start_timestamp": call.start_text,
            "calling_number": call.calling_number,
            "duration": call.duration,
            "called_number": call.called_number,
        }
        calling = self._by_number.get(call.calling_number)
        called = self._by_number.get(call.called_number)
        if names:
            out["calling_name"] = calling.name if calling else ""
            out["called_name"] = called.name if called else ""
        if departments:
            out["calling_department"] = calling.department if calling else ""
            out["called_department"] = called.department if called else ""
        if ownership:
            out["calling_ownership"] = INTERNAL if calling else EXTERNAL
            out["called_ownership"] = INTERNAL if called else EXTERNAL
        return out

    # -- calls -------------------------------------------------------------------------------

    def calls_on(self, day: date) -> tuple[SimCall, ...]:
        """Every call that starts on this Kyiv day, in start order (UTC), whether past or future."""
        with self._days_lock:
            cached = self._days.get(day)
            if cached is not None:
                self._days.move_to_end(day)
                return cached
        calls = self._generate_day(day)
        with self._days_lock:
            self._days[day] = calls
            while len(self._days) > _DAY_CACHE_SIZE:
                self._days.popitem(last=False)
        return calls

    def _generate_day(self, day: date) -> tuple[SimCall, ...]:
        rng = random.Random(stable_seed(self.seed, f"day:{day.toordinal()}"))
        weekday = day.weekday()
        if weekday < 5:
            count, hours = rng.randint(150, 300), _WORKDAY_HOURS
        elif weekday == 5:
            count, hours = rng.randint(6, 18), _WEEKEND_HOURS
        else:
            count, hours = rng.randint(2, 8), _WEEKEND_HOURS
        hour_list, hour_weights = list(hours), list(hours.values())
        calls: list[SimCall] = []
        for _ in range(count):
            hour = rng.choices(hour_list, weights=hour_weights)[0]
            wall = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
            calls.append(self._random_call(rng, to_utc(wall)))
        if weekday < 5 and rng.random() < 0.3:  # the odd night call to support
            wall = datetime.combine(day, time(rng.randrange(0, 6), rng.randrange(60), 0))
            calls.append(self._random_call(rng, to_utc(wall)))
        calls.extend(self._clock_change_calls(rng, day))
        unique: dict[tuple[datetime, str, str], SimCall] = {}
        for call in calls:
            unique.setdefault((call.start_utc, call.calling_number, call.called_number), call)
        return tuple(sorted(unique.values(), key=lambda c: (c.start_utc, c.calling_number)))

    def _random_call(self, rng: random.Random, start: datetime) -> SimCall:
        member = rng.choices(self.subscribers, weights=self._subscriber_weights)[0]
        kind = rng.random()
        if kind < 0.18:  # internal
            colleague = rng.choice([s for s in self.subscribers if s is not member])
            calling, called, answer_rate, median = member.number, colleague.number, 0.88, 45.0
        else:
            outside = rng.choices(self.outside_numbers, weights=self._outside_weights)[0]
            if kind < 0.6:  # a customer calls in
                calling, called, answer_rate, median = outside, member.number, 0.76, 90.0
            else:
                calling, called, answer_rate, median = member.number, outside, 0.8, 75.0
        if rng.random() >= answer_rate:
            return SimCall(start, start, calling, called, 0)
        duration = round(math.exp(rng.gauss(math.log(median), 1.1)))
        duration = min(max(duration, 5), 3600)
        # The vendor's own example bills one second more than end - start; some records do too.
        elapsed = duration - 1 if rng.random() < 0.1 else duration
        return SimCall(start, start + timedelta(seconds=elapsed), calling, called, duration)

    def _clock_change_calls(self, rng: random.Random, day: date) -> list[SimCall]:
        """Calls that only a client keeping time in UTC files correctly."""
        member = rng.choice([s for s in self.subscribers if s.department == SUPPORT])
        caller = rng.choice(self.outside_numbers)
        probe = datetime.combine(day, time(3, 30))
        specials: tuple[tuple[datetime, int], ...]
        if _clocks_go_back(probe):  # autumn: 03:00-04:00 happens twice
            specials = (
                (to_utc(probe.replace(minute=20, second=15), fold=0), 300),
                # Later in real time, earlier on the wall clock.
                (to_utc(probe.replace(minute=10, second=40), fold=1), 125),
                # Starts at 03:55 the first time round, ends at 03:05 the second.
                (to_utc(probe.replace(minute=55, second=0), fold=0), 600),
            )
        elif to_utc(datetime.combine(day + timedelta(days=1), time())) - to_utc(
            datetime.combine(day, time())
        ) < timedelta(hours=24):  # spring: 03:00-04:00 never happens
            specials = ((to_utc(datetime.combine(day, time(2, 58, 30))), 300),)  # ends 04:03:30
        else:
            return []
        return [
            SimCall(start, start + timedelta(seconds=duration), caller, member.number, duration)
            for start, duration in specials
        ]

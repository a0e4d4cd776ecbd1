"""Phone numbers as people type them, and the one form the project compares them in.

A Ukrainian number reaches us in many spellings: `0671234567`, `380671234567`, `+380671234567`,
the old trunk form `80671234567`, with spaces, dashes, dots and brackets pasted from anywhere.
All of them become one canonical `+380XXXXXXXXX`, so a contact, a call record and a dialled
number match whatever spelling each came in. Other countries pass as `+digits`. Short numbers,
internal extensions and service codes (`101`, `4521`, `*111#`) pass as typed: the PBX knows its
own extensions and codes better than we do, so it has the last word on those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from fmc_desktop.core.errors import InvalidNumberError

UA_COUNTRY_CODE = "380"
UA_NATIONAL_DIGITS = 9  # after +380; written nationally with a leading 0, so 10 digits
MAX_DIGITS = 15  # ITU-T E.164: no phone number anywhere is longer
MIN_INTERNATIONAL_DIGITS = 8  # the shortest real numbers with their country code (e.g. +298 …)
MAX_SHORT_DIGITS = 8  # internal extensions and short numbers; longer digit strings must be full
MAX_SERVICE_CODE = 15  # `*` / `#` codes, counted in characters

_DIGITS = frozenset("0123456789")
# What people put between digits, including the dashes that arrive with text pasted from the web.
_SEPARATORS = frozenset("-.()‐‑‒–—−")
_SERVICE = frozenset("*#")

# E.164 country codes with one or two digits; every other code has three. Only used for grouping
# digits on screen, so a code assigned tomorrow costs nothing worse than an odd space.
_ONE_DIGIT_CODES = frozenset({"1", "7"})
_TWO_DIGIT_CODES = frozenset(
    {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47"}
    | {"48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64"}
    | {"65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"}
)

_UA_NATIONAL_GROUPS = (3, 3, 2, 2)  # 067 123 45 67
_UA_AFTER_CODE_GROUPS = (2, 3, 2, 2)  # +380 67 123 45 67


class NumberKind(StrEnum):
    UKRAINIAN = "ua"
    INTERNATIONAL = "intl"
    SHORT = "short"


@dataclass(frozen=True)
class PhoneNumber:
    """A number the user can dial. Two numbers are equal when they reach the same phone."""

    raw: str = field(compare=False)  # as typed, kept for showing the user their own input
    canonical: str  # `+380…`, `+digits`, or the short code without separators
    kind: NumberKind

    def display(self) -> str:
        """The number as people write it: `067 123 45 67`, `+48 221 234 567`, short as typed."""
        if self.kind is NumberKind.UKRAINIAN:
            return _group("0" + self.canonical[4:], _UA_NATIONAL_GROUPS)
        if self.kind is NumberKind.INTERNATIONAL:
            digits = self.canonical[1:]
            code_length = _country_code_length(digits)
            return f"+{digits[:code_length]} {' '.join(_readable_groups(digits[code_length:]))}"
        return self.raw.strip()


def parse_number(text: str) -> PhoneNumber:
    """The number in `text`, or InvalidNumberError with a sentence saying what is wrong."""
    stripped = text.strip()
    shown = _shown(stripped)
    if not stripped:
        raise _invalid(text, "Nothing to dial: the number is empty.")
    if any(ch.isalpha() for ch in stripped):
        raise _invalid(text, f"'{shown}' is not a phone number: it contains letters.")
    for ch in stripped:
        if not (ch in _DIGITS or ch in _SEPARATORS or ch in _SERVICE or ch == "+" or ch.isspace()):
            raise _invalid(
                text,
                f"'{shown}' is not a phone number: it contains '{ch}', "
                "which is not used in phone numbers.",
            )
    compact = _compact(stripped)
    if compact == "+":
        raise _invalid(
            text, "'+' alone is not a phone number: the country code and number must follow it."
        )
    if "+" in compact[1:]:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: '+' can only come first, before the country code.",
        )
    if not any(ch in _DIGITS for ch in compact):
        raise _invalid(text, f"'{shown}' is not a phone number: it has no digits.")
    if any(ch in _SERVICE for ch in compact):
        return _service_code(text, shown, compact)
    if compact.startswith("+"):
        return _international(text, shown, compact[1:])
    return _plain_digits(text, shown, compact)


def canonical(text: str) -> str:
    """The form to match a number by; text that is not a number comes back without its spaces.

    Numbers from the API or a file are matched, never refused: whatever the PBX wrote is still the
    identity of that line.
    """
    try:
        return parse_number(text).canonical
    except InvalidNumberError:
        return "".join(ch for ch in text if not ch.isspace())


def digits_of(text: str) -> str:
    """Every digit of `text` in order, for "any part of the number" search."""
    return "".join(ch for ch in text if ch in _DIGITS)


def format_typing(text: str) -> str:
    """`text` grouped for a dial field while it is being typed: `067 12`, `+380 67 123 45 67`.

    Text that cannot become a number (letters, stray symbols) comes back untouched, so the field
    never swallows what the user typed and validation can say what is wrong with it. Digits past
    what the number's form holds are kept as a trailing group, where the extra digit stands out.
    """
    stripped = text.strip()
    if any(
        not (ch in _DIGITS or ch in _SEPARATORS or ch in _SERVICE or ch == "+" or ch.isspace())
        for ch in stripped
    ):
        return text
    compact = _compact(stripped)
    if "+" in compact[1:]:
        return text
    if any(ch in _SERVICE for ch in compact):
        return compact
    if compact.startswith("+"):
        return "+" + _typing_international(compact[1:])
    if compact.startswith("00"):
        return "00" + _typing_international(compact[2:])
    if compact.startswith("0"):
        return _group(compact, _UA_NATIONAL_GROUPS)
    if compact.startswith(UA_COUNTRY_CODE) and len(compact) > len(UA_COUNTRY_CODE):
        return f"{UA_COUNTRY_CODE} {_group(compact[3:], _UA_AFTER_CODE_GROUPS)}"
    # `80…` is as likely an extension as the old trunk form until it is too long to be one.
    if compact.startswith("80") and len(compact) > MAX_SHORT_DIGITS:
        return f"8 {_group(compact[1:], _UA_NATIONAL_GROUPS)}"
    return compact


def _service_code(text: str, shown: str, compact: str) -> PhoneNumber:
    if compact.startswith("+"):
        raise _invalid(
            text, f"'{shown}' is not a phone number: service codes with '*' or '#' take no '+'."
        )
    if len(compact) > MAX_SERVICE_CODE:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: a service code with '*' or '#' has at most "
            f"{MAX_SERVICE_CODE} characters.",
        )
    return PhoneNumber(text, compact, NumberKind.SHORT)


def _international(text: str, shown: str, digits: str) -> PhoneNumber:
    """`digits` follow `+` (or `00`): a country code, then the number."""
    if digits.startswith(UA_COUNTRY_CODE):
        return _ukrainian(text, shown, digits[3:], written_as="+380")
    if len(digits) > MAX_DIGITS:
        raise _too_long(text, shown, len(digits))
    if digits.startswith("0"):
        raise _invalid(
            text, f"'{shown}' is not a phone number: a country code never starts with 0."
        )
    if len(digits) < MIN_INTERNATIONAL_DIGITS:
        raise _invalid(
            text,
            f"'{shown}' is too short for an international number: it has {len(digits)} digits "
            f"with the country code, and at least {MIN_INTERNATIONAL_DIGITS} are needed.",
        )
    return PhoneNumber(text, "+" + digits, NumberKind.INTERNATIONAL)


def _plain_digits(text: str, shown: str, digits: str) -> PhoneNumber:
    # Past three digits a leading 0 is the start of a national number, not an extension: `067 123
    # 45` half-typed must not be dialable as the short number 06712345.
    national_prefix = digits.startswith("0") and len(digits) > 3
    if len(digits) <= MAX_SHORT_DIGITS and not national_prefix:
        return PhoneNumber(text, digits, NumberKind.SHORT)
    if digits.startswith("00"):
        return _international(text, shown, digits[2:])
    if len(digits) > MAX_DIGITS:
        raise _too_long(text, shown, len(digits))
    if digits.startswith(UA_COUNTRY_CODE):
        return _ukrainian(text, shown, digits[3:], written_as="380")
    if digits.startswith("80") and len(digits) == 1 + 1 + UA_NATIONAL_DIGITS:
        return _ukrainian(text, shown, digits[2:], written_as="8 0")
    if digits.startswith("0"):
        return _ukrainian(text, shown, digits[1:], written_as="0")
    raise _invalid(
        text,
        f"'{shown}' is not a number we can dial: a Ukrainian number has 10 digits starting "
        "with 0 (or 12 starting with 380); for another country, start with + and its code.",
    )


def _ukrainian(text: str, shown: str, national: str, *, written_as: str) -> PhoneNumber:
    """`national` is what follows the country code (or the national 0) in the form `written_as`."""
    if written_as != "0" and len(national) == UA_NATIONAL_DIGITS + 1 and national[0] == "0":
        # `+380 (0)67 …`: a common way of writing it, but the 0 must go.
        raise _invalid(
            text,
            f"'{shown}' is not a valid Ukrainian number: after {written_as} the number goes on "
            f"without its leading 0 (+380 67 …, not +380 067 …).",
        )
    if len(national) != UA_NATIONAL_DIGITS:
        expected, got = (
            (10, len(national) + 1) if written_as == "0" else (UA_NATIONAL_DIGITS, len(national))
        )
        where = "written with a leading 0 it needs" if written_as == "0" else "after 380 it needs"
        raise _invalid(
            text,
            f"'{shown}' is not a valid Ukrainian number: {where} {expected} digits, "
            f"and it has {got}.",
        )
    if national[0] == "0":
        raise _invalid(
            text,
            f"'{shown}' is not a valid Ukrainian number: the operator or area code "
            "(67 in 067 123 45 67) never starts with 0.",
        )
    return PhoneNumber(text, f"+{UA_COUNTRY_CODE}{national}", NumberKind.UKRAINIAN)


def _too_long(text: str, shown: str, count: int) -> InvalidNumberError:
    return _invalid(
        text,
        f"'{shown}' is not a phone number: it has {count} digits, "
        f"and no phone number has more than {MAX_DIGITS}.",
    )


def _invalid(text: str, message: str) -> InvalidNumberError:
    return InvalidNumberError(message, text=text)


def _shown(text: str, limit: int = 40) -> str:
    """`text` fit for one line of an error message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _compact(text: str) -> str:
    return "".join(ch for ch in text if not (ch in _SEPARATORS or ch.isspace()))


def _country_code_length(digits: str) -> int:
    if digits[:1] in _ONE_DIGIT_CODES:
        return 1
    if digits[:2] in _TWO_DIGIT_CODES:
        return 2
    return 3


def _group(digits: str, sizes: tuple[int, ...]) -> str:
    """`digits` cut into groups of `sizes`; what is left over becomes one more group."""
    groups: list[str] = []
    position = 0
    for size in sizes:
        if position >= len(digits):
            break
        groups.append(digits[position : position + size])
        position += size
    if position < len(digits):
        groups.append(digits[position:])
    return " ".join(groups)


def _readable_groups(digits: str) -> list[str]:
    """Threes, ending in a four or a two rather than leaving a lone digit: `212 555 1234`."""
    if len(digits) <= 4:
        return [digits]
    remainder = len(digits) % 3
    tail = {0: 3, 1: 4, 2: 2}[remainder]
    head = digits[:-tail]
    return [head[i : i + 3] for i in range(0, len(head), 3)] + [digits[-tail:]]


def _typing_international(digits: str) -> str:
    """Digits after `+` grouped as `display` will show them once the number is complete."""
    code_length = _country_code_length(digits)
    if len(digits) <= code_length:
        return digits
    code, rest = digits[:code_length], digits[code_length:]
    if code == UA_COUNTRY_CODE:
        return f"{code} {_group(rest, _UA_AFTER_CODE_GROUPS)}"
    return f"{code} {' '.join(_readable_groups(rest))}"

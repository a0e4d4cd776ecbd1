"""Phone numbers as people type, paste, click and import them, and the one form they are kept in.

Numbers are read, checked and written by libphonenumber (`phonenumbers`), with Ukraine as the
region a number without a country code belongs to. Every number that reaches a phone becomes its
E.164 form (`+380671234567`, `+442033693912`): what is stored, compared and sent to the API.

On top of the library sits only what is particular to this PBX and this country:
- internal short numbers and extensions (`101`, `4521`) and service codes (`*111#`) pass as typed:
  the PBX knows its own extensions and codes better than any numbering plan;
- the old trunk form `8 0XX XXX XX XX`, still on old business cards;
- a national number without its leading 0 (`671234567`) or a foreign one without its `+`
  (`48221234567`) is refused: the reader cannot tell which country was meant, and a guess dials a
  stranger;
- Ukrainian numbers are grouped the way Ukrainians write them (`067 123 45 67`), not as the
  library does (`067 123 4567`).
An extension (`#123`, `ext. 123`, `доб. 123`, `x123`, `;ext=123`) is kept apart from the number,
never read as its digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from fmc_desktop.core.api.errors import InvalidNumberError

DEFAULT_REGION = "UA"
UA_COUNTRY_CODE = "380"
UA_NATIONAL_DIGITS = 9  # after +380; written nationally with a leading 0, so 10 digits
MAX_DIGITS = 15  # ITU-T E.164: no phone number anywhere is longer
# The shortest numbers with their country code (Niue, +683 XXXX); libphonenumber's metadata
# says per country whether a length is possible, this is only the floor for a first look.
MIN_INTERNATIONAL_DIGITS = 7
MAX_SHORT_DIGITS = 8  # internal extensions and short numbers; longer digit strings must be full
MAX_SERVICE_CODE = 15  # `*` / `#` codes, counted in characters
MAX_EXTENSION_DIGITS = 10

_DIGITS = frozenset("0123456789")
# What people put between digits, including the dashes that arrive with text pasted from the web.
_SEPARATORS = frozenset("-.()‐‑‒–—−")
_SERVICE = frozenset("*#")
# The same sets as patterns: a typed number is checked with one regex call, not a Python loop
# per character (the difference between 5 and 15 µs a number).
_SEPARATOR_RUN_RE = re.compile(r"[\s\-.()‐‑‒–—−]+")
_NUMBER_TEXT_RE = re.compile(r"[\s\-.()‐‑‒–—−0-9*#+]*")
_NO_EXTENSION_RE = re.compile(r"[\s\-.()‐‑‒–—−0-9*+]*")  # no letter, `#`, `;` or `,`

# An extension written after a number. libphonenumber reads these too, but only once it has
# decided the number is a national or international one; the PBX's own rules (short numbers,
# service codes) have to look at the number without its extension first, so it is cut off here.
_EXTENSION_RE = re.compile(
    r"(?:\s*[,;]?\s*(?:;?\s*ext\s*=|ext\.?|extension|extn\.?|x|доб\.?|вн\.?|внутр\.?|#)"
    rf"\s*([0-9]{{1,{MAX_EXTENSION_DIGITS}}})\s*)$",
    re.IGNORECASE,
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
    canonical: str  # E.164 `+380…`, `+44…`, or the short code without separators
    kind: NumberKind
    # Digits to dial once connected; never part of `canonical`, and not of the identity either:
    # the extension is reached through the same line.
    extension: str | None = field(default=None, compare=False)

    def display(self) -> str:
        """The number as people write it: `067 123 45 67`, `+44 20 7946 0958`, short as typed."""
        if self.kind is NumberKind.SHORT:
            return self.raw.strip()
        return display_canonical(self.canonical)

    def parsed(self) -> phonenumbers.PhoneNumber | None:
        """libphonenumber's own object for the number (None for short numbers and codes)."""
        if self.kind is NumberKind.SHORT:
            return None
        return _library_number(self.canonical)


def parse_number(text: str) -> PhoneNumber:
    """The number in `text`, or InvalidNumberError with a sentence saying what is wrong."""
    stripped = text.strip()
    if not stripped:
        raise _invalid(text, "Nothing to dial: the number is empty.")
    shown = _shown(stripped)
    extension: str | None = None
    body = stripped
    if not _NO_EXTENSION_RE.fullmatch(stripped):
        found = _EXTENSION_RE.search(stripped)
        if found is not None and found.start() > 0 and not _is_service_code(stripped):
            body = stripped[: found.start()]
            extension = found.group(1)
    number = _parse_body(text, shown, body)
    if extension is None:
        return number
    if number.kind is NumberKind.SHORT:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: an extension follows a full number, "
            "not a short one.",
        )
    return PhoneNumber(text, number.canonical, number.kind, extension)


def canonical(text: str) -> str:
    """The form to match a number by; text that is not a number comes back without its spaces.

    Numbers from the API or a file are matched, never refused: whatever the PBX wrote is still the
    identity of that line. The API's own three spellings of a Ukrainian number take a shortcut
    (a test holds it equal to the library's answer): an import meets tens of thousands of them.
    """
    if text.isascii():
        size = len(text)
        if size == 10 and text[0] == "0" and text[1] != "0" and text.isdigit():
            return "+380" + text[1:]
        if size == 13 and text[:4] == "+380" and text[4] != "0" and text[1:].isdigit():
            return text
        if size == 12 and text[:3] == "380" and text[3] != "0" and text.isdigit():
            return "+" + text
    try:
        return parse_number(text).canonical
    except InvalidNumberError:
        return "".join(ch for ch in text if not ch.isspace())


def display_number(text: str) -> str:
    """Any stored or written number as people read it; what is not a number, as written.

    The one function every table, tray menu, notification, dialog and CLI table shows numbers
    with, so a number looks the same everywhere.
    """
    try:
        number = parse_number(text)
    except InvalidNumberError:
        return text.strip()
    return number.display()


def parse_stored_number(raw: str, canonical_number: str) -> PhoneNumber | None:
    """A stored number (as written, and the canonical form it is matched by) read for dialling:
    as written first, so a short code keeps its spelling, then the canonical form, which an older
    version's rules may have made from a spelling today's refuse. None when neither is a number."""
    for text in (raw, canonical_number):
        try:
            return parse_number(text)
        except InvalidNumberError:
            continue
    return None


def display_stored_number(raw: str, canonical_number: str) -> str:
    """A stored number as people read it: `display_number` of it as written, else of its
    canonical form, else the text as written (a contact's number is shown, never hidden)."""
    number = parse_stored_number(raw, canonical_number)
    return number.display() if number is not None else (raw or canonical_number).strip()


def display_canonical(canonical_number: str) -> str:
    """A canonical `+…` number for the screen: Ukrainian in the country's own grouping, the rest
    as libphonenumber writes them internationally (`+44 20 7946 0958`, `+49 30 67065917`)."""
    if _is_ukrainian(canonical_number):
        return _group("0" + canonical_number[4:], _UA_NATIONAL_GROUPS)
    parsed = _library_number(canonical_number)
    if parsed is None:
        return canonical_number
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)


def digits_of(text: str) -> str:
    """Every digit of `text` in order, for "any part of the number" search."""
    return "".join(ch for ch in text if ch in _DIGITS)


def format_typing(text: str) -> str:
    """`text` grouped for a dial field while it is being typed: `067 12`, `+380 67 123 45 67`.

    Ukrainian numbers in the country's grouping, foreign ones as libphonenumber's as-you-type
    formatter groups them. Text that cannot become a number (letters, stray symbols) comes back
    untouched, so the field never swallows what the user typed and validation can say what is
    wrong with it. Digits past what a Ukrainian number holds are kept as a trailing group, where
    the extra digit stands out.
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
        return "+" + _typing_international(compact[1:], "+")
    if compact.startswith("00"):
        return "00" + _typing_international(compact[2:], "00")
    if compact.startswith("0"):
        return _group(compact, _UA_NATIONAL_GROUPS)
    if compact.startswith(UA_COUNTRY_CODE) and len(compact) > len(UA_COUNTRY_CODE):
        return f"{UA_COUNTRY_CODE} {_group(compact[3:], _UA_AFTER_CODE_GROUPS)}"
    # `80…` is as likely an extension as the old trunk form until it is too long to be one.
    if compact.startswith("80") and len(compact) > MAX_SHORT_DIGITS:
        return f"8 {_group(compact[1:], _UA_NATIONAL_GROUPS)}"
    return compact


# --- reading ------------------------------------------------------------------------------------


def _parse_body(text: str, shown: str, body: str) -> PhoneNumber:
    if not _NUMBER_TEXT_RE.fullmatch(body):
        if any(ch.isalpha() for ch in body):
            raise _invalid(text, f"'{shown}' is not a phone number: it contains letters.")
        for ch in body:
            usable = ch in _DIGITS or ch in _SEPARATORS or ch in _SERVICE or ch == "+"
            if not (usable or ch.isspace()):
                raise _invalid(
                    text,
                    f"'{shown}' is not a phone number: it contains '{ch}', "
                    "which is not used in phone numbers.",
                )
    compact = _compact(body)
    if compact == "+":
        raise _invalid(
            text, "'+' alone is not a phone number: the country code and number must follow it."
        )
    if "+" in compact[1:]:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: '+' can only come first, before the country code.",
        )
    if compact.isdigit():
        return _plain_digits(text, shown, compact)
    if not any(ch in _DIGITS for ch in compact):
        raise _invalid(text, f"'{shown}' is not a phone number: it has no digits.")
    if "*" in compact or "#" in compact:
        return _service_code(text, shown, compact)
    if compact.startswith("+"):
        return _international(text, shown, compact[1:])
    return _plain_digits(text, shown, compact)


def _is_service_code(text: str) -> bool:
    """`*111#`, `#31#`, `*100*1#`: codes the PBX or the network acts on, not numbers."""
    compact = _compact(text)
    return compact[:1] in _SERVICE or "*" in compact


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
        # The trunk form of the old Soviet plan (8, then the 0XX code): libphonenumber does not
        # know it, and business cards still carry it.
        return _ukrainian(text, shown, digits[2:], written_as="8 0")
    if digits.startswith("0"):
        return _ukrainian(text, shown, digits[1:], written_as="0")
    raise _invalid(
        text,
        f"'{shown}' is not a number we can dial: a Ukrainian number has 10 digits starting "
        "with 0 (or 12 starting with 380); for another country, start with + and its code.",
    )


def _read_back(e164: str) -> str:
    """`e164` as libphonenumber reads and writes it again ("" when it cannot)."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), PhoneNumberFormat.E164)
    except NumberParseException:
        return ""


def _international(text: str, shown: str, digits: str) -> PhoneNumber:
    """`digits` follow `+` (or `00`): a country code, then the number."""
    if digits.startswith(UA_COUNTRY_CODE):
        return _ukrainian(text, shown, digits[3:], written_as="+380")
    if digits.startswith("0"):
        raise _invalid(
            text, f"'{shown}' is not a phone number: a country code never starts with 0."
        )
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise _invalid(
                text,
                f"'{shown}' is not a phone number: +{digits[:3]} does not begin with "
                "a country code in use.",
            ) from None
        if error.error_type == NumberParseException.TOO_LONG:
            raise _too_long(text, shown, len(digits)) from None
        raise _too_short(text, shown, len(digits)) from None
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if len(e164) - 1 > MAX_DIGITS:
        raise _too_long(text, shown, len(e164) - 1)
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    code = f"+{parsed.country_code}"
    # Zeros right after the code can be read two ways: as the number's own first digits, or as
    # a trunk prefix to drop. Where libphonenumber reads its own result differently again
    # (`+49 000000`, `+31 0010000`), the number would be shown, and read back, shorter each
    # time: no plan has such a number, so it is refused rather than dialled wrong. Checked only
    # with such zeros: the second parse costs as much as the first.
    if parsed.italian_leading_zero and _read_back(e164) != e164:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: no number of country code {code} "
            "starts with these zeros after the code.",
        )
    # "Possible locally" is a number without its area code: with the country code in front it
    # reaches nobody, so it is as short as any other incomplete number (a README policy).
    too_short = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
    if reason in too_short or len(e164) - 1 < MIN_INTERNATIONAL_DIGITS:
        raise _too_short(text, shown, len(e164) - 1)
    if reason == ValidationResult.TOO_LONG:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: it has more digits than any number "
            f"of country code {code}.",
        )
    if reason != ValidationResult.IS_POSSIBLE:
        raise _invalid(
            text,
            f"'{shown}' is not a phone number: no number of country code {code} "
            f"has {len(e164) - 1 - len(str(parsed.country_code))} digits after the code.",
        )
    return PhoneNumber(text, e164, NumberKind.INTERNATIONAL)


def _ukrainian(text: str, shown: str, national: str, *, written_as: str) -> PhoneNumber:
    """`national` is what follows the country code (or the national 0) in the form `written_as`."""
    after_code = written_as in ("+380", "380")
    if after_code and len(national) == UA_NATIONAL_DIGITS + 1 and national[0] == "0":
        # `+380 (0)67 …`, `+380 (067) …`: the trunk 0 written after the code is dropped,
        # as libphonenumber does for every country.
        national = national[1:]
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
    # Every Ukrainian number is nine digits after the code (libphonenumber's only possible length
    # for UA), so its E.164 form is written directly; a test holds this equal to the library's.
    return PhoneNumber(text, f"+{UA_COUNTRY_CODE}{national}", NumberKind.UKRAINIAN)


def _too_long(text: str, shown: str, count: int) -> InvalidNumberError:
    return _invalid(
        text,
        f"'{shown}' is not a phone number: it has {count} digits, "
        f"and no phone number has more than {MAX_DIGITS}.",
    )


def _too_short(text: str, shown: str, count: int) -> InvalidNumberError:
    return _invalid(
        text,
        f"'{shown}' is too short for an international number: it has {count} digits "
        "with the country code, too few for that country.",
    )


def _invalid(text: str, message: str) -> InvalidNumberError:
    return InvalidNumberError(message, text=text)


def _shown(text: str, limit: int = 40) -> str:
    """`text` fit for one line of an error message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _compact(text: str) -> str:
    return _SEPARATOR_RUN_RE.sub("", text)


def _is_ukrainian(canonical_number: str) -> bool:
    return (
        len(canonical_number) == 13
        and canonical_number.startswith("+380")
        and canonical_number[1:].isdigit()
    )


@lru_cache(maxsize=4096)
def _library_number(canonical_number: str) -> phonenumbers.PhoneNumber | None:
    # Cached: a history table shows the same few hundred numbers over and over.
    try:
        return phonenumbers.parse(canonical_number, None)
    except NumberParseException:
        return None


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


def _typing_international(digits: str, prefix: str) -> str:
    """Digits after `+` (or `00`) grouped as they will show once the number is complete."""
    if digits.startswith(UA_COUNTRY_CODE) and len(digits) > len(UA_COUNTRY_CODE):
        return f"{UA_COUNTRY_CODE} {_group(digits[3:], _UA_AFTER_CODE_GROUPS)}"
    if not digits:
        return ""
    complete = _library_number("+" + digits) if len(digits) >= MIN_INTERNATIONAL_DIGITS else None
    if complete is not None and phonenumbers.is_valid_number(complete):
        # A number that is whole already looks the way it will be shown.
        return phonenumbers.format_number(complete, PhoneNumberFormat.INTERNATIONAL).lstrip("+")
    formatter = phonenumbers.AsYouTypeFormatter(DEFAULT_REGION)
    shown = ""
    for ch in "+" + digits:
        shown = formatter.input_digit(ch)
    shown = shown.lstrip("+").strip()
    if digits_of(shown) == digits and not shown.isdigit():
        return shown
    # The formatter gives up on what no country's format fits (it then returns the digits as
    # typed): a possible number is grouped as it will be shown, the rest kept as typed.
    if complete is not None and phonenumbers.is_possible_number(complete):
        return phonenumbers.format_number(complete, PhoneNumberFormat.INTERNATIONAL).lstrip("+")
    return digits

"""What kind of number is about to be called, said plainly before the call costs money.

A link on a web page or a number on the clipboard is chosen by someone else; a premium-rate or
satellite number among them costs the company a lot, and an emergency number must never be
called by accident. The confirmation names the kind; this module decides it, without Qt, so the
rules are tested on their own and the dialog only shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import phonenumbers
from phonenumbers import PhoneNumberType

from fmc_desktop.core.numbers.phone import NumberKind, PhoneNumber, canonical

# Ukraine's emergency services: fire, police, ambulance, gas, and the European 112.
EMERGENCY_NUMBERS: Final = frozenset({"101", "102", "103", "104", "112"})
# Ukraine's premium-rate range 0900 XXX XXX, which libphonenumber's metadata does not know.
_UA_PREMIUM_PREFIX: Final = "+380900"
# Global satellite services (Inmarsat, Iridium, Thuraya…) and the international networks code
# they share with them: per-minute prices many times a call abroad.
_SATELLITE_PREFIXES: Final = ("+881", "+882")


class Risk(StrEnum):
    """A reason to look twice at a number; the dialog names each in the user's words."""

    INTERNATIONAL = "international"
    PREMIUM_RATE = "premium-rate"
    SHARED_COST = "shared-cost"
    SATELLITE = "satellite"
    EMERGENCY = "emergency"
    # libphonenumber does not know the number; its metadata lags new ranges, so this is a
    # warning, never a refusal.
    UNKNOWN_RANGE = "unknown-range"


class NumberSource(StrEnum):
    """Where the number to call came from."""

    TYPED = "typed"  # typed or picked in the app by the user
    LINK = "link"  # a tel: or callto: link, or a command-line argument from another program
    CLIPBOARD = "clipboard"


# Risks worth a confirmation even when the user turned confirmations off.
CONFIRM_ALWAYS: Final = frozenset(
    {Risk.PREMIUM_RATE, Risk.SHARED_COST, Risk.SATELLITE, Risk.EMERGENCY, Risk.UNKNOWN_RANGE}
)


@dataclass(frozen=True, slots=True)
class DialCheck:
    """The risks of dialling a number, and why it may not be dialled at all from its source."""

    risks: tuple[Risk, ...]
    refusal: str | None = None  # one plain sentence; None when the number may be dialled

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def needs_confirmation(self) -> bool:
        return any(risk in CONFIRM_ALWAYS for risk in self.risks)


def risks_of(number: PhoneNumber, *, company_numbers: Iterable[str] = ()) -> tuple[Risk, ...]:
    """The risks of `number`, most serious first; empty for an ordinary Ukrainian number.

    An emergency number that the company uses as one of its own short numbers (a PBX may give
    extension 101 to someone) is an ordinary extension there.
    """
    if number.kind is NumberKind.SHORT:
        if number.canonical in EMERGENCY_NUMBERS and not _is_company_number(
            number.canonical, company_numbers
        ):
            return (Risk.EMERGENCY,)
        return ()
    found: list[Risk] = []
    if number.canonical.startswith(_SATELLITE_PREFIXES):
        found.append(Risk.SATELLITE)
    if number.canonical.startswith(_UA_PREMIUM_PREFIX):
        found.append(Risk.PREMIUM_RATE)
        known = True
    else:
        parsed = number.parsed()
        known = parsed is not None and phonenumbers.is_valid_number(parsed)
        kind = phonenumbers.number_type(parsed) if parsed is not None else None
        if kind == PhoneNumberType.PREMIUM_RATE:
            found.append(Risk.PREMIUM_RATE)
        elif kind == PhoneNumberType.SHARED_COST:
            found.append(Risk.SHARED_COST)
    if number.kind is NumberKind.INTERNATIONAL:
        found.append(Risk.INTERNATIONAL)
    if not known and Risk.SATELLITE not in found:
        found.append(Risk.UNKNOWN_RANGE)
    return tuple(found)


def check_dial(
    number: PhoneNumber, *, source: NumberSource, company_numbers: Iterable[str] = ()
) -> DialCheck:
    """Whether `number` from `source` may be dialled, and what to warn about.

    An emergency number from a link or the clipboard is refused: nobody reaches the emergency
    services by clicking a web page, and a false call keeps the line from someone who needs it.
    Typed by the user it is allowed after the warning.
    """
    risks = risks_of(number, company_numbers=company_numbers)
    if Risk.EMERGENCY in risks and source is not NumberSource.TYPED:
        return DialCheck(
            risks,
            refusal=(
                f"{number.canonical} is an emergency number; it is never called from a link "
                "or the clipboard. If you need the emergency services, dial it on your phone."
            ),
        )
    return DialCheck(risks)


def _is_company_number(short: str, company_numbers: Iterable[str]) -> bool:
    return any(canonical(own) == short for own in company_numbers)

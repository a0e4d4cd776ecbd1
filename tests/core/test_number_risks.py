"""The kind of number named before a call: international, premium, satellite, emergency."""

from __future__ import annotations

import pytest

from fmc_desktop.core.numbers.phone import parse_number
from fmc_desktop.core.numbers.risks import (
    DialCheck,
    NumberSource,
    Risk,
    check_dial,
    risks_of,
)


@pytest.mark.parametrize(
    ("typed", "risks"),
    [
        ("067 123 45 67", ()),
        ("044 518 14 70", ()),
        ("0 800 500 000", ()),  # toll-free
        ("4521", ()),  # an extension of the PBX
        # libphonenumber's types.
        ("+44 20 7946 0958", (Risk.INTERNATIONAL,)),
        ("+44 909 876 5432", (Risk.PREMIUM_RATE, Risk.INTERNATIONAL)),
        ("+34 901 123 456", (Risk.SHARED_COST, Risk.INTERNATIONAL)),  # Spain's 901
        # Ukraine's 0900 range: libphonenumber does not know it, the local rule does.
        ("0900 123 456", (Risk.PREMIUM_RATE,)),
        ("+380 900 123 456", (Risk.PREMIUM_RATE,)),
        # Satellite services.
        ("+881 6 123 45678", (Risk.SATELLITE, Risk.INTERNATIONAL)),
        ("+882 345 1234 5678", (Risk.SATELLITE, Risk.INTERNATIONAL)),
        # Emergency services.
        ("101", (Risk.EMERGENCY,)),
        ("102", (Risk.EMERGENCY,)),
        ("103", (Risk.EMERGENCY,)),
        ("104", (Risk.EMERGENCY,)),
        ("112", (Risk.EMERGENCY,)),
        # Possible but in no range libphonenumber knows: warned, never refused.
        ("+683 1234", (Risk.INTERNATIONAL, Risk.UNKNOWN_RANGE)),
        ("070 123 45 67", (Risk.UNKNOWN_RANGE,)),
    ],
)
def test_the_kind_of_number_is_named(typed: str, risks: tuple[Risk, ...]) -> None:
    assert risks_of(parse_number(typed)) == risks


def test_a_company_short_number_is_no_emergency() -> None:
    # A PBX may well give someone extension 101.
    assert risks_of(parse_number("101"), company_numbers=["101", "0671112233"]) == ()
    assert risks_of(parse_number("112"), company_numbers=["101"]) == (Risk.EMERGENCY,)


@pytest.mark.parametrize("source", [NumberSource.LINK, NumberSource.CLIPBOARD])
def test_an_emergency_number_from_outside_is_refused(source: NumberSource) -> None:
    check = check_dial(parse_number("112"), source=source)
    assert not check.allowed
    assert check.refusal is not None
    assert "emergency number" in check.refusal
    assert check.refusal.endswith(".")


def test_an_emergency_number_typed_by_the_user_is_allowed_after_a_warning() -> None:
    check = check_dial(parse_number("112"), source=NumberSource.TYPED)
    assert check == DialCheck((Risk.EMERGENCY,))
    assert check.allowed
    assert check.needs_confirmation


@pytest.mark.parametrize(
    ("typed", "confirm"),
    [
        ("067 123 45 67", False),
        ("+44 20 7946 0958", False),  # abroad is named, but is no reason on its own
        ("0900 123 456", True),
        ("+881 6 123 45678", True),
        ("+683 1234", True),
    ],
)
def test_risky_numbers_are_always_confirmed(typed: str, confirm: bool) -> None:
    check = check_dial(parse_number(typed), source=NumberSource.TYPED)
    assert check.allowed
    assert check.needs_confirmation is confirm

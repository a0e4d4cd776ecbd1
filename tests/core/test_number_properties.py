"""Generated spellings of real-shaped numbers: the project reads the number that was spelled.

The generator starts from libphonenumber's example numbers (every region, every type), changes
the last digits, and spells the result the ways people do. It knows the E.164 number it spelled;
the project must return exactly that, or refuse a spelling that is not a possible number, or one
the README lists as a policy refusal.
"""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult

from fmc_desktop.core.api.errors import InvalidNumberError
from fmc_desktop.core.archive.fields import fast_canonical
from fmc_desktop.core.numbers.phone import canonical, parse_number


def _examples() -> list[tuple[str, phonenumbers.PhoneNumber]]:
    found = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.MOBILE,
            PhoneNumberType.TOLL_FREE,
            PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST,
        ):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                found.append((region, example))
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        example = phonenumbers.example_number_for_non_geo_entity(code)
        if example is not None:
            found.append(("001", example))
    return found


EXAMPLES = _examples()
SEPARATORS = ["", " ", "-", ".", "\u00a0"]


@st.composite
def spelled_numbers(draw: st.DrawFn) -> tuple[str, str, str]:
    """(spelling, the E.164 number spelled, region)."""
    region, example = draw(st.sampled_from(EXAMPLES))
    national = str(example.national_number)
    keep = max(1, len(national) - draw(st.integers(0, 4)))
    tail = draw(st.text("0123456789", min_size=len(national) - keep, max_size=len(national) - keep))
    number = phonenumbers.PhoneNumber(
        country_code=example.country_code,
        national_number=int(national[:keep] + tail),
        italian_leading_zero=example.italian_leading_zero,
        number_of_leading_zeros=example.number_of_leading_zeros,
    )
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    separator = draw(st.sampled_from(SEPARATORS))
    written = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    forms = [
        written.replace(" ", separator).replace("-", separator),
        "00" + written[1:],
        e164,
    ]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    # "(0)" after the code is how people write countries whose trunk prefix is a plain 0
    # (Britain, Germany, Austria, Ukraine); where the prefix also carries a carrier code
    # (Colombia's 0 + 3…) nobody writes it so, and libphonenumber reads it otherwise.
    plain_trunk_zero = (
        metadata is not None
        and metadata.national_prefix == "0"
        and metadata.national_prefix_for_parsing in (None, "0")
    )
    if plain_trunk_zero and not number.italian_leading_zero:
        nsn = phonenumbers.national_significant_number(number)
        forms.append(f"+{number.country_code} (0){nsn[:2]} {nsn[2:]}")
    if example.country_code == 380:
        forms.append(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    return draw(st.sampled_from(forms)), e164, region


def _policy_refusal(e164: str) -> bool:
    """The README's policy refusals that apply to a spelled full number."""
    parsed = phonenumbers.parse(e164, None)
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    return reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY or len(e164) - 1 > 15


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spelled_numbers())
def test_the_spelled_number_is_read_or_refused_for_a_reason(spelled: tuple[str, str, str]) -> None:
    text, e164, _region = spelled
    parsed = phonenumbers.parse(e164, None)
    try:
        number = parse_number(text)
    except InvalidNumberError:
        assert not phonenumbers.is_possible_number(parsed) or _policy_refusal(e164), text
        return
    assert number.canonical == e164, text
    assert canonical(text) == e164


@settings(max_examples=500, deadline=None)
@given(
    national=st.from_regex(r"[1-9][0-9]{8}", fullmatch=True),
    prefix=st.sampled_from(["0", "380", "+380"]),
)
def test_the_fast_path_for_the_apis_spellings_equals_the_library(
    national: str, prefix: str
) -> None:
    written = prefix + national
    library = phonenumbers.format_number(phonenumbers.parse(written, "UA"), PhoneNumberFormat.E164)
    assert canonical(written) == library
    assert fast_canonical(written) == library


@pytest.mark.parametrize("written", ["0671234567", "380671234567", "+380671234567"])
def test_the_fast_path_is_taken_for_the_apis_own_spellings(written: str) -> None:
    assert canonical(written) == "+380671234567"

"""tel: and callto: links as the desktop hands them to us: one raw string, from anyone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import FmcError, InvalidInputError, InvalidNumberError
from fmc_desktop.core.dialing.links import MAX_LINK_LENGTH, DialLink, is_link, parse_link


@pytest.mark.parametrize(
    ("link", "number", "extension", "scheme"),
    [
        ("tel:+380441111111", "+380441111111", None, "tel"),
        ("tel:+38-044-111-11-11", "+380441111111", None, "tel"),
        ("tel:+38.044.111.11.11", "+380441111111", None, "tel"),
        ("tel:+38(044)1111111", "+380441111111", None, "tel"),
        ("tel:0671234567", "0671234567", None, "tel"),
        ("tel:0671234567;ext=12", "0671234567", "12", "tel"),
        ("tel:0671234567;EXT=1-2", "0671234567", "12", "tel"),
        ("tel:%2B380671234567", "+380671234567", None, "tel"),
        ("tel:%2b380671234567", "+380671234567", None, "tel"),
        ("tel:+38%20067%20123%2045%2067", "+380671234567", None, "tel"),
        ("tel:+38 067 123 45 67", "+380671234567", None, "tel"),
        ("TEL:+380671234567", "+380671234567", None, "tel"),
        ("Tel:0671234567", "0671234567", None, "tel"),
        ("tel://+380671234567", "+380671234567", None, "tel"),
        # RFC 3966 local numbers: a global-number phone-context is the prefix.
        ("tel:0671234567;phone-context=+380", "+380671234567", None, "tel"),
        ("tel:111-11-11;phone-context=+380-44", "+380441111111", None, "tel"),
        ("tel:7946-0958;phone-context=+44-20", "+442079460958", None, "tel"),
        # The trunk 0 after the country code, as British and German web pages link it.
        ("tel:+44(0)2033693912", "+4402033693912", None, "tel"),
        ("tel:+3800671234567", "+3800671234567", None, "tel"),
        ("tel:+44%20(0)20%203369%203912", "+4402033693912", None, "tel"),
        ("tel:+380671234567;isub=1411", "+380671234567", None, "tel"),
        (
            "tel:+380671234567;isub=1411;ext=7;phone-context=example.com",
            "+380671234567",
            "7",
            "tel",
        ),
        ("tel:101", "101", None, "tel"),
        ("callto:+380671234567", "+380671234567", None, "callto"),
        ("callto://+380671234567", "+380671234567", None, "callto"),
        ("callto://0671234567/", "0671234567", None, "callto"),
        ("CALLTO://0671234567", "0671234567", None, "callto"),
        ("callto:+380671234567?call", "+380671234567", None, "callto"),
        ("  tel:+380671234567\n", "+380671234567", None, "tel"),
    ],
)
def test_links_give_the_number_to_dial(
    link: str, number: str, extension: str | None, scheme: str
) -> None:
    assert parse_link(link) == DialLink(number=number, extension=extension, scheme=scheme, raw=link)
    assert is_link(link)


@pytest.mark.parametrize(
    ("link", "error"),
    [
        ("", InvalidInputError),
        ("   ", InvalidInputError),
        ("0671234567", InvalidInputError),  # a number, not a link
        ("+380671234567", InvalidInputError),
        ("sip:+380671234567@example.com", InvalidInputError),
        ("mailto:someone@example.com", InvalidInputError),
        ("http://example.com/tel:+380671234567", InvalidInputError),
        ("javascript:alert(1)", InvalidInputError),
        ("tel+380671234567", InvalidInputError),
        ("tel:" + "1" * MAX_LINK_LENGTH, InvalidInputError),
        ("tel:", InvalidNumberError),
        ("tel:;ext=12", InvalidNumberError),
        ("callto://", InvalidNumberError),
        ("tel:-.()", InvalidNumberError),
        ("tel:+380-CALL-NOW", InvalidNumberError),
        ("tel:0800FLOWERS", InvalidNumberError),
        ("callto:echo123", InvalidNumberError),  # a Skype name, not a number
        ("tel:%2", InvalidNumberError),
        ("tel:%FF%FE", InvalidNumberError),
        ("tel:067123%00", InvalidNumberError),
        ("tel:067 123/45 67", InvalidNumberError),
        ("tel:+38+0671234567", InvalidNumberError),
        ("tel:0671234567;ext=abc", InvalidNumberError),
        ("tel:067123456", InvalidNumberError),  # one digit short of a Ukrainian number
        ("tel:7042;phone-context=example.com", InvalidNumberError),  # RFC 3966 section 5.1.5
        ("tel:067１２３4567", InvalidNumberError),  # full-width digits look alike but are not
        # A line break inside the link, kept by the separators' removal: `$` would let it through.
        ("tel:0\n.", InvalidNumberError),
        ("tel:0671234567%0A.", InvalidNumberError),
        ("tel:0671234567;ext=12%0A.", InvalidNumberError),
    ],
)
def test_what_is_not_a_callable_link_is_refused_in_words(link: str, error: type[FmcError]) -> None:
    with pytest.raises(error) as caught:
        parse_link(link)
    # A plain sentence the user can read, not a parser's complaint.
    message = caught.value.message
    assert len(message) > 20
    assert message.endswith(".")


def test_an_encoded_semicolon_is_not_a_parameter() -> None:
    # `%3B` decodes to `;` inside the number, which no phone number holds.
    with pytest.raises(InvalidNumberError):
        parse_link("tel:0671234567%3Bext=12")


def test_other_schemes_are_named_in_the_message() -> None:
    with pytest.raises(InvalidInputError, match="sip:"):
        parse_link("sip:100@pbx")


def test_a_domain_context_is_refused_with_its_reason() -> None:
    with pytest.raises(InvalidNumberError, match=r"local to the network 'example\.com'"):
        parse_link("tel:7042;phone-context=example.com")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tel:+380671234567", True),
        ("TEL:bogus", True),  # looks like a link; parse_link says it is not usable
        ("callto://x", True),
        ("  callto:+1", True),
        ("tel:" + "1" * 500, True),
        ("0671234567", False),
        ("+38 (067) 123-45-67", False),
        ("sip:100@pbx", False),
        ("telephone:123", False),
        ("", False),
    ],
)
def test_is_link_tells_a_link_from_a_plain_number(text: str, expected: bool) -> None:
    assert is_link(text) is expected


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(max_size=240),
        st.builds(
            lambda scheme, body: scheme + body,
            st.sampled_from(["tel:", "TEL:", "callto:", "callto://", "tel://", "sip:"]),
            st.text(
                alphabet=st.sampled_from(list("0123456789+-.() ;=%/?#*abcextXYZ\n\x00ÿ€")),
                max_size=60,
            ),
        ),
    )
)
def test_parse_link_only_ever_raises_the_projects_input_errors(text: str) -> None:
    try:
        link = parse_link(text)
    except (InvalidInputError, InvalidNumberError):
        return
    assert is_link(text)
    assert link.number
    assert link.number.lstrip("+").replace("*", "").replace("#", "").isdigit()
    assert link.number.isascii()


@settings(max_examples=200, deadline=None)
@given(
    national=st.from_regex(r"[1-9][0-9]{8}", fullmatch=True),
    separator=st.sampled_from(["", "-", ".", " ", "%20"]),
    scheme=st.sampled_from(["tel:", "callto:", "callto://", "Tel:"]),
)
def test_any_spelling_of_a_ukrainian_number_gives_the_same_digits(
    national: str, separator: str, scheme: str
) -> None:
    spelled = separator.join(
        ["+38", "0" + national[:2], national[2:5], national[5:7], national[7:]]
    )
    assert parse_link(scheme + spelled).number == "+380" + national

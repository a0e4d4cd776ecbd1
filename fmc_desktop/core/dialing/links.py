"""`tel:` and `callto:` links (RFC 3966, and the forms browsers and desktops pass), read by hand.

What RFC 3966 holds is taken in full: global numbers (`tel:+380-44-111-11-11`), local numbers with
a `phone-context` (a global-number context is the prefix; a domain context names a private
network and is refused), `ext`, `isub` (ignored: it addresses ISDN equipment behind the line),
visual separators and percent-encoding.

QUrl cannot be trusted with these: `QUrl("callto://+380671234567")` is invalid and
`QUrl("callto://0671234567/")` reads the number as an IPv4 host (docs/PITFALLS.md). A link arrives
from outside (a web page, another program), so everything here is strict about what it accepts and
never raises anything but the project's own errors. Accepting a link is not consent to dial: the
caller always asks the user to confirm a number that came from a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from fmc_desktop.core.api.errors import InvalidInputError, InvalidNumberError
from fmc_desktop.core.numbers.phone import parse_number

SCHEMES: tuple[str, ...] = ("tel", "callto")
_INTERNET_CALLING = frozenset({"sip", "sips"})
# Long enough for any real link with parameters; a longer one is not a phone link.
MAX_LINK_LENGTH = 200

_SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")
# RFC 3966 visual separators, plus the spaces people (and some web pages) put in numbers.
_VISUAL_SEPARATORS = str.maketrans("", "", "-.() \t")
_DIALABLE_RE = re.compile(r"^\+?[0-9*#]+\Z")
_EXTENSION_RE = re.compile(r"^[0-9*#]+\Z")


@dataclass(frozen=True, slots=True)
class DialLink:
    """A phone link taken apart.

    `number` is what can be dialled: separators removed, a leading `+` kept. `raw` is the link
    exactly as it arrived, for the log and the confirmation dialog.
    """

    number: str  # with a `phone-context` prefix put in front, as RFC 3966 reads it
    extension: str | None
    scheme: str
    raw: str


def is_link(text: str) -> bool:
    """True when the text is written as a `tel:` or `callto:` link, usable or not.

    Tells a link apart from a plain number (on the command line, on the clipboard); whether the
    link holds a number that can be called is `parse_link`'s answer.
    """
    if len(text) > MAX_LINK_LENGTH:
        # Still a link by its looks; parse_link will say it is too long.
        text = text[:MAX_LINK_LENGTH]
    match = _SCHEME_RE.match(text)
    return match is not None and match.group(1).lower() in SCHEMES


def parse_link(text: str) -> DialLink:
    """The number in a `tel:` or `callto:` link.

    Raises InvalidInputError when the text is not such a link and InvalidNumberError when the link
    holds no number that can be called.
    """
    if len(text) > MAX_LINK_LENGTH:
        raise InvalidInputError(
            f"This link is too long to be a phone link (over {MAX_LINK_LENGTH} characters).",
            length=len(text),
        )
    match = _SCHEME_RE.match(text)
    if match is None:
        raise InvalidInputError(
            "This is not a phone link: it should start with tel: or callto:.",
        )
    scheme = match.group(1).lower()
    if scheme in _INTERNET_CALLING:
        raise InvalidInputError(
            f"Links starting with {scheme}: are internet calling (SIP) addresses, which the PBX "
            "cannot call; this app takes tel: and callto: links with a phone number.",
            scheme=scheme,
        )
    if scheme not in SCHEMES:
        raise InvalidInputError(
            f"Links starting with {scheme}: are not phone links this app can call; "
            "it takes tel: and callto: links.",
            scheme=scheme,
        )

    rest = text[match.end() :].strip()
    # `tel://number` and `callto://number/` are what browsers and desktops pass, though not in
    # RFC 3966; QUrl misreads them (see docs/PITFALLS.md), so they are taken apart here.
    if rest.startswith("//"):
        rest = rest[2:]
    # A query (Skype's `callto:+380...?call`) carries nothing we use. `#` is left alone: it is a
    # key on the dial pad, and whether a number may hold it is parse_number's call.
    rest = rest.partition("?")[0]
    rest = rest.rstrip("/")

    # Split the parameters before decoding, so that an encoded `%3B` stays part of its value.
    number_part, *params = rest.split(";")
    extension: str | None = None
    context: str | None = None
    for param in params:
        name, _, value = param.partition("=")
        name = _decode(name).strip().lower()
        if name == "ext":
            extension = _clean(_decode(value))
            if extension and not _EXTENSION_RE.match(extension):
                raise InvalidNumberError(
                    "The extension in this link is not a number.",
                )
            extension = extension or None
        elif name == "phone-context":
            context = _decode(value).strip()
        # isub (an ISDN subaddress) and the rest do not change whom the PBX calls.

    number = _clean(_decode(number_part))
    if not number:
        raise InvalidNumberError("This link has no phone number in it.")
    if not _DIALABLE_RE.match(number):
        raise InvalidNumberError(
            "This link does not hold a phone number: "
            "only digits, and + at the start, can be called.",
        )
    in_context = context is not None and not number.startswith("+")
    if in_context:
        number = _in_context(number, context or "")
    # The numbering rules live in one place; this raises InvalidNumberError with its own sentence.
    phone = parse_number(number)
    if in_context or phone.extension is not None:
        extension = extension or phone.extension
        number = phone.canonical
    return DialLink(number=number, extension=extension, scheme=scheme, raw=text)


def _in_context(local: str, context: str) -> str:
    """A local number (RFC 3966 section 5.1.5) made whole by its `phone-context`.

    A global-number context (`+380 44`) is the prefix the local number is dialled after. A domain
    name context names a private network (a company's own PBX) this app has no way into.
    """
    prefix = _clean(context)
    if prefix.startswith("+") and prefix[1:].isdigit():
        return prefix + local
    raise InvalidNumberError(
        f"This link's number {local} is local to the network '{_shown(context)}', not a number "
        "the PBX can call; ask for the full number with its country code.",
    )


def _shown(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _decode(text: str) -> str:
    # errors="replace" turns a broken UTF-8 sequence into U+FFFD, which the checks then refuse.
    return unquote(text, encoding="utf-8", errors="replace")


def _clean(text: str) -> str:
    return text.strip().translate(_VISUAL_SEPARATORS)

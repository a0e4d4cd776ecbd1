"""The short key that names one call: the same on every workstation, after a re-import or repair.

The API has no call id and the archive's row id depends on the order calls were stored in, so a
note, a tag or a worklist entry names its call by the call's identity, the same four values the
archive keeps one row per (`calls_identity`): the start as whole UTC epoch seconds, both numbers
in the canonical form the archive matches them by (`numbers.canonical`), and the duration.

Key version 1: the UTF-8 text `1|<start>|<calling>|<called>|<duration>`, hashed with BLAKE2b
(8 bytes), its first 60 bits written as 12 characters of Crockford's base32 in lower case.
Crockford's alphabet has no I, L, O or U, and reading a key folds case and takes `i`/`l` for 1 and
`o` for 0, so a key read aloud or typed from a printout still works. A dash or space anywhere is
ignored (`abcd-efgh-jkmn`).

60 bits: among a million calls the chance that any two share a key is about one in two million;
a clash would put one call's note on both calls, nothing worse.

A call that starts and ends inside the repeated autumn hour is written the same for both
readings of that hour by the API's wall-time format; the API's answers and the files alike give
it the first reading, so its key is that reading's, the same everywhere.

If the canonicalisation rules ever change (a number migration, like schema step 2, rewrites the
stored canonical forms), the keys of the calls whose numbers changed form change with them. That
is why every note keeps the key it was written with and the call's identity beside it (see
`notes.events`): a migration that changes canonical forms must re-key the notes of the calls it
touches, from the identity kept with each note, in the same transaction.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from datetime import datetime
from typing import Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.queries import StoredCall
from fmc_desktop.core.numbers.phone import canonical

KEY_VERSION: Final = 1
KEY_LENGTH: Final = 12
KEY_FIELD: Final = "call"  # the field `history` writes the key in
SPARE_KEY_FIELD: Final = "fmc_call"  # ... when the API itself sent a field named `call`
_CROCKFORD: Final = "0123456789abcdefghjkmnpqrstvwxyz"
# RFC 4648's base32 alphabet, letter for letter onto Crockford's.
_FROM_RFC: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD)
_TYPED: Final = str.maketrans({"i": "1", "l": "1", "o": "0"})
_SEPARATORS: Final = re.compile(r"[\s\-]+")


def call_key(start_utc: int, calling: str, called: str, duration: int) -> str:
    """The key of the call with this identity; `calling` and `called` in canonical form."""
    identity = f"{KEY_VERSION}|{start_utc}|{calling}|{called}|{duration}".encode()
    digest = hashlib.blake2b(identity, digest_size=8).digest()
    # 8 bytes are 64 bits = 13 base32 characters with 4 bits of padding: keep the first 12.
    return base64.b32encode(digest).decode("ascii")[:KEY_LENGTH].translate(_FROM_RFC)


def key_number(start_utc: int, calling: str, called: str, duration: int) -> int:
    """The key's 60 bits as a number: what `call_key` spells, without the spelling, for a scan
    of a million calls that compares rather than prints."""
    identity = f"{KEY_VERSION}|{start_utc}|{calling}|{called}|{duration}".encode()
    return int.from_bytes(hashlib.blake2b(identity, digest_size=8).digest(), "big") >> 4


def number_of_key(key: str) -> int:
    """The 60 bits a key (in its own form, `parse_call_key`) spells."""
    value = 0
    for character in key:
        value = value * 32 + _CROCKFORD.index(character)
    return value


def record_key(record: CallRecord) -> str:
    """The key of a call read from the API or a file, its numbers made canonical first."""
    return call_key(
        start_epoch(record.start_utc),
        canonical(record.calling_number),
        canonical(record.called_number),
        record.duration,
    )


def start_epoch(instant: datetime) -> int:
    """The start as the archive stores it (`fields.call_fields`): whole UTC epoch seconds."""
    return int(instant.timestamp())


def parse_call_key(text: str) -> str:
    """A key as typed (any case, dashes or spaces, `i`/`l`/`o` for `1`/`0`) in its own form.

    InvalidInputError when it cannot be a key at all; whether a call has it is the archive's
    question (`notes.store.find_call`).
    """
    folded = _SEPARATORS.sub("", text.strip().lower()).translate(_TYPED)
    if len(folded) != KEY_LENGTH or any(c not in _CROCKFORD for c in folded):
        raise InvalidInputError(
            f"{text.strip()!r} is not a call key: a call key is {KEY_LENGTH} letters and digits, "
            "as `fmc-desktop history` prints them in its `call` column."
        )
    return folded


def stored_key(stored: StoredCall) -> str:
    """The key of a call read from the archive, whose numbers are already canonical."""
    return call_key(
        start_epoch(stored.record.start_utc), stored.calling, stored.called, stored.record.duration
    )


def keyed_record(stored: StoredCall) -> CallRecord:
    """The call with its key as one more field, `call`, after the API's own fields.

    Should the API ever send a field of that name, the API's value is kept and the key goes
    out as `fmc_call`: every field the API gave stays as it gave it.
    """
    name = KEY_FIELD if KEY_FIELD not in stored.record.extra else SPARE_KEY_FIELD
    return replace(stored.record, extra={**stored.record.extra, name: stored_key(stored)})


def is_our_key_field(name: str, value: object, record: CallRecord) -> bool:
    """Whether a field read back from a file is the key `history` wrote (not one of the API's):
    only then does an import drop it rather than keep it as an unknown field."""
    return name in (KEY_FIELD, SPARE_KEY_FIELD) and value == record_key(record)

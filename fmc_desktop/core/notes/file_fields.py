"""The fields this app adds to the calls it writes out (`call`, `fmc_note`, ...), and taking them
off again when such a file is imported, so they never become unknown API fields of a call."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.archive.fields import fast_canonical
from fmc_desktop.core.notes.call_key import KEY_FIELD, SPARE_KEY_FIELD, call_key, record_key
from fmc_desktop.core.notes.notebook import clean_tag

# The current note and tags of a call and the note on its other party's number, in CSV exports.
NOTE_FIELD: Final = "fmc_note"
TAGS_FIELD: Final = "fmc_tags"
NUMBER_NOTE_FIELD: Final = "fmc_number_note"
# The API's fields never start so: every field with this prefix is the app's own.
OWN_PREFIX: Final = "fmc_"
_EXTRA_COLUMN: Final = 9  # where CallFields keeps the extras (fields.call_fields)


@dataclass(frozen=True, slots=True)
class ReadNote:
    """What a CSV row said of its call: the call's key, identity, note and tags."""

    key: str
    identity: str
    note: str
    tags: tuple[str, ...]


def read_note(
    extra: Mapping[str, ExtraValue], start_utc: int, calling: str, called: str, duration: int
) -> ReadNote | None:
    note = extra.get(NOTE_FIELD)
    tags = extra.get(TAGS_FIELD)
    if not note and not tags:
        return None
    calling, called = fast_canonical(calling), fast_canonical(called)
    names: list[str] = []
    for text in str(tags or "").split(","):
        if text.strip():
            try:
                names.append(clean_tag(text))
            except InvalidInputError:
                continue  # a tag the vocabulary cannot hold: the call is still imported
    return ReadNote(
        call_key(start_utc, calling, called, duration),
        f"{start_utc}|{calling}|{called}|{duration}",
        str(note or "").strip(),
        tuple(names),
    )


def _ours(name: str, value: object, key: str | None) -> bool:
    if name.startswith(OWN_PREFIX):
        return True
    # `call` is the API's own field unless it holds this very call's key.
    return name == KEY_FIELD and key is not None and value == key


def without_own_fields(records: Sequence[CallRecord]) -> tuple[list[CallRecord], list[ReadNote]]:
    """The records with the app's own fields taken off their extras, and the notes and tags
    those fields gave the calls."""
    out: list[CallRecord] = []
    notes: list[ReadNote] = []
    for record in records:
        extra = record.extra
        if not extra or not any(n == KEY_FIELD or n.startswith(OWN_PREFIX) for n in extra):
            out.append(record)
            continue
        key = record_key(record) if KEY_FIELD in extra else None
        kept = {n: v for n, v in extra.items() if not _ours(n, v, key)}
        out.append(replace(record, extra=kept))
        note = read_note(
            extra,
            int(record.start_utc.timestamp()),
            record.calling_number,
            record.called_number,
            record.duration,
        )
        if note is not None:
            notes.append(note)
    return out, notes


def columns_without_own_fields(
    columns: list[Sequence[Any]],
) -> tuple[list[Sequence[Any]], list[ReadNote]]:
    """The same for calls given column by column (CallFields), the extras as JSON text."""
    extras = columns[_EXTRA_COLUMN]
    if not any(text and (f'"{KEY_FIELD}"' in text or f'"{OWN_PREFIX}' in text) for text in extras):
        return columns, []  # the usual file: nothing of ours, nothing decoded
    cleaned: list[str | None] = []
    notes: list[ReadNote] = []
    for row, text in enumerate(extras):
        if not text:
            cleaned.append(text)
            continue
        extra: Mapping[str, ExtraValue] = json.loads(text)
        identity = (
            int(columns[0][row]),
            str(columns[3][row]),
            str(columns[4][row]),
            int(columns[2][row]),
        )
        key = None
        if KEY_FIELD in extra:
            start, calling, called, duration = identity
            key = call_key(start, fast_canonical(calling), fast_canonical(called), duration)
        kept = {n: v for n, v in extra.items() if not _ours(n, v, key)}
        cleaned.append(json.dumps(kept, ensure_ascii=False) if kept else None)
        note = read_note(extra, *identity)
        if note is not None:
            notes.append(note)
    return [*columns[:_EXTRA_COLUMN], cleaned, *columns[_EXTRA_COLUMN + 1 :]], notes


__all__ = [
    "KEY_FIELD",
    "NOTE_FIELD",
    "NUMBER_NOTE_FIELD",
    "SPARE_KEY_FIELD",
    "TAGS_FIELD",
    "ReadNote",
    "columns_without_own_fields",
    "read_note",
    "without_own_fields",
]

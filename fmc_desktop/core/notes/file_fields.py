"""The fields this app adds to the calls it writes out (`call`, `fmc_note`, ...), and taking them
off again when such a file is imported, so they never become unknown API fields of a call."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from fmc_desktop.core.api.records import CallRecord, ExtraValue
from fmc_desktop.core.archive.fields import fast_canonical
from fmc_desktop.core.notes.call_key import KEY_FIELD, SPARE_KEY_FIELD, call_key, record_key

# The current note and tags of a call and the note on its other party's number, in CSV exports.
NOTE_FIELD: Final = "fmc_note"
TAGS_FIELD: Final = "fmc_tags"
NUMBER_NOTE_FIELD: Final = "fmc_number_note"
# The API's fields never start so: every field with this prefix is the app's own.
OWN_PREFIX: Final = "fmc_"
_EXTRA_COLUMN: Final = 9  # where CallFields keeps the extras (fields.call_fields)


def _ours(name: str, value: object, key: str | None) -> bool:
    if name.startswith(OWN_PREFIX):
        return True
    # `call` is the API's own field unless it holds this very call's key.
    return name == KEY_FIELD and key is not None and value == key


def without_own_fields(records: Sequence[CallRecord]) -> list[CallRecord]:
    """The records with the app's own fields taken off their extras."""
    out: list[CallRecord] = []
    for record in records:
        extra = record.extra
        if not extra or not any(n == KEY_FIELD or n.startswith(OWN_PREFIX) for n in extra):
            out.append(record)
            continue
        key = record_key(record) if KEY_FIELD in extra else None
        kept = {n: v for n, v in extra.items() if not _ours(n, v, key)}
        out.append(replace(record, extra=kept))
    return out


def columns_without_own_fields(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """The same for calls given column by column (CallFields), the extras as JSON text."""
    extras = columns[_EXTRA_COLUMN]
    if not any(text and (f'"{KEY_FIELD}"' in text or f'"{OWN_PREFIX}' in text) for text in extras):
        return columns  # the usual file: nothing of ours, nothing decoded
    cleaned: list[str | None] = []
    for row, text in enumerate(extras):
        if not text:
            cleaned.append(text)
            continue
        extra: Mapping[str, ExtraValue] = json.loads(text)
        key = None
        if KEY_FIELD in extra:
            key = call_key(
                int(columns[0][row]),
                fast_canonical(str(columns[3][row])),
                fast_canonical(str(columns[4][row])),
                int(columns[2][row]),
            )
        kept = {n: v for n, v in extra.items() if not _ours(n, v, key)}
        cleaned.append(json.dumps(kept, ensure_ascii=False) if kept else None)
    return [*columns[:_EXTRA_COLUMN], cleaned, *columns[_EXTRA_COLUMN + 1 :]]


__all__ = [
    "KEY_FIELD",
    "NOTE_FIELD",
    "NUMBER_NOTE_FIELD",
    "SPARE_KEY_FIELD",
    "TAGS_FIELD",
    "columns_without_own_fields",
    "without_own_fields",
]

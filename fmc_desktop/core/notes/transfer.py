"""The notes' whole history in a file and back: a JSON document of every event.

`{"fmc_notes": 1, "events": [{"id": ..., "at": "2026-03-10T08:00:00.250Z", "author": ...,
"author_name": ..., "kind": "note", "target": "call:hntnwf8m6dzc", "value": ..., "identity":
...}, ...]}`. Importing it adds the events this archive does not hold yet (by id), so importing
a file twice, or files of two installations that share events, stores each event once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final

from fmc_desktop.core.api.errors import InvalidInputError
from fmc_desktop.core.notes.events import MAX_VALUE, Event, EventLog, Kind, Target, TargetKind

FORMAT_KEY: Final = "fmc_notes"
FORMAT_VERSION: Final = 1
# A notes document starts so (after a BOM and blanks); a call file never does.
_SIGNATURE: Final = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"fmc_notes"\s*:')
_ID: Final = re.compile(r"[0-9a-f]{32}")
_KEY: Final = re.compile(r"[0-9a-hjkmnp-tv-z]{12}")  # a call key in its own form (call_key)


def is_notes_document(head: bytes) -> bool:
    """Whether a file beginning with `head` is a notes document (not a call file)."""
    return _SIGNATURE.match(head) is not None


def _at_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": _at_text(event.at),
        "author": event.author,
        "author_name": event.author_name,
        "kind": str(event.kind),
        "target": event.target.text,
        "value": event.value,
        "identity": event.identity,
    }


def write_events(events: Iterable[Event], stream: IO[bytes]) -> int:
    """The notes document of `events` on `stream`; how many."""
    rows = [event_dict(e) for e in events]
    document = {FORMAT_KEY: FORMAT_VERSION, "events": rows}
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    stream.write(b"\n")
    return len(rows)


def _text(item: dict[str, Any], name: str, *, empty: bool = False) -> str:
    value = item.get(name)
    if not isinstance(value, str) or (not value and not empty) or len(value) > MAX_VALUE:
        raise ValueError(f"its {name!r} is missing or not text")
    return value


def event_of(item: object) -> Event:
    """An event read from a document; ValueError saying what is wrong with it."""
    if not isinstance(item, dict):
        raise ValueError("it is not an object")
    ident = _text(item, "id")
    if not _ID.fullmatch(ident):
        raise ValueError("its 'id' is not 32 hexadecimal digits")
    try:
        at = datetime.strptime(_text(item, "at"), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        kind = Kind(_text(item, "kind"))
        target = Target.parse(_text(item, "target"))
    except ValueError:
        raise ValueError("its 'at', 'kind' or 'target' cannot be read") from None
    keyed = target.kind in (TargetKind.CALL, TargetKind.ENTRY)
    if keyed and not _KEY.fullmatch(target.name):
        raise ValueError("its 'target' names no call key")
    identity = item.get("identity")
    if identity is not None and not isinstance(identity, str):
        raise ValueError("its 'identity' is not text")
    return Event(
        ident,
        at,
        _text(item, "author"),
        _text(item, "author_name", empty=True),
        kind,
        target,
        _text(item, "value", empty=True),
        identity,
    )


@dataclass
class NotesImport:
    path: Path
    new: int = 0
    known: int = 0
    rejected: list[str] = field(default_factory=list)  # "event 3: its 'id' is ..."


def import_notes(log: EventLog, path: Path) -> NotesImport:
    """Add the events of a notes document to the archive; InvalidInputError if the file is
    not one (nothing stored), the events that cannot be read listed in `rejected`."""
    outcome = NotesImport(path)
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(
            f"{path} is not a notes file fmc-desktop can read ({error}); nothing was imported "
            "from it.",
            path=str(path),
        ) from None
    events = document.get("events") if isinstance(document, dict) else None
    version = document.get(FORMAT_KEY) if isinstance(document, dict) else None
    if not isinstance(events, list) or version != FORMAT_VERSION:
        raise InvalidInputError(
            f"{path} is not a notes file of this version of fmc-desktop (format "
            f"{version!r}); nothing was imported from it.",
            path=str(path),
        )
    good: list[Event] = []
    for number, item in enumerate(events, 1):
        try:
            good.append(event_of(item))
        except ValueError as problem:
            outcome.rejected.append(f"event {number}: {problem}")
    outcome.new = log.merge(good)
    outcome.known = len(good) - outcome.new
    return outcome

"""The numbers the user dialled from this app: for redial and the tray's "Recent calls".

The call history only shows a call once a sync has fetched it, minutes later, and only when it
connected; a dial the user just made must be one click away at once. So every dial that reached
the PBX (or may have: outcome unknown) is remembered here, in a small JSON file in the data folder,
newest first and capped, written atomically so a crash mid-write never loses the list.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.files import write_atomically

log = logging.getLogger(__name__)

DIAL_LOG_FILE_NAME: Final = "dials.json"
# 2: numbers read by libphonenumber; a version 1 file's numbers are read again when loaded.
SCHEMA_VERSION: Final = 2
DEFAULT_LIMIT: Final = 200


class DialResult(StrEnum):
    RINGING = "ringing"  # the PBX accepted the request and rang the user's phone
    UNKNOWN = "unknown"  # the request left but no answer came back: it may have rung


@dataclass(frozen=True, slots=True)
class Dial:
    """One dial: whom (canonical number), as whom, when (UTC), and how it went."""

    number: str
    at: datetime
    name: str | None = None
    calling: str | None = None
    result: DialResult = DialResult.RINGING

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "at": self.at.astimezone(UTC).isoformat(timespec="seconds"),
            "name": self.name,
            "calling": self.calling,
            "result": self.result.value,
        }

    @classmethod
    def from_json(cls, data: object) -> Dial | None:
        """The dial in `data`, or None when the entry cannot be used (it is then dropped)."""
        if not isinstance(data, dict):
            return None
        number, at, name, calling = (data.get(k) for k in ("number", "at", "name", "calling"))
        if not isinstance(number, str) or not number or not isinstance(at, str):
            return None
        try:
            when = datetime.fromisoformat(at)
            result = DialResult(data.get("result", DialResult.RINGING.value))
        except ValueError:
            return None
        if when.tzinfo is None:
            return None
        return cls(
            number=number,
            at=when.astimezone(UTC),
            name=name if isinstance(name, str) and name else None,
            calling=calling if isinstance(calling, str) and calling else None,
            result=result,
        )


def _read_again(dial: Dial) -> Dial:
    """A dial stored by version 1, its numbers in the form version 2 compares them in."""
    return Dial(
        number=canonical(dial.number),
        at=dial.at,
        name=dial.name,
        calling=canonical(dial.calling) if dial.calling else None,
        result=dial.result,
    )


class DialLog:
    """The remembered dials in `path`, newest first, at most `limit` of them.

    Read once on first use and written through on every change. A file that cannot be read is
    moved aside (never overwritten), and the log starts empty.
    """

    def __init__(
        self, path: Path, *, clock: Clock | None = None, limit: int = DEFAULT_LIMIT
    ) -> None:
        if limit < 1:
            raise ValueError("the dial log must keep at least one dial")
        self.path = path
        self.limit = limit
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._lock = threading.Lock()
        self._dials: list[Dial] | None = None
        self._revision = 0

    @classmethod
    def in_folder(cls, data_folder: Path, *, clock: Clock | None = None) -> DialLog:
        return cls(data_folder / DIAL_LOG_FILE_NAME, clock=clock)

    @property
    def revision(self) -> int:
        """Goes up with every change, so a menu knows when to rebuild."""
        return self._revision

    # --- reading --------------------------------------------------------------------------------

    def entries(self) -> list[Dial]:
        """Every remembered dial, newest first."""
        with self._lock:
            return list(self._loaded())

    def last(self) -> Dial | None:
        """The latest dial, for redial."""
        with self._lock:
            dials = self._loaded()
            return dials[0] if dials else None

    def recent(self, limit: int = 10) -> list[Dial]:
        """The latest dial to each number, newest first: a number called three times is one line."""
        seen: set[str] = set()
        found: list[Dial] = []
        for dial in self.entries():
            if dial.number in seen:
                continue
            seen.add(dial.number)
            found.append(dial)
            if len(found) >= limit:
                break
        return found

    def __iter__(self) -> Iterator[Dial]:
        return iter(self.entries())

    def __len__(self) -> int:
        with self._lock:
            return len(self._loaded())

    # --- writing --------------------------------------------------------------------------------

    def record(
        self,
        number: str,
        *,
        name: str | None = None,
        calling: str | None = None,
        result: DialResult = DialResult.RINGING,
    ) -> Dial:
        """Remember a dial made now; the oldest ones beyond the limit are forgotten."""
        dial = Dial(
            number=canonical(number),
            at=self._clock.now().astimezone(UTC).replace(microsecond=0),
            name=name or None,
            calling=canonical(calling) if calling else None,
            result=result,
        )
        with self._lock:
            dials = [dial, *self._loaded()][: self.limit]
            self._write(dials)
            self._dials = dials
            self._revision += 1
        return dial

    def clear(self) -> None:
        with self._lock:
            self._write([])
            self._dials = []
            self._revision += 1

    # --- the file -------------------------------------------------------------------------------

    def _loaded(self) -> list[Dial]:
        if self._dials is None:
            self._dials = self._read()
        return self._dials

    def _read(self) -> list[Dial]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            # Unreadable now (permissions, a disk error) is not corrupt: leave the file be.
            log.warning("The dial log %s could not be read (%s)", self.path, error.strerror)
            return []
        try:
            data = json.loads(raw.decode("utf-8"))
            items = data["dials"] if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise ValueError("no list of dials")
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            self._move_aside()
            return []
        dials = [dial for dial in map(Dial.from_json, items) if dial is not None]
        dials.sort(key=lambda d: d.at, reverse=True)
        dials = dials[: self.limit]
        if data.get("schema_version", 1) < 2:
            dials = [_read_again(dial) for dial in dials]
            try:
                self._write(dials)
            except OSError as error:
                # The numbers are right in memory; the file is rewritten with the next dial.
                log.warning("The dial log %s could not be updated (%s)", self.path, error)
        return dials

    def _write(self, dials: list[Dial]) -> None:
        document = {"schema_version": SCHEMA_VERSION, "dials": [d.to_json() for d in dials]}
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        # 0o600: whom the user calls is nobody else's business.
        write_atomically(self.path, text)

    def _move_aside(self) -> None:
        stamp = self._clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError:
            log.warning("The unreadable dial log %s could not be moved aside", self.path)
            return
        log.warning("The dial log could not be read; it was kept as %s", target)

"""A copy of the history's columns beside the archive, so the next start has every call at once.

Reading a million calls out of SQLite and laying them out per column takes tens of seconds;
mapping the finished columns back from files takes a fraction of one. The snapshot is a cache:
it is rebuilt from the archive whenever it does not describe it, and can be deleted at any time.

What is in the folder (`history-snapshot` in the data folder, readable by the user only):

- one `.npy` file per column of `CallHistory` (call ids, start, length, duration, the calling and
  called parties' indexes, the extras' index, and the time order newest first with its starts),
  opened with `numpy.load(mmap_mode="r")`: the pages come from the file, and the system may drop
  and reread them instead of keeping a private copy;
- `party_table.json`: per party the number as written, name and department, and what is slow to work
  out again at a start (the canonical number, the text shown, the sort keys, the search pieces);
- `extras_table.json`: each distinct set of extra fields;
- `manifest.json`, written last and renamed into place: the format version, the archive's change
  stamp (`CallArchive.change_stamp`), the counts, and each file's name, size and CRC-32. Every
  file of one snapshot carries the same random prefix, so a new snapshot never overwrites the
  files an older manifest (or a running window's memory map) refers to.

Trust: a snapshot is used only if its manifest reads, is of this format, was written for the
archive's present change stamp, and every file has its size and checksum. The checksum reads the
files once (tens of milliseconds for a million calls, while the pages are needed anyway); an
index column that points past its table is refused too. Calls stored since (ids above the
snapshot's highest, or older ones an import added) are read from the archive by the loader.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import secrets
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from fmc_desktop.core.api.records import ExtraValue
from fmc_desktop.core.history.batch import Party
from fmc_desktop.core.system.files import write_atomically

logger = logging.getLogger(__name__)

SNAPSHOT_FOLDER: Final = "history-snapshot"
FORMAT_VERSION: Final = 1
MANIFEST: Final = "manifest.json"

# Every column, and its type: the order is that of the manifest.
COLUMNS: Final[dict[str, type[np.signedinteger[Any]]]] = {
    "call_ids": np.int64,
    "start": np.int64,
    "length": np.int32,
    "duration": np.int32,
    "calling": np.int32,
    "called": np.int32,
    "extras": np.int32,
    "newest_first": np.int32,  # call positions, newest first (the history's time order)
    "newest_starts": np.int64,  # their starts, so a sync's calls merge in without a sort
}
_TABLES: Final = ("party_table", "extras_table")
_CHUNK: Final = 1 << 22


class SnapshotUnusable(Exception):
    """Why a snapshot on disk cannot be trusted; the history is then read from the archive."""


@dataclass(frozen=True)
class SnapshotContent:
    """Columns and tables of a `CallHistory`, to write or as read back.

    `parties` and `extras_table` are what the `calling`/`called` and `extras` columns index.
    """

    columns: Mapping[str, npt.NDArray[Any]]
    parties: Sequence[Party]
    extras_table: Sequence[Mapping[str, ExtraValue]]
    stamp: str
    # Per distinct canonical number, in the order its first party comes: its search text.
    number_texts: Sequence[str] = ()

    @property
    def count(self) -> int:
        return len(self.columns["start"])

    @property
    def highest_id(self) -> int:
        ids = self.columns["call_ids"]
        return int(ids.max()) if len(ids) else -1


def snapshot_folder(archive_file: Path) -> Path:
    """The snapshot of the archive at `archive_file`: beside it, in the data folder."""
    return archive_file.parent / SNAPSHOT_FOLDER


# ------------------------------------------------------------------------------------ writing


def write_snapshot(folder: Path, content: SnapshotContent) -> None:
    """Write `content` as the snapshot in `folder`, whole or not at all; OSError if it cannot.

    The column files go first under a new prefix, then the manifest replaces the old one in
    one rename; a crash in between leaves the old snapshot (or none) and some files the next
    write clears away.
    """
    _private_folder(folder)
    prefix = secrets.token_hex(6)
    files: dict[str, dict[str, Any]] = {}
    written: list[Path] = []
    try:
        for name, dtype in COLUMNS.items():
            values = np.ascontiguousarray(content.columns[name], dtype=dtype)
            path = folder / f"{prefix}.{name}.npy"
            written.append(path)
            files[name] = _write_file(path, lambda f, v=values: np.save(f, v, allow_pickle=False))
        for name, data in (
            ("party_table", _party_table(content)),
            ("extras_table", [dict(e) for e in content.extras_table]),
        ):
            path = folder / f"{prefix}.{name}.json"
            written.append(path)
            text = _json_bytes(data)
            files[name] = _write_file(path, lambda f, t=text: f.write(t))
        body = {
            "format": FORMAT_VERSION,
            "stamp": content.stamp,
            "count": content.count,
            "parties": len(content.parties),
            "extras": len(content.extras_table),
            "files": files,
        }
        write_atomically(folder / MANIFEST, _manifest_text(body))
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    _remove_others(folder, prefix)


def _json_bytes(data: dict[str, list[Any]] | list[Any]) -> bytes:
    """JSON of a table, a few thousand values at a time: each `json.dumps` holds the interpreter
    lock for all of its work, and the window's thread must not wait for a whole table (a field
    of 60,000 parties' texts in one call kept it waiting 10-20 ms)."""
    if isinstance(data, dict):
        fields = (f"{_dump(name)}:{_json_list(values)}" for name, values in data.items())
        return ("{" + ",".join(fields) + "}").encode()
    return _json_list(data).encode()


def _json_list(values: list[Any]) -> str:
    pieces = (
        _dump(values[at : at + _JSON_PIECE])[1:-1] for at in range(0, len(values), _JSON_PIECE)
    )
    return "[" + ",".join(p for p in pieces if p) + "]"


_dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
_JSON_PIECE: Final = 2000


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def _write_file(path: Path, write: Any) -> dict[str, Any]:
    """Create `path` (0600 from the first byte), fill it, sync it; its name, size and CRC-32."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as file:
        write(file)
        file.flush()
        os.fsync(file.fileno())
    return {"file": path.name, "size": path.stat().st_size, "crc32": _checksum(path)}


def _remove_others(folder: Path, prefix: str) -> None:
    """Files of earlier snapshots; one still mapped on Windows stays for the next write."""
    for path in folder.iterdir():
        if path.name != MANIFEST and not path.name.startswith(prefix + "."):
            with contextlib.suppress(OSError):
                path.unlink()


def _manifest_text(body: Mapping[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return json.dumps({"body": body, "crc32": zlib.crc32(text.encode())}, sort_keys=True) + "\n"


_PARTY_FIELDS: Final = (
    "number",
    "name",
    "department",
    "canonical",
    "display",
    "display_key",
    "department_key",
)


def _party_table(content: SnapshotContent) -> dict[str, list[Any]]:
    """Field by field, one list each: parsed several times faster than a list per party."""
    parties = content.parties
    table: dict[str, list[Any]] = {f: [getattr(p, f) for p in parties] for f in _PARTY_FIELDS}
    # Search pieces hold no NUL (see CallHistory.extend), so one string per party holds them.
    table["pieces"] = ["\0".join(p.pieces) for p in parties]
    table["number_texts"] = list(content.number_texts)
    return table


# ------------------------------------------------------------------------------------ reading


def read_snapshot(folder: Path, stamp: str) -> SnapshotContent:
    """The snapshot in `folder` if it describes the archive whose change stamp is `stamp`.

    SnapshotUnusable says why not (none yet, stale, damaged); nothing here trusts a file that
    does not match its manifest.
    """
    body = _read_manifest(folder)
    if body.get("format") != FORMAT_VERSION:
        raise SnapshotUnusable(f"format {body.get('format')!r}, not {FORMAT_VERSION}")
    if body.get("stamp") != stamp:
        raise SnapshotUnusable("the archive changed since it was written")
    files = body.get("files")
    if not isinstance(files, dict) or set(files) != set(COLUMNS) | set(_TABLES):
        raise SnapshotUnusable("the manifest does not list its files")
    try:
        count, party_count, extras_count = (int(body[k]) for k in ("count", "parties", "extras"))
        for name in files:
            _verify(folder, files[name])
        columns = {name: _load_column(folder, files[name], name, count) for name in COLUMNS}
        parties, number_texts = _parties_of(_load_table(folder, files["party_table"]))
        extras_table = _load_table(folder, files["extras_table"])
        if not isinstance(extras_table, list):
            raise SnapshotUnusable("the extras table is not a list")
        extras = [_extras_of(value) for value in extras_table]
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise SnapshotUnusable(f"a file cannot be read ({type(error).__name__})") from None
    if len(parties) != party_count or len(extras) != extras_count:
        raise SnapshotUnusable("a table does not hold what the manifest counts")
    _check_indexes(columns, party_count, extras_count, count)
    return SnapshotContent(
        columns=columns,
        parties=parties,
        extras_table=extras,
        stamp=stamp,
        number_texts=number_texts,
    )


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotUnusable("there is none yet") from None
    except (OSError, ValueError) as error:
        raise SnapshotUnusable(f"its manifest cannot be read ({type(error).__name__})") from None
    if not isinstance(document, dict) or not isinstance(document.get("body"), dict):
        raise SnapshotUnusable("its manifest is not one")
    body: dict[str, Any] = document["body"]
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    if document.get("crc32") != zlib.crc32(text.encode()):
        raise SnapshotUnusable("its manifest is damaged")
    return body


def _verify(folder: Path, entry: Mapping[str, Any]) -> None:
    name = str(entry["file"])
    if Path(name).name != name:
        raise SnapshotUnusable("the manifest names a file outside its folder")
    path = folder / name
    if path.stat().st_size != int(entry["size"]):
        raise SnapshotUnusable(f"{name} has been cut short or grown")
    if _checksum(path) != int(entry["crc32"]):
        raise SnapshotUnusable(f"{name} is damaged")


def _checksum(path: Path) -> int:
    # Through a memory map: the column's pages read here are the very pages numpy maps next,
    # so checking costs no copy. zlib releases the interpreter lock over large pieces.
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return 0
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            crc = 0
            view = memoryview(mapped)
            try:
                for at in range(0, len(view), _CHUNK):
                    crc = zlib.crc32(view[at : at + _CHUNK], crc)
            finally:
                view.release()
            return crc


def _load_column(folder: Path, entry: Mapping[str, Any], name: str, count: int) -> npt.NDArray[Any]:
    values: npt.NDArray[Any] = np.load(
        folder / str(entry["file"]), mmap_mode="r", allow_pickle=False
    )
    if values.dtype != np.dtype(COLUMNS[name]) or values.shape != (count,):
        raise SnapshotUnusable(f"the column {name} is not of the shape the manifest says")
    return values


def _load_table(folder: Path, entry: Mapping[str, Any]) -> Any:
    return json.loads((folder / str(entry["file"])).read_bytes())


def _parties_of(table: Any) -> tuple[list[Party], list[str]]:
    """The parties of a party table, built without parsing a number (60,000 in some 0.1 s).

    The file's checksum matched what was written, so the fields are the types written; only
    the shape is checked here."""
    if not isinstance(table, dict):
        raise SnapshotUnusable("the party table is not one")
    fields = [table[f] for f in (*_PARTY_FIELDS, "pieces")]
    if len({len(f) for f in fields}) != 1 or not all(isinstance(f, list) for f in fields):
        raise SnapshotUnusable("the party table's fields are not of one length")
    *texts, pieces = fields
    split = [tuple(p.split("\0")) if p else () for p in pieces]
    parties = list(map(Party.restored, *texts, split))
    number_texts = table["number_texts"]
    if not isinstance(number_texts, list):
        raise SnapshotUnusable("the party table's search texts are not a list")
    return parties, number_texts


def _extras_of(value: Any) -> dict[str, ExtraValue]:
    if not isinstance(value, dict):
        raise SnapshotUnusable("a set of extra fields is not one")
    return value


def _check_indexes(
    columns: Mapping[str, npt.NDArray[Any]], parties: int, extras: int, count: int
) -> None:
    """An index past its table would be an IndexError in the middle of painting the table."""
    limits = {"calling": parties, "called": parties, "extras": extras, "newest_first": count}
    for name, limit in limits.items():
        column = columns[name]
        if len(column) and (int(column.min()) < 0 or int(column.max()) >= limit):
            raise SnapshotUnusable(f"the column {name} points outside its table")

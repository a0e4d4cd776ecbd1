"""Call lists written the way the vendor writes them, and the broken bodies faults send instead."""

from __future__ import annotations

import csv
import io
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from xml.sax.saxutils import escape

from fmc_desktop.simulator.company import Record

MiB = 1024 * 1024
GiB = 1024 * MiB
CHUNK = 64 * 1024


def render_json(records: list[Record]) -> bytes:
    return (json.dumps({"calls": records}, ensure_ascii=False, indent=2) + "\n").encode()


def render_json_with_trailing_commas(records: list[Record]) -> bytes:
    """JSON the way the vendor's own example writes it: a comma after every last item."""
    lines = ["{", '  "calls": [']
    for record in records:
        lines.append("    {")
        for key, value in record.items():
            lines.append(f"      {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        lines.append("    },")
    lines += ["  ]", "}", ""]
    return "\n".join(lines).encode()


def render_csv(records: list[Record], fields: tuple[str, ...], broken_line: str = "") -> bytes:
    """Comma-separated with a header row, UTF-8 with a BOM as portal exports tend to have."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for index, record in enumerate(records):
        if broken_line and index == len(records) // 2:
            buffer.write(broken_line + "\r\n")
        writer.writerow([record.get(name, "") for name in fields])
    if broken_line and not records:
        buffer.write(broken_line + "\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _xml_call(record: Record) -> str:
    inner = "".join(f"    <{k}>{escape(str(v))}</{k}>\n" for k, v in record.items())
    return f"  <call>\n{inner}  </call>\n"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<calls>\n'
_XML_TAIL = "</calls>\n"


def render_xml(records: list[Record]) -> bytes:
    return (_XML_HEAD + "".join(_xml_call(r) for r in records) + _XML_TAIL).encode()


def render(fmt: str, records: list[Record], fields: tuple[str, ...]) -> bytes:
    if fmt == "json":
        return render_json(records)
    if fmt == "csv":
        return render_csv(records, fields)
    return render_xml(records)


def truncated(body: bytes) -> bytes:
    """The first half of a document: never well-formed, still valid UTF-8."""
    text = body.decode("utf-8-sig")
    return text[: max(1, len(text) // 2)].encode()


def oversized(fmt: str, sample: Record, fields: tuple[str, ...], size: int) -> Iterator[bytes]:
    """A well-formed document of about `size` bytes: one realistic record, over and over."""
    if fmt == "json":
        head, tail = b'{\n  "calls": [\n', b"\n  ]\n}\n"
        item = ("    " + json.dumps(sample, ensure_ascii=False)).encode()
        separator = b",\n"
    elif fmt == "csv":
        head = render_csv([], fields)
        item = render_csv([sample], fields)[len(head) :]
        tail, separator = b"", b""
    else:
        head, tail = _XML_HEAD.encode(), _XML_TAIL.encode()
        item, separator = _xml_call(sample).encode(), b""
    count = max(1, (size - len(head) - len(tail)) // (len(item) + len(separator)))
    yield head + item
    block_items = max(1, CHUNK // (len(item) + len(separator)))
    block = (separator + item) * block_items
    remaining = count - 1
    while remaining >= block_items:
        yield block
        remaining -= block_items
    yield (separator + item) * remaining + tail


_bombs: dict[tuple[bytes, bytes, int, bytes], bytes] = {}
_bombs_lock = threading.Lock()


def gzip_bomb(prefix: bytes, suffix: bytes, size: int, filler: bytes = b" ") -> bytes:
    """A gzip stream of `prefix`, `filler` repeated, `suffix`, inflating to `size` bytes; cached.

    After a full flush deflate forgets its history, so every megabyte of filler compresses to
    the same bytes: compress one, repeat it. 1 GiB costs one CRC pass (~0.4 s) and ~1 MB.
    """
    key = (prefix, suffix, size, filler)
    with _bombs_lock:
        cached = _bombs.get(key)
        if cached is not None:
            return cached
        units, rest = divmod(max(0, size - len(prefix) - len(suffix)), MiB)
        unit = filler * MiB
        deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
        unit_block = deflate.compress(unit) + deflate.flush(zlib.Z_FULL_FLUSH) if units else b""
        end = filler * rest + suffix
        tail = deflate.compress(end) + deflate.flush(zlib.Z_FINISH)
        crc = zlib.crc32(prefix)
        for _ in range(units):
            crc = zlib.crc32(unit, crc)
        crc = zlib.crc32(end, crc)
        total = len(prefix) + units * MiB + len(end)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # no name, no mtime: reproducible
        trailer = struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF)
        body = header + head + unit_block * units + tail + trailer
        _bombs[key] = body
        return body


def bomb_parts(fmt: str, fields: tuple[str, ...]) -> tuple[bytes, bytes, bytes]:
    """Prefix, suffix and filler that make a well-formed, empty document of any size."""
    if fmt == "json":
        return b'{"calls": [', b"]}\n", b" "
    if fmt == "csv":
        return render_csv([], fields), b"", b"\n"  # blank lines: CSV readers skip them
    return _XML_HEAD.encode(), _XML_TAIL.encode(), b" "


# -- HTTP --------------------------------------------------------------------------------------

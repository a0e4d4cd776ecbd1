"""A call list read in whichever format it is: told by its file name, or by its first bytes."""

from __future__ import annotations

from pathlib import PurePath

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.formats.csv_calls import csv_encoding, parse_csv
from fmc_desktop.core.api.formats.fields import FORMATS, Format, ParseResult
from fmc_desktop.core.api.formats.json_calls import parse_json
from fmc_desktop.core.api.formats.xml_calls import parse_xml
from fmc_desktop.core.api.records import REQUIRED_FIELDS


def parse_calls(data: bytes, fmt: Format, *, source: str = "the response") -> ParseResult:
    """Read a call list in the given format.

    Raises ParseError when the payload as a whole cannot be read; a malformed call goes into
    `rejected` with its location and the reason.
    """
    if fmt == "json":
        return parse_json(data, source)
    if fmt == "csv":
        return parse_csv(data, source)
    if fmt == "xml":
        return parse_xml(data, source)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def detect_format(data: bytes, filename: str | None = None) -> Format:
    """The format of a call list: by the file name's extension, else by looking at the content."""
    if filename:
        suffix = PurePath(filename).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    head = data[:4096]
    wide = csv_encoding(head)
    if wide is not None:
        head = head[: len(head) // 2 * 2].decode(wide, errors="replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    first_line = head.split(b"\n", 1)[0]
    if any(name.encode("ascii") in first_line for name in REQUIRED_FIELDS):
        return "csv"
    what = filename or "the data"
    raise ParseError(f"Cannot tell whether {what} is CSV, JSON or XML.", source=what)

"""Call lists in CSV: read in any delimiter and encoding a spreadsheet saves, written for one."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from typing import Final

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.formats.fields import (
    KNOWN,
    ParseResult,
    RejectedRow,
    make_record,
    sentence,
)
from fmc_desktop.core.api.records import OPTIONAL_FIELDS, REQUIRED_FIELDS, CallRecord, ExtraValue
from fmc_desktop.core.archive.spreadsheet import has_marks, neutralise, restore

_CSV_DELIMITERS: Final = (";", ",", "\t")


def parse_csv(data: bytes, source: str) -> ParseResult:
    return parse_csv_text(_decode_csv(data, source), source)


def parse_csv_text(text: str, source: str) -> ParseResult:
    """parse_csv on text already decoded (the importer decodes a file piece by piece)."""
    marked = has_marks(text)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result = ParseResult()
    records, rejected = result.records, result.rejected
    try:
        header: list[str] | None = None
        header_line = 0
        line_after = 0  # the physical line the previous row ended on
        for row in reader:
            line = line_after + 1
            line_after = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if header is None:
                header = [_clean_header(restore(name)) for name in row]
                header_line = line
                break
        if header is None:
            return result  # no header and no rows: a period without calls
        named = [name for name in header if name]
        if len(set(named)) != len(named):
            twice = sorted({name for name in named if named.count(name) > 1})
            raise ParseError(
                f"{sentence(source)} has two columns named {', '.join(twice)} (header on line "
                f"{header_line}); which one holds the calls' values is not clear. Remove or "
                "rename one and import it again.",
                source=source,
                line=header_line,
            )
        missing = [name for name in REQUIRED_FIELDS if name not in header]
        if missing:
            raise ParseError(
                f"{sentence(source)} is CSV without the column"
                f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(header on line {header_line}).",
                source=source,
                line=header_line,
                missing=missing,
            )
        width = len(header)
        # Last column of a name wins, as it would in a dict built from the row.
        index = {name: i for i, name in enumerate(header)}
        i_start, i_end, i_calling, i_called, i_duration = (index[n] for n in REQUIRED_FIELDS)
        i_cn, i_dn, i_cd, i_dd = (index.get(n) for n in OPTIONAL_FIELDS)
        extras = [(name, i) for i, name in enumerate(header) if name not in KNOWN]

        for row in reader:
            line = line_after + 1
            line_after = reader.line_num
            if marked:
                row = [restore(cell) for cell in row]
            if len(row) != width:
                if not row or not any(cell.strip() for cell in row):
                    continue
                raw: dict[str, object] = dict(zip(header, row, strict=False))
                if len(row) > width:
                    raw["(extra cells)"] = row[width:]
                rejected.append(
                    RejectedRow(
                        f"line {line}",
                        f"the row has {len(row)} fields but the header has {width}",
                        raw,
                    )
                )
                continue
            try:
                records.append(
                    make_record(
                        row[i_start],
                        row[i_end],
                        row[i_calling],
                        row[i_called],
                        row[i_duration],
                        None if i_cn is None else row[i_cn],
                        None if i_dn is None else row[i_dn],
                        None if i_cd is None else row[i_cd],
                        None if i_dd is None else row[i_dd],
                        # An empty cell is how CSV says "absent": keep only filled ones.
                        {name: row[i] for name, i in extras if row[i]} if extras else None,
                    )
                )
            except ValueError as error:
                if not any(cell.strip() for cell in row):
                    continue  # a row of bare delimiters: blank
                rejected.append(
                    RejectedRow(f"line {line}", str(error), dict(zip(header, row, strict=True)))
                )
    except csv.Error as error:
        line = reader.line_num
        raise ParseError(
            f"{sentence(source)} is not valid CSV (line {line}): {error}.",
            source=source,
            line=line,
        ) from None
    return result


def csv_encoding(head: bytes) -> str | None:
    """UTF-16 by its byte-order mark (Excel's "Unicode text", LibreOffice's UTF-16 CSV), or by
    the zero bytes of ASCII text in it; None for the byte-wide encodings."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 8 and sample[1::2].count(0) == len(sample[1::2]) and 0 not in sample[::2]:
        return "utf-16-le"
    if len(sample) >= 8 and sample[::2].count(0) == len(sample[::2]) and 0 not in sample[1::2]:
        return "utf-16-be"
    return None


def _decode_csv(data: bytes, source: str) -> str:
    wide = csv_encoding(data[:200])
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{sentence(source)} is not valid UTF-16 text (bad bytes at offset {error.start}).",
                source=source,
                offset=error.start,
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on a Ukrainian Windows still saves CSV in Windows-1251.
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"{sentence(source)} is neither UTF-8 nor Windows-1251 text "
            f"(bad byte at offset {error.start}).",
            source=source,
            offset=error.start,
        ) from None


def _clean_header(name: str) -> str:
    return name.strip().strip("\ufeff").strip()


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most required column names."""
    first_line = ""
    for candidate_line in io.StringIO(text, newline=""):
        if candidate_line.strip():
            first_line = candidate_line
            break
    best = ","
    best_score = (-1, -1)
    for delimiter in _CSV_DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            continue
        names = {_clean_header(cell) for cell in cells}
        score = (sum(1 for name in REQUIRED_FIELDS if name in names), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_columns(records: Sequence[CallRecord]) -> list[str]:
    """Required fields, then the optional ones any record has, then extras in first-seen order."""
    columns = list(REQUIRED_FIELDS)
    columns.extend(
        name for name in OPTIONAL_FIELDS if any(getattr(r, name) is not None for r in records)
    )
    seen: dict[str, None] = {}
    for record in records:
        for name in record.extra:
            seen.setdefault(name)
    columns.extend(seen)
    return columns


def write_csv(records: Iterable[CallRecord], *, excel: bool = False) -> bytes:
    """Comma-separated, UTF-8 without BOM, "\\n" line ends; header as `csv_columns` gives it.

    Cells a spreadsheet would run as a formula are neutralised (see `spreadsheet.neutralise`);
    the reader restores them. `excel`: a BOM and `;`, as Excel in Ukrainian locales expects.
    """
    materialised = list(records)
    columns = csv_columns(materialised)
    out = io.StringIO(newline="")
    delimiter = ";" if excel else ","
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    # The minimal writer quotes only the characters of its own line end, yet a reader also ends
    # a line at a lone "\r": a row holding one is written fully quoted.
    quoting_writer = csv.writer(
        out, lineterminator="\n", delimiter=delimiter, quoting=csv.QUOTE_ALL
    )
    apis = (record.to_api_dict() for record in materialised)
    rows = ([neutralise(_csv_cell(api.get(name))) for name in columns] for api in apis)
    for row in itertools.chain([[neutralise(name) for name in columns]], rows):
        (quoting_writer if any("\r" in cell for cell in row) else writer).writerow(row)
    return out.getvalue().encode("utf-8-sig" if excel else "utf-8")


def _csv_cell(value: ExtraValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # JSON's spelling, not Python's
    return str(value)

"""The callback report as rows for a table, CSV and XLSX, and as JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO, Final

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.spreadsheet import neutralise
from fmc_desktop.core.worklist.callbacks import CallbackReport, Group, report_dict

GROUP_COLUMNS: Final = (
    "section",
    "name",
    "entries",
    "returned",
    "never",
    "within_15_min",
    "within_1_hour",
    "same_working_day",
    "median_wait_seconds",
    "p90_wait_seconds",
)
UNRETURNED_COLUMNS: Final = ("number", "first_missed", "missed", "attempts", "subscriber")


def kyiv_text(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, KYIV).strftime("%Y-%m-%d %H:%M:%S")


def _group_row(section: str, name: str, g: Group) -> list[object]:
    return [
        section,
        name,
        g.entries,
        g.returned,
        g.never,
        g.within_15_min,
        g.within_1_hour,
        g.same_working_day,
        g.median_wait,
        g.p90_wait,
    ]


def group_rows(report: CallbackReport) -> Iterator[list[object]]:
    """Every group of figures: the total, then per subscriber, then per department."""
    yield _group_row("total", "", report.total)
    for number, g in report.by_subscriber.items():
        yield _group_row("subscriber", number, g)
    for department, g in report.by_department.items():
        yield _group_row("department", department or "(none)", g)


def unreturned_rows(report: CallbackReport) -> Iterator[list[object]]:
    for u in report.unreturned:
        yield [u.number, kyiv_text(u.first_missed), u.missed, u.attempts, u.subscriber]


def write_json(report: CallbackReport, stream: BinaryIO) -> None:
    data = report_dict(report)
    for item in data["unreturned"]:  # type: ignore[attr-defined]
        item["first_missed"] = kyiv_text(item["first_missed"])
    stream.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")


def write_csv(report: CallbackReport, stream: BinaryIO) -> None:
    """The groups, then the returns per subscriber of ours, then the unreturned entries, each
    under its own header: three tables one after the other, a blank line between."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")

    def put(row: list[object]) -> None:
        writer.writerow([neutralise("" if v is None else str(v)) for v in row])

    put(list(GROUP_COLUMNS))
    for row in group_rows(report):
        put(row)
    out.write("\n")
    put(["returned_by", "entries"])
    for number, count in report.returned_by.items():
        put([number, count])
    out.write("\n")
    put(list(UNRETURNED_COLUMNS))
    for row in unreturned_rows(report):
        put(row)
    stream.write(out.getvalue().encode("utf-8"))


def write_xlsx(report: CallbackReport, stream: BinaryIO) -> None:
    """Three sheets: Figures, Returned by, Unreturned."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = (
        ("Figures", list(GROUP_COLUMNS), list(group_rows(report))),
        (
            "Returned by",
            ["returned_by", "entries"],
            [[n, c] for n, c in report.returned_by.items()],
        ),
        ("Unreturned", list(UNRETURNED_COLUMNS), list(unreturned_rows(report))),
    )
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            # Text as text, never a formula; figures as numbers.
            sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    book.save(stream)

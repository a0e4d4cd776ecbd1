"""Reports on the archive: `report callbacks`, how fast missed calls are returned."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from fmc_desktop.cli.common import (
    Context,
    add_period_arguments,
    check_output,
    format_duration,
    format_table,
    output_stream,
    resolve_period,
    say,
)
from fmc_desktop.core.api.errors import ExitCode

if TYPE_CHECKING:
    from fmc_desktop.core.worklist.callbacks import CallbackReport

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "report",
        parents=[parent],
        help="reports on the archive: callbacks",
        description="`report callbacks`: how long missed calls waited until someone talked to "
        "the number (median, 90th percentile, in working hours: the working_hours and holidays "
        "settings), the share returned within 15 minutes, an hour, the same working day, and "
        "never; per subscriber and department, who returned them, and the unreturned list. "
        "Without a period: all of the archive.",
    )
    p.add_argument("name", choices=("callbacks",))
    add_period_arguments(p)
    p.add_argument(
        "--pbx", action="store_true", help="the whole company's numbers, not only your own"
    )
    p.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.set_defaults(handler=run_report)


def run_report(ctx: Context) -> int:
    from fmc_desktop.cli.archive_commands import open_archive
    from fmc_desktop.core.api.errors import InvalidInputError
    from fmc_desktop.core.worklist import report_files
    from fmc_desktop.core.worklist.callbacks import callback_report
    from fmc_desktop.core.worklist.hours import WorkingHours

    args = ctx.args
    if args.format == "xlsx" and args.output in (None, "-"):
        raise InvalidInputError("An XLSX report needs a file: add -o FILE.xlsx.")
    check_output(args.output, ctx.paths)
    hours = WorkingHours.parse(ctx.settings.working_hours, ctx.settings.holidays)
    numbers = ctx.settings.company_numbers if args.pbx else ctx.settings.own_numbers
    if not numbers:
        raise InvalidInputError(
            "The report needs your own numbers: set them with `fmc-desktop config own_numbers "
            "0671234567` (or company_numbers, with --pbx)."
        )
    period = resolve_period(args, ctx.clock.now(), default=None)
    start, end = period if period is not None else (None, None)
    with open_archive(ctx) as archive:
        report = callback_report(archive, numbers, hours, start=start, end=end)
    with output_stream(args.output, ctx.paths) as stream:
        if args.format == "json":
            report_files.write_json(report, stream)
        elif args.format == "csv":
            report_files.write_csv(report, stream)
        elif args.format == "xlsx":
            report_files.write_xlsx(report, stream)
        else:
            stream.write(_table(report).encode("utf-8"))
    if args.output not in (None, "-"):
        say(f"Wrote the callback report to {args.output}.")
    return int(ExitCode.OK)


def _wait(seconds: object) -> str:
    return "" if seconds is None else format_duration(int(str(seconds)))


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else "0"


def _table(report: CallbackReport) -> str:
    from fmc_desktop.core.numbers.phone import display_number
    from fmc_desktop.core.worklist import report_files

    t = report.total
    if not t.entries:
        return "No missed calls in the period.\n"
    lines = [
        f"Missed numbers: {t.entries}; returned: {_share(t.returned, t.entries)}; "
        f"never: {_share(t.never, t.entries)}.",
        f"Waited (working time): median {_wait(t.median_wait)}, 90% within {_wait(t.p90_wait)}.",
        f"Returned within 15 min: {_share(t.within_15_min, t.entries)}; within an hour: "
        f"{_share(t.within_1_hour, t.entries)}; the same working day: "
        f"{_share(t.same_working_day, t.entries)}.",
        "",
    ]
    header = ["", "missed", "returned", "never", "≤15 min", "≤1 h", "same day", "median", "90%"]
    rows = [
        [
            display_number(str(row[1])) if row[0] == "subscriber" else str(row[1] or "total"),
            *(str(v) for v in row[2:8]),
            _wait(row[8]),
            _wait(row[9]),
        ]
        for row in report_files.group_rows(report)
    ]
    text = "\n".join(lines) + format_table(header, rows)
    if report.returned_by:
        text += "\n" + format_table(
            ["returned by", "entries"],
            [[display_number(n), str(c)] for n, c in report.returned_by.items()],
        )
    if report.unreturned:
        text += "\n" + format_table(
            ["not returned", "first missed (Kyiv)", "missed", "tries", "rang"],
            [
                [
                    display_number(str(r[0])),
                    str(r[1]),
                    str(r[2]),
                    str(r[3]),
                    display_number(str(r[4])),
                ]
                for r in report_files.unreturned_rows(report)
            ],
        )
    return text

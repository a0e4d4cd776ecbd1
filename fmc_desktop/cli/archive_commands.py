"""Commands on the local call archive: sync, history, import, export, forget, repair."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fmc_desktop.cli.api_commands import FORMAT_HELP, OUTPUT_FORMATS, write_records
from fmc_desktop.cli.common import (
    Context,
    add_period_arguments,
    ask_yes_no,
    check_output,
    kyiv_text,
    output_stream,
    resolve_period,
    say,
    stdin_is_terminal,
    timestamp_arg,
    warn,
)
from fmc_desktop.core.api.errors import ArchiveError, ExitCode, StorageError

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[parent],
        help="bring the local archive up to now",
        description="Fetch every call the archive is missing, back to the API's 30 days, "
        "committing each 7-day window as it arrives.",
    )
    p.set_defaults(handler=run_sync)

    p = sub.add_parser(
        "history",
        parents=[parent],
        help="show calls from the local archive",
        description="Show calls from the local archive (no network). Without a period: all of it.",
    )
    add_period_arguments(p)
    p.add_argument(
        "--search",
        metavar="TEXT",
        help="number (any form), name or department, or words of a note or tag",
    )
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    p.set_defaults(handler=run_history)

    p = sub.add_parser(
        "import",
        parents=[parent],
        help="import CSV, JSON or XML call files into the archive",
        description="Import calls from the portal's exports, the API's raw answers or this app's "
        "own CSV and JSON exports (regular files up to 1 GiB each). Calls already in the archive "
        "are recognised and kept once. Exit 2 when nothing could be imported, 1 when some rows "
        "or files were left out.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=run_import)

    p = sub.add_parser(
        "export",
        parents=[parent],
        help="export calls from the archive",
        description="Write calls from the archive with the API's field names, so the file can be "
        "imported again unchanged.",
    )
    add_period_arguments(p)
    p.add_argument("--search", metavar="TEXT", help="number (any form), name or department")
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True, help=FORMAT_HELP)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="FILE (created owner-only), a FIFO, or - for standard output",
    )
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "forget",
        parents=[parent],
        help="delete calls older than a date from the archive",
        description="Delete calls that started before TS from the local archive (call logs are "
        "personal data). Asks first unless --yes.",
    )
    p.add_argument("--before", type=timestamp_arg, required=True, metavar="TS")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--keep-notes",
        action="store_true",
        help="keep the notes and tags of the deleted calls (notes on numbers always stay)",
    )
    p.set_defaults(handler=run_forget)

    p = sub.add_parser(
        "repair",
        parents=[parent],
        help="check the archive; restore a backup or save what can be read",
        description="Check the local archive with SQLite's own check. If it is damaged (or "
        "empty or missing while backups exist), put the newest good backup in its place, or "
        "with --salvage read every readable row into a new archive; the damaged file is kept "
        "beside it. Then the last 30 days are fetched again when a token is set.",
    )
    p.add_argument("--check", action="store_true", help="only check (exit 9 when damaged)")
    p.add_argument(
        "--salvage", action="store_true", help="save what can be read instead of a backup"
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=run_repair)


# call_export.EXPORT_FORMATS, spelt out: importing call_export (the whole archive) would
# slow down every command's start.
EXPORT_FORMATS = ("csv", "excel-csv", "json", "xlsx")


def open_archive(ctx: Context) -> CallArchive:
    """The archive, opened; what the opening has to say (an empty file started afresh) is said."""
    from fmc_desktop.core.archive.store import CallArchive

    archive = CallArchive(ctx.paths.archive_file, clock=ctx.clock).open()
    for notice in archive.notices:
        warn(notice)
    return archive


def run_sync(ctx: Context) -> int:
    from fmc_desktop.core.api.factory import fetch_flags
    from fmc_desktop.core.archive.sync import SyncEngine, SyncProgress

    ctx.token()  # no token: say so before opening anything
    flags = fetch_flags(ctx.settings)
    progress = sys.stderr.isatty()

    def on_progress(p: SyncProgress) -> None:
        if progress:
            print(
                f"\rsyncing window {p.window_index} of {p.window_count}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    with open_archive(ctx) as archive:
        archive.ensure_writable(check=True)  # a read-only or damaged archive: before the network
        engine = SyncEngine(archive, ctx.client, clock=ctx.clock, flags=flags)
        report = engine.sync(on_progress=on_progress)
        if progress:
            print(file=sys.stderr)
        print(
            f"Fetched {report.windows_done} of {report.windows_total} windows: "
            f"{report.new} new calls, {report.known} already known, {report.updated} updated."
        )
        covered = archive.coverage()
        if covered:
            print(
                "Complete in the archive: "
                + "; ".join(f"{kyiv_text(a)} to {kyiv_text(b)}" for a, b in covered)
            )
        if report.lost_days:
            days = ", ".join(d.isoformat() for d in report.lost_days)
            warn(
                f"no calls for {days} are in the archive and the API no longer has them; import "
                "an export file for those days to fill the gap."
            )
    if report.rejected:
        for row in report.rejected:
            warn(f"rejected {row.location}: {row.reason}")
    if report.error is not None:
        if isinstance(report.error, (ArchiveError, StorageError)):
            if report.windows_done:
                warn("the windows fetched before the archive failed were kept.")
            raise report.error  # a storage problem is exit 9, however much was done
        if report.windows_done:
            warn(f"{report.error.message} The windows fetched before it were kept.")
            return int(ExitCode.PARTIAL)
        raise report.error
    return int(ExitCode.PARTIAL if report.rejected else ExitCode.OK)


def _query(ctx: Context):  # type: ignore[no-untyped-def]
    from fmc_desktop.core.archive.queries import CallQuery, Order

    period = resolve_period(ctx.args, ctx.clock.now(), default=None)
    start, end = period if period is not None else (None, None)
    # Oldest first, as `calls` writes them: a script reads both the same way.
    return CallQuery(start=start, end=end, search=ctx.args.search or None, order=Order.OLDEST_FIRST)


def run_history(ctx: Context) -> int:
    check_output(ctx.args.output, ctx.paths)
    query = _query(ctx)
    from fmc_desktop.core.notes.call_key import keyed_record

    with open_archive(ctx) as archive:
        calls = archive.query_calls(query)
        if query.search:
            from fmc_desktop.core.notes.search import noted_calls

            # The calls whose notes and tags hold the text, beside those whose numbers,
            # names or departments do.
            found = {c.id: c for c in noted_calls(archive, query)}
            if found:
                found.update((c.id, c) for c in calls)
                calls = [found[i] for i in sorted(found)]
        records = [keyed_record(stored) for stored in calls]
    with output_stream(ctx.args.output, ctx.paths) as stream:
        write_records(records, ctx.args.format, stream)
    return int(ExitCode.OK)


def run_import(ctx: Context) -> int:
    from fmc_desktop.core.archive.call_import import import_files

    files, notes = _notes_files(ctx.args.files)
    with open_archive(ctx) as archive:
        archive.ensure_writable(check=True)
        noted = _import_notes(ctx, archive, notes)
        if not files:
            return int(noted)
        report = import_files(archive, files)
    for item in report.files:
        rejected = len(item.rejected)
        if item.stored or item.error is None:
            say(f"{item.path}: {item.new} new, {item.known} already known, {rejected} rejected")
        for row in item.rejected[:_SHOWN_REJECTED]:
            warn(f"{item.path}, {row.location}: {row.reason}")
        if rejected > _SHOWN_REJECTED:
            warn(f"{item.path}: {rejected - _SHOWN_REJECTED} more rows rejected.")
        if item.error is not None:
            warn(str(item.error))
    if noted is not ExitCode.OK and report.exit_code is ExitCode.OK:
        return int(ExitCode.PARTIAL)
    return int(report.exit_code)


def _notes_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The call files and the notes files (`note --export`) among `paths`."""
    from fmc_desktop.core.notes.transfer import is_notes_document

    calls: list[Path] = []
    notes: list[Path] = []
    for path in paths:
        head = b""  # not a regular file, or unreadable: the call import says what is wrong
        try:
            if path.is_file():  # before opening: opening a FIFO would wait for a writer
                with path.open("rb") as file:
                    head = file.read(64)
        except OSError:
            pass
        (notes if is_notes_document(head) else calls).append(path)
    return calls, notes


def _import_notes(ctx: Context, archive: CallArchive, paths: list[Path]) -> ExitCode:
    from fmc_desktop.core.notes.events import EventLog
    from fmc_desktop.core.notes.transfer import import_notes

    log = EventLog(archive, author_name=ctx.settings.display_name, clock=ctx.clock)
    code = ExitCode.OK
    for path in paths:
        outcome = import_notes(log, path)
        rejected = len(outcome.rejected)
        say(
            f"{path}: {outcome.new} new note changes, {outcome.known} already known, "
            f"{rejected} rejected"
        )
        for reason in outcome.rejected[:_SHOWN_REJECTED]:
            warn(f"{path}, {reason}")
        if rejected:
            code = ExitCode.PARTIAL
    return code


# A file of a million bad rows must not print a million lines.
_SHOWN_REJECTED = 100


def run_export(ctx: Context) -> int:
    from fmc_desktop.core.archive.call_export import export_calls

    check_output(ctx.args.output, ctx.paths)
    query = _query(ctx)
    with open_archive(ctx) as archive, output_stream(ctx.args.output, ctx.paths) as stream:
        count = export_calls(archive, query, ctx.args.format, stream)
    if ctx.args.output not in (None, "-"):
        say(f"Exported {count} calls to {ctx.args.output}.")
    return int(ExitCode.OK)


def run_forget(ctx: Context) -> int:
    before = ctx.args.before
    with open_archive(ctx) as archive:
        from fmc_desktop.core.archive.queries import CallQuery

        archive.ensure_writable(check=True)
        count = archive.count_calls(CallQuery(end=before))
        if count == 0:
            print(f"No calls before {kyiv_text(before)} in the archive.")
            return int(ExitCode.OK)
        if not ctx.args.yes:
            if not stdin_is_terminal():
                warn("not deleting: there is no terminal to confirm on; pass --yes to confirm.")
                return int(ExitCode.USAGE)
            if not ask_yes_no(f"Delete {count} calls before {kyiv_text(before)} for good?"):
                warn("nothing deleted.")
                return int(ExitCode.DECLINED)
        gone = archive.forget_before(before, keep_notes=ctx.args.keep_notes)
    print(f"Deleted {gone} calls that started before {kyiv_text(before)}.")
    return int(ExitCode.OK)


def _size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "kB", "MB"):
        if value < 1000:
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def run_repair(ctx: Context) -> int:
    from fmc_desktop.core.archive.backup import BackupStore
    from fmc_desktop.core.archive.repair import RepairResult, check, restore, salvage

    path = ctx.paths.archive_file
    health = check(path)
    store = BackupStore.beside(path)
    backups = store.backups()
    if backups:
        print(
            f"Backups: {len(backups)} in {store.folder}, the newest from "
            f"{kyiv_text(backups[0].made)}, {_size_text(sum(b.size for b in backups))} in all."
        )
    else:
        print(f"Backups: none yet in {store.folder}.")
    if health.sound:
        print(f"The call archive {path} is sound ({_size_text(health.size)}).")
        return int(ExitCode.OK)
    if not health.exists or health.size == 0:
        what = "is missing" if not health.exists else "is empty (0 bytes)"
        if not backups:
            print(f"The call archive {path} {what}; there is no backup to restore.")
            return int(ExitCode.OK)
        warn(f"the call archive {path} {what}.")
    else:
        warn(f"the call archive {path} is damaged: {'; '.join(health.problems[:3])}")
    if ctx.args.check:
        return int(ExitCode.STORAGE)

    backup = None if ctx.args.salvage else store.newest_good()
    damaged = health.exists and health.size > 0
    if backup is None and not damaged:
        warn("no backup passes SQLite's check; nothing was changed.")
        return int(ExitCode.STORAGE)
    if backup is not None:
        question = (
            f"Put the backup from {kyiv_text(backup.made)} in place of the archive"
            + (" (the damaged file is kept beside it)" if damaged else "")
            + ", then fetch the last 30 days again?"
        )
    else:
        question = (
            "Save every call that can still be read into a new archive (the damaged file is "
            "kept beside it), then fetch the last 30 days again?"
        )
    if not ctx.args.yes:
        if not stdin_is_terminal():
            warn("nothing changed: there is no terminal to confirm on; pass --yes to confirm.")
            return int(ExitCode.USAGE)
        if not ask_yes_no(question):
            warn("nothing changed.")
            return int(ExitCode.DECLINED)
    now = ctx.clock.now()
    result: RepairResult
    if backup is not None:
        result = restore(path, backup, now)
        print(f"Restored the backup from {kyiv_text(backup.made)}.")
    else:
        result = salvage(path, now)
        print(f"Saved {result.calls_saved} calls into a new archive.")
    if damaged:
        print(f"The damaged file was kept as {result.moved_aside}.")
    for start, end in result.lost:
        warn(
            f"calls from {kyiv_text(start)} to {kyiv_text(end)} are lost unless you import an "
            "export file that covers them (fmc-desktop import FILE)."
        )
    return _refetch(ctx)


def _refetch(ctx: Context) -> int:
    """The last 30 days again from the API, after a repair dropped their coverage."""
    from fmc_desktop.core.api.errors import NoTokenError

    try:
        ctx.token()
    except NoTokenError:
        warn("no token is set: run `fmc-desktop sync` with one to fetch the last 30 days again.")
        return int(ExitCode.OK)
    print("Fetching the last 30 days again:")
    return run_sync(ctx)

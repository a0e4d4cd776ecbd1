"""The missed-call worklist as a command: list, claim, release, snooze, done, undo."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import TYPE_CHECKING, Any

from fmc_desktop.cli.common import (
    Context,
    format_duration,
    format_table,
    kyiv_text,
    parse_timestamp,
    say,
)
from fmc_desktop.core.api.errors import ExitCode, InvalidInputError
from fmc_desktop.core.numbers.outside_text import for_terminal

if TYPE_CHECKING:
    from fmc_desktop.core.worklist.entries import Entry
    from fmc_desktop.core.worklist.worklist import Worklist

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

_ACTIONS = ("claim", "release", "snooze", "done", "undo")


def add_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "worklist",
        parents=[parent],
        help="missed calls to call back: list, claim, snooze, mark done",
        description="Without an action: the missed calls nobody has returned yet, one entry per "
        "number (`--all`: the returned and done ones too). `worklist claim ENTRY` says you are "
        "calling back (exit 10 when someone else is), `release ENTRY` gives it back, `snooze "
        "UNTIL ENTRY` hides it until a time (Kyiv), `done OUTCOME ENTRY` closes it (reached, "
        "left-message, wrong-number, not-needed), `undo ENTRY` takes back your last change. An "
        "entry closes by itself when an answered call with the number shows up.",
    )
    p.add_argument("action", nargs="?", choices=_ACTIONS)
    p.add_argument("words", nargs="*", metavar="[UNTIL|OUTCOME] ENTRY")
    p.add_argument("--mine", action="store_true", help="only the entries you claimed")
    p.add_argument("--all", action="store_true", help="also the returned and done entries")
    p.add_argument(
        "--pbx", action="store_true", help="the whole company's numbers, not only your own"
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=run_worklist)


def _worklist(ctx: Context, archive: Any) -> Worklist:
    from fmc_desktop.core.notes.events import EventLog
    from fmc_desktop.core.worklist.worklist import Worklist

    log = EventLog(archive, author_name=ctx.settings.display_name, clock=ctx.clock)
    numbers = ctx.settings.company_numbers if ctx.args.pbx else ctx.settings.own_numbers
    return Worklist(log, numbers)


def run_worklist(ctx: Context) -> int:
    from fmc_desktop.cli.archive_commands import open_archive

    args = ctx.args
    with open_archive(ctx) as archive:
        work = _worklist(ctx, archive)
        if args.action is None:
            if args.words:
                raise InvalidInputError("Give an action (claim, snooze, done...) before ENTRY.")
            _show(ctx, work)
            return int(ExitCode.OK)
        archive.ensure_writable(check=True)
        said = _act(ctx, work, args.action, list(args.words))
    say(said)
    return int(ExitCode.OK)


def _act(ctx: Context, work: Worklist, action: str, words: list[str]) -> str:
    wanted = 2 if action in ("snooze", "done") else 1
    if len(words) != wanted:
        shape = {"snooze": "snooze UNTIL ENTRY", "done": "done OUTCOME ENTRY"}
        raise InvalidInputError(f"Use: fmc-desktop worklist {shape.get(action, action + ' ENTRY')}")
    entry_key = words[-1]
    if action == "claim":
        entry = work.claim(entry_key)
        return f"You are calling back {_who(entry)} (entry {entry.id})."
    if action == "release":
        entry = work.release(entry_key)
        return f"The entry {entry.id} ({_who(entry)}) is free for anyone to call back."
    if action == "snooze":
        until = parse_timestamp(words[0])
        if until <= ctx.clock.now():
            raise InvalidInputError(f"{words[0]} is already past: snooze until a later time.")
        entry = work.snooze(entry_key, until)
        return f"The entry {entry.id} ({_who(entry)}) is snoozed until {kyiv_text(until)}."
    if action == "done":
        entry = work.done(entry_key, words[0])
        return f"The entry {entry.id} ({_who(entry)}) is done: {words[0]}."
    entry, undone = work.undo(entry_key)
    status = _status(ctx, entry)
    return f"Undid your last change ({undone}) to the entry {entry.id}; it is {status} now."


def _who(entry: Entry) -> str:
    from fmc_desktop.core.numbers.phone import display_number

    number = display_number(entry.number)
    return f"{entry.name} ({number})" if entry.name else number


def _status(ctx: Context, entry: Entry) -> str:
    return str(entry.status(ctx.clock.now()))


def _row(ctx: Context, entry: Entry) -> dict[str, Any]:
    from fmc_desktop.core.archive.fields import utc_of

    now = ctx.clock.now()
    owner = entry.owner()
    done = entry.done()
    snoozed = entry.snoozed_until(now)
    return {
        "entry": entry.id,
        "number": entry.number,
        "name": entry.name,
        "status": str(entry.status(now)),
        "missed": len(entry.misses),
        "first_missed": kyiv_text(utc_of(entry.first_missed)),
        "last_missed": kyiv_text(utc_of(entry.last_missed)),
        "attempts": len(entry.attempts),
        "claimed_by": owner.name if owner is not None else None,
        "snoozed_until": kyiv_text(snoozed) if snoozed is not None else None,
        "outcome": done.value if done is not None else None,
        "returned_by": entry.returned_by,
        "wait_seconds": entry.wait,
    }


def _wanted(ctx: Context, work: Worklist) -> list[Entry]:
    entries = work.entries()
    if not ctx.args.all:
        entries = [e for e in entries if e.is_open()]
    if ctx.args.mine:
        me = work.log.author().id
        entries = [e for e in entries if (o := e.owner()) is not None and o.id == me]
    entries.sort(key=lambda e: e.last_missed, reverse=True)  # the newest first, as a list to do
    return entries


def _show(ctx: Context, work: Worklist) -> None:
    rows = [_row(ctx, e) for e in _wanted(ctx, work)]
    fmt = ctx.args.format
    if fmt == "json":
        print(for_terminal(json.dumps(rows, ensure_ascii=False, indent=1), keep_newlines=True))
        return
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
        print(for_terminal(out.getvalue(), keep_newlines=True), end="")
        return
    if not rows:
        say("Nothing to call back.")
        return
    table = [
        [
            r["entry"],
            _who_text(r),
            r["last_missed"],
            f"{r['missed']}×",
            f"tried {r['attempts']}×" if r["attempts"] else "",
            _state_text(r),
        ]
        for r in rows
    ]
    header = ["entry", "who", "last missed (Kyiv)", "missed", "tries", "state"]
    print(format_table(header, table, max_width=40), end="")


_FIELDS = [
    "entry",
    "number",
    "name",
    "status",
    "missed",
    "first_missed",
    "last_missed",
    "attempts",
    "claimed_by",
    "snoozed_until",
    "outcome",
    "returned_by",
    "wait_seconds",
]


def _who_text(row: dict[str, Any]) -> str:
    from fmc_desktop.core.numbers.phone import display_number

    number = display_number(str(row["number"]))
    return f"{row['name']} ({number})" if row["name"] else number


def _state_text(row: dict[str, Any]) -> str:
    status = row["status"]
    if status == "claimed":
        return f"claimed by {row['claimed_by']}"
    if status == "snoozed":
        return f"snoozed until {row['snoozed_until']}"
    if status == "done":
        return f"done: {row['outcome']}"
    if status == "returned":
        wait = format_duration(int(row["wait_seconds"] or 0))
        return f"returned by {row['returned_by']} after {wait}"
    return "open"

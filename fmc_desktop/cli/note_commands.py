"""Commands on notes and tags: note, tag (add, remove, list, colour)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from fmc_desktop.cli.common import Context, format_table, kyiv_text, output_stream, say
from fmc_desktop.core.api.errors import ExitCode, InvalidInputError
from fmc_desktop.core.numbers.outside_text import for_terminal

if TYPE_CHECKING:
    from fmc_desktop.core.archive.store import CallArchive
    from fmc_desktop.core.notes.events import Event, Target
    from fmc_desktop.core.notes.notebook import Notebook

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

# `--call KEY TEXT`, `--call KEY TAG...`: the words after the key are the flag's own, as
# argparse cannot take positionals again after an option that followed them.
_TARGET_HELP = "the call's key, as the `call` column of `fmc-desktop history` shows it"


def add_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "note",
        parents=[parent],
        help="write or list notes on a number or a call",
        description="`note NUMBER TEXT` gives a number (any spelling) a note, `note --call KEY "
        "TEXT` gives one call a note; an empty TEXT clears it. Earlier notes are kept: `--list` "
        "shows them all, with who wrote them and when. `--export FILE` writes every note, tag "
        "and worklist change to a notes file that `fmc-desktop import` reads back.",
    )
    p.add_argument("words", nargs="*", metavar="NUMBER TEXT")
    p.add_argument("--call", nargs="+", metavar="KEY", help=_TARGET_HELP)
    p.add_argument("--list", action="store_true", help="show the notes instead of writing one")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--export", metavar="FILE", help="write the notes file (- for standard output)")
    p.set_defaults(handler=run_note)

    p = sub.add_parser(
        "tag",
        parents=[parent],
        help="tag numbers and calls; list the tags",
        description="`tag add NUMBER TAG...` or `tag add --call KEY TAG...` tags a number or a "
        "call (a new tag joins the list with a colour of its own); `tag remove` takes tags off; "
        "`tag list` shows every tag and how many numbers and calls have it; `tag colour TAG "
        "#rrggbb` sets a tag's colour.",
    )
    p.add_argument("action", choices=("add", "remove", "list", "colour"))
    p.add_argument("words", nargs="*", metavar="NUMBER TAG")
    p.add_argument("--call", nargs="+", metavar="KEY", help=_TARGET_HELP)
    p.add_argument("--colour", "--color", action="store_true", help="list: show the colours")
    p.set_defaults(handler=run_tag)


def _open(ctx: Context, *, writing: bool) -> CallArchive:
    from fmc_desktop.cli.archive_commands import open_archive

    archive = open_archive(ctx)
    if writing:
        try:
            archive.ensure_writable(check=True)
        except BaseException:
            archive.close()
            raise
    return archive


def _notebook(ctx: Context, archive: CallArchive) -> Notebook:
    from fmc_desktop.core.notes.events import EventLog
    from fmc_desktop.core.notes.notebook import Notebook

    return Notebook(EventLog(archive, author_name=ctx.settings.display_name, clock=ctx.clock))


def _target(
    ctx: Context, archive: CallArchive, words: list[str]
) -> tuple[Target, str | None, list[str]]:
    """The target the flags name (a call by --call, else the first word as a number), the
    call's identity, and the words left."""
    from fmc_desktop.core.notes.events import Target, TargetKind, number_target
    from fmc_desktop.core.notes.lookup import find_call
    from fmc_desktop.core.notes.notebook import call_identity

    if ctx.args.call is not None:
        key, *rest = ctx.args.call
        found = find_call(archive, key)
        from fmc_desktop.core.notes.call_key import stored_key

        return Target(TargetKind.CALL, stored_key(found)), call_identity(found), rest + words
    if not words:
        raise InvalidInputError("Give a NUMBER, or --call KEY for one call.")
    return number_target(words[0]), None, words[1:]


def _described(target: Target) -> str:
    from fmc_desktop.core.notes.events import TargetKind
    from fmc_desktop.core.numbers.phone import display_number

    if target.kind is TargetKind.NUMBER:
        return display_number(target.name)
    return f"call {target.name}"


def run_note(ctx: Context) -> int:
    args = ctx.args
    if args.export is not None:
        return _export(ctx)
    with _open(ctx, writing=not args.list) as archive:
        target, identity, words = _target(ctx, archive, list(args.words))
        book = _notebook(ctx, archive)
        if args.list:
            if words:
                raise InvalidInputError("--list takes a NUMBER or --call KEY, and no text.")
            _list_notes(ctx, archive, book, target)
            return int(ExitCode.OK)
        if len(words) != 1:
            raise InvalidInputError(
                'Give the note as one argument, in quotes: fmc-desktop note NUMBER "text".'
            )
        event = book.write_note(target, words[0], identity=identity)
    if event.value:
        say(f"Noted on {_described(target)}: {event.value}")
    else:
        say(f"The note on {_described(target)} was cleared (earlier notes stay in --list).")
    return int(ExitCode.OK)


def _list_notes(ctx: Context, archive: CallArchive, book: Notebook, target: Target) -> None:
    """The target's notes, oldest first; for a number also the current notes of its calls."""
    from fmc_desktop.core.archive.queries import CallQuery, Order
    from fmc_desktop.core.notes.call_key import stored_key
    from fmc_desktop.core.notes.events import Target, TargetKind

    events: list[Event] = book.note_history([target])
    calls: dict[str, str] = {}
    if target.kind is TargetKind.NUMBER:
        query = CallQuery(numbers=frozenset([target.name]), order=Order.OLDEST_FIRST)
        calls = {stored_key(c): kyiv_text(c.record.start_utc) for c in archive.iter_calls(query)}
        state = book.state()
        events += [
            e for key in calls if (e := state.notes.get(Target(TargetKind.CALL, key))) is not None
        ]
        events.sort(key=lambda e: e.order)
    if ctx.args.format == "json":
        from fmc_desktop.core.notes.transfer import event_dict

        rows = [event_dict(e) for e in events]
        print(for_terminal(json.dumps(rows, ensure_ascii=False, indent=1), keep_newlines=True))
        return
    if not events:
        say(f"No notes on {_described(target)}.")
        return
    table = [
        [
            kyiv_text(e.at),
            e.author_name,
            "" if e.target == target else f"call {calls.get(e.target.name, e.target.name)}",
            e.value or "(cleared)",
        ]
        for e in events
    ]
    print(format_table(["written (Kyiv)", "by", "on", "note"], table, max_width=60), end="")


def _export(ctx: Context) -> int:
    from fmc_desktop.cli.common import check_output
    from fmc_desktop.core.notes.events import EventLog
    from fmc_desktop.core.notes.transfer import write_events

    check_output(ctx.args.export, ctx.paths)
    with _open(ctx, writing=False) as archive, output_stream(ctx.args.export, ctx.paths) as out:
        count = write_events(EventLog(archive), out)
    if ctx.args.export != "-":
        say(f"Exported {count} note, tag and worklist changes to {ctx.args.export}.")
    return int(ExitCode.OK)


def run_tag(ctx: Context) -> int:
    args = ctx.args
    if args.action == "list":
        return _list_tags(ctx)
    with _open(ctx, writing=True) as archive:
        book = _notebook(ctx, archive)
        if args.action == "colour":
            if len(args.words) != 2 or args.call is not None:
                raise InvalidInputError("Use: fmc-desktop tag colour TAG #rrggbb")
            tag = book.set_colour(args.words[0], args.words[1])
            say(f"The tag {tag.name} is {tag.colour} now.")
            return int(ExitCode.OK)
        target, identity, tags = _target(ctx, archive, list(args.words))
        if not tags:
            raise InvalidInputError("Give at least one TAG.")
        if args.action == "add":
            done = book.add_tags(target, tags, identity=identity)
            verb = "Tagged"
        else:
            done = book.remove_tags(target, tags)
            verb = "Took off"
        now = book.tags_of(target)
    what = ", ".join(done) if done else "nothing to change"
    say(f"{verb} {_described(target)}: {what}. Its tags: {', '.join(now) or 'none'}.")
    return int(ExitCode.OK)


def _list_tags(ctx: Context) -> int:
    with _open(ctx, writing=False) as archive:
        tags = _notebook(ctx, archive).vocabulary()
    if not tags:
        say("No tags yet: `fmc-desktop tag add NUMBER TAG` makes the first.")
        return int(ExitCode.OK)
    header = ["tag", "used"] + (["colour"] if ctx.args.colour else [])
    rows = [[t.name, str(t.uses)] + ([t.colour] if ctx.args.colour else []) for t in tags]
    print(format_table(header, rows), end="")
    return int(ExitCode.OK)

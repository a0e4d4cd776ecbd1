"""Commands that talk to the API directly: calls, dial, login, logout, simulator, config."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import fields
from datetime import timedelta
from typing import IO, TYPE_CHECKING

from fmc_desktop.cli.common import (
    Context,
    add_period_arguments,
    ask_yes_no,
    check_output,
    format_duration,
    format_table,
    kyiv_text,
    output_stream,
    resolve_period,
    say,
    stdin_is_terminal,
    warn,
)
from fmc_desktop.core.api.errors import (
    ExitCode,
    InvalidInputError,
    NoTokenError,
    SettingsError,
)
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.numbers.outside_text import for_terminal

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

OUTPUT_FORMATS = ("table", "csv", "excel-csv", "json", "xlsx")
FORMAT_HELP = (
    "output format: csv and excel-csv (a BOM and ';', for Excel) neutralise cells a "
    "spreadsheet would run as formulas and import back unchanged; xlsx is for reading in a "
    "spreadsheet, not for import"
)


def write_records(records: Sequence[CallRecord], fmt: str, stream: IO[bytes]) -> None:
    """Records as a table, or as CSV/JSON/XLSX with the API's own field names and values."""
    from fmc_desktop.core.api.formats.csv_calls import csv_columns, write_csv
    from fmc_desktop.core.api.formats.json_calls import write_json
    from fmc_desktop.core.numbers.phone import display_number

    if fmt in ("json", "csv", "excel-csv"):
        data = (
            write_json(records) if fmt == "json" else write_csv(records, excel=fmt == "excel-csv")
        )
        if _is_terminal(stream):
            # Read by a person, not a program: names must not act on the terminal. A file or a
            # pipe gets the data exactly as the API gave it.
            text = for_terminal(data.decode("utf-8"), keep_newlines=True)
            data = text.encode("utf-8")
        stream.write(data)
    elif fmt == "xlsx":
        from fmc_desktop.core.archive.spreadsheet import (
            XLSX_MAX_CALLS,
            too_many_for_xlsx,
            write_xlsx,
        )

        if len(records) > XLSX_MAX_CALLS:
            raise too_many_for_xlsx(len(records))
        write_xlsx((r.to_api_dict() for r in records), csv_columns(records), stream)  # type: ignore[arg-type]
    else:
        columns = csv_columns(records)
        header = ["start (Kyiv)", "duration", *columns[2:4], *columns[5:]]
        rows = []
        for record in records:
            values = record.to_api_dict()
            rows.append(
                [
                    kyiv_text(record.start_utc),
                    format_duration(record.duration),
                    # The numbers as the app shows them everywhere (`067 123 45 67`); CSV and
                    # JSON keep the API's own spelling.
                    *(display_number(_text(values.get(c))) for c in columns[2:4]),
                    *(_text(values.get(c)) for c in columns[5:]),
                ]
            )
        stream.write(format_table(header, rows).encode("utf-8"))
        stream.write(f"{len(records)} calls\n".encode())


def _is_terminal(stream: IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream: not a person's terminal
        return False


def _text(value: object) -> str:
    return "" if value is None else str(value)


def report_rejected(rejected: Sequence[object]) -> None:
    for row in rejected:
        warn(f"rejected {getattr(row, 'location', '?')}: {getattr(row, 'reason', row)}")


# --- calls -------------------------------------------------------------------------------------


def add_calls_command(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "calls",
        parents=[parent],
        help="fetch calls of a period from the API",
        description="Fetch the calls of a period from the API (split into 7-day requests) and "
        "write them sorted by start time. Without a period: the last 24 hours.",
    )
    add_period_arguments(p)
    p.add_argument("--names", action="store_true", help="ask the API for names (names=on)")
    p.add_argument(
        "--departments", action="store_true", help="ask for departments (departments=on)"
    )
    p.add_argument("--ownership", action="store_true", help="ask for ownership (ownership=on)")
    p.add_argument(
        "--source-format",
        choices=("json", "csv", "xml"),
        default="json",
        help="which of the API's formats to request (all give the same output)",
    )
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    p.set_defaults(handler=run_calls)


def run_calls(ctx: Context) -> int:
    from fmc_desktop.core.api.client import FetchFlags

    args = ctx.args
    period = resolve_period(args, ctx.clock.now(), default=timedelta(days=1))
    assert period is not None
    flags = FetchFlags(names=args.names, departments=args.departments, ownership=args.ownership)
    check_output(args.output, ctx.paths)  # before the fetch: a bad -o should not cost one
    progress = sys.stderr.isatty()

    def on_window(index: int, count: int, _result: object) -> None:
        if progress:
            print(f"\rfetched window {index + 1} of {count}", end="", file=sys.stderr, flush=True)

    with ctx.client() as client:
        result = client.fetch_period(
            *period, fmt=args.source_format, flags=flags, on_window=on_window
        )
    if progress:
        print(file=sys.stderr)
    lost = result.plan.lost_range()
    if lost is not None:
        warn(
            f"calls before {kyiv_text(lost[1])} are not available from the API, which keeps "
            "30 days; they were not fetched."
        )
    with output_stream(args.output, ctx.paths) as stream:
        write_records(result.records, args.format, stream)
    if result.rejected:
        report_rejected(result.rejected)
        warn(
            f"{len(result.rejected)} rows of the API's answer could not be read and were left out."
        )
        return int(ExitCode.PARTIAL)
    return int(ExitCode.OK)


# --- dial --------------------------------------------------------------------------------------


def add_dial_command(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "dial",
        parents=[parent],
        help="ring your phone, then connect it to NUMBER",
        description="Kyivstar first rings your own mobile; when you answer, it calls NUMBER.",
    )
    p.add_argument("number", metavar="NUMBER", help="the number to call, in any usual form")
    p.add_argument(
        "--as",
        dest="as_number",
        metavar="OWN_NUMBER",
        help="your own PBX number to call from (default: the one in settings)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=run_dial)


def run_dial(ctx: Context) -> int:
    from fmc_desktop.core.numbers.phone import parse_number
    from fmc_desktop.core.numbers.risks import risks_of

    args = ctx.args
    # Links never get here: the command line hands them to the desktop app (fmc_desktop/launch.py).
    destination = parse_number(args.number)
    extension = destination.extension
    # Typed by the user, every kind of number may be dialled; each risky kind is named.
    risks = risks_of(destination, company_numbers=ctx.settings.company_numbers)
    own_text = args.as_number or ctx.settings.call_as or next(iter(ctx.settings.own_numbers), None)
    if not own_text:
        raise InvalidInputError(
            "No own number to call from: pass --as 067XXXXXXX, or set one with "
            "`fmc-desktop config call_as 067XXXXXXX`."
        )
    own = parse_number(own_text)
    who = destination.display()
    name = lookup_name(ctx, destination.canonical)
    if name:
        who = f"{name} ({who})"
    say(f"Kyivstar will ring {own.display()} first; when you answer, it will call {who}.")
    for risk in risks:
        say(f"Note: {_RISK_TEXT[risk]}")
    if extension:
        # The API's originate has no extension parameter: the number is sent alone.
        say(f"Extension {extension}: dial it after you are connected.")
    if not args.yes:
        if not stdin_is_terminal():
            warn("not dialling: there is no terminal to confirm on; pass --yes to confirm.")
            return int(ExitCode.USAGE)
        if not ask_yes_no("Place the call?"):
            warn("not dialled.")
            return int(ExitCode.DECLINED)
    with ctx.client() as client:
        client.originate(own.canonical, destination.canonical)
    say(f"Kyivstar is ringing your phone {own.display()}. Answer it to be connected to {who}.")
    return int(ExitCode.OK)


_RISK_TEXT = {
    "international": "this is an international number; calls abroad cost more.",
    "premium-rate": "this is a premium-rate number; such calls are charged at a high rate.",
    "shared-cost": "this is a shared-cost number; such calls may be charged extra.",
    "satellite": "this is a satellite phone number; such calls are very expensive.",
    "emergency": "this is an emergency services number.",
    "unknown-range": "this number is not in any range known to be in use; check it.",
}


def lookup_name(ctx: Context, canonical_number: str) -> str | None:
    """The name the archive knows for a number, if there is an archive; never an error."""
    if not ctx.paths.archive_file.exists():
        return None
    try:
        from fmc_desktop.core.archive.store import CallArchive

        with CallArchive(ctx.paths.archive_file) as archive:
            return archive.name_of(canonical_number)
    except Exception:  # a name is a nicety; a broken archive must not stop a call
        return None


# --- login / logout ----------------------------------------------------------------------------


def add_login_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "login",
        parents=[parent],
        help="check an FMC token and store it in the keyring",
        description="Read the FMC token from a hidden prompt (or standard input with "
        "--token-stdin), check it against the API and store it in the system keyring. "
        "The token is never taken from the command line, where it would land in shell history.",
    )
    p.add_argument("--token-stdin", action="store_true", help="read the token from standard input")
    p.set_defaults(handler=run_login)
    q = sub.add_parser("logout", parents=[parent], help="remove the stored FMC token")
    q.set_defaults(handler=run_logout)


def run_login(ctx: Context) -> int:
    from fmc_desktop.core.api.token import check_token_shape
    from fmc_desktop.core.system.logs import register_secret
    from fmc_desktop.core.system.secrets import check_keyring_safe

    if ctx.demo:
        warn("the demo needs no login: its simulator has its own token.")
        return int(ExitCode.USAGE)
    check_keyring_safe()  # say so before the user types a secret we cannot keep
    if ctx.args.token_stdin:
        raw = sys.stdin.readline()
    else:
        if not stdin_is_terminal():
            warn("no terminal to read the token from; use --token-stdin.")
            return int(ExitCode.USAGE)
        raw = getpass.getpass("FMC token (input hidden): ")
    if not raw.strip():
        raise NoTokenError("No token was given.")
    token = check_token_shape(raw)
    register_secret(token)
    with ctx.client_for(token) as client:
        client.check_token()
    store = ctx.token_store()
    store.save(token)
    clear_token_rejected(ctx)
    say(f"The token works and is stored in the {store.backend_name()} keyring for {ctx.base_url}.")
    return int(ExitCode.OK)


def clear_token_rejected(ctx: Context) -> None:
    """A new token lifts the stop that a rejected one put on automatic syncs."""
    if not ctx.paths.archive_file.exists():
        return
    from fmc_desktop.core.archive.store import CallArchive

    with CallArchive(ctx.paths.archive_file) as archive:
        archive.clear_token_rejected()


def run_logout(ctx: Context) -> int:
    import os

    removed = ctx.token_store().delete()
    print(
        "The token was removed from the keyring."
        if removed
        else "No token was stored in the keyring."
    )
    if os.environ.get("FMC_TOKEN"):
        warn("FMC_TOKEN is still set in this environment and will still be used.")
    return int(ExitCode.OK)


# --- simulator ---------------------------------------------------------------------------------


def add_simulator_command(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "simulator",
        parents=[parent],
        help="run the API simulator standalone",
        description="Run a local simulator of the Kyivstar FMC API, with a simulated company and "
        "its calls, until Ctrl+C.",
    )
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: any free one)")
    p.add_argument("--seed", type=int, default=1, help="seed of the simulated company's data")
    p.set_defaults(handler=run_simulator, needs_context=False)


def run_simulator(args: argparse.Namespace) -> int:
    from fmc_desktop.core.api.clock import SystemClock
    from fmc_desktop.simulator import Simulator

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Simulator(clock=SystemClock(), seed=args.seed, port=args.port) as sim:
        user = sim.company.user
        print(f"FMC API simulator listening on {sim.base_url}")
        print(f"token: {sim.token}")
        print(f"your number: {user.number} ({user.name})")
        print(f"try: FMC_TOKEN=<token> fmc-desktop --base-url {sim.base_url} calls --days 1")
        print("Press Ctrl+C to stop.", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return int(ExitCode.OK)


# --- config ------------------------------------------------------------------------------------


def add_config_command(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "config",
        parents=[parent],
        help="show or change a setting",
        description="With no KEY, show all settings; with KEY, show one; with KEY VALUE, set it. "
        "Lists take comma-separated values (own_numbers 0671234567,0671112233).",
    )
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.set_defaults(handler=run_config)


def run_config(ctx: Context) -> int:
    from fmc_desktop.core.system.settings import Settings, SettingsStore

    settings = ctx.settings
    editable = {
        f.name: f for f in fields(Settings) if f.name not in ("schema_version", "ui_state", "extra")
    }
    key: str | None = ctx.args.key
    if key is None:
        for name in editable:
            say(f"{name} = {json.dumps(getattr(settings, name), ensure_ascii=False)}")
        return int(ExitCode.OK)
    if key not in editable:
        raise InvalidInputError(
            f"There is no setting called {key!r}; run `fmc-desktop config` to list them."
        )
    if ctx.args.value is None:
        say(json.dumps(getattr(settings, key), ensure_ascii=False))
        return int(ExitCode.OK)
    setattr(settings, key, _parse_setting(getattr(settings, key), key, ctx.args.value))
    try:
        SettingsStore(ctx.paths.settings_file).save(settings)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    say(f"{key} = {json.dumps(getattr(settings, key), ensure_ascii=False)}")
    return int(ExitCode.OK)


def _parse_setting(current: object, key: str, text: str) -> object:
    from fmc_desktop.core.numbers.phone import parse_number

    if key in ("working_hours", "holidays"):
        from fmc_desktop.core.worklist.hours import WorkingHours

        # Refused now, in one sentence, rather than at the first report.
        if key == "working_hours":
            WorkingHours.parse(text)
        else:
            WorkingHours.parse(holidays=[t for t in text.split(",") if t.strip()])
    if isinstance(current, bool):
        if text.lower() in ("on", "true", "yes", "1"):
            return True
        if text.lower() in ("off", "false", "no", "0"):
            return False
        raise InvalidInputError(f"{key} takes on or off.")
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            raise InvalidInputError(f"{key} takes a whole number.") from None
    if isinstance(current, list):
        items = [t.strip() for t in text.split(",") if t.strip()]
        if key.endswith("numbers"):
            return [parse_number(t).canonical for t in items]
        return items
    if key == "call_as":
        return parse_number(text).canonical if text else None
    if key == "proxy_url" and text.strip():
        from fmc_desktop.core.api.client import check_proxy_url

        # Refused now, in one sentence, rather than at the first call through it.
        return check_proxy_url(text)
    return text

"""What every command needs: the user's folders and settings, the API's address, the token, output.

The command line speaks English; errors are one line on stderr with an exit code from
`fmc_desktop.core.api.errors.ExitCode`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import FmcError, InvalidInputError, NoTokenError
from fmc_desktop.core.api.kyiv import KYIV, localize
from fmc_desktop.core.numbers.outside_text import for_terminal
from fmc_desktop.core.system.files import app_data_places, export_stream, export_target
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import (
    Settings,
    SettingsStore,
    check_base_url,
    resolve_base_url,
)

if TYPE_CHECKING:
    from fmc_desktop.core.api.client import FmcClient
    from fmc_desktop.simulator import Simulator

log = logging.getLogger(__name__)

TIMESTAMP_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def parse_timestamp(text: str) -> datetime:
    """A command-line timestamp (Kyiv time) as an aware datetime.

    Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS`, or the same with a space for
    the `T`. A wall time inside the repeated autumn hour means its first occurrence.
    """
    cleaned = text.strip().replace(" ", "T", 1)
    for fmt in TIMESTAMP_FORMATS:
        try:
            naive = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return localize(naive)
    raise InvalidInputError(
        f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DD HH:MM:SS "
        "(Kyiv time)."
    )


def timestamp_arg(text: str) -> datetime:
    """argparse type for TS arguments: a usage error (exit 2) with the same sentence."""
    try:
        return parse_timestamp(text)
    except InvalidInputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        type=timestamp_arg,
        metavar="TS",
        help="start of the period, Kyiv time (YYYY-MM-DD[THH:MM[:SS]])",
    )
    parser.add_argument(
        "--to", dest="end", type=timestamp_arg, metavar="TS", help="end of the period, Kyiv time"
    )
    parser.add_argument(
        "--days",
        type=positive_int,
        metavar="N",
        help="the N days up to --to (or now), or from --from when only that is given",
    )


def resolve_period(
    args: argparse.Namespace, now: datetime, *, default: timedelta | None
) -> tuple[datetime, datetime] | None:
    """The period the flags describe; with no flag, the last `default` (None: no period at all)."""
    start: datetime | None = args.start
    end: datetime | None = args.end
    days: int | None = args.days
    if days is not None:
        if start is not None and end is not None:
            raise InvalidInputError("--days cannot be combined with both --from and --to.")
        if start is not None:
            return start, start + timedelta(days=days)
        end = end or now
        return end - timedelta(days=days), end
    if start is None and end is None:
        return None if default is None else (now - default, now)
    start = start or ((end or now) - timedelta(days=1))
    end = end or now
    if end < start:
        raise InvalidInputError("--to is before --from.")
    return start, end


@dataclass
class Context:
    """Everything a command works with, resolved once from flags, environment and settings."""

    args: argparse.Namespace
    paths: AppPaths
    settings: Settings
    base_url: str
    clock: Clock = field(default_factory=SystemClock)
    simulator: Simulator | None = None
    _demo_token: str | None = None

    @property
    def demo(self) -> bool:
        return self.simulator is not None

    def token_store(self) -> TokenStore:
        return TokenStore(self.base_url)

    def token(self) -> str:
        """The token for this API host: FMC_TOKEN, then the keyring (the demo has its own)."""
        if self._demo_token is not None:
            return self._demo_token
        found = self.token_store().find()
        if found is None:
            raise NoTokenError(
                "No FMC token is set: run `fmc-desktop login` to store one in the keyring, "
                "or set FMC_TOKEN."
            )
        from fmc_desktop.core.system.logs import register_secret

        register_secret(found.token)
        return found.token

    def client(self) -> FmcClient:
        return self.client_for(self.token())

    def client_for(self, token: str) -> FmcClient:
        """A client with `token` for this API host, through the settings' proxy."""
        from fmc_desktop.core.api.factory import clients_for

        return clients_for(self.settings, self.clock, base_url=self.base_url)(token)

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None


def load_settings(paths: AppPaths) -> Settings:
    from fmc_desktop.core.api.errors import SettingsError

    try:
        return SettingsStore(paths.settings_file).load()
    except SettingsError as exc:
        # The broken file was kept aside; carry on with defaults rather than refuse to work.
        warn(f"{exc.message} Using default settings.")
        return Settings()


def make_context(args: argparse.Namespace) -> Context:
    demo: bool = bool(getattr(args, "demo", False))
    paths = AppPaths.resolve(demo=demo).ensure()
    settings = load_settings(paths)
    if demo:
        from fmc_desktop.simulator import Simulator

        sim = Simulator(clock=SystemClock())
        sim.start()
        if not settings.own_numbers:
            # The demo user is the simulated company's first subscriber.
            settings.own_numbers = [sim.company.user.number]
            settings.call_as = sim.company.user.number
            settings.company_numbers = list(sim.company.numbers)
            SettingsStore(paths.settings_file).save(settings)
        return Context(args, paths, settings, sim.base_url, simulator=sim, _demo_token=sim.token)
    base_url = check_base_url(resolve_base_url(getattr(args, "base_url", None), settings))
    return Context(args, paths, settings, base_url)


def warn(message: str) -> None:
    # Messages quote outside text (a server's answer, a file name, a stored name).
    print(f"fmc-desktop: {for_terminal(message)}", file=sys.stderr)


def fail(error: FmcError) -> int:
    print(f"fmc-desktop: error: {for_terminal(error.message)}", file=sys.stderr)
    return int(error.exit_code)


def say(text: str) -> None:
    """Print a line on stdout that quotes outside text (names, numbers, paths, settings)."""
    print(for_terminal(text))


@contextlib.contextmanager
def output_stream(target: str | None, paths: AppPaths | None = None) -> Iterator[BinaryIO]:
    """Where a command writes: stdout for None or '-', else `files.export_stream`: a file written
    whole or not at all (owner-only), a FIFO or device streamed into, and never one of the
    app's own files."""
    if target in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    with export_stream(Path(target).expanduser(), _own_places(paths)) as stream:
        yield stream


def check_output(target: str | None, paths: AppPaths | None = None) -> None:
    """Refuse a bad -o (a folder, a missing folder, the archive) before any slow work starts."""
    if target not in (None, "-"):
        export_target(Path(target).expanduser(), _own_places(paths))


def _own_places(paths: AppPaths | None) -> list[Path]:
    return [] if paths is None else app_data_places(paths)


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 32
) -> str:
    """Rows as aligned columns for a terminal; over-long cells end in an ellipsis."""

    def cell(text: str) -> str:
        text = for_terminal(text)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(h) for h in header]] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def format_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def kyiv_text(instant: datetime) -> str:
    return instant.astimezone(KYIV).strftime("%Y-%m-%d %H:%M:%S")


def ask_yes_no(question: str) -> bool:
    """A yes/no question on the terminal; anything but yes is no."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "т", "так")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()

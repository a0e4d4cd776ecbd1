"""The commands for scripts: the parser of `fmc-desktop`, and running one command.

Which front end a start goes to (the window, a link, a command) is `fmc_desktop.launch`'s choice.
"""

from __future__ import annotations

import argparse
import logging
import sys

from fmc_desktop import __version__
from fmc_desktop.cli import (
    api_commands,
    archive_commands,
    handler_commands,
    note_commands,
    report_commands,
    worklist_commands,
)
from fmc_desktop.cli.common import Context, fail, make_context
from fmc_desktop.core.api.errors import ExitCode, FmcError

log = logging.getLogger(__name__)

EXIT_CODES_HELP = """\
exit codes:
  0  done
  1  done in part (some rows rejected, or some windows failed after others were kept)
  2  usage or invalid input (a bad number, a bad timestamp)
  3  no token, or the token was rejected
  4  the API rejected the request (400)
  5  server, network or timeout failure
  6  originate outcome unknown: check your phone
  7  no safe keyring
  8  declined at the confirmation
  9  local storage problem: the archive is busy, read-only, damaged, or the disk is full
 10  the worklist entry is claimed by someone else
"""


def global_options(*, for_subcommand: bool) -> argparse.ArgumentParser:
    """The global flags, accepted before or after the command.

    On subcommands their defaults are SUPPRESS, so a flag given before the command is not
    overwritten by the subcommand's default.
    """
    default = argparse.SUPPRESS if for_subcommand else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help="the API's address (default: https://fmc.kyivstar.ua; env FMC_BASE_URL)",
    )
    parent.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if for_subcommand else False,
        help="run against an embedded API simulator with its own separate data",
    )
    parent.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS if for_subcommand else False,
        help="log details to stderr and show tracebacks",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fmc-desktop",
        description="Desktop companion for the Kyivstar Virtual Mobile PBX (FMC). "
        "With no command, opens the desktop app.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[global_options(for_subcommand=False)],
    )
    parser.add_argument("--version", action="version", version=f"fmc-desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = global_options(for_subcommand=True)
    api_commands.add_calls_command(sub, parent)
    api_commands.add_dial_command(sub, parent)
    archive_commands.add_commands(sub, parent)
    note_commands.add_commands(sub, parent)
    worklist_commands.add_commands(sub, parent)
    report_commands.add_commands(sub, parent)
    api_commands.add_login_commands(sub, parent)
    api_commands.add_config_command(sub, parent)
    handler_commands.add_commands(sub, parent)
    api_commands.add_simulator_command(sub, parent)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command and turn every failure into its exit code and one sentence."""
    verbose = bool(args.verbose)
    from fmc_desktop.core.system.logs import setup_logging
    from fmc_desktop.core.system.paths import AppPaths

    ctx: Context | None = None
    try:
        if getattr(args, "needs_context", True) is False:
            setup_logging(None, verbose=verbose)
            return int(args.handler(args))
        paths = AppPaths.resolve(demo=bool(args.demo)).ensure()
        setup_logging(paths.logs, verbose=verbose)
        ctx = make_context(args)
        return int(args.handler(ctx))
    except FmcError as exc:
        # The traceback goes to the log file, and to stderr only with -v.
        log.debug("command failed", exc_info=True)
        return fail(exc)
    except KeyboardInterrupt:
        print("fmc-desktop: interrupted.", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so in one line, keep the (redacted) traceback in the log
        from fmc_desktop.core.api.token import redact

        log.debug("unexpected error", exc_info=True)
        from fmc_desktop.core.numbers.outside_text import for_terminal

        said = for_terminal(redact(str(exc)))
        print(
            f"fmc-desktop: unexpected error ({type(exc).__name__}: {said}); "
            "the details are in the log. Please report it.",
            file=sys.stderr,
        )
        return int(ExitCode.INTERNAL)
    finally:
        if ctx is not None:
            ctx.close()

"""`register-handler` and `unregister-handler`: fmc-desktop as the opener of tel: and callto: links.

Neither needs a token or the user's folders, so both run without a Context, like `simulator`.
"""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING

from fmc_desktop.cli.common import say, warn
from fmc_desktop.core.api.errors import ExitCode

if TYPE_CHECKING:  # subscriptable for the type checker only: at run time it is not
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_commands(sub: SubParsers, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "register-handler",
        parents=[parent],
        help="open tel: and callto: links with fmc-desktop",
        description="Install a desktop entry for the current user that opens tel: and callto: "
        "links with fmc-desktop, and make it the default through xdg-mime (Linux and the BSDs). "
        "On Windows and macOS the installer registers the link types. The app always asks "
        "before it dials a number from a link.",
    )
    p.add_argument(
        "--exec",
        dest="exec_command",
        metavar="COMMAND",
        help="the command that starts the app (default: the installed fmc-desktop, else this "
        "Python with -m fmc_desktop); the link is added after it",
    )
    p.set_defaults(handler=run_register_handler, needs_context=False)

    p = sub.add_parser(
        "unregister-handler",
        parents=[parent],
        help="stop opening tel: and callto: links with fmc-desktop",
        description="Remove the desktop entry that register-handler installed, and fmc-desktop "
        "from the user's defaults for tel: and callto: links.",
    )
    p.set_defaults(handler=run_unregister_handler, needs_context=False)


def run_register_handler(args: argparse.Namespace) -> int:
    from fmc_desktop.core.system.desktop_entry import register_handler

    command = shlex.split(args.exec_command) if getattr(args, "exec_command", None) else None
    if command == []:
        warn("--exec needs a command.")
        return int(ExitCode.USAGE)
    try:
        report = register_handler(command)
    except OSError as error:
        warn(f"the desktop entry could not be written ({error.strerror}: {error.filename}).")
        return int(ExitCode.USAGE)
    _print(report.done, report.warnings)
    return int(ExitCode.OK)


def run_unregister_handler(args: argparse.Namespace) -> int:
    from fmc_desktop.core.system.desktop_entry import unregister_handler

    try:
        report = unregister_handler()
    except OSError as error:
        warn(f"the desktop entry could not be removed ({error.strerror}: {error.filename}).")
        return int(ExitCode.USAGE)
    _print(report.done, report.warnings)
    return int(ExitCode.OK)


def _print(done: list[str], warnings: list[str]) -> None:
    for line in done:
        say(line)  # lines name paths and commands of the user's system
    for line in warnings:
        warn(line)

"""The `fmc-desktop` command: the desktop app with no command or with a link, else a command.

This sits above both front ends so that `fmc_desktop.cli` and `fmc_desktop.ui` never import
each other: the import-linter contracts in pyproject.toml keep it so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def split_link(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """A `tel:`/`callto:` link among the arguments (as xdg-open hands it over), and the rest."""
    from fmc_desktop.core.dialing.links import is_link

    rest: list[str] = []
    link: str | None = None
    for arg in argv:
        if link is None and is_link(arg):
            link = arg
        else:
            rest.append(arg)
    return rest, link


def main(argv: Sequence[str] | None = None) -> int:
    from fmc_desktop.cli.main import build_parser, run_command

    parser = build_parser()
    rest, link = split_link(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(rest)
    args.link = link
    if link is not None and args.command is not None:
        parser.error("a tel: or callto: link opens the desktop app; give it without a command")
    if args.command is None:
        return run_gui(args)
    return run_command(args)


def run_gui(args: argparse.Namespace) -> int:
    # Imported here: a command for scripts never loads Qt.
    from fmc_desktop.ui.shell.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())

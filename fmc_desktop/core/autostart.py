"""Starting the app when the user logs in: an XDG autostart entry on Linux and the BSDs.

Windows and macOS get theirs from the installer (a Startup shortcut, a login item), which knows
where the app lives; from here we only report that it is not ours to change there.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from fmc_desktop.core.files import write_atomically

log = logging.getLogger(__name__)

ENTRY_FILE_NAME = "fmc-desktop.desktop"
COMMAND_NAME = "fmc-desktop"
# Characters that make the desktop-entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def autostart_supported(platform: str | None = None) -> bool:
    """True where this module manages the login start (freedesktop systems)."""
    name = sys.platform if platform is None else platform
    return not name.startswith(("win", "cygwin", "darwin"))


def autostart_folder(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/autostart, or ~/.config/autostart when it is unset or not absolute."""
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME", "").strip()
    # The spec says a relative XDG path is invalid and must be ignored.
    if config and os.path.isabs(config):
        base = Path(config)
    else:
        home = env.get("HOME", "").strip()
        base = (Path(home) if home else Path.home()) / ".config"
    return base / "autostart"


def autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    return autostart_folder(environ) / ENTRY_FILE_NAME


def default_command() -> list[str]:
    """How to start the desktop app: the bundle itself, the installed command, or `python -m`."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its executable is the app
        return [sys.executable]
    installed = shutil.which(COMMAND_NAME)
    if installed:
        return [installed]
    return [sys.executable, "-m", "fmc_desktop"]


def _quote_argument(argument: str) -> str:
    """One Exec argument, quoted and escaped as the desktop-entry specification asks."""
    if argument and not any(ch in _RESERVED for ch in argument):
        quoted = argument
    else:
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
        quoted = f'"{escaped}"'
    # Then the rules of every string value: a backslash is written twice, and % is a field code.
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def exec_line(command: Sequence[str]) -> str:
    if not command:
        raise ValueError("the autostart command is empty")
    for argument in command:
        if any(ch in argument for ch in "\n\r\0"):
            raise ValueError("an autostart argument cannot contain line breaks")
    return " ".join(_quote_argument(argument) for argument in command)


def entry_text(command: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=fmc-desktop\n"
        "Comment=Kyivstar Virtual Mobile PBX: your calls and dialing\n"
        f"Exec={exec_line(command)}\n"
        "Icon=fmc-desktop\n"
        "Terminal=false\n"
        "Categories=Network;Telephony;\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_autostart_enabled(environ: Mapping[str, str] | None = None) -> bool:
    return autostart_file(environ).is_file()


def enable_autostart(
    command: Sequence[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Path:
    """Write the entry (atomically, replacing an older one) and return its path."""
    target = autostart_file(environ)
    text = entry_text(default_command() if command is None else command)
    # Session managers read the entry as the user; nobody else needs to write it.
    write_atomically(target, text, mode=0o644, folder_mode=0o755, durable=False)
    log.info("Autostart entry written: %s", target)
    return target


def disable_autostart(*, environ: Mapping[str, str] | None = None) -> bool:
    """Remove the entry; True if there was one."""
    target = autostart_file(environ)
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    log.info("Autostart entry removed: %s", target)
    return True

"""The one name the desktop knows fmc-desktop by, and the keys every entry the app writes shares.

Docks and taskbars match a running window to its menu entry by name: on Wayland the window's
app id (Qt's `setDesktopFileName`), on X11 its WM_CLASS (Qt's application name) against the
entry's file name or `StartupWMClass`. So the menu entry's file name, `StartupWMClass`, the
app's desktop file name, its application name, the icon's name and the AppStream id are all
APP_ID; tests/packaging holds the packaged files to the same.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

APP_ID: Final = "io.github.fmc_desktop.FmcDesktop"
ENTRY_FILE_NAME: Final = f"{APP_ID}.desktop"
ICON_NAME: Final = APP_ID
# The name `register-handler` and the autostart switch used before the entries were renamed to
# APP_ID; an upgrade replaces such an entry instead of adding a second one.
LEGACY_ENTRY_FILE_NAME: Final = "fmc-desktop.desktop"
COMMAND_NAME: Final = "fmc-desktop"
# Marks an entry as written by fmc-desktop, so removing never deletes one a package or the user
# put there.
OWNER_KEY: Final = "X-FMC-Desktop-Handler"

NAME: Final = "fmc-desktop"
COMMENT: Final = "Call through your Kyivstar Virtual Mobile PBX and review your call history"
COMMENT_UK: Final = "Дзвінки через Віртуальну мобільну АТС Київстар та історія ваших дзвінків"
GENERIC_NAME: Final = "Phone Calls"
GENERIC_NAME_UK: Final = "Телефонні дзвінки"

# Characters that make the desktop-entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def default_command() -> list[str]:
    """How to start the desktop app: the bundle itself, the installed command, or `python -m`."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its executable is the app
        executable = Path(sys.executable)
        # On Windows the command line has an executable of its own; the app is the one beside it.
        if executable.name.lower() == "fmc-desktop-cli.exe":
            return [str(executable.with_name("fmc-desktop.exe"))]
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
        raise ValueError("the command is empty")
    for argument in command:
        if any(ch in argument for ch in "\n\r\0"):
            raise ValueError("an argument of the command cannot contain line breaks")
    return " ".join(_quote_argument(argument) for argument in command)


def program_path(command: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The program an entry runs, as an absolute path when it can be found (for TryExec)."""
    program = command[0]
    if os.path.isabs(program):
        return program
    env = os.environ if environ is None else environ
    return shutil.which(program, path=env.get("PATH")) or program


def _plain_value(text: str) -> str:
    """A string value of a desktop entry (TryExec holds a path, not a quoted command)."""
    if any(ch in text for ch in "\n\r\0"):
        raise ValueError("a path in a desktop entry cannot contain line breaks")
    return text.replace("\\", "\\\\")


def identity_lines(command: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The keys every entry fmc-desktop writes shares (menu, link handler, autostart).

    TryExec: once the program is gone (a `pipx uninstall`, a deleted folder), desktops hide the
    entry instead of offering a launcher that fails.
    """
    return (
        "Type=Application\n"
        "Version=1.4\n"
        f"Name={NAME}\n"
        f"Name[uk]={NAME}\n"
        f"GenericName={GENERIC_NAME}\n"
        f"GenericName[uk]={GENERIC_NAME_UK}\n"
        f"Comment={COMMENT}\n"
        f"Comment[uk]={COMMENT_UK}\n"
        f"TryExec={_plain_value(program_path(command, environ))}\n"
        f"Icon={ICON_NAME}\n"
        f"StartupWMClass={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Network;Telephony;\n"
    )


def read_entry(path: Path) -> dict[str, str] | None:
    """The [Desktop Entry] group's keys, or None when the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    keys: dict[str, str] = {}
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), value.strip())
    return keys


def is_ours(path: Path) -> bool:
    keys = read_entry(path)
    return keys is not None and keys.get(OWNER_KEY) == "true"


def _unquote_first_argument(exec_value: str) -> str:
    """The program of an Exec line (the first argument, unquoted as the spec says)."""
    value = exec_value.replace("\\\\", "\\").strip()
    if value.startswith('"'):
        out = []
        index = 1
        while index < len(value) and value[index] != '"':
            if value[index] == "\\" and index + 1 < len(value):
                index += 1
            out.append(value[index])
            index += 1
        return "".join(out)
    return value.split(" ", 1)[0]


def program_exists(path: Path) -> bool:
    """False when the entry's program (TryExec, else Exec's first word) is no longer there."""
    keys = read_entry(path)
    if keys is None:
        return True  # unreadable: not ours to judge
    program = keys.get("TryExec", "").replace("\\\\", "\\") or _unquote_first_argument(
        keys.get("Exec", "")
    )
    if not program:
        return True
    # A bare name is looked up on a PATH that differs between a terminal and the desktop session
    # (~/.local/bin is often missing from the latter): not a reason to remove anything.
    return not os.path.isabs(program) or os.access(program, os.X_OK)

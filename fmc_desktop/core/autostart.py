"""Starting the app when the user logs in: an XDG autostart entry on Linux and the BSDs.

Windows and macOS get theirs from the installer (a Startup shortcut, a login item), which knows
where the app lives; from here we only report that it is not ours to change there.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from fmc_desktop.core import desktop_identity
from fmc_desktop.core.files import write_atomically

log = logging.getLogger(__name__)

ENTRY_FILE_NAME = desktop_identity.ENTRY_FILE_NAME
# Older versions wrote the entry under this name: enabling replaces it, disabling removes it.
LEGACY_ENTRY_FILE_NAME = desktop_identity.LEGACY_ENTRY_FILE_NAME
COMMAND_NAME = desktop_identity.COMMAND_NAME
# Kept here for callers that import them from this module.
default_command = desktop_identity.default_command
exec_line = desktop_identity.exec_line


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


def entry_text(command: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    return (
        "[Desktop Entry]\n"
        + desktop_identity.identity_lines(command, environ)
        + f"Exec={exec_line(command)}\n"
        "X-GNOME-Autostart-enabled=true\n"
        f"{desktop_identity.OWNER_KEY}=true\n"
    )


def legacy_autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    return autostart_folder(environ) / LEGACY_ENTRY_FILE_NAME


def is_autostart_enabled(environ: Mapping[str, str] | None = None) -> bool:
    return autostart_file(environ).is_file() or _legacy_entry(environ) is not None


def _legacy_entry(environ: Mapping[str, str] | None) -> Path | None:
    """The entry an older version wrote (it had no owner mark: its name and Name= tell)."""
    path = legacy_autostart_file(environ)
    keys = desktop_identity.read_entry(path) if path.is_file() else None
    if keys is not None and keys.get("Name") == desktop_identity.NAME:
        return path
    return None


def enable_autostart(
    command: Sequence[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Path:
    """Write the entry (atomically, replacing an older one) and return its path."""
    target = autostart_file(environ)
    text = entry_text(default_command() if command is None else command, environ)
    # Session managers read the entry as the user; nobody else needs to write it.
    write_atomically(target, text, mode=0o644, folder_mode=0o755, durable=False)
    log.info("Autostart entry written: %s", target)
    legacy = _legacy_entry(environ)
    if legacy is not None:  # else the app would start twice at login
        legacy.unlink(missing_ok=True)
    return target


def disable_autostart(*, environ: Mapping[str, str] | None = None) -> bool:
    """Remove the entry; True if there was one."""
    removed = False
    for target in (autostart_file(environ), _legacy_entry(environ)):
        if target is None:
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        log.info("Autostart entry removed: %s", target)
        removed = True
    return removed

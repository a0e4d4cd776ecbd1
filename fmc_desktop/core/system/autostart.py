"""Starting the app when the user logs in, as each system does it for a user's own programs.

- Linux and the BSDs: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/APP_ID.desktop.
- Windows: the value "fmc-desktop" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run,
  the very value the installer's "start at login" task writes (packaging/windows/fmc-desktop.iss),
  so the installer's choice and the in-app switch are one setting.
- macOS: a LaunchAgent, ~/Library/LaunchAgents/LABEL.plist, which launchd runs at login.
"""

from __future__ import annotations

import logging
import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from fmc_desktop.core.system import desktop_identity
from fmc_desktop.core.system.files import write_atomically

log = logging.getLogger(__name__)

ENTRY_FILE_NAME = desktop_identity.ENTRY_FILE_NAME
# Older versions wrote the entry under this name: enabling replaces it, disabling removes it.
LEGACY_ENTRY_FILE_NAME = desktop_identity.LEGACY_ENTRY_FILE_NAME
COMMAND_NAME = desktop_identity.COMMAND_NAME
# Kept here for callers that import them from this module.
default_command = desktop_identity.default_command
exec_line = desktop_identity.exec_line


# Windows: the Run value the installer writes too (fmc-desktop.iss, [Registry], Tasks: autostart).
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE_NAME = "fmc-desktop"
# macOS: the LaunchAgent's label is the app's bundle identifier (packaging/macos/Info.plist);
# Apple's identifiers allow no underscore, hence not APP_ID itself.
LAUNCH_AGENT_LABEL = "io.github.fmc-desktop.FmcDesktop"


class RunKey(Protocol):
    """The one registry value this module reads and writes (a protocol, so it can be tested
    on machines without a Windows registry)."""

    def get(self) -> str | None: ...

    def set(self, data: str) -> None: ...

    def delete(self) -> bool: ...


class WindowsRunKey:
    """HKCU\\...\\Run\\fmc-desktop in the real registry (Windows only)."""

    def get(self) -> str | None:
        if sys.platform != "win32":
            raise OSError("the Windows registry is not available on this system")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            try:
                value, _kind = winreg.QueryValueEx(key, RUN_VALUE_NAME)
            except FileNotFoundError:
                return None
        return str(value)

    def set(self, data: str) -> None:
        if sys.platform != "win32":
            raise OSError("the Windows registry is not available on this system")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, RUN_VALUE_NAME, 0, winreg.REG_SZ, data)

    def delete(self) -> bool:
        if sys.platform != "win32":
            raise OSError("the Windows registry is not available on this system")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            try:
                winreg.DeleteValue(key, RUN_VALUE_NAME)
            except FileNotFoundError:
                return False
        return True


def _system(platform: str | None) -> str:
    name = sys.platform if platform is None else platform
    if name.startswith("win"):
        return "windows"
    if name.startswith("darwin"):
        return "macos"
    if name.startswith("cygwin"):
        return "none"  # neither a Windows program nor a freedesktop session
    return "xdg"


def autostart_supported(platform: str | None = None) -> bool:
    """True where the app manages its own start at login (every system but Cygwin)."""
    return _system(platform) != "none"


def run_value(command: Sequence[str]) -> str:
    """The Run value for a command, quoted as the installer writes it ("C:\\...\\app.exe")."""
    if not command:
        raise ValueError("the command is empty")
    rest = subprocess.list2cmdline(list(command[1:]))
    return f'"{command[0]}"' + (f" {rest}" if rest else "")


def launch_agent_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    home = env.get("HOME", "").strip()
    base = Path(home) if home else Path.home()
    return base / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"


def launch_agent(command: Sequence[str]) -> str:
    """The LaunchAgent: launchd starts the app once at login, in the user's GUI session."""
    return plistlib.dumps(
        {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "LimitLoadToSessionType": "Aqua",
            "ProcessType": "Interactive",
        }
    ).decode("utf-8")


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


def is_autostart_enabled(
    environ: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    run_key: RunKey | None = None,
) -> bool:
    system = _system(platform)
    if system == "windows":
        try:
            return (run_key or WindowsRunKey()).get() is not None
        except OSError:
            return False
    if system == "macos":
        return launch_agent_file(environ).is_file()
    return autostart_file(environ).is_file() or legacy_entry(environ) is not None


def legacy_entry(environ: Mapping[str, str] | None) -> Path | None:
    """The entry an older version wrote (it had no owner mark: its name and Name= tell)."""
    path = legacy_autostart_file(environ)
    keys = desktop_identity.read_entry(path) if path.is_file() else None
    if keys is not None and keys.get("Name") == desktop_identity.NAME:
        return path
    return None


def enable_autostart(
    command: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    run_key: RunKey | None = None,
) -> Path:
    """Write the entry (atomically, replacing an older one) and return where it went."""
    command = default_command() if command is None else command
    system = _system(platform)
    if system == "windows":
        (run_key or WindowsRunKey()).set(run_value(command))
        log.info("Start at login set in the registry's Run key")
        return Path("HKEY_CURRENT_USER", RUN_KEY, RUN_VALUE_NAME)
    if system == "macos":
        agent = launch_agent_file(environ)
        write_atomically(agent, launch_agent(command), mode=0o644, folder_mode=0o755, durable=False)
        log.info("LaunchAgent written: %s", agent)
        return agent
    target = autostart_file(environ)
    text = entry_text(command, environ)
    # Session managers read the entry as the user; nobody else needs to write it.
    write_atomically(target, text, mode=0o644, folder_mode=0o755, durable=False)
    log.info("Autostart entry written: %s", target)
    legacy = legacy_entry(environ)
    if legacy is not None:  # else the app would start twice at login
        legacy.unlink(missing_ok=True)
    return target


def disable_autostart(
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    run_key: RunKey | None = None,
) -> bool:
    """Remove the entry; True if there was one."""
    system = _system(platform)
    if system == "windows":
        return (run_key or WindowsRunKey()).delete()
    if system == "macos":
        try:
            launch_agent_file(environ).unlink()
        except FileNotFoundError:
            return False
        return True
    removed = False
    for target in (autostart_file(environ), legacy_entry(environ)):
        if target is None:
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        log.info("Autostart entry removed: %s", target)
        removed = True
    return removed

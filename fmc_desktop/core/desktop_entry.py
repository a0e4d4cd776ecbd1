"""Making fmc-desktop the program that opens `tel:` and `callto:` links, for the current user.

On Linux and the BSDs that is a desktop entry in ~/.local/share/applications that lists the two
link types, made the default for them with `xdg-mime`. When xdg-mime is missing, the default is
written into the user's mimeapps.list directly, which is the file xdg-mime itself edits. Windows
and macOS register link types through the installer (a registry key, an Info.plist), which knows
where the app lives; from here we can only say so.

Nothing here needs root or touches another user's files, and undoing takes away exactly what
registering added: our entry, and our name in the defaults (another program's defaults stay).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from fmc_desktop.core.autostart import default_command, exec_line
from fmc_desktop.core.files import write_atomically

log = logging.getLogger(__name__)

DESKTOP_FILE_NAME: Final = "fmc-desktop.desktop"
SCHEMES: Final = ("tel", "callto")
MIME_TYPES: Final = tuple(f"x-scheme-handler/{scheme}" for scheme in SCHEMES)
# Marks an entry as written by `register-handler`, so unregistering never deletes one that a
# package or the user put there.
OWNER_KEY: Final = "X-FMC-Desktop-Handler"
MIMEAPPS_FILE_NAME: Final = "mimeapps.list"
_DEFAULTS_SECTION: Final = "Default Applications"
_ADDED_SECTION: Final = "Added Associations"
_TOOL_TIMEOUT_S: Final = 15


def handler_supported(platform: str | None = None) -> bool:
    """True where this module registers the link handler (freedesktop systems)."""
    name = sys.platform if platform is None else platform
    return not name.startswith(("win", "cygwin", "darwin"))


def unsupported_message(platform: str | None = None) -> str:
    name = sys.platform if platform is None else platform
    if name.startswith("darwin"):
        return (
            "On macOS the app bundle registers tel: and callto: links (its Info.plist lists "
            "them) when it is installed; choose fmc-desktop as the calling app in FaceTime's "
            "settings if another app opens them."
        )
    return (
        "On Windows the installer registers tel: and callto: links for fmc-desktop; choose it "
        "for TEL and CALLTO under Settings > Apps > Default apps > Choose defaults by link type."
    )


def _xdg_folder(environ: Mapping[str, str], name: str, fallback: str) -> Path:
    value = environ.get(name, "").strip()
    # The base-directory spec says a relative path in these variables is invalid: ignore it.
    if value and os.path.isabs(value):
        return Path(value)
    home = environ.get("HOME", "").strip()
    return (Path(home) if home else Path.home()) / fallback


def applications_folder(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME/applications, or ~/.local/share/applications."""
    env = os.environ if environ is None else environ
    return _xdg_folder(env, "XDG_DATA_HOME", ".local/share") / "applications"


def entry_path(environ: Mapping[str, str] | None = None) -> Path:
    return applications_folder(environ) / DESKTOP_FILE_NAME


def mimeapps_path(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/mimeapps.list, the user's own choice of default programs."""
    env = os.environ if environ is None else environ
    return _xdg_folder(env, "XDG_CONFIG_HOME", ".config") / MIMEAPPS_FILE_NAME


def entry_text(command: Sequence[str]) -> str:
    """The desktop entry: the app in the menu, and the program for tel: and callto: links.

    `%u` hands the link over as one argument, exactly as the browser gave it; the app parses it
    itself and always asks before dialling.
    """
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        "Name=fmc-desktop\n"
        "GenericName=Phone calls\n"
        "Comment=Call through your Kyivstar Virtual Mobile PBX and see your call history\n"
        f"Exec={exec_line(command)} %u\n"
        "Icon=fmc-desktop\n"
        "Terminal=false\n"
        "Categories=Network;Telephony;\n"
        "Keywords=phone;call;dial;Kyivstar;PBX;tel;callto;\n"
        "MimeType=" + "".join(f"{mime};" for mime in MIME_TYPES) + "\n"
        "StartupNotify=true\n"
        f"{OWNER_KEY}=true\n"
    )


def is_registered(environ: Mapping[str, str] | None = None) -> bool:
    """True when our entry is installed (whether or not it is still the default)."""
    path = entry_path(environ)
    return path.is_file() and _is_ours(path)


@dataclass
class HandlerReport:
    """What registering or unregistering did, in sentences for the user."""

    changed: bool = False
    path: Path | None = None
    done: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.done, *(f"warning: {w}" for w in self.warnings)]


def register_handler(
    command: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> HandlerReport:
    """Install the desktop entry and make it the default for tel: and callto: links."""
    report = HandlerReport()
    if not handler_supported(platform):
        report.done.append(unsupported_message(platform))
        return report
    env = dict(os.environ if environ is None else environ)
    path = entry_path(env)
    if path.exists() and not _is_ours(path):
        report.warnings.append(
            f"{path} exists and was not written by fmc-desktop; it was replaced by fmc-desktop's "
            "own entry."
        )
    _write_atomically(path, entry_text(default_command() if command is None else command), 0o644)
    report.changed = True
    report.path = path
    report.done.append(f"Installed the desktop entry {path}.")

    xdg_mime = shutil.which("xdg-mime", path=env.get("PATH"))
    made_default = False
    if xdg_mime is not None:
        failed = [
            mime
            for mime in MIME_TYPES
            if not _run([xdg_mime, "default", DESKTOP_FILE_NAME, mime], env, report)
        ]
        made_default = not failed
    if not made_default:
        if xdg_mime is None:
            report.warnings.append(
                "xdg-mime was not found (it comes with xdg-utils); the default was written to "
                f"{mimeapps_path(env)} directly."
            )
        _set_defaults(mimeapps_path(env))
    report.done.append("fmc-desktop now opens tel: and callto: links.")
    _update_database(path.parent, env, report)
    return report


def unregister_handler(
    *, environ: Mapping[str, str] | None = None, platform: str | None = None
) -> HandlerReport:
    """Remove our desktop entry, and our name from the defaults for tel: and callto: links."""
    report = HandlerReport()
    if not handler_supported(platform):
        report.done.append(unsupported_message(platform))
        return report
    env = dict(os.environ if environ is None else environ)
    path = entry_path(env)
    report.path = path
    if path.is_file() and _is_ours(path):
        path.unlink()
        report.changed = True
        report.done.append(f"Removed the desktop entry {path}.")
    elif path.exists():
        report.warnings.append(
            f"{path} was not written by `fmc-desktop register-handler`, so it was left alone."
        )
    else:
        report.done.append("No desktop entry of fmc-desktop was installed.")
    # xdg-mime can set a default but not unset one: take our name out of the lists ourselves.
    # Older xdg-utils wrote the defaults under applications/, so look there too.
    for mimeapps in (mimeapps_path(env), applications_folder(env) / MIMEAPPS_FILE_NAME):
        if _remove_defaults(mimeapps):
            report.changed = True
            report.done.append(f"Removed fmc-desktop from the link defaults in {mimeapps}.")
    if report.changed:
        _update_database(path.parent, env, report)
    return report


# --- helpers ------------------------------------------------------------------------------------


def _is_ours(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.strip() == f"{OWNER_KEY}=true" for line in text.splitlines())


def _run(argv: list[str], env: Mapping[str, str], report: HandlerReport) -> bool:
    try:
        result = subprocess.run(
            argv,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_TOOL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        report.warnings.append(f"{Path(argv[0]).name} could not be run ({error}).")
        return False
    if result.returncode != 0:
        said = " ".join(result.stderr.split())[:300]
        report.warnings.append(
            f"{Path(argv[0]).name} {' '.join(argv[1:])} failed (exit {result.returncode})"
            + (f": {said}" if said else ".")
        )
        return False
    return True


def _update_database(folder: Path, env: Mapping[str, str], report: HandlerReport) -> None:
    """Refresh the desktop's cache of link handlers, where the tool exists (it is optional)."""
    tool = shutil.which("update-desktop-database", path=env.get("PATH"))
    if tool is not None and folder.is_dir():
        _run([tool, str(folder)], env, report)


def _write_atomically(path: Path, text: str, mode: int) -> None:
    write_atomically(path, text, mode=mode, folder_mode=0o755, durable=False)


def _read_lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None


def _set_defaults(path: Path) -> None:
    """Make our entry the default for each link type in a mimeapps.list, keeping all else."""
    lines = _read_lines(path) or []
    wanted = {mime: False for mime in MIME_TYPES}
    section = None
    end_of_defaults: int | None = None
    result: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if section == _DEFAULTS_SECTION:
                end_of_defaults = len(result)
            section = stripped[1:-1]
        elif section == _DEFAULTS_SECTION and "=" in stripped:
            key = stripped.split("=", 1)[0].strip()
            if key in wanted:
                wanted[key] = True
                result.append(f"{key}={DESKTOP_FILE_NAME};")
                continue
        result.append(line)
    missing = [f"{mime}={DESKTOP_FILE_NAME};" for mime, done in wanted.items() if not done]
    if missing:
        if section == _DEFAULTS_SECTION:
            end_of_defaults = len(result)
        if end_of_defaults is None:
            if result and result[-1].strip():
                result.append("")
            result.append(f"[{_DEFAULTS_SECTION}]")
            end_of_defaults = len(result)
        result[end_of_defaults:end_of_defaults] = missing
    _write_atomically(path, "\n".join(result) + "\n", 0o644)


def _remove_defaults(path: Path) -> bool:
    """Take our entry out of the link types' lists in a mimeapps.list; True if it was there."""
    lines = _read_lines(path)
    if lines is None:
        return False
    section = None
    changed = False
    result: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
        elif section in (_DEFAULTS_SECTION, _ADDED_SECTION) and "=" in stripped:
            key, value = (part.strip() for part in stripped.split("=", 1))
            if key in MIME_TYPES:
                entries = [e for e in value.split(";") if e.strip()]
                kept = [e for e in entries if e.strip() != DESKTOP_FILE_NAME]
                if len(kept) != len(entries):
                    changed = True
                    if kept:
                        result.append(f"{key}={';'.join(kept)};")
                    continue
        result.append(line)
    if changed:
        _write_atomically(path, "\n".join(result) + "\n", 0o644)
    return changed

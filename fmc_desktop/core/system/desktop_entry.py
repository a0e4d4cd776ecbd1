"""Making fmc-desktop the program that opens `tel:` and `callto:` links, for the current user.

On Linux and the BSDs that is a desktop entry in ~/.local/share/applications that lists the two
link types, made the default for them with `xdg-mime`. When xdg-mime is missing, the default is
written into the user's mimeapps.list directly, which is the file xdg-mime itself edits. Windows
and macOS register link types through the installer (a registry key, an Info.plist), which knows
where the app lives; from here we can only say so.

Registering also installs the app's icons into the user's hicolor theme (the entry names them),
and replaces an entry an older version wrote under the old name, with its defaults.

Nothing here needs root or touches another user's files, and undoing takes away exactly what
fmc-desktop added: its entries (menu and link handler, autostart), its icons, and its name in the
defaults (another program's defaults stay). pip and pipx run no code on uninstall, so the app also
removes, when it starts, entries of ours whose program no longer exists (`remove_stale_entries`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import fmc_desktop
from fmc_desktop.core.system import autostart, desktop_identity
from fmc_desktop.core.system.desktop_identity import (
    ENTRY_FILE_NAME,
    LEGACY_ENTRY_FILE_NAME,
    OWNER_KEY,
    default_command,
    exec_line,
    identity_lines,
    program_exists,
)
from fmc_desktop.core.system.files import write_atomically

log = logging.getLogger(__name__)

DESKTOP_FILE_NAME: Final = ENTRY_FILE_NAME
SCHEMES: Final = ("tel", "callto")
MIME_TYPES: Final = tuple(f"x-scheme-handler/{scheme}" for scheme in SCHEMES)
# The icons shipped in the package; installed as APP_ID into the user's hicolor theme.
_ICON_FOLDER: Final = Path(fmc_desktop.__file__).parent / "resources" / "icons" / "app"
_ICON_SOURCE_NAME: Final = "fmc-desktop"
# The sizes the hicolor theme has folders for (its index.theme); an icon elsewhere is never found.
HICOLOR_SIZES: Final = (16, 22, 24, 32, 48, 64, 96, 128, 256, 512)
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


def legacy_entry_path(environ: Mapping[str, str] | None = None) -> Path:
    return applications_folder(environ) / LEGACY_ENTRY_FILE_NAME


def hicolor_folder(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return _xdg_folder(env, "XDG_DATA_HOME", ".local/share") / "icons" / "hicolor"


def shipped_icons() -> dict[str, Path]:
    """Theme folder ("48x48", "scalable") → the package's icon for it."""
    icons: dict[str, Path] = {}
    for path in sorted(_ICON_FOLDER.glob(f"{_ICON_SOURCE_NAME}-*.png")):
        size = path.stem.rsplit("-", 1)[1]
        if size.isdigit() and int(size) in HICOLOR_SIZES:
            icons[f"{size}x{size}"] = path
    svg = _ICON_FOLDER / f"{_ICON_SOURCE_NAME}.svg"
    if svg.is_file():
        icons["scalable"] = svg
    return icons


def installed_icon_paths(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where registering puts each icon (whether or not it is there now)."""
    theme = hicolor_folder(environ)
    return [
        theme / folder / "apps" / f"{desktop_identity.ICON_NAME}{source.suffix}"
        for folder, source in shipped_icons().items()
    ]


def mimeapps_path(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/mimeapps.list, the user's own choice of default programs."""
    env = os.environ if environ is None else environ
    return _xdg_folder(env, "XDG_CONFIG_HOME", ".config") / MIMEAPPS_FILE_NAME


def entry_text(command: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The desktop entry: the app in the menu, and the program for tel: and callto: links.

    `%u` hands the link over as one argument, exactly as the browser gave it; the app parses it
    itself and always asks before dialling.
    """
    return (
        "[Desktop Entry]\n" + identity_lines(command, environ) + f"Exec={exec_line(command)} %u\n"
        "Keywords=phone;call;dial;dialer;Kyivstar;PBX;FMC;tel;callto;\n"
        "Keywords[uk]=телефон;дзвінок;набрати;Київстар;АТС;FMC;\n"
        "MimeType=" + "".join(f"{mime};" for mime in MIME_TYPES) + "\n"
        "StartupNotify=true\n"
        f"{OWNER_KEY}=true\n"
    )


def is_registered(environ: Mapping[str, str] | None = None) -> bool:
    """True when our entry is installed (whether or not it is still the default)."""
    path = entry_path(environ)
    return path.is_file() and _is_ours(path)


def remove_stale_entries(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Remove our entries whose program no longer exists; returns what was removed.

    pip and pipx run no code on uninstall, so an entry from `register-handler` or the autostart
    switch outlives the program. TryExec already hides it from menus; this takes it away, with
    our link defaults and icons when no entry of ours is left. Called at every start of the app.
    """
    if not handler_supported():
        return []
    env = dict(os.environ if environ is None else environ)
    removed: list[Path] = []
    handlers = [entry_path(env), legacy_entry_path(env)]
    starts = [autostart.autostart_file(env), autostart.legacy_autostart_file(env)]
    for path in handlers + starts:
        # The old autostart entry had no mark: its name and Name= say it is ours.
        ours = _is_ours(path) or (path == starts[1] and autostart.legacy_entry(env) is not None)
        if path.is_file() and ours and not program_exists(path):
            path.unlink(missing_ok=True)
            removed.append(path)
            log.info("Removed %s: the program it starts no longer exists", path)
    if any(path in removed for path in handlers) and not any(p.is_file() for p in handlers):
        for mimeapps in (mimeapps_path(env), applications_folder(env) / MIMEAPPS_FILE_NAME):
            for name in (DESKTOP_FILE_NAME, LEGACY_ENTRY_FILE_NAME):
                _remove_defaults(mimeapps, name)
        _remove_icons(env)
    return removed


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
    command = default_command() if command is None else command
    _write_atomically(path, entry_text(command, env), 0o644)
    report.changed = True
    report.path = path
    report.done.append(f"Installed the desktop entry {path}.")
    _install_icons(env, report)
    # An upgrade from a version that used the old name: one entry, and its defaults move over.
    legacy = legacy_entry_path(env)
    if legacy.is_file() and _is_ours(legacy):
        legacy.unlink()
        report.done.append(f"Replaced the older entry {legacy}.")
    for mimeapps in (mimeapps_path(env), applications_folder(env) / MIMEAPPS_FILE_NAME):
        _remove_defaults(mimeapps, LEGACY_ENTRY_FILE_NAME)

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
    legacy = legacy_entry_path(env)
    if legacy.is_file() and _is_ours(legacy):
        legacy.unlink()
        report.changed = True
        report.done.append(f"Removed the older desktop entry {legacy}.")
    if autostart.disable_autostart(environ=env):
        report.changed = True
        report.done.append("Removed the entry that started fmc-desktop at login.")
    if _remove_icons(env):
        report.changed = True
        report.done.append(f"Removed fmc-desktop's icons from {hicolor_folder(env)}.")
    # xdg-mime can set a default but not unset one: take our name out of the lists ourselves.
    # Older xdg-utils wrote the defaults under applications/, so look there too.
    for mimeapps in (mimeapps_path(env), applications_folder(env) / MIMEAPPS_FILE_NAME):
        removed = [
            _remove_defaults(mimeapps, n) for n in (DESKTOP_FILE_NAME, LEGACY_ENTRY_FILE_NAME)
        ]
        if any(removed):
            report.changed = True
            report.done.append(f"Removed fmc-desktop from the link defaults in {mimeapps}.")
    if report.changed:
        _update_database(path.parent, env, report)
    return report


# --- helpers ------------------------------------------------------------------------------------


def _is_ours(path: Path) -> bool:
    return desktop_identity.is_ours(path)


def _install_icons(env: Mapping[str, str], report: HandlerReport) -> None:
    """The entry's Icon= names APP_ID: put the package's icons into the user's hicolor theme."""
    theme = hicolor_folder(env)
    for (folder, source), target in zip(
        shipped_icons().items(), installed_icon_paths(env), strict=True
    ):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as error:
            report.warnings.append(f"The {folder} icon could not be installed ({error.strerror}).")
    _touch(theme)


def _remove_icons(env: Mapping[str, str]) -> bool:
    removed = False
    for target in installed_icon_paths(env):
        try:
            target.unlink()
            removed = True
        except FileNotFoundError:
            pass
    if removed:
        _touch(hicolor_folder(env))
    return removed


def _touch(theme: Path) -> None:
    # Desktops that watch the theme folder's time notice new or removed icons without a cache.
    with contextlib.suppress(OSError):
        if theme.is_dir():
            os.utime(theme)


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


def _remove_defaults(path: Path, name: str = DESKTOP_FILE_NAME) -> bool:
    """Take an entry of ours out of the link types' lists in a mimeapps.list; True if it was."""
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
                kept = [e for e in entries if e.strip() != name]
                if len(kept) != len(entries):
                    changed = True
                    if kept:
                        result.append(f"{key}={';'.join(kept)};")
                    continue
        result.append(line)
    if changed:
        _write_atomically(path, "\n".join(result) + "\n", 0o644)
    return changed

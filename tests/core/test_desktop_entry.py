"""Registering fmc-desktop for tel: and callto: links, and undoing it, in the test's own XDG folders
(the autouse fixture points XDG_DATA_HOME and XDG_CONFIG_HOME at tmp_path)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fmc_desktop.cli import handler_commands
from fmc_desktop.core.system.desktop_entry import (
    DESKTOP_FILE_NAME,
    entry_path,
    entry_text,
    is_registered,
    mimeapps_path,
    register_handler,
    unregister_handler,
)
from tests.conftest import PYTHON, REPO_ROOT, cli_env

COMMAND = ["/opt/fmc desktop/bin/fmc-desktop"]
XDG_MIME = shutil.which("xdg-mime")
VALIDATOR = shutil.which("desktop-file-validate")


def without_xdg_tools(tmp_path: Path) -> dict[str, str]:
    """The environment with a PATH that has no xdg-mime or update-desktop-database in it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    return {**os.environ, "PATH": str(empty)}


def entry_keys(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_entry_opens_both_link_types_with_the_link_as_one_argument() -> None:
    keys = entry_keys(entry_text(COMMAND))
    assert keys["Type"] == "Application"
    assert keys["MimeType"] == "x-scheme-handler/tel;x-scheme-handler/callto;"
    # The path with a space is quoted, and %u hands over the link exactly as it came.
    assert keys["Exec"] == '"/opt/fmc desktop/bin/fmc-desktop" %u'
    assert keys["Terminal"] == "false"
    assert keys["Name"] == "fmc-desktop"


def test_the_default_command_runs_this_python_when_not_installed() -> None:
    keys = entry_keys(entry_text([sys.executable, "-m", "fmc_desktop"]))
    assert keys["Exec"].endswith(" -m fmc_desktop %u")


@pytest.mark.skipif(VALIDATOR is None, reason="desktop-file-validate is not installed")
def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    assert VALIDATOR is not None
    path = tmp_path / DESKTOP_FILE_NAME
    path.write_text(entry_text(COMMAND), encoding="utf-8")
    result = subprocess.run(
        [VALIDATOR, str(path)], capture_output=True, text=True, check=False, timeout=30
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_registering_without_xdg_mime_writes_the_defaults_itself(tmp_path: Path) -> None:
    env = without_xdg_tools(tmp_path)
    report = register_handler(COMMAND, environ=env)
    path = entry_path(env)
    assert path == tmp_path / "xdg-data" / "applications" / DESKTOP_FILE_NAME
    assert path.read_text(encoding="utf-8") == entry_text(COMMAND)
    assert is_registered(env)
    assert any("xdg-mime was not found" in w for w in report.warnings)
    mimeapps = mimeapps_path(env).read_text(encoding="utf-8")
    assert "[Default Applications]" in mimeapps
    assert f"x-scheme-handler/tel={DESKTOP_FILE_NAME};" in mimeapps
    assert f"x-scheme-handler/callto={DESKTOP_FILE_NAME};" in mimeapps


def test_registering_keeps_the_users_other_defaults(tmp_path: Path) -> None:
    env = without_xdg_tools(tmp_path)
    mimeapps = mimeapps_path(env)
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text(
        "[Default Applications]\n"
        "text/html=firefox.desktop\n"
        "x-scheme-handler/tel=skype.desktop\n"
        "\n"
        "[Added Associations]\n"
        "x-scheme-handler/tel=skype.desktop;\n",
        encoding="utf-8",
    )
    register_handler(COMMAND, environ=env)
    text = mimeapps.read_text(encoding="utf-8")
    assert "text/html=firefox.desktop" in text
    assert f"x-scheme-handler/tel={DESKTOP_FILE_NAME};" in text
    assert "x-scheme-handler/tel=skype.desktop\n" not in text  # the default is ours now
    assert text.index("x-scheme-handler/callto") < text.index("[Added Associations]")

    unregister_handler(environ=env)
    after = mimeapps.read_text(encoding="utf-8")
    assert DESKTOP_FILE_NAME not in after
    assert "text/html=firefox.desktop" in after
    assert "[Added Associations]\nx-scheme-handler/tel=skype.desktop;" in after


@pytest.mark.skipif(XDG_MIME is None, reason="xdg-mime (xdg-utils) is not installed")
def test_registering_makes_fmc_desktop_the_default_through_xdg_mime() -> None:
    assert XDG_MIME is not None
    report = register_handler(COMMAND)
    assert report.warnings == []
    for scheme in ("tel", "callto"):
        query = subprocess.run(
            [XDG_MIME, "query", "default", f"x-scheme-handler/{scheme}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        assert query.stdout.strip() == DESKTOP_FILE_NAME

    unregister_handler()
    assert not entry_path().exists()
    assert DESKTOP_FILE_NAME not in mimeapps_path().read_text(encoding="utf-8")


def test_unregistering_removes_only_what_registering_added(tmp_path: Path) -> None:
    env = without_xdg_tools(tmp_path)
    register_handler(COMMAND, environ=env)
    report = unregister_handler(environ=env)
    assert report.changed
    assert not entry_path(env).exists()
    assert not is_registered(env)
    # Twice is harmless.
    again = unregister_handler(environ=env)
    assert not again.changed
    assert again.warnings == []


def test_an_entry_someone_else_wrote_is_left_alone(tmp_path: Path) -> None:
    env = without_xdg_tools(tmp_path)
    path = entry_path(env)
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n", encoding="utf-8")
    report = unregister_handler(environ=env)
    assert path.exists()
    assert report.warnings
    assert not is_registered(env)


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_are_told_the_installer_does_it(tmp_path: Path, platform: str) -> None:
    env = without_xdg_tools(tmp_path)
    for report in (
        register_handler(COMMAND, environ=env, platform=platform),
        unregister_handler(environ=env, platform=platform),
    ):
        assert not report.changed
        assert "install" in report.done[0]
    assert not entry_path(env).exists()


def test_the_commands_register_and_unregister(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="fmc-desktop")
    sub = parser.add_subparsers(dest="command")
    handler_commands.add_commands(sub, argparse.ArgumentParser(add_help=False))

    args = parser.parse_args(["register-handler", "--exec", "'/opt/fmc desktop/fmc' --demo"])
    assert args.needs_context is False
    assert args.handler(args) == 0
    keys = entry_keys(entry_path().read_text(encoding="utf-8"))
    assert keys["Exec"] == '"/opt/fmc desktop/fmc" --demo %u'
    assert "Installed the desktop entry" in capsys.readouterr().out

    args = parser.parse_args(["unregister-handler"])
    assert args.handler(args) == 0
    assert not entry_path().exists()
    assert "Removed the desktop entry" in capsys.readouterr().out


def test_the_real_command_line_registers_the_handler(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [PYTHON, "-m", "fmc_desktop", "--help"],
        cwd=REPO_ROOT,
        env=cli_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "register-handler" in help_text.stdout
    env = cli_env(
        tmp_path / "home",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path / "user"),
    )
    result = subprocess.run(
        [PYTHON, "-m", "fmc_desktop", "register-handler"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "applications" / DESKTOP_FILE_NAME).is_file()


# --- one desktop identity, icons, upgrades and uninstalls ---------------------------------------

APP_ID = "io.github.fmc_desktop.FmcDesktop"


def _program(tmp_path: Path) -> Path:
    """A real executable to point the entries at (so its removal can be tested)."""
    program = tmp_path / "installed" / "bin" / "fmc-desktop"
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_entry_is_named_and_marked_as_the_running_window_is() -> None:
    """Docks match a window to its entry: file name, StartupWMClass and Icon are the app id."""
    assert f"{APP_ID}.desktop" == DESKTOP_FILE_NAME
    keys = entry_keys(entry_text(COMMAND))
    assert keys["StartupWMClass"] == APP_ID
    assert keys["Icon"] == APP_ID
    assert keys["TryExec"] == COMMAND[0]
    assert keys["Name[uk]"] == "fmc-desktop"
    assert keys["Comment[uk]"].startswith("Дзвінки через")
    assert keys["Keywords[uk]"]


def test_tryexec_finds_a_bare_command_on_the_path(tmp_path: Path) -> None:
    program = _program(tmp_path)
    env = {**os.environ, "PATH": str(program.parent)}
    keys = entry_keys(entry_text(["fmc-desktop"], env))
    assert keys["TryExec"] == str(program)
    assert keys["Exec"] == "fmc-desktop %u"


def test_registering_installs_the_icons_the_entry_names(tmp_path: Path) -> None:
    env = without_xdg_tools(tmp_path)
    register_handler([str(_program(tmp_path))], environ=env)
    theme = tmp_path / "xdg-data" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert (theme / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    report = unregister_handler(environ=env)
    assert any("icons" in line for line in report.done)
    assert not list(theme.rglob(f"{APP_ID}.*"))


def test_an_upgrade_replaces_the_old_entry_and_its_defaults(tmp_path: Path) -> None:
    """What an older `register-handler` left: fmc-desktop.desktop, the default for both links."""
    env = without_xdg_tools(tmp_path)
    applications = entry_path(env).parent
    applications.mkdir(parents=True)
    old = applications / "fmc-desktop.desktop"
    old.write_text(
        "[Desktop Entry]\nType=Application\nName=fmc-desktop\nExec=/old/fmc-desktop %u\n"
        "Icon=fmc-desktop\nMimeType=x-scheme-handler/tel;x-scheme-handler/callto;\n"
        "X-FMC-Desktop-Handler=true\n",
        encoding="utf-8",
    )
    mimeapps = mimeapps_path(env)
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text(
        "[Default Applications]\nx-scheme-handler/tel=fmc-desktop.desktop;\n"
        "x-scheme-handler/callto=fmc-desktop.desktop;\ntext/html=firefox.desktop;\n"
        "[Added Associations]\nx-scheme-handler/tel=fmc-desktop.desktop;other.desktop;\n",
        encoding="utf-8",
    )
    report = register_handler([str(_program(tmp_path))], environ=env)
    assert any("Replaced the older entry" in line for line in report.done)
    assert sorted(p.name for p in applications.glob("*.desktop")) == [DESKTOP_FILE_NAME]
    text = mimeapps.read_text(encoding="utf-8")
    assert "fmc-desktop.desktop" not in text.replace(DESKTOP_FILE_NAME, "")
    assert f"x-scheme-handler/tel={DESKTOP_FILE_NAME};" in text
    assert f"x-scheme-handler/callto={DESKTOP_FILE_NAME};" in text
    assert "text/html=firefox.desktop;" in text
    assert "x-scheme-handler/tel=other.desktop;" in text


def test_unregistering_leaves_nothing_that_points_at_the_program(tmp_path: Path) -> None:
    """Menu entry, autostart entry, icons and the tel: default: each one goes."""
    from fmc_desktop.core.system import autostart

    env = without_xdg_tools(tmp_path)
    program = str(_program(tmp_path))
    register_handler([program], environ=env)
    autostart.enable_autostart([program], environ=env)
    assert autostart.is_autostart_enabled(env)

    unregister_handler(environ=env)
    assert not entry_path(env).exists()
    assert not autostart.is_autostart_enabled(env)
    mentions = [
        path
        for folder in (tmp_path / "xdg-data", tmp_path / "xdg-config")
        for path in folder.rglob("*")
        if path.is_file() and (APP_ID in path.name or program in path.read_text("utf-8", "replace"))
    ]
    assert mentions == []
    assert DESKTOP_FILE_NAME not in mimeapps_path(env).read_text(encoding="utf-8")


def test_a_start_removes_entries_whose_program_is_gone(tmp_path: Path) -> None:
    """`pipx uninstall` runs no code of ours: the next start of any install cleans up."""
    from fmc_desktop.core.system import autostart
    from fmc_desktop.core.system.desktop_entry import remove_stale_entries

    env = without_xdg_tools(tmp_path)
    program = _program(tmp_path)
    register_handler([str(program)], environ=env)
    autostart.enable_autostart([str(program)], environ=env)
    # Someone else's entry for a program that is gone is not ours to remove.
    foreign = entry_path(env).parent / "other.desktop"
    foreign.write_text("[Desktop Entry]\nType=Application\nName=O\nExec=/gone/o\n", "utf-8")

    assert remove_stale_entries(env) == []  # the program is still there
    assert is_registered(env)

    program.unlink()
    removed = remove_stale_entries(env)
    assert sorted(removed) == sorted([entry_path(env), autostart.autostart_file(env)])
    assert not is_registered(env)
    assert not autostart.is_autostart_enabled(env)
    assert DESKTOP_FILE_NAME not in mimeapps_path(env).read_text(encoding="utf-8")
    assert not list((tmp_path / "xdg-data" / "icons").rglob(f"{APP_ID}.*"))
    assert foreign.is_file()


def test_an_entry_that_names_its_program_without_a_path_is_kept(tmp_path: Path) -> None:
    """The desktop session's PATH often lacks ~/.local/bin: a bare name proves nothing."""
    from fmc_desktop.core.system.desktop_entry import remove_stale_entries

    env = {**os.environ, "PATH": str(tmp_path / "empty")}
    register_handler(["fmc-desktop"], environ=env)
    assert entry_keys(entry_path(env).read_text(encoding="utf-8"))["TryExec"] == "fmc-desktop"
    assert remove_stale_entries(env) == []
    assert is_registered(env)

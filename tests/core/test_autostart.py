"""The login autostart entry: where it goes, what it says, and that it comes and goes cleanly."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from fmc_desktop.core import autostart


def test_the_entry_goes_under_xdg_config_home(tmp_path: Path) -> None:
    # The autouse fixture points XDG_CONFIG_HOME at the test's own folder.
    # Named like the menu entry: one desktop identity (desktop_identity.py).
    name = "io.github.fmc_desktop.FmcDesktop.desktop"
    assert autostart.autostart_file() == tmp_path / "xdg-config" / "autostart" / name


def test_a_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    environ = {"XDG_CONFIG_HOME": "relative/path", "HOME": str(tmp_path / "home")}
    assert autostart.autostart_folder(environ) == tmp_path / "home" / ".config" / "autostart"


def test_enable_writes_a_desktop_entry_and_disable_removes_it(tmp_path: Path) -> None:
    path = autostart.enable_autostart(["/opt/fmc desktop/bin/fmc-desktop"])
    assert autostart.is_autostart_enabled()
    text = path.read_text("utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Type=Application\n" in text
    assert 'Exec="/opt/fmc desktop/bin/fmc-desktop"\n' in text
    assert path.stat().st_mode & 0o777 == 0o644
    assert autostart.disable_autostart() is True
    assert not path.exists()
    assert autostart.disable_autostart() is False


def test_enabling_twice_replaces_the_entry_and_leaves_no_temp_files() -> None:
    autostart.enable_autostart(["/usr/bin/old"])
    path = autostart.enable_autostart(["/usr/bin/fmc-desktop"])
    assert "Exec=/usr/bin/fmc-desktop\n" in path.read_text("utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["io.github.fmc_desktop.FmcDesktop.desktop"]


def test_the_default_command_starts_the_desktop_app() -> None:
    command = autostart.default_command()
    assert command[-1] in ("fmc_desktop", "fmc-desktop") or command[-1].endswith("fmc-desktop")


@pytest.mark.parametrize(
    ("argument", "written"),
    [
        ("/usr/bin/fmc-desktop", "/usr/bin/fmc-desktop"),
        ("/home/o'neil/bin/fmc", '"/home/o\'neil/bin/fmc"'),
        ('/odd"dir/fmc', r'"/odd\\"dir/fmc"'),
        ("/cost$/fmc", r'"/cost\\$/fmc"'),
        ("C:\\Apps\\fmc", r'"C:\\\\Apps\\\\fmc"'),
        ("/100%/fmc", "/100%%/fmc"),
        ("", '""'),
    ],
)
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_asks(
    argument: str, written: str
) -> None:
    assert autostart.exec_line([argument]) == written


def test_an_exec_line_reads_back_as_the_same_arguments() -> None:
    # After undoing the string-level escapes, the Exec value follows shell-like quoting rules.
    command = ["/opt/my apps/python3", "-m", "fmc_desktop"]
    line = autostart.exec_line(command).replace("\\\\", "\\")
    assert shlex.split(line) == command


def test_line_breaks_in_a_command_are_refused() -> None:
    with pytest.raises(ValueError, match="line breaks"):
        autostart.exec_line(["/usr/bin/fmc\n[Desktop Entry]"])


@pytest.mark.parametrize(
    ("platform", "supported"),
    [("linux", True), ("freebsd14", True), ("win32", False), ("darwin", False), ("cygwin", False)],
)
def test_only_freedesktop_systems_are_managed_here(platform: str, supported: bool) -> None:
    assert autostart.autostart_supported(platform) is supported


def test_the_entry_says_which_program_it_needs_and_whose_window_it_opens(tmp_path: Path) -> None:
    """TryExec hides the entry once the program is gone (pip runs nothing on uninstall)."""
    path = autostart.enable_autostart(["/opt/fmc desktop/bin/fmc-desktop", "--minimized"])
    keys = dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines()[1:])
    assert keys["TryExec"] == "/opt/fmc desktop/bin/fmc-desktop"
    assert keys["StartupWMClass"] == "io.github.fmc_desktop.FmcDesktop"
    assert keys["Icon"] == "io.github.fmc_desktop.FmcDesktop"
    assert keys["Name[uk]"]
    assert keys["Comment[uk]"].startswith("Дзвінки")


def test_enabling_replaces_the_entry_an_older_version_wrote() -> None:
    """Older versions named the entry fmc-desktop.desktop: the app must not start twice."""
    old = autostart.legacy_autostart_file()
    old.parent.mkdir(parents=True)
    old.write_text(
        "[Desktop Entry]\nType=Application\nName=fmc-desktop\nExec=/usr/bin/fmc-desktop\n",
        encoding="utf-8",
    )
    assert autostart.is_autostart_enabled()
    path = autostart.enable_autostart(["/usr/bin/fmc-desktop"])
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    old.write_text(
        "[Desktop Entry]\nType=Application\nName=fmc-desktop\nExec=/usr/bin/fmc-desktop\n",
        encoding="utf-8",
    )
    assert autostart.disable_autostart() is True
    assert list(path.parent.iterdir()) == []
    assert not autostart.is_autostart_enabled()


def test_another_programs_entry_under_the_old_name_is_left_alone() -> None:
    other = autostart.legacy_autostart_file()
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n", "utf-8")
    assert not autostart.is_autostart_enabled()
    autostart.enable_autostart(["/usr/bin/fmc-desktop"])
    autostart.disable_autostart()
    assert other.is_file()

"""The login autostart entry: where it goes, what it says, and that it comes and goes cleanly."""

from __future__ import annotations

import plistlib
import shlex
import sys
from pathlib import Path

import pytest

from fmc_desktop.core.system import autostart


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


# --- Windows and macOS ----------------------------------------------------------------------------


class RegistryValue:
    """The Run key's one value, held in memory: this machine has no Windows registry."""

    def __init__(self, data: str | None = None) -> None:
        self.data = data

    def get(self) -> str | None:
        return self.data

    def set(self, data: str) -> None:
        self.data = data

    def delete(self) -> bool:
        had = self.data is not None
        self.data = None
        return had


APP_EXE = r"C:\Users\Олена\AppData\Local\Programs\fmc-desktop\fmc-desktop.exe"


@pytest.mark.parametrize(
    ("platform", "supported"),
    [("linux", True), ("freebsd14", True), ("win32", True), ("darwin", True), ("cygwin", False)],
)
def test_the_app_manages_its_start_at_login_everywhere_but_cygwin(
    platform: str, supported: bool
) -> None:
    assert autostart.autostart_supported(platform) is supported


def test_windows_uses_the_run_value_the_installer_writes(tmp_path: Path) -> None:
    key = RegistryValue()
    autostart.enable_autostart([APP_EXE], platform="win32", run_key=key)
    # Exactly the installer's ValueData, """{app}\fmc-desktop.exe""" (tests/packaging checks it).
    assert key.data == f'"{APP_EXE}"'
    assert autostart.is_autostart_enabled(platform="win32", run_key=key)
    assert autostart.disable_autostart(platform="win32", run_key=key) is True
    assert key.data is None
    assert not autostart.is_autostart_enabled(platform="win32", run_key=key)
    # Nothing of the Linux kind was written meanwhile.
    assert not (tmp_path / "xdg-config" / "autostart").exists()


def test_windows_sees_the_installers_choice_and_can_undo_it() -> None:
    installed = RegistryValue(f'"{APP_EXE}"')
    assert autostart.is_autostart_enabled(platform="win32", run_key=installed)
    assert autostart.disable_autostart(platform="win32", run_key=installed) is True


def test_windows_quotes_arguments_as_its_command_line_parser_reads_them() -> None:
    assert autostart.run_value([APP_EXE, "--demo", "a b"]) == f'"{APP_EXE}" --demo "a b"'


def test_without_a_registry_the_windows_switch_says_so() -> None:
    if sys.platform == "win32":
        pytest.skip("this machine has a registry")
    with pytest.raises(OSError, match="registry is not available"):
        autostart.enable_autostart([APP_EXE], platform="win32")
    assert not autostart.is_autostart_enabled(platform="win32")


def test_macos_writes_a_launch_agent_and_removes_it(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "mac-home")}
    app = "/Applications/fmc-desktop.app/Contents/MacOS/fmc-desktop"
    path = autostart.enable_autostart([app], environ=env, platform="darwin")
    assert path == tmp_path / "mac-home" / "Library" / "LaunchAgents" / (
        "io.github.fmc-desktop.FmcDesktop.plist"
    )
    with path.open("rb") as file:
        agent = plistlib.load(file)
    assert agent["Label"] == "io.github.fmc-desktop.FmcDesktop"
    assert agent["ProgramArguments"] == [app]
    assert agent["RunAtLoad"] is True
    assert agent["LimitLoadToSessionType"] == "Aqua"
    assert autostart.is_autostart_enabled(env, platform="darwin")
    assert autostart.disable_autostart(environ=env, platform="darwin") is True
    assert not path.exists()
    assert autostart.disable_autostart(environ=env, platform="darwin") is False

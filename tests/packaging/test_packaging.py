"""What the installers and the wheel carry: link types, desktop integration, icons, translations.

The Windows and macOS installers cannot be built here, so their scripts are checked for what they
declare. The Linux files are run through the validators the desktops themselves trust
(desktop-file-validate, appstreamcli); CI installs them, and there a missing tool fails the test.
"""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path, PureWindowsPath

import pytest
from defusedxml import ElementTree

from fmc_desktop import __version__
from fmc_desktop.ui.shell.icons import (
    APP_ICON_NAME,
    APP_ICON_SIZES,
    ICON_NAMES,
    TRAY_ICON_SIZES,
    TRAY_STATES,
)
from tests.conftest import REPO_ROOT

PACKAGING = REPO_ROOT / "packaging"
APP_ID = "io.github.fmc_desktop.FmcDesktop"
DESKTOP_FILE = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
INFO_PLIST = PACKAGING / "macos" / "Info.plist"
INNO_SCRIPT = PACKAGING / "windows" / "fmc-desktop.iss"
ICONS = REPO_ROOT / "fmc_desktop" / "resources" / "icons"
LINKS = ("tel", "callto")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# The Debian packages that bring the desktop tools these tests run.
TOOL_PACKAGES = {
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "xdg-mime": "xdg-utils",
}


def need_tool(name: str) -> str:
    """The tool's path; in CI a missing tool is a failure, elsewhere a reason to skip."""
    found = shutil.which(name)
    if found is None:
        why = f"{name} is not installed (Debian: apt-get install {TOOL_PACKAGES[name]})"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return found


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk, which always comes first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- macOS ------------------------------------------------------------------------------------


def test_the_info_plist_declares_tel_and_callto_links() -> None:
    with INFO_PLIST.open("rb") as file:
        plist = plistlib.load(file)
    schemes = [s for t in plist["CFBundleURLTypes"] for s in t["CFBundleURLSchemes"]]
    assert sorted(schemes) == sorted(LINKS)
    for url_type in plist["CFBundleURLTypes"]:
        assert url_type["CFBundleURLName"]
    # Apple allows letters, digits, hyphens and dots in a bundle identifier (no underscore).
    assert re.fullmatch(r"[A-Za-z0-9.-]+", plist["CFBundleIdentifier"])
    assert plist["CFBundleShortVersionString"] == __version__
    assert plist["CFBundleExecutable"] == "fmc-desktop"
    assert plist["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", plist["LSMinimumSystemVersion"])
    assert (ICONS / "app" / plist["CFBundleIconFile"]).is_file()


# --- Windows ----------------------------------------------------------------------------------


def _inno_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _inno_entry(line: str) -> dict[str, str]:
    """`Name: "value"; Other: value` into a mapping; "" inside quotes is a literal quote."""
    entry = {}
    for match in re.finditer(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
        value = match.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        entry[match.group(1)] = value
    return entry


@pytest.fixture(scope="module")
def inno() -> dict[str, list[str]]:
    text = INNO_SCRIPT.read_bytes().decode("utf-8")
    # Inno Setup before 6.3 reads a script without a BOM as ANSI: the Ukrainian would garble.
    assert text.startswith("\ufeff")
    defines = dict(re.findall(r'#define\s+(\w+)\s+"([^"]*)"', text))
    assert defines["AppVersion"] == __version__
    for name, value in defines.items():
        text = text.replace("{#" + name + "}", value)
    return _inno_sections(text.lstrip("\ufeff"))


@pytest.fixture(scope="module")
def registry(inno: dict[str, list[str]]) -> list[dict[str, str]]:
    return [_inno_entry(line) for line in inno["Registry"]]


def _values(registry: list[dict[str, str]], subkey: str) -> dict[str, dict[str, str]]:
    return {e["ValueName"]: e for e in registry if e["Subkey"] == subkey and "ValueName" in e}


def _windows_path(relative: str) -> Path:
    """A path in the script, relative to the script's folder as Inno Setup resolves it."""
    return (INNO_SCRIPT.parent / PureWindowsPath(relative).as_posix()).resolve()


def test_the_installer_is_per_user_and_writes_only_the_users_registry(
    inno: dict[str, list[str]], registry: list[dict[str, str]]
) -> None:
    setup = dict(line.split("=", 1) for line in inno["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["ChangesAssociations"] == "yes"
    assert {entry["Root"] for entry in registry} == {"HKCU"}
    assert _windows_path(setup["SetupIconFile"]).is_file()
    bundle = _inno_entry(inno["Files"][0])["Source"]
    assert _windows_path(bundle) == REPO_ROOT / "dist" / "fmc-desktop" / "*"
    assert _windows_path(setup["OutputDir"]) == REPO_ROOT / "dist"
    assert any("{autoprograms}" in line for line in inno["Icons"]), "no Start menu entry"


@pytest.mark.parametrize("link", LINKS)
def test_the_installer_registers_the_link_type(registry: list[dict[str, str]], link: str) -> None:
    command = '"{app}\\fmc-desktop.exe" "%1"'
    progid = f"fmc-desktop.{link}"
    for key in (f"Software\\Classes\\{link}", f"Software\\Classes\\{progid}"):
        assert _values(registry, key)["URL Protocol"]["ValueData"] == ""
        assert _values(registry, key + "\\shell\\open\\command")[""]["ValueData"] == command
    assert "uninsdeletekey" in _values(registry, f"Software\\Classes\\{progid}")[""]["Flags"]
    capabilities = _values(registry, "Software\\fmc-desktop\\Capabilities\\URLAssociations")
    assert capabilities[link]["ValueData"] == progid


def test_the_installer_lists_the_app_in_default_apps(
    inno: dict[str, list[str]], registry: list[dict[str, str]]
) -> None:
    capabilities = _values(registry, "Software\\fmc-desktop\\Capabilities")
    assert {"ApplicationName", "ApplicationDescription", "ApplicationIcon"} <= set(capabilities)
    registered = _values(registry, "Software\\RegisteredApplications")["fmc-desktop"]
    assert registered["ValueData"] == "Software\\fmc-desktop\\Capabilities"
    assert "uninsdeletevalue" in registered["Flags"]
    # The scheme keys go on uninstall only while they still open this app.
    code = "\n".join(inno["Code"])
    for link in LINKS:
        assert f"ForgetLinkType('{link}')" in code


def test_the_installer_offers_start_at_login(
    inno: dict[str, list[str]], registry: list[dict[str, str]]
) -> None:
    tasks = {_inno_entry(line)["Name"] for line in inno["Tasks"]}
    assert "autostart" in tasks
    run = _values(registry, "Software\\Microsoft\\Windows\\CurrentVersion\\Run")["fmc-desktop"]
    assert run["Tasks"] == "autostart"
    assert run["ValueData"] == '"{app}\\fmc-desktop.exe"'
    assert "uninsdeletevalue" in run["Flags"]


# --- Linux ------------------------------------------------------------------------------------


def _desktop_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    validate = need_tool("desktop-file-validate")
    result = subprocess.run(
        [validate, str(DESKTOP_FILE)], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Hints are not errors, but a clean file should have none.
    assert result.stdout.strip() == "", result.stdout


def test_the_desktop_entry_opens_tel_and_callto_links() -> None:
    keys = _desktop_keys(DESKTOP_FILE)
    assert keys["MimeType"] == "x-scheme-handler/tel;x-scheme-handler/callto;"
    # %u: the link arrives as one argument, exactly as the browser gave it.
    assert keys["Exec"] == "fmc-desktop %u"
    assert keys["Icon"] == APP_ID
    assert "Telephony" in keys["Categories"].split(";")
    for key in ("Name[uk]", "Comment[uk]", "Keywords", "Keywords[uk]"):
        assert keys[key]


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    appstreamcli = need_tool("appstreamcli")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_describes_this_release_and_its_links() -> None:
    root = ElementTree.parse(METAINFO_FILE).getroot()
    assert root is not None
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    newest = next(root.iter("release"))
    assert newest.get("version") == __version__
    provided = {m.text for m in root.iter("mediatype")}
    assert provided == {f"x-scheme-handler/{link}" for link in LINKS}
    rating = root.find("content_rating")
    assert rating is not None
    assert rating.get("type") == "oars-1.1"


@pytest.fixture
def staged(tmp_path: Path) -> Path:
    """The release folder around a stand-in bundle (a script that says which link it was given)."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    program = bundle / "fmc-desktop"
    program.write_text('#!/bin/sh\necho "fmc-desktop was given: $*"\n', encoding="utf-8")
    program.chmod(0o755)
    out = tmp_path / "release"
    subprocess.run(
        ["bash", str(PACKAGING / "linux" / "stage.sh"), str(bundle), str(out)],
        check=True,
        timeout=60,
    )
    return out


def _mimeapps(config: Path) -> str:
    path = config / "mimeapps.list"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _default_for(config: Path, link: str) -> list[str]:
    """The programs listed for a link type in mimeapps.list (with or without the last `;`)."""
    for line in _mimeapps(config).splitlines():
        key, _, value = line.partition("=")
        if key.strip() == f"x-scheme-handler/{link}":
            return [name for name in value.strip().split(";") if name]
    return []


@pytest.fixture
def desktop_tools() -> dict[str, str]:
    return {name: need_tool(name) for name in ("xdg-mime", "desktop-file-validate")}


def test_install_sh_installs_for_the_user_and_uninstalls_cleanly(
    desktop_tools: dict[str, str], staged: Path
) -> None:
    """The tarball's install.sh, run as a user would, into this test's own home folder."""
    home = Path(os.environ["HOME"])
    data = Path(os.environ["XDG_DATA_HOME"])
    config = Path(os.environ["XDG_CONFIG_HOME"])
    # An entry from `fmc-desktop register-handler` (pip install) would show the app twice.
    (data / "applications").mkdir(parents=True)
    old_entry = data / "applications" / "fmc-desktop.desktop"
    old_entry.write_text("[Desktop Entry]\nX-FMC-Desktop-Handler=true\n", encoding="utf-8")

    # No desktop session: xdg-mime then edits mimeapps.list itself, the same on every machine.
    session = (
        "XDG_CURRENT_DESKTOP",
        "DESKTOP_SESSION",
        "KDE_FULL_SESSION",
        "GNOME_DESKTOP_SESSION_ID",
    )
    env = {k: v for k, v in os.environ.items() if k not in session}
    run = subprocess.run(
        [str(staged / "install.sh")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr

    prefix = home / ".local" / "opt" / "fmc-desktop"
    command = home / ".local" / "bin" / "fmc-desktop"
    said = subprocess.run(
        [str(command), "tel:+380441111111"], capture_output=True, text=True, check=True
    )
    assert said.stdout.strip() == "fmc-desktop was given: tel:+380441111111"
    entry = data / "applications" / f"{APP_ID}.desktop"
    keys = _desktop_keys(entry)
    assert keys["Exec"] == f'"{prefix}/fmc-desktop" %u'
    assert keys["TryExec"] == f"{prefix}/fmc-desktop"
    checked = subprocess.run(
        [desktop_tools["desktop-file-validate"], str(entry)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in (16, 22, 24, 32, 48, 64, 96, 128, 256, 512):
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert not old_entry.exists()
    for link in LINKS:
        assert _default_for(config, link) == [f"{APP_ID}.desktop"]

    # Another program's default for another link type survives the uninstall.
    with (config / "mimeapps.list").open("a", encoding="utf-8") as file:
        file.write("x-scheme-handler/sip=other.desktop;\n")
    run = subprocess.run(
        [str(staged / "install.sh"), "--uninstall"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert not prefix.exists()
    assert not command.is_symlink()
    assert not command.exists()
    assert not entry.exists()
    assert not list((data / "icons").rglob(f"{APP_ID}.*"))
    assert APP_ID not in _mimeapps(config)
    assert _default_for(config, "sip") == ["other.desktop"]


def test_the_build_scripts_are_valid_shell() -> None:
    for script in sorted(PACKAGING.rglob("*.sh")):
        shell = "sh" if script.name == "install.sh" else "bash"
        result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script}: {result.stderr}"


# --- icons --------------------------------------------------------------------------------------


def test_the_app_icon_is_there_at_every_size() -> None:
    for size in APP_ICON_SIZES:
        path = ICONS / "app" / f"{APP_ICON_NAME}-{size}.png"
        assert png_size(path.read_bytes()) == (size, size), path
    svg = ICONS / "app" / f"{APP_ICON_NAME}.svg"
    svg_root = ElementTree.parse(svg).getroot()
    assert svg_root is not None
    assert svg_root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_tray_and_window_icons_are_there() -> None:
    for state in TRAY_STATES:
        for size in TRAY_ICON_SIZES:
            path = ICONS / "tray" / f"{state}-{size}.png"
            assert png_size(path.read_bytes()) == (size, size), path
    for name in ICON_NAMES:
        assert (ICONS / "window" / f"{name}.svg").is_file(), name


def test_the_windows_icon_file_holds_a_png_per_size() -> None:
    data = (ICONS / "app" / f"{APP_ICON_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        image = data[offset : offset + length]
        side = width or 256
        assert (width, height, planes, bits) == (side % 256, side % 256, 1, 32)
        assert png_size(image) == (side, side)
        sizes.append(side)
    assert {16, 24, 32, 48, 256} <= set(sizes)


def test_the_macos_icon_file_holds_the_retina_sizes() -> None:
    data = (ICONS / "app" / f"{APP_ICON_NAME}.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found: dict[bytes, tuple[int, int]] = {}
    offset = 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        found[kind] = png_size(data[offset + 8 : offset + length])
        offset += length
    assert offset == len(data)
    expected = {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024, b"ic11": 32}
    expected |= {b"ic12": 64, b"ic13": 256, b"ic14": 512}
    assert found == {kind: (side, side) for kind, side in expected.items()}


# --- the wheel ----------------------------------------------------------------------------------


def _setuptools_builds_this_project() -> bool:
    """True when the installed setuptools reads this pyproject (PEP 639 licence: 77 and later)."""
    try:
        major = int(installed_version("setuptools").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return False
    return major >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    """The wheel built from a copy of the project (so the build leaves no files in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        if (REPO_ROOT / name).exists():
            shutil.copy2(REPO_ROOT / name, source / name)
    shutil.copytree(
        REPO_ROOT / "fmc_desktop",
        source / "fmc_desktop",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    if _setuptools_builds_this_project():
        command.insert(command.index("--no-deps"), "--no-build-isolation")
    # Otherwise pip fetches the build backend that pyproject.toml asks for from the index.
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("fmc_desktop-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def test_the_wheel_carries_every_icon_and_translation(wheel: zipfile.ZipFile) -> None:
    inside = set(wheel.namelist())
    resources = REPO_ROOT / "fmc_desktop" / "resources"
    expected = {
        path.relative_to(REPO_ROOT).as_posix()
        for path in resources.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected - inside == set()
    assert f"fmc_desktop/resources/icons/app/{APP_ICON_NAME}.ico" in inside
    assert "fmc_desktop/resources/icons/window/dial.svg" in inside
    assert "fmc_desktop/resources/i18n/fmc_desktop_uk.qm" in inside
    assert "fmc_desktop/py.typed" in inside


# --- one desktop identity -----------------------------------------------------------------------

SHARED_KEYS = (
    "Name",
    "Name[uk]",
    "GenericName",
    "GenericName[uk]",
    "Comment",
    "Comment[uk]",
    "Icon",
    "StartupWMClass",
    "Categories",
    "MimeType",
    "Keywords",
    "Keywords[uk]",
)


def test_every_entry_and_the_app_use_one_desktop_identity() -> None:
    """File name, StartupWMClass, the app's desktop file name and the AppStream id agree."""
    from fmc_desktop.core.system.desktop_entry import DESKTOP_FILE_NAME, entry_text
    from fmc_desktop.core.system.desktop_identity import APP_ID as CORE_APP_ID
    from fmc_desktop.ui.shell.app import APP_ID as GUI_APP_ID

    assert CORE_APP_ID == GUI_APP_ID == APP_ID
    packaged = _desktop_keys(DESKTOP_FILE)
    assert DESKTOP_FILE.name == DESKTOP_FILE_NAME == f"{APP_ID}.desktop"
    assert packaged["StartupWMClass"] == APP_ID
    assert packaged["TryExec"] == "fmc-desktop"
    root = ElementTree.parse(METAINFO_FILE).getroot()
    assert root is not None
    assert root.findtext("id") == APP_ID
    # What `register-handler` writes says the same as what the tarball ships.
    written = dict(
        line.split("=", 1) for line in entry_text(["/opt/fmc/fmc-desktop"]).splitlines()[1:]
    )
    for key in SHARED_KEYS:
        assert written[key] == packaged[key], key
    # Qt turns the application name into the X11 WM_CLASS, the desktop file name into the
    # Wayland app id: both must be APP_ID (packaging/linux/smoke.py reads the real WM_CLASS).
    app_source = (REPO_ROOT / "fmc_desktop" / "ui" / "shell" / "app.py").read_text(encoding="utf-8")
    assert "app.setApplicationName(APP_ID)" in app_source
    assert "app.setDesktopFileName(APP_ID)" in app_source


def test_the_metainfo_names_a_homepage_only_once_there_is_a_public_address(
    tmp_path: Path,
) -> None:
    appstreamcli = need_tool("appstreamcli")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "fmc-desktop").write_text("#!/bin/sh\n", encoding="utf-8")
    setting = (PACKAGING / "public-address.env").read_text(encoding="utf-8")
    assert re.search(r"^PUBLIC_ADDRESS=$", setting, re.MULTILINE), "the project has no address yet"
    for address in ("", "https://example.org/fmc-desktop"):
        out = tmp_path / f"release-{bool(address)}"
        env = {**os.environ, "FMC_PUBLIC_ADDRESS": address}
        subprocess.run(
            ["bash", str(PACKAGING / "linux" / "stage.sh"), str(bundle), str(out)],
            check=True,
            timeout=60,
            env=env,
        )
        metainfo = out / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
        root = ElementTree.parse(metainfo).getroot()
        assert root is not None
        urls = [url.text for url in root.iter("url")]
        images = [image.text for image in root.iter("image")]
        if address:
            assert urls == [address]
            assert images == [
                f"{address}/screenshots/window.png",
                f"{address}/screenshots/window-uk.png",
            ]
        else:
            assert urls == []
            assert images == []
        checked = subprocess.run(
            [appstreamcli, "validate", "--no-net", str(metainfo)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        # Releases and a description in both languages, whatever the address.
        assert root.find("releases/release/description") is not None
        assert (
            root.find("description/p[@{http://www.w3.org/XML/1998/namespace}lang='uk']") is not None
        )


def test_install_sh_uninstall_also_removes_the_start_at_login_entry(
    desktop_tools: dict[str, str], staged: Path
) -> None:
    """The in-app switch writes the autostart entry; the uninstall must not leave it behind."""
    from fmc_desktop.core.system import autostart

    config = Path(os.environ["XDG_CONFIG_HOME"])
    subprocess.run([str(staged / "install.sh")], check=True, capture_output=True, timeout=60)
    prefix = Path(os.environ["HOME"]) / ".local" / "opt" / "fmc-desktop"
    autostart.enable_autostart([str(prefix / "fmc-desktop")])
    # And an entry from an older version, under the old name.
    old = config / "autostart" / "fmc-desktop.desktop"
    old.write_text("[Desktop Entry]\nType=Application\nName=fmc-desktop\nExec=x\n", "utf-8")
    entry = Path(os.environ["XDG_DATA_HOME"]) / "applications" / f"{APP_ID}.desktop"
    assert _desktop_keys(entry)["X-FMC-Desktop-Handler"] == "true"

    subprocess.run(
        [str(staged / "install.sh"), "--uninstall"], check=True, capture_output=True, timeout=60
    )
    assert list((config / "autostart").iterdir()) == []
    assert not entry.exists()


# --- Windows and macOS: what can be checked without them ----------------------------------------


def test_the_installer_needs_inno_setup_6_3() -> None:
    text = INNO_SCRIPT.read_bytes().decode("utf-8")
    assert re.search(r"^#if VER < EncodeVer\(6, 3, 0\)\n\s+#error .*6\.3", text, re.MULTILINE)


def test_the_in_app_switch_writes_the_installers_run_value(
    registry: list[dict[str, str]],
) -> None:
    """One setting, two places to change it: the installer's task and Settings → Start at login."""
    from fmc_desktop.core.system import autostart

    run = _values(registry, "Software\\Microsoft\\Windows\\CurrentVersion\\Run")
    assert list(run) == [autostart.RUN_VALUE_NAME]
    folder = r"C:\Users\Олена\AppData\Local\Programs\fmc-desktop"
    written = run[autostart.RUN_VALUE_NAME]["ValueData"].replace("{app}", folder)
    assert written == autostart.run_value([folder + "\\fmc-desktop.exe"])
    assert autostart.RUN_KEY == "Software\\Microsoft\\Windows\\CurrentVersion\\Run"


def test_the_installer_can_put_the_command_line_on_path(
    inno: dict[str, list[str]], registry: list[dict[str, str]]
) -> None:
    tasks = {_inno_entry(line)["Name"]: _inno_entry(line) for line in inno["Tasks"]}
    assert "unchecked" in tasks["addtopath"]["Flags"]
    (path,) = [e for e in registry if e["Subkey"] == "Environment"]
    assert (path["ValueName"], path["ValueType"]) == ("Path", "expandsz")
    assert path["ValueData"] == "{olddata};{app}"
    assert path["Tasks"] == "addtopath"
    assert path["Check"].startswith("NeedsAddPath(")
    setup = dict(line.split("=", 1) for line in inno["Setup"])
    assert setup["ChangesEnvironment"] == "yes"
    code = "\n".join(inno["Code"])
    assert "function NeedsAddPath(Dir: String): Boolean;" in code
    assert "RemoveFromPath(ExpandConstant('{app}'));" in code
    # Every custom message the tasks use exists in both languages.
    messages = {line.split("=", 1)[0] for line in inno["CustomMessages"]}
    for name in ("AddToPath", "CommandLineGroup", "AutoStart"):
        assert {f"en.{name}", f"uk.{name}"} <= messages


def test_the_launch_agent_is_named_by_the_bundle_identifier() -> None:
    from fmc_desktop.core.system import autostart

    with INFO_PLIST.open("rb") as file:
        plist = plistlib.load(file)
    assert plist["CFBundleIdentifier"] == autostart.LAUNCH_AGENT_LABEL


def test_signing_on_macos_uses_the_entitlements_file() -> None:
    entitlements_path = PACKAGING / "macos" / "entitlements.plist"
    with entitlements_path.open("rb") as file:
        entitlements = plistlib.load(file)
    assert entitlements == {
        "com.apple.security.cs.allow-unsigned-executable-memory": True,
        "com.apple.security.cs.disable-library-validation": True,
    }
    spec = (PACKAGING / "pyinstaller" / "fmc-desktop.spec").read_text(encoding="utf-8")
    assert 'entitlements_file=str(REPO / "packaging" / "macos" / "entitlements.plist")' in spec
    build = (PACKAGING / "macos" / "build.sh").read_text(encoding="utf-8")
    assert "--entitlements packaging/macos/entitlements.plist" in build
    assert "--options runtime" in build

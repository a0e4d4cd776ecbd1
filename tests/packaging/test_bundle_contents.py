"""What the PyInstaller bundle leaves out can never be something the app needs.

A spec that excluded numpy once built a bundle that printed `--version` and died the moment the
window opened. The lists live in packaging/pyinstaller/bundle_contents.py; these tests hold them
against fmc-desktop's runtime requirements as the installed metadata states them (transitively),
and against the Qt modules the app's code imports. The bundle itself is checked by
packaging/linux/smoke.py, which imports every module inside it (CI runs it).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT

SPEC = REPO_ROOT / "packaging" / "pyinstaller" / "fmc-desktop.spec"


@pytest.fixture(scope="module")
def contents() -> ModuleType:
    path = REPO_ROOT / "packaging" / "pyinstaller" / "bundle_contents.py"
    spec = importlib.util.spec_from_file_location("bundle_contents", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bundle_contents"] = module
    spec.loader.exec_module(module)
    return module


def test_the_runtime_requirements_are_read_from_the_metadata_transitively(
    contents: ModuleType,
) -> None:
    modules = contents.runtime_modules()
    # Declared directly in pyproject.toml.
    for name in ("numpy", "PySide6", "requests", "keyring", "vobject", "tzdata"):
        assert name in modules, name
    # Only reachable through another requirement: requests → urllib3 is declared, but
    # charset_normalizer and idna come from requests' own metadata.
    assert modules["charset_normalizer"] == "charset-normalizer"
    assert modules["idna"] == "idna"
    assert contents.installed_requirements() == contents.declared_requirements(), (
        "the installed fmc-desktop is stale: run pip install -e ."
    )


def test_no_excluded_module_is_a_runtime_requirement(contents: ModuleType) -> None:
    assert contents.excluded_but_needed() == []
    needed = contents.runtime_modules()
    for module in contents.exclude_modules():
        assert module.split(".")[0] not in needed or "." in module, module


def test_the_check_catches_the_excludes_that_broke_the_window(contents: ModuleType) -> None:
    """The spec's old list named numpy; the check must refuse it, and a Qt module the app uses."""
    old = ["tkinter", "unittest", "numpy", "pytest", "PySide6.QtNetwork", "PySide6.QtQml"]
    problems = contents.excluded_but_needed(old)
    assert any(p.startswith("numpy is excluded") for p in problems), problems
    assert any(p.startswith("PySide6.QtNetwork is excluded") for p in problems), problems
    assert not any("QtQml" in p or "tkinter" in p for p in problems), problems


def test_a_planned_dependency_is_bundled_once_declared(contents: ModuleType) -> None:
    """FMC_BUNDLE_ALSO (for size figures) counts like a declared requirement, extras included."""
    # hypothesis is installed wherever the tests run and is no runtime requirement of the app.
    assert "hypothesis" in contents.incidental_modules()
    assert contents.runtime_modules(["hypothesis"])["hypothesis"] == "hypothesis"
    assert "hypothesis" not in contents.incidental_modules(["hypothesis"])
    if importlib.util.find_spec("psycopg") is None:
        return  # the extras case needs psycopg at hand (the bundle's size run installs it)
    modules = contents.runtime_modules(["psycopg[binary]"])
    assert modules["psycopg"] == "psycopg"
    if importlib.util.find_spec("psycopg_binary") is not None:
        # Loaded by name at run time: only the metadata says it is needed.
        assert modules["psycopg_binary"] == "psycopg-binary"
    assert "psycopg" in contents.incidental_modules()
    assert "psycopg" not in contents.incidental_modules(["psycopg[binary]"])


def test_what_happens_to_be_installed_stays_out(contents: ModuleType) -> None:
    incidental = set(contents.incidental_modules())
    # Test tools of this very environment: never in the bundle, whatever the machine has.
    assert {"pytest", "_pytest", "pytestqt", "hypothesis"} <= incidental
    assert incidental.isdisjoint(contents.runtime_modules())
    assert "fmc_desktop" not in incidental


def test_the_spec_builds_from_the_checked_lists() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "excludes=bundle_contents.exclude_modules(ALSO)" in text
    assert "bundle_contents.excluded_but_needed(also=ALSO)" in text
    assert "RUNTIME_MODULES" in text
    # No second, unchecked list of excludes inside the spec.
    assert not re.search(r"\n\s+excludes=\[", text)


def test_only_the_qt_translations_the_app_loads_are_shipped(contents: ModuleType) -> None:
    base = "PySide6/Qt/translations/"
    assert not contents.unused_qt_file(base + "qtbase_uk.qm")
    assert not contents.unused_qt_file(base + "qtbase_en.qm")
    for other in ("qtbase_de.qm", "qt_uk.qm", "designer_uk.qm", "qtdeclarative_uk.qm"):
        assert contents.unused_qt_file(base + other), other
    i18n = (REPO_ROOT / "fmc_desktop" / "ui" / "shell" / "i18n.py").read_text(encoding="utf-8")
    assert '_QT_CATALOGUES = ("qtbase",)' in i18n


def test_the_gtk_theme_plugin_stays_out(contents: ModuleType) -> None:
    plugins = "PySide6/Qt/plugins/"
    assert contents.unused_qt_file(plugins + "platformthemes/libqgtk3.so")
    for kept in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platformthemes/libqxdgdesktopportal.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
        "wayland-shell-integration/libxdg-shell.so",
    ):
        assert not contents.unused_qt_file(plugins + kept), kept


def test_libraries_only_a_dropped_plugin_needed_are_dropped(contents: ModuleType) -> None:
    needs = {
        "/wheel/PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/wheel/PySide6/QtCore.abi3.so": ["libQt6Core.so.6"],
    }
    in_wheel = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/QtCore.abi3.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6Core.so.6",
    ]
    binaries = [(dest, f"/wheel/{dest}", "BINARY") for dest in in_wheel]
    binaries.append(("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"))
    # What the (already dropped) JPEG plugin had pulled in from the system.
    binaries.append(("libjpeg.so.62", "/usr/lib/x86_64-linux-gnu/libjpeg.so.62", "BINARY"))
    kept = contents.drop_unneeded_libraries(binaries, lambda src: needs.get(src, []))
    assert [entry[0] for entry in kept] == [entry[0] for entry in binaries[:5]]


def test_desktop_libraries_of_the_build_machine_stay_out(contents: ModuleType) -> None:
    system = "/usr/lib/x86_64-linux-gnu/"
    for name in ("libgtk-3.so.0", "libX11.so.6", "libfontconfig.so.1", "libGL.so.1"):
        assert contents.is_system_library(system + name, name), name
    # Python's own extensions need these, and a user's distribution may lack them.
    for name in ("libssl.so.3", "libsqlite3.so.0", "libffi.so.8"):
        assert not contents.is_system_library(system + name, name), name
    wheel = "/venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6Gui.so.6"
    assert not contents.is_system_library(wheel, "PySide6/Qt/lib/libQt6Gui.so.6")


def test_every_module_of_the_package_is_listed_for_the_smoke(contents: ModuleType) -> None:
    listed = contents.fmc_desktop_modules()
    on_disk = list(Path(REPO_ROOT / "fmc_desktop").rglob("*.py"))
    assert len(listed) == len(on_disk)
    assert "fmc_desktop" in listed
    assert "fmc_desktop.ui.shell.main_window" in listed

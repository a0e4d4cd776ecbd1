"""What goes into the PyInstaller bundle and what stays out, in one place.

The spec (fmc-desktop.spec) builds from these lists, and tests/packaging checks them against the
project's declared runtime dependencies, so an exclude can never drop a module the app needs:
that once gave a bundle that printed `--version` and died when the window opened (numpy).

Plain Python with no PyInstaller import: the tests load it from the checkout as it is.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import importlib.util
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent.parent
PROJECT = "fmc-desktop"
APP_ID = "io.github.fmc_desktop.FmcDesktop"  # fmc_desktop/core/system/desktop_identity.py
# For measuring a bundle with dependencies that are planned but not declared yet (size figures):
# `FMC_BUNDLE_ALSO="psycopg[binary] openpyxl" bash packaging/linux/build.sh`. Never set in CI.
ALSO_ENV = "FMC_BUNDLE_ALSO"

# The Qt modules the app uses are found by following imports; everything else PySide6 ships is
# left out. Their hooks would otherwise pull in QML, WebEngine or 3D libraries worth hundreds of
# megabytes. tests/packaging checks that the app's code imports none of them.
UNUSED_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent",
    "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml",
    "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
]  # fmt: skip
# Development tools and standard-library parts the app never runs, which share the build's
# environment. Never the name of a runtime dependency: tests/packaging checks it.
UNUSED_PYTHON = [
    "tkinter", "_tkinter", "unittest", "pydoc", "doctest", "lib2to3", "pytest", "_pytest",
    "hypothesis", "pytestqt", "mypy", "ruff", "IPython", "setuptools", "pip", "pyinstaller",
    "PyInstaller", "importlinter", "pytest_postgresql", "readline", "pdb",
]  # fmt: skip
# Qt plugins that tie the bundle to whatever the build machine has: the GTK theme plugin links
# GTK 3 (which PyInstaller would then copy in, or not, depending on the machine), and the
# framebuffer, VNC and Vulkan-display platforms are for devices, not desktops.
UNUSED_QT_PLUGINS = [
    "platformthemes/libqgtk3.so",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqvnc.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqminimalegl.so",
    "egldeviceintegrations/*",
    # Touch screens and tablets read without a desktop session (evdev, TUIO).
    "generic/*",
    # Image formats the app never reads (its icons are PNG, SVG and ICO); libqjpeg and libqtiff
    # would also pull the build machine's libjpeg and libtiff in.
    "imageformats/libqgif.so",
    "imageformats/libqicns.so",
    "imageformats/libqjpeg.so",
    "imageformats/libqtga.so",
    "imageformats/libqtiff.so",
    "imageformats/libqwbmp.so",
    "imageformats/libqwebp.so",
    # Wayland: the xdg-shell every desktop compositor speaks; the others are for embedded
    # compositors, and the "-server" buffer integrations serve Qt's own compositor's clients.
    "wayland-shell-integration/libfullscreen-shell-v1.so",
    "wayland-shell-integration/libivi-shell.so",
    "wayland-shell-integration/libqt-shell.so",
    "wayland-shell-integration/libwl-shell-plugin.so",
    "wayland-graphics-integration-client/*-server.so",
    "printsupport/*",
    "sqldrivers/*",
    "qmltooling/*",
    "designer/*",
]
# Qt's own translations: only the catalogue the app loads (ui/i18n.py: "qtbase"), in the
# languages it speaks.
QT_TRANSLATIONS_KEPT = ["qtbase_uk.qm", "qtbase_en.qm"]
# Shared libraries of the desktop itself. They are on every desktop (with a glibc of 2.36 or
# newer), must match the running X server, Wayland compositor, GPU driver or session bus, and
# whether PyInstaller finds them depends on what the build machine happens to have installed. The
# same idea as AppImage's "excludelist". Libraries that come from wheels (Qt, numpy.libs, ...) are
# always kept; this list only drops system copies.
SYSTEM_LIBRARIES = [
    "libc.so*", "libm.so*", "libdl.so*", "librt.so*", "libpthread.so*", "ld-linux*",
    "libresolv.so*", "libutil.so*", "libgcc_s.so*", "libstdc++.so*",
    "libGL.so*", "libGLX*", "libGLdispatch*", "libEGL*", "libOpenGL*", "libgbm*", "libdrm*",
    "libvulkan*", "libX*.so*", "libxcb*.so*", "libxkbcommon*", "libwayland-*", "libICE*",
    "libSM*", "libfontconfig*", "libfreetype*", "libexpat*", "libuuid*", "libharfbuzz*",
    "libpng16*", "libbrotli*", "libglib-2*", "libgobject-2*", "libgio-2*", "libgmodule-2*",
    "libgthread-2*", "libdbus-1*", "libsystemd*", "libgtk-*", "libgdk*", "libpango*",
    "libcairo*", "libatk*", "libatspi*", "libepoxy*", "libpixman*", "libfribidi*",
    "libthai*", "libdatrie*", "libgraphite2*", "libmount*", "libblkid*", "libselinux*",
    "libpcre2*", "libffi.so.7*", "libcap.so*", "libgcrypt*", "libgpg-error*", "liblz4*",
    "libzstd*", "libXau*", "libXdmcp*", "libbsd*", "libmd.so*", "libgssapi*", "libkrb5*",
    "libk5crypto*", "libcom_err*", "libkeyutils*", "libgstreamer*", "libasound*", "libpulse*",
]  # fmt: skip


def exclude_modules(also: Iterable[str] = ()) -> list[str]:
    """What PyInstaller must not follow: unused Qt, the tools above, and whatever else happens to
    be installed next to the app (so the bundle is the same on any build machine)."""
    return [f"PySide6.{name}" for name in UNUSED_QT] + UNUSED_PYTHON + incidental_modules(also)


def incidental_modules(also: Iterable[str] = ()) -> list[str]:
    """Top-level modules of installed distributions that are not runtime dependencies.

    A runtime dependency may import such a module when it happens to be there (requests tries
    chardet, PySide6's hooks find PyYAML); a user's pip install would not have it, so neither
    does the bundle.
    """
    needed = set(runtime_modules(also)) | {"fmc_desktop"}
    found: set[str] = set()
    for dist in metadata.distributions():
        if canonicalize_name(dist.metadata["Name"] or "") == PROJECT:
            continue
        found |= top_level_modules(dist, check_importable=False)
    stdlib = set(sys.stdlib_module_names)
    return sorted(found - needed - stdlib)


def _marker_environment() -> dict[str, str]:
    env = default_environment()
    env["extra"] = ""
    return env


def _requirements_of(dist: str, extras: Iterable[str] = ()) -> list[Requirement]:
    found = []
    for line in metadata.requires(dist) or []:
        req = Requirement(line)
        if req.marker is None:
            found.append(req)
            continue
        for extra in ("", *extras):
            env = _marker_environment()
            env["extra"] = extra
            if req.marker.evaluate(env):
                found.append(req)
                break
    return found


def declared_requirements() -> list[str]:
    """The runtime dependencies as pyproject.toml declares them (for the staleness check)."""
    with (REPO / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return sorted(
        str(Requirement(line))
        for line in project.get("dependencies", [])
        if Requirement(line).marker is None
        or Requirement(line).marker.evaluate(_marker_environment())  # type: ignore[union-attr]
    )


def installed_requirements() -> list[str]:
    """The runtime dependencies as the installed fmc-desktop's metadata lists them."""
    return sorted(str(req) for req in _requirements_of(PROJECT))


def runtime_distributions(also: Iterable[str] = ()) -> dict[str, metadata.Distribution]:
    """Every distribution fmc-desktop needs at run time on this platform, transitively.

    Read from the installed metadata (importlib.metadata), so a dependency added to pyproject.toml
    is bundled without anyone editing the spec. `also`: extra requirement strings to treat as
    declared (see ALSO_ENV).
    """
    found: dict[str, metadata.Distribution] = {}
    queue: list[Requirement] = [*_requirements_of(PROJECT), *(Requirement(a) for a in also)]
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        if name in found:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise SystemExit(
                f"{req.name} (a runtime dependency of {PROJECT}) is not installed in the build "
                "environment: run `pip install -e .` there first."
            ) from None
        found[name] = dist
        queue.extend(_requirements_of(dist.metadata["Name"], req.extras))
    return found


def top_level_modules(dist: metadata.Distribution, *, check_importable: bool = True) -> set[str]:
    """The importable top-level names a distribution installs."""
    names: set[str] = set()
    text = dist.read_text("top_level.txt")
    if text:
        names.update(line.strip() for line in text.splitlines() if line.strip())
    for file in dist.files or []:
        parts = file.parts
        if not parts or parts[0].endswith((".dist-info", ".egg-info", ".data")) or ".." in parts:
            continue
        first = parts[0]
        if len(parts) > 1 and first.isidentifier():
            names.add(first)
        elif len(parts) == 1 and first.endswith((".py", ".so", ".pyd")):
            stem = first.split(".", 1)[0]
            if stem.isidentifier():
                names.add(stem)
    # top_level.txt can name stubs or modules of other platforms: keep what imports here.
    return {
        n
        for n in names
        if not n.startswith("__")
        and n.isidentifier()
        and (not check_importable or importlib.util.find_spec(n) is not None)
    }


def runtime_modules(also: Iterable[str] = ()) -> dict[str, str]:
    """Top-level module name → the distribution that provides it, for every runtime dependency."""
    return dict(_runtime_modules(tuple(also)))


@functools.cache
def _runtime_modules(also: tuple[str, ...]) -> dict[str, str]:
    modules: dict[str, str] = {}
    for name, dist in runtime_distributions(also).items():
        for module in top_level_modules(dist):
            modules[module] = name
    return modules


def also_requested() -> list[str]:
    return os.environ.get(ALSO_ENV, "").split()


@functools.cache
def qt_modules_the_app_imports() -> frozenset[str]:
    """`PySide6.X` modules named in import statements anywhere in the fmc_desktop package."""
    used: set[str] = set()
    for path in (REPO / "fmc_desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                match = re.match(r"PySide6\.(Qt\w+)", name)
                if match:
                    used.add(match.group(1))
    return frozenset(used)


def excluded_but_needed(
    excludes: Iterable[str] | None = None, also: Iterable[str] = ()
) -> list[str]:
    """Excludes that would drop something the app needs; the spec refuses to build with any.

    `excludes`: module names as the spec gives them to PyInstaller (default: this file's lists).
    """
    if excludes is None:
        excludes = exclude_modules(also)
    needed = runtime_modules(also)
    used_qt = qt_modules_the_app_imports()
    problems = []
    for module in excludes:
        top, _, rest = module.partition(".")
        if not rest and top in needed:
            problems.append(f"{module} is excluded but {needed[top]} (a runtime dependency) is it")
        if top == "fmc_desktop":
            problems.append(f"{module} is excluded but it is the app itself")
        if top == "PySide6" and rest in used_qt:
            problems.append(f"{module} is excluded but fmc_desktop imports it")
    return problems


def fmc_desktop_modules() -> list[str]:
    """Every module of the fmc_desktop package, by its dotted name, from the checkout."""
    package = REPO / "fmc_desktop"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def is_system_library(source: str, destination: str) -> bool:
    """True for a shared library of the desktop stack copied from the build machine's system."""
    in_python = any(
        part in source for part in ("site-packages", "dist-packages", sys.base_prefix + "/lib/py")
    )
    name = Path(destination).name
    return not in_python and any(fnmatch.fnmatch(name, p) for p in SYSTEM_LIBRARIES)


def unused_qt_file(destination: str) -> bool:
    """True for a Qt plugin or translation the bundle leaves out."""
    path = destination.replace(os.sep, "/")
    for marker in ("PySide6/Qt/plugins/",):
        if marker in path:
            inside = path.split(marker, 1)[1]
            return any(fnmatch.fnmatch(inside, p) for p in UNUSED_QT_PLUGINS)
    if "PySide6/Qt/translations/" in path:
        return Path(path).name not in QT_TRANSLATIONS_KEPT
    return False


def _is_root(destination: str) -> bool:
    """Binaries something loads by name: Python extensions, Qt plugins, libpython."""
    path = destination.replace(os.sep, "/")
    name = path.rsplit("/", 1)[-1]
    return (
        ".cpython-" in name
        or ".abi3." in name
        or "/lib-dynload/" in path
        or "PySide6/Qt/plugins/" in path
        or name.startswith("libpython")
        or not name.startswith("lib")  # a module that is not a library (e.g. *__mypyc.so)
    )


def drop_unneeded_libraries(
    binaries: list[tuple[str, str, str]], imports_of: Callable[[str], Iterable[str]]
) -> list[tuple[str, str, str]]:
    """Leave out shared libraries that only a left-out plugin needed.

    PyInstaller follows the libraries of every plugin before the spec can drop the plugin, so
    dropping the JPEG plugin alone still leaves the build machine's libjpeg behind. Roots are
    the binaries loaded by name; a library stays when some root needs it (transitively:
    imports_of is PyInstaller's own resolver, which follows the whole chain).
    """
    needed: set[str] = set()
    for dest, src, kind in binaries:
        if kind != "SYMLINK" and _is_root(dest):
            needed.update(Path(name).name for name in imports_of(src))
    kept_names = {Path(dest).name for dest, _src, _kind in binaries if _is_root(dest)} | needed
    return [
        (dest, src, kind)
        for dest, src, kind in binaries
        if Path(dest).name in kept_names or (kind == "SYMLINK" and Path(src).name in kept_names)
    ]


def strip_bundle(bundle: Path) -> None:
    """Strip the symbol tables off the bundle's shared libraries (about 11 MB of the tarball).

    Not PyInstaller's `strip=True`: that also strips the libraries auditwheel vendored into
    wheels (`numpy.libs/`, `cffi.libs/`...), which patchelf rewrote, and a stripped
    libscipy_openblas then fails to load ("ELF load command address/offset not page-aligned").
    Not on macOS either (it breaks the wheels' code signatures). The executable itself carries the
    Python archive after its ELF part and is never stripped.
    """
    import shutil
    import subprocess

    strip = shutil.which("strip")
    if strip is None:
        raise SystemExit("strip is missing (Debian: apt-get install binutils)")
    targets = [
        str(path)
        for path in sorted((bundle / "_internal").rglob("*.so*"))
        if path.is_file()
        and not path.is_symlink()
        and not any(part.endswith(".libs") for part in path.relative_to(bundle).parts)
        and path.read_bytes()[:4] == b"\x7fELF"
    ]
    for start in range(0, len(targets), 100):
        subprocess.run([strip, "--strip-unneeded", *targets[start : start + 100]], check=True)

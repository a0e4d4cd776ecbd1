"""The core and the simulator must work where Qt cannot even be imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import fmc_desktop.core
import fmc_desktop.simulator

PROBE = """
import importlib, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError(f"Qt is blocked in this test: {name}")
        return None

sys.meta_path.insert(0, NoQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules), "Qt was imported"
print("ok", len(sys.argv) - 1)
"""


def _modules(package: object) -> list[str]:
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [m.name for m in pkgutil.walk_packages(package.__path__, prefix)]  # type: ignore[attr-defined]


def test_core_and_simulator_import_with_qt_blocked() -> None:
    modules = _modules(fmc_desktop.core) + _modules(fmc_desktop.simulator)
    assert len(modules) >= 5
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_the_blocker_really_blocks() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "PySide6.QtCore"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "Qt is blocked" in result.stderr

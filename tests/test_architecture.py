"""The layer contracts in pyproject.toml hold on the real tree and catch each kind of offence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# Run in this interpreter: the `lint-imports` script is not always on PATH next to it.
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)

FORBIDDEN = "Only the GUI imports Qt"
LAYERS = "The launcher, then the two front ends, then the simulator, then the core"
INDEPENDENT = "The command line and the GUI never import each other"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The package is found from the working folder, so a copy there shadows the installed one.
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--config", "pyproject.toml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def broken_contracts(output: str) -> set[str]:
    # The summary has one line per contract: "<name> BROKEN" or "<name> KEPT", then notes.
    return {
        line.partition(" BROKEN")[0].strip()
        for line in output.splitlines()
        if " BROKEN" in line and not line.startswith(" ")
    }


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's modules and the project's contracts, in a folder a test may spoil."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copy(REPO_ROOT / "pyproject.toml", root)
    shutil.copytree(
        REPO_ROOT / "fmc_desktop",
        root / "fmc_desktop",
        ignore=shutil.ignore_patterns("__pycache__", "resources"),
    )
    return root


# One offending import per case: the module it goes into, the line, the contracts it must break.
# (A bad edge low down can break more: the core reaching the GUI also joins the CLI to it.)
OFFENCES = [
    ("core/api/clock.py", "import PySide6.QtCore", {FORBIDDEN}),
    ("cli/common.py", "from PySide6 import QtCore", {FORBIDDEN}),
    ("simulator/company.py", "import PySide6", {FORBIDDEN}),
    ("launch.py", "import PySide6.QtWidgets", {FORBIDDEN}),
    # Through another module: the core reaching the GUI brings Qt in behind it.
    ("core/api/clock.py", "import fmc_desktop.ui.shell.i18n", {FORBIDDEN, LAYERS}),
    ("core/api/clock.py", "import fmc_desktop.simulator", {LAYERS}),
    ("simulator/company.py", "import fmc_desktop.cli.common", {LAYERS}),
    ("cli/common.py", "import fmc_desktop.ui.shell.i18n", {FORBIDDEN, LAYERS, INDEPENDENT}),
    ("ui/shell/i18n.py", "import fmc_desktop.cli.common", {LAYERS, INDEPENDENT}),
    ("ui/shell/i18n.py", "import fmc_desktop.launch", {LAYERS}),
]


@pytest.mark.parametrize(
    ("module", "line", "contracts"), OFFENCES, ids=[f"{m}: {line}" for m, line, _ in OFFENCES]
)
def test_an_offending_import_breaks_its_contracts(
    package_copy: Path, module: str, line: str, contracts: set[str]
) -> None:
    path = package_copy / "fmc_desktop" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}  # noqa\n", encoding="utf-8")
    try:
        result = lint_imports(package_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout + result.stderr
    # At least these: one bad edge may also break another contract through the modules above it.
    assert contracts <= broken_contracts(result.stdout), result.stdout


# --- the layout explains itself ----------------------------------------------------------------

PACKAGE = REPO_ROOT / "fmc_desktop"
# A module of a few hundred lines is normal; past this, it has two jobs (CONTRIBUTING.md).
MAX_MODULE_LINES = 900


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_folder_says_what_it_holds() -> None:
    # A newcomer finds a feature by its folder: each package's __init__ says in its docstring
    # what the folder holds.
    import ast

    silent = [
        str(init.relative_to(REPO_ROOT))
        for init in sorted(PACKAGE.rglob("__init__.py"))
        if not (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert silent == []

"""Every benchmark still runs: a tiny size of each, as a process, as `benchmarks/RESULTS.md` says.

The benchmarks import the package's modules by name, so moving or renaming a module can break
them without any other test noticing (bench_history.py once imported a function from the module
it had left). Sizes are the smallest that go through every step; the figures are not checked.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PYTHON, REPO_ROOT, cli_env

BENCHMARKS = REPO_ROOT / "benchmarks"

RUNS = [
    ("bench_history.py", ["--calls", "3000"], "first painted screen"),
    ("bench_insights.py", ["--calls", "5000", "--repeat", "1"], "naive"),
    ("bench_archive.py", ["--calls", "5000"], "naive"),
    ("bench_numbers.py", ["--rounds", "1"], "phonenumbers parse"),
    ("bench_parsing.py", ["2000"], "csv"),
    ("bench_contacts.py", ["300"], "keystrokes"),
    (
        "bench_gui_stall.py",
        ["--calls", "2000", "--skip-big", "--repeat", "1", "--simulator", "thread"],
        "ms",
    ),
    ("bench_import_memory.py", ["--mb", "2", "--formats", "csv"], "MB"),
    ("bench_memory.py", ["--calls", "2000"], "the floor"),
    ("bench_startup.py", ["--calls", "2000", "--runs", "1"], "quit on SIGTERM"),
    ("bench_callbacks.py", ["--calls", "3000", "--repeat", "1"], "naive SQL"),
]

# Lines a run must also print beside its label above, each case under its own label.
MORE_LABELS: dict[str, tuple[str, ...]] = {
    "bench_startup.py": (
        "history snapshot written (after the first load)",
        "every call loaded (whole PBX view, snapshot)",
        "first rows painted (my calls, last 30 days, snapshot)",
    ),
    "bench_archive.py": (
        "import_files into the archive:",
        "import_files, distinct numbers:",  # every call's outside number a new one
    ),
}


def test_every_benchmark_is_listed_here() -> None:
    listed = {script for script, _, _ in RUNS}
    assert {p.name for p in BENCHMARKS.glob("bench_*.py")} == listed


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args", "label"), RUNS, ids=[run[0] for run in RUNS])
def test_a_benchmark_runs_at_a_tiny_size(
    script: str, args: list[str], label: str, tmp_path: Path
) -> None:
    env = cli_env(tmp_path / "home", TMPDIR=str(tmp_path))
    done = subprocess.run(
        [PYTHON, str(BENCHMARKS / script), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert label in done.stdout
    for more in MORE_LABELS.get(script, ()):
        assert more in done.stdout


@pytest.mark.parametrize("script", sorted(p.name for p in BENCHMARKS.glob("bench_*.py")))
def test_every_name_a_benchmark_imports_from_the_package_exists(script: str) -> None:
    # Imports inside functions too (bench_startup's naive model imports when it runs).
    tree = ast.parse((BENCHMARKS / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fmc_desktop"):
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                assert hasattr(module, alias.name), f"{script}: {node.module}.{alias.name}"

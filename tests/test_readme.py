"""The README's first-screen commands are the ones CI runs."""

from __future__ import annotations

from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text("utf-8")
CI = (REPO_ROOT / ".ci" / "run").read_text("utf-8")


def _first_screen() -> str:
    return "\n".join(README.splitlines()[:40])


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci_test_line = CI.strip().splitlines()[-1]
    assert ci_test_line in _first_screen()


def test_the_readme_starts_the_app_on_the_simulator_first() -> None:
    assert "fmc-desktop --demo" in _first_screen()


def test_the_readme_lists_every_exit_code() -> None:
    from fmc_desktop.core.api.errors import ExitCode

    for code in ExitCode:
        assert f"| {int(code)} |" in README, code

"""Dialling numbers as people write them: the real program against the simulator, over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_api import run_cli


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


def _dial(home: Path, sim: Any, *args: str) -> Any:
    return run_cli(
        home,
        "--base-url",
        sim.base_url,
        "dial",
        *args,
        "--as",
        sim.company.user.number,
        "--yes",
        token=sim.token,
    )


def test_the_trunk_zero_after_the_country_code_is_not_dialled(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    result = _dial(home, sim, "+44 (0)20 3369 3912")
    assert result.returncode == 0, result.stderr
    # The vendor spec writes numbers with a country code as "+380441111111": E.164 with its +.
    sent = [r.params["called_number"] for r in sim.requests_to("originate")]
    assert sent == ["+442033693912"]
    assert [call.called_number for call in sim.originates] == ["+442033693912"]
    assert "+44 20 3369 3912" in result.stdout
    assert "international number" in result.stdout


def test_an_extension_is_said_and_never_sent(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    result = _dial(home, sim, "044 518 14 70 доб. 123")
    assert result.returncode == 0, result.stderr
    assert [r.params["called_number"] for r in sim.requests_to("originate")] == ["+380445181470"]
    assert "Extension 123: dial it after you are connected." in result.stdout

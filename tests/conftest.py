"""Shared fixtures: every test gets its own folders, an in-memory keyring and no ambient token."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from fmc_desktop.core.api.clock import ManualClock, SystemClock
from tests.support.keyrings import MemoryKeyring

# Real Qt widgets, on the offscreen platform: set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent

# A fixed "now" for tests that move time by hand: a Friday morning in Kyiv, late November.
TEST_NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every folder the app uses at tmp_path; remove any real token from the environment."""
    home = tmp_path / "fmc-home"
    monkeypatch.setenv("FMC_DESKTOP_HOME", str(home))
    for name in ("FMC_TOKEN", "FMC_BASE_URL", "FMC_PROXY", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    # Belt and braces: anything that still asks platformdirs lands in tmp_path, not the real home.
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(TEST_NOW)


@pytest.fixture
def simulator(clock: ManualClock) -> Iterator[object]:
    """The project's API simulator on a loopback port, on the test's manual clock."""
    from fmc_desktop.simulator import Simulator

    sim = Simulator(clock=clock, seed=1)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def live_simulator() -> Iterator[object]:
    """The simulator on the system clock, for tests that run the real program as a subprocess."""
    from fmc_desktop.simulator import Simulator

    sim = Simulator(clock=SystemClock(), seed=1)
    sim.start()
    yield sim
    sim.stop()


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running `python -m fmc_desktop` as a subprocess in a test."""
    env = {k: v for k, v in os.environ.items() if k not in ("FMC_TOKEN", "FMC_BASE_URL")}
    env.update(
        FMC_DESKTOP_HOME=str(home),
        PYTHONPATH=str(REPO_ROOT),
        PYTHON_KEYRING_BACKEND="tests.support.keyrings.JsonFileKeyring",
        FMC_TEST_KEYRING_FILE=str(home.parent / "test-keyring.json"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


PYTHON = sys.executable

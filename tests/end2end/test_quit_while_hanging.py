"""The real program, quit with SIGTERM while its sync waits on a server that does not answer.

It used to abort ("QThread: Destroyed while thread is still running", SIGABRT) after waiting for
the thread; now it ends within 3 s, cleanly, whatever the network does.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Fault
from tests.conftest import PYTHON, cli_env


def _log_text(home: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in sorted(home.rglob("*.log")))


def test_sigterm_while_a_sync_hangs_ends_within_3_s(
    isolated_environment: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    home = isolated_environment
    paths = AppPaths.resolve().ensure()
    user = canonical(sim.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(base_url=sim.base_url, own_numbers=[user], call_as=user)
    )
    sim.inject(Fault.SLOW, times=50, endpoint="cdr", delay=120)
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop"],
        env=cli_env(home, FMC_TOKEN=sim.token),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            deadline = time.monotonic() + 60
            # Running, and its first sync is inside a request the server sits on.
            while not sim.requests_to("callstat.json") and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()[1].decode("utf-8", "replace")
                time.sleep(0.1)
            assert sim.requests_to("callstat.json")  # the sync sits in a request
            while "is running" not in _log_text(home) and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=30)
            spent = time.monotonic() - started
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    errors = err.decode("utf-8", "replace")
    assert proc.returncode == 0, errors
    assert "Destroyed while thread" not in errors
    assert spent < 3.0, f"quitting took {spent:.1f} s"
    assert "Traceback" not in _log_text(home)


def test_sigterm_while_the_keyring_never_answers_ends_within_3_s(
    isolated_environment: Path, live_simulator: Any
) -> None:
    # A task that cannot be interrupted at all (a keyring prompt): the app must not wait for it,
    # nor destroy its running thread (SIGABRT); it ends with everything closed.
    sim = live_simulator
    home = isolated_environment
    paths = AppPaths.resolve().ensure()
    user = canonical(sim.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(base_url=sim.base_url, own_numbers=[user], call_as=user)
    )
    env = cli_env(home, PYTHON_KEYRING_BACKEND="tests.support.keyrings.NeverAnsweringKeyring")
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        try:
            deadline = time.monotonic() + 60
            while "is running" not in _log_text(home) and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()[1].decode("utf-8", "replace")
                time.sleep(0.1)
            time.sleep(1.0)  # the token is being looked up, on a worker, in a keyring that hangs
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=30)
            spent = time.monotonic() - started
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    errors = err.decode("utf-8", "replace")
    assert proc.returncode == 0, errors
    assert "Destroyed while thread" not in errors
    assert spent < 3.0, f"quitting took {spent:.1f} s"
    assert "background task still waiting" in _log_text(home)

"""A start of the app removes the desktop entries a vanished install left (pip runs no code on
uninstall): the real program as a process, in the test's own XDG folders."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from fmc_desktop.core.system import autostart
from fmc_desktop.core.system.desktop_entry import entry_path, register_handler
from tests.conftest import PYTHON, cli_env
from tests.end2end.test_demo_app import _wait_for


def test_a_start_cleans_entries_that_point_at_a_program_that_is_gone(
    isolated_environment: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "pipx" / "bin" / "fmc-desktop"
    gone.parent.mkdir(parents=True)
    gone.write_text("#!/bin/sh\n", encoding="utf-8")
    gone.chmod(0o755)
    env = {**os.environ, "PATH": str(tmp_path / "no-tools")}
    register_handler([str(gone)], environ=env)
    autostart.enable_autostart([str(gone)], environ=env)
    gone.unlink()  # `pipx uninstall fmc-desktop`, without unregister-handler first
    assert entry_path(env).is_file()

    home = isolated_environment
    logs = home / "logs" / "demo" / "*.log"
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop", "--demo"],
        env=cli_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            seen = _wait_for(logs, "is running (demo)", proc, timeout=60)
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert not entry_path(env).exists()
    assert not autostart.is_autostart_enabled(env)
    assert "the program it starts no longer exists" in seen

"""The real program as a process: `fmc-desktop --demo` comes up and quits cleanly."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import PYTHON, cli_env


def _wait_for(path_glob: Path, text: str, proc: subprocess.Popen[bytes], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the app exited early with {proc.returncode}: {seen}"
        logs = sorted(path_glob.parent.glob(path_glob.name))
        seen = "".join(p.read_text("utf-8", "replace") for p in logs)
        if text in seen:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared in the log:\n{seen}")


def test_demo_comes_up_syncs_and_quits_cleanly(isolated_environment: Path) -> None:
    home = isolated_environment
    logs = home / "logs" / "demo" / "*.log"
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop", "--demo"],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            _wait_for(logs, "is running (demo)", proc, timeout=60)
            _wait_for(logs, "sync finished", proc, timeout=90)
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 0, err.decode("utf-8", "replace")
    seen = "".join(p.read_text("utf-8", "replace") for p in sorted(logs.parent.glob(logs.name)))
    assert "shut down cleanly" in seen
    assert "Traceback" not in seen
    # The demo's archive was filled by the first sync and is a readable SQLite file.
    archive = home / "data" / "demo" / "calls.sqlite3"
    assert archive.exists()
    import sqlite3

    with sqlite3.connect(archive) as db:
        assert db.execute("select count(*) from calls").fetchone()[0] > 100

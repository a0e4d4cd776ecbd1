"""What the command line prints from outside reaches the terminal without its escape sequences;
keyrings that would prompt on the terminal and proxies the client cannot use are refused in one
sentence with their exit codes. The real program as a process.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.errors import ExitCode
from tests.cli.test_cli_api import run_cli
from tests.conftest import PYTHON, cli_env
from tests.support.fixed_answer import FixedAnswerServer

TOKEN = "ab" * 32
# OSC 52 writes the clipboard, CSI 2 J clears the screen, RLO turns what follows around, BEL
# rings, and U+009B is the one-byte (C1) form of CSI.
HOSTILE = "Ann\x1b]52;c;ZXZpbA==\x07a \x1b[2J\u202e7654\u009b31m"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


def _clean(text: str) -> bool:
    return CONTROLS.search(text) is None


def test_a_400_answer_with_escape_sequences_is_printed_without_them(home: Path) -> None:
    with FixedAnswerServer(
        f"Bad request: {HOSTILE}".encode(), status=400, content_type="text/plain"
    ) as server:
        done = run_cli(home, "--base-url", server.base_url, "calls", token=TOKEN)
    assert done.returncode == ExitCode.REQUEST_REJECTED, done.stderr
    assert "Bad request: Ann]52;c;ZXZpbA==a [2J7654" in done.stderr
    assert _clean(done.stderr), repr(done.stderr)


def test_an_api_error_object_is_shown_in_the_apis_words(home: Path) -> None:
    body = json.dumps({"error": f"Token expired {HOSTILE}"}).encode()
    with FixedAnswerServer(body) as server:
        done = run_cli(home, "--base-url", server.base_url, "calls", token=TOKEN)
    assert done.returncode == ExitCode.REQUEST_REJECTED, done.stderr
    assert "Token expired Ann" in done.stderr
    assert "has no" not in done.stderr
    assert _clean(done.stderr), repr(done.stderr)


def test_names_in_a_call_table_are_printed_without_escape_sequences(home: Path) -> None:
    call = {
        "start_timestamp": "2026-12-01 10:00:00",
        "end_timestamp": "2026-12-01 10:01:00",
        "calling_number": "0671234567",
        "called_number": "0441111111",
        "duration": 60,
        "calling_name": HOSTILE,
        "called_name": "Bob",
    }
    with FixedAnswerServer(json.dumps({"calls": [call]}).encode()) as server:
        done = run_cli(
            home,
            "--base-url",
            server.base_url,
            "calls",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-02",
            "--names",
            "--format",
            "table",
            token=TOKEN,
        )
    assert done.returncode == ExitCode.OK, done.stderr
    assert "Ann" in done.stdout
    assert _clean(done.stdout), repr(done.stdout)


def test_config_values_are_printed_without_escape_sequences(home: Path) -> None:
    done = run_cli(home, "config", "proxy_url", f"http://proxy.example.com:3128/{HOSTILE}")
    assert done.returncode == ExitCode.OK, done.stderr
    shown = run_cli(home, "config")
    assert "proxy.example.com" in shown.stdout
    assert _clean(done.stdout), repr(done.stdout)
    assert _clean(shown.stdout), repr(shown.stdout)


def test_a_keyring_that_asks_for_its_own_password_is_no_safe_keyring(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    env = {"PYTHON_KEYRING_BACKEND": "tests.support.keyrings.EncryptedKeyring"}
    login = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "login",
        "--token-stdin",
        input_text=sim.token + "\n",
        env=env,
    )
    calls = run_cli(home, "--base-url", sim.base_url, "calls", env=env)
    for done in (login, calls):
        assert done.returncode == ExitCode.NO_SAFE_KEYRING, done.stderr
        assert "No secure keyring" in done.stderr
        # Refused before it could ask: no prompt, no "password may be echoed" warning.
        assert "password" not in done.stderr.lower()


def test_config_refuses_a_proxy_the_client_cannot_use(home: Path) -> None:
    for address in ("socks5://127.0.0.1:1080", "proxy.example.com:3128", "ftp://proxy:21"):
        done = run_cli(home, "config", "proxy_url", address)
        assert done.returncode == ExitCode.USAGE, done.stderr
        assert "http://" in done.stderr
        assert done.stderr.count("\n") == 1  # one sentence, one line
    kept = run_cli(home, "config", "proxy_url", "http://proxy.example.com:3128")
    assert kept.returncode == ExitCode.OK, kept.stderr
    assert run_cli(home, "config", "proxy_url").stdout.strip() == '"http://proxy.example.com:3128"'


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_data_shown_on_a_terminal_loses_escapes_and_a_pipe_keeps_the_data(
    home: Path, fmt: str
) -> None:
    call = {
        "start_timestamp": "2026-12-01 10:00:00",
        "end_timestamp": "2026-12-01 10:01:00",
        "calling_number": "0671234567",
        "called_number": "0441111111",
        "duration": 60,
        "calling_name": HOSTILE,
    }
    args = ["calls", "--from", "2026-12-01", "--to", "2026-12-02", "--names", "--format", fmt]
    with FixedAnswerServer(json.dumps({"calls": [call]}).encode()) as server:
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [PYTHON, "-m", "fmc_desktop", "--base-url", server.base_url, *args],
            env=cli_env(home, FMC_TOKEN=TOKEN),
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(slave)
        seen = b""
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        assert proc.wait(timeout=30) == ExitCode.OK
        os.close(master)
        piped = run_cli(home, "--base-url", server.base_url, *args, token=TOKEN)
    shown = seen.decode("utf-8", "replace")
    assert "Ann" in shown
    assert _clean(shown.replace("\r", "")), repr(shown)
    # Through a pipe the data is the API's, exactly (JSON escapes C0 itself; CSV keeps them).
    assert "\u202e" in piped.stdout or "\\u202e" in piped.stdout

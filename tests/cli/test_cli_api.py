"""The command line as a user runs it: the real program as a process, against the simulator."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.kyiv import KYIV
from tests.conftest import PYTHON, cli_env


def run_cli(
    home: Path,
    *args: str,
    token: str | None = None,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    extra = dict(env or {})
    if token is not None:
        extra["FMC_TOKEN"] = token
    return subprocess.run(
        [PYTHON, "-m", "fmc_desktop", *args],
        env=cli_env(home, **extra),
        input=input_text if input_text is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


def test_version_and_help(home: Path) -> None:
    result = run_cli(home, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("fmc-desktop ")
    result = run_cli(home, "--help")
    assert result.returncode == 0
    assert "exit codes:" in result.stdout


def test_calls_json_is_the_apis_records_sorted(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "calls",
        "--days",
        "3",
        "--format",
        "json",
        token=sim.token,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "three days of a working company have calls"
    now = sim.clock.now()
    truth = sim.calls_between(now - timedelta(days=3), now)
    keys = {(r["start_timestamp"], r["calling_number"], r["called_number"]) for r in rows}
    expected = {(r["start_timestamp"], r["calling_number"], r["called_number"]) for r in truth}
    # The edges move with the wall clock between the two reads; the middle must be identical.
    assert len(keys ^ expected) <= 4
    # Sorted by the real instant (wall times repeat in the autumn hour).
    from fmc_desktop.core.api.formats.reading import parse_calls

    instants = [r.start_utc for r in parse_calls(result.stdout.encode(), "json").records]
    assert instants == sorted(instants)
    assert set(rows[0]) >= {
        "start_timestamp",
        "end_timestamp",
        "calling_number",
        "called_number",
        "duration",
    }
    assert "calling_name" not in rows[0], "names are off unless asked for"


def test_every_source_format_gives_the_same_output(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    day = (datetime.now(KYIV) - timedelta(days=4)).date()
    period = ("--from", day.isoformat(), "--to", (day + timedelta(days=2)).isoformat())
    outputs = []
    for fmt in ("json", "csv", "xml"):
        result = run_cli(
            home,
            "--base-url",
            sim.base_url,
            "calls",
            *period,
            "--names",
            "--departments",
            "--ownership",
            "--source-format",
            fmt,
            "--format",
            "csv",
            token=sim.token,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    header = outputs[0].splitlines()[0].split(",")
    assert {"calling_name", "called_department"} <= set(header)
    assert any(
        h
        not in (
            "start_timestamp",
            "end_timestamp",
            "calling_number",
            "called_number",
            "duration",
            "calling_name",
            "called_name",
            "calling_department",
            "called_department",
        )
        for h in header
    ), "unknown fields are kept"


def test_calls_to_a_file_and_as_a_table(home: Path, live_simulator: Any, tmp_path: Path) -> None:
    sim = live_simulator
    target = tmp_path / "out.csv"
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "calls",
        "--days",
        "1",
        "--format",
        "csv",
        "-o",
        str(target),
        token=sim.token,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text("utf-8").startswith("start_timestamp,end_timestamp,")
    result = run_cli(home, "calls", "--days", "1", "--base-url", sim.base_url, token=sim.token)
    assert result.returncode == 0, result.stderr
    assert "start (Kyiv)" in result.stdout.splitlines()[0]
    assert result.stdout.rstrip().endswith("calls")


def test_a_failing_window_writes_nothing(home: Path, live_simulator: Any, tmp_path: Path) -> None:
    from fmc_desktop.simulator import Fault

    sim = live_simulator
    sim.inject(Fault.SERVER_ERROR, times=20, endpoint="cdr")
    target = tmp_path / "never.json"
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "calls",
        "--days",
        "10",
        "--format",
        "json",
        "-o",
        str(target),
        token=sim.token,
    )
    assert result.returncode == 5
    assert "server" in result.stderr.lower()
    assert not target.exists()
    assert list(tmp_path.glob(".never.json*")) == []
    assert len(result.stderr.strip().splitlines()) == 1, "one line, no traceback"


def test_errors_have_their_exit_codes(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    base = ("--base-url", sim.base_url)
    no_token = run_cli(home, *base, "calls")
    assert no_token.returncode == 3
    assert "fmc-desktop login" in no_token.stderr
    wrong = run_cli(home, *base, "calls", token="ab" * 32)
    assert wrong.returncode == 3
    assert "rejected" in wrong.stderr
    bad_shape = run_cli(home, *base, "calls", token="not-a-token")
    assert bad_shape.returncode == 3
    bad_ts = run_cli(home, *base, "calls", "--from", "yesterday", token=sim.token)
    assert bad_ts.returncode == 2
    assert "YYYY-MM-DD" in bad_ts.stderr
    insecure = run_cli(home, "--base-url", "http://example.com", "calls", token=sim.token)
    assert insecure.returncode == 2
    unreachable = run_cli(home, "--base-url", "http://127.0.0.1:9", "calls", token=sim.token)
    assert unreachable.returncode == 5
    for result in (no_token, wrong, bad_shape, bad_ts, insecure, unreachable):
        assert "Traceback" not in result.stderr
        assert sim.token not in result.stderr + result.stdout


def test_dial_with_yes_places_exactly_one_call(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    own = sim.company.user.number
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "dial",
        "+38 (044) 111-11-11",
        "--as",
        own,
        "--yes",
        token=sim.token,
    )
    assert result.returncode == 0, result.stderr
    assert "Kyivstar is ringing your phone" in result.stdout
    assert len(sim.originates) == 1
    assert sim.originates[0].called_number == "+380441111111"


def test_dial_refuses_without_a_terminal_or_own_number(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    base = ("--base-url", sim.base_url)
    no_tty = run_cli(
        home, *base, "dial", "0441111111", "--as", sim.company.user.number, token=sim.token
    )
    assert no_tty.returncode == 2
    assert "--yes" in no_tty.stderr
    no_own = run_cli(home, *base, "dial", "0441111111", "--yes", token=sim.token)
    assert no_own.returncode == 2
    assert "--as" in no_own.stderr
    bad = run_cli(
        home,
        *base,
        "dial",
        "call-me-maybe",
        "--as",
        sim.company.user.number,
        "--yes",
        token=sim.token,
    )
    assert bad.returncode == 2
    assert sim.requests_to("originate") == []


def test_dial_outcome_unknown_is_never_retried(home: Path, live_simulator: Any) -> None:
    from fmc_desktop.simulator import Fault

    sim = live_simulator
    sim.inject(Fault.DROP, endpoint="originate")
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "dial",
        "0441111111",
        "--as",
        sim.company.user.number,
        "--yes",
        token=sim.token,
    )
    assert result.returncode == 6
    assert "check your phone" in result.stderr
    assert len(sim.requests_to("originate")) == 1


def _run_on_terminal(home: Path, args: list[str], answer: str, token: str) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin/stdout and type `answer` at its prompt."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop", *args],
        env=cli_env(home, FMC_TOKEN=token),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    answered = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(master, answer.encode() + b"\n")
            answered = True
        if proc.poll() is not None and not ready:
            break
    code = proc.wait(timeout=10)
    os.close(master)
    return code, seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_dial_asks_on_a_terminal(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    args = ["--base-url", sim.base_url, "dial", "0441111111", "--as", sim.company.user.number]
    code, screen = _run_on_terminal(home, args, "n", sim.token)
    assert code == 8, screen
    assert "Kyivstar will ring 067" in screen or "Kyivstar will ring 0" in screen
    assert sim.originates == []
    code, screen = _run_on_terminal(home, args, "y", sim.token)
    assert code == 0, screen
    assert len(sim.originates) == 1


def test_login_stores_the_token_and_logout_removes_it(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    base = ("--base-url", sim.base_url)
    rejected = run_cli(home, *base, "login", "--token-stdin", input_text="cd" * 32 + "\n")
    assert rejected.returncode == 3
    login = run_cli(home, *base, "login", "--token-stdin", input_text=sim.token + "\n")
    assert login.returncode == 0, login.stderr
    assert "stored" in login.stdout
    calls = run_cli(home, *base, "calls", "--days", "1", "--format", "json")
    assert calls.returncode == 0, calls.stderr
    # One keyring entry per API host: the simulator's token is not the real API's.
    other = run_cli(home, "calls", "--days", "1")
    assert other.returncode == 3
    logout = run_cli(home, *base, "logout", env={"FMC_TOKEN": sim.token})
    assert logout.returncode == 0
    assert "FMC_TOKEN is still set" in logout.stderr
    after = run_cli(home, *base, "calls", "--days", "1")
    assert after.returncode == 3
    keyring_file = home.parent / "test-keyring.json"
    assert sim.token not in keyring_file.read_text("utf-8")
    for path in home.rglob("*"):
        if path.is_file():
            assert sim.token not in path.read_text("utf-8", "replace"), path


def test_login_refuses_an_unsafe_keyring(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    for backend in ("keyring.backends.null.Keyring", "keyring.backends.fail.Keyring"):
        result = run_cli(
            home,
            "--base-url",
            sim.base_url,
            "login",
            "--token-stdin",
            input_text=sim.token + "\n",
            env={"PYTHON_KEYRING_BACKEND": backend},
        )
        assert result.returncode == 7, result.stderr
        assert "keyring" in result.stderr.lower()
        assert sim.token not in result.stderr


def test_demo_needs_no_token_and_keeps_its_own_data(home: Path) -> None:
    result = run_cli(home, "--demo", "calls", "--days", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    assert (home / "config" / "demo").is_dir() or any(p.name == "demo" for p in home.rglob("demo"))


def test_config_sets_and_shows_values(home: Path) -> None:
    assert run_cli(home, "config", "call_as", "067 123 45 67").returncode == 0
    shown = run_cli(home, "config", "call_as")
    assert shown.stdout.strip() == '"+380671234567"'
    assert run_cli(home, "config", "no_such_thing").returncode == 2
    assert run_cli(home, "config", "fetch_names", "maybe").returncode == 2


def test_the_simulator_command_prints_its_url_and_token(home: Path) -> None:
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop", "simulator"],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            url_line = proc.stdout.readline()
            token_line = proc.stdout.readline()
            assert url_line.startswith("FMC API simulator listening on http://127.0.0.1:")
            token = token_line.split(":", 1)[1].strip()
            url = url_line.rsplit(" ", 1)[1].strip()
            result = run_cli(home, "--base-url", url, "calls", "--days", "1", token=token)
            assert result.returncode == 0, result.stderr
        finally:
            proc.terminate()
            proc.communicate(timeout=10)
        assert proc.returncode == 0


def test_timestamps_on_the_command_line_are_kyiv_time(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    day = (datetime.now(KYIV) - timedelta(days=2)).date().isoformat()
    result = run_cli(
        home,
        "--base-url",
        sim.base_url,
        "calls",
        "--from",
        f"{day} 09:00",
        "--to",
        f"{day}T10:00:00",
        "--format",
        "json",
        token=sim.token,
    )
    assert result.returncode == 0, result.stderr
    for row in json.loads(result.stdout):
        assert f"{day} 09:00:00" <= row["start_timestamp"] <= f"{day} 10:00:00"
    cdr = sim.requests_to("callstat.json")[-1]
    assert cdr.params["from"] == f"{day}T09:00:00"
    assert cdr.params["to"] == f"{day}T10:00:00"

"""The real program, as a process, on a damaged archive, a full disk and a read-only data folder.

How each fault is made real:
- damage: junk written over some of the call table's pages in the middle of a real archive;
- a full disk: a 400 kB tmpfs mounted as the whole FMC_DESKTOP_HOME (tests run as root here);
  where mounting is not allowed, a file-size limit (RLIMIT_FSIZE) in the child instead;
- a read-only folder: `chmod -R a-w` on the data folder, and the child started without the
  capabilities that let root ignore permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH are
  dropped from its bounding set with prctl before exec), so the kernel refuses its writes as it
  would a normal user's. A non-root test run needs no such step.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.clock import SystemClock
from fmc_desktop.core.archive.backup import BackupStore
from fmc_desktop.simulator import Fault
from tests.conftest import PYTHON, cli_env
from tests.support.root_powers import without_root_powers


def run(
    home: Path,
    *args: str,
    token: str | None = None,
    preexec: Callable[[], None] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    extra = {"FMC_TOKEN": token} if token else {}
    return subprocess.run(
        [PYTHON, "-m", "fmc_desktop", *args],
        env=cli_env(home, **extra),
        input="",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec,
        cwd=str(home.parent),
    )


def assert_one_clean_sentence(result: subprocess.CompletedProcess[str]) -> None:
    text = result.stderr + result.stdout
    assert "Traceback" not in text, text
    assert "another fmc-desktop is running" not in text, text
    assert "cannot rollback" not in text, text
    assert "unexpected error" not in text, text


@pytest.fixture
def home(isolated_environment: Path) -> Path:
    return isolated_environment


def synced(home: Path, sim: Any) -> Path:
    result = run(home, "--base-url", sim.base_url, "sync", token=sim.token)
    assert result.returncode == 0, result.stderr
    return home / "data" / "calls.sqlite3"


def count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM calls").fetchone()[0])


def damage_calls(path: Path, pages: int = 3) -> None:
    """Junk over some of the call table's leaf pages in the middle of the file."""
    with sqlite3.connect(path) as db:
        leaves = [
            row[0]
            for row in db.execute(
                "SELECT pageno FROM dbstat WHERE name = 'calls' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    assert len(leaves) > 3 * pages, "the archive is too small to damage in the middle"
    middle = len(leaves) // 2
    with open(path, "r+b") as handle:
        for page in leaves[middle : middle + pages]:
            handle.seek((page - 1) * page_size)
            handle.write(random.Random(page).randbytes(page_size))


def test_a_damaged_archive_is_not_written_and_repair_salvages_it(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    path = synced(home, sim)
    stored = count(path)
    export = home.parent / "export.csv"
    exported = run(home, "export", "--format", "csv", "-o", str(export))
    assert exported.returncode == 0, exported.stderr
    damage_calls(path)
    damaged = path.read_bytes()

    for args in (("sync",), ("import", str(export))):
        result = run(home, "--base-url", sim.base_url, *args, token=sim.token)
        assert result.returncode == 9, (args, result.stdout, result.stderr)
        assert "is damaged" in result.stderr
        assert "fmc-desktop repair" in result.stderr
        assert_one_clean_sentence(result)
        assert path.read_bytes() == damaged, f"{args[0]} wrote into the damaged archive"

    checked = run(home, "repair", "--check")
    assert checked.returncode == 9, checked.stdout + checked.stderr
    assert path.read_bytes() == damaged

    repaired = run(
        home, "--base-url", sim.base_url, "repair", "--salvage", "--yes", token=sim.token
    )
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert_one_clean_sentence(repaired)
    assert "Saved" in repaired.stdout
    assert "Fetching the last 30 days again" in repaired.stdout
    kept = list(path.parent.glob("calls.damaged-*.sqlite3"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged, "the damaged file is moved aside, never deleted"
    # The simulator still has every call (they are all within its 30 days): nothing is lost.
    assert count(path) == stored
    assert run(home, "repair", "--check").returncode == 0


def test_repair_offers_the_newest_good_backup_first(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    path = synced(home, sim)
    stored = count(path)
    store = BackupStore.beside(path)
    store.make(path, SystemClock().now())
    damage_calls(path)

    declined = run(home, "repair")
    assert declined.returncode == 2, "no terminal to confirm on: nothing changes"
    assert "Backups: 1 in" in declined.stdout

    repaired = run(home, "--base-url", sim.base_url, "repair", "--yes", token=sim.token)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "Restored the backup from" in repaired.stdout
    assert count(path) == stored
    assert len(list(path.parent.glob("calls.damaged-*.sqlite3"))) == 1


def test_an_empty_archive_is_not_replaced_silently(home: Path, live_simulator: Any) -> None:
    sim = live_simulator
    path = synced(home, sim)
    BackupStore.beside(path).make(path, SystemClock().now())
    path.write_bytes(b"")
    result = run(home, "history", "--format", "json")
    assert result.returncode == 0
    assert "was empty (0 bytes)" in result.stderr
    assert "fmc-desktop repair" in result.stderr
    log = (home / "logs" / "fmc-desktop.log").read_text(encoding="utf-8")
    assert "was empty (0 bytes)" in log


@pytest.fixture
def full_home(home: Path) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """FMC_DESKTOP_HOME on a 400 kB tmpfs; or, where mounting is refused, a file-size limit."""
    home.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=400k,mode=0700", "tmpfs", str(home)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if mounted:
        try:
            yield home, None
        finally:
            subprocess.run(["umount", "-l", str(home)], check=False)
        return

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

    yield home, limit


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs or RLIMIT_FSIZE")
def test_a_full_disk_is_one_sentence_and_exit_9(
    full_home: tuple[Path, Callable[[], None] | None], live_simulator: Any
) -> None:
    home, limit = full_home
    sim = live_simulator
    # Every window of a 30-day sync does not fit in 400 kB: the disk fills part way.
    result = run(home, "--base-url", sim.base_url, "sync", token=sim.token, preexec=limit)
    assert result.returncode == 9, result.stdout + result.stderr
    assert_one_clean_sentence(result)
    if limit is None:
        assert f"The disk holding {home / 'data'} is full" in result.stderr
        assert "free some space there" in result.stderr
    # What was committed before the disk filled is intact and readable.
    history = run(home, "history", "--format", "json", preexec=limit)
    assert history.returncode == 0, history.stderr
    assert_one_clean_sentence(history)


@pytest.mark.skipif(sys.platform != "linux", reason="prctl capabilities")
def test_a_read_only_data_folder_keeps_history_and_export_working(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    path = synced(home, sim)
    stored = count(path)
    data = path.parent
    # As `chmod -R a-w` leaves it: the folder and every file in it.
    files = [p for p in data.iterdir() if p.is_file()]
    for file in files:
        os.chmod(file, 0o444)
    os.chmod(data, 0o555)
    try:
        blocked = run(
            home, "--base-url", sim.base_url, "sync", token=sim.token, preexec=without_root_powers
        )
        assert blocked.returncode == 9, blocked.stdout + blocked.stderr
        assert_one_clean_sentence(blocked)
        assert f"The data folder {data}" in blocked.stderr
        assert "read-only" in blocked.stderr

        history = run(home, "history", "--format", "json", preexec=without_root_powers)
        assert history.returncode == 0, history.stderr
        assert len(json.loads(history.stdout)) == stored
        exported = run(home, "export", "--format", "csv", "-o", "-", preexec=without_root_powers)
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout.count("\n") >= stored

        # Made private (0500) as every data folder is, but never writable again.
        assert stat.S_IMODE(data.stat().st_mode) & 0o222 == 0, "the read-only folder stays so"
    finally:
        os.chmod(data, 0o700)
        for file in files:
            os.chmod(file, 0o600)


@pytest.mark.skipif(sys.platform != "linux", reason="prctl capabilities")
def test_a_log_folder_that_cannot_be_written_costs_one_line(home: Path) -> None:
    logs = home / "logs"
    logs.mkdir(parents=True)
    os.chmod(logs, 0o555)
    try:
        result = run(home, "history", "--format", "json", preexec=without_root_powers)
    finally:
        os.chmod(logs, 0o700)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert f"the log file in {logs} cannot be written" in result.stderr


def test_ten_thousand_identical_rows_in_one_answer_are_stored_once(
    home: Path, live_simulator: Any
) -> None:
    sim = live_simulator
    sim.inject(Fault.REPEATED_ROW, endpoint="cdr")
    result = run(home, "--base-url", sim.base_url, "sync", token=sim.token)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "More than" not in result.stderr
    assert "9999 already known" in result.stdout or "already known" in result.stdout
    again = run(home, "--base-url", sim.base_url, "sync", token=sim.token)
    assert again.returncode == 0, again.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="prctl capabilities")
def test_a_read_only_data_folder_is_not_taken_for_another_running_app(home: Path) -> None:
    """The window's single-instance lock lives in the data folder: a folder that refuses it
    must not read as "another fmc-desktop is running"."""
    data = home / "data"
    data.mkdir(parents=True)
    os.chmod(data, 0o555)
    probe = (
        "import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication;"
        "from fmc_desktop.ui.shell.single_instance import SingleInstance;"
        "app = QCoreApplication([]); instance = SingleInstance(Path(sys.argv[1]));"
        "print(instance.acquire(), instance.lock_refused)"
    )
    try:
        result = subprocess.run(
            [PYTHON, "-c", probe, str(data)],
            env=cli_env(home),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            preexec_fn=without_root_powers,
        )
    finally:
        os.chmod(data, 0o700)
    assert result.stdout.split() == ["False", "True"], result.stdout + result.stderr

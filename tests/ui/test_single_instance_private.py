"""The instance socket is in a folder only the user can enter, and other users are refused."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell.single_instance import (
    SingleInstance,
    runtime_folder,
    server_name,
    windows_pipe_name,
)


@pytest.fixture
def short_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fmc-t-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_sessions_runtime_folder_is_used_when_it_is_private(short_dir: Path) -> None:
    runtime = short_dir / "run"
    runtime.mkdir(mode=0o700)
    assert runtime_folder(short_dir / "data", {"XDG_RUNTIME_DIR": str(runtime)}) == runtime


def test_an_opened_up_runtime_folder_is_not_used(short_dir: Path) -> None:
    runtime = short_dir / "shared"
    runtime.mkdir()
    runtime.chmod(0o777)
    found = runtime_folder(short_dir / "data", {"XDG_RUNTIME_DIR": str(runtime)})
    assert found == short_dir / "data" / "run"  # the user's own 0700 folder instead
    assert found is not None
    assert stat.S_IMODE(os.stat(found).st_mode) == 0o700


def test_a_run_folder_made_by_someone_else_open_is_not_used(short_dir: Path) -> None:
    data = short_dir / "data"
    (data / "run").mkdir(parents=True)
    (data / "run").chmod(0o755)  # as a squatter would leave it
    found = runtime_folder(data, {})
    assert found is not None
    assert found != data / "run"
    assert stat.S_IMODE(os.stat(found).st_mode) & 0o077 == 0


def test_a_deep_data_folder_falls_back_to_a_short_private_folder(short_dir: Path) -> None:
    deep = short_dir / ("d" * 60) / ("e" * 60)
    found = runtime_folder(deep, {})
    assert found is not None
    assert len(str(found / server_name(deep))) <= 100
    assert stat.S_IMODE(os.stat(found).st_mode) & 0o077 == 0


def test_the_windows_pipe_name_holds_the_sid_and_the_folder(tmp_path: Path) -> None:
    sid = "S-1-5-21-3623811015-3361044348-30300820-1013"
    name = windows_pipe_name(sid, tmp_path / "a")
    assert name.startswith(f"fmc-desktop-{sid}-")
    assert name != windows_pipe_name(sid, tmp_path / "b")
    assert name != windows_pipe_name("S-1-5-21-1-2-3-1001", tmp_path / "a")
    assert windows_pipe_name("S-1-5\\..\\x", tmp_path / "a").count("\\") == 0


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0,
    reason="needs Linux and root to connect as another user",
)
def test_a_connection_from_another_user_is_refused(
    qtbot: QtBot, short_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = short_dir / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    instance = SingleInstance(short_dir / "data")
    assert instance.acquire()
    try:
        address = instance.address
        assert address is not None
        # A folder and socket opened up by mistake: only the peer check is left to refuse.
        short_dir.chmod(0o755)
        runtime.chmod(0o755)
        os.chmod(address, 0o777)
        # Half a second more once the other user is done, for a message that comes late.
        with qtbot.assertNotEmitted(instance.message_received, wait=500):
            child = os.fork()
            if child == 0:  # pragma: no cover - the child only connects and writes
                code = 1
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                        client.connect(address)
                        client.sendall(b"tel:+380449999999\n")
                        time.sleep(0.5)
                    code = 0
                finally:
                    os._exit(code)
            _, status = os.waitpid(child, 0)
            assert status == 0  # the other user did connect and write: the app refused to listen
        # The user's own start is still heard (with the folder private again, as it must be).
        runtime.chmod(0o700)
        sender = SingleInstance(short_dir / "data")
        with qtbot.waitSignal(instance.message_received, timeout=5000) as blocker:
            assert sender.send("tel:+380441111111")
        assert blocker.args == ["tel:+380441111111"]
        # Deleted here, on the GUI thread: left to the garbage collector, a QObject may be
        # destroyed on whichever thread happens to collect it.
        sender.deleteLater()
    finally:
        instance.release()
        instance.deleteLater()
        QApplication.processEvents()

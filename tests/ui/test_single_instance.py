"""One instance per user and data folder: the lock, the hand-over of messages, crash recovery."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell.single_instance import SingleInstance, server_name

REPO_ROOT = Path(__file__).resolve().parents[2]

# A first instance in another process: takes the lock, says so, and waits to be killed.
HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from fmc_desktop.ui.shell.single_instance import SingleInstance

    app = QCoreApplication([])
    instance = SingleInstance(Path(sys.argv[1]))
    print("acquired" if instance.acquire() else "refused", flush=True)
    app.exec()
    """
)


@pytest.fixture
def instances() -> Iterator[list[SingleInstance]]:
    """Every SingleInstance a test makes, released afterwards even if the test fails."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def make(instances: list[SingleInstance], data_dir: Path) -> SingleInstance:
    instance = SingleInstance(data_dir)
    instances.append(instance)
    return instance


def test_server_name_holds_the_user_and_the_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert server_name(a) != server_name(b)
    assert server_name(a) == server_name(tmp_path / "x" / ".." / "a")  # resolved, not spelled
    assert server_name(a).startswith("fmc-desktop-")
    # Short enough for a Unix socket path under any ordinary temp folder.
    assert len(server_name(a)) < 70


def test_second_instance_hands_a_link_to_the_first(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = make(instances, tmp_path / "home")
    assert first.acquire()
    assert (tmp_path / "home" / "instance.lock").exists()

    second = make(instances, tmp_path / "home")
    assert not second.acquire()
    with qtbot.waitSignal(first.message_received, timeout=5000) as blocker:
        assert second.send("tel:+380671234567")
    assert blocker.args == ["tel:+380671234567"]


def test_messages_arrive_in_order_and_in_unicode(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = make(instances, tmp_path)
    assert first.acquire()
    second = make(instances, tmp_path)
    received: list[str] = []
    first.message_received.connect(received.append)
    for message in ("show", "tel:+380441111111", "callto:Олена"):
        assert second.send(message)
    qtbot.waitUntil(lambda: len(received) == 3, timeout=5000)
    assert received == ["show", "tel:+380441111111", "callto:Олена"]


def test_a_line_break_cannot_split_one_message_into_two(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = make(instances, tmp_path)
    assert first.acquire()
    with qtbot.waitSignal(first.message_received, timeout=5000) as blocker:
        assert make(instances, tmp_path).send("tel:+380671234567\nshow")
    assert blocker.args == ["tel:+380671234567 show"]


def test_different_data_folders_do_not_see_each_other(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = make(instances, tmp_path / "one")
    other = make(instances, tmp_path / "two")
    assert first.acquire()
    assert other.acquire()
    with qtbot.assertNotEmitted(first.message_received, wait=200):
        assert other.send("tel:+380671234567")  # reaches `other` itself, not `first`


def test_send_with_no_instance_running_gives_up(tmp_path: Path) -> None:
    lonely = SingleInstance(tmp_path / "nobody")
    assert not lonely.send("show", timeout_ms=200)


def test_release_lets_the_next_start_be_first(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = make(instances, tmp_path)
    assert first.acquire()
    name = first.server_name
    first.release()
    first.release()  # twice is harmless
    assert not (tmp_path / "instance.lock").exists()
    probe = QLocalSocket()
    probe.connectToServer(name)
    assert not probe.waitForConnected(200)

    again = make(instances, tmp_path)
    assert again.acquire()
    with qtbot.waitSignal(again.message_received, timeout=5000):
        assert make(instances, tmp_path).send("show")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_lock_left_by_a_killed_instance_is_recovered(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    data_dir = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "acquired"
        # While the holder lives, we are the second instance.
        assert not make(instances, data_dir).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    assert (data_dir / "instance.lock").exists()  # kill -9 leaves the lock behind

    recovered = make(instances, data_dir)
    assert recovered.acquire()
    with qtbot.waitSignal(recovered.message_received, timeout=5000) as blocker:
        assert make(instances, data_dir).send("tel:+380441111111")
    assert blocker.args == ["tel:+380441111111"]

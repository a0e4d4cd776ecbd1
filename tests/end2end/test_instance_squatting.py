"""Another local user cannot take over link hand-over by squatting the instance socket's name.

The socket used to be `/tmp/fmc-desktop-<user>-<hash>`: whoever bound that path first, or
rebound it later, received every `tel:` link a second start handed over. Here a real process
squats that old path while the app runs, and a real second start (as xdg-open would run it) hands
over a link: the app gets it, the squatter gets nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.ui.shell.single_instance import SingleInstance, server_name
from tests.conftest import PYTHON, cli_env

# Binds the path it is given (removing what is there, as QLocalServer's takeover does) and
# prints every line a client writes to it.
SQUATTER = textwrap.dedent(
    """
    import os, socket, sys
    path = sys.argv[1]
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen(5)
    print("squatting", flush=True)
    while True:
        connection, _ = server.accept()
        data = connection.recv(65536)
        print("received:" + data.decode("utf-8", "replace").strip(), flush=True)
        connection.close()
    """
)


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short, as a real $XDG_RUNTIME_DIR is (/run/user/1000): a socket path has ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="xdg-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def first_instance(isolated_environment: Path, runtime_dir: Path) -> Iterator[SingleInstance]:
    paths = AppPaths.resolve().ensure()
    instance = SingleInstance(paths.data)
    assert instance.acquire()
    yield instance
    instance.release()
    instance.deleteLater()  # on this thread, not wherever the garbage collector runs


def test_a_squatter_on_the_old_socket_path_receives_no_link(
    qtbot: QtBot,
    first_instance: SingleInstance,
    isolated_environment: Path,
    runtime_dir: Path,
) -> None:
    old_path = Path(tempfile.gettempdir()) / server_name(AppPaths.resolve().data)
    squatter = subprocess.Popen(
        [sys.executable, "-c", SQUATTER, str(old_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert squatter.stdout is not None
        assert squatter.stdout.readline().strip() == "squatting"
        with qtbot.waitSignal(first_instance.message_received, timeout=20_000) as blocker:
            second = subprocess.run(
                [PYTHON, "-m", "fmc_desktop", "tel:+380441111111"],
                env=cli_env(isolated_environment, XDG_RUNTIME_DIR=str(runtime_dir)),
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert second.returncode == 0, second.stderr
        assert blocker.args == ["tel:+380441111111"]
    finally:
        squatter.kill()
        out, _ = squatter.communicate(timeout=10)
        old_path.unlink(missing_ok=True)
    assert "received" not in out
    # The real socket is in the private folder, not in the shared temp folder.
    assert first_instance.address is not None
    assert first_instance.address.startswith(str(runtime_dir))
    assert os.stat(runtime_dir).st_mode & 0o077 == 0

"""One running app per user and data folder; a second start hands its message to the first.

The lock file is what makes the app single-instance: a local server's name alone does not (on
Linux a second `listen()` with UserAccessOption takes over a live server's name, and on Windows two
servers can share a pipe; see RELIABILITY.md). The server only carries messages, such as a `tel:`
link the desktop handed to a second start, or "show".
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "instance.lock"
# A message is a link or a word; anything longer than this is not from our own second instance.
MAX_MESSAGE_BYTES = 64 * 1024
_RETRY_INTERVAL_S = 0.05


def _user_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (a bare container)
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    # The name becomes part of a socket path or pipe name: keep it short and plain.
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:32] or "user"


def server_name(data_dir: Path) -> str:
    """The local server's name: the user and a short hash of the data folder.

    Scoping it to the folder means a test (or a second profile) with its own FMC_DESKTOP_HOME never
    reaches the user's running app; the user name keeps two users on one machine apart.
    """
    folder = str(data_dir.expanduser().resolve())
    digest = hashlib.sha256(folder.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]
    return f"fmc-desktop-{_user_name()}-{digest}"


class SingleInstance(QObject):
    """The lock and the message channel of one data folder.

    The first start `acquire()`s and listens; `message_received` then carries each line a later
    start `send()`s. A lock left behind by a crash (its process is gone) is taken over.
    """

    message_received = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._name = server_name(data_dir)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}
        # True when the lock file could not be made at all (a read-only data folder), which
        # is not "another instance holds it".
        self.lock_refused = False

    @property
    def server_name(self) -> str:
        return self._name

    @property
    def lock_path(self) -> Path:
        return self._data_dir / LOCK_FILE_NAME

    def is_primary(self) -> bool:
        return self._lock is not None

    def acquire(self) -> bool:
        """True when this is the first instance (the lock is held and the server listens)."""
        if self._lock is not None:
            return True
        try:
            self._data_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.lock_refused = True
            return False
        lock = QLockFile(str(self.lock_path))
        # 0 turns off "stale by age", which would take a live app's lock after 30 s; a lock
        # whose process is gone is still recognised as stale (Qt checks the PID and its name).
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:
                self.lock_refused = True
                log.warning(
                    "Could not create the instance lock %s: %s", self.lock_path, lock.error()
                )
            return False
        self._lock = lock

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket by this name is a leftover of a crashed instance.
        QLocalServer.removeServer(self._name)
        if server.listen(self._name):
            server.newConnection.connect(self._on_server_new_connection)
            self._server = server
        else:
            # Still the only instance (the lock says so); later starts just cannot hand over.
            log.warning("Could not listen for other instances: %s", server.errorString())
            server.deleteLater()
        return True

    def send(self, message: str, timeout_ms: int = 3000) -> bool:
        """Hand a message to the first instance; True once it is written to its socket.

        Retries until the timeout, because the first instance may hold the lock a moment before
        its server listens.
        """
        line = message.replace("\r", " ").replace("\n", " ").encode("utf-8", errors="replace")
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
            socket = QLocalSocket()
            socket.connectToServer(self._name)
            if socket.waitForConnected(remaining_ms):
                socket.write(line + b"\n")
                written = socket.waitForBytesWritten(remaining_ms) or socket.bytesToWrite() == 0
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(remaining_ms)
                return written
            socket.abort()
            if time.monotonic() >= deadline:
                log.info("No running instance answered on %s", self._name)
                return False
            QThread.msleep(int(_RETRY_INTERVAL_S * 1000))

    def release(self) -> None:
        """Stop listening and give up the lock; safe to call more than once."""
        for socket in list(self._buffers):
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()
        if self._server is not None:
            self._server.close()  # also removes the socket file
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @Slot()
    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read_lines(s))
            socket.disconnected.connect(lambda s=socket: self._on_socket_disconnected(s))
            # The sender may have written (and even gone) before we accepted.
            self._read_lines(socket)
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._on_socket_disconnected(socket)

    def _read_lines(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE_BYTES:
            log.warning("Dropped an oversized message from another instance")
            self._forget(socket)
            return
        while (end := buffer.find(b"\n")) >= 0:
            line = bytes(buffer[:end])
            del buffer[: end + 1]
            self._emit(line)

    def _on_socket_disconnected(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        self._read_lines(socket)
        rest = self._buffers.get(socket)
        if rest:
            self._emit(bytes(rest))
        self._forget(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.abort()
        socket.deleteLater()

    def _emit(self, line: bytes) -> None:
        text = line.decode("utf-8", errors="replace").strip()
        if text:
            self.message_received.emit(text)

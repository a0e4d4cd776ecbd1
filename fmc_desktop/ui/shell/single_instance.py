"""One running app per user and data folder; a second start hands its message to the first.

The lock file is what makes the app single-instance: a local server's name alone does not (on
Linux a second `listen()` with UserAccessOption takes over a live server's name, and on Windows two
servers can share a pipe; see docs/PITFALLS.md). The server only carries messages, such as a `tel:`
link the desktop handed to a second start, or "show".

Those messages are dials, so no other local user may receive or send them. A socket in `/tmp`
under a predictable name could be created first by another user, who would then receive every
`tel:` link. So on Linux and macOS the socket lives in a folder only the user can enter
($XDG_RUNTIME_DIR, else a `0700` folder of the user's, checked for its owner and mode before use),
and on Linux every connection's peer is checked with SO_PEERCRED. On Windows the pipe's name holds
the user's SID, and the pipe keeps the default DACL that the user's token gives it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import socket as sockets
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Mapping
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


# A Unix socket path must fit in sockaddr_un.sun_path (108 bytes on Linux, 104 on macOS).
_MAX_SOCKET_PATH = 100


def _is_private_folder(folder: Path) -> bool:
    """A real folder (not a link) owned by this user that nobody else may enter or list."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def _private_folder(folder: Path) -> Path | None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if _is_private_folder(folder) else None


def runtime_folder(data_dir: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the socket goes: a folder only this user can enter, or None if there is none.

    $XDG_RUNTIME_DIR first (the session's own 0700 folder); else a 0700 `run` folder in the data
    folder; else (a data folder too deep for a socket path) a 0700 folder of the user's in the
    temp folder. A folder someone else made or opened up is never used: it is the attack.
    """
    env = os.environ if environ is None else environ
    leaf = server_name(data_dir)
    candidates: list[tuple[Path, bool]] = []
    xdg = env.get("XDG_RUNTIME_DIR", "")
    if xdg and os.path.isabs(xdg):
        candidates.append((Path(xdg), False))
    candidates.append((data_dir.expanduser().resolve() / "run", True))
    candidates.append((Path(tempfile.gettempdir()) / f"fmc-desktop-{os.getuid()}", True))
    for folder, ours in candidates:
        if len(str(folder / leaf).encode()) > _MAX_SOCKET_PATH:
            continue
        found = _private_folder(folder) if ours else folder if _is_private_folder(folder) else None
        if found is not None:
            return found
        log.warning("The folder %s is not private to this user; it is not used", folder)
    return None


def windows_pipe_name(sid: str, data_dir: Path) -> str:
    """The pipe's name on Windows: the user's SID (not their name, which another user can take
    in another domain) and the data folder's hash."""
    clean_sid = re.sub(r"[^A-Za-z0-9-]", "_", sid)[:100] or "unknown"
    return f"fmc-desktop-{clean_sid}-{server_name(data_dir).rsplit('-', 1)[-1]}"


def windows_user_sid() -> str | None:  # pragma: no cover - runs on Windows only
    """The current user's SID as text (S-1-5-21-…), from the process token; None if unknown."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    token_query, token_user = 0x0008, 1
    token = wintypes.HANDLE()
    if not advapi32.OpenProcessToken(
        kernel32.GetCurrentProcess(), token_query, ctypes.byref(token)
    ):
        return None
    try:
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, token_user, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(token, token_user, buffer, size, ctypes.byref(size)):
            return None
        # TOKEN_USER starts with a SID_AND_ATTRIBUTES whose first field is the SID pointer.
        sid_pointer = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]
        text = wintypes.LPWSTR()
        if not advapi32.ConvertSidToStringSidW(ctypes.c_void_p(sid_pointer), ctypes.byref(text)):
            return None
        try:
            return str(text.value)
        finally:
            kernel32.LocalFree(text)
    finally:
        kernel32.CloseHandle(token)


def _peer_uid(connection: QLocalSocket) -> int | None:
    """The user id of the process at the other end (Linux: SO_PEERCRED), or None if unknown."""
    if not sys.platform.startswith("linux"):
        return None
    descriptor = int(connection.socketDescriptor())
    if descriptor < 0:
        return None
    # fromfd duplicates the descriptor: closing the copy leaves Qt's socket open.
    with sockets.fromfd(descriptor, sockets.AF_UNIX, sockets.SOCK_STREAM) as copy:
        raw = copy.getsockopt(sockets.SOL_SOCKET, sockets.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", raw)
    return int(uid)


def _address(data_dir: Path) -> str | None:
    """What QLocalServer listens on and QLocalSocket connects to; None: no safe place."""
    if sys.platform == "win32":
        sid = windows_user_sid()
        return windows_pipe_name(sid, data_dir) if sid else server_name(data_dir)
    folder = runtime_folder(data_dir)
    return None if folder is None else str(folder / server_name(data_dir))


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
        self._address = _address(data_dir)
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
    def address(self) -> str | None:
        """The socket path (or pipe name) the instances meet at; None when there is no safe one."""
        return self._address

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

        if self._address is None:
            log.warning("No private folder for the instance socket; links cannot be handed over")
            return True
        server = QLocalServer(self)
        if sys.platform != "win32":
            # The socket file 0700 too, inside the private folder. Not on Windows: there the
            # pipe keeps the default DACL of the user's token.
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket by this name is a leftover of a crashed instance.
        QLocalServer.removeServer(self._address)
        if server.listen(self._address):
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
        if self._address is None:
            log.warning("No private folder for the instance socket; nothing was handed over")
            return False
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
            socket = QLocalSocket()
            socket.connectToServer(self._address)
            if socket.waitForConnected(remaining_ms):
                socket.write(line + b"\n")
                written = socket.waitForBytesWritten(remaining_ms) or socket.bytesToWrite() == 0
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(remaining_ms)
                return written
            socket.abort()
            if time.monotonic() >= deadline:
                log.info("No running instance answered on %s", self._address)
                return False
            QThread.msleep(int(_RETRY_INTERVAL_S * 1000))

    def release(self) -> None:
        """Stop listening and give up the lock; safe to call more than once."""
        # Forgotten before the abort: abort() says `disconnected` at once, and a connection
        # being dropped must not be read (Qt warns) nor its half line taken as a message.
        sockets = list(self._buffers)
        self._buffers.clear()
        for socket in sockets:
            socket.abort()
            socket.deleteLater()
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
            peer = _peer_uid(socket)
            if peer is not None and peer != os.getuid():
                # Only reachable if the folder was opened up; a link from another user is
                # never taken.
                log.warning("Refused a connection from another user (uid %d)", peer)
                socket.abort()
                socket.deleteLater()
                continue
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

"""The life of a threaded test server on a loopback port, shared by the test proxy and TLS front.

Accepting, one thread per connection, and a stop that closes every socket still open (so a test
that ends mid-transfer leaves no thread blocked on a read) are the same for both; each subclass
says only what it does with a connection (`_handle`) and what it counts (`_accepted`).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self


class LoopbackServer:
    def __init__(self, name: str) -> None:
        self._name = name
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        with self._lock:
            for sock in list(self._sockets):
                with contextlib.suppress(OSError):
                    sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._accepted()
                self._sockets.add(client)
            # Each connection on a thread of its own: a slow client must not stop accepting.
            threading.Thread(
                target=self._handle, args=(client,), name=f"{self._name}-connection", daemon=True
            ).start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _close(self, *socks: socket.socket | None) -> None:
        for sock in socks:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
                with self._lock:
                    self._sockets.discard(sock)

    def _accepted(self) -> None:
        """Called under the lock for each connection accepted."""

    def _handle(self, client: socket.socket) -> None:
        raise NotImplementedError

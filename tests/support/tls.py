"""The simulator served over TLS, with a certificate from a test CA (trustme), as the real API is.

`TlsFront` accepts TLS connections for a name such as `api.fmc.test`, and carries each one's bytes
to the plain-http simulator on the loopback port; when the simulator drops a connection (its DROP
fault), the TLS connection drops too, as a real server's would. `handshake="garbage"` answers
every connection with bytes that are not TLS, for a handshake that fails without a certificate
ever being seen.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import trustme

from tests.support.loopback_server import LoopbackServer

API_NAME = "api.fmc.test"  # RFC 2606 keeps .test for tests: it never resolves on the internet


class TestCA:
    """A certificate authority made for one test, and its certificate as a file for clients."""

    __test__ = False  # not a test class, whatever pytest thinks of its name

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.ca = trustme.CA()
        self.ca_file = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))

    def server_context(self, names: Sequence[str]) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(*names).configure_cert(context)
        return context


class TlsFront(LoopbackServer):
    """TLS on a loopback port, in front of the plain-http server at `upstream_port`."""

    def __init__(
        self,
        upstream_port: int,
        context: ssl.SSLContext,
        *,
        handshake: Literal["tls", "garbage"] = "tls",
    ) -> None:
        self.upstream_port = upstream_port
        self.context = context
        self.handshake = handshake
        self.connections = 0
        super().__init__("test-tls-front")

    def base_url(self, name: str = API_NAME) -> str:
        return f"https://{name}:{self.port}"

    def _accepted(self) -> None:
        self.connections += 1

    def _handle(self, raw: socket.socket) -> None:
        secure: ssl.SSLSocket | None = None
        upstream: socket.socket | None = None
        try:
            raw.settimeout(10)
            if self.handshake == "garbage":
                raw.recv(4096)
                raw.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 4)
                return
            secure = self.context.wrap_socket(raw, server_side=True)
            self._track(secure)
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            self._track(upstream)
            _pipe_tls(secure, upstream, self._stop)
        except (OSError, ssl.SSLError):
            pass  # a refused handshake is what some tests are about
        finally:
            self._close(upstream, secure, raw)


def _pipe_tls(secure: ssl.SSLSocket, upstream: socket.socket, stop: threading.Event) -> None:
    # select() does not see bytes already decrypted inside the SSL object: read those first.
    secure.settimeout(None)
    upstream.settimeout(None)
    secure.setblocking(False)
    pair: dict[socket.socket, socket.socket] = {secure: upstream, upstream: secure}
    while not stop.is_set():
        readable, _, _ = select.select(list(pair), [], [], 0.1)
        if secure.pending() and secure not in readable:
            readable.append(secure)
        for sock in readable:
            try:
                data = sock.recv(65536)
            except ssl.SSLWantReadError:
                continue
            if not data:
                return
            target = pair[sock]
            if target is secure:
                secure.setblocking(True)
                secure.sendall(data)
                secure.setblocking(False)
            else:
                upstream.sendall(data)

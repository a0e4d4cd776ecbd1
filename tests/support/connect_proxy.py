"""A small threaded HTTP proxy for tests: CONNECT tunnels and plain `GET http://…` forwarding.

Real sockets, as a company proxy would see them: the client under test speaks to it exactly as to
Squid. `hosts` maps names the tests use (api.fmc.test) to the loopback address, so the client sees
a real, non-loopback host name while everything stays on this machine. It can demand a password
(407), refuse every tunnel with a given status, and records what it was asked for.
"""

from __future__ import annotations

import base64
import select
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.support.loopback_server import LoopbackServer

_HEAD_LIMIT = 64 * 1024


@dataclass
class ProxyLog:
    """What the proxy was asked for, in order."""

    tunnels: list[str] = field(default_factory=list)  # "host:port" of each CONNECT
    forwarded: list[str] = field(default_factory=list)  # the path of each plain GET
    refused: list[int] = field(default_factory=list)  # statuses it answered instead
    connections: int = 0


class ConnectProxy(LoopbackServer):
    """`with ConnectProxy(hosts={"api.fmc.test": "127.0.0.1"}) as proxy: proxy.url`."""

    def __init__(
        self,
        *,
        hosts: Mapping[str, str] | None = None,
        credentials: tuple[str, str] | None = None,
        refuse_with: int | None = None,
    ) -> None:
        self.hosts = dict(hosts or {})
        self.credentials = credentials
        self.refuse_with = refuse_with
        self.log = ProxyLog()
        super().__init__("test-proxy")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with_credentials(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def _accepted(self) -> None:
        self.log.connections += 1

    def _handle(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            client.settimeout(10)
            head, rest = _read_head(client)
            if head is None:
                return
            lines = head.decode("latin-1").split("\r\n")
            method, target, _version = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if not self._authorised(headers):
                self._refuse(client, 407, 'Proxy-Authenticate: Basic realm="test"\r\n')
                return
            if self.refuse_with is not None:
                self._refuse(client, self.refuse_with)
                return
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                upstream = self._open(host, int(port))
                if upstream is None:
                    self._refuse(client, 502)
                    return
                with self._lock:
                    self.log.tunnels.append(target)
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                parts = urlsplit(target)
                upstream = self._open(parts.hostname or "", parts.port or 80)
                if upstream is None:
                    self._refuse(client, 502)
                    return
                with self._lock:
                    self.log.forwarded.append(parts.path)
                origin_form = parts.path + (f"?{parts.query}" if parts.query else "")
                kept = [
                    line for line in lines[1:] if not line.lower().startswith("proxy-authorization")
                ]
                rewritten = "\r\n".join([f"{method} {origin_form} HTTP/1.1", *kept]) + "\r\n\r\n"
                upstream.sendall(rewritten.encode("latin-1"))
            if rest:
                upstream.sendall(rest)
            _pipe(client, upstream, self._stop)
        except (OSError, ValueError):
            pass  # a client or server that went away mid-way: the test looks at the outcome
        finally:
            self._close(client, upstream)

    def _authorised(self, headers: Mapping[str, str]) -> bool:
        if self.credentials is None:
            return True
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        return headers.get("proxy-authorization", "") == f"Basic {expected}"

    def _refuse(self, client: socket.socket, status: int, extra: str = "") -> None:
        with self._lock:
            self.log.refused.append(status)
        reason = {407: "Proxy Authentication Required", 403: "Forbidden", 502: "Bad Gateway"}
        answer = (
            f"HTTP/1.1 {status} {reason.get(status, 'Refused')}\r\n{extra}"
            "Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
        client.sendall(answer.encode("latin-1"))

    def _open(self, host: str, port: int) -> socket.socket | None:
        address = self.hosts.get(host.lower().strip("[]"), host.strip("[]"))
        if address not in ("127.0.0.1", "::1", "localhost"):
            return None  # a test proxy never reaches beyond this machine
        try:
            upstream = socket.create_connection((address, port), timeout=5)
        except OSError:
            return None
        upstream.settimeout(None)
        self._track(upstream)
        return upstream


def _read_head(sock: socket.socket) -> tuple[bytes | None, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk or len(data) > _HEAD_LIMIT:
            return None, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _pipe(one: socket.socket, other: socket.socket, stop: threading.Event) -> None:
    """Copy bytes both ways until either side closes."""
    one.settimeout(None)
    pair = {one: other, other: one}
    while not stop.is_set():
        readable, _, _ = select.select(list(pair), [], [], 0.1)
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            pair[sock].sendall(data)

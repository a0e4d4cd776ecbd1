"""The simulator's HTTP side: each request read, answered (or sabotaged), and its socket tracked."""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from fmc_desktop.core.api.token import redact
from fmc_desktop.simulator.company import BASE_FIELDS, Record
from fmc_desktop.simulator.faults import Endpoint, Fault, PendingFault
from fmc_desktop.simulator.rendering import (
    CHUNK,
    bomb_parts,
    gzip_bomb,
    oversized,
    render,
    render_csv,
    render_json_with_trailing_commas,
    truncated,
)

if TYPE_CHECKING:
    from fmc_desktop.simulator.server import Simulator

logger = logging.getLogger(__name__)

CDR_PREFIX = "/api/cdr/v1/callstat."
ORIGINATE_PATH = "/api/onebox/v1/originate"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
# How long an idle keep-alive connection may hold a thread, and how long a blocked write may wait.
_SOCKET_TIMEOUT = 30.0


@dataclass(slots=True)
class Reply:
    """An answer before it is sent: its status, headers, and a body or pieces to stream."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: Iterable[bytes] | None = None  # sent with chunked transfer encoding when given


@dataclass(frozen=True, slots=True)
class CallList:
    """A successful CDR answer before it is written in its format."""

    fmt: str
    records: list[Record]
    fields: tuple[str, ...]
    filename: str


class Stopping(Exception):
    """The simulator is stopping: abandon the response mid-way."""


def text_reply(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    return Reply(
        status,
        [("Content-Type", "text/plain; charset=utf-8"), *headers],
        (message + "\n").encode(),
    )


class _Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, as the vendor answers
    server_version = "FMC-Simulator/1"
    timeout = _SOCKET_TIMEOUT

    def do_GET(self) -> None:
        self._handle()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def version_string(self) -> str:
        return self.server_version

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The Date header follows the simulator's clock, like everything else it says about time.
        if timestamp is None:
            timestamp = self.server.simulator.clock.now().timestamp()
        return formatdate(timestamp, usegmt=True)

    # Logging: the request line carries the token in its query, so only the path is logged, and
    # anything else the base class logs goes through redact().
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        target = getattr(self, "path", None)  # unset when the request line could not be parsed
        shown = urlsplit(target).path if target is not None else self.requestline
        line = redact(f"{self.command or '-'} {shown}", self.server.simulator.token)
        logger.debug("%s -> %s", line, code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s", redact(format % args, self.server.simulator.token))

    def _handle(self) -> None:
        sim = self.server.simulator
        arrived = sim.clock.now()
        split = urlsplit(self.path)
        params = parse_qs(split.query, keep_blank_values=True)
        path = split.path
        fmt = path.removeprefix(CDR_PREFIX)
        endpoint: Endpoint | None = None
        if path.startswith(CDR_PREFIX) and fmt in CONTENT_TYPES:
            endpoint = "cdr"
        elif path == ORIGINATE_PATH:
            endpoint = "originate"

        def record(status: int) -> None:
            # Before anything is sent: a test that saw the answer must also see the record.
            sim._record(self.command, path, params, status, arrived)

        try:
            if endpoint is None:
                reply = text_reply(404, "not found")
            elif self.command != "GET":
                self.close_connection = True  # any request body stays unread
                reply = text_reply(405, "method not allowed: use GET", ("Allow", "GET"))
            else:
                self._answer(sim, endpoint, fmt, params, arrived, record)
                return
            record(reply.status)
            self._send(reply)
        except (Stopping, OSError):
            # The simulator is stopping or the client went away: nothing more to say to it.
            self.close_connection = True

    def _answer(
        self,
        sim: Simulator,
        endpoint: Endpoint,
        fmt: str,
        params: dict[str, list[str]],
        arrived: datetime,
        record: Callable[[int], None],
    ) -> None:
        pending = sim._take_fault(endpoint)
        fault = pending.fault if pending else None
        options = pending.options if pending else {}
        if fault is Fault.SERVER_ERROR:
            reply = text_reply(500, "internal server error")
        elif fault is Fault.RETRY_AFTER:
            seconds = str(round(options["seconds"]))
            reply = text_reply(503, "service unavailable", ("Retry-After", seconds))
        elif fault is Fault.FORBIDDEN:
            reply = text_reply(403, "forbidden")
        elif endpoint == "originate":
            reply = sim._originate(params, arrived)
            if reply.status == 200 and fault in (Fault.OVERSIZED, Fault.GZIP_BOMB):
                reply = self._odd_body(sim, fault, options, "json", BASE_FIELDS, "originate.json")
        else:
            answer = sim._call_list(fmt, params, arrived)
            reply = answer if isinstance(answer, Reply) else self._cdr_reply(sim, answer, pending)
        if fault is Fault.DROP:
            record(0)
            self.close_connection = True  # the socket closes with nothing written
            return
        record(reply.status)  # what the server decided, even if the answer is slow to come
        if fault is Fault.SLOW and sim._stopping.wait(options["delay"]):
            raise Stopping
        self._send(reply, drip=options["interval"] if fault is Fault.DRIP else None)

    def _cdr_reply(self, sim: Simulator, answer: CallList, pending: PendingFault | None) -> Reply:
        fault = pending.fault if pending else None
        records, fields, fmt = answer.records, answer.fields, answer.fmt
        if fault in (Fault.OVERSIZED, Fault.GZIP_BOMB):
            assert pending is not None
            return self._odd_body(sim, pending.fault, pending.options, fmt, fields, answer.filename)
        if fault is Fault.BAD_ROW:
            records = [dict(r) for r in records] or [sim._sample_record(fields)]
            records[len(records) // 2]["duration"] = "n/a"
        if fault is Fault.REPEATED_ROW:
            assert pending is not None
            records = [(records or [sim._sample_record(fields)])[0]] * int(pending.options["count"])
        if fault is Fault.TRAILING_COMMAS and fmt == "json":
            body = render_json_with_trailing_commas(records)
        elif fault is Fault.MALFORMED and fmt == "csv":
            body = render_csv(records, fields, broken_line="#ERROR: export interrupted")
        elif fault is Fault.MALFORMED:
            body = truncated(render(fmt, records, fields))
        else:
            body = render(fmt, records, fields)
        pieces = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)]
        return Reply(200, _file_headers(fmt, answer.filename), stream=pieces)

    @staticmethod
    def _odd_body(
        sim: Simulator,
        fault: Fault,
        options: dict[str, float],
        fmt: str,
        fields: tuple[str, ...],
        filename: str,
    ) -> Reply:
        size = int(options["size"])
        if fault is Fault.OVERSIZED:
            sample = sim._sample_record(fields)
            return Reply(
                200, _file_headers(fmt, filename), stream=oversized(fmt, sample, fields, size)
            )
        prefix, suffix, filler = bomb_parts(fmt, fields)
        headers = [*_file_headers(fmt, filename), ("Content-Encoding", "gzip")]
        return Reply(200, headers, body=gzip_bomb(prefix, suffix, size, filler))

    def _send(self, reply: Reply, *, drip: float | None = None) -> None:
        stopping = self.server.simulator._stopping
        chunked = reply.stream is not None or drip is not None
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        pieces: Iterable[bytes] = reply.stream if reply.stream is not None else (reply.body,)
        if not chunked:
            for start in range(0, len(reply.body), CHUNK):
                if stopping.is_set():
                    raise Stopping
                self.wfile.write(reply.body[start : start + CHUNK])
            return
        for piece in pieces:
            if drip is None:
                if stopping.is_set():
                    raise Stopping
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                continue
            for offset in range(len(piece)):
                self.wfile.write(b"1\r\n%s\r\n" % piece[offset : offset + 1])
                if stopping.wait(drip):
                    raise Stopping
        self.wfile.write(b"0\r\n\r\n")


def _file_headers(fmt: str, filename: str) -> list[tuple[str, str]]:
    return [
        ("Content-Type", CONTENT_TYPES[fmt]),
        ("Content-Disposition", f'attachment; filename="{filename}"'),
    ]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        self.simulator = simulator
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the host's full name, which can stall for seconds.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name="fmc-simulator-connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections.add(request)
            self._workers.add(worker)
        worker.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The base class prints to stderr. A client that went away is routine; anything else is
        # a bug in the simulator and must be seen (redacted, like every other line).
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            message = redact(f"{type(error).__name__}: {error}", self.simulator.token)
            logger.debug("connection ended: %s", message)
        else:
            logger.error(
                "simulator failed: %s", redact(traceback.format_exc(), self.simulator.token)
            )

    def close_connections(self, timeout: float) -> None:
        """Wake every connection thread (blocked reading or writing) and wait for them to end."""
        with self._connections_lock:
            connections, workers = list(self._connections), list(self._workers)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        for worker in workers:
            worker.join(timeout)

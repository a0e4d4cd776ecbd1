"""The vendor's HTTP API on a loopback port: strict to the letter of its document, faulty on demand.

The app's `--demo` mode and every test that talks to "the PBX" talk to this. It answers the two
documented endpoints the way the document says, reads each ambiguity the strictest way (so a
client that copes here copes with any reasonable reading of it), and can be told to misbehave in
the ways real servers and networks do (`Simulator.inject`).
"""

from __future__ import annotations

import contextlib
import csv
import hmac
import io
import ipaddress
import json
import logging
import re
import secrets
import socket
import struct
import sys
import threading
import traceback
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import formatdate
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.kyiv import WIRE_FORMAT, from_utc, to_utc, utc
from fmc_desktop.core.api.token import REDACTED, TOKEN_RE, redact
from fmc_desktop.simulator.company import (
    BASE_FIELDS,
    DEPARTMENT_FIELDS,
    NAME_FIELDS,
    OWNERSHIP_FIELDS,
    Company,
    Record,
    SimCall,
    national,
    stable_seed,
)

logger = logging.getLogger(__name__)

CDR_PREFIX = "/api/cdr/v1/callstat."
ORIGINATE_PATH = "/api/onebox/v1/originate"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}
MAX_PERIOD = timedelta(days=7)
MAX_AGE = timedelta(days=30)
MiB = 1024 * 1024
GiB = 1024 * MiB

Endpoint = Literal["cdr", "originate", "any"]

_WIRE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
# The forms the document shows (0…, 380…, +380…), other countries in E.164, and short codes.
_UKRAINIAN_RE = re.compile(r"0[0-9]{9}|380[0-9]{9}|\+380[0-9]{9}")
_INTERNATIONAL_RE = re.compile(r"\+(?!380)[1-9][0-9]{6,14}")
_SHORT_RE = re.compile(r"[0-9*#]{1,6}")
_CHUNK = 64 * 1024
# How long an idle keep-alive connection may hold a thread, and how long a blocked write may wait.
_SOCKET_TIMEOUT = 30.0


class Fault(Enum):
    """Ways the server or the network can misbehave; see `Simulator.inject`."""

    SERVER_ERROR = "server_error"  # 500
    RETRY_AFTER = "retry_after"  # 503 + Retry-After: <seconds>
    DROP = "drop"  # read the request, close the socket, answer nothing
    SLOW = "slow"  # wait <delay> seconds, then answer
    DRIP = "drip"  # the body one byte every <interval> seconds
    OVERSIZED = "oversized"  # a valid-looking body of <size> bytes, streamed
    GZIP_BOMB = "gzip_bomb"  # a small gzip body that inflates to <size> bytes
    TRAILING_COMMAS = "trailing_commas"  # JSON as the vendor's example writes it
    MALFORMED = "malformed"  # truncated JSON/XML, CSV with a broken row
    BAD_ROW = "bad_row"  # one record's duration is not a number
    FORBIDDEN = "forbidden"  # 403 whatever the token
    REPEATED_ROW = "repeated_row"  # one record <count> times over, nothing else


_FAULT_OPTIONS: dict[Fault, dict[str, float]] = {
    Fault.RETRY_AFTER: {"seconds": 1},
    Fault.SLOW: {"delay": 2.0},
    Fault.DRIP: {"interval": 0.2},
    Fault.OVERSIZED: {"size": 60 * MiB},
    Fault.GZIP_BOMB: {"size": GiB},
    Fault.REPEATED_ROW: {"count": 10_000},
}


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]  # first value of each parameter; the token's value is "***"
    status: int  # 0 when the connection was dropped without an answer
    at: datetime


@dataclass(frozen=True, slots=True)
class OriginateCall:
    """An originate the PBX accepted (or would have: a DROP after placing still rings)."""

    calling_number: str
    called_number: str
    at: datetime


@dataclass(frozen=True, slots=True)
class _PendingFault:
    fault: Fault
    endpoint: Endpoint
    options: dict[str, float]


@dataclass(slots=True)
class _Reply:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: Iterable[bytes] | None = None  # sent with chunked transfer encoding when given


@dataclass(frozen=True, slots=True)
class _CallList:
    """A successful CDR answer before it is written in its format."""

    fmt: str
    records: list[Record]
    fields: tuple[str, ...]
    filename: str


class _BadRequest(Exception):
    """A 400 whose message names the parameter and the problem."""


class _Stopping(Exception):
    """The simulator is stopping: abandon the response mid-way."""


def _text(status: int, message: str, *headers: tuple[str, str]) -> _Reply:
    return _Reply(
        status,
        [("Content-Type", "text/plain; charset=utf-8"), *headers],
        (message + "\n").encode(),
    )


# -- the document's rules ----------------------------------------------------------------------


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if values is None:
        return None
    if len(values) > 1:
        raise _BadRequest(f"{name}: given more than once")
    return values[0]


def _timestamp(params: dict[str, list[str]], name: str) -> datetime | None:
    text = _single(params, name)
    if text is None:
        return None
    if not _WIRE_RE.fullmatch(text):
        raise _BadRequest(f"{name}: invalid timestamp, expected YYYY-MM-DDTHH:MM:SS")
    try:
        value = datetime.strptime(text, WIRE_FORMAT)
    except ValueError:
        raise _BadRequest(f"{name}: invalid timestamp, no such date or time") from None
    if not 1971 <= value.year <= 9998:  # keeps the date arithmetic below clear of overflow
        raise _BadRequest(f"{name}: invalid timestamp, year out of range")
    return value


def _flag(params: dict[str, list[str]], name: str) -> bool:
    value = _single(params, name)
    if value is None:
        return False
    if value not in ("on", "off"):
        raise _BadRequest(f"{name}: must be on or off")
    return value == "on"


def _wall(instant: datetime) -> datetime:
    return from_utc(instant).replace(tzinfo=None)


def _wire(wall: datetime) -> str:
    return wall.strftime(WIRE_FORMAT)


def _span_ok(start: datetime, end: datetime) -> bool:
    """Within 7 days by the wall clock AND in real hours (7 wall days across a clock change are
    169 or 167 hours). A `to` inside the repeated hour is read the later way round, because the
    answer includes calls from both of its readings."""
    return end - start <= MAX_PERIOD and to_utc(end, fold=1) - to_utc(start) <= MAX_PERIOD


def _window(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The (from, to) wall-clock window the request asks for, or _BadRequest."""
    now = now.replace(microsecond=0)
    now_wall = _wall(now)
    if start is None and end is None:
        raise _BadRequest("from or to is required")
    to_name = "to"
    if start is None:
        assert end is not None
        # from = to - 7 days: the widest window both readings of "7 days" allow.
        start = max(end - MAX_PERIOD, _wall(to_utc(end, fold=1) - MAX_PERIOD))
        if not _span_ok(start, end):  # the instant fell in the repeated hour's first reading
            start += timedelta(hours=1)
    elif end is None:
        # to = min(from + 7 days, now)
        end = min(start + MAX_PERIOD, _wall(to_utc(start) + MAX_PERIOD))
        if not _span_ok(start, end):
            end -= timedelta(hours=1)
        if to_utc(end) > now:
            end = now_wall
        to_name = "to (computed as min(from + 7 days, now))"
    if end < start:
        raise _BadRequest(f"{to_name}: {_wire(end)} is before from {_wire(start)}")
    if not _span_ok(start, end):
        raise _BadRequest("period: longer than 7 days")
    oldest = max(now_wall - MAX_AGE, _wall(now - MAX_AGE))
    if start < oldest or to_utc(start) < now - MAX_AGE:
        raise _BadRequest(
            f"from: {_wire(start)} is older than 30 days"
            f" (the oldest allowed now is {_wire(oldest)})"
        )
    return start, end


def _is_phone_number(text: str) -> bool:
    return any(r.fullmatch(text) for r in (_UKRAINIAN_RE, _INTERNATIONAL_RE, _SHORT_RE))


# -- the three formats -------------------------------------------------------------------------


def render_json(records: list[Record]) -> bytes:
    return (json.dumps({"calls": records}, ensure_ascii=False, indent=2) + "\n").encode()


def render_json_with_trailing_commas(records: list[Record]) -> bytes:
    """JSON the way the vendor's own example writes it: a comma after every last item."""
    lines = ["{", '  "calls": [']
    for record in records:
        lines.append("    {")
        for key, value in record.items():
            lines.append(f"      {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        lines.append("    },")
    lines += ["  ]", "}", ""]
    return "\n".join(lines).encode()


def render_csv(records: list[Record], fields: tuple[str, ...], broken_line: str = "") -> bytes:
    """Comma-separated with a header row, UTF-8 with a BOM as portal exports tend to have."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for index, record in enumerate(records):
        if broken_line and index == len(records) // 2:
            buffer.write(broken_line + "\r\n")
        writer.writerow([record.get(name, "") for name in fields])
    if broken_line and not records:
        buffer.write(broken_line + "\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _xml_call(record: Record) -> str:
    inner = "".join(f"    <{k}>{escape(str(v))}</{k}>\n" for k, v in record.items())
    return f"  <call>\n{inner}  </call>\n"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<calls>\n'
_XML_TAIL = "</calls>\n"


def render_xml(records: list[Record]) -> bytes:
    return (_XML_HEAD + "".join(_xml_call(r) for r in records) + _XML_TAIL).encode()


def render(fmt: str, records: list[Record], fields: tuple[str, ...]) -> bytes:
    if fmt == "json":
        return render_json(records)
    if fmt == "csv":
        return render_csv(records, fields)
    return render_xml(records)


def _truncated(body: bytes) -> bytes:
    """The first half of a document: never well-formed, still valid UTF-8."""
    text = body.decode("utf-8-sig")
    return text[: max(1, len(text) // 2)].encode()


def _oversized(fmt: str, sample: Record, fields: tuple[str, ...], size: int) -> Iterator[bytes]:
    """A well-formed document of about `size` bytes: one realistic record, over and over."""
    if fmt == "json":
        head, tail = b'{\n  "calls": [\n', b"\n  ]\n}\n"
        item = ("    " + json.dumps(sample, ensure_ascii=False)).encode()
        separator = b",\n"
    elif fmt == "csv":
        head = render_csv([], fields)
        item = render_csv([sample], fields)[len(head) :]
        tail, separator = b"", b""
    else:
        head, tail = _XML_HEAD.encode(), _XML_TAIL.encode()
        item, separator = _xml_call(sample).encode(), b""
    count = max(1, (size - len(head) - len(tail)) // (len(item) + len(separator)))
    yield head + item
    block_items = max(1, _CHUNK // (len(item) + len(separator)))
    block = (separator + item) * block_items
    remaining = count - 1
    while remaining >= block_items:
        yield block
        remaining -= block_items
    yield (separator + item) * remaining + tail


_bombs: dict[tuple[bytes, bytes, int, bytes], bytes] = {}
_bombs_lock = threading.Lock()


def gzip_bomb(prefix: bytes, suffix: bytes, size: int, filler: bytes = b" ") -> bytes:
    """A gzip stream of `prefix`, `filler` repeated, `suffix`, inflating to `size` bytes; cached.

    After a full flush deflate forgets its history, so every megabyte of filler compresses to
    the same bytes: compress one, repeat it. 1 GiB costs one CRC pass (~0.4 s) and ~1 MB.
    """
    key = (prefix, suffix, size, filler)
    with _bombs_lock:
        cached = _bombs.get(key)
        if cached is not None:
            return cached
        units, rest = divmod(max(0, size - len(prefix) - len(suffix)), MiB)
        unit = filler * MiB
        deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
        unit_block = deflate.compress(unit) + deflate.flush(zlib.Z_FULL_FLUSH) if units else b""
        end = filler * rest + suffix
        tail = deflate.compress(end) + deflate.flush(zlib.Z_FINISH)
        crc = zlib.crc32(prefix)
        for _ in range(units):
            crc = zlib.crc32(unit, crc)
        crc = zlib.crc32(end, crc)
        total = len(prefix) + units * MiB + len(end)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # no name, no mtime: reproducible
        trailer = struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF)
        body = header + head + unit_block * units + tail + trailer
        _bombs[key] = body
        return body


def _bomb_parts(fmt: str, fields: tuple[str, ...]) -> tuple[bytes, bytes, bytes]:
    """Prefix, suffix and filler that make a well-formed, empty document of any size."""
    if fmt == "json":
        return b'{"calls": [', b"]}\n", b" "
    if fmt == "csv":
        return render_csv([], fields), b"", b"\n"  # blank lines: CSV readers skip them
    return _XML_HEAD.encode(), _XML_TAIL.encode(), b" "


# -- HTTP --------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Server
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
                reply = _text(404, "not found")
            elif self.command != "GET":
                self.close_connection = True  # any request body stays unread
                reply = _text(405, "method not allowed: use GET", ("Allow", "GET"))
            else:
                self._answer(sim, endpoint, fmt, params, arrived, record)
                return
            record(reply.status)
            self._send(reply)
        except (_Stopping, OSError):
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
            reply = _text(500, "internal server error")
        elif fault is Fault.RETRY_AFTER:
            seconds = str(round(options["seconds"]))
            reply = _text(503, "service unavailable", ("Retry-After", seconds))
        elif fault is Fault.FORBIDDEN:
            reply = _text(403, "forbidden")
        elif endpoint == "originate":
            reply = sim._originate(params, arrived)
            if reply.status == 200 and fault in (Fault.OVERSIZED, Fault.GZIP_BOMB):
                reply = self._odd_body(sim, fault, options, "json", BASE_FIELDS, "originate.json")
        else:
            answer = sim._call_list(fmt, params, arrived)
            reply = answer if isinstance(answer, _Reply) else self._cdr_reply(sim, answer, pending)
        if fault is Fault.DROP:
            record(0)
            self.close_connection = True  # the socket closes with nothing written
            return
        record(reply.status)  # what the server decided, even if the answer is slow to come
        if fault is Fault.SLOW and sim._stopping.wait(options["delay"]):
            raise _Stopping
        self._send(reply, drip=options["interval"] if fault is Fault.DRIP else None)

    def _cdr_reply(
        self, sim: Simulator, answer: _CallList, pending: _PendingFault | None
    ) -> _Reply:
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
            body = _truncated(render(fmt, records, fields))
        else:
            body = render(fmt, records, fields)
        pieces = [body[i : i + _CHUNK] for i in range(0, len(body), _CHUNK)]
        return _Reply(200, _file_headers(fmt, answer.filename), stream=pieces)

    @staticmethod
    def _odd_body(
        sim: Simulator,
        fault: Fault,
        options: dict[str, float],
        fmt: str,
        fields: tuple[str, ...],
        filename: str,
    ) -> _Reply:
        size = int(options["size"])
        if fault is Fault.OVERSIZED:
            sample = sim._sample_record(fields)
            return _Reply(
                200, _file_headers(fmt, filename), stream=_oversized(fmt, sample, fields, size)
            )
        prefix, suffix, filler = _bomb_parts(fmt, fields)
        headers = [*_file_headers(fmt, filename), ("Content-Encoding", "gzip")]
        return _Reply(200, headers, body=gzip_bomb(prefix, suffix, size, filler))

    def _send(self, reply: _Reply, *, drip: float | None = None) -> None:
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
            for start in range(0, len(reply.body), _CHUNK):
                if stopping.is_set():
                    raise _Stopping
                self.wfile.write(reply.body[start : start + _CHUNK])
            return
        for piece in pieces:
            if drip is None:
                if stopping.is_set():
                    raise _Stopping
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                continue
            for offset in range(len(piece)):
                self.wfile.write(b"1\r\n%s\r\n" % piece[offset : offset + 1])
                if stopping.wait(drip):
                    raise _Stopping
        self.wfile.write(b"0\r\n\r\n")


def _file_headers(fmt: str, filename: str) -> list[tuple[str, str]]:
    return [
        ("Content-Type", CONTENT_TYPES[fmt]),
        ("Content-Disposition", f'attachment; filename="{filename}"'),
    ]


class _Server(ThreadingHTTPServer):
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


def _loopback(host: str) -> str:
    if host == "localhost":
        return "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the simulator only listens on a loopback address, not {host!r}")
    return host


class Simulator:
    """The FMC API on `base_url`, answering with `company`'s calls as of `clock.now()`.

    >>> with Simulator(seed=1) as sim:  # doctest: +SKIP
    ...     print(sim.base_url, sim.token)

    Calls exist once they have ended by the clock, so a ManualClock moved forward makes new calls
    appear. Data exists for the last `history_days` Kyiv days (the API serves only 30).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: int = 1,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        history_days: int = 35,
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.seed = seed
        self.token: str = token if token is not None else secrets.token_hex(32)
        if not TOKEN_RE.match(self.token):
            raise ValueError("the simulator's token must be 64 hexadecimal characters")
        self.host = _loopback(host)
        self.port = port
        self.history_days = history_days
        self.company = Company(seed)
        self.requests: list[RecordedRequest] = []
        self.originates: list[OriginateCall] = []
        self._placed: list[SimCall] = []
        self._faults: deque[_PendingFault] = deque()
        self._lock = threading.Lock()
        self._lifecycle = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    # -- life cycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the simulator has not been started")
        return self._base_url

    def start(self) -> None:
        with self._lifecycle:
            if self._server is not None:
                return
            self._stopping.clear()
            server = _Server((self.host, self.port), self)
            port = server.server_address[1]
            shown = f"[{self.host}]" if ":" in self.host else self.host
            self._base_url = f"http://{shown}:{port}"
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fmc-simulator",
                daemon=True,
            )
            self._thread.start()
        logger.info("FMC API simulator listening on %s", self._base_url)

    def stop(self) -> None:
        with self._lifecycle:
            server, thread = self._server, self._thread
            if server is None:
                return
            self._stopping.set()  # ends SLOW waits and DRIP loops at once
            server.shutdown()
            server.server_close()
            server.close_connections(timeout=5.0)
            if thread is not None:
                thread.join(5.0)
            self._server = self._thread = None

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what tests look at and steer ----------------------------------------------------------

    def requests_to(self, path_suffix: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(path_suffix)]

    def inject(
        self, fault: Fault, *, times: int = 1, endpoint: Endpoint = "any", **options: float
    ) -> None:
        """Make the next `times` requests to `endpoint` misbehave as `fault` says.

        Faults are used up first-in first-out, one per request to a matching endpoint, whatever
        that request turns out to be. Options: RETRY_AFTER seconds=1, SLOW delay=2.0,
        DRIP interval=0.2, OVERSIZED size=60 MiB, GZIP_BOMB size=1 GiB (inflated),
        REPEATED_ROW count=10000 (a test server's answer: the window's first call, repeated).
        Body faults only change 200 answers; TRAILING_COMMAS only changes JSON. On originate,
        DROP and SLOW still place the call (the PBX rang before the answer was lost);
        SERVER_ERROR, RETRY_AFTER and FORBIDDEN do not.
        """
        if endpoint not in ("cdr", "originate", "any"):
            raise ValueError(f"endpoint must be 'cdr', 'originate' or 'any', not {endpoint!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        defaults = _FAULT_OPTIONS.get(fault, {})
        unknown = set(options) - set(defaults)
        if unknown:
            raise TypeError(f"{fault.name} takes no option {', '.join(sorted(unknown))}")
        pending = _PendingFault(fault, endpoint, {**defaults, **options})
        with self._lock:
            self._faults.extend([pending] * times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def calls_between(self, start_utc: datetime, end_utc: datetime) -> list[Record]:
        """Ground truth: every call that has happened by now with a start in [start, end] (UTC),
        in the API's field names with every optional field, ordered by real start time."""
        start_utc, end_utc = utc(start_utc), utc(end_utc)
        calls = self._existing_calls(_wall(start_utc).date(), _wall(end_utc).date())
        return [
            self.company.record(c, names=True, departments=True, ownership=True)
            for c in calls
            if start_utc <= c.start_utc <= end_utc
        ]

    # -- the endpoints -------------------------------------------------------------------------

    def _token_ok(self, params: dict[str, list[str]]) -> bool:
        values = params.get("token")
        if values is None or len(values) != 1:
            return False
        return hmac.compare_digest(values[0].encode(), self.token.encode())

    def _call_list(
        self, fmt: str, params: dict[str, list[str]], now: datetime
    ) -> _Reply | _CallList:
        if not self._token_ok(params):  # before anything else: nothing leaks to a stranger
            return _text(403, "token: invalid authorization key")
        try:
            names, departments, ownership = (
                _flag(params, name) for name in ("names", "departments", "ownership")
            )
            start, end = _window(_timestamp(params, "from"), _timestamp(params, "to"), now)
        except _BadRequest as error:
            return _text(400, str(error))
        # The API speaks wall-clock time, so the window is compared on the wall clock: a window
        # ending at 03:30 on the autumn night holds the 03:10 of both readings.
        records = [
            self.company.record(c, names=names, departments=departments, ownership=ownership)
            for c in self._existing_calls(start.date(), end.date())
            if start <= c.start_wall <= end
        ]
        fields = (
            BASE_FIELDS
            + (NAME_FIELDS if names else ())
            + (DEPARTMENT_FIELDS if departments else ())
            + (OWNERSHIP_FIELDS if ownership else ())
        )
        return _CallList(fmt, records, fields, f"callstat_{_wire(start)}_{_wire(end)}.{fmt}")

    def _originate(self, params: dict[str, list[str]], now: datetime) -> _Reply:
        if not self._token_ok(params):
            return _text(403, "token: invalid authorization key")
        try:
            numbers = {n: _single(params, n) for n in ("calling_number", "called_number")}
            for name, number in numbers.items():
                if number is None:
                    raise _BadRequest(f"{name}: missing")
                if not _is_phone_number(number):
                    raise _BadRequest(f"{name}: not a phone number")
        except _BadRequest as error:
            return _text(400, str(error))
        calling, called = numbers["calling_number"], numbers["called_number"]
        assert calling is not None
        assert called is not None
        member = self.company.subscriber(calling)
        if member is None:
            return _text(403, "calling_number: API FMC is not enabled on this number")
        with self._lock:
            index = len(self.originates)
            self.originates.append(OriginateCall(calling, called, now))
            # The PBX rings the subscriber, then the other side, who answers: the call shows up
            # in the call history once it has ended (20-120 s later).
            duration = stable_seed(self.seed, f"originate:{index}") % 101 + 20
            start = utc(now).replace(microsecond=0)
            end = start + timedelta(seconds=duration)
            self._placed.append(SimCall(start, end, member.number, national(called), duration))
        return _Reply(200)

    # -- helpers -------------------------------------------------------------------------------

    def _existing_calls(self, first: date, last: date) -> list[SimCall]:
        """Calls starting on Kyiv days first..last that have ended by now, in real start order."""
        now = self.clock.now()
        today = _wall(now).date()
        day = max(first, today - timedelta(days=self.history_days))
        last = min(last, today)
        calls: list[SimCall] = []
        while day <= last:
            calls.extend(c for c in self.company.calls_on(day) if c.end_utc <= now)
            day += timedelta(days=1)
        with self._lock:
            placed = [c for c in self._placed if c.end_utc <= now]
        calls.extend(c for c in placed if first <= c.start_wall.date() <= last)
        calls.sort(key=lambda c: (c.start_utc, c.calling_number, c.called_number))
        return calls

    def _sample_record(self, fields: tuple[str, ...]) -> Record:
        start = self.clock.now().replace(microsecond=0) - timedelta(hours=1)
        call = SimCall(
            start,
            start + timedelta(seconds=42),
            self.company.outside_numbers[0],
            self.company.user.number,
            42,
        )
        return self.company.record(
            call,
            names=NAME_FIELDS[0] in fields,
            departments=DEPARTMENT_FIELDS[0] in fields,
            ownership=OWNERSHIP_FIELDS[0] in fields,
        )

    def _take_fault(self, endpoint: Endpoint) -> _PendingFault | None:
        with self._lock:
            for index, pending in enumerate(self._faults):
                if pending.endpoint in ("any", endpoint):
                    del self._faults[index]
                    return pending
        return None

    def _record(
        self,
        method: str,
        path: str,
        params: dict[str, list[str]],
        status: int,
        at: datetime,
    ) -> None:
        shown = {
            redact(k, self.token): REDACTED if k == "token" else redact(v[0], self.token)
            for k, v in params.items()
        }
        entry = RecordedRequest(method, redact(path, self.token), shown, status, at)
        with self._lock:
            self.requests.append(entry)

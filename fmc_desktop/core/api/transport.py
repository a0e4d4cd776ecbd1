"""How a request travels: retries, connections that tell whether it left, sockets to cut.

Also here: urllib3's own log lines, masked before any handler sees the token in them.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import socket
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from fmc_desktop.core.api.token import redact

_log = logging.getLogger(__name__)

_RETRY_STATUSES: Final = (500, 502, 503, 504)


# --- the sockets of one client ------------------------------------------------------------------


class LiveSockets:
    """Duplicates of the sockets one client's requests use, so abort() can cut them from any
    thread; once aborted, no retry and no new request.

    Duplicates, because TLS detaches the plain socket it wraps, and a descriptor number alone
    could, once closed, name someone else's socket.
    """

    def __init__(self) -> None:
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.aborted = False

    def abort(self) -> None:
        """Shut down every socket in use, so a read or handshake that hangs returns at once."""
        self.aborted = True
        with self._lock:
            live = list(self._sockets)
        for duplicate in live:
            with contextlib.suppress(OSError):  # already shut down
                duplicate.shutdown(socket.SHUT_RDWR)

    def track(self, sock: socket.socket) -> socket.socket | None:
        """Keep a duplicate of `sock` to shut it down from abort(); None if that failed."""
        try:
            duplicate = sock.dup()
        except OSError:
            return None
        with self._lock:
            self._sockets.add(duplicate)
        if self.aborted:  # abort() ran while this socket was connecting
            with contextlib.suppress(OSError):
                duplicate.shutdown(socket.SHUT_RDWR)
        return duplicate

    def untrack(self, duplicate: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(duplicate)
        duplicate.close()

    def close(self) -> None:
        """Give back every duplicate still held."""
        with self._lock:
            left = list(self._sockets)
            self._sockets.clear()
        for duplicate in left:
            duplicate.close()


# --- retries ------------------------------------------------------------------------------------

# The deadline of the request running in this thread, for the Retry below: urllib3 copies its Retry
# object per request and knows nothing of ours, and a context variable needs no shared state.
request_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fmc_request_deadline", default=None
)


class _BoundedRetry(Retry):
    """urllib3's Retry with our cap on Retry-After and no retry that would outlast the deadline.

    urllib3 honours a Retry-After of up to six hours, and its own cap takes whole seconds only;
    a server asking for an hour would freeze a sync for an hour.
    """

    def __init__(self, *args: Any, max_retry_after: float = 30.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> Self:
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:  # a date we cannot read: our own backoff instead
            return None
        return None if seconds is None else min(seconds, self.max_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        watch = send_watch.get()
        if watch is not None and watch.sockets is not None and watch.sockets.aborted:
            # The app is closing: no retry, and no backoff sleep before giving up.
            raise MaxRetryError(_pool, url, error or ResponseError("stopped"))  # type: ignore[arg-type]
        following = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = following._planned_wait(response)
        deadline = request_deadline.get()
        if deadline is not None and time.monotonic() + wait >= deadline:
            # Raised like an exhausted Retry, so urllib3 hands back the last answer (a 503 becomes
            # our ServerError) or the last connection error.
            raise MaxRetryError(_pool, url, error or ResponseError("deadline reached"))  # type: ignore[arg-type]
        what = f"status {response.status}" if response is not None else type(error).__name__
        _log.info("The call history request failed (%s); trying again in %.1f s", what, wait)
        return following

    def _planned_wait(self, response: BaseHTTPResponse | None) -> float:
        if self.respect_retry_after_header and response is not None:
            retry_after = self.get_retry_after(response)
            if retry_after:
                return retry_after
        return self.get_backoff_time()


def cdr_retry(retries: int, backoff: float, max_retry_after: float) -> Retry:
    """The call history's: GET only, on connection errors and 5xx, within the deadline."""
    return _BoundedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=0,
        status_forcelist=_RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        max_retry_after=max_retry_after,
    )


def originate_retry() -> Retry:
    # Nothing retried, not even a refused connection: Retry(total=3) made four phone calls.
    return Retry(total=0, connect=0, read=0, redirect=0, status=0, other=0)


# --- knowing whether the call request left -------------------------------------------------------


@dataclass
class SendWatch:
    """What the connection carrying one request did: opened by us, and started writing it."""

    watched: bool = False
    written: bool = False
    sockets: LiveSockets | None = None  # the client's, whose abort() may cut this request


send_watch: contextvars.ContextVar[SendWatch | None] = contextvars.ContextVar(
    "fmc_send_watch", default=None
)


class _WatchedConnection(HTTPConnection):
    """Marks the request as written from its first byte on, and not before.

    A CONNECT to a proxy and a TLS handshake happen inside connect(), which ends before the
    request is written; so any failure while `written` is False provably sent nothing.
    """

    _fmc_connected = False
    _fmc_socket: socket.socket | None = None
    _fmc_sockets: LiveSockets | None = None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        watch = send_watch.get()
        if watch is not None and watch.sockets is not None:
            # Known to the client from now on, so abort() can cut a CONNECT, a handshake or a
            # read that hangs.
            self._fmc_socket = watch.sockets.track(sock)
            self._fmc_sockets = watch.sockets
        return sock

    def connect(self) -> None:
        self._fmc_connected = False
        watch = send_watch.get()
        if watch is not None:
            watch.watched = True
        super().connect()
        self._fmc_connected = True

    def close(self) -> None:
        self._fmc_connected = False
        if self._fmc_sockets is not None and self._fmc_socket is not None:
            self._fmc_sockets.untrack(self._fmc_socket)
        self._fmc_socket = self._fmc_sockets = None
        super().close()

    def send(self, data: Any) -> None:
        if self.sock is None:
            # http.client would connect here on its own; connecting first keeps the CONNECT and
            # the handshake out of what counts as written.
            self.connect()
        watch = send_watch.get()
        if watch is not None and self._fmc_connected:
            watch.written = True
        super().send(data)


class _WatchedHTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _watch_pools(manager: PoolManager) -> None:
    # Only the plain and the HTTP(S)-proxy managers: a SOCKS manager has connection classes of
    # its own, and its requests simply stay unwatched (so never "nothing was dialled").
    if type(manager) in (PoolManager, ProxyManager):
        manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report when a request starts to leave, and can be
    cut by FmcClient.abort()."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watch_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        _watch_pools(manager)
        return manager


# --- masking urllib3's own log lines ------------------------------------------------------------


class _MaskTokenInRecords(logging.Filter):
    """Masks the token in urllib3's records before any handler sees them.

    urllib3 logs each request line (with the query, so the token) at DEBUG and each retry at
    WARNING. The app's RedactingFormatter masks what its own handlers write; this covers
    handlers it does not own (a test's capture, a host application's logging).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's to report, not ours
            return True
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, redact(text)
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# A logger's filters only see records logged to that very logger, not its children's.
_URLLIB3_LOGGERS: Final = (
    "urllib3",
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.response",
    "urllib3.poolmanager",
    "urllib3.util.retry",
    "urllib3.contrib.pyopenssl",
    "urllib3.http2.connection",
    "requests",
)


_masking_lock = threading.Lock()


def mask_urllib3_logs() -> None:
    """Mask the token in urllib3's and requests' log records, once per process."""
    with _masking_lock:
        for name in _URLLIB3_LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, _MaskTokenInRecords) for f in logger.filters):
                logger.addFilter(_MaskTokenInRecords())

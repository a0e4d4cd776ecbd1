"""The FMC API client: the call history in windows the API accepts, and originate.

Every trap of talking HTTP with a token in the query string is closed here, at the one place that
touches `requests` (see docs/PITFALLS.md, "The token" and "HTTP"):

- The token is a query parameter, so requests' and urllib3's exception texts carry it. Every
  exception of theirs is caught at this boundary and replaced by one of the project's own errors,
  raised outside the `except` block and `from None`, so neither `__cause__` nor `__context__`
  leads back to it. urllib3's own log records are masked at the source too.
- The call history is retried (urllib3's Retry, GET only, with our own cap on Retry-After and a
  total deadline); originate never is, not even on a connect error, because each retry would be
  another phone call. A connection that breaks after the call request left is "outcome unknown",
  never "try again".
- The body is read one socket read at a time against a total deadline (the read timeout is per
  read, so a server dripping a byte at a time would otherwise hold us for ever) and its decoded
  size is counted as it arrives (a small gzip body can inflate to gigabytes).
- No redirects, TLS verification on, plain http only to loopback (check_base_url), and loopback
  never through a proxy (the token would go to the proxy, and from there anywhere).
- "Nothing was dialled" is said only when the call request provably never left: the connection
  that carries it records the moment it starts writing the request (_WatchedConnection), because
  urllib3's own errors cannot tell: it raises ProxyError also after the request went through a
  proxy's CONNECT tunnel and the answer was lost.
"""

from __future__ import annotations

import contextlib
import contextvars
import http.client
import ipaddress
import json
import logging
import re
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import MappingProxyType, TracebackType
from typing import Any, Final, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    InvalidHeader,
    LocationParseError,
    MaxRetryError,
    NewConnectionError,
    ProxyError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from fmc_desktop import __version__
from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import (
    FmcError,
    InvalidInputError,
    NetworkError,
    OutcomeUnknownError,
    ParseError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError_,
    TokenRejectedError,
)
from fmc_desktop.core.api.formats import FORMATS, Format, RejectedRow, parse_calls
from fmc_desktop.core.api.records import OPTIONAL_FIELDS, CallRecord, ExtraValue
from fmc_desktop.core.api.token import check_token_shape, redact
from fmc_desktop.core.api.windows import Window, WindowPlan, plan_windows
from fmc_desktop.core.numbers.outside_text import for_terminal
from fmc_desktop.core.numbers.phone import canonical, parse_number
from fmc_desktop.core.system.settings import check_base_url

_log = logging.getLogger(__name__)

CDR_PATH = "/api/cdr/v1/callstat.{fmt}"
ORIGINATE_PATH = "/api/onebox/v1/originate"
USER_AGENT = f"fmc-desktop/{__version__}"

_CHUNK_BYTES: Final = 64 * 1024
# How much of an error answer is read, and how much of it is shown to the user.
_ERROR_BODY_BYTES: Final = 16 * 1024
_SERVER_TEXT_CHARS: Final = 300
# check_token asks for this much history: small, and always inside the 30 days the API keeps.
_TOKEN_CHECK_SPAN = timedelta(minutes=5)
_RETRY_STATUSES: Final = (500, 502, 503, 504)

# Everything requests and urllib3 (and the sockets under them) may raise while talking to the
# server. http.client's errors and OSError are normally wrapped by urllib3, but a boundary that
# lets one slip through would show its text, and the URL in it, to the user.
_TRANSPORT_ERRORS: Final = (
    requests.RequestException,
    Urllib3Error,
    http.client.HTTPException,
    OSError,
)


@dataclass(frozen=True)
class FetchFlags:
    """The CDR request's optional extras: each adds fields to every call."""

    names: bool = False
    departments: bool = False
    ownership: bool = False

    def wire_params(self) -> dict[str, str]:
        # All three are always sent, so the answer never depends on the server's defaults.
        return {
            "names": "on" if self.names else "off",
            "departments": "on" if self.departments else "off",
            "ownership": "on" if self.ownership else "off",
        }


@dataclass(frozen=True)
class HttpLimits:
    """Timeouts in seconds, sizes in bytes. The deadline bounds a request, retries included."""

    connect_timeout: float = 10
    read_timeout: float = 30
    total_deadline: float = 120
    max_response_bytes: int = 50 * 1024 * 1024
    cdr_retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30


NO_FLAGS: Final = FetchFlags()
DEFAULT_LIMITS: Final = HttpLimits()


@dataclass
class WindowResult:
    window: Window
    records: list[CallRecord]
    rejected: list[RejectedRow]


@dataclass
class PeriodResult:
    """A period's calls, merged across windows.

    `cancelled` is True when the caller's `cancelled()` stopped the fetch between windows; then
    `windows` holds only those fetched, and the result must not be taken as the whole period.
    """

    plan: WindowPlan
    records: list[CallRecord]
    rejected: list[RejectedRow]
    windows: list[WindowResult]
    cancelled: bool = False

    @property
    def complete(self) -> bool:
        return not self.cancelled and len(self.windows) == len(self.plan.windows)


# --- merging windows ----------------------------------------------------------------------------


def call_identity(record: CallRecord) -> tuple[datetime, str, str, int]:
    """What makes two records the same call, whichever window, format or spelling they came in.

    The start as a UTC instant (two Kyiv wall times in the repeated hour compare equal although
    an hour apart) and the numbers in canonical form (`067…` and `+38067…` are one phone).
    """
    return (
        record.start_utc,
        canonical(record.calling_number),
        canonical(record.called_number),
        record.duration,
    )


def merge_records(batches: Iterable[Iterable[CallRecord]]) -> list[CallRecord]:
    """All calls of `batches` once each, in chronological order.

    Adjacent windows share their boundary second, so a call starting on it comes twice; where
    one copy has a name, department or extra field the other lacks, the merged call has it.
    """
    merged: dict[tuple[datetime, str, str, int], CallRecord] = {}
    for batch in batches:
        for record in batch:
            identity = call_identity(record)
            earlier = merged.get(identity)
            merged[identity] = record if earlier is None else _fill_missing(earlier, record)
    return [merged[identity] for identity in sorted(merged)]


def _fill_missing(kept: CallRecord, later: CallRecord) -> CallRecord:
    changes: dict[str, Any] = {
        name: getattr(later, name)
        for name in OPTIONAL_FIELDS
        if getattr(kept, name) is None and getattr(later, name) is not None
    }
    missing = {
        key: value
        for key, value in later.extra.items()
        if value is not None and kept.extra.get(key) is None
    }
    if missing:
        extra: dict[str, ExtraValue] = dict(kept.extra)
        extra.update(missing)
        changes["extra"] = MappingProxyType(extra)
    return replace(kept, **changes) if changes else kept


# --- retries ------------------------------------------------------------------------------------

# The deadline of the request running in this thread, for the Retry below: urllib3 copies its Retry
# object per request and knows nothing of ours, and a context variable needs no shared state.
_request_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
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
        watch = _send_watch.get()
        if watch is not None and watch.client is not None and watch.client.aborted:
            # The app is closing: no retry, and no backoff sleep before giving up.
            raise MaxRetryError(_pool, url, error or ResponseError("stopped"))  # type: ignore[arg-type]
        following = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = following._planned_wait(response)
        deadline = _request_deadline.get()
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


def _cdr_retry(limits: HttpLimits) -> Retry:
    return _BoundedRetry(
        total=limits.cdr_retries,
        connect=limits.cdr_retries,
        read=limits.cdr_retries,
        status=limits.cdr_retries,
        redirect=0,
        status_forcelist=_RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=limits.backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        max_retry_after=limits.max_retry_after,
    )


def _originate_retry() -> Retry:
    # Nothing retried, not even a refused connection: Retry(total=3) made four phone calls.
    return Retry(total=0, connect=0, read=0, redirect=0, status=0, other=0)


# --- knowing whether the call request left -------------------------------------------------------


@dataclass
class _SendWatch:
    """What the connection carrying one request did: opened by us, and started writing it."""

    watched: bool = False
    written: bool = False
    client: FmcClient | None = None  # whose abort() may cut this request's sockets


_send_watch: contextvars.ContextVar[_SendWatch | None] = contextvars.ContextVar(
    "fmc_send_watch", default=None
)


class _WatchedConnection(HTTPConnection):
    """Marks the request as written from its first byte on, and not before.

    A CONNECT to a proxy and a TLS handshake happen inside connect(), which ends before the
    request is written; so any failure while `written` is False provably sent nothing.
    """

    _fmc_connected = False
    _fmc_socket: socket.socket | None = None
    _fmc_client: FmcClient | None = None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        watch = _send_watch.get()
        if watch is not None and watch.client is not None:
            # Known to the client from now on, so abort() can cut a CONNECT, a handshake or a
            # read that hangs.
            self._fmc_socket = watch.client._track(sock)
            self._fmc_client = watch.client
        return sock

    def connect(self) -> None:
        self._fmc_connected = False
        watch = _send_watch.get()
        if watch is not None:
            watch.watched = True
        super().connect()
        self._fmc_connected = True

    def close(self) -> None:
        self._fmc_connected = False
        if self._fmc_client is not None and self._fmc_socket is not None:
            self._fmc_client._untrack(self._fmc_socket)
        self._fmc_socket = self._fmc_client = None
        super().close()

    def send(self, data: Any) -> None:
        if self.sock is None:
            # http.client would connect here on its own; connecting first keeps the CONNECT and
            # the handshake out of what counts as written.
            self.connect()
        watch = _send_watch.get()
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


class _WatchedAdapter(HTTPAdapter):
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


def _mask_urllib3_logs() -> None:
    with _masking_lock:
        for name in _URLLIB3_LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, _MaskTokenInRecords) for f in logger.filters):
                logger.addFilter(_MaskTokenInRecords())


# --- the client ---------------------------------------------------------------------------------

# Every client not yet closed, for abort_all() at quit: the threads that use them are the app's,
# not the client's, and a quit must not wait for a server that does not answer.
_live_clients: weakref.WeakSet[FmcClient] = weakref.WeakSet()
_live_lock = threading.Lock()


@dataclass
class _Answer:
    status: int
    body: bytes
    attempts: int


class FmcClient:
    """Talks to one FMC API server with one token. Use as a context manager, or call close().

    Sessions may be handed in (their TLS settings, headers and pools are used); the client always
    mounts its own adapters on them, because the retry policy is what keeps originate from dialling
    twice.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        clock: Clock | None = None,
        limits: HttpLimits = DEFAULT_LIMITS,
        proxy: str | None = None,
        session: requests.Session | None = None,
        originate_session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        self._base_url = check_base_url(base_url)
        self._token = check_token_shape(token)
        self._host = urlsplit(self._base_url).netloc
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._limits = limits
        self._proxies = _proxies_for(proxy, self._base_url)
        if session is not None and session is originate_session:
            # One session would get one adapter, and with it one retry policy for both.
            raise ValueError("the call history and originate need separate sessions")
        self._owned: list[requests.Session] = []
        # Duplicates of the sockets in use: TLS detaches the plain socket it wraps, and a
        # descriptor number alone could, once closed, name someone else's socket.
        self._sockets: set[socket.socket] = set()
        self._sockets_lock = threading.Lock()
        self._aborted = False
        # A client dropped without close() still gives its duplicates back.
        weakref.finalize(self, _close_duplicates, self._sockets, self._sockets_lock)
        with _live_lock:
            _live_clients.add(self)
        _mask_urllib3_logs()
        cdr_adapter = _WatchedAdapter(
            max_retries=_cdr_retry(limits), pool_connections=1, pool_maxsize=2
        )
        originate_adapter = _WatchedAdapter(
            max_retries=_originate_retry(), pool_connections=1, pool_maxsize=1
        )
        self._cdr = self._prepare(session, cdr_adapter, user_agent)
        self._originate = self._prepare(originate_session, originate_adapter, user_agent)
        # A fresh connection for every call request: on a reused one that the server had quietly
        # closed, the request would fail after "sending" and read as outcome unknown.
        self._originate.headers["Connection"] = "close"

    def __repr__(self) -> str:
        return f"FmcClient({self._base_url!r})"

    def _prepare(
        self, given: requests.Session | None, adapter: HTTPAdapter, user_agent: str
    ) -> requests.Session:
        session = given if given is not None else requests.Session()
        if given is None:
            self._owned.append(session)
        if session.verify is False:
            raise ValueError("the API client needs TLS certificate verification on")
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers["User-Agent"] = user_agent
        # Only decoders that urllib3 bounds as it streams; the size check counts decoded bytes.
        session.headers["Accept-Encoding"] = "gzip, deflate"
        if self._proxies == {}:
            session.trust_env = False
            session.proxies.clear()
        return session

    # --- call history ----------------------------------------------------------------------------

    def fetch_window(
        self, window: Window, *, fmt: Format = "json", flags: FetchFlags = NO_FLAGS
    ) -> WindowResult:
        """The calls of one window (at most 7 days, inside the last 30), as the API gives them."""
        if fmt not in FORMATS:
            raise InvalidInputError(
                f"Unknown call list format {fmt!r}; use one of {', '.join(FORMATS)}."
            )
        path = CDR_PATH.format(fmt=fmt)
        wire = window.wire_params()
        _log.debug("GET %s from=%s to=%s", path, wire["from"], wire["to"])
        params = {"token": self._token, "from": wire["from"], "to": wire["to"]}
        params.update(flags.wire_params())
        answer = self._get(self._cdr, path, params, originate=False)
        if not 200 <= answer.status < 300:
            raise self._cdr_status_error(answer) from None
        source = f"the call list for {wire['from']} to {wire['to']}"
        failure: FmcError
        try:
            parsed = parse_calls(answer.body, fmt, source=source)
        except ParseError as error:
            # Rebuilt outside the except block: nothing of the parser's context travels with it,
            # and a server that echoed the request into its answer cannot leak the token here.
            failure = self._api_error_answer(answer.body) or ParseError(
                redact(error.message, self._token),
                **{key: _masked(value, self._token) for key, value in error.details.items()},
            )
        else:
            _log.debug("%s: %d calls, %d rejected", path, len(parsed.records), len(parsed.rejected))
            return WindowResult(window, parsed.records, parsed.rejected)
        raise failure from None

    def fetch_period(
        self,
        start: datetime,
        end: datetime,
        *,
        fmt: Format = "json",
        flags: FetchFlags = NO_FLAGS,
        on_window: Callable[[int, int, WindowResult], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> PeriodResult:
        """The calls of [start, end] as far as the API keeps them, window by window.

        The first window that fails raises its error and nothing is returned: a caller never
        writes half a period believing it whole. `on_window(i, n, result)` reports progress.
        """
        plan = plan_windows(start, end, self._clock.now())
        done: list[WindowResult] = []
        stopped = False
        count = len(plan.windows)
        for index, window in enumerate(plan.windows):
            if cancelled is not None and cancelled():
                stopped = True
                break
            result = self.fetch_window(window, fmt=fmt, flags=flags)
            done.append(result)
            if on_window is not None:
                on_window(index, count, result)
        return PeriodResult(
            plan=plan,
            records=merge_records(result.records for result in done),
            rejected=[row for result in done for row in result.rejected],
            windows=done,
            cancelled=stopped,
        )

    def check_token(self) -> None:
        """Ask for the last few minutes of calls: a quiet answer means the token works."""
        now = self._clock.now()
        plan = plan_windows(now - _TOKEN_CHECK_SPAN, now, now)
        # The plan is never empty for a span ending now, but a zero-length window is as good.
        window = plan.windows[0] if plan.windows else Window(now.replace(microsecond=0), now)
        self.fetch_window(window)

    # --- originate -------------------------------------------------------------------------------

    def originate(self, calling_number: str, called_number: str) -> None:
        """Have the PBX ring `calling_number` and, once answered, connect it to `called_number`.

        Never retried. OutcomeUnknownError when the request left but no answer came back:
        the phone may be ringing.
        """
        calling = parse_number(calling_number).canonical
        called = parse_number(called_number).canonical
        _log.debug("GET %s calling_number=%s called_number=%s", ORIGINATE_PATH, calling, called)
        params = {"token": self._token, "calling_number": calling, "called_number": called}
        answer = self._get(self._originate, ORIGINATE_PATH, params, originate=True)
        if not 200 <= answer.status < 300:
            raise self._originate_status_error(answer, calling) from None
        _log.info("The PBX accepted the call request (status %d)", answer.status)

    # --- the exchange ----------------------------------------------------------------------------

    def _get(
        self, session: requests.Session, path: str, params: Mapping[str, str], *, originate: bool
    ) -> _Answer:
        """One GET, mapped to an _Answer or to one of the project's errors (raised from None)."""
        limits = self._limits
        started = time.monotonic()
        deadline = started + limits.total_deadline
        if self._aborted:
            raise self._stopped_error(originate=originate) from None
        reset = _request_deadline.set(deadline)
        watch = _SendWatch(client=self)
        watching = _send_watch.set(watch)
        failure: FmcError | None = None
        try:
            response = session.get(
                self._base_url + path,
                params=params,
                timeout=(limits.connect_timeout, limits.read_timeout),
                allow_redirects=False,
                stream=True,
                # A copy: requests adds the environment's proxies into the dict it is given. A None
                # value (loopback) is requests' documented way to drop the environment's proxy;
                # the stubs do not know it.
                proxies=dict(self._proxies) if self._proxies is not None else None,  # type: ignore[arg-type]
            )
            try:
                answer = self._read(response, deadline, originate=originate)
            finally:
                response.close()
        except _TRANSPORT_ERRORS as error:
            failure = (
                self._originate_transport_error(error, watch)
                if originate
                else self._cdr_transport_error(error, time.monotonic() - started)
            )
        finally:
            _send_watch.reset(watching)
            _request_deadline.reset(reset)
        if failure is not None:
            # Outside the except block, so __context__ is empty too: requests' exception text
            # holds the URL, token and all.
            raise failure from None
        _log.debug(
            "%s: status %d, %d bytes in %.2f s after %d attempt(s)",
            path,
            answer.status,
            len(answer.body),
            time.monotonic() - started,
            answer.attempts,
        )
        return answer

    def _read(self, response: requests.Response, deadline: float, *, originate: bool) -> _Answer:
        status = response.status_code
        retries = getattr(response.raw, "retries", None)
        attempts = 1 + (len(retries.history) if isinstance(retries, Retry) else 0)
        if 200 <= status < 300:
            # The call is placed; originate's body says nothing more and is not waited for.
            body = b"" if originate else self._read_body(response, deadline)
        else:
            body = self._read_error_body(response, deadline)
        return _Answer(status, body, attempts)

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        """The decoded body, one socket read at a time, within the deadline and the size limit.

        Not iter_content: on a body with a Content-Length it waits for a whole 64 KiB chunk, so
        a server dripping bytes never lets the deadline be checked. read1 returns after one read.
        """
        limit = self._limits.max_response_bytes
        body = bytearray()
        raw = response.raw
        while True:
            if self._aborted:
                raise self._stopped_error(originate=False) from None
            if time.monotonic() > deadline:
                raise self._deadline_error(deadline - self._limits.total_deadline) from None
            # At most one chunk of decoded bytes per call (urllib3 bounds its decoders), so a
            # gzip bomb is stopped one chunk past the limit, not after inflating.
            chunk = raw.read1(_CHUNK_BYTES, decode_content=True)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > limit:
                raise ResponseTooLargeError(
                    f"The answer from {self._host} is larger than {_size_text(limit)} and was "
                    "stopped; ask for a shorter period.",
                    limit=limit,
                    host=self._host,
                ) from None

    def _read_error_body(self, response: requests.Response, deadline: float) -> bytes:
        """What an error answer says, for the message: a little of it, and never an error itself."""
        body = bytearray()
        try:
            while len(body) < _ERROR_BODY_BYTES and time.monotonic() < deadline:
                chunk = response.raw.read1(_CHUNK_BYTES, decode_content=True)
                if not chunk:
                    break
                body += chunk
        except _TRANSPORT_ERRORS:
            pass  # the status already says what went wrong; its text is a courtesy
        return bytes(body[:_ERROR_BODY_BYTES])

    # --- errors ----------------------------------------------------------------------------------

    def _stopped_error(self, *, originate: bool) -> NetworkError:
        if originate:
            return NetworkError(
                f"The call request to {self._host} was not sent because the app is closing. "
                "Nothing was dialled.",
                host=self._host,
                reason="stopped",
                dialled=False,
            )
        return NetworkError(
            f"The request to {self._host} was stopped because the app is closing.",
            host=self._host,
            reason="stopped",
        )

    def _deadline_error(self, started: float | None = None) -> TimeoutError_:
        limit = self._limits.total_deadline
        spent = limit if started is None else time.monotonic() - started
        return TimeoutError_(
            f"{self._host} did not finish answering; gave up after {_seconds_text(spent)}. "
            "Try again later.",
            host=self._host,
            timeout="total",
            seconds=round(spent, 1),
            limit=limit,
        )

    def _api_error_answer(self, body: bytes) -> FmcError | None:
        """The API's own words when a 2xx answer is an object like {"error": "..."}, else None."""
        if len(body) > _ERROR_BODY_BYTES:
            return None
        try:
            document = json.loads(body.decode("utf-8", errors="replace"))
        except ValueError:
            return None
        if not isinstance(document, dict) or "error" not in document or "calls" in document:
            return None
        said = document["error"]
        if isinstance(said, dict):  # {"error": {"message": ...}} is a common shape too
            said = said.get("message", said.get("text", said))
        raw = said if isinstance(said, str) else json.dumps(said, ensure_ascii=False)
        text = self._server_text(raw.encode("utf-8"))
        return RequestRejectedError(
            f"The API answered with an error instead of the calls: {text or 'no reason given'}",
            server_text=text,
        )

    def _server_text(self, body: bytes) -> str:
        # Control characters out first: the text reaches terminals and dialogs as it is.
        decoded = for_terminal(body.decode("utf-8", errors="replace"))
        text = " ".join(decoded.split())
        if len(text) > _SERVER_TEXT_CHARS:
            text = text[: _SERVER_TEXT_CHARS - 1] + "…"
        return redact(text, self._token)

    def _common_status_error(self, answer: _Answer) -> FmcError:
        status = answer.status
        if status == 400:
            text = self._server_text(answer.body)
            said = f": {text}" if text else "."
            return RequestRejectedError(
                f"The API refused the request as invalid (400){said}",
                status=status,
                server_text=text,
            )
        if 300 <= status < 400:
            return ServerError(
                f"{self._host} answered with a redirect ({status}), which is not followed: "
                "check the server address.",
                status=status,
                reason="redirect",
            )
        if status >= 500:
            return ServerError(
                f"The FMC server could not answer (status {status}); try again later.",
                status=status,
                attempts=answer.attempts,
            )
        return ServerError(
            f"{self._host} gave an unexpected answer (status {status}).",
            status=status,
            attempts=answer.attempts,
        )

    def _cdr_status_error(self, answer: _Answer) -> FmcError:
        if answer.status == 403:
            return TokenRejectedError(
                "The FMC token was rejected; copy it again from the Settings section of the "
                "Virtual Mobile PBX integration portal (https://fmc.kyivstar.ua/api/webportal).",
                status=403,
            )
        return self._common_status_error(answer)

    def _originate_status_error(self, answer: _Answer, calling: str) -> FmcError:
        if answer.status == 403:
            return TokenRejectedError(
                "The API rejected the request with 403: either the token is wrong, or the API FMC "
                f"service is not enabled on the number {calling}; check the token, and that the "
                'number has the "Convergent" and "API FMC" packages with "CRM Type" set to '
                '"OneBox" in the integration portal\'s Settings.',
                status=403,
                calling_number=calling,
            )
        error = self._common_status_error(answer)
        if answer.status >= 500:
            error = ServerError(
                f"The FMC server could not take the call request (status {answer.status}); "
                "check your phone and the call history before trying again.",
                status=answer.status,
                attempts=answer.attempts,
            )
        return error

    def _cdr_transport_error(self, error: BaseException, spent: float) -> FmcError:
        chain = _chain(error)
        root = chain[-1]
        refused = _tunnel_refusal(chain)
        if refused is not None:
            return self._proxy_refused_error(refused)
        if _has(chain, ProxyError, requests.exceptions.ProxyError):
            return self._proxy_error()
        if _has(chain, NewConnectionError):
            return self._unreachable_error()
        # The limits are per attempt and the history is retried: the sentence says how long the
        # user actually waited, not the limit of one attempt.
        if _has(chain, ConnectTimeoutError, requests.ConnectTimeout):
            return TimeoutError_(
                f"{self._host} did not accept a connection; gave up after "
                f"{_seconds_text(spent)}. Check the network connection or proxy.",
                host=self._host,
                timeout="connect",
                seconds=round(spent, 1),
                limit=self._limits.connect_timeout,
            )
        if _has(chain, ReadTimeoutError, TimeoutError, requests.Timeout):
            return TimeoutError_(
                f"{self._host} did not answer; gave up after {_seconds_text(spent)}. "
                "Try again later.",
                host=self._host,
                timeout="read",
                seconds=round(spent, 1),
                limit=self._limits.read_timeout,
            )
        if _has(chain, Urllib3SSLError, ssl.SSLError, requests.exceptions.SSLError):
            return self._tls_error()
        if _has(chain, DecodeError, requests.exceptions.ContentDecodingError):
            return ParseError(
                f"The answer from {self._host} was compressed wrongly and cannot be read.",
                host=self._host,
            )
        return NetworkError(
            f"The connection to {self._host} broke before the answer was complete; "
            "check the network connection or proxy, and try again.",
            host=self._host,
            reason=type(root).__name__,
        )

    def _originate_transport_error(self, error: BaseException, watch: _SendWatch) -> FmcError:
        chain = _chain(error)
        root = chain[-1]
        # "Nothing was dialled" only where it provably was not sent: our connection was opened
        # and never started writing the request, or no connection was made at all (an address
        # that cannot even be parsed). The error's type alone cannot say it: urllib3 wraps a
        # connection lost after the request as ProxyError when a proxy is in the way.
        before_connecting = _has(
            chain,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            LocationParseError,
        )
        if not watch.written and (watch.watched or before_connecting):
            return self._not_sent_error(chain)
        return OutcomeUnknownError(
            "The call request was sent but no answer came back: check your phone and the call "
            "history before trying again.",
            host=self._host,
            reason=type(root).__name__,
        )

    def _not_sent_error(self, chain: list[BaseException]) -> FmcError:
        refused = _tunnel_refusal(chain)
        if refused is not None:
            return self._proxy_refused_error(refused, dialled=False)
        if _has(chain, ProxyError, requests.exceptions.ProxyError):
            return self._proxy_error(dialled=False)
        if _has(chain, Urllib3SSLError, ssl.SSLError, requests.exceptions.SSLError):
            return self._tls_error(
                dialled=False, certificate=_has(chain, ssl.SSLCertVerificationError)
            )
        return self._unreachable_error(dialled=False)

    def _proxy_refused_error(self, status: int, *, dialled: bool | None = None) -> NetworkError:
        # Only the status and its standard phrase: the proxy's own words are not ours to print.
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        said = f"{status} {phrase}".strip()
        hint = (
            "the proxy needs a user name and password (proxy address: "
            "http://user:password@host:port)"
            if status == 407
            else "check the proxy settings"
        )
        details: dict[str, Any] = {"host": self._host, "reason": "proxy", "proxy_status": status}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"The proxy refused to connect to {self._host} ({said}): {hint}.{suffix}", **details
        )

    def _unreachable_error(self, *, dialled: bool | None = None) -> NetworkError:
        details: dict[str, Any] = {"host": self._host, "reason": "connect"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"Could not reach {self._host}: check the network connection or proxy.{suffix}",
            **details,
        )

    def _proxy_error(self, *, dialled: bool | None = None) -> NetworkError:
        details: dict[str, Any] = {"host": self._host, "reason": "proxy"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"Could not reach {self._host} through the proxy: check the proxy settings.{suffix}",
            **details,
        )

    def _tls_error(self, *, dialled: bool | None = None, certificate: bool = True) -> NetworkError:
        details: dict[str, Any] = {"host": self._host, "reason": "tls"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        if not certificate:
            return NetworkError(
                f"Could not make a secure connection to {self._host}: the secure handshake "
                "failed. Check any proxy or antivirus that inspects secure connections."
                f"{suffix}",
                **details,
            )
        return NetworkError(
            f"Could not make a secure connection to {self._host}: its certificate was not "
            "accepted. Check the computer's date and any proxy or antivirus that inspects "
            f"secure connections.{suffix}",
            **details,
        )

    # --- lifetime --------------------------------------------------------------------------------

    @property
    def aborted(self) -> bool:
        return self._aborted

    def abort(self) -> None:
        """Cut every request of this client now; safe from any thread. For quitting.

        The sockets in use are shut down, so a read or handshake that hangs returns at once, and
        nothing is retried or started afterwards. A call request cut after it left is reported
        as outcome unknown, like any other lost answer.
        """
        self._aborted = True
        with self._sockets_lock:
            live = list(self._sockets)
        for duplicate in live:
            with contextlib.suppress(OSError):  # already shut down
                duplicate.shutdown(socket.SHUT_RDWR)

    @staticmethod
    def abort_all() -> int:
        """abort() every client of this process that is not closed; how many there were."""
        with _live_lock:
            clients = list(_live_clients)
        for client in clients:
            client.abort()
        return len(clients)

    def _track(self, sock: socket.socket) -> socket.socket | None:
        """Keep a duplicate of `sock` to shut it down from abort(); None if that failed."""
        try:
            duplicate = sock.dup()
        except OSError:
            return None
        with self._sockets_lock:
            self._sockets.add(duplicate)
        if self._aborted:  # abort() ran while this socket was connecting
            with contextlib.suppress(OSError):
                duplicate.shutdown(socket.SHUT_RDWR)
        return duplicate

    def _untrack(self, duplicate: socket.socket) -> None:
        with self._sockets_lock:
            self._sockets.discard(duplicate)
        duplicate.close()

    def close(self) -> None:
        for session in self._owned:
            session.close()
        self._owned.clear()
        with _live_lock:
            _live_clients.discard(self)
        _close_duplicates(self._sockets, self._sockets_lock)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --- helpers ------------------------------------------------------------------------------------


# requests drops a proxy whose value is None after merging the environment's, so these keys
# outvote HTTP_PROXY, HTTPS_PROXY and ALL_PROXY for one request.
_NO_PROXY: Final[Mapping[str, str | None]] = MappingProxyType(
    {"http": None, "https": None, "all": None}
)


def _is_loopback(base_url: str) -> bool:
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _proxies_for(proxy: str | None, base_url: str = "") -> dict[str, str | None] | None:
    """requests' per-request proxies: None for the system's, {} for none, else the one given.

    Given per request, not on the session: requests lets the environment's proxies override a
    session's own. A loopback API never goes through a proxy, whatever the settings or the
    environment say: a proxy on the way would receive the token of a plain-http request.
    """
    checked = check_proxy_url(proxy) if proxy is not None and proxy.strip() else None
    if base_url and _is_loopback(base_url):
        return dict(_NO_PROXY)
    if checked is None:
        return None
    if checked == "none":
        return {}
    return {"http": checked, "https": checked}


def check_proxy_url(proxy: str) -> str:
    """The proxy address cleaned, "none", or InvalidInputError in one sentence.

    Only http:// and https:// proxies: the client cannot use SOCKS (PySocks is not a
    dependency), and an address it cannot use must be refused when typed, not at the first call.
    """
    cleaned = proxy.strip()
    if cleaned.lower() == "none":
        return "none"
    parts = urlsplit(cleaned)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        # Not quoted back: a proxy address may carry a password.
        raise InvalidInputError(
            "The proxy address must be a full http:// or https:// address, such as "
            "http://proxy.example.com:3128."
        )
    return cleaned


# http.client's words when a proxy answers CONNECT with anything but 200 (urllib3 keeps them).
_TUNNEL_FAILED = re.compile(r"Tunnel connection failed: (\d{3})\b")


def _tunnel_refusal(chain: list[BaseException]) -> int | None:
    """The status a proxy answered our CONNECT with, when that is what failed."""
    for error in chain:
        if isinstance(error, OSError) and error.args and isinstance(error.args[0], str):
            found = _TUNNEL_FAILED.match(error.args[0])
            if found:
                return int(found.group(1))
    return None


def _seconds_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _close_duplicates(duplicates: set[socket.socket], lock: threading.Lock) -> None:
    with lock:
        left = list(duplicates)
        duplicates.clear()
    for duplicate in left:
        duplicate.close()


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and what it wraps, outermost first: requests' exceptions carry urllib3's in
    args[0], MaxRetryError its reason, ProxyError the original error, and so on down."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        following: BaseException | None = None
        if isinstance(current, MaxRetryError):
            following = current.reason
        elif isinstance(current, ProxyError):
            following = current.original_error
        elif current.args and isinstance(current.args[0], BaseException):
            following = current.args[0]
        if following is None:
            following = current.__cause__
            if following is None and not current.__suppress_context__:
                following = current.__context__
        current = following
    return chain


def _has(chain: list[BaseException], *kinds: type[BaseException]) -> bool:
    return any(isinstance(error, kinds) for error in chain)


def _masked(value: object, token: str) -> object:
    return redact(value, token) if isinstance(value, str) else value


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"

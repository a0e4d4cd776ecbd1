"""The FMC API client: the call history in windows the API accepts, and originate.

How requests travel is in transport.py, what each failure is called in failures.py, and how
windows are merged in merging.py; this module ties them together.

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
  that carries it records the moment it starts writing the request (see transport.py), because
  urllib3's own errors cannot tell: it raises ProxyError also after the request went through a
  proxy's CONNECT tunnel and the answer was lost.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType, TracebackType
from typing import Final, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from fmc_desktop import __version__
from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import FmcError, InvalidInputError, ParseError
from fmc_desktop.core.api.failures import (
    ERROR_BODY_BYTES,
    TRANSPORT_ERRORS,
    Answer,
    Failures,
)
from fmc_desktop.core.api.formats.fields import FORMATS, Format, RejectedRow
from fmc_desktop.core.api.formats.reading import parse_calls
from fmc_desktop.core.api.merging import merge_records
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.api.token import check_token_shape, redact
from fmc_desktop.core.api.transport import (
    LiveSockets,
    SendWatch,
    WatchedAdapter,
    cdr_retry,
    mask_urllib3_logs,
    originate_retry,
    request_deadline,
    send_watch,
)
from fmc_desktop.core.api.windows import Window, WindowPlan, plan_windows
from fmc_desktop.core.numbers.phone import parse_number
from fmc_desktop.core.system.settings import check_base_url

_log = logging.getLogger(__name__)

CDR_PATH = "/api/cdr/v1/callstat.{fmt}"
ORIGINATE_PATH = "/api/onebox/v1/originate"
USER_AGENT = f"fmc-desktop/{__version__}"

_CHUNK_BYTES: Final = 64 * 1024
# check_token asks for this much history: small, and always inside the 30 days the API keeps.
_TOKEN_CHECK_SPAN = timedelta(minutes=5)


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


# Every client not yet closed, for abort_all() at quit: the threads that use them are the app's,
# not the client's, and a quit must not wait for a server that does not answer.
_live_clients: weakref.WeakSet[FmcClient] = weakref.WeakSet()
_live_lock = threading.Lock()


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
        self._failures = Failures(
            self._host,
            self._token,
            connect_timeout=limits.connect_timeout,
            read_timeout=limits.read_timeout,
            total_deadline=limits.total_deadline,
        )
        if session is not None and session is originate_session:
            # One session would get one adapter, and with it one retry policy for both.
            raise ValueError("the call history and originate need separate sessions")
        self._owned: list[requests.Session] = []
        self._sockets = LiveSockets()
        # A client dropped without close() still gives its duplicates back.
        weakref.finalize(self, self._sockets.close)
        with _live_lock:
            _live_clients.add(self)
        mask_urllib3_logs()
        cdr_adapter = WatchedAdapter(
            max_retries=cdr_retry(limits.cdr_retries, limits.backoff, limits.max_retry_after),
            pool_connections=1,
            pool_maxsize=2,
        )
        originate_adapter = WatchedAdapter(
            max_retries=originate_retry(), pool_connections=1, pool_maxsize=1
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
            raise self._failures.cdr_status(answer) from None
        source = f"the call list for {wire['from']} to {wire['to']}"
        failure: FmcError
        try:
            parsed = parse_calls(answer.body, fmt, source=source)
        except ParseError as error:
            # Rebuilt outside the except block: nothing of the parser's context travels with it,
            # and a server that echoed the request into its answer cannot leak the token here.
            failure = self._failures.api_error_answer(answer.body) or ParseError(
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
            raise self._failures.originate_status(answer, calling) from None
        _log.info("The PBX accepted the call request (status %d)", answer.status)

    # --- the exchange ----------------------------------------------------------------------------

    def _get(
        self, session: requests.Session, path: str, params: Mapping[str, str], *, originate: bool
    ) -> Answer:
        """One GET, mapped to an Answer or to one of the project's errors (raised from None)."""
        limits = self._limits
        started = time.monotonic()
        deadline = started + limits.total_deadline
        if self._sockets.aborted:
            raise self._failures.stopped(originate=originate) from None
        reset = request_deadline.set(deadline)
        watch = SendWatch(sockets=self._sockets)
        watching = send_watch.set(watch)
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
        except TRANSPORT_ERRORS as error:
            failure = (
                self._failures.originate_transport(
                    error, watched=watch.watched, written=watch.written
                )
                if originate
                else self._failures.cdr_transport(error, time.monotonic() - started)
            )
        finally:
            send_watch.reset(watching)
            request_deadline.reset(reset)
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

    def _read(self, response: requests.Response, deadline: float, *, originate: bool) -> Answer:
        status = response.status_code
        retries = getattr(response.raw, "retries", None)
        attempts = 1 + (len(retries.history) if isinstance(retries, Retry) else 0)
        if 200 <= status < 300:
            # The call is placed; originate's body says nothing more and is not waited for.
            body = b"" if originate else self._read_body(response, deadline)
        else:
            body = self._read_error_body(response, deadline)
        return Answer(status, body, attempts)

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        """The decoded body, one socket read at a time, within the deadline and the size limit.

        Not iter_content: on a body with a Content-Length it waits for a whole 64 KiB chunk, so
        a server dripping bytes never lets the deadline be checked. read1 returns after one read.
        """
        limit = self._limits.max_response_bytes
        body = bytearray()
        raw = response.raw
        while True:
            if self._sockets.aborted:
                raise self._failures.stopped(originate=False) from None
            if time.monotonic() > deadline:
                raise self._failures.deadline(deadline - self._limits.total_deadline) from None
            # At most one chunk of decoded bytes per call (urllib3 bounds its decoders), so a
            # gzip bomb is stopped one chunk past the limit, not after inflating.
            chunk = raw.read1(_CHUNK_BYTES, decode_content=True)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > limit:
                raise self._failures.too_large(limit) from None

    def _read_error_body(self, response: requests.Response, deadline: float) -> bytes:
        """What an error answer says, for the message: a little of it, and never an error itself."""
        body = bytearray()
        try:
            while len(body) < ERROR_BODY_BYTES and time.monotonic() < deadline:
                chunk = response.raw.read1(_CHUNK_BYTES, decode_content=True)
                if not chunk:
                    break
                body += chunk
        except TRANSPORT_ERRORS:
            pass  # the status already says what went wrong; its text is a courtesy
        return bytes(body[:ERROR_BODY_BYTES])

    # --- lifetime --------------------------------------------------------------------------------

    @property
    def aborted(self) -> bool:
        return self._sockets.aborted

    def abort(self) -> None:
        """Cut every request of this client now; safe from any thread. For quitting.

        The sockets in use are shut down, so a read or handshake that hangs returns at once, and
        nothing is retried or started afterwards. A call request cut after it left is reported
        as outcome unknown, like any other lost answer.
        """
        self._sockets.abort()

    @staticmethod
    def abort_all() -> int:
        """abort() every client of this process that is not closed; how many there were."""
        with _live_lock:
            clients = list(_live_clients)
        for client in clients:
            client.abort()
        return len(clients)

    def close(self) -> None:
        for session in self._owned:
            session.close()
        self._owned.clear()
        with _live_lock:
            _live_clients.discard(self)
        self._sockets.close()

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


def _masked(value: object, token: str) -> object:
    return redact(value, token) if isinstance(value, str) else value

"""The vendor's HTTP API on a loopback port: strict to the letter of its document, faulty on demand.

The app's `--demo` mode and every test that talks to "the PBX" talk to this. It answers the two
documented endpoints the way the document says, reads each ambiguity the strictest way (so a
client that copes here copes with any reasonable reading of it), and can be told to misbehave in
the ways real servers and networks do (`Simulator.inject`).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import TracebackType

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.kyiv import utc
from fmc_desktop.core.api.token import REDACTED, TOKEN_RE, redact
from fmc_desktop.simulator import rules
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
from fmc_desktop.simulator.faults import FAULT_OPTIONS, Endpoint, Fault, PendingFault
from fmc_desktop.simulator.handler import CallList, Reply, Server, text_reply

logger = logging.getLogger(__name__)


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
        self._faults: deque[PendingFault] = deque()
        self._lock = threading.Lock()
        self._lifecycle = threading.Lock()
        self._stopping = threading.Event()
        self._server: Server | None = None
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
            server = Server((self.host, self.port), self)
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
        defaults = FAULT_OPTIONS.get(fault, {})
        unknown = set(options) - set(defaults)
        if unknown:
            raise TypeError(f"{fault.name} takes no option {', '.join(sorted(unknown))}")
        pending = PendingFault(fault, endpoint, {**defaults, **options})
        with self._lock:
            self._faults.extend([pending] * times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def calls_between(self, start_utc: datetime, end_utc: datetime) -> list[Record]:
        """Ground truth: every call that has happened by now with a start in [start, end] (UTC),
        in the API's field names with every optional field, ordered by real start time."""
        start_utc, end_utc = utc(start_utc), utc(end_utc)
        calls = self._existing_calls(rules.wall(start_utc).date(), rules.wall(end_utc).date())
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

    def _call_list(self, fmt: str, params: dict[str, list[str]], now: datetime) -> Reply | CallList:
        if not self._token_ok(params):  # before anything else: nothing leaks to a stranger
            return text_reply(403, "token: invalid authorization key")
        try:
            names, departments, ownership = (
                rules.flag(params, name) for name in ("names", "departments", "ownership")
            )
            start, end = rules.window(
                rules.timestamp(params, "from"), rules.timestamp(params, "to"), now
            )
        except rules.BadRequest as error:
            return text_reply(400, str(error))
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
        return CallList(
            fmt, records, fields, f"callstat_{rules.wire(start)}_{rules.wire(end)}.{fmt}"
        )

    def _originate(self, params: dict[str, list[str]], now: datetime) -> Reply:
        if not self._token_ok(params):
            return text_reply(403, "token: invalid authorization key")
        try:
            numbers = {n: rules.single(params, n) for n in ("calling_number", "called_number")}
            for name, number in numbers.items():
                if number is None:
                    raise rules.BadRequest(f"{name}: missing")
                if not rules.is_phone_number(number):
                    raise rules.BadRequest(f"{name}: not a phone number")
        except rules.BadRequest as error:
            return text_reply(400, str(error))
        calling, called = numbers["calling_number"], numbers["called_number"]
        assert calling is not None
        assert called is not None
        member = self.company.subscriber(calling)
        if member is None:
            return text_reply(403, "calling_number: API FMC is not enabled on this number")
        with self._lock:
            index = len(self.originates)
            self.originates.append(OriginateCall(calling, called, now))
            # The PBX rings the subscriber, then the other side, who answers: the call shows up
            # in the call history once it has ended (20-120 s later).
            duration = stable_seed(self.seed, f"originate:{index}") % 101 + 20
            start = utc(now).replace(microsecond=0)
            end = start + timedelta(seconds=duration)
            self._placed.append(SimCall(start, end, member.number, national(called), duration))
        return Reply(200)

    # -- helpers -------------------------------------------------------------------------------

    def _existing_calls(self, first: date, last: date) -> list[SimCall]:
        """Calls starting on Kyiv days first..last that have ended by now, in real start order."""
        now = self.clock.now()
        today = rules.wall(now).date()
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

    def _take_fault(self, endpoint: Endpoint) -> PendingFault | None:
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

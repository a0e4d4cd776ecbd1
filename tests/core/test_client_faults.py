"""The API client when the server or the network misbehaves, and the token through all of it.

Each trap of docs/PITFALLS.md's "The token" and "HTTP" sections has a test here that shows it does
not bite: retries that dial twice, a Retry-After of an hour, a server dripping bytes, a gzip bomb,
redirects, and the token in exception texts, tracebacks and urllib3's log lines.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import (
    FmcError,
    NetworkError,
    OutcomeUnknownError,
    ParseError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError_,
    TokenRejectedError,
)
from fmc_desktop.core.api.merging import call_identity
from fmc_desktop.core.api.windows import Window
from fmc_desktop.simulator import Fault, RecordedRequest, Simulator

FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, backoff=0)
CDR = "/api/cdr/v1/callstat."


def cdr_requests(simulator: Simulator) -> list[RecordedRequest]:
    return [r for r in simulator.requests if r.path.startswith(CDR)]


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def last_day(clock: ManualClock) -> Window:
    now = clock.now()
    return Window(now - timedelta(days=1), now)


@pytest.fixture
def connect(simulator: Simulator, clock: ManualClock) -> Iterator[Callable[..., FmcClient]]:
    """A client on the simulator with the given limits (FAST's where not given)."""
    made: list[FmcClient] = []

    def make(**limits: float) -> FmcClient:
        settings = {**FAST.__dict__, **limits}
        client = FmcClient(
            simulator.base_url, simulator.token, clock=clock, limits=HttpLimits(**settings)
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


# --- answers the document lists: 400, 403, 500 ----------------------------------------------------


def test_403_means_the_token_was_rejected(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.FORBIDDEN, endpoint="cdr")
    with pytest.raises(TokenRejectedError) as caught:
        connect().fetch_window(last_day(clock))
    assert caught.value.message.startswith("The FMC token was rejected;")
    assert len(cdr_requests(simulator)) == 1  # a wrong token does not become right by retrying


def test_400_carries_the_servers_text(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    too_old = Window(now - timedelta(days=40), now - timedelta(days=38))
    with pytest.raises(RequestRejectedError) as caught:
        connect().fetch_window(too_old)
    text = caught.value.details["server_text"]
    assert "older than 30 days" in text
    assert text in caught.value.message
    assert len(cdr_requests(simulator)) == 1


def test_500_once_is_retried_and_then_succeeds(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr")
    result = connect().fetch_window(last_day(clock))
    assert result.records
    assert [r.status for r in cdr_requests(simulator)] == [500, 200]


def test_500_every_time_is_a_server_error_after_all_retries(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SERVER_ERROR, times=10, endpoint="cdr")
    with pytest.raises(ServerError) as caught:
        connect(cdr_retries=3).fetch_window(last_day(clock))
    assert caught.value.details["status"] == 500
    assert caught.value.details["attempts"] == 4
    assert [r.status for r in cdr_requests(simulator)] == [500] * 4


def test_retries_wait_with_backoff(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SERVER_ERROR, times=2, endpoint="cdr")
    started = time.monotonic()
    connect(backoff=0.1).fetch_window(last_day(clock))
    # urllib3 waits 0 before the first retry and backoff * 2 before the second.
    assert time.monotonic() - started >= 0.2
    assert len(cdr_requests(simulator)) == 3


# --- Retry-After, deadlines, timeouts ----------------------------------------------------------


def test_retry_after_of_an_hour_is_capped(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.RETRY_AFTER, endpoint="cdr", seconds=3600)
    started = time.monotonic()
    result = connect(max_retry_after=0.2).fetch_window(last_day(clock))
    elapsed = time.monotonic() - started
    assert result.records
    assert [r.status for r in cdr_requests(simulator)] == [503, 200]
    assert 0.15 <= elapsed < 3  # waited the capped 0.2 s, not the hour


def test_no_retry_waits_past_the_total_deadline(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    # The default cap of 30 s would be honoured, but not when the deadline comes first.
    simulator.inject(Fault.RETRY_AFTER, times=5, endpoint="cdr", seconds=30)
    started = time.monotonic()
    with pytest.raises(ServerError) as caught:
        connect(total_deadline=1, max_retry_after=30).fetch_window(last_day(clock))
    assert time.monotonic() - started < 2
    assert caught.value.details["status"] == 503
    assert len(cdr_requests(simulator)) == 1


def test_a_dropped_connection_on_the_call_history_is_retried(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.DROP, endpoint="cdr")
    result = connect().fetch_window(last_day(clock))
    assert result.records
    assert [r.status for r in cdr_requests(simulator)] == [0, 200]


def test_a_slow_answer_times_out_and_is_retried(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SLOW, endpoint="cdr", delay=1.0)
    result = connect(read_timeout=0.3).fetch_window(last_day(clock))
    assert result.records
    wait_until(lambda: len(cdr_requests(simulator)) == 2)


def test_a_slow_answer_every_time_is_a_timeout(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SLOW, times=2, endpoint="cdr", delay=1.0)
    with pytest.raises(TimeoutError_) as caught:
        connect(read_timeout=0.3, cdr_retries=1).fetch_window(last_day(clock))
    assert caught.value.details["timeout"] == "read"


def test_a_dripping_body_stops_at_the_total_deadline(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    # Each byte comes well within the read timeout, so only the total deadline can stop it.
    simulator.inject(Fault.DRIP, endpoint="cdr", interval=0.3)
    started = time.monotonic()
    with pytest.raises(TimeoutError_) as caught:
        connect(total_deadline=1.5, read_timeout=1).fetch_window(last_day(clock))
    elapsed = time.monotonic() - started
    assert 1.4 <= elapsed < 2.2
    assert caught.value.details["timeout"] == "total"
    assert len(cdr_requests(simulator)) == 1  # a body half received is not retried


# --- sizes ----------------------------------------------------------------------------------------


def test_an_oversized_answer_is_stopped(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.OVERSIZED, endpoint="cdr", size=3 * 1024 * 1024)
    with pytest.raises(ResponseTooLargeError) as caught:
        connect(max_response_bytes=1024 * 1024).fetch_window(last_day(clock))
    assert caught.value.details["limit"] == 1024 * 1024
    assert "1 MB" in caught.value.message


def test_a_gzip_bomb_is_stopped_quickly_and_in_little_memory(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.GZIP_BOMB, endpoint="cdr")  # ~1 MB that inflates to 1 GiB
    client = connect(max_response_bytes=1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ResponseTooLargeError):
            client.fetch_window(last_day(clock))
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5
    assert peak < 32 * 1024 * 1024  # the simulator's own 1 MB body included; inflated: 1 GiB


def test_a_body_just_under_the_limit_is_read(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.OVERSIZED, endpoint="cdr", size=900 * 1024)
    result = connect(max_response_bytes=1024 * 1024).fetch_window(last_day(clock))
    assert len(result.records) > 1000


# --- bodies ---------------------------------------------------------------------------------------


def test_trailing_commas_as_in_the_vendors_example_parse(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    client = connect()
    plain = client.fetch_window(last_day(clock))
    simulator.inject(Fault.TRAILING_COMMAS, endpoint="cdr")
    sloppy = client.fetch_window(last_day(clock))
    assert plain.records
    assert sloppy.records == plain.records


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_malformed_body_is_a_parse_error(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock, fmt: str
) -> None:
    simulator.inject(Fault.MALFORMED, endpoint="cdr")
    with pytest.raises(ParseError):
        connect().fetch_window(last_day(clock), fmt=fmt)  # type: ignore[arg-type]
    assert len(cdr_requests(simulator)) == 1


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_a_bad_row_is_set_aside_and_the_rest_kept(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock, fmt: str
) -> None:
    client = connect()
    window = last_day(clock)
    good = client.fetch_window(window, fmt=fmt)  # type: ignore[arg-type]
    simulator.inject(Fault.BAD_ROW, endpoint="cdr")
    partial = client.fetch_window(window, fmt=fmt)  # type: ignore[arg-type]
    (rejected,) = partial.rejected
    assert "duration" in rejected.reason
    assert len(partial.records) == len(good.records) - 1
    kept = {call_identity(r) for r in partial.records}
    assert kept < {call_identity(r) for r in good.records}


def test_a_failing_window_fails_the_whole_period(
    connect: Callable[..., FmcClient], simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    # Faults are used in order: the first window gets a harmless one, the second a 500.
    simulator.inject(Fault.TRAILING_COMMAS, endpoint="cdr")
    simulator.inject(Fault.SERVER_ERROR, endpoint="cdr")
    seen: list[int] = []
    with pytest.raises(ServerError):
        connect(cdr_retries=0).fetch_period(
            now - timedelta(days=20), now, on_window=lambda i, n, w: seen.append(i)
        )
    assert seen == [0]
    assert [r.status for r in cdr_requests(simulator)] == [200, 500]


# --- originate: never twice -----------------------------------------------------------------------


def test_a_dropped_originate_is_outcome_unknown_and_never_resent(
    connect: Callable[..., FmcClient], simulator: Simulator
) -> None:
    simulator.inject(Fault.DROP, endpoint="originate")
    with pytest.raises(OutcomeUnknownError) as caught:
        connect(cdr_retries=3).originate(simulator.company.user.number, "0671234567")
    assert caught.value.message == (
        "The call request was sent but no answer came back: check your phone and the call "
        "history before trying again."
    )
    assert len(simulator.requests_to("originate")) == 1  # exactly once: one phone call
    assert len(simulator.originates) == 1


def test_a_given_session_gets_the_clients_never_retry_policy(
    simulator: Simulator, clock: ManualClock
) -> None:
    # A caller's session that would retry: the client mounts its own adapter over it.
    eager = requests.Session()
    eager.mount("http://", HTTPAdapter(max_retries=Retry(total=3, allowed_methods=None)))
    simulator.inject(Fault.DROP, times=4, endpoint="originate")
    with (
        FmcClient(
            simulator.base_url, simulator.token, clock=clock, originate_session=eager
        ) as client,
        pytest.raises(OutcomeUnknownError),
    ):
        client.originate(simulator.company.user.number, "0671234567")
    assert len(simulator.requests_to("originate")) == 1
    eager.close()


def test_one_session_for_both_endpoints_is_refused(simulator: Simulator) -> None:
    shared = requests.Session()
    with pytest.raises(ValueError, match="separate sessions"):
        FmcClient(simulator.base_url, simulator.token, session=shared, originate_session=shared)
    shared.close()


def test_an_originate_without_an_answer_in_time_is_outcome_unknown(
    connect: Callable[..., FmcClient], simulator: Simulator
) -> None:
    simulator.inject(Fault.SLOW, endpoint="originate", delay=1.0)
    with pytest.raises(OutcomeUnknownError):
        connect(read_timeout=0.3).originate(simulator.company.user.number, "0671234567")
    wait_until(lambda: len(simulator.requests_to("originate")) == 1)
    assert len(simulator.originates) == 1  # the PBX rang although no answer came back


@pytest.mark.parametrize("fault", [Fault.SERVER_ERROR, Fault.RETRY_AFTER])
def test_an_originate_server_error_is_not_retried(
    connect: Callable[..., FmcClient], simulator: Simulator, fault: Fault
) -> None:
    simulator.inject(fault, endpoint="originate")
    with pytest.raises(ServerError) as caught:
        connect().originate(simulator.company.user.number, "0671234567")
    assert caught.value.details["attempts"] == 1
    assert len(simulator.requests_to("originate")) == 1
    assert simulator.originates == []


def test_an_originate_403_names_both_causes(
    connect: Callable[..., FmcClient], simulator: Simulator
) -> None:
    # 0671234567 is nobody in the simulated company: API FMC is not enabled on it.
    with pytest.raises(TokenRejectedError) as caught:
        connect().originate("0671234567", "0501112233")
    message = caught.value.message
    assert message.startswith("The API rejected the request with 403: either the token is wrong")
    assert "API FMC service is not enabled on the number +380671234567" in message
    assert len(simulator.requests_to("originate")) == 1


def test_an_originate_to_a_closed_port_is_a_network_error_and_dials_nothing(
    clock: ManualClock,
) -> None:
    with (
        FmcClient(f"http://127.0.0.1:{closed_port()}", "ab" * 32, clock=clock) as client,
        pytest.raises(NetworkError) as caught,
    ):
        client.originate("0671234567", "0501112233")
    assert caught.value.details["dialled"] is False
    assert "Nothing was dialled" in caught.value.message


def test_the_call_history_from_a_closed_port_is_a_network_error(clock: ManualClock) -> None:
    port = closed_port()
    with (
        FmcClient(f"http://127.0.0.1:{port}", "ab" * 32, clock=clock, limits=FAST) as client,
        pytest.raises(NetworkError) as caught,
    ):
        client.fetch_window(last_day(clock))
    assert caught.value.message == (
        f"Could not reach 127.0.0.1:{port}: check the network connection or proxy."
    )


# --- a hostile server: redirects, and the token echoed back ---------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    """Answers every request with `server.answer`; echoes the request line back to the client."""

    server: _HostileServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.hits += 1
        if self.server.drip:
            self._drip(self.server.drip)
            return
        status, location = self.server.answer
        body = f"you asked for {self.path}; {'and more ' * 100}".encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location + self.path)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, interval: float) -> None:
        """A body with a Content-Length, one byte at a time: no chunks to stop between."""
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:  # the client gave up, as it should
                return
            time.sleep(interval)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    hits = 0
    answer: tuple[int, str] = (302, "")
    drip = 0.0


@pytest.fixture
def hostile(simulator: Simulator) -> Iterator[_HostileServer]:
    server = _HostileServer(("127.0.0.1", 0), _Hostile)
    server.answer = (302, simulator.base_url)  # to the real thing: a client that follows is caught
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def _url(server: _HostileServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_a_redirect_is_refused_not_followed(
    hostile: _HostileServer, simulator: Simulator, clock: ManualClock
) -> None:
    with FmcClient(_url(hostile), simulator.token, clock=clock, limits=FAST) as client:
        with pytest.raises(ServerError) as cdr:
            client.fetch_window(last_day(clock))
        with pytest.raises(ServerError) as dial:
            client.originate(simulator.company.user.number, "0671234567")
    for caught in (cdr, dial):
        assert caught.value.details == {"status": 302, "reason": "redirect"}
        assert "redirect" in caught.value.message
    assert hostile.hits == 2
    assert simulator.requests == []  # the Location was never visited


def test_a_400_that_echoes_the_request_shows_no_token(
    hostile: _HostileServer, simulator: Simulator, clock: ManualClock
) -> None:
    hostile.answer = (400, "")
    with (
        FmcClient(_url(hostile), simulator.token, clock=clock, limits=FAST) as client,
        pytest.raises(RequestRejectedError) as caught,
    ):
        client.fetch_window(last_day(clock))
    text = caught.value.details["server_text"]
    assert text.startswith("you asked for /api/cdr/v1/callstat.json?token=***")
    assert simulator.token not in caught.value.message


def test_a_long_400_text_is_cut(hostile: _HostileServer, clock: ManualClock) -> None:
    hostile.answer = (400, "")
    with (
        FmcClient(_url(hostile), "ab" * 32, clock=clock, limits=FAST) as client,
        pytest.raises(RequestRejectedError) as caught,
    ):
        client.originate("0671234567", "0" + "5" * 9)
    text = caught.value.details["server_text"]
    assert len(text) <= 300
    assert text.endswith("…")
    assert text in caught.value.message


def test_a_dripping_body_with_a_content_length_stops_at_the_deadline_too(
    hostile: _HostileServer, clock: ManualClock
) -> None:
    # requests' iter_content would wait here for all 64 KiB it asks for (20 s at this pace);
    # the client reads what each socket read brings and looks at the clock in between.
    hostile.drip = 0.02
    started = time.monotonic()
    with (
        FmcClient(_url(hostile), "ab" * 32, clock=clock, limits=HttpLimits(total_deadline=1)) as c,
        pytest.raises(TimeoutError_),
    ):
        c.fetch_window(last_day(clock))
    assert time.monotonic() - started < 1.5


# --- the token, through every error ---------------------------------------------------------------


def test_the_token_appears_in_no_error_and_no_log_line(
    simulator: Simulator,
    clock: ManualClock,
    hostile: _HostileServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    token = simulator.token
    errors: list[FmcError] = []

    def expect(kind: type[FmcError], action: Callable[[], object]) -> None:
        with pytest.raises(kind) as caught:
            action()
        errors.append(caught.value)

    made: list[FmcClient] = []

    def client(url: str = simulator.base_url, **limits: float) -> FmcClient:
        settings = HttpLimits(**{**FAST.__dict__, **limits})
        made.append(FmcClient(url, token, clock=clock, limits=settings))
        return made[-1]

    own = simulator.company.user.number
    now = clock.now()
    window = last_day(clock)
    fmc = client()
    closed = client(f"http://127.0.0.1:{closed_port()}")
    proxied = FmcClient(
        # Not loopback: a loopback API never goes through a proxy.
        "https://api.fmc.test",
        token,
        clock=clock,
        limits=FAST,
        proxy=f"http://127.0.0.1:{closed_port()}",
    )
    hostile_client = client(_url(hostile))
    try:
        simulator.inject(Fault.FORBIDDEN, endpoint="cdr")
        expect(TokenRejectedError, lambda: fmc.fetch_window(window))
        expect(
            RequestRejectedError,
            lambda: fmc.fetch_window(Window(now - timedelta(days=40), now - timedelta(days=39))),
        )
        simulator.inject(Fault.SERVER_ERROR, times=4, endpoint="cdr")
        expect(ServerError, lambda: fmc.fetch_window(window))
        simulator.inject(Fault.RETRY_AFTER, times=4, endpoint="cdr", seconds=1)
        expect(ServerError, lambda: client(max_retry_after=0.01).fetch_window(window))
        simulator.inject(Fault.DROP, times=4, endpoint="cdr")
        expect(NetworkError, lambda: fmc.fetch_window(window))
        simulator.inject(Fault.SLOW, times=2, endpoint="cdr", delay=0.6)
        expect(TimeoutError_, lambda: client(read_timeout=0.2, cdr_retries=1).fetch_window(window))
        simulator.inject(Fault.DRIP, endpoint="cdr", interval=0.1)
        expect(TimeoutError_, lambda: client(total_deadline=0.5).fetch_window(window))
        simulator.inject(Fault.OVERSIZED, endpoint="cdr", size=2 * 1024 * 1024)
        expect(ResponseTooLargeError, lambda: client(max_response_bytes=2**20).fetch_window(window))
        simulator.inject(Fault.GZIP_BOMB, endpoint="cdr")
        expect(ResponseTooLargeError, lambda: client(max_response_bytes=2**20).fetch_window(window))
        simulator.inject(Fault.MALFORMED, endpoint="cdr")
        expect(ParseError, lambda: fmc.fetch_window(window))
        expect(NetworkError, lambda: closed.fetch_window(window))
        expect(NetworkError, lambda: proxied.fetch_window(window))
        expect(ServerError, lambda: hostile_client.fetch_window(window))  # 302
        hostile.answer = (400, "")
        expect(RequestRejectedError, lambda: hostile_client.fetch_window(window))  # echoes token

        simulator.inject(Fault.DROP, endpoint="originate")
        expect(OutcomeUnknownError, lambda: fmc.originate(own, "0671234567"))
        simulator.inject(Fault.SLOW, endpoint="originate", delay=0.6)
        expect(OutcomeUnknownError, lambda: client(read_timeout=0.2).originate(own, "0671234567"))
        simulator.inject(Fault.SERVER_ERROR, endpoint="originate")
        expect(ServerError, lambda: fmc.originate(own, "0671234567"))
        expect(TokenRejectedError, lambda: fmc.originate("0671234567", "0501112233"))
        expect(NetworkError, lambda: closed.originate(own, "0671234567"))
        expect(NetworkError, lambda: proxied.originate(own, "0671234567"))
        expect(RequestRejectedError, lambda: hostile_client.originate(own, "0671234567"))
    finally:
        for each in (*made, proxied):
            each.close()

    assert len(errors) == 21
    for error in errors:
        shown = [
            str(error),
            repr(error),
            error.message,
            repr(error.details),
            "".join(traceback.format_exception(error)),
        ]
        for text in shown:
            assert token not in text, f"token in {type(error).__name__}: {text}"
        # Nothing of requests' exceptions (whose text holds the URL) travels with ours.
        assert error.__cause__ is None
        assert error.__context__ is None
        assert error.__suppress_context__
    # urllib3's own lines were captured (so the check below means something) and are masked.
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("callstat.json?token=***" in line for line in urllib3_lines)
    assert any("Retry" in line for line in urllib3_lines)
    for record in caplog.records:
        assert token not in record.getMessage()
    assert token not in caplog.text
    ours = [r.getMessage() for r in caplog.records if r.name == "fmc_desktop.core.api.client"]
    assert any(line.startswith("GET /api/cdr/v1/callstat.json from=") for line in ours)

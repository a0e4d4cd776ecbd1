"""The client behind a real CONNECT proxy, talking TLS to the simulator under a non-loopback name.

"Nothing was dialled" may only be said where the call request provably never left: the proxy
could not be reached, it refused the tunnel (407, 403), or the TLS handshake failed. Anything
after the request was written is "outcome unknown". The pieces are real: tests/support's proxy
and TLS front, a test CA from trustme, the simulator.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

import pytest
import requests

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import (
    ExitCode,
    InvalidInputError,
    NetworkError,
    OutcomeUnknownError,
    RequestRejectedError,
    TimeoutError_,
)
from fmc_desktop.simulator import Fault, Simulator
from tests.support.connect_proxy import ConnectProxy
from tests.support.fixed_answer import FixedAnswerServer
from tests.support.tls import API_NAME, TestCA, TlsFront

FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, backoff=0)
CALLED = "0671234567"


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as server:
        yield server


def _port(simulator: Simulator) -> int:
    port = urlsplit(simulator.base_url).port
    assert port is not None
    return port


class _Sessions(TypedDict):
    session: requests.Session
    originate_session: requests.Session


def _sessions(ca: TestCA) -> _Sessions:
    sessions = _Sessions(session=requests.Session(), originate_session=requests.Session())
    for session in (sessions["session"], sessions["originate_session"]):
        session.verify = str(ca.ca_file)
    return sessions


def _client(
    front: TlsFront, simulator: Simulator, clock: ManualClock, ca: TestCA, proxy_url: str
) -> FmcClient:
    return FmcClient(
        front.base_url(),
        simulator.token,
        clock=clock,
        limits=FAST,
        proxy=proxy_url,
        **_sessions(ca),
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clear_environment_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


# --- through the tunnel -----------------------------------------------------------------------


def test_calls_and_a_dial_go_through_the_tunnel_under_the_api_name(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    test_ca: TestCA,
) -> None:
    with _client(tls_front, simulator, clock, test_ca, proxy.url) as fmc:
        fmc.check_token()
        fmc.originate(simulator.company.user.number, CALLED)
    target = f"{API_NAME}:{tls_front.port}"
    assert proxy.log.tunnels == [target, target]
    assert [r.path for r in simulator.requests] == [
        "/api/cdr/v1/callstat.json",
        "/api/onebox/v1/originate",
    ]
    assert len(simulator.originates) == 1


def test_the_systems_proxy_carries_the_tls_api(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    test_ca: TestCA,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clear_environment_proxies(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with FmcClient(
        tls_front.base_url(), simulator.token, clock=clock, limits=FAST, **_sessions(test_ca)
    ) as fmc:
        fmc.check_token()
    assert proxy.log.tunnels == [f"{API_NAME}:{tls_front.port}"]
    assert len(simulator.requests) == 1


def test_a_given_proxy_wins_over_the_environment(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    test_ca: TestCA,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clear_environment_proxies(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("NO_PROXY", API_NAME)
    with _client(tls_front, simulator, clock, test_ca, proxy.url) as fmc:
        fmc.check_token()
        fmc.originate(simulator.company.user.number, CALLED)
    assert len(proxy.log.tunnels) == 2
    assert [r.path for r in simulator.requests] == [
        "/api/cdr/v1/callstat.json",
        "/api/onebox/v1/originate",
    ]
    assert len(simulator.originates) == 1


def test_no_proxy_ignores_the_environments_proxy(
    tls_front: TlsFront,
    simulator: Simulator,
    clock: ManualClock,
    test_ca: TestCA,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clear_environment_proxies(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{_closed_port()}")
    # With no proxy the client resolves the name itself: localhost is in the certificate too.
    with FmcClient(
        f"https://localhost:{tls_front.port}",
        simulator.token,
        clock=clock,
        limits=FAST,
        proxy="none",
        **_sessions(test_ca),
    ) as fmc:
        fmc.check_token()
    assert len(simulator.requests) == 1


def test_a_connection_dropped_after_the_request_went_through_the_tunnel_is_outcome_unknown(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    test_ca: TestCA,
) -> None:
    # urllib3 reports this as ProxyError ("Unable to connect to proxy"): the PBX rang all the same.
    simulator.inject(Fault.DROP, endpoint="originate")
    with (
        _client(tls_front, simulator, clock, test_ca, proxy.url) as fmc,
        pytest.raises(OutcomeUnknownError) as caught,
    ):
        fmc.originate(simulator.company.user.number, CALLED)
    assert len(simulator.originates) == 1
    assert "Nothing was dialled" not in caught.value.message
    assert "check your phone" in caught.value.message
    assert caught.value.exit_code is ExitCode.OUTCOME_UNKNOWN
    assert "dialled" not in caught.value.details


def test_a_proxy_that_wants_a_password_is_407_and_nothing_was_dialled(
    tls_front: TlsFront, simulator: Simulator, clock: ManualClock, test_ca: TestCA
) -> None:
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}, credentials=("anna", "s3cret")) as guarded:
        with (
            _client(tls_front, simulator, clock, test_ca, guarded.url) as fmc,
            pytest.raises(NetworkError) as caught,
        ):
            fmc.originate(simulator.company.user.number, CALLED)
        assert guarded.log.refused == [407]
        assert caught.value.details["dialled"] is False
        assert caught.value.details["proxy_status"] == 407
        assert "407" in caught.value.message
        assert caught.value.message.endswith("Nothing was dialled.")
        # With the password, the same proxy lets the call through.
        with _client(
            tls_front, simulator, clock, test_ca, guarded.url_with_credentials("anna", "s3cret")
        ) as fmc:
            fmc.originate(simulator.company.user.number, CALLED)
    assert len(simulator.originates) == 1


@pytest.mark.parametrize("status", [403, 502])
def test_a_refused_tunnel_dials_nothing(
    tls_front: TlsFront, simulator: Simulator, clock: ManualClock, test_ca: TestCA, status: int
) -> None:
    with (
        ConnectProxy(hosts={API_NAME: "127.0.0.1"}, refuse_with=status) as refusing,
        _client(tls_front, simulator, clock, test_ca, refusing.url) as fmc,
    ):
        with pytest.raises(NetworkError) as dialled:
            fmc.originate(simulator.company.user.number, CALLED)
        with pytest.raises(NetworkError) as fetched:
            fmc.check_token()
    assert dialled.value.details["dialled"] is False
    assert str(status) in dialled.value.message
    assert fetched.value.details["reason"] == "proxy"
    assert simulator.requests == []


def test_an_unreachable_proxy_dials_nothing(
    tls_front: TlsFront, simulator: Simulator, clock: ManualClock, test_ca: TestCA
) -> None:
    with _client(tls_front, simulator, clock, test_ca, f"http://127.0.0.1:{_closed_port()}") as fmc:
        with pytest.raises(NetworkError) as fetched:
            fmc.check_token()
        assert fetched.value.details["reason"] == "proxy"
        with pytest.raises(NetworkError) as caught:
            fmc.originate(simulator.company.user.number, CALLED)
    assert simulator.requests == []
    assert caught.value.details == {
        "host": f"{API_NAME}:{tls_front.port}",
        "reason": "proxy",
        "dialled": False,
    }


def test_an_untrusted_certificate_dials_nothing(
    simulator: Simulator, proxy: ConnectProxy, clock: ManualClock, test_ca: TestCA, tmp_path: Path
) -> None:
    stranger = TestCA(tmp_path / "other")
    with (
        TlsFront(_port(simulator), stranger.server_context([API_NAME])) as front,
        _client(front, simulator, clock, test_ca, proxy.url) as fmc,
        pytest.raises(NetworkError) as caught,
    ):
        fmc.originate(simulator.company.user.number, CALLED)
    assert caught.value.details["dialled"] is False
    assert caught.value.details["reason"] == "tls"
    assert simulator.requests == []


def test_a_failed_handshake_that_is_not_about_the_certificate_dials_nothing(
    simulator: Simulator, proxy: ConnectProxy, clock: ManualClock, test_ca: TestCA
) -> None:
    context = test_ca.server_context([API_NAME])
    with (
        TlsFront(_port(simulator), context, handshake="garbage") as front,
        _client(front, simulator, clock, test_ca, proxy.url) as fmc,
        pytest.raises(NetworkError) as caught,
    ):
        fmc.originate(simulator.company.user.number, CALLED)
    assert caught.value.details["dialled"] is False
    assert caught.value.details["reason"] == "tls"
    assert "handshake" in caught.value.message


def test_a_drop_after_the_request_without_a_proxy_is_outcome_unknown_too(
    tls_front: TlsFront, simulator: Simulator, clock: ManualClock, test_ca: TestCA
) -> None:
    simulator.inject(Fault.DROP, endpoint="originate")
    with (
        FmcClient(
            f"https://localhost:{tls_front.port}",
            simulator.token,
            clock=clock,
            limits=FAST,
            **_sessions(test_ca),
        ) as fmc,
        pytest.raises(OutcomeUnknownError),
    ):
        fmc.originate(simulator.company.user.number, CALLED)
    assert len(simulator.originates) == 1


# --- loopback never goes through a proxy ------------------------------------------------------


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_loopback_api_never_goes_through_the_environments_proxy(
    simulator: Simulator,
    proxy: ConnectProxy,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    _clear_environment_proxies(monkeypatch)
    monkeypatch.setenv(variable, proxy.url)
    with FmcClient(simulator.base_url, simulator.token, clock=clock, limits=FAST) as fmc:
        fmc.check_token()
        fmc.originate(simulator.company.user.number, CALLED)
    assert proxy.log.connections == 0  # the token never reached the proxy
    assert len(simulator.requests) == 2


def test_a_loopback_api_never_goes_through_a_configured_proxy(
    simulator: Simulator, proxy: ConnectProxy, clock: ManualClock
) -> None:
    with FmcClient(
        simulator.base_url, simulator.token, clock=clock, limits=FAST, proxy=proxy.url
    ) as fmc:
        fmc.check_token()
    assert proxy.log.connections == 0
    assert len(simulator.requests) == 1


@pytest.mark.parametrize("address", ["socks5://127.0.0.1:1080", "ftp://proxy.example.com"])
def test_a_proxy_the_client_cannot_use_is_refused_even_for_loopback(
    simulator: Simulator, address: str
) -> None:
    with pytest.raises(InvalidInputError):
        FmcClient(simulator.base_url, simulator.token, proxy=address)


# --- what the API says, and how long we waited ------------------------------------------------


def test_an_api_error_object_shows_the_apis_own_words_without_escapes(
    simulator: Simulator, clock: ManualClock
) -> None:
    body = b'{"error": "Token \\u001b[2Jexpired\\u202e, renew it"}'
    with (
        FixedAnswerServer(body) as server,
        FmcClient(server.base_url, simulator.token, clock=clock, limits=FAST) as fmc,
        pytest.raises(RequestRejectedError) as caught,
    ):
        fmc.check_token()
    message = caught.value.message
    assert "Token [2Jexpired, renew it" in message
    assert "\x1b" not in message
    assert "\u202e" not in message
    assert 'has no "calls" list' not in message


def test_the_timeout_message_states_the_time_really_spent(
    simulator: Simulator, clock: ManualClock
) -> None:
    limits = HttpLimits(
        connect_timeout=2, read_timeout=0.4, total_deadline=20, backoff=0, cdr_retries=2
    )
    simulator.inject(Fault.SLOW, times=3, endpoint="cdr", delay=2.0)
    started = time.monotonic()
    with (
        FmcClient(simulator.base_url, simulator.token, clock=clock, limits=limits) as fmc,
        pytest.raises(TimeoutError_) as caught,
    ):
        fmc.check_token()
    spent = time.monotonic() - started
    said = re.search(r"gave up after ([0-9.]+) s", caught.value.message)
    assert said is not None, caught.value.message
    # Three attempts of 0.4 s each: the sentence says ~1.2 s, not the 0.4 s of one attempt.
    assert abs(float(said.group(1)) - spent) < 0.5
    assert float(said.group(1)) > 1.0

"""The one client factory: the settings' proxy, fetch flags and address, and the clock given.

Clients are made for real and talk to the simulator; the proxy cases go through tests/support's
CONNECT proxy to a TLS front under a non-loopback name, since a loopback API never uses a proxy.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest

from fmc_desktop.core.api.client import FetchFlags
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.factory import clients_for, fetch_flags, proxy_argument
from fmc_desktop.core.api.kyiv import format_wire
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.simulator import Simulator
from tests.support.connect_proxy import ConnectProxy
from tests.support.tls import API_NAME, TlsFront

CDR = "/api/cdr/v1/callstat.json"


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as server:
        yield server


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment_proxy(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", url)


# --- the proxy argument -------------------------------------------------------------------------


def test_system_mode_leaves_the_proxy_to_the_system_even_with_an_address_typed() -> None:
    assert proxy_argument(Settings(proxy_mode="system")) is None
    assert proxy_argument(Settings(proxy_mode="system", proxy_url="http://p.example:3128")) is None


def test_none_mode_asks_for_no_proxy() -> None:
    assert proxy_argument(Settings(proxy_mode="none")) == "none"
    assert proxy_argument(Settings(proxy_mode="none", proxy_url="http://p.example:3128")) == "none"


def test_manual_mode_gives_the_address_without_its_spaces() -> None:
    settings = Settings(proxy_mode="manual", proxy_url="  http://p.example:3128 \t")
    assert proxy_argument(settings) == "http://p.example:3128"


def test_manual_mode_with_no_address_falls_back_to_the_systems_proxy() -> None:
    assert proxy_argument(Settings(proxy_mode="manual", proxy_url="")) is None
    assert proxy_argument(Settings(proxy_mode="manual", proxy_url="   ")) is None


@pytest.mark.parametrize(
    ("mode", "address", "expected"),
    [
        ("system", "", None),
        ("none", "", "none"),
        ("manual", " http://p.example:3128 ", "http://p.example:3128"),
    ],
)
def test_the_maker_carries_the_settings_proxy(
    mode: str, address: str, expected: str | None, clock: ManualClock
) -> None:
    maker = clients_for(Settings(proxy_mode=mode, proxy_url=address), clock)
    assert maker.proxy == expected


# --- fetch flags --------------------------------------------------------------------------------


def test_flags_follow_the_settings() -> None:
    assert fetch_flags(Settings()) == FetchFlags(names=True, departments=True, ownership=False)
    settings = Settings(fetch_names=False, fetch_departments=False, fetch_ownership=True)
    assert fetch_flags(settings) == FetchFlags(names=False, departments=False, ownership=True)


def test_flags_from_the_settings_reach_the_server(simulator: Simulator, clock: ManualClock) -> None:
    settings = Settings(base_url=simulator.base_url, fetch_names=False, fetch_ownership=True)
    with clients_for(settings, clock)(simulator.token) as fmc:
        now = clock.now()
        fmc.fetch_period(now - timedelta(hours=1), now, flags=fetch_flags(settings))
    (request,) = simulator.requests
    assert (request.params["names"], request.params["departments"]) == ("off", "on")
    assert request.params["ownership"] == "on"


# --- the address and the clock ------------------------------------------------------------------


def test_the_settings_address_is_the_default(simulator: Simulator, clock: ManualClock) -> None:
    maker = clients_for(Settings(base_url=simulator.base_url), clock)
    assert maker.base_url == simulator.base_url
    with maker(simulator.token) as fmc:
        fmc.check_token()
    assert [r.path for r in simulator.requests] == [CDR]


def test_a_given_address_wins_over_the_settings(simulator: Simulator, clock: ManualClock) -> None:
    settings = Settings(base_url=f"http://127.0.0.1:{_closed_port()}")
    maker = clients_for(settings, clock, base_url=simulator.base_url)
    assert maker.base_url == simulator.base_url
    with maker(simulator.token) as fmc:
        fmc.check_token()
    assert [r.path for r in simulator.requests] == [CDR]


def test_the_clients_ask_for_time_by_the_clock_given(
    simulator: Simulator, clock: ManualClock
) -> None:
    clock.advance(timedelta(hours=5))
    with clients_for(Settings(base_url=simulator.base_url), clock)(simulator.token) as fmc:
        fmc.check_token()
    (request,) = simulator.requests
    assert request.params["to"] == format_wire(clock.now())


# --- the proxy, for real ------------------------------------------------------------------------


def test_a_manual_proxy_typed_with_spaces_carries_the_requests(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The environment's proxy is a dead port: only the settings' proxy can carry the request.
    _environment_proxy(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    settings = Settings(
        base_url=tls_front.base_url(), proxy_mode="manual", proxy_url=f"  {proxy.url}  "
    )
    with clients_for(settings, clock)(simulator.token) as fmc:
        fmc.check_token()
        fmc.originate(simulator.company.user.number, "0671234567")
    target = f"{API_NAME}:{tls_front.port}"
    assert proxy.log.tunnels == [target, target]
    assert len(simulator.originates) == 1


def test_system_mode_uses_the_environments_proxy(
    tls_front: TlsFront,
    proxy: ConnectProxy,
    simulator: Simulator,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _environment_proxy(monkeypatch, proxy.url)
    settings = Settings(base_url=tls_front.base_url(), proxy_mode="system")
    with clients_for(settings, clock)(simulator.token) as fmc:
        fmc.check_token()
    assert proxy.log.tunnels == [f"{API_NAME}:{tls_front.port}"]
    assert [r.path for r in simulator.requests] == [CDR]

"""The API client against the simulator: windows, formats, flags, merging, originate, proxies.

Faults, limits and the token's absence from every error live in test_client_faults.py.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from fmc_desktop.core.api.client import FetchFlags, FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import (
    BadTokenShapeError,
    InsecureUrlError,
    InvalidInputError,
    InvalidNumberError,
    TokenRejectedError,
)
from fmc_desktop.core.api.formats.fields import record_from_fields
from fmc_desktop.core.api.kyiv import to_utc
from fmc_desktop.core.api.merging import call_identity
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.api.windows import Window
from fmc_desktop.simulator import RecordedRequest, Simulator

FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, backoff=0)
ALL_FLAGS = FetchFlags(names=True, departments=True, ownership=True)
CDR = "/api/cdr/v1/callstat."


@pytest.fixture
def client(simulator: Simulator, clock: ManualClock) -> Iterator[FmcClient]:
    with FmcClient(simulator.base_url, simulator.token, clock=clock, limits=FAST) as fmc:
        yield fmc


def cdr_requests(simulator: Simulator) -> list[RecordedRequest]:
    return [r for r in simulator.requests if r.path.startswith(CDR)]


def ground_truth(simulator: Simulator, start: datetime, end: datetime) -> list[CallRecord]:
    return [record_from_fields(fields) for fields in simulator.calls_between(start, end)]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --- the call history -----------------------------------------------------------------------------


def test_30_days_are_fetched_in_windows_the_api_accepts(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    result = client.fetch_period(now - timedelta(days=30), now)

    sent = cdr_requests(simulator)
    assert len(sent) == len(result.plan.windows) >= 5
    assert [r.status for r in sent] == [200] * len(sent)  # no 400: every window was acceptable
    for request in sent:
        wall_from = datetime.fromisoformat(request.params["from"])
        wall_to = datetime.fromisoformat(request.params["to"])
        # 7 days by the wall clock and in real hours; the period crosses the October change.
        assert wall_to - wall_from <= timedelta(days=7)
        assert to_utc(wall_to, fold=1) - to_utc(wall_from) <= timedelta(days=7)
        assert to_utc(wall_from) >= now - timedelta(days=30)
    first, last = result.plan.windows[0].start, result.plan.windows[-1].end
    truth = ground_truth(simulator, first, last)
    assert len(truth) > 1000
    # Sorted on both sides: a call wholly inside the repeated October hour reads the same in
    # either of its hours, so text alone puts it in the first; the simulator knows which it was.
    assert [call_identity(r) for r in result.records] == sorted(call_identity(r) for r in truth)
    assert result.rejected == []
    assert result.complete
    assert result.plan.clamped  # 30 days back is just beyond what the API keeps


def test_every_request_sends_from_to_and_all_three_flags(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    client.fetch_period(now - timedelta(days=2), now, flags=FetchFlags(departments=True))

    (request,) = cdr_requests(simulator)
    assert request.path == "/api/cdr/v1/callstat.json"
    assert request.params["token"] == "***"  # it was sent (the simulator masks what it records)
    assert request.params["from"]
    assert request.params["to"]
    assert (request.params["names"], request.params["departments"]) == ("off", "on")
    assert request.params["ownership"] == "off"


def test_the_three_formats_give_identical_records(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    start = now - timedelta(days=9)
    by_format = {
        fmt: client.fetch_period(start, now, fmt=fmt, flags=ALL_FLAGS).records
        for fmt in ("json", "csv", "xml")
    }
    assert len(by_format["json"]) > 100
    assert by_format["csv"] == by_format["json"]
    assert by_format["xml"] == by_format["json"]
    assert {r.path for r in cdr_requests(simulator)} == {
        f"{CDR}json",
        f"{CDR}csv",
        f"{CDR}xml",
    }


def test_flags_add_fields_and_unknown_fields_are_kept(
    client: FmcClient, clock: ManualClock
) -> None:
    now = clock.now()
    start = now - timedelta(days=1)
    plain = client.fetch_period(start, now).records
    assert plain
    assert all(r.calling_name is None and r.calling_department is None for r in plain)
    assert all(not r.extra for r in plain)

    named = client.fetch_period(start, now, flags=FetchFlags(names=True)).records
    assert any(r.calling_name for r in named)
    assert all(r.calling_department is None for r in named)

    grouped = client.fetch_period(start, now, flags=FetchFlags(departments=True)).records
    assert any(r.called_department for r in grouped)

    owned = client.fetch_period(start, now, flags=FetchFlags(ownership=True)).records
    # ownership=on adds fields this version does not know: they must survive in `extra`.
    assert all(set(r.extra) == {"calling_ownership", "called_ownership"} for r in owned)
    assert {r.extra["calling_ownership"] for r in owned} == {"internal", "external"}
    assert [call_identity(r) for r in owned] == [call_identity(r) for r in plain]


def test_progress_is_reported_per_window(client: FmcClient, clock: ManualClock) -> None:
    now = clock.now()
    seen: list[tuple[int, int, int]] = []
    result = client.fetch_period(
        now - timedelta(days=20),
        now,
        on_window=lambda i, n, window: seen.append((i, n, len(window.records))),
    )
    assert [(i, n) for i, n, _ in seen] == [(0, 3), (1, 3), (2, 3)]
    assert sum(count for _, _, count in seen) >= len(result.records)


def test_cancelling_between_windows_stops_and_says_so(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    done: list[int] = []
    result = client.fetch_period(
        now - timedelta(days=20),
        now,
        on_window=lambda i, n, window: done.append(i),
        cancelled=lambda: len(done) >= 2,
    )
    assert result.cancelled
    assert not result.complete
    assert len(result.windows) == 2
    assert len(cdr_requests(simulator)) == 2


def test_a_period_wholly_older_than_30_days_sends_nothing(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    result = client.fetch_period(now - timedelta(days=60), now - timedelta(days=40))
    assert result.records == []
    assert result.plan.windows == []
    assert result.plan.lost_range() is not None
    assert simulator.requests == []


def test_an_unknown_format_is_refused_before_any_request(
    client: FmcClient, simulator: Simulator, clock: ManualClock
) -> None:
    now = clock.now()
    with pytest.raises(InvalidInputError):
        client.fetch_window(Window(now - timedelta(hours=1), now), fmt="yaml")  # type: ignore[arg-type]
    assert simulator.requests == []


def test_check_token_accepts_the_right_token_and_refuses_another(
    simulator: Simulator, clock: ManualClock
) -> None:
    with FmcClient(simulator.base_url, simulator.token, clock=clock, limits=FAST) as good:
        good.check_token()
    (request,) = simulator.requests
    assert request.status == 200
    asked = datetime.fromisoformat(request.params["to"]) - datetime.fromisoformat(
        request.params["from"]
    )
    assert asked <= timedelta(minutes=5, seconds=2)

    other = "0" * 64 if simulator.token != "0" * 64 else "1" * 64
    with (
        FmcClient(simulator.base_url, other, clock=clock, limits=FAST) as bad,
        pytest.raises(TokenRejectedError) as caught,
    ):
        bad.check_token()
    assert caught.value.message.startswith("The FMC token was rejected;")


# --- merging windows ------------------------------------------------------------------------------


def test_merge_of_a_real_fetch_has_no_duplicate_identities(
    client: FmcClient, clock: ManualClock
) -> None:
    now = clock.now()
    result = client.fetch_period(now - timedelta(days=20), now)
    identities = [call_identity(r) for r in result.records]
    assert identities == sorted(set(identities))
    assert sum(len(w.records) for w in result.windows) >= len(result.records)


# --- originate ------------------------------------------------------------------------------------


def test_originate_sends_canonical_numbers_once(client: FmcClient, simulator: Simulator) -> None:
    own = simulator.company.user.number  # national form, 0XXXXXXXXX
    client.originate(f" {own[:3]} {own[3:6]}-{own[6:8]}-{own[8:]} ", "067 123 45 67")

    (placed,) = simulator.originates
    assert placed.calling_number == "+380" + own[1:]
    assert placed.called_number == "+380671234567"
    (request,) = simulator.requests_to("originate")
    assert request.status == 200


@pytest.mark.parametrize(
    ("calling", "called"),
    [("0671234567", "not a number"), ("0671234567", ""), ("067123456789012345", "0671234567")],
)
def test_an_invalid_number_is_refused_before_any_request(
    client: FmcClient, simulator: Simulator, calling: str, called: str
) -> None:
    with pytest.raises(InvalidNumberError):
        client.originate(calling, called)
    assert simulator.requests == []
    assert simulator.originates == []


# --- construction ---------------------------------------------------------------------------------


def test_plain_http_to_another_computer_is_refused_before_any_request(
    simulator: Simulator,
) -> None:
    with pytest.raises(InsecureUrlError):
        FmcClient("http://fmc.kyivstar.ua", simulator.token)
    assert simulator.requests == []


def test_a_token_of_the_wrong_shape_is_refused_without_echoing_it(simulator: Simulator) -> None:
    with pytest.raises(BadTokenShapeError) as caught:
        FmcClient(simulator.base_url, "secret-but-wrong")
    assert "secret-but-wrong" not in str(caught.value)


def test_the_client_repr_holds_no_token(client: FmcClient, simulator: Simulator) -> None:
    assert simulator.token not in repr(client)


# --- proxies --------------------------------------------------------------------------------------


# The proxy tests run against a real CONNECT proxy and the simulator over TLS under a
# non-loopback name, since a loopback API never goes through a proxy: test_client_proxy.py.


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "proxy.example.com:3128"])
def test_a_proxy_address_that_is_not_http_is_refused(simulator: Simulator, proxy: str) -> None:
    with pytest.raises(InvalidInputError):
        FmcClient(simulator.base_url, simulator.token, proxy=proxy)

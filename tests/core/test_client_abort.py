"""FmcClient.abort(): quitting cuts a request that hangs, at once, from another thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import FmcError, NetworkError, OutcomeUnknownError
from fmc_desktop.simulator import Fault, Simulator
from tests.support.connect_proxy import ConnectProxy
from tests.support.tls import API_NAME, TestCA, TlsFront

SLOW = HttpLimits(connect_timeout=5, read_timeout=60, total_deadline=120, backoff=0.5)


def _cut_after(client: FmcClient, seconds: float) -> threading.Thread:
    def cut() -> None:
        time.sleep(seconds)
        client.abort()

    cutter = threading.Thread(target=cut)
    cutter.start()
    return cutter


def _timed(action: Callable[[], object]) -> tuple[float, BaseException]:
    started = time.monotonic()
    with pytest.raises(FmcError) as caught:
        action()
    return time.monotonic() - started, caught.value


def test_abort_cuts_a_call_history_request_that_hangs(
    simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SLOW, times=4, endpoint="cdr", delay=60)
    with FmcClient(simulator.base_url, simulator.token, clock=clock, limits=SLOW) as fmc:
        cutter = _cut_after(fmc, 0.5)
        spent, error = _timed(fmc.check_token)
        cutter.join()
    assert isinstance(error, NetworkError)
    assert spent < 2  # not 60 s, and no retries with their backoff after the cut
    assert len(simulator.requests_to("callstat.json")) <= 1


def test_abort_cuts_a_call_request_that_hangs_and_says_outcome_unknown(
    simulator: Simulator, clock: ManualClock
) -> None:
    simulator.inject(Fault.SLOW, endpoint="originate", delay=60)
    with FmcClient(simulator.base_url, simulator.token, clock=clock, limits=SLOW) as fmc:
        cutter = _cut_after(fmc, 0.5)
        spent, error = _timed(lambda: fmc.originate(simulator.company.user.number, "0671234567"))
        cutter.join()
        assert isinstance(error, OutcomeUnknownError)  # it left: the phone may ring
        assert spent < 2
        # Nothing new starts on an aborted client, and that is "nothing was dialled".
        spent, refused = _timed(lambda: fmc.originate(simulator.company.user.number, "0671234567"))
    assert isinstance(refused, NetworkError)
    assert refused.details["dialled"] is False
    assert len(simulator.requests_to("originate")) == 1


def test_abort_cuts_a_tls_request_through_a_proxy(
    simulator: Simulator, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = TestCA(tmp_path)
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, str(ca.ca_file))
    port = urlsplit(simulator.base_url).port
    assert port is not None
    simulator.inject(Fault.SLOW, times=4, endpoint="cdr", delay=60)
    session, originate_session = requests.Session(), requests.Session()
    for each in (session, originate_session):
        each.verify = str(ca.ca_file)
    with (
        TlsFront(port, ca.server_context([API_NAME])) as front,
        ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as proxy,
        FmcClient(
            front.base_url(),
            simulator.token,
            clock=clock,
            limits=SLOW,
            proxy=proxy.url,
            session=session,
            originate_session=originate_session,
        ) as fmc,
    ):
        cutter = _cut_after(fmc, 0.7)
        spent, error = _timed(fmc.check_token)
        cutter.join()
    assert isinstance(error, NetworkError)
    assert spent < 2.5


def test_abort_all_reaches_every_open_client(simulator: Simulator, clock: ManualClock) -> None:
    one = FmcClient(simulator.base_url, simulator.token, clock=clock)
    two = FmcClient(simulator.base_url, simulator.token, clock=clock)
    closed = FmcClient(simulator.base_url, simulator.token, clock=clock)
    closed.close()
    try:
        assert FmcClient.abort_all() >= 2
        assert one.aborted
        assert two.aborted
        assert not closed.aborted
    finally:
        one.close()
        two.close()

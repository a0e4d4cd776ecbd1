"""`fmc-desktop dial` as a process, behind a real CONNECT proxy, to the simulator over TLS.

The proxy is found the way a user's system gives it (HTTPS_PROXY), the API's certificate comes
from a test CA (REQUESTS_CA_BUNDLE), and the API's name (api.fmc.test) is one the proxy maps to
the loopback address. The exit code is what a script sees: 6 when the call may have rung, 5 with
"Nothing was dialled." when it provably did not.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from fmc_desktop.core.api.errors import ExitCode
from fmc_desktop.simulator import Fault
from tests.conftest import PYTHON, cli_env
from tests.support.connect_proxy import ConnectProxy
from tests.support.tls import API_NAME, TestCA, TlsFront


@pytest.fixture
def simulator(live_simulator: Any) -> Any:
    return live_simulator


@pytest.fixture
def front(simulator: Any, tmp_path: Path) -> Iterator[tuple[TlsFront, TestCA]]:
    ca = TestCA(tmp_path / "ca")
    port = urlsplit(simulator.base_url).port
    assert port is not None
    with TlsFront(port, ca.server_context([API_NAME])) as tls:
        yield tls, ca


def _dial(
    home: Path, simulator: Any, tls: TlsFront, ca: TestCA, proxy_url: str
) -> subprocess.CompletedProcess[str]:
    env = cli_env(
        home,
        FMC_TOKEN=simulator.token,
        FMC_BASE_URL=tls.base_url(),
        HTTPS_PROXY=proxy_url,
        REQUESTS_CA_BUNDLE=str(ca.ca_file),
        CURL_CA_BUNDLE=str(ca.ca_file),
    )
    for name in ("NO_PROXY", "no_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)
    return subprocess.run(
        [
            PYTHON,
            "-m",
            "fmc_desktop",
            "dial",
            "--yes",
            "--as",
            simulator.company.user.number,
            "0671234567",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_dial_through_the_proxy_rings(
    isolated_environment: Path, simulator: Any, front: tuple[TlsFront, TestCA]
) -> None:
    tls, ca = front
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as proxy:
        done = _dial(isolated_environment, simulator, tls, ca, proxy.url)
    assert done.returncode == ExitCode.OK, done.stderr
    assert proxy.log.tunnels == [f"{API_NAME}:{tls.port}"]
    assert len(simulator.originates) == 1


def test_a_connection_dropped_after_the_request_is_exit_6_not_nothing_dialled(
    isolated_environment: Path, simulator: Any, front: tuple[TlsFront, TestCA]
) -> None:
    tls, ca = front
    simulator.inject(Fault.DROP, endpoint="originate")
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as proxy:
        done = _dial(isolated_environment, simulator, tls, ca, proxy.url)
    assert done.returncode == ExitCode.OUTCOME_UNKNOWN, done.stderr
    assert "Nothing was dialled" not in done.stderr
    assert "check your phone" in done.stderr
    assert len(simulator.originates) == 1  # the PBX did ring


def test_a_proxy_asking_for_a_password_is_exit_5_and_nothing_dialled(
    isolated_environment: Path, simulator: Any, front: tuple[TlsFront, TestCA]
) -> None:
    tls, ca = front
    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}, credentials=("anna", "pw")) as proxy:
        done = _dial(isolated_environment, simulator, tls, ca, proxy.url)
    assert done.returncode == ExitCode.SERVER, done.stderr
    assert "407" in done.stderr
    assert "Nothing was dialled." in done.stderr
    assert proxy.log.refused == [407]
    assert simulator.requests == []


def test_login_goes_through_the_proxy_the_settings_name(
    isolated_environment: Path, simulator: Any, front: tuple[TlsFront, TestCA]
) -> None:
    # `login` used to build its own client and forgot the proxy setting: behind a proxy that is
    # the only way out, the token check then failed although the token was good.
    tls, ca = front
    home = isolated_environment
    env = cli_env(
        home,
        FMC_BASE_URL=tls.base_url(),
        REQUESTS_CA_BUNDLE=str(ca.ca_file),
        CURL_CA_BUNDLE=str(ca.ca_file),
    )
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PYTHON, "-m", "fmc_desktop", *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    with ConnectProxy(hosts={API_NAME: "127.0.0.1"}) as proxy:
        for key, value in (("proxy_mode", "manual"), ("proxy_url", proxy.url)):
            done = cli("config", key, value)
            assert done.returncode == ExitCode.OK, done.stderr
        login = cli("login", "--token-stdin", stdin=simulator.token + "\n")
    assert login.returncode == ExitCode.OK, login.stderr
    assert "The token works" in login.stdout
    assert proxy.log.tunnels == [f"{API_NAME}:{tls.port}"]

"""Fixtures the core tests share: an empty archive, a test CA, and the simulator behind TLS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.simulator import Simulator
from tests.support.tls import API_NAME, TestCA, TlsFront


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[CallArchive]:
    """A new, empty archive in this test's folder, closed after the test."""
    with CallArchive(tmp_path / "calls.sqlite3") as opened:
        yield opened


@pytest.fixture
def test_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestCA:
    ca = TestCA(tmp_path)
    # requests prefers these variables to a session's own `verify`, and the clients the
    # factory builds use them: both kinds of client then trust this CA alone.
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, str(ca.ca_file))
    return ca


@pytest.fixture
def tls_front(simulator: Simulator, test_ca: TestCA) -> Iterator[TlsFront]:
    port = urlsplit(simulator.base_url).port
    assert port is not None
    with TlsFront(port, test_ca.server_context([API_NAME, "localhost"])) as front:
        yield front

"""Logging: the token is masked in messages, args, tracebacks and urllib3's own lines."""

from __future__ import annotations

import io
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
import urllib3

from fmc_desktop.core.system.logs import (
    RedactingFormatter,
    redact_all_handlers,
    register_secret,
    setup_logging,
)
from fmc_desktop.core.system.paths import AppPaths

TOKEN = "868b26d121e50f3b9e715bd86e77f2d6dbef354e7a9bcdb0aae0a0868a32e4a1"
PROXY_PASSWORD = "proxy-Зірка-pass-42"  # not token-shaped: masked only because it is registered
QUERY = f"/api/cdr/v1/callstat.json?token={TOKEN}&from=2026-11-13T00:00:00"


@pytest.fixture
def clean_logging() -> Iterator[None]:
    """Give back the root logger (pytest's own handlers included) as it was before the test."""
    root = logging.getLogger()
    level = root.level
    handlers = list(root.handlers)
    formatters = {handler: handler.formatter for handler in handlers}
    urllib3_level = logging.getLogger("urllib3").level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler, formatter in formatters.items():
        handler.setFormatter(formatter)
    root.setLevel(level)
    logging.getLogger("urllib3").setLevel(urllib3_level)


class _Quiet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"calls": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def _all_files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_token_is_masked_in_file_and_stream(
    clean_logging: None, http_server: str, isolated_environment: Path
) -> None:
    paths = AppPaths.resolve().ensure()
    stream = io.StringIO()
    setup_logging(paths.logs, verbose=True, stream=stream)
    register_secret(PROXY_PASSWORD)
    log = logging.getLogger("fmc_desktop.test_logs")

    log.info(f"message with the token in it: {TOKEN}")
    log.info("args with the token: %s and %r", TOKEN, {"url": QUERY})
    log.warning("proxy refused the password %s", PROXY_PASSWORD)
    try:
        raise RuntimeError(f"request to https://fmc.kyivstar.ua{QUERY} failed")
    except RuntimeError:
        log.exception("fetch failed")
    log.warning("token in the stack too: %s", TOKEN.upper(), stack_info=True)

    # urllib3's own records: the request line at DEBUG, and a retry warning plus the error.
    with urllib3.PoolManager() as pool:
        assert pool.request("GET", http_server + QUERY).status == 200
        try:
            pool.request(
                "GET",
                f"http://127.0.0.1:{_closed_port()}{QUERY}",
                retries=urllib3.Retry(total=1, backoff_factor=0),
            )
        except urllib3.exceptions.MaxRetryError:
            log.warning("server unreachable", exc_info=True)
    _flush()

    file_text = paths.log_file.read_text("utf-8")
    console_text = stream.getvalue()
    for text in (file_text, console_text):
        assert TOKEN not in text
        assert TOKEN.upper() not in text
        assert PROXY_PASSWORD not in text
        assert "message with the token in it: ***" in text
        assert "token=***&from=2026-11-13T00:00:00" in text
        assert "RuntimeError: request to https://fmc.kyivstar.ua/api" in text
        assert "Retrying (" in text  # urllib3's warning arrived, masked
        assert (
            '"GET /api/cdr/v1/callstat.json?token=***&from=2026-11-13T00:00:00 HTTP/1.1" 200'
            in text
        )
        assert "MaxRetryError" in text
        assert "proxy refused the password ***" in text
    assert "DEBUG" in file_text

    for path in _all_files_under(isolated_environment):
        content = path.read_bytes()
        assert TOKEN.encode() not in content, path
        assert PROXY_PASSWORD.encode() not in content, path


def test_pytests_own_capture_is_masked_too(
    clean_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    setup_logging(None, console=False)
    logging.getLogger("fmc_desktop.test_logs").warning("token=%s", TOKEN)
    assert TOKEN not in caplog.text
    assert "token=***" in caplog.text


def test_calling_it_twice_does_not_add_handlers(clean_logging: None, tmp_path: Path) -> None:
    root = logging.getLogger()
    before = len(root.handlers)

    setup_logging(tmp_path / "one", stream=io.StringIO())
    setup_logging(tmp_path / "two", stream=io.StringIO())

    added = root.handlers[before:]
    assert len(added) == 2
    files = [h for h in added if isinstance(h, RotatingFileHandler)]
    assert len(files) == 1
    assert Path(files[0].baseFilename) == tmp_path / "two" / "fmc-desktop.log"
    assert files[0].maxBytes == 1_000_000
    assert files[0].backupCount == 5
    assert all(isinstance(h.formatter, RedactingFormatter) for h in root.handlers)


def test_levels(clean_logging: None, tmp_path: Path) -> None:
    stream = io.StringIO()
    setup_logging(tmp_path, stream=stream)
    log = logging.getLogger("fmc_desktop.test_logs")

    log.info("only in the file")
    log.warning("everywhere")
    _flush()

    assert stream.getvalue() == "WARNING fmc_desktop.test_logs: everywhere\n"
    assert "only in the file" in (tmp_path / "fmc-desktop.log").read_text("utf-8")
    assert logging.getLogger("urllib3").level == logging.WARNING

    setup_logging(None, console=False)
    assert not [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]


def test_handlers_added_before_or_later_are_masked(clean_logging: None) -> None:
    earlier_stream = io.StringIO()
    earlier = logging.StreamHandler(earlier_stream)
    earlier.setFormatter(logging.Formatter("EARLIER %(message)s"))
    logging.getLogger().addHandler(earlier)

    setup_logging(None, console=False)

    # A library that logs through its own, non-propagating logger and handler.
    later_stream = io.StringIO()
    later = logging.StreamHandler(later_stream)
    library = logging.getLogger("some_library_of_ours_test")
    library.addHandler(later)
    library.propagate = False
    try:
        redact_all_handlers()
        logging.getLogger("fmc_desktop.test_logs").warning("root sees %s", TOKEN)
        library.warning("library sees %s", TOKEN)
    finally:
        library.removeHandler(later)
        library.propagate = True

    assert earlier_stream.getvalue() == "EARLIER root sees ***\n"  # its own layout kept
    assert later_stream.getvalue() == "library sees ***\n"


def test_a_cached_traceback_is_masked_for_the_next_handler() -> None:
    masked = RedactingFormatter("%(message)s")
    plain = logging.Formatter("%(message)s")
    try:
        raise ValueError(TOKEN)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
        record.exc_info = sys.exc_info()

    assert TOKEN not in masked.format(record)
    # Formatter caches the traceback text on the record; what it cached is already masked.
    assert TOKEN not in plain.format(record)


def test_short_secrets_are_not_registered(clean_logging: None) -> None:
    stream = io.StringIO()
    setup_logging(None, stream=stream)
    register_secret("ab")
    register_secret("   ")
    logging.getLogger("fmc_desktop.test_logs").warning("about a tab")
    assert stream.getvalue().endswith("about a tab\n")


def test_a_wrapped_formatters_cached_traceback_is_masked_too() -> None:
    wrapped = RedactingFormatter(inner=logging.Formatter("%(message)s"))
    try:
        raise ValueError(TOKEN)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())

    assert TOKEN not in wrapped.format(record)
    assert record.exc_text is not None
    assert TOKEN not in record.exc_text

"""Logging with the token masked in everything that is written, wherever it came from.

The token travels in the query string, so it turns up in urllib3's request lines and retry
warnings, in requests' exception texts and in tracebacks. A filter that rewrites `record.msg`
misses `args`, `exc_info` and records of loggers that do not propagate to where the filter sits;
so the masking is done by a Formatter, on the final text, on every handler.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TextIO

from fmc_desktop.core.api.token import redact
from fmc_desktop.core.system.paths import LOG_FILE_NAME

FILE_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
# Shorter values would mask ordinary words all over the log.
_MIN_SECRET_LENGTH = 4

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

_secrets_lock = threading.Lock()
_secrets: tuple[str, ...] = ()
# The handlers setup_logging added, so a second call replaces them instead of adding more.
_our_handlers: list[logging.Handler] = []


def register_secret(value: str) -> None:
    """Mask `value` in every log line from now on (e.g. the token the app just loaded)."""
    global _secrets
    value = value.strip()
    if len(value) < _MIN_SECRET_LENGTH:
        return
    with _secrets_lock:
        if value not in _secrets:
            # Longest first, so a secret containing another is masked whole.
            _secrets = tuple(sorted((*_secrets, value), key=len, reverse=True))


def _mask(text: str) -> str:
    return redact(text, *_secrets)


class RedactingFormatter(logging.Formatter):
    """A Formatter whose output has every token-shaped string and registered secret masked.

    With `inner`, it wraps another handler's formatter (keeping that handler's layout).
    """

    def __init__(
        self,
        fmt: str | None = None,
        datefmt: str | None = None,
        *,
        inner: logging.Formatter | None = None,
    ) -> None:
        super().__init__(fmt, datefmt)
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        if self.inner is None:
            return _mask(super().format(record))
        text = self.inner.format(record)
        if record.exc_text:
            # The wrapped formatter cached the traceback unmasked (see formatException below).
            record.exc_text = _mask(record.exc_text)
        return _mask(text)

    # Masked here as well, because Formatter caches the traceback text on the record
    # (record.exc_text), where another handler's formatter would pick it up as it is.
    def formatException(self, ei: _ExcInfo) -> str:  # logging's own camelCase name
        return _mask(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # logging's own camelCase name
        return _mask(super().formatStack(stack_info))


class _LogFileHandler(RotatingFileHandler):
    """The log file, which gives up quietly when it cannot be written (a read-only folder, a
    full disk): one line on stderr, instead of logging's traceback for every record."""

    def handleError(self, record: logging.LogRecord) -> None:  # logging's own camelCase name
        if getattr(self, "_given_up", False):
            return
        self._given_up = True
        error = sys.exc_info()[1]
        why = getattr(error, "strerror", None) or str(error)
        with contextlib.suppress(Exception):
            sys.stderr.write(
                f"fmc-desktop: the log file {self.baseFilename} cannot be written ({why}); "
                "nothing more is logged to it.\n"
            )
        with contextlib.suppress(Exception):
            logging.getLogger().removeHandler(self)
            self.close()


def _open_log_file(log_dir: Path) -> logging.Handler | None:
    """The rotating log file, or None (said in one line on stderr) when it cannot be opened."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return _LogFileHandler(
            log_dir / LOG_FILE_NAME,
            maxBytes=MAX_LOG_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
        )
    except OSError as error:
        with contextlib.suppress(Exception):
            sys.stderr.write(
                f"fmc-desktop: the log file in {log_dir} cannot be written "
                f"({error.strerror or error}); carrying on without it.\n"
            )
        return None


def _redact_handler(handler: logging.Handler) -> None:
    current = handler.formatter
    if isinstance(current, RedactingFormatter):
        return
    handler.setFormatter(RedactingFormatter(inner=current or logging.Formatter()))


def redact_all_handlers() -> None:
    """Put the masking formatter on every handler of every logger known so far."""
    loggers: list[logging.Logger] = [logging.getLogger()]
    for candidate in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(candidate, logging.Logger):
            loggers.append(candidate)
    for logger in loggers:
        for handler in list(logger.handlers):
            _redact_handler(handler)


def setup_logging(
    log_dir: Path | None,
    *,
    verbose: bool = False,
    console: bool = True,
    stream: TextIO | None = None,
) -> None:
    """Configure the root logger: a rotating file in `log_dir` (DEBUG) and stderr (WARNING).

    `verbose` shows DEBUG on the console and lets urllib3 log its request lines (masked).
    Calling it again replaces what an earlier call added.
    """
    root = logging.getLogger()
    for handler in _our_handlers:
        root.removeHandler(handler)
        handler.close()
    _our_handlers.clear()

    levels: list[int] = []
    file_handler = _open_log_file(log_dir) if log_dir is not None else None
    if file_handler is not None:
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(RedactingFormatter(FILE_FORMAT))
        _our_handlers.append(file_handler)
        levels.append(logging.DEBUG)
    if console:
        console_level = logging.DEBUG if verbose else logging.WARNING
        console_handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
        console_handler.setLevel(console_level)
        console_handler.setFormatter(RedactingFormatter(CONSOLE_FORMAT))
        _our_handlers.append(console_handler)
        levels.append(console_level)
    for handler in _our_handlers:
        root.addHandler(handler)
    root.setLevel(min(levels, default=logging.WARNING))
    # urllib3 writes each request line, token included, at DEBUG: only when asked for.
    logging.getLogger("urllib3").setLevel(logging.NOTSET if verbose else logging.WARNING)
    redact_all_handlers()

"""The project's own errors: one type per cause, each with a kind, details and an English sentence.

None of them ever contains the token. The GUI translates by `kind`; the command line prints
`message` and exits with `exit_code`.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    PARTIAL = 1
    USAGE = 2
    NO_TOKEN = 3  # no token, or the token was rejected
    REQUEST_REJECTED = 4
    SERVER = 5  # server, network or timeout failure
    OUTCOME_UNKNOWN = 6
    NO_SAFE_KEYRING = 7
    DECLINED = 8
    STORAGE = 9  # local storage: archive busy, read-only, disk full or damaged
    CLAIMED = 10  # a worklist entry someone else is calling back
    INTERNAL = 70  # a bug: the message names the log file
    INTERRUPTED = 130  # Ctrl+C


class ErrorKind(StrEnum):
    NO_TOKEN = "no_token"
    BAD_TOKEN_SHAPE = "bad_token_shape"
    TOKEN_REJECTED = "token_rejected"
    REQUEST_REJECTED = "request_rejected"
    SERVER_ERROR = "server_error"
    NETWORK = "network"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    UNPARSEABLE = "unparseable"
    OUTCOME_UNKNOWN = "outcome_unknown"
    INVALID_NUMBER = "invalid_number"
    INVALID_INPUT = "invalid_input"
    NO_SAFE_KEYRING = "no_safe_keyring"
    KEYRING_TIMEOUT = "keyring_timeout"
    INSECURE_URL = "insecure_url"
    ARCHIVE = "archive"
    ARCHIVE_DAMAGED = "archive_damaged"
    STORAGE = "storage"
    SETTINGS = "settings"


class FmcError(Exception):
    """Base of every error the project reports to a user."""

    kind: ErrorKind = ErrorKind.SERVER_ERROR
    exit_code: ExitCode = ExitCode.SERVER

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message


class NoTokenError(FmcError):
    kind = ErrorKind.NO_TOKEN
    exit_code = ExitCode.NO_TOKEN


class BadTokenShapeError(FmcError):
    kind = ErrorKind.BAD_TOKEN_SHAPE
    exit_code = ExitCode.NO_TOKEN


class TokenRejectedError(FmcError):
    """HTTP 403. For originate the same answer also means API FMC is not enabled on the number."""

    kind = ErrorKind.TOKEN_REJECTED
    exit_code = ExitCode.NO_TOKEN


class RequestRejectedError(FmcError):
    """HTTP 400, with the server's own text in details['server_text']."""

    kind = ErrorKind.REQUEST_REJECTED
    exit_code = ExitCode.REQUEST_REJECTED


class ServerError(FmcError):
    kind = ErrorKind.SERVER_ERROR
    exit_code = ExitCode.SERVER


class NetworkError(FmcError):
    kind = ErrorKind.NETWORK
    exit_code = ExitCode.SERVER


class TimeoutError_(FmcError):  # the builtin TimeoutError is a different thing
    kind = ErrorKind.TIMEOUT
    exit_code = ExitCode.SERVER


class ResponseTooLargeError(FmcError):
    kind = ErrorKind.TOO_LARGE
    exit_code = ExitCode.SERVER


class ParseError(FmcError):
    """A response or file that cannot be read; details name what and where (line, record)."""

    kind = ErrorKind.UNPARSEABLE
    exit_code = ExitCode.SERVER


class OutcomeUnknownError(FmcError):
    """Originate was sent but no answer came back: the phone may be ringing. Never retried."""

    kind = ErrorKind.OUTCOME_UNKNOWN
    exit_code = ExitCode.OUTCOME_UNKNOWN


class InvalidNumberError(FmcError):
    kind = ErrorKind.INVALID_NUMBER
    exit_code = ExitCode.USAGE


class InvalidInputError(FmcError):
    kind = ErrorKind.INVALID_INPUT
    exit_code = ExitCode.USAGE


class InsecureUrlError(FmcError):
    kind = ErrorKind.INSECURE_URL
    exit_code = ExitCode.USAGE


class NoSafeKeyringError(FmcError):
    kind = ErrorKind.NO_SAFE_KEYRING
    exit_code = ExitCode.NO_SAFE_KEYRING


class KeyringTimeoutError(FmcError):
    kind = ErrorKind.KEYRING_TIMEOUT
    exit_code = ExitCode.NO_SAFE_KEYRING


class ArchiveError(FmcError):
    """The call archive cannot be used: busy, read-only, full, damaged or not ours."""

    kind = ErrorKind.ARCHIVE
    exit_code = ExitCode.STORAGE


class ArchiveDamagedError(ArchiveError):
    """SQLite's own check found the archive damaged: it is not written to until repaired.
    details['problems'] holds the first lines of the check."""

    kind = ErrorKind.ARCHIVE_DAMAGED


class StorageError(FmcError):
    """A local folder or file cannot be written: read-only, full, or missing."""

    kind = ErrorKind.STORAGE
    exit_code = ExitCode.STORAGE


class SettingsError(FmcError):
    kind = ErrorKind.SETTINGS
    exit_code = ExitCode.USAGE

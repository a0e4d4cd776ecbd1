"""What the GUI says when something fails: one plain sentence on what happened and what to do.

The core's errors carry English messages for the command line; the GUI speaks the user's language,
so it picks its sentence by the error's kind (and the details the core attached: the host, the
number, the HTTP status) and translates it. The English message stays available as the details a
user can copy into a report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QCoreApplication

from fmc_desktop.core.api.errors import ErrorKind, FmcError
from fmc_desktop.core.api.token import redact


class Operation(StrEnum):
    """What the user was doing: the same error means different things for each."""

    CALL_HISTORY = "call_history"  # a sync, "Test connection", reading the company's numbers
    CALL = "call"  # originate


def error_text(error: BaseException, operation: Operation = Operation.CALL_HISTORY) -> str:
    """The sentence for `error` in the current language."""
    if isinstance(error, FmcError):
        return kind_text(error.kind, operation, error.details)
    return QCoreApplication.translate(
        "ErrorText",
        "Something unexpected went wrong. The details below say what; the log file has more.",
    )


def error_details(error: BaseException) -> str:
    """The technical text for a "Details" section or a bug report, with any token masked."""
    if isinstance(error, FmcError):
        return redact(error.message)
    return redact(f"{type(error).__name__}: {error}")


def kind_text(
    kind: ErrorKind,
    operation: Operation = Operation.CALL_HISTORY,
    details: Mapping[str, Any] | None = None,
) -> str:
    """The sentence for an error of `kind`, filled in from the error's details where it helps."""
    found: Mapping[str, Any] = details or {}
    host = str(found.get("host") or "") or QCoreApplication.translate("ErrorText", "the FMC server")
    text = _sentence(kind, operation, found, host)
    if found.get("dialled") is False:
        text += " " + QCoreApplication.translate("ErrorText", "Nothing was dialled.")
    return text


# The sentence for each kind of error, given what the user was doing, the error's details and the
# server's name. Each text is spelled out in full in its own function: lupdate only sees literal
# strings.
Sentence = Callable[[Operation, Mapping[str, Any], str], str]


def _sentence(kind: ErrorKind, operation: Operation, details: Mapping[str, Any], host: str) -> str:
    sentence = _SENTENCES.get(kind, _unexpected)
    return sentence(operation, details, host)


def _token_rejected(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    if operation is not Operation.CALL:
        return translate(
            "ErrorText",
            "The FMC API rejected the token. Either the token is wrong (copy it again from the "
            "Settings section of the integration portal), or the numbers lack the "
            '"Convergent" package, which the call history needs.',
        )
    calling = str(details.get("calling_number") or "")
    if calling:
        return translate(
            "ErrorText",
            "The PBX refused the call: either the token is wrong, or the API FMC service "
            "is not enabled on the number {number}. Check the token in Settings, and ask "
            'your PBX administrator to enable the "Convergent" and "API FMC" packages '
            "for that number.",
        ).format(number=calling)
    return translate(
        "ErrorText",
        "The PBX refused the call: either the token is wrong, or the API FMC service is "
        "not enabled on your number. Check the token in Settings, and ask your PBX "
        'administrator to enable the "Convergent" and "API FMC" packages for your number.',
    )


def _no_token(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "No FMC token is set. Enter it in Settings to see your calls and to dial.",
    )


def _bad_token_shape(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "This is not an FMC token: a token has 64 characters, digits 0-9 and letters a-f. "
        "Copy it again from the Settings section of the integration portal.",
    )


def _request_rejected(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    if operation is Operation.CALL:
        text = translate(
            "ErrorText",
            'The PBX did not accept the call request: check the number and the "call as" number.',
        )
    else:
        text = translate(
            "ErrorText",
            "The FMC API refused the request as invalid. Try again; if it keeps happening, "
            "please report it with the details.",
        )
    said = str(details.get("server_text") or "")
    if said:
        text += " " + translate("ErrorText", "The server said: {text}").format(text=said)
    return text


def _server_error(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    status = details.get("status")
    if details.get("reason") == "redirect":
        return translate(
            "ErrorText",
            "The server answered with a redirect, which is not followed. Check the server "
            "address in Settings (Advanced).",
        )
    if isinstance(status, int) and status < 500:
        return translate(
            "ErrorText",
            "The server gave an unexpected answer (status {status}). Check the server address "
            "in Settings (Advanced).",
        ).format(status=status)
    if operation is Operation.CALL:
        return translate(
            "ErrorText",
            "The FMC server reported an error for the call request. Check your phone and the "
            "call history before trying again.",
        )
    return translate(
        "ErrorText",
        "The FMC server reported an internal error. Try again in a few minutes.",
    )


def _network(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    reason = details.get("reason")
    if reason == "proxy":
        return translate(
            "ErrorText",
            "Could not reach {host} through the proxy. Check the proxy in Settings (Advanced).",
        ).format(host=host)
    if reason == "tls":
        return translate(
            "ErrorText",
            "Could not make a secure connection to {host}: its certificate was not accepted. "
            "Check the computer's date, and any proxy or antivirus that inspects secure "
            "connections.",
        ).format(host=host)
    if reason == "connect":
        return translate(
            "ErrorText",
            "Could not reach {host}. Check the network connection and the proxy settings.",
        ).format(host=host)
    return translate(
        "ErrorText",
        "The connection to {host} broke before the answer was complete. Check the network "
        "connection and try again.",
    ).format(host=host)


def _timeout(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    if details.get("timeout") == "connect":
        return translate(
            "ErrorText",
            "{host} did not accept a connection in time. Check the network connection and "
            "the proxy settings.",
        ).format(host=host)
    return translate(
        "ErrorText", "{host} did not answer in time. Try again in a few minutes."
    ).format(host=host)


def _too_large(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The server's answer was too large to be read safely. Try a shorter period.",
    )


def _unparseable(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The server's answer could not be read. Try again later; if it keeps happening, "
        "please report it with the details.",
    )


def _outcome_unknown(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The call request was sent, but no answer came back. Your phone may ring: check it "
        "and the call history before trying again.",
    )


def _invalid_number(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText", "This is not a phone number that can be dialled. Check it and try again."
    )


def _invalid_input(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText", "A value entered is not valid; the details say which and why."
    )


def _no_safe_keyring(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    if details.get("locked"):
        return translate(
            "ErrorText",
            "The keyring is locked. Unlock it and try again, or keep the token for this "
            "session only.",
        )
    return translate(
        "ErrorText",
        "There is no secure keyring on this computer (such as GNOME Keyring or KWallet), so "
        "the token cannot be saved. You can keep it for this session only; it will be "
        "asked for again at the next start.",
    )


def _keyring_timeout(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The keyring did not answer; it may be waiting to be unlocked. Unlock it and try "
        "again, or keep the token for this session only.",
    )


def _insecure_url(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The server address must be a full https:// address, such as "
        "https://fmc.kyivstar.ua, with no user name, password or query; plain http:// is "
        "allowed only to this computer.",
    )


def _archive(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The call archive could not be read or written. Check that the disk has free "
        "space; the details say more.",
    )


def _archive_damaged(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "The call archive is damaged, so nothing more is saved to it. Restart fmc-desktop "
        "to restore a backup or save what can be read.",
    )


def _storage(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "A folder of fmc-desktop cannot be written: it is read-only or its disk is full. "
        "The details say which.",
    )


def _settings(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    translate = QCoreApplication.translate
    kept = str(details.get("kept_as") or "")
    if kept:
        return translate(
            "ErrorText",
            "The settings file could not be read. It was kept as {path}, and the settings "
            "start again from the defaults.",
        ).format(path=kept)
    return translate(
        "ErrorText",
        "The settings file could not be read or written. The details say why.",
    )


def _unexpected(operation: Operation, details: Mapping[str, Any], host: str) -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "Something unexpected went wrong. The details below say what; the log file has more.",
    )


_SENTENCES: Mapping[ErrorKind, Sentence] = {
    ErrorKind.TOKEN_REJECTED: _token_rejected,
    ErrorKind.NO_TOKEN: _no_token,
    ErrorKind.BAD_TOKEN_SHAPE: _bad_token_shape,
    ErrorKind.REQUEST_REJECTED: _request_rejected,
    ErrorKind.SERVER_ERROR: _server_error,
    ErrorKind.NETWORK: _network,
    ErrorKind.TIMEOUT: _timeout,
    ErrorKind.TOO_LARGE: _too_large,
    ErrorKind.UNPARSEABLE: _unparseable,
    ErrorKind.OUTCOME_UNKNOWN: _outcome_unknown,
    ErrorKind.INVALID_NUMBER: _invalid_number,
    ErrorKind.INVALID_INPUT: _invalid_input,
    ErrorKind.NO_SAFE_KEYRING: _no_safe_keyring,
    ErrorKind.KEYRING_TIMEOUT: _keyring_timeout,
    ErrorKind.INSECURE_URL: _insecure_url,
    ErrorKind.ARCHIVE: _archive,
    ErrorKind.ARCHIVE_DAMAGED: _archive_damaged,
    ErrorKind.STORAGE: _storage,
    ErrorKind.SETTINGS: _settings,
}

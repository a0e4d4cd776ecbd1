"""The FMC token's safekeeping: the environment, the system keyring, or this session's memory.

Only a real, encrypted keyring is used. The fail, null and plain-text backends are refused, and
there is no fallback to a file: without a keyring the user sets FMC_TOKEN or keeps the token for
this session only. Every keyring call runs on a worker thread with a timeout, because a locked
keyring may sit waiting for an unlock prompt that never comes.

No message, detail or repr made here contains the token.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, NoKeyringError

from fmc_desktop.core.api.errors import (
    BadTokenShapeError,
    FmcError,
    KeyringTimeoutError,
    NoSafeKeyringError,
)
from fmc_desktop.core.api.token import check_token_shape, redact

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE = "fmc-desktop"
TOKEN_ENV = "FMC_TOKEN"

_NO_SAFE_KEYRING = (
    "No secure keyring is available on this system (a desktop keyring such as GNOME Keyring "
    "or KWallet is needed); set FMC_TOKEN for this session, or install and unlock a keyring."
)
_LOCKED = (
    "The keyring is locked; unlock it and try again, or set FMC_TOKEN for this session "
    "or keep the token for this session only."
)

# File keyrings that ask for their own password with getpass: the app has no terminal, and the
# command line asks on a worker thread that may time out with the terminal's echo left off.
_ASKS_ON_TERMINAL = frozenset({"EncryptedKeyring", "CryptFileKeyring", "EncryptedFileKeyring"})

# Names people know, by the backend's module and class.
_BACKEND_NAMES = {
    "keyring.backends.SecretService.Keyring": "Secret Service",
    "keyring.backends.libsecret.Keyring": "Secret Service (libsecret)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Locker",
    "keyring.backends.fail.Keyring": "no keyring",
    "keyring.backends.null.Keyring": "null keyring (keeps nothing)",
}


class TokenSource(StrEnum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"


@dataclass(frozen=True, repr=False)
class FoundToken:
    token: str
    source: TokenSource

    def __repr__(self) -> str:
        return f"FoundToken(token=<hidden>, source={self.source.value!r})"

    __str__ = __repr__


# --- which keyrings are safe ---------------------------------------------------------------------


def _qualified_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _unsafe_reason(backend: KeyringBackend) -> str | None:
    """Why this single (non-chained) backend must not hold the token, or None if it may."""
    if isinstance(backend, fail.Keyring):
        return "there is no keyring backend"
    if isinstance(backend, null.Keyring):
        return "the null keyring keeps nothing"
    cls = type(backend)
    # keyrings.alt is all plain-text files, weakly encrypted files and the Windows registry.
    if cls.__module__ == "keyrings.alt" or cls.__module__.startswith("keyrings.alt."):
        return "keyrings.alt backends keep secrets in files"
    lowered = _qualified_name(backend).lower()
    if "plaintext" in lowered or "unencrypted" in lowered:
        return "the backend keeps secrets unencrypted"
    if cls.__module__.startswith("keyrings.cryptfile") or any(
        base.__name__ in _ASKS_ON_TERMINAL for base in cls.__mro__
    ):
        return "the backend asks for a password of its own on the terminal"
    return None


def _chain_members(backend: KeyringBackend) -> list[KeyringBackend]:
    return list(getattr(backend, "backends", []))


def check_keyring_safe() -> None:
    """NoSafeKeyringError unless the keyring in use keeps secrets encrypted.

    A ChainerBackend is safe if one of its members is safe and that member is the first:
    writes go to the first member that accepts them, so a plain-text file ranked above the
    desktop keyring would receive the token.
    """
    _check_backend_safe(keyring.get_keyring())


def _check_backend_safe(backend: KeyringBackend) -> None:
    if isinstance(backend, chainer.ChainerBackend):
        members = _chain_members(backend)
        safe = [member for member in members if _unsafe_reason(member) is None]
        if safe and members[0] is safe[0]:
            return
        reason = "the chained keyrings offer no safe one first"
    else:
        found = _unsafe_reason(backend)
        if found is None:
            return
        reason = found
    raise NoSafeKeyringError(_NO_SAFE_KEYRING, backend=_qualified_name(backend), reason=reason)


def _human_name(backend: KeyringBackend) -> str:
    if isinstance(backend, chainer.ChainerBackend):
        members = _chain_members(backend)
        if not members:
            return "no keyring"
        return ", then ".join(_human_name(member) for member in members)
    name = _BACKEND_NAMES.get(_qualified_name(backend))
    if name:
        return name
    return str(type(backend).name)


# --- the worker thread ---------------------------------------------------------------------------


def _run_with_timeout(job: Callable[[], T], timeout: float) -> T:
    """job() on a daemon thread, giving up after `timeout` seconds.

    A daemon thread, not an executor: a keyring stuck on an unlock prompt must not keep the
    program from exiting, and a thread pool joins its threads at exit.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(job())
        except BaseException as exc:  # handed to the caller's thread, which decides
            failure.append(exc)

    worker = threading.Thread(target=run, name="fmc-keyring", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise KeyringTimeoutError(
            f"The keyring did not answer within {timeout:g} seconds; "
            "it may be waiting to be unlocked.",
            timeout=timeout,
        )
    if failure:
        raise failure[0]
    return outcome[0]


def _translate(exc: Exception, secret: str | None) -> FmcError:
    """The project's error for a keyring failure; the keyring's own text is kept, redacted."""
    reason = redact(f"{type(exc).__name__}: {exc}", *([secret] if secret else []))
    if isinstance(exc, KeyringLocked):
        return NoSafeKeyringError(_LOCKED, reason=reason, locked=True)
    if isinstance(exc, NoKeyringError):
        return NoSafeKeyringError(_NO_SAFE_KEYRING, reason=reason)
    return NoSafeKeyringError(
        "The keyring refused the request; check that it is unlocked and working, or set "
        "FMC_TOKEN for this session.",
        reason=reason,
    )


def _account_for(base_url: str) -> str:
    """host[:port] of the API address, so the simulator's token never replaces the real one."""
    parts = urlsplit(base_url.strip())
    try:
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise ValueError("The server address has an invalid port number.") from None
    if not host:
        raise ValueError("The server address has no host name.")
    account = f"[{host}]" if ":" in host else host
    default_port = {"https": 443, "http": 80}.get(parts.scheme.lower())
    if port is not None and port != default_port:
        account = f"{account}:{port}"
    return account


class TokenStore:
    """The token for one API host: from FMC_TOKEN, this session, or the keyring, in that order."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.account = _account_for(base_url)
        self.timeout = timeout
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self._session_token: str | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenStore(account={self.account!r})"

    def find(self) -> FoundToken | None:
        """The token to use, or None when there is none anywhere."""
        from_env = self._environ.get(TOKEN_ENV, "")
        if from_env.strip():
            try:
                token = check_token_shape(from_env)
            except BadTokenShapeError as exc:
                raise BadTokenShapeError(
                    "FMC_TOKEN is set but is not an FMC token (64 characters, digits 0-9 and "
                    "letters a-f); copy it again from the integration portal's Settings.",
                    source=TokenSource.ENVIRONMENT.value,
                    **exc.details,
                ) from None
            return FoundToken(token, TokenSource.ENVIRONMENT)
        with self._lock:
            session = self._session_token
        if session is not None:
            return FoundToken(session, TokenSource.SESSION)
        stored = self._call(self._read, secret=None)
        if stored is None or not stored.strip():
            return None
        try:
            token = check_token_shape(stored)
        except BadTokenShapeError as exc:
            raise BadTokenShapeError(
                "The token saved in the keyring is not a valid FMC token; save it again "
                "(copy it from the integration portal's Settings).",
                source=TokenSource.KEYRING.value,
                **exc.details,
            ) from None
        return FoundToken(token, TokenSource.KEYRING)

    def save(self, token: str) -> None:
        """Keep the token in the keyring; refused when only an unsafe keyring is available."""
        cleaned = check_token_shape(token)

        def write() -> None:
            _check_backend_safe(keyring.get_keyring())
            keyring.get_keyring().set_password(SERVICE, self.account, cleaned)

        self._call(write, secret=cleaned)
        with self._lock:
            # The saved token is now the one to use; an older session token would shadow it.
            self._session_token = None
        log.info("Token saved in the keyring for %s", self.account)

    def delete(self) -> bool:
        """Forget the token for this host (keyring and session); True if there was one."""
        with self._lock:
            had_session = self._session_token is not None
            self._session_token = None

        def remove() -> bool:
            backend = keyring.get_keyring()
            try:
                # Ask first: backends differ in what deleting a missing entry does.
                if backend.get_password(SERVICE, self.account) is None:
                    return False
            except NoKeyringError:
                return False  # no keyring at all, so nothing kept in one
            backend.delete_password(SERVICE, self.account)
            return True

        removed = self._call(remove, secret=None)
        if removed:
            log.info("Token removed from the keyring for %s", self.account)
        return removed or had_session

    def set_session_token(self, token: str) -> None:
        """Keep the token in memory only, until the program exits."""
        cleaned = check_token_shape(token)
        with self._lock:
            self._session_token = cleaned

    def backend_name(self) -> str:
        """The keyring in use, as its users call it ("Secret Service", "macOS Keychain", …)."""
        try:
            return self._call(lambda: _human_name(keyring.get_keyring()), secret=None)
        except KeyringTimeoutError:
            return "unknown (the keyring did not answer)"

    def _read(self) -> str | None:
        backend = keyring.get_keyring()
        _check_backend_safe(backend)
        return backend.get_password(SERVICE, self.account)

    def _call(self, job: Callable[[], T], *, secret: str | None) -> T:
        try:
            return _run_with_timeout(job, self.timeout)
        except FmcError:
            raise
        except Exception as exc:  # any backend failure means "no usable keyring"
            error = _translate(exc, secret)
        raise error from None

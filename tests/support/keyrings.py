"""Keyring backends for tests, so no test ever reads or writes the real keyring.

`MemoryKeyring` lives in the test process. `JsonFileKeyring` keeps its entries in the file named by
FMC_TEST_KEYRING_FILE, so a command-line test can `login` in one subprocess and see the token in the
next; it is selected in a subprocess with
PYTHON_KEYRING_BACKEND=tests.support.keyrings.JsonFileKeyring (and the checkout on PYTHONPATH).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such entry") from None


class JsonFileKeyring(KeyringBackend):
    priority = 1

    def _path(self) -> Path:
        return Path(os.environ["FMC_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path().read_text("utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self._path().write_text(json.dumps(data), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("no such entry")
        self._path().write_text(json.dumps(data), "utf-8")


class LockedKeyring(KeyringBackend):
    """A keyring that is there but locked, as GNOME Keyring is with no display to ask on."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class HangingKeyring(KeyringBackend):
    """An unlock prompt nobody answers: every call waits until the test releases it."""

    priority = -1

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait()

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait()


class EncryptedKeyring(KeyringBackend):
    """Shaped like keyrings.alt's and keyrings.cryptfile's file keyrings: it asks for its own
    password on the terminal (getpass) before it answers, which a program cannot do for the user.

    Selected in a subprocess with PYTHON_KEYRING_BACKEND=tests.support.keyrings.EncryptedKeyring.
    """

    priority = -1

    def _unlock(self) -> str:
        import getpass

        return getpass.getpass("Please enter password for encrypted keyring: ")

    def get_password(self, service: str, username: str) -> str | None:
        self._unlock()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._unlock()

    def delete_password(self, service: str, username: str) -> None:
        self._unlock()


class NeverAnsweringKeyring(KeyringBackend):
    """An unlock prompt nobody will ever answer, for a program run as a process.

    Selected with PYTHON_KEYRING_BACKEND=tests.support.keyrings.NeverAnsweringKeyring.
    """

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        threading.Event().wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        threading.Event().wait()

    def delete_password(self, service: str, username: str) -> None:
        threading.Event().wait()

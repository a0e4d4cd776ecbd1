"""What the window, the tray and the dialogs share: one object built by the app at start."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.api.errors import NoTokenError
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.contacts.book import ContactBook
from fmc_desktop.core.contacts.directory import Directory
from fmc_desktop.core.dialing.dial_log import DialLog
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore

if TYPE_CHECKING:
    # Imported when the first client or sync is made, after the first paint.
    from fmc_desktop.core.api.client import FetchFlags, FmcClient
    from fmc_desktop.core.archive.sync import SyncEngine

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    """The app's collaborators. The GUI thread owns `archive` and `contacts`; workers open
    their own archive connections through `open_archive`."""

    paths: AppPaths
    settings: Settings
    settings_store: SettingsStore
    token_store: TokenStore
    base_url: str
    clock: Clock
    archive: CallArchive
    contacts: ContactBook
    directory: Directory
    dial_log: DialLog
    demo: bool = False
    # The demo's simulator, kept alive for the app's lifetime (typed loosely: the core's
    # simulator is optional for the GUI).
    simulator: object | None = None
    _demo_token: str | None = field(default=None, repr=False)
    # Connections opened for this run beside the archive's own (the contact book's).
    connections: list[sqlite3.Connection] = field(default_factory=list, repr=False)

    @classmethod
    def open(
        cls,
        paths: AppPaths,
        settings_store: SettingsStore,
        settings: Settings,
        base_url: str,
        clock: Clock,
        *,
        token_store: TokenStore | None = None,
        demo_token: str | None = None,
        demo: bool = False,
        simulator: object | None = None,
    ) -> AppServices:
        """Open the archive and the contact book for a run (the app's, a test's, a tool's).

        The contact book lives in the archive's file, on its own connection (GUI thread).
        `demo_token`: the simulator's token, so no keyring is read.
        """
        archive = CallArchive(paths.archive_file, clock=clock).open()
        connection = sqlite3.connect(paths.archive_file, timeout=5.0)
        contacts = ContactBook(connection)
        return cls(
            paths=paths,
            settings=settings,
            settings_store=settings_store,
            token_store=token_store if token_store is not None else TokenStore(base_url),
            base_url=base_url,
            clock=clock,
            archive=archive,
            contacts=contacts,
            directory=Directory(contacts, clock=clock),
            dial_log=DialLog.in_folder(paths.data, clock=clock),
            demo=demo,
            simulator=simulator,
            _demo_token=demo_token,
            connections=[connection],
        )

    @property
    def archive_path(self) -> Path:
        return self.paths.archive_file

    def token(self) -> str:
        """The token (demo: the simulator's). Reads the keyring: call it off the GUI thread."""
        if self._demo_token is not None:
            return self._demo_token
        found = self.token_store.find()
        if found is None:
            raise NoTokenError("No FMC token is set.")
        return found.token

    def client(self) -> FmcClient:
        from fmc_desktop.core.api.factory import clients_for

        return clients_for(self.settings, self.clock, base_url=self.base_url)(self.token())

    def flags(self) -> FetchFlags:
        from fmc_desktop.core.api.factory import fetch_flags

        return fetch_flags(self.settings)

    def open_archive(self) -> CallArchive:
        return CallArchive(self.archive_path, clock=self.clock).open()

    def sync_engine_factory(self) -> Callable[[], SyncEngine]:
        def make() -> SyncEngine:
            from fmc_desktop.core.archive.sync import SyncEngine

            return SyncEngine(
                self.open_archive(), self.client, clock=self.clock, flags=self.flags()
            )

        return make

    def save_settings(self) -> None:
        try:
            self.settings_store.save(self.settings)
        except (OSError, ValueError) as exc:
            log.warning("could not save settings: %s", exc)

    def close(self) -> None:
        """Close the files and stop the demo's simulator; safe to call twice."""
        self.archive.close()
        for connection in self.connections:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        self.connections.clear()
        stop = getattr(self.simulator, "stop", None)
        if callable(stop):
            stop()
        self.simulator = None

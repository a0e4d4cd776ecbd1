"""The desktop app: start-up, the single instance, the window, the tray, and shutdown."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QSocketNotifier, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from fmc_desktop import __version__
from fmc_desktop.core.api.clock import SystemClock
from fmc_desktop.core.api.errors import ArchiveDamagedError, ExitCode, FmcError, SettingsError
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.dialing.links import is_link
from fmc_desktop.core.history.missed import new_missed_calls
from fmc_desktop.core.numbers.phone import canonical, display_number
from fmc_desktop.core.system import desktop_identity
from fmc_desktop.core.system.logs import register_secret, setup_logging
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import FoundToken, TokenStore
from fmc_desktop.core.system.settings import (
    Settings,
    SettingsStore,
    check_base_url,
    resolve_base_url,
)
from fmc_desktop.ui.archive.archive_care import ArchiveCare
from fmc_desktop.ui.archive.sync_controller import SyncController
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome, DialOutcomeKind
from fmc_desktop.ui.dialing.tray import TrayIcon, TrayState
from fmc_desktop.ui.history.loader import HistoryLoader
from fmc_desktop.ui.shell import icons
from fmc_desktop.ui.shell.after_first_rows import AfterFirstRows
from fmc_desktop.ui.shell.crash import install_crash_handler
from fmc_desktop.ui.shell.i18n import fill, install_translations
from fmc_desktop.ui.shell.main_window import MainWindow
from fmc_desktop.ui.shell.notifications import DesktopNotifications, Notice, NoticeKind, Notifier
from fmc_desktop.ui.shell.services import AppServices
from fmc_desktop.ui.shell.single_instance import SingleInstance
from fmc_desktop.ui.shell.theme import apply_theme
from fmc_desktop.ui.shell.workers import (
    interrupt_blocking_calls,
    interrupted_at_quit,
    run_in_thread,
    shutdown_workers,
)

if TYPE_CHECKING:
    # Imported with the first client, after the first paint: requests and urllib3 alone took
    # 0.1-0.2 s of the start (tests/end2end/test_start_up_imports.py).
    from fmc_desktop.core.api.client import FmcClient
    from fmc_desktop.core.archive.sync import SyncReport

log = logging.getLogger(__name__)

SHOW = "show"  # what a second instance sends when it has no link to hand over
# How long quitting may wait for threads, in all: the process must end within 3 s of Quit or
# SIGTERM whatever the network does, and the rest of the shutdown needs a moment too.
QUIT_BUDGET_MS = 2000
APP_ID = desktop_identity.APP_ID


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    # The application name is the X11 WM_CLASS and the desktop file name the Wayland app id:
    # both the menu entry's name, so docks match the window to its entry (desktop_identity.py).
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName("fmc-desktop")
    app.setOrganizationName("fmc-desktop")
    app.setDesktopFileName(APP_ID)
    return app


NO_DISPLAY = (
    "fmc-desktop: no graphical display was found, so the window cannot open; "
    "the command line works without one (fmc-desktop --help)."
)


def display_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True where Qt would abort for want of a display (X11/Wayland systems with neither).

    Qt's own message then blames the installation ("reinstalling may fix this"), which sends
    the user the wrong way, so the app looks first and says what is really missing.
    """
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith(("win", "darwin", "cygwin")):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip().split(":")[0].lower()
    x11 = bool(env.get("DISPLAY", "").strip())
    wayland = bool(env.get("WAYLAND_DISPLAY", "").strip())
    if chosen in ("", "xcb;wayland", "wayland;xcb"):
        return not (x11 or wayland)
    if chosen == "xcb":
        return not x11
    if chosen.startswith("wayland"):
        return not wayland
    return False  # offscreen, vnc, eglfs...: the user chose a platform that needs no display


class LinkReceiver(QObject):
    """macOS hands tel:/callto: links to the running app as URL events, not as arguments
    (Info.plist declares the schemes); they go through the same confirmed flow."""

    def __init__(self, desktop: DesktopApp) -> None:
        super().__init__(desktop)
        self._desktop = desktop

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        # Our own parser reads the text: QUrl mangles callto:// forms (docs/PITFALLS.md).
        text = url.toString() or bytes(url.toEncoded().data()).decode("utf-8", "replace")
        self._desktop.receive_link(text)


class DesktopApp(QObject):
    """Builds and owns everything the GUI runs; `start()` shows it, `shutdown()` ends it."""

    def __init__(self, services: AppServices, instance: SingleInstance, app: QApplication) -> None:
        super().__init__()
        self.services = services
        self.instance = instance
        self.app = app
        self.dialer = DialController(
            client_factory=services.client,
            settings=lambda: services.settings,
            name_for=self._name_for,
            dial_log=services.dial_log,
            parent_widget=lambda: self.window,
            parent=self,
        )
        from fmc_desktop.ui.shell.idle import IdleWatch

        self.idle = IdleWatch()
        self.sync = SyncController(
            services.sync_engine_factory(), parent=self, away=self.idle.is_away
        )
        self.loader = HistoryLoader(
            services.archive_path, archive_factory=self._open_for_loader, parent=self
        )
        self.window = MainWindow(services, self.dialer, self.sync, self.loader)
        self.tray = TrayIcon(
            self.dialer,
            services.directory,
            services.dial_log,
            favourites=services.contacts.favourites,
            parent=self,
        )
        # Dial outcomes and missed calls go through the notifier: in the window while it has the
        # focus, else on the desktop (notification service, or the tray), never twice.
        self.tray.notify_dial_outcomes = False
        self.desktop_notifications = DesktopNotifications(parent=self)
        self.notifier = Notifier(
            self.window,
            self._say_in_window,
            desktop=self.desktop_notifications,
            tray=self.tray.tray_icon(),
            parent=self,
        )
        from fmc_desktop.ui.dialing.global_shortcut import GlobalShortcut, SelectionDialer

        self.global_shortcut = GlobalShortcut(self)
        SelectionDialer(self.global_shortcut, self.dialer, self)
        self._shut_down = False
        self.threads_left = False  # set by shutdown(): a thread outlived the quit budget
        self._after_first_rows: AfterFirstRows | None = None
        self._loader_archive: CallArchive | None = None  # the loader's, to interrupt at quit
        self._has_token = services.demo
        # Neither --base-url nor FMC_BASE_URL chose the address: the settings' one is in force.
        try:
            from_settings = check_base_url(services.settings.base_url)
        except FmcError:
            from_settings = ""
        self._base_url_from_settings = services.base_url == from_settings
        self.care = ArchiveCare(services.archive_path, services.clock, parent=self)
        self.care.damaged.connect(self._on_care_damaged)
        self._connect()
        if sys.platform == "darwin":
            self._links = LinkReceiver(self)
            for scheme in ("tel", "callto"):
                QDesktopServices.setUrlHandler(scheme, self._links, "handle")

    def _connect(self) -> None:
        self.instance.message_received.connect(self._on_instance_message_received)
        self.window.quit_requested.connect(self.quit)
        self.window.settings_requested.connect(self.open_settings)
        self.window.token_requested.connect(self.open_token_dialog)
        self.window.callbacks_changed.connect(self.tray.set_missed_count)
        self.tray.show_window_requested.connect(self.window.bring_to_front)
        # Compact mode from the tray too: the same action as View → Compact window.
        self.tray.menu().insertAction(
            self.tray.show_history_action, self.window.menus.compact_action
        )
        self.tray.toggle_window_requested.connect(self._on_tray_toggle_window_requested)
        self.tray.sync_requested.connect(self._on_tray_sync_requested)
        self.tray.quit_requested.connect(self.quit)
        self.sync.started.connect(self._on_sync_started)
        self.sync.finished.connect(self._on_sync_finished)
        self.dialer.dial_finished.connect(self._on_dialer_dial_finished)
        self.notifier.call_back_requested.connect(self._on_notifier_call_back_requested)
        self.notifier.window_requested.connect(self.window.bring_to_front)
        self.app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------------------ start

    def start(self, link: str | None = None) -> None:
        settings = self.services.settings
        tray_shown = TrayIcon.available() and self.tray.show()
        # Never hide the window to a tray that is not there (plain Xvfb, GNOME without the
        # AppIndicator extension): without one, closing the window quits.
        self.window.hide_on_close = bool(tray_shown)
        if not (settings.start_minimised and tray_shown):
            self.window.show()
        self.window.load_history()
        # SQLite's check (after an unclean close) and the daily backup, behind the first paint.
        self.care.start_after_first_paint(self.window)
        for notice in self.services.archive.notices:
            self.window.banner.show_message(notice)
        self.sync.set_interval(settings.sync_interval_minutes)
        self.sync.set_quick_interval(settings.quick_check_seconds)
        self._start_global_shortcut()
        self._after_first_rows = AfterFirstRows(
            self.loader, self.window.history_view.viewport(), self._start_background_work, self
        )
        if link:
            QTimer.singleShot(0, lambda: self.dialer.handle_incoming_link(link, parent=self.window))

    def _start_background_work(self) -> None:
        """The directory read, the token look-up and the first sync, once the rows are shown."""
        if self._shut_down:
            return
        self.refresh_directory()
        if self.services.demo:
            self.sync.sync_now(automatic=True)
        else:
            run_in_thread(
                self.services.token_store.find,
                self._on_token_found,
                self._on_token_failed,
                name="token",
            )

    @Slot(object)
    def _on_token_found(self, found: FoundToken | None) -> None:
        if found is None:
            self._has_token = False
            self._ask_for_token()
            return
        register_secret(found.token)
        self._has_token = True
        self.sync.sync_now(automatic=True)

    @Slot(object)
    def _on_token_failed(self, error: BaseException) -> None:
        # No safe keyring, a locked one, one that does not answer: say so; the wizard offers a
        # token for this session only.
        from fmc_desktop.ui.shell.errors_text import error_text

        self.window.banner.show_message(error_text(error))
        self._ask_for_token()

    def _ask_for_token(self) -> None:
        if self.services.settings.own_numbers:
            # Set up before, but the token was kept for that session only (no keyring): ask
            # for the token alone, not the whole wizard again.
            self.open_token_dialog()
        else:
            self.run_first_run()

    def run_first_run(self) -> None:
        from fmc_desktop.ui.settings.first_run.wizard import FirstRunWizard

        self.window.bring_to_front()
        wizard = FirstRunWizard(
            self.services.settings,
            self.services.settings_store,
            self.services.token_store,
            self.services.archive_path,
            clock=self.services.clock,
            client_factory=self._client_for,
            parent=self.window,
        )
        wizard.exec()
        outcome = wizard.outcome
        wizard.deleteLater()
        if outcome.demo:
            self.restart_in_demo()
            return
        if outcome.settings is not None:
            self.services.settings = outcome.settings
            self.window.apply_settings()
            self._has_token = True
            self.window.load_history()
            self.window.sync_status.show_last_sync()  # the wizard ran the first sync
        else:
            self._show_token_needed()

    def _show_token_needed(self) -> None:
        self.window.banner.show_message(
            self.tr("fmc-desktop needs your FMC token to fetch calls and dial."),
            action_text=self.tr("Enter the token…"),
        )
        self.window._banner_kind = "token"

    def _client_for(self, token: str) -> FmcClient:
        from fmc_desktop.core.api.factory import clients_for

        services = self.services
        return clients_for(services.settings, services.clock, base_url=services.base_url)(token)

    def restart_in_demo(self) -> None:
        """ "Try the demo": a separate process on the simulator, with its own data."""
        if getattr(sys, "frozen", False):  # the bundle's executable is the app itself
            QProcess.startDetached(sys.executable, ["--demo"])
        else:
            QProcess.startDetached(sys.executable, ["-m", "fmc_desktop", "--demo"])
        self.quit()

    # ----------------------------------------------------------------------- interactions

    @Slot(str)
    def _on_instance_message_received(self, message: str) -> None:
        if message and message != SHOW and is_link(message):
            self.receive_link(message)
        else:
            self.window.bring_to_front()

    def receive_link(self, text: str) -> None:
        """A link from outside: always confirmed before anything is dialled."""
        self.window.bring_to_front()
        self.dialer.handle_incoming_link(text, parent=self.window)

    @Slot()
    def _on_tray_toggle_window_requested(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.save_state()
            self.window.hide()
        else:
            self.window.bring_to_front()

    @Slot()
    def _on_tray_sync_requested(self) -> None:
        self.sync.sync_now(automatic=False)

    @Slot(bool)
    def _on_sync_started(self, _automatic: bool) -> None:
        self.tray.set_state(TrayState.SYNCING, self.tr("Syncing calls…"))

    @Slot(object)
    def _on_sync_finished(self, report: SyncReport) -> None:
        log.info(
            "sync finished: %d of %d windows, %d new, %d known%s",
            report.windows_done,
            report.windows_total,
            report.new,
            report.known,
            f", stopped: {report.error.kind}" if report.error is not None else "",
        )
        if report.error is not None:
            from fmc_desktop.ui.shell.errors_text import error_text

            self.tray.set_state(TrayState.ERROR, error_text(report.error))
            if isinstance(report.error, ArchiveDamagedError):
                # SQLite met a damaged page while syncing: the same repair as after the check.
                error = report.error
                QTimer.singleShot(0, lambda: self._on_care_damaged(error))
        else:
            self.tray.set_state(TrayState.IDLE)
        missed = new_missed_calls(
            report.new_calls, self.services.settings.own_numbers, self.services.clock.now()
        )
        if missed and not report.skipped and not report.initial:
            self._notify_missed(missed)
        if report.new or report.updated:
            self.refresh_directory()

    def refresh_directory(self) -> None:
        """Teach the contact search what the PBX address book said and who is called most.

        Reading a big archive takes a moment: it runs on a worker with its own connection.
        """
        path, clock = self.services.archive_path, self.services.clock

        def read() -> tuple[list[tuple[str, str | None, str | None]], dict[str, tuple[int, float]]]:
            # Quitting interrupts the read (seconds on a big archive) instead of waiting for it.
            with CallArchive(path, clock=clock) as archive, interrupted_at_quit(archive):
                if self._shut_down:  # started as quitting began: nobody will see the answer
                    return [], {}
                return archive.directory_entries(), archive.call_activity()

        run_in_thread(read, self._on_directory_read, self._on_directory_failed, name="directory")

    @Slot(object)
    def _on_directory_read(
        self, result: tuple[list[tuple[str, str | None, str | None]], dict[str, tuple[int, float]]]
    ) -> None:
        if self._shut_down:  # the answer arrived after the files were closed
            return
        entries, activity = result
        self.services.contacts.learn_from_calls(entries)
        self.services.directory.set_call_activity(activity)

    @Slot(object)
    def _on_directory_failed(self, error: BaseException) -> None:
        if self._shut_down:  # interrupted by quitting, as it should be
            return
        log.warning("could not read the directory from the archive: %s", error)

    def _open_for_loader(self, path: Path) -> CallArchive:
        # Kept so that quitting can interrupt the loader's read rather than wait for its batch.
        archive = CallArchive(path, clock=self.services.clock)
        self._loader_archive = archive
        if self._shut_down:
            archive.interrupt()
        return archive

    def _notify_missed(self, missed: list[CallRecord]) -> None:
        last = missed[-1]
        who = (
            last.calling_name
            or self._name_for(canonical(last.calling_number))
            or display_number(last.calling_number)
        )
        when = last.start_utc.astimezone(KYIV).strftime("%H:%M")
        if len(missed) == 1:
            title = self.tr("Missed call")
            text = fill(self.tr("%1 called at %2."), who, when)
        else:
            title = self.tr("%n missed call(s)", "", len(missed))
            text = fill(self.tr("The last one: %1 at %2."), who, when)
        self.notifier.post(
            Notice(NoticeKind.MISSED_CALL, title, text, call_back=(last.calling_number, who))
        )

    def _say_in_window(self, notice: Notice) -> None:
        # A dial's outcome is already in the window's status bar (and banner when it failed).
        if notice.kind is NoticeKind.MISSED_CALL:
            self.window.statusBar().showMessage(f"{notice.title} {notice.text}", 15_000)

    @Slot(object)
    def _on_dialer_dial_finished(self, outcome: DialOutcome) -> None:
        if outcome.kind is DialOutcomeKind.CANCELLED:
            return
        self.notifier.post(
            Notice(NoticeKind.DIAL_OUTCOME, outcome.title, outcome.text, warning=not outcome.ok)
        )

    @Slot(str, str)
    def _on_notifier_call_back_requested(self, number: str, name: str) -> None:
        self.window.bring_to_front()
        self.dialer.dial(number, name=name or None, parent=self.window)

    def _name_for(self, number: str) -> str | None:
        contact = self.services.directory.contact_for(number)
        if contact is not None:
            return contact.name
        try:
            return self.services.archive.name_of(number)
        except FmcError:
            return None

    @Slot()
    def open_settings(self) -> None:
        from fmc_desktop.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(
            self.services.settings,
            self.services.settings_store,
            self.services.token_store,
            self.services.paths,
            archive=self.services.archive,
            clock=self.services.clock,
            demo=self.services.demo,
            client_factory=self._client_for,
            parent=self.window,
        )
        dialog.numbers_page.shortcut_group.set_problem(self.global_shortcut.problem)
        dialog.settings_changed.connect(self._on_settings_changed)
        dialog.token_changed.connect(self._on_token_changed)
        dialog.calls_forgotten.connect(lambda _n: self.window.load_history())
        dialog.local_data_deleted.connect(self._on_local_data_deleted)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def open_token_dialog(self) -> None:
        from fmc_desktop.ui.settings.token_entry import TokenDialog

        dialog = TokenDialog(self.services.token_store, self._client_for, parent=self.window)
        if dialog.exec():
            self._on_token_changed()
        elif not self._has_token:
            self._show_token_needed()
        dialog.deleteLater()

    @Slot(object)
    def _on_settings_changed(self, settings: Settings) -> None:
        self.services.settings = settings
        if not self.services.demo and self._base_url_from_settings:
            # A new API address (Settings → Advanced) takes effect now: its own keyring entry,
            # and the next request goes there.
            base_url = check_base_url(settings.base_url)
            if base_url != self.services.base_url:
                self.services.base_url = base_url
                self.services.token_store = TokenStore(base_url)
        self.window.apply_settings()
        self._start_global_shortcut()

    def _start_global_shortcut(self) -> None:
        keys = self.services.settings.global_shortcut
        problem = self.global_shortcut.start(keys)
        self.window.extra_shortcuts = (
            [(self.tr("Dial the selected text, from any program"), keys)]
            if keys and problem is None
            else []
        )

    @Slot()
    def _on_token_changed(self) -> None:
        # A new token lifts the stop a rejected one put on automatic syncs.
        self.services.archive.clear_token_rejected()
        self.window.banner.clear()
        self._has_token = True
        self.sync.sync_now(automatic=False)

    @Slot()
    def _on_local_data_deleted(self) -> None:
        QMessageBox.information(
            self.window,
            self.tr("Local data deleted"),
            self.tr("All local data was deleted. fmc-desktop will now close."),
        )
        self.quit()

    # ------------------------------------------------------------------- a damaged archive

    @Slot(object)
    def _on_care_damaged(self, _error: FmcError) -> None:
        from fmc_desktop.ui.archive.repair_dialog import RepairDialog

        if self._shut_down:
            return
        self.window.bring_to_front()
        dialog = RepairDialog(
            self.services.archive_path,
            self.services.clock,
            release_files=self._release_archive_files,
            parent=self.window,
        )
        dialog.exec()
        repaired = dialog.result_value is not None
        dialog.deleteLater()
        if repaired:
            self._restart_after_repair()
        else:
            self.window.banner.show_message(
                self.tr(
                    "The call archive is damaged: nothing new is saved until it is repaired. "
                    "Restart fmc-desktop to see the repair again, or run `fmc-desktop repair`."
                )
            )

    def _release_archive_files(self) -> None:
        """Close every connection to the archive before the repair renames it."""
        self.care.stop()
        self.sync.shutdown()
        shutdown_workers()
        self.services.archive.close()
        for connection in self.services.connections:
            with contextlib.suppress(sqlite3.Error):
                connection.close()

    def _restart_after_repair(self) -> None:
        """A new process opens the new file afresh and syncs the last 30 days."""
        self.shutdown()
        QProcess.startDetached(
            sys.executable, ["-m", "fmc_desktop", *(["--demo"] if self.services.demo else [])]
        )
        self.app.quit()

    # --------------------------------------------------------------------------- shutdown

    @Slot()
    def quit(self) -> None:
        self.shutdown()
        self.app.quit()

    @Slot()
    def shutdown(self) -> None:
        """Stop every thread and close every file, once; safe to call twice.

        Bounded whatever the network does: requests in flight are cut (a call request among
        them is remembered as "outcome unknown"), and a thread that still runs after its share
        of QUIT_BUDGET_MS is left to the process's exit (`threads_left`), never destroyed
        while it runs (that aborts the process).
        """
        if self._shut_down:
            return
        self._shut_down = True
        started = time.monotonic()
        if self._after_first_rows is not None:
            self._after_first_rows.cancel()

        def remaining(share: float) -> int:
            left = QUIT_BUDGET_MS - (time.monotonic() - started) * 1000
            return max(0, int(min(left, QUIT_BUDGET_MS * share)))

        # Nothing a worker still reports reaches the window now: it would read closed files.
        self.loader.blockSignals(True)
        self.sync.blockSignals(True)
        # Before anything waits: long archive reads and a sync or a dial stuck on a server
        # return at once.
        interrupt_blocking_calls()
        if self._loader_archive is not None:
            self._loader_archive.interrupt()
        if "fmc_desktop.core.api.client" in sys.modules:  # else no request was ever made
            # Imported properly: a sync starting may be importing it on its thread right now.
            from fmc_desktop.core.api.client import FmcClient

            FmcClient.abort_all()
        if self.window.isVisible():
            self.window.save_state()
        self.global_shortcut.stop()
        self.idle.close()
        self.care.stop()  # its hourly backup timer, and no backup started while quitting
        ended = [
            self.dialer.shutdown(remaining(0.3)),
            self.sync.shutdown(remaining(0.4)),
            self.loader.shutdown(remaining(0.5)),
            shutdown_workers(remaining(1.0)),
        ]
        self.threads_left = not all(ended)
        self.tray.dispose()
        self.desktop_notifications.close()
        self.window.close_without_quitting()
        self.instance.release()
        self.services.close()


def build_services(args: argparse.Namespace, paths: AppPaths) -> tuple[AppServices, list[str]]:
    """Settings, token store, archive and contacts for this run; notes to show the user."""
    notes: list[str] = []
    store = SettingsStore(paths.settings_file)
    try:
        settings = store.load()
    except SettingsError as exc:
        notes.append(exc.message)
        settings = Settings()
    clock = SystemClock()
    simulator: Any = None
    demo_token: str | None = None
    if args.demo:
        from fmc_desktop.simulator import Simulator

        simulator = Simulator(clock=clock)
        simulator.start()
        base_url = simulator.base_url
        demo_token = simulator.token
        if not settings.own_numbers:
            # The demo user is the simulated company's first subscriber.
            user = simulator.company.user
            settings.own_numbers = [canonical(user.number)]
            settings.call_as = canonical(user.number)
            settings.company_numbers = [canonical(n) for n in simulator.company.numbers]
            store.save(settings)
    else:
        base_url = check_base_url(resolve_base_url(getattr(args, "base_url", None), settings))
    services = AppServices.open(
        paths,
        store,
        settings,
        base_url,
        clock,
        demo_token=demo_token,
        demo=bool(args.demo),
        simulator=simulator,
    )
    return services, notes


def run(args: argparse.Namespace) -> int:
    """`fmc-desktop` with no command: the desktop app (`args.link`: a tel:/callto: to confirm)."""
    demo = bool(getattr(args, "demo", False))
    link: str | None = getattr(args, "link", None)
    if display_missing():
        sys.stderr.write(NO_DISPLAY + "\n")
        return int(ExitCode.USAGE)  # the desktop app cannot run here; the command line can
    paths = AppPaths.resolve(demo=demo).ensure()
    setup_logging(paths.logs, verbose=bool(getattr(args, "verbose", False)))
    app = _application()
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)

    instance = SingleInstance(paths.data)
    if not instance.acquire():
        if instance.lock_refused:
            # Not another instance: the folder itself refuses the lock file.
            text = (
                f"The data folder {paths.data} is read-only, so fmc-desktop cannot start there; "
                "make it writable, or set FMC_DESKTOP_HOME to a writable folder."
            )
            sys.stderr.write(f"fmc-desktop: error: {text}\n")
            QMessageBox.critical(None, "fmc-desktop", text)
            return int(ExitCode.STORAGE)
        if instance.send(link or SHOW):
            log.info("handed over to the running instance")
            return 0
        sys.stderr.write(
            "fmc-desktop: another fmc-desktop is running for this data folder but did not "
            "answer; close it (or end its process) and try again.\n"
        )
        return 1
    crash = install_crash_handler(paths.log_file)
    _remove_stale_entries()
    try:
        services, notes = build_services(args, paths)
    except FmcError as exc:
        instance.release()
        QMessageBox.critical(None, "fmc-desktop", exc.message)
        sys.stderr.write(f"fmc-desktop: error: {exc.message}\n")
        return int(exc.exit_code)
    install_translations(app, services.settings.language)
    apply_theme(app, services.settings.theme)
    desktop = DesktopApp(services, instance, app)
    desktop.start(link)
    for note in notes:
        desktop.window.banner.show_message(note)
    _quit_on_signals(desktop)
    log.info("fmc-desktop %s is running%s", __version__, " (demo)" if demo else "")
    code = app.exec()
    desktop.shutdown()
    crash.uninstall()
    if desktop.threads_left:
        # A thread still blocked (a connect that hangs, a keyring prompt): destroying its
        # QThread would abort the process ("Destroyed while thread is still running"). Every
        # file is closed and every dial remembered, so end here without running destructors.
        log.warning("fmc-desktop quit with a background task still waiting; it was abandoned")
        logging.shutdown()
        os._exit(int(code))
    log.info("fmc-desktop shut down cleanly")
    # Every file is closed, the settings and the window's state are saved: the interpreter's
    # teardown would only free a big history's objects one by one, 0.05-0.1 s of quitting at a
    # million calls, with nothing left to write.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


def _remove_stale_entries() -> None:
    """Menu, link and autostart entries of an install that is gone (pip runs no uninstall code)."""
    from fmc_desktop.core.system.desktop_entry import remove_stale_entries

    try:
        remove_stale_entries()
    except OSError as error:  # a read-only home must not keep the app from starting
        log.warning("Could not check the desktop entries: %s", error)


def _quit_on_signals(desktop: DesktopApp) -> None:
    """SIGTERM and Ctrl+C end the app cleanly (threads stopped, state saved).

    Python runs signal handlers only between bytecodes, and Qt's event loop is C++: the C handler
    writes the signal's number to a socket (`signal.set_wakeup_fd`) whose notifier wakes the
    loop at once, and the Python code of the notifier's slot lets the handler run. A timer
    polling every 250 ms instead made quitting wait up to that long for nothing.
    """

    def request_quit(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, desktop.quit)

    signal.signal(signal.SIGTERM, request_quit)
    signal.signal(signal.SIGINT, request_quit)
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, desktop)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(512)

    notifier.activated.connect(drain)

    def release() -> None:
        signal.set_wakeup_fd(-1)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    desktop.app.aboutToQuit.connect(release)

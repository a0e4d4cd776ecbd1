"""The main window: the call history with its filters, the calls to return, insights, and dialing.

Everything slow happens elsewhere: the sync and the history load run on their own threads and
report through signals; filtering and sorting are numpy work in the model, and so are the
insights, over the same columns. The window only wires those together and keeps the user's view
across restarts. Its parts live beside it: the menus (`menus.py`), the filter controls
(`ui/history/filter_bar.py`), the sync's words in the status bar (`sync_status.py`), the dial
side (`ui/dialing/dial_panel.py`), and the call files (`ui/archive/call_import.py`,
`ui/archive/view_export.py`).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.returns import CallToReturn
from fmc_desktop.core.archive.sync import SyncProgress, SyncReport
from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.filters import HistoryFilter, Scope
from fmc_desktop.core.history.periods import days_of
from fmc_desktop.core.history.snapshot import SnapshotContent
from fmc_desktop.ui.archive.sync_controller import SyncController
from fmc_desktop.ui.dialing.dial_panel import DialPanel
from fmc_desktop.ui.dialing.flow import DialController, DialOutcome
from fmc_desktop.ui.history.callbacks_view import CallbacksView
from fmc_desktop.ui.history.empty_state import EmptyKind, EmptyState
from fmc_desktop.ui.history.filter_bar import FilterBar
from fmc_desktop.ui.history.filter_notice import FilterNotice
from fmc_desktop.ui.history.load_status import LoadStatus
from fmc_desktop.ui.history.loader import HistoryLoader, first_page_for
from fmc_desktop.ui.history.model import Column, HistoryModel
from fmc_desktop.ui.history.view import HistoryView
from fmc_desktop.ui.shell import bench_markers, icons
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import error_text
from fmc_desktop.ui.shell.i18n import date_format, fill
from fmc_desktop.ui.shell.keyboard import SearchResultsKeys
from fmc_desktop.ui.shell.lazy_tab import LazyTab, contacts_page, insights_page
from fmc_desktop.ui.shell.menus import WindowMenus
from fmc_desktop.ui.shell.services import AppServices
from fmc_desktop.ui.shell.sync_status import SyncStatus
from fmc_desktop.ui.shell.window_state import pack, restore_place, saved_place, unpack

if TYPE_CHECKING:
    # Imported where used: the import and export modules, Insights and Contacts are not part
    # of the first paint (tests/end2end/test_start_up_imports.py).
    from fmc_desktop.core.archive.call_export import ExportFormat
    from fmc_desktop.ui.archive.call_import import CallImport
    from fmc_desktop.ui.archive.view_export import ViewExport
    from fmc_desktop.ui.contacts.view import ContactsView
    from fmc_desktop.ui.dialing.compact_window import CompactWindow
    from fmc_desktop.ui.insights.view import InsightsView

log = logging.getLogger(__name__)

INSIGHTS_DELAY_MS = 350  # typing in the search box should not recompute charts per keystroke
NEW_CALLS_OVERLAP = timedelta(hours=3)  # a sync may add late CDR rows this far back
FIRST_START_SIZE = QSize(1180, 720)  # or as much of it as the screen holds


class Tab(IntEnum):
    HISTORY = 0
    CALLBACKS = 1
    INSIGHTS = 2
    CONTACTS = 3


class MainWindow(QMainWindow):
    """The window. The app decides what closing means (hide to a tray, or quit)."""

    quit_requested = Signal()
    settings_requested = Signal()
    token_requested = Signal()
    callbacks_changed = Signal(int)  # how many calls are waiting to be returned

    def __init__(
        self,
        services: AppServices,
        dialer: DialController,
        sync: SyncController,
        loader: HistoryLoader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.dialer = dialer
        self.sync = sync
        self.loader = loader
        self.hide_on_close = False  # set by the app while a tray icon is shown
        self._insights_dirty = True
        self._mark_first_rows = bench_markers.enabled()  # see bench_markers.py
        self._banner_kind = ""  # what the banner's action button does: "token" or "import"
        self.call_import: CallImport | None = None
        self.view_export: ViewExport | None = None
        # Keys the app adds outside this window (the global shortcut), for the F1 list.
        self.extra_shortcuts: list[tuple[str, str]] = []
        self.compact: CompactWindow | None = None  # made when first asked for

        self.setWindowIcon(icons.app_icon())
        self.model = HistoryModel(parent=self)
        self.model.set_numbers(services.settings.own_numbers, services.settings.company_numbers)
        self.model.set_time_zone("local" if services.settings.time_zone == "local" else "kyiv")
        self.model.set_locale(QLocale())

        self.menus = WindowMenus(self, len(Tab))
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._insights_timer = QTimer(self)
        self._insights_timer.setSingleShot(True)
        self._insights_timer.setInterval(INSIGHTS_DELAY_MS)
        self._insights_timer.timeout.connect(self._on_insights_timer_timeout)
        self._connect()
        self.retranslate()
        self._restore_state()
        self._apply_filter()

    # ------------------------------------------------------------------------------ building

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        bar.addAction(self.menus.sync_action)
        self.filter_bar = FilterBar(bar, self)

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = Banner(central)
        layout.addWidget(self.banner)
        self.filter_notice = FilterNotice(central)
        layout.addWidget(self.filter_notice)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.history_view = HistoryView(self.model, self.tabs)
        self.callbacks_view = CallbacksView(self.tabs)
        # Built when first shown (or asked for): neither is part of the first paint.
        self._insights_tab = LazyTab(insights_page, self.tabs)
        self._contacts_tab = LazyTab(
            lambda parent: contacts_page(parent, self.services, self._on_call_back_requested),
            self.tabs,
        )
        self.tabs.addTab(self.history_view, "")
        self.tabs.addTab(self.callbacks_view, icons.icon("missed"), "")
        self.tabs.addTab(self._insights_tab, "")
        self.tabs.addTab(self._contacts_tab, icons.icon("contacts"), "")

        self.dial_panel = DialPanel(self.services.directory, self.splitter)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.dial_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        SearchResultsKeys(self.filter_bar.search_edit, self.history_view)
        self.empty_state = EmptyState(self.history_view)
        self.empty_state.action_triggered.connect(self._on_empty_state_action_triggered)
        self._last_sync_error: FmcError | None = None

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.sync_status = SyncStatus(status, self._last_synced_at)
        self.count_label = QLabel(status)
        self.count_label.setObjectName("matchCount")
        self.load_status = LoadStatus(status)
        status.addPermanentWidget(self.count_label)

    def _connect(self) -> None:
        self.menus.sync_action.triggered.connect(self._on_sync_action_triggered)
        self.sync_status.retry_requested.connect(self._on_sync_action_triggered)
        self.menus.export_action.triggered.connect(self.export_view)
        self.menus.import_calls_action.triggered.connect(self.import_calls)
        self.menus.import_contacts_action.triggered.connect(self.import_contacts)
        self.menus.export_contacts_action.triggered.connect(self.export_contacts)
        self.menus.settings_action.triggered.connect(self.settings_requested)
        self.menus.quit_action.triggered.connect(self.quit_requested)
        self.menus.find_action.triggered.connect(self._on_find_action_triggered)
        self.menus.dial_action.triggered.connect(self._on_dial_action_triggered)
        self.menus.redial_action.triggered.connect(self.dialer.redial)
        self.menus.clipboard_action.triggered.connect(self.dialer.dial_clipboard)
        self.menus.kyiv_time_action.toggled.connect(self._on_kyiv_time_action_toggled)
        self.menus.about_action.triggered.connect(self.show_about)
        self.menus.compact_action.toggled.connect(self._on_compact_action_toggled)
        self.menus.help_shortcuts_action.triggered.connect(self.show_shortcuts)
        for i, action in enumerate(self.menus.tab_actions):
            action.triggered.connect(lambda _=False, i=i: self.tabs.setCurrentIndex(i))

        self.filter_bar.changed.connect(self._on_filters_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        self.model.matches_changed.connect(self._on_model_matches_changed)
        self.history_view.call_back_requested.connect(self._on_call_back_requested)
        self.history_view.filter_by_number_requested.connect(self._on_filter_by_number_requested)
        self.history_view.add_contact_requested.connect(self._on_add_contact_requested)
        self.history_view.add_favourite_requested.connect(self._on_add_favourite_requested)
        self.callbacks_view.call_back_requested.connect(self._on_call_back_requested)
        self.callbacks_view.done_requested.connect(self._on_callbacks_done_requested)
        self.dial_panel.contact_search.call_requested.connect(self._on_call_back_requested)
        self.banner.action_triggered.connect(self._on_banner_action_triggered)
        self.filter_notice.clear_requested.connect(self.clear_filters)

        self.dialer.attach_dial_pad(self.dial_panel.dial_pad)
        self.dialer.busy_changed.connect(self.dial_panel.contact_search.set_busy)
        self.dialer.busy_changed.connect(self.callbacks_view.set_busy)
        self.dialer.dial_finished.connect(self._on_dialer_dial_finished)
        self.dialer.dialog_opened.connect(self._on_dialer_dialog_opened)

        self.sync.started.connect(self._on_sync_started)
        self.sync.progressed.connect(self._on_sync_progressed)
        self.sync.finished.connect(self._on_sync_finished)
        self.sync.failed.connect(self._on_sync_failed)
        self.loader.counted.connect(self._on_loader_counted)
        self.loader.based.connect(self._on_loader_batch_loaded)  # a snapshot's calls
        self.loader.batch_loaded.connect(self._on_loader_batch_loaded)
        self.loader.snapshot_failed.connect(self._on_loader_snapshot_failed)
        self.loader.finished.connect(self._on_loader_finished)
        self.loader.failed.connect(self._on_loader_failed)

    @property
    def insights_view(self) -> InsightsView:
        return cast("InsightsView", self._insights_tab.page())

    @property
    def contacts_view(self) -> ContactsView:
        return cast("ContactsView", self._contacts_tab.page())

    # ------------------------------------------------------------------------ translation

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LocaleChange:
            # The language changed in Settings: the table's dates follow it, as the charts do.
            self.model.set_locale(self.locale())
            self.filter_bar.set_locale(self.locale())
        super().changeEvent(event)

    def retranslate(self) -> None:
        # Qt adds " — fmc-desktop" (the application's display name) to any other title, so
        # the name itself is left to it: once in the title bar, not twice.
        title = self.tr("fmc-desktop")
        if self.services.demo:
            title = self.tr("Demo on the API simulator")
        self.setWindowTitle(title)
        self.menus.retranslate()
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))

        self.filter_bar.retranslate()
        self.tabs.setTabText(int(Tab.HISTORY), self.tr("History"))
        self._update_callbacks_tab()
        self.tabs.setTabText(int(Tab.INSIGHTS), self.tr("Insights"))
        self.tabs.setTabText(int(Tab.CONTACTS), self.tr("Contacts"))
        self.tabs.setAccessibleName(self.tr("Views"))
        self.tabs.tabBar().setAccessibleName(self.tr("Views"))
        sync_button = self.toolbar.widgetForAction(self.menus.sync_action)
        if sync_button is not None:
            sync_button.setAccessibleName(self.tr("Sync now"))
        self.history_view.setAccessibleName(self.tr("Call history"))
        self.dial_panel.retranslate()
        self.sync_status.retranslate(self.sync.running)
        self._on_model_matches_changed(self.model.rowCount())

    def _last_synced_at(self) -> datetime | None:
        """When the archive last synced, if ever; None too once the archive is closed (a
        language change still reaches a window whose app has shut down)."""
        try:
            return self.services.archive.last_synced_at()
        except FmcError:
            return None

    # -------------------------------------------------------------------------- filtering

    def current_filter(self) -> HistoryFilter:
        today = datetime.now(KYIV).date() if self.services.demo else self._today()
        return self.filter_bar.current_filter(today)

    def _today(self) -> date:
        return self.services.clock.now().astimezone(KYIV).date()

    @Slot()
    def _on_filters_changed(self, *_: object) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._update_filter_bar()
        flt = self.current_filter()
        self.model.set_filter(flt)
        # In My calls every row is one of the user's own numbers: "our subscriber" would repeat
        # their own name down the table, so the columns speak of the other party only.
        self.history_view.setColumnHidden(int(Column.SUBSCRIBER), flt.scope is Scope.MINE)
        self._update_filter_notice()
        self._insights_dirty = True
        if self.tabs.currentIndex() == int(Tab.INSIGHTS):
            self._insights_timer.start()

    def _update_filter_notice(self) -> None:
        self.filter_notice.show_filters(self.filter_bar.active_filters(), self.count_label.text())

    @Slot()
    def clear_filters(self) -> None:
        """Every call of the period again (see FilterBar.clear)."""
        self.filter_bar.clear()

    def update_empty_state(self) -> None:
        """Say why the table is empty, if it is (see empty_state.py)."""
        error = self._last_sync_error
        if self.model.rowCount() or self.loader.busy:
            self.empty_state.show_state(EmptyKind.NONE, "", "")
        elif len(self.model.history):
            self.empty_state.show_no_matches(self.filter_bar.active_filters_text())
        elif error is not None and error.kind.value in ("network", "timeout", "server_error"):
            self.empty_state.show_unreachable(self._last_synced_at())
        else:
            self.empty_state.show_not_synced()

    @Slot(str)
    def _on_empty_state_action_triggered(self, kind: str) -> None:
        if kind == EmptyKind.NO_MATCHES.value:
            self.filter_bar.show_everything()
        else:
            self._on_sync_action_triggered()

    @Slot(int)
    def _on_model_matches_changed(self, count: int) -> None:
        self.update_empty_state()
        locale = QLocale()
        text = self.tr("%n call(s)", "", count).replace(str(count), locale.toString(count), 1)
        if self.loader.busy:
            self.load_status.show_loading(len(self.model.history))
            if self.load_status.isHidden():  # else its sentence says so, with the figures
                text = fill(self.tr("%1 (loading…)"), text)
        else:
            self.load_status.show_loaded()
        self.count_label.setText(text)
        self._update_filter_notice()

    # ------------------------------------------------------------------------------ history

    def load_history(self) -> None:
        """(Re)load the whole archive into the table, newest calls first."""
        from fmc_desktop.core.history.columns import CallHistory

        history = CallHistory(
            own_numbers=self.services.settings.own_numbers,
            company_numbers=self.services.settings.company_numbers,
        )
        self.model.set_history(history)
        self._apply_filter()
        self.loader.load_all(first_page_for(self.model.history_filter, history.own_numbers))
        self._on_model_matches_changed(self.model.rowCount())

    @Slot(int)
    def _on_loader_counted(self, count: int) -> None:
        # Room for every call at once: growing by doubling instead copies every column each
        # time, 50-100 ms on this thread at half a million calls. A quarter more for the syncs.
        self.model.history.reserve(count + count // 4)
        self.load_status.set_total(count)

    @Slot(str)
    def _on_loader_snapshot_failed(self, why: str) -> None:
        self.statusBar().showMessage(self.load_status.snapshot_failed_text(why), 15_000)

    @Slot(object)
    def _on_loader_batch_loaded(self, batch: CallBatch | SnapshotContent) -> None:
        if isinstance(batch, CallBatch):
            self.model.append_calls(batch)
        else:
            self.model.load_base(batch)
        self.load_status.show_loading(len(self.model.history))
        self._insights_dirty = True
        if self._mark_first_rows and self.model.rowCount():
            self._mark_first_rows = False
            bench_markers.mark_after_next_paint(
                self.history_view.viewport(), bench_markers.FIRST_ROWS_PAINTED
            )

    @Slot(int)
    def _on_loader_finished(self, _count: int) -> None:
        self.update_empty_state()
        if bench_markers.enabled():
            bench_markers.mark(f"{bench_markers.HISTORY_LOADED}: {len(self.model.history)}")
        self._on_model_matches_changed(self.model.rowCount())
        self.refresh_callbacks()
        if self.tabs.currentIndex() == int(Tab.INSIGHTS):
            self._insights_timer.start()
        self.loader.save_snapshot(self.model.history)

    @Slot(object)
    def _on_loader_failed(self, error: FmcError) -> None:
        self.banner.show_message(error_text(error), level=BannerLevel.ERROR)

    def _load_new_calls(self, report: SyncReport) -> None:
        """Show what a sync stored: the calls from the oldest one it added (or the newest shown,
        less an overlap for late CDR rows) onwards, skipping those already in the table."""
        history = self.model.history
        if not len(history):
            self.loader.load_all()
            return
        newest = int(history.start.max())
        since = datetime.fromtimestamp(newest, UTC) - NEW_CALLS_OVERLAP
        if report.new_calls:
            # An archive imported from a file may hold newer calls than the month a sync fills.
            since = min(since, min(r.start_utc for r in report.new_calls))
        recent = history.start >= int(since.timestamp())
        known = frozenset(int(i) for i in history.call_ids[recent])
        self.loader.load_since(since, known)

    # -------------------------------------------------------------------------------- sync

    @Slot()
    def _on_sync_action_triggered(self) -> None:
        if not self.sync.sync_now(automatic=False):
            self.statusBar().showMessage(self.tr("A sync is already running."), 3000)

    @Slot(bool)
    def _on_sync_started(self, _automatic: bool) -> None:
        self.menus.sync_action.setEnabled(False)
        self.sync_status.show_started()

    @Slot(object)
    def _on_sync_progressed(self, progress: SyncProgress) -> None:
        self.sync_status.show_progress(progress)

    @Slot(object)
    def _on_sync_finished(self, report: SyncReport) -> None:
        if bench_markers.enabled():
            bench_markers.mark(f"{bench_markers.SYNC_FINISHED}: {report.new}")
        self.menus.sync_action.setEnabled(True)
        self.sync_status.show_report(report)
        self._last_sync_error = report.error
        self.update_empty_state()
        if report.new or report.updated:
            self._load_new_calls(report)
        if report.error is not None:
            if report.token_rejected:
                self._banner_kind = "token"
                self.banner.show_message(
                    self.tr(
                        "Kyivstar rejected the FMC token, so automatic syncing has stopped. "
                        "Enter a new token to start again."
                    ),
                    level=BannerLevel.ERROR,
                    action_text=self.tr("Enter a new token…"),
                )
            return
        if self._banner_kind == "token":
            self._banner_kind = ""
            self.banner.clear()
        if report.lost_days:
            days = ", ".join(
                QLocale().toString(QDate(day.year, day.month, day.day), date_format(QLocale()))
                for day in report.lost_days[:5]
            )
            more = len(report.lost_days) - 5
            if more > 0:
                days += " " + self.tr("and %n more", "", more)
            self._banner_kind = "import"
            self.banner.show_message(
                fill(
                    self.tr(
                        "The archive has no calls for %1 and the API no longer keeps them; import "
                        "an export file for those days to fill the gap."
                    ),
                    days,
                ),
                level=BannerLevel.WARNING,
                action_text=self.tr("Import calls…"),
            )
        # A turn of the event loop of its own: the new calls' append runs in this one, and the
        # two together would hold the GUI thread past 50 ms on a big archive.
        QTimer.singleShot(0, self.refresh_callbacks)

    @Slot(str)
    def _on_sync_failed(self, text: str) -> None:
        self.menus.sync_action.setEnabled(True)
        self.sync_status.show_failed()

    @Slot()
    def _on_banner_action_triggered(self) -> None:
        if self._banner_kind == "import":
            self.import_calls()
        elif self._banner_kind == "token":
            self.token_requested.emit()

    # ---------------------------------------------------------------------- calls to return

    def refresh_callbacks(self) -> None:
        if getattr(self, "_closing_for_good", False):
            return  # asked for before quitting, in a turn that runs after the archive closed
        own = self.services.settings.own_numbers
        try:
            entries = self.services.archive.calls_to_return(own) if own else []
        except FmcError as exc:
            log.warning("could not read the calls to return: %s", exc)
            return
        self.callbacks_view.set_entries(entries)
        self._update_callbacks_tab()
        self.callbacks_changed.emit(len(entries))

    def _update_callbacks_tab(self) -> None:
        count = len(self.callbacks_view.entries())
        text = self.tr("To call back")
        if count:
            text = f"{text} ({QLocale().toString(count)})"
        self.tabs.setTabText(int(Tab.CALLBACKS), text)

    @Slot(object)
    def _on_callbacks_done_requested(self, entry: CallToReturn) -> None:
        self.services.archive.dismiss_call_to_return(entry.number, entry.last_missed)
        self.refresh_callbacks()

    # ------------------------------------------------------------------------------ dialing

    @Slot(str, str)
    def _on_call_back_requested(self, number: str, name: str) -> None:
        self.dialer.dial(number, name=name or None, parent=self)

    @Slot(object)
    def _on_dialer_dial_finished(self, outcome: DialOutcome) -> None:
        if outcome.kind.value == "cancelled":
            return
        timeout = 10_000 if outcome.ok else 0
        self.statusBar().showMessage(outcome.text, timeout)
        if not outcome.ok and outcome.kind.value not in ("invalid",):
            self._banner_kind = ""
            level = BannerLevel.WARNING if outcome.kind.value == "unknown" else BannerLevel.ERROR
            self.banner.show_message(outcome.text, level=level)

    @Slot(object)
    def _on_dialer_dialog_opened(self, _dialog: object) -> None:
        if self.compact is not None and self.compact.isVisible():
            return  # the confirmation opens over the compact window, where the user is
        self.bring_to_front()

    # ----------------------------------------------------------------------- compact mode

    @Slot(bool)
    def _on_compact_action_toggled(self, on: bool) -> None:
        if on:
            self.show_compact()
        else:
            self.show_full()

    def show_compact(self) -> None:
        """Swap this window for the small always-on-top one (View → Compact window)."""
        from fmc_desktop.ui.dialing.compact_window import CompactWindow, recent_calls

        if self.compact is None:
            self.compact = CompactWindow(
                self.dialer,
                self.services.directory,
                self.services.dial_log,
                self.services.contacts.favourites,
                lambda: self.services.settings.ui_state,
                last_calls=lambda: recent_calls(
                    self.services.archive, self.services.settings.own_numbers
                ),
            )
            self.compact.full_window_requested.connect(self.show_full)
        self.save_state()
        self.compact.place()
        self.compact.show()
        self.compact.raise_()
        self.compact.activateWindow()
        self.hide()
        self.menus.set_compact_checked(True)

    @Slot()
    def show_full(self) -> None:
        if self.compact is not None and self.compact.isVisible():
            self.compact.remember_place()
            self.compact.hide()
            self.services.save_settings()
        self.menus.set_compact_checked(False)
        self.bring_to_front()

    def bring_to_front(self) -> None:
        if self.compact is not None and self.compact.isVisible():
            self.show_full()
            return
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    @Slot()
    def _on_dial_action_triggered(self) -> None:
        self.bring_to_front()
        self.dial_panel.dial_pad.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _on_find_action_triggered(self) -> None:
        self.tabs.setCurrentIndex(int(Tab.HISTORY))
        self.filter_bar.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search_edit.selectAll()

    @Slot(str)
    def _on_filter_by_number_requested(self, number: str) -> None:
        self.filter_bar.search_edit.setText(number)

    @Slot(str, str)
    def _on_add_contact_requested(self, number: str, name: str) -> None:
        from fmc_desktop.ui.contacts.editor import ContactEditor

        editor = ContactEditor(self.services.contacts, number=number, name=name, parent=self)
        if editor.exec():
            if self._contacts_tab.is_built():  # else it reads the new contact when built
                self.contacts_view.refresh()
            self.statusBar().showMessage(self.tr("Contact saved."), 4000)
        editor.deleteLater()

    @Slot(str, str)
    def _on_add_favourite_requested(self, number: str, name: str) -> None:
        from fmc_desktop.core.contacts.favourites import make_favourite, suggested_name

        suggested = suggested_name(number, name, self.services.directory)
        contact = make_favourite(
            self.services.contacts, number, lambda: self.ask_favourite_name(number, suggested)
        )
        if contact is not None:
            self.statusBar().showMessage(
                fill(self.tr("%1 is now a favourite."), contact.name), 4000
            )

    def ask_favourite_name(self, number: str, suggested: str) -> str:
        """The name for a new favourite, "" when the user cancels."""
        from fmc_desktop.core.numbers.phone import display_number

        dialog = QInputDialog(self)
        dialog.setObjectName("favouriteNameDialog")
        dialog.setWindowTitle(self.tr("Add to favourites"))
        dialog.setLabelText(
            fill(self.tr("Name for %1 in your favourites:"), display_number(number))
        )
        dialog.setTextValue(suggested)
        accepted = dialog.exec()
        text = dialog.textValue().strip()
        dialog.deleteLater()
        return text if accepted else ""

    # ------------------------------------------------------------------------------ insights

    def _update_filter_bar(self) -> None:
        """The filters show on the tabs they filter (History, Insights) and nowhere else, so
        Contacts has one search box, its own, and the dial panel's search steps aside there."""
        tab = self.tabs.currentIndex()
        self.filter_bar.set_shown(tab in (int(Tab.HISTORY), int(Tab.INSIGHTS)))
        self.dial_panel.contact_search.setVisible(tab != int(Tab.CONTACTS))

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        self._update_filter_bar()
        if index == int(Tab.INSIGHTS) and self._insights_dirty:
            self._insights_timer.start(0)

    @Slot()
    def _on_insights_timer_timeout(self) -> None:
        from fmc_desktop.core.history.insights import insights_from_history, prepare_insights

        history = self.model.history
        # The first figures of a big history place its calls in Kyiv time once: a few ms per
        # turn of the event loop until done, so the window keeps painting meanwhile.
        if not prepare_insights(history):
            self._insights_timer.start(0)
            return
        self._insights_timer.setInterval(INSIGHTS_DELAY_MS)  # start(0) above changed it
        self._insights_dirty = False
        flt = self.model.history_filter
        # Numpy over the columns the table already holds, the very calls it shows: some 25 ms
        # for a million calls, cheap enough for this thread (benchmarks/bench_insights.py).
        data = insights_from_history(
            history, self.model.visible_calls(), scope=flt.scope, days=self._insights_days()
        )
        self.insights_view.set_data(data)

    def _insights_days(self) -> tuple[date, date] | None:
        """The Kyiv days of the period shown, so its quiet days show too; None for all."""
        flt = self.model.history_filter
        return days_of(flt.start, flt.end)

    # ---------------------------------------------------------------------- import / export

    @Slot()
    def export_view(self) -> None:
        """Export the calls on screen, in the order shown: CSV, CSV for Excel, XLSX or JSON."""
        from fmc_desktop.ui.archive.view_export import ask_export_target

        target = ask_export_target(self)
        if target is not None:
            self.export_view_to(*target)

    def export_view_to(self, path: Path, fmt: ExportFormat) -> ViewExport | None:
        """Write the calls on screen to `path` as `fmt` on a worker thread, with a progress
        dialog; None when an export is already running (its dialog is in front)."""
        from fmc_desktop.core.system.files import app_data_places
        from fmc_desktop.ui.archive.view_export import ViewExport

        if self.view_export is not None and self.view_export.is_running():
            return None
        self.view_export = ViewExport(
            self.model.history,
            self.model.visible_calls(),
            path,
            fmt,
            app_data_places(self.services.paths),
            self,
        )
        self.view_export.finished.connect(self._on_view_export_finished)
        self.view_export.start()
        return self.view_export

    @Slot(object)
    def _on_view_export_finished(self, count: object) -> None:
        if isinstance(count, int):
            self.statusBar().showMessage(self.tr("Exported %n call(s).", "", count), 6000)
        elif self.view_export is not None and self.view_export.cancelled:
            self.statusBar().showMessage(self.tr("Export cancelled; no file was written."), 6000)

    @Slot()
    def import_calls(self) -> None:
        from fmc_desktop.ui.archive.call_import import ask_call_files

        paths = ask_call_files(self)
        if paths:
            self.import_call_files(paths)

    def import_call_files(self, paths: list[Path]) -> CallImport | None:
        """Import on a worker thread with a progress dialog; the history reloads when new calls
        came in. None when an import is already running (its dialog is in front)."""
        from fmc_desktop.ui.archive.call_import import CallImport

        if self.call_import is not None and self.call_import.is_running():
            return None
        self.call_import = CallImport(self.services, paths, self)
        self.call_import.finished.connect(self._on_call_import_finished)
        self.call_import.start()
        return self.call_import

    @Slot(object)
    def _on_call_import_finished(self, report: object) -> None:
        from fmc_desktop.core.archive.call_import import ImportReport

        if isinstance(report, ImportReport) and report.new:
            self.load_history()

    @Slot()
    def import_contacts(self) -> None:
        self.tabs.setCurrentIndex(int(Tab.CONTACTS))
        self.contacts_view.import_action.trigger()

    @Slot()
    def export_contacts(self) -> None:
        self.tabs.setCurrentIndex(int(Tab.CONTACTS))
        self.contacts_view.export_action.trigger()

    # ------------------------------------------------------------------------------- about

    @Slot()
    def show_about(self) -> None:
        from fmc_desktop.ui.shell.help_menu import show_about

        show_about(self)

    @Slot()
    def show_shortcuts(self) -> None:
        from fmc_desktop.ui.shell.help_menu import show_shortcuts

        show_shortcuts(self, self.extra_shortcuts)

    # ------------------------------------------------------------------------------- time

    @Slot(bool)
    def _on_kyiv_time_action_toggled(self, kyiv: bool) -> None:
        zone: Literal["kyiv", "local"] = "kyiv" if kyiv else "local"
        self.model.set_time_zone(zone)
        if self.services.settings.time_zone != zone:
            self.services.settings.time_zone = zone
            self.services.save_settings()

    # ------------------------------------------------------------------- state and closing

    def _restore_state(self) -> None:
        state = self.services.settings.ui_state
        restore_place(self, state, FIRST_START_SIZE)
        splitter = unpack(state.get("splitter"))
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([860, 300])
        header = unpack(state.get("history_header"))
        if header is not None:
            self.history_view.horizontalHeader().restoreState(header)
        filters = state.get("filters")
        # A first start shows the last 30 days: "today" may well be empty on a Sunday.
        self.filter_bar.restore(filters if isinstance(filters, dict) else {})
        tab = state.get("tab")
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        self.menus.kyiv_time_action.setChecked(self.services.settings.time_zone != "local")
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            column, order = sort
            if isinstance(column, int) and isinstance(order, int):
                self.history_view.sortByColumn(column, Qt.SortOrder(order))

    def save_state(self) -> None:
        header = self.history_view.horizontalHeader()
        self.services.settings.ui_state.update(
            **saved_place(self),
            splitter=pack(self.splitter.saveState()),
            history_header=pack(header.saveState()),
            tab=self.tabs.currentIndex(),
            sort=[header.sortIndicatorSection(), int(header.sortIndicatorOrder().value)],
            filters=self.filter_bar.saved(),
        )
        self.services.save_settings()

    def close_without_quitting(self) -> None:
        """Close for good at shutdown (the app is already quitting)."""
        if self.compact is not None:
            if self.compact.isVisible():
                self.compact.remember_place()
            self.compact.hide()
            self.compact.deleteLater()
            self.compact = None
        self._closing_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_closing_for_good", False):
            event.accept()
            return
        self.save_state()
        if self.hide_on_close:
            # The tray icon is really there (the app checked): keep running in it.
            event.ignore()
            self.hide()
            return
        event.accept()
        self.quit_requested.emit()

    def apply_settings(self) -> None:
        """Settings changed in the dialog: numbers, time zone, intervals take effect now."""
        settings = self.services.settings
        self.model.set_numbers(settings.own_numbers, settings.company_numbers)
        self.model.set_time_zone("local" if settings.time_zone == "local" else "kyiv")
        self.menus.kyiv_time_action.setChecked(settings.time_zone != "local")
        self.sync.set_interval(settings.sync_interval_minutes)
        self.sync.set_quick_interval(settings.quick_check_seconds)
        self._insights_dirty = True
        self.refresh_callbacks()

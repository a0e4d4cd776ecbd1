"""The main window end to end against the simulator: sync, history, filters, call back, state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.history.filters import AnsweredFilter, DirectionFilter, Scope
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore


@dataclass
class Window:
    window: Any
    services: Any
    sync: Any
    loader: Any
    dialer: Any


def _build(simulator: Any, clock: Any, paths: AppPaths, token: str) -> Window:
    from fmc_desktop.ui.archive.sync_controller import SyncController
    from fmc_desktop.ui.dialing.flow import DialController
    from fmc_desktop.ui.history.loader import HistoryLoader
    from fmc_desktop.ui.shell.main_window import MainWindow
    from fmc_desktop.ui.shell.services import AppServices

    store = SettingsStore(paths.settings_file)
    services = AppServices.open(
        paths,
        store,
        store.load(),
        simulator.base_url,
        clock,
        token_store=TokenStore(simulator.base_url),
        demo_token=token,
    )
    window_holder: list[Any] = []
    dialer = DialController(
        client_factory=services.client,
        settings=lambda: services.settings,
        name_for=lambda number: None,
        dial_log=services.dial_log,
        parent_widget=lambda: window_holder[0] if window_holder else None,
    )
    sync = SyncController(services.sync_engine_factory())
    loader = HistoryLoader(paths.archive_file)
    window = MainWindow(services, dialer, sync, loader)
    window_holder.append(window)
    return Window(window, services, sync, loader, dialer)


def _close(w: Window) -> None:
    w.window.save_state()
    assert w.sync.shutdown()
    assert w.loader.shutdown()
    assert w.dialer.shutdown()
    from fmc_desktop.ui.shell.workers import shutdown_workers

    assert shutdown_workers()
    w.window.close_without_quitting()
    w.window.deleteLater()
    w.services.close()


@pytest.fixture
def paths(simulator: Any) -> AppPaths:
    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    SettingsStore(paths.settings_file).save(
        Settings(
            base_url=simulator.base_url,
            own_numbers=[user],
            call_as=user,
            company_numbers=[canonical(n) for n in simulator.company.numbers],
        )
    )
    return paths


@pytest.fixture
def ui(qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths) -> Iterator[Window]:
    w = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(w.window)
    w.window.show()
    yield w
    _close(w)


def _sync(qtbot: QtBot, w: Window) -> Any:
    with qtbot.waitSignal(w.sync.finished, timeout=60_000) as blocker:
        assert w.sync.sync_now()
    return blocker.args[0]


def test_a_sync_fills_the_archive_and_the_table(
    qtbot: QtBot, ui: Window, qtmodeltester: Any
) -> None:
    report = _sync(qtbot, ui)
    assert report.error is None
    assert report.new > 1000
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    assert len(ui.window.model.history) == report.new
    qtmodeltester.check(ui.window.model)
    assert "Synced at" in ui.window.sync_status.sync_label.text()
    assert ui.window.count_label.text().split()[0].replace(",", "").replace("\u00a0", "").isdigit()


def test_filters_select_exactly_the_right_calls(qtbot: QtBot, ui: Window, simulator: Any) -> None:
    _sync(qtbot, ui)
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    window = ui.window
    model = window.model
    own = canonical(simulator.company.user.number)
    window.filter_bar.period_combo.setCurrentIndex(
        window.filter_bar.period_combo.findData(4)
    )  # whole archive
    window.filter_bar.pbx_button.click()
    assert window.current_filter().scope is Scope.PBX
    total = model.rowCount()
    assert total == len(model.history)

    window.filter_bar.mine_button.click()
    mine = [model.record(row) for row in range(model.rowCount())]
    assert mine
    assert all(own in (canonical(r.calling_number), canonical(r.called_number)) for r in mine)

    window.filter_bar.direction_combo.setCurrentIndex(
        window.filter_bar.direction_combo.findData(int(DirectionFilter.OUTGOING))
    )
    window.filter_bar.answered_combo.setCurrentIndex(
        window.filter_bar.answered_combo.findData(int(AnsweredFilter.UNANSWERED))
    )
    rows = [model.record(row) for row in range(model.rowCount())]
    assert rows
    assert all(canonical(r.calling_number) == own and r.duration == 0 for r in rows)
    expected = [
        r
        for r in mine
        if canonical(r.calling_number) == own
        and canonical(r.called_number) != own
        and r.duration == 0
    ]
    assert len(rows) == len(expected)

    window.filter_bar.direction_combo.setCurrentIndex(0)
    window.filter_bar.answered_combo.setCurrentIndex(0)
    name = next(r.called_name for r in mine if r.called_name and canonical(r.called_number) != own)
    first_name = name.split()[0]
    window.filter_bar.search_edit.setText(first_name.lower())
    found = [model.record(row) for row in range(model.rowCount())]
    assert found
    assert all(first_name in ((r.called_name or "") + (r.calling_name or "")) for r in found)


def test_call_back_from_the_history_confirms_then_dials_once(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    _sync(qtbot, ui)
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    view = ui.window.history_view
    view.setFocus()
    view.selectRow(0)
    index = view.model().index(0, 3)
    menu = view.context_menu(index)
    call = next(a for a in menu.actions() if a.objectName() == "callBackAction")
    call.trigger()
    qtbot.waitUntil(lambda: ui.dialer.pending_dialog() is not None, timeout=5_000)
    assert simulator.requests_to("originate") == []
    ui.dialer.pending_dialog().accept()
    qtbot.waitUntil(lambda: len(simulator.originates) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not ui.dialer.is_busy(), timeout=10_000)
    assert len(simulator.requests_to("originate")) == 1
    menu.deleteLater()


def test_a_rejected_token_stops_syncing_and_shows_one_banner(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths
) -> None:
    w = _build(simulator, clock, paths, "ab" * 32)
    qtbot.addWidget(w.window)
    try:
        report = _sync(qtbot, w)
        assert report.token_rejected
        assert w.window.banner.isVisibleTo(w.window)
        assert "token" in w.window.sync_status.sync_label.text().lower()
        before = len(simulator.requests)
        with qtbot.waitSignal(w.sync.finished, timeout=10_000) as blocker:
            assert w.sync.sync_now(automatic=True)
        assert blocker.args[0].skipped
        assert len(simulator.requests) == before, "an automatic sync does not retry a bad token"
    finally:
        _close(w)


def test_a_server_error_shows_its_sentence_and_a_retry(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    from fmc_desktop.simulator.faults import Fault

    simulator.inject(Fault.SERVER_ERROR, times=50, endpoint="cdr")
    report = _sync(qtbot, ui)
    assert report.error is not None
    assert ui.window.sync_status.retry_button.isVisibleTo(ui.window)
    simulator.clear_faults()
    with qtbot.waitSignal(ui.sync.finished, timeout=60_000):
        ui.window.sync_status.retry_button.click()
    assert not ui.window.sync_status.retry_button.isVisibleTo(ui.window)


def test_a_dropped_connection_during_sync_keeps_what_was_fetched(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    from fmc_desktop.simulator.faults import Fault

    # Two windows go through (a zero delay is no fault), then every request drops: the client's
    # retries run out on the third window.
    simulator.inject(Fault.SLOW, times=2, endpoint="cdr", delay=0)
    simulator.inject(Fault.DROP, times=20, endpoint="cdr")
    report = _sync(qtbot, ui)
    assert report.error is not None
    assert report.windows_done == 2
    assert ui.services.archive.count_calls(CallQuery()) == report.new > 0


def test_calls_to_return_are_listed_and_can_be_marked_done(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    _sync(qtbot, ui)
    ui.window.refresh_callbacks()
    entries = ui.window.callbacks_view.entries()
    own = canonical(simulator.company.user.number)
    expected = ui.services.archive.calls_to_return([own])
    assert [e.number for e in entries] == [e.number for e in expected]
    if not entries:
        pytest.skip("the simulated month has no unreturned missed call for this user")
    with qtbot.waitSignal(ui.window.callbacks_changed) as blocker:
        ui.window.callbacks_view.tree.setCurrentItem(ui.window.callbacks_view.tree.topLevelItem(0))
        ui.window.callbacks_view.done_button.click()
    assert blocker.args[0] == len(entries) - 1
    assert "To call back" in ui.window.tabs.tabText(1)


def test_the_view_survives_a_restart(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths
) -> None:
    first = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(first.window)
    first.window.show()
    first.window.resize(760, 520)
    first.window.filter_bar.pbx_button.click()
    first.window.filter_bar.search_edit.setText("петренко")
    first.window.filter_bar.answered_combo.setCurrentIndex(2)
    first.window.history_view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    first.window.tabs.setCurrentIndex(1)
    _close(first)

    second = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(second.window)
    try:
        w = second.window
        assert w.filter_bar.pbx_button.isChecked()
        assert w.filter_bar.search_edit.text() == ""  # a search is for the moment, never restored
        assert w.filter_bar.answered_combo.currentIndex() == 2
        assert w.tabs.currentIndex() == 1
        assert w.history_view.horizontalHeader().sortIndicatorSection() == 2
        assert w.size().width() == 760
    finally:
        _close(second)


def test_the_gui_thread_keeps_ticking_during_a_sync(qtbot: QtBot, ui: Window) -> None:
    """The sync runs on its thread: the event loop is never blocked for long."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[int] = []
    elapsed = QElapsedTimer()
    elapsed.start()
    timer = QTimer()
    timer.setInterval(5)

    def tick() -> None:
        gaps.append(elapsed.restart())

    timer.timeout.connect(tick)
    timer.start()
    try:
        _sync(qtbot, ui)
    finally:
        timer.stop()
    assert len(gaps) > 10
    # Generous for a shared CI machine; benchmarks/bench_gui_stall.py measures the real figure.
    assert max(gaps) < 1000


def test_no_token_data_leaks_into_settings(qtbot: QtBot, ui: Window, simulator: Any) -> None:
    _sync(qtbot, ui)
    ui.window.save_state()
    for path in AppPaths.resolve().config.rglob("*"):
        if path.is_file():
            assert simulator.token not in path.read_text("utf-8", "replace")


def test_insights_follow_the_filter(qtbot: QtBot, ui: Window) -> None:
    from fmc_desktop.core.history.insights_oracle import compute_insights
    from fmc_desktop.ui.shell.main_window import Tab

    _sync(qtbot, ui)
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    window = ui.window
    window.tabs.setCurrentIndex(int(Tab.INSIGHTS))
    total = window.model.rowCount()
    assert total > 0
    qtbot.waitUntil(lambda: window.insights_view.data().total == total, timeout=10_000)

    window.filter_bar.search_edit.setText("петренко")
    expected_total = window.model.rowCount()
    qtbot.waitUntil(lambda: window.insights_view.data().total == expected_total, timeout=10_000)
    records = window.model.history.records(window.model.visible_calls())
    settings = ui.services.settings
    expected = compute_insights(
        records,
        mine=settings.own_numbers,
        company=[*settings.company_numbers, *settings.own_numbers],
        days=window._insights_days(),
    )
    assert window.insights_view.data() == expected


def test_every_call_a_sync_stores_reaches_the_table(qtbot: QtBot, ui: Window, clock: Any) -> None:
    """Even when the table already shows a newer call (imported from a file) than most of what
    the sync brings."""
    from datetime import timedelta

    from fmc_desktop.core.api.records import CallRecord

    start = (clock.now() - timedelta(minutes=5)).astimezone(KYIV)
    ui.services.archive.add_calls(
        [
            CallRecord(
                start=start,
                end=start + timedelta(seconds=30),
                calling_number="0441234567",
                called_number=ui.services.settings.own_numbers[0],
                duration=30,
            )
        ]
    )
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    assert len(ui.window.model.history) == 1
    report = _sync(qtbot, ui)
    assert report.new > 1000
    qtbot.waitUntil(lambda: not ui.loader.busy, timeout=30_000)
    assert len(ui.window.model.history) == ui.services.archive.count_calls(CallQuery())


def test_a_restart_keeps_no_search_and_no_fixed_range_and_names_the_filters_left(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths
) -> None:
    from fmc_desktop.core.history.periods import Period

    first = _build(simulator, clock, paths, simulator.token)
    first.window.show()
    _sync(qtbot, first)
    first.window.filter_bar.search_edit.setText("olena")
    first.window.filter_bar.period_combo.setCurrentIndex(
        first.window.filter_bar.period_combo.findData(int(Period.CUSTOM))
    )
    first.window.filter_bar.direction_combo.setCurrentIndex(
        first.window.filter_bar.direction_combo.findData(int(DirectionFilter.INCOMING))
    )
    notice = first.window.filter_notice
    assert notice.isVisible()
    assert "olena" in notice.label.text()
    _close(first)

    second = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(second.window)
    second.window.show()
    try:
        w = second.window
        with qtbot.waitSignal(w.loader.finished, timeout=30_000):
            w.load_history()
        assert w.filter_bar.search_edit.text() == ""
        assert Period(w.filter_bar.period_combo.currentData()) is Period.LAST_30_DAYS
        # The direction is still on, and the window says so above the table.
        assert w.filter_notice.isVisible()
        assert "Incoming" in w.filter_notice.label.text()
        assert w.count_label.text() in w.filter_notice.label.text()
        filtered = w.model.rowCount()
        qtbot.mouseClick(w.filter_notice.clear_button, Qt.MouseButton.LeftButton)
        assert not w.filter_notice.isVisible()
        assert w.current_filter().direction is DirectionFilter.ALL
        assert w.model.rowCount() > filtered
    finally:
        _close(second)


def test_after_a_sync_elsewhere_the_status_bar_says_when_not_not_synced_yet(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths
) -> None:
    """The first sync runs in the setup wizard; the window opened after it must know."""
    first = _build(simulator, clock, paths, simulator.token)
    first.window.show()
    assert first.window.sync_status.sync_label.text() == "Not synced yet"
    first.services.archive.record_sync(clock.now())
    first.window.sync_status.show_last_sync()
    assert first.window.sync_status.sync_label.text().startswith("Synced at")
    _close(first)

    second = _build(simulator, clock, paths, simulator.token)
    qtbot.addWidget(second.window)
    try:
        assert second.window.sync_status.sync_label.text().startswith("Synced at")
    finally:
        _close(second)


def test_our_subscriber_shows_only_in_whole_pbx(ui: Window) -> None:
    from fmc_desktop.ui.history.model import Column

    window = ui.window
    window.filter_bar.mine_button.click()
    assert window.history_view.isColumnHidden(int(Column.SUBSCRIBER))
    assert not window.history_view.isColumnHidden(int(Column.OTHER_PARTY))
    window.filter_bar.pbx_button.click()
    assert not window.history_view.isColumnHidden(int(Column.SUBSCRIBER))


def test_in_my_calls_the_department_is_the_other_partys(
    qtbot: QtBot, ui: Window, simulator: Any
) -> None:
    from fmc_desktop.ui.history.model import Column

    _sync(qtbot, ui)
    with qtbot.waitSignal(ui.loader.finished, timeout=30_000):
        ui.window.load_history()
    window, model = ui.window, ui.window.model
    own = canonical(simulator.company.user.number)
    window.filter_bar.mine_button.click()
    assert model.rowCount() > 10
    for row in range(min(model.rowCount(), 200)):
        record = model.record(row)
        ours_called = canonical(record.called_number) == own
        other = record.calling_department if ours_called else record.called_department
        assert model.index(row, int(Column.DEPARTMENT)).data() in (other or "", None)


def test_the_title_leaves_the_apps_name_to_qt_so_it_shows_once(ui: Window) -> None:
    from PySide6.QtGui import QGuiApplication

    # Qt appends " — <display name>" to any title that does not end with it.
    name = QGuiApplication.applicationDisplayName()
    window = ui.window
    window.services.demo = True
    window.retranslate()
    assert name not in window.windowTitle() or window.windowTitle() == name
    assert "fmc-desktop" not in window.windowTitle()


def test_counts_in_the_status_bar_use_the_locales_digit_grouping(
    qtbot: QtBot, qapp: Any, ui: Window
) -> None:
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale("uk_UA"))
    try:
        report = _sync(qtbot, ui)
        assert report.new >= 1000
        grouped = QLocale("uk_UA").toString(report.new)
        assert grouped != str(report.new)
        assert grouped in ui.window.sync_status.sync_label.text()
    finally:
        QLocale.setDefault(previous)


def test_insights_and_contacts_are_built_when_first_shown_and_work_as_before(
    qtbot: QtBot, ui: Window
) -> None:
    from PySide6.QtWidgets import QWidget

    from fmc_desktop.ui.contacts.view import ContactsView
    from fmc_desktop.ui.insights.view import InsightsView
    from fmc_desktop.ui.shell.main_window import Tab

    window = ui.window
    tabs = window.tabs
    # Not part of the first paint: no page of either yet, only their tabs, titled as before.
    assert not window.findChildren(InsightsView)
    assert not window.findChildren(ContactsView)
    assert [tabs.tabText(i) for i in range(tabs.count())][2:] == ["Insights", "Contacts"]
    # The menu's "go to tab" action builds and shows Insights, in its tab, edge to edge.
    window.menus.tab_actions[int(Tab.INSIGHTS)].trigger()
    assert tabs.currentIndex() == int(Tab.INSIGHTS)
    (insights,) = window.findChildren(InsightsView)
    assert insights is window.insights_view
    page = tabs.widget(int(Tab.INSIGHTS))
    assert isinstance(page, QWidget)
    assert page.isAncestorOf(insights)
    qtbot.waitUntil(lambda: insights.isVisible())
    assert insights.geometry() == page.rect()
    assert not window.findChildren(ContactsView)
    # Going to Contacts builds it.
    window.tabs.setCurrentIndex(int(Tab.CONTACTS))
    (contacts,) = window.findChildren(ContactsView)
    assert contacts is window.contacts_view
    qtbot.waitUntil(lambda: contacts.isVisible())
    # A call from the lazily built page is wired to the window's dialling, as before.
    assert contacts.receivers("2call_requested(QString,QString)") == 1


def test_calls_to_return_read_after_closing_are_not_read_at_all(
    qtbot: QtBot, simulator: Any, clock: Any, paths: AppPaths, caplog: pytest.LogCaptureFixture
) -> None:
    # A sync's end asks for the calls to return in a later turn of the event loop; when quitting
    # comes in between, that turn runs after the archive is closed and must not read it.
    w = _build(simulator, clock, paths, simulator.token)
    w.window.show()
    _sync(qtbot, w)
    _close(w)  # deletes the window later, as quitting does
    with caplog.at_level("WARNING"):
        w.window.refresh_callbacks()
        qtbot.wait(10)
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []

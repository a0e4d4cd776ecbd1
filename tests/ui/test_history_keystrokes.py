"""A keystroke in the history search that finds the same calls leaves the table as it is."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # belongs in tests/conftest.py

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QTableView

from fmc_desktop.core.history.batch import CallBatch
from fmc_desktop.core.history.columns import CallHistory
from fmc_desktop.core.history.filters import HistoryFilter, Scope
from fmc_desktop.ui.history.model import HistoryModel, Role
from tests.core.test_number_search import FIRST, STAFF


@pytest.fixture
def table(qapp: QApplication) -> Iterator[tuple[HistoryModel, QTableView]]:
    history = CallHistory(STAFF[:1], STAFF)
    history.extend(CallBatch.from_records(FIRST))
    model = HistoryModel(history)
    model.set_filter(HistoryFilter(scope=Scope.PBX))
    view = QTableView()
    view.setModel(model)
    yield model, view
    view.deleteLater()
    model.deleteLater()


def _on_layout_changed(model: HistoryModel, into: list[object]) -> None:
    # The model emits the signal with its layout hint: connect to that signature.
    signal = model.layoutChanged[  # type: ignore[index]
        "QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint"
    ]
    signal.connect(lambda *_: into.append(None))


def _calls(model: HistoryModel) -> list[int]:
    return [model.data(model.index(r, 0), Role.CALL_INDEX) for r in range(model.rowCount())]


def test_a_keystroke_finding_the_same_calls_keeps_the_layout(
    table: tuple[HistoryModel, QTableView], qtmodeltester: Any
) -> None:
    model, view = table
    qtmodeltester.check(model)
    model.set_search_text("06")
    shown = _calls(model)
    view.selectionModel().setCurrentIndex(
        model.index(3, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    layouts: list[object] = []
    counts: list[int] = []
    _on_layout_changed(model, layouts)
    model.matches_changed.connect(counts.append)
    model.set_search_text("067")  # every call is with one of the staff's numbers
    assert _calls(model) == shown
    assert layouts == []
    assert counts == [len(shown)]  # the status bar still hears the count
    assert view.currentIndex().row() == 3
    model.set_search_text("олен")
    assert layouts
    assert model.rowCount() < len(shown)


def test_the_same_calls_seen_from_another_scope_are_redrawn(
    table: tuple[HistoryModel, QTableView],
) -> None:
    model, _ = table
    model.set_filter(HistoryFilter(scope=Scope.PBX, text="067"))
    layouts: list[object] = []
    _on_layout_changed(model, layouts)
    model.set_filter(HistoryFilter(scope=Scope.MINE, text="067"))
    assert layouts  # "other party" and "our subscriber" now read from the user's side

"""The archive's care in the GUI, offscreen: the check after the first paint, backups, repair."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import ArchiveDamagedError
from fmc_desktop.core.archive.backup import Backup, BackupStore
from fmc_desktop.core.archive.queries import CallQuery
from fmc_desktop.core.archive.repair import check
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.ui.archive.archive_care import ArchiveCare
from fmc_desktop.ui.archive.repair_dialog import RepairDialog
from fmc_desktop.ui.shell.workers import running_tasks
from tests.conftest import TEST_NOW
from tests.core.test_archive_safety import damage_calls, filled, leave_unclosed


def test_after_an_unclean_close_the_check_runs_after_the_first_paint_and_finds_damage(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path)
    damage_calls(path)
    leave_unclosed(path)
    window = QWidget()
    qtbot.addWidget(window)
    care = ArchiveCare(path, ManualClock(TEST_NOW))
    window.show()
    care.start_after_first_paint(window)
    with qtbot.waitSignal(care.damaged, timeout=30_000) as caught:
        window.update()
    assert isinstance(caught.args[0], ArchiveDamagedError)
    qtbot.waitUntil(lambda: not running_tasks())
    with CallArchive(path) as archive:
        assert archive.damaged, "the verdict holds for every connection of the process"


def test_a_sound_archive_passes_and_gets_its_daily_backup(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=3, per_day=50)
    leave_unclosed(path)
    care = ArchiveCare(path, ManualClock(TEST_NOW))
    with (
        qtbot.waitSignal(care.checked, timeout=30_000),
        qtbot.waitSignal(care.backed_up, timeout=30_000) as caught,
    ):
        care.start_after_first_paint(QWidget())  # not shown: started in the tray
    care.stop()
    qtbot.waitUntil(lambda: not running_tasks())
    backup = caught.args[0]
    assert isinstance(backup, Backup)
    assert BackupStore.beside(path).backups() == [backup]
    with CallArchive(path) as archive:
        assert not archive.needs_check()


def test_a_check_that_ends_after_quitting_began_starts_no_backup(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "calls.sqlite3"
    filled(path, days=3, per_day=50)
    leave_unclosed(path)
    care = ArchiveCare(path, ManualClock(TEST_NOW))
    with qtbot.waitSignal(care.checked, timeout=30_000):
        care.start()  # the check runs on a worker...
        care.stop()  # ...and the app begins to quit before it ends
    qtbot.waitUntil(lambda: not running_tasks())
    assert BackupStore.beside(path).backups() == []


def test_the_repair_dialog_offers_the_backup_first_and_restores_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path)
    BackupStore.beside(path).make(path, TEST_NOW - timedelta(days=1))
    damage_calls(path)
    released: list[bool] = []
    dialog = RepairDialog(path, ManualClock(TEST_NOW), release_files=lambda: released.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.restore_choice.isEnabled()
    assert dialog.restore_choice.isChecked(), "the backup is offered first"
    with qtbot.waitSignal(dialog.repaired, timeout=60_000) as caught:
        qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    result = caught.args[0]
    assert released == [True], "the app's connections are closed before the file is moved"
    assert result.method == "restore"
    assert check(path).sound
    assert result.moved_aside.exists()
    assert str(result.moved_aside) in dialog.outcome.text()
    assert "fetched again" in dialog.outcome.text()
    qtbot.waitUntil(lambda: not running_tasks())
    with CallArchive(path) as archive:
        assert archive.count_calls(CallQuery()) == stored
    dialog.close()


def test_the_repair_dialog_salvages_and_names_the_lost_period(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    stored = filled(path)
    damage_calls(path)
    dialog = RepairDialog(path, ManualClock(TEST_NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restore_choice.isEnabled(), "no backup: only the salvage"
    assert dialog.salvage_choice.isChecked()
    with qtbot.waitSignal(dialog.repaired, timeout=60_000) as caught:
        qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    result = caught.args[0]
    assert result.method == "salvage"
    assert 0 < result.calls_saved < stored
    assert "are lost unless you import an export file" in dialog.outcome.text()
    qtbot.waitUntil(lambda: not running_tasks())
    assert check(path).sound
    dialog.close()

"""An unexpected exception shows one dialog with masked details, and the app keeps going."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell.crash import CrashDialog, CrashHandler, install_crash_handler

TOKEN = "0123456789abcdef" * 4


@pytest.fixture
def handler(qtbot: QtBot, tmp_path: Path) -> Iterator[CrashHandler]:
    installed = install_crash_handler(tmp_path / "logs" / "fmc-desktop.log")
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def raise_and_handle(handler: CrashHandler, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        handler.handle(*sys.exc_info())


def test_an_error_shows_a_dialog_with_masked_details(
    qtbot: QtBot, handler: CrashHandler, tmp_path: Path
) -> None:
    assert sys.excepthook == handler.handle
    with qtbot.waitSignal(handler.error_shown, timeout=3000) as shown:
        raise_and_handle(handler, RuntimeError(f"GET /api?token={TOKEN} failed"))
    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert not dialog.isModal()  # the app goes on behind it
    details = dialog.details.toPlainText()
    assert "RuntimeError" in details
    assert "raise_and_handle" in details  # the traceback, not just the message
    assert TOKEN not in details
    assert TOKEN not in dialog.summary_label.text()
    assert str(tmp_path / "logs" / "fmc-desktop.log") in dialog.log_label.text()
    for widget in (dialog.copy_button, dialog.open_log_button, dialog.details):
        assert widget.accessibleName()

    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    assert TOKEN not in QGuiApplication.clipboard().text()


def test_more_errors_are_added_to_the_open_dialog(qtbot: QtBot, handler: CrashHandler) -> None:
    with qtbot.waitSignal(handler.error_shown, timeout=3000) as shown:
        raise_and_handle(handler, ValueError("first"))
    dialog = shown.args[0]
    raise_and_handle(handler, KeyError("second"))
    raise_and_handle(handler, KeyError("third"))
    assert handler.dialog is dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.count == 3
    assert "second" in dialog.details.toPlainText()
    assert "3" in dialog.explanation.text()


def test_an_error_while_reporting_is_only_logged(
    qtbot: QtBot, handler: CrashHandler, caplog: pytest.LogCaptureFixture
) -> None:
    # A fault in the dialog itself (here: the first error's details cannot be formatted) must
    # not recurse into another dialog.
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise_and_handle(handler, RuntimeError("raised while reporting"))
            return "unprintable"

    raise_and_handle(handler, Unprintable())
    assert "raised while reporting" in caplog.text
    assert "Unexpected error while reporting an error" in caplog.text


def test_an_error_in_another_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, handler: CrashHandler
) -> None:
    def fail() -> None:
        raise OSError("disk on fire")

    with qtbot.waitSignal(handler.error_shown, timeout=3000) as shown:
        worker = threading.Thread(target=fail, name="doomed")
        worker.start()
        worker.join()
    assert "disk on fire" in shown.args[0].details.toPlainText()


def test_keyboard_interrupt_is_not_an_error_to_show(qtbot: QtBot, handler: CrashHandler) -> None:
    seen: list[type[BaseException]] = []
    handler._previous_hook = lambda kind, _exc, _tb: seen.append(kind)
    raise_and_handle(handler, KeyboardInterrupt())
    assert seen == [KeyboardInterrupt]
    assert handler.dialog is None


def test_uninstall_puts_the_previous_hooks_back(qtbot: QtBot, tmp_path: Path) -> None:
    before, thread_before = sys.excepthook, threading.excepthook
    installed = install_crash_handler(None)
    assert sys.excepthook != before
    installed.uninstall()
    assert sys.excepthook == before
    assert threading.excepthook == thread_before

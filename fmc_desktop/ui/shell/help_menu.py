"""The Help menu's windows: the about box and the table of keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from fmc_desktop import __version__
from fmc_desktop.ui.shell.i18n import fill

# Translated in the main window's context, where these strings were first; the extractor reads
# only literal `translate` calls, so each names it.


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("MainWindow", "About fmc-desktop"),
        fill(
            QCoreApplication.translate(
                "MainWindow",
                "<h3>fmc-desktop %1</h3><p>A desktop companion for the Kyivstar Virtual "
                "Mobile PBX: dial from your desktop and review your calls.</p>"
                "<p>MIT licence.</p>",
            ),
            __version__,
        ),
    )


def show_shortcuts(window: QWidget, extra: list[tuple[str, str]]) -> None:
    """Every shortcut of `window`'s actions, the keys of its lists and search boxes, `extra`."""
    from fmc_desktop.ui.shell.shortcuts_help import ShortcutsDialog, window_shortcuts

    rows = window_shortcuts(window)
    rows += [
        (
            QCoreApplication.translate("MainWindow", "Call the selected call or contact"),
            QCoreApplication.translate("MainWindow", "Enter"),
        ),
        (
            QCoreApplication.translate("MainWindow", "From the search box into the results"),
            QCoreApplication.translate("MainWindow", "Down, Up"),
        ),
        (
            QCoreApplication.translate(
                "MainWindow", "Back from the first result to the search box"
            ),
            QCoreApplication.translate("MainWindow", "Up"),
        ),
        (
            QCoreApplication.translate("MainWindow", "Open a call's menu"),
            QCoreApplication.translate("MainWindow", "Menu, Shift+F10"),
        ),
        (
            QCoreApplication.translate("MainWindow", "Copy the selected call's number"),
            QKeySequence("Ctrl+C").toString(),
        ),
        (
            QCoreApplication.translate("MainWindow", "Change a day, month or year in a date field"),
            QCoreApplication.translate("MainWindow", "Left, Right, Up, Down"),
        ),
    ]
    rows += extra
    dialog = ShortcutsDialog(rows, window)
    dialog.show()

"""An unexpected exception in the GUI: say so, offer the details to copy, and keep running.

PySide hands an exception raised in a slot or an event handler to `sys.excepthook` and then goes
on with the event loop, so the app usually survives: the hook logs the traceback (masked by the
logging formatter) and shows one dialog. Exceptions that arrive while the dialog is open are added
to it rather than opening more dialogs, and an exception raised while handling one is only
logged, so a fault in a paint event cannot pile up windows or recurse.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.system.logs import RedactingFormatter
from fmc_desktop.ui.shell.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

# Masks every token-shaped string and every secret registered with core.logs.
_masking = RedactingFormatter()


def redacted_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    return _masking.formatException((exc_type, exc, tb))


def redacted_summary(exc_type: type[BaseException], exc: BaseException) -> str:
    text = "".join(traceback.format_exception_only(exc_type, exc)).strip()
    return _masking.formatException((exc_type, exc, None)) if not text else _mask(text)


def _mask(text: str) -> str:
    record = logging.LogRecord("crash", logging.ERROR, "", 0, text, None, None)
    return _masking.format(record)


class CrashDialog(QDialog):
    """What happened, the details to copy, and where the log is. Not modal: the app goes on."""

    def __init__(
        self, summary: str, details: str, log_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self._summary = summary
        self._log_file = log_file
        self._count = 1

        self.icon_label = QLabel(self)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical, None, self)
        self.icon_label.setPixmap(icon.pixmap(40, 40))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(self)
        self.headline.setObjectName("crashHeadline")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.summary_label = QLabel(summary, self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        self.log_label = QLabel(self)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.open_log_button = QPushButton(self)
        self.open_log_button.setObjectName("openLogFolder")
        self.open_log_button.clicked.connect(self._on_open_log_button_clicked)
        self.open_log_button.setVisible(log_file is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(6)
        words.addWidget(self.headline)
        words.addWidget(self.explanation)
        words.addWidget(self.summary_label)
        top.addLayout(words, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.open_log_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.log_label)
        layout.addLayout(actions)
        fit_to_screen(self, QSize(640, 460))
        self._retranslate()

    @property
    def count(self) -> int:
        return self._count

    def add_error(self, summary: str, details: str) -> None:
        """Another error while the dialog is open: appended, not a second window."""
        self._count += 1
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Unexpected error"))
        self.headline.setText(self.tr("Something went wrong inside fmc-desktop"))
        if self._count > 1:
            self.explanation.setText(
                self.tr(
                    "Unexpected errors so far: {count}. The app carries on; if something looks "
                    "wrong, restart it. Copying the details into a report helps to fix this."
                ).format(count=self._count)
            )
        else:
            self.explanation.setText(
                self.tr(
                    "The app carries on; if something looks wrong, restart it. Copying the "
                    "details into a report helps to fix this."
                )
            )
        if self._log_file is not None:
            self.log_label.setText(
                self.tr("The log file is {path}").format(path=str(self._log_file))
            )
        else:
            self.log_label.setText(self.tr("There is no log file."))
        self.copy_button.setText(self.tr("Copy details"))
        self.copy_button.setAccessibleName(self.tr("Copy details"))
        self.open_log_button.setText(self.tr("Open log folder"))
        self.open_log_button.setAccessibleName(self.tr("Open log folder"))
        self.details.setAccessibleName(self.tr("Error details"))
        self.summary_label.setAccessibleName(self.tr("What happened"))
        self.log_label.setAccessibleName(self.tr("Log file"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))

    @Slot()
    def _on_open_log_button_clicked(self) -> None:
        if self._log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_file.parent)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class CrashHandler(QObject):
    """Installed as sys.excepthook (and threading.excepthook) while the GUI runs.

    `error_shown` carries the dialog each time one is shown (tests wait on it).
    """

    error_shown = Signal(object)
    _thread_error = Signal(object, object, object)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self._handling = False
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        # Errors of other threads are shown on the GUI thread, where widgets may be made.
        self._thread_error.connect(self._on_thread_error, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous_hook is not None and sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None and threading.excepthook == self._handle_thread:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = None
        self._previous_thread_hook = None

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            # Not errors of ours: Ctrl+C in the terminal or a deliberate exit.
            if self._previous_hook is not None:
                self._previous_hook(exc_type, exc, tb)
            return
        if self._handling:
            # Raised while showing the dialog: logging is all that is safe now.
            log.critical("Unexpected error while reporting an error", exc_info=(exc_type, exc, tb))
            return
        self._handling = True
        try:
            log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
            if threading.current_thread() is not threading.main_thread():
                self._thread_error.emit(exc_type, exc, tb)
                return
            self._show(exc_type, exc, tb)
        except Exception:
            log.critical("The error dialog itself failed", exc_info=True)
        finally:
            self._handling = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.critical(
            "Unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        self._thread_error.emit(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(object, object, object)
    def _on_thread_error(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if self._handling:
            return
        self._handling = True
        try:
            self._show(exc_type, exc, tb)
        except Exception:
            log.critical("The error dialog itself failed", exc_info=True)
        finally:
            self._handling = False

    def _show(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if QApplication.instance() is None:
            return  # before or after the GUI: the log has it
        summary = redacted_summary(exc_type, exc)
        details = redacted_traceback(exc_type, exc, tb)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_error(summary, details)
            return
        self.dialog = CrashDialog(summary, details, self.log_file, QApplication.activeWindow())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog.show()
        self.dialog.raise_()
        self.error_shown.emit(self.dialog)

    @Slot()
    def _on_dialog_destroyed(self) -> None:
        self.dialog = None


def install_crash_handler(log_file: Path | None, parent: QObject | None = None) -> CrashHandler:
    """Make unexpected exceptions show the crash dialog; keep the handler (uninstall() undoes)."""
    handler = CrashHandler(log_file, parent)
    handler.install()
    return handler

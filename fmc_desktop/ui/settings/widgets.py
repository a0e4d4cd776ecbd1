"""Small pieces the settings dialog's pages and the first-run wizard share: notes, forms, sizes,
the dialog's banner and the background tasks a page starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.workers import Task

# A banner's sentence, level and action button text, made again in a new language.
BannerMessage = Callable[[], tuple[str, BannerLevel, str | None]]


def set_text_colour(label: QLabel, colour: QColor | None) -> None:
    palette = label.palette()
    if colour is None:
        parent = label.parentWidget()
        base = parent.palette() if parent is not None else QPalette()
        palette.setColor(QPalette.ColorRole.WindowText, base.color(QPalette.ColorRole.WindowText))
    else:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


def format_size(size: int, locale: QLocale | None = None) -> str:
    chosen = locale if locale is not None else QLocale()
    return chosen.formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def note(parent: QWidget, name: str, *, selectable: bool = True) -> QLabel:
    """A wrapped sentence below the controls it is about."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def page_layout(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.setSpacing(12)
    return layout


def form_layout(group: QWidget) -> QFormLayout:
    form = QFormLayout(group)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    return form


def path_field(parent: QWidget, name: str, path: Path) -> QLineEdit:
    # A read-only field: a long path scrolls instead of being cut, and copies whole.
    field = QLineEdit(str(path), parent)
    field.setObjectName(name)
    field.setReadOnly(True)
    field.setCursorPosition(0)
    field.setToolTip(str(path))
    return field


class TaskList:
    """The background tasks a dialog's pages started, cancelled together when it closes."""

    def __init__(self) -> None:
        self._tasks: list[Task] = []

    def track(self, task: Task) -> Task:
        self._tasks = [known for known in self._tasks if known.is_running()]
        self._tasks.append(task)
        return task

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()


class BannerMessages(QObject):
    """One banner shared by a dialog's pages: what it says now, and what its button does.

    The message is kept as a function, so the sentence is made again in a new language.
    """

    def __init__(self, banner: Banner) -> None:
        super().__init__(banner)
        self.banner = banner
        self._message: BannerMessage | None = None
        self._action: Callable[[], None] | None = None
        banner.action_triggered.connect(self._on_banner_action_triggered)

    def show(self, message: BannerMessage, action: Callable[[], None] | None) -> None:
        self._message = message
        self._action = action
        self.refresh()

    def clear(self) -> None:
        self._message = None
        self._action = None
        self.banner.clear()

    def clear_error(self) -> None:
        """Take an error away (it was about something since put right)."""
        if self._message is not None and self.banner.level() is BannerLevel.ERROR:
            self.clear()

    def clear_warning(self) -> None:
        """Take a warning away (what it warned of is over); an error stays until put right."""
        if self._message is not None and self.banner.level() is not BannerLevel.ERROR:
            self.clear()

    def refresh(self) -> None:
        if self._message is not None:
            text, level, action_text = self._message()
            self.banner.show_message(text, level=level, action_text=action_text)

    @Slot()
    def _on_banner_action_triggered(self) -> None:
        if self._action is not None:
            self._action()

"""The Insights view: charts of the calls the current filter selects, drawn with QPainter.

QtCharts would need the 400 MB Addons wheel and a web view is out of the question, so each chart
is a small widget that lays itself out from its font metrics and paints itself. They share one
base (`InsightsChart`) that does the common part: the empty state, hover and keyboard
highlighting of one item (a day, an hour, a bar), its tooltip, and the accessible description.

Drawing is in logical pixels with antialiasing, so a HiDPI screen only makes it sharper; every
text is measured with the widget's font before it is placed, and elided rather than clipped.
Colours come from the widget's palette (backgrounds, text, grid lines) and from a fixed set of
hues picked for colour-blind readers (Okabe and Ito's), in a darker variant for light themes and
a lighter one for dark themes.

The figures are `fmc_desktop.core.history.insights_oracle.InsightsData`; computing them is the
caller's job (on a worker thread: see `compute_insights`).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTime,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from fmc_desktop.core.history.insights_oracle import (
    HOURS,
    WEEKDAYS,
    DayCounts,
    DepartmentTotal,
    DurationBucket,
    InsightsData,
    PartyCount,
)
from fmc_desktop.core.numbers.phone import display_number
from fmc_desktop.ui.shell.i18n import fill

log = logging.getLogger(__name__)

# Every string here is translated in the context "Insights", written out in each call so that
# lupdate finds it, and so translations survive renaming a class.
_SHORT = QLocale.FormatType.ShortFormat
_LONG = QLocale.FormatType.LongFormat

# --------------------------------------------------------------------------------------- text


class Insights(QObject):
    """The "Insights" context for the texts with a count, which need Ukrainian's three forms.

    lupdate marks a text as plural only in `tr(text, "", n)`: from
    `QCoreApplication.translate(context, text, None, n)` it extracts a plain message, and Qt then
    finds no translation for 2-4 and 5-20 ("13 calls" on a Ukrainian screen). The class's name is
    the context: renaming it loses the translations.
    """

    def calls(self, count: int) -> str:
        return self.tr("%Ln call(s)", "", count)

    def more_departments(self, count: int) -> str:
        return self.tr("and %Ln more department(s)", "", count)


def _calls(count: int) -> str:
    """`count` calls, with the plural form the translation knows.

    Qt fills %Ln in the default locale (the application's). Without a translator it returns the
    source text, so the English plural is made here: an untranslated build reads "1 call".
    """
    text = Insights().calls(count)
    if "call(s)" in text:
        text = text.replace("call(s)", "call" if count == 1 else "calls")
    return text


def _more_departments(count: int) -> str:
    text = Insights().more_departments(count)
    if "department(s)" in text:
        text = text.replace("department(s)", "department" if count == 1 else "departments")
    return text


def _talk_time(seconds: int, locale_number: Callable[[int], str]) -> str:
    """A length of time as people say it: 45 s, 12 min, 5 h 3 min."""
    if seconds < 60:
        return fill(QCoreApplication.translate("Insights", "%1 s"), locale_number(seconds))
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return fill(QCoreApplication.translate("Insights", "%1 min"), locale_number(minutes))
    hours, minutes = divmod(minutes, 60)
    return fill(
        QCoreApplication.translate("Insights", "%1 h %2 min"),
        locale_number(hours),
        locale_number(minutes),
    )


def _percent(locale: QLocale, part: int, whole: int) -> str:
    share = 100.0 * part / whole if whole else 0.0
    return fill(QCoreApplication.translate("Insights", "%1%"), locale.toString(share, "f", 0))


def bucket_label(bucket: DurationBucket) -> str:
    """The name of a duration bucket in the user's language."""
    if bucket is DurationBucket.MISSED:
        return QCoreApplication.translate("Insights", "Missed")
    if bucket is DurationBucket.UNDER_30_S:
        return QCoreApplication.translate("Insights", "Under 30 s")
    if bucket is DurationBucket.UNDER_1_MIN:
        return QCoreApplication.translate("Insights", "30 s – 1 min")
    if bucket is DurationBucket.UNDER_3_MIN:
        return QCoreApplication.translate("Insights", "1–3 min")
    if bucket is DurationBucket.UNDER_10_MIN:
        return QCoreApplication.translate("Insights", "3–10 min")
    if bucket is DurationBucket.UNDER_30_MIN:
        return QCoreApplication.translate("Insights", "10–30 min")
    return QCoreApplication.translate("Insights", "Over 30 min")


def _no_calls() -> str:
    return QCoreApplication.translate("Insights", "No calls in this period")


def shown_number(number: str) -> str:
    """A canonical number as people write it (`067 123 45 67`); anything else as it came."""
    return display_number(number)


_YEAR = re.compile(r"[^dM]*y+[^dM]*")


def day_month_format(locale_format: str) -> str:
    """The locale's short date format without its year: `M/d/yy` -> `M/d`, `dd.MM.yy` -> `dd.MM`.

    Qt has no "day and month" format, and a chart's axis has no room for a year that its title
    or period already gives.
    """
    text = re.sub(r"'[^']*'", "", locale_format)

    def drop(match: re.Match[str]) -> str:
        at_edge = match.start() == 0 or match.end() == len(text)
        return "" if at_edge else match.group(0).replace("y", "").strip() or " "

    result = _YEAR.sub(drop, text).strip()
    return result if "d" in result and "M" in result else "d MMM"


def wrap_label(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """`text` on one line if it fits `width`, else on two lines as even as can be, elided if
    even that does not fit: `Over 30 min` becomes `Over` / `30 min`, not `Over 30` / `min`."""
    if fm.horizontalAdvance(text) <= width:
        return [text]
    words = text.split(" ")
    if len(words) == 1:
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    best = min(
        ((" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))),
        key=lambda pair: max(fm.horizontalAdvance(pair[0]), fm.horizontalAdvance(pair[1])),
    )
    return [fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in best]


# -------------------------------------------------------------------------------------- colours


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    amount = min(1.0, max(0.0, amount))
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
        1.0,
    )


# Okabe & Ito's colour-blind-safe hues: (for light backgrounds, for dark backgrounds).
_HUES = {
    "incoming": ("#0072B2", "#56B4E9"),
    "outgoing": ("#C85A00", "#E69F00"),
    "internal": ("#00875F", "#2FCB9A"),
    "department": ("#A84C88", "#E39AC8"),
}


@dataclass(frozen=True)
class ChartColours:
    """Every colour a chart uses, for one palette."""

    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    empty_cell: QColor
    highlight: QColor
    incoming: QColor
    outgoing: QColor
    internal: QColor
    other: QColor
    department: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> ChartColours:
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = background.lightnessF() < 0.5
        variant = 1 if dark else 0

        def hue(name: str) -> QColor:
            return QColor(_HUES[name][variant])

        return cls(
            background=background,
            text=text,
            muted=mix(text, background, 0.4),
            grid=mix(background, text, 0.13),
            empty_cell=mix(background, text, 0.07),
            highlight=palette.color(QPalette.ColorRole.Highlight),
            incoming=hue("incoming"),
            outgoing=hue("outgoing"),
            internal=hue("internal"),
            other=mix(text, background, 0.5),
            department=hue("department"),
            dark=dark,
        )

    def unanswered(self, colour: QColor) -> QColor:
        """The lighter shade unanswered calls are filled with, under their hatching."""
        return mix(colour, self.background, 0.62)


def _fill_bar(
    painter: QPainter, rect: QRectF, colour: QColor, colours: ChartColours, *, hatched: bool
) -> None:
    """A bar, solid for answered calls; light and hatched (two cues, not colour alone) for
    unanswered ones. The hatching is anchored to the widget, so stacked pieces line up."""
    if rect.width() <= 0 or rect.height() <= 0:
        return
    if not hatched:
        painter.fillRect(rect, colour)
        return
    painter.fillRect(rect, colours.unanswered(colour))
    if rect.width() < 3 or rect.height() < 3:
        return
    painter.save()
    painter.setClipRect(rect)
    pen = QPen(colour, 1.1)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    step = 5.0
    first = math.floor((rect.left() + rect.top()) / step) * step
    c = first
    end = rect.right() + rect.bottom()
    while c <= end + step:
        # The line x + y = c, as "/" from the bottom edge to the top edge.
        painter.drawLine(
            QPointF(c - rect.bottom(), rect.bottom()), QPointF(c - rect.top(), rect.top())
        )
        c += step
    painter.restore()


# ----------------------------------------------------------------------------------- axis ticks


def nice_ticks(maximum: int, count: int = 5) -> list[int]:
    """Round axis values from 0 to at least `maximum`, about `count` steps, whole numbers only."""
    if maximum <= 0:
        return [0, 1]
    count = max(1, count)
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = magnitude * 10
    for factor in (1, 2, 2.5, 5, 10):
        candidate = factor * magnitude
        if candidate >= raw and float(candidate).is_integer():
            step = int(candidate)
            break
    step = max(1, int(step))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


# ---------------------------------------------------------------------------- the chart base


def _smaller(font: QFont) -> QFont:
    """The widget's font, a step smaller: for numbers under names and axis labels."""
    smaller = QFont(font)
    if font.pointSizeF() > 0:
        smaller.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    elif font.pixelSize() > 0:
        smaller.setPixelSize(max(9, round(font.pixelSize() * 0.88)))
    return smaller


@dataclass(frozen=True)
class _LegendEntry:
    label: str
    colour: QColor
    hatched: bool = False


def _legend_height(entries: Sequence[_LegendEntry], width: float, fm: QFontMetricsF) -> float:
    return len(_legend_rows(entries, width, fm)) * (fm.height() + 4)


def _legend_rows(
    entries: Sequence[_LegendEntry], width: float, fm: QFontMetricsF
) -> list[list[tuple[_LegendEntry, float]]]:
    """The entries wrapped into rows that fit `width`, each with the width its text may take."""
    swatch = fm.height() * 0.75
    rows: list[list[tuple[_LegendEntry, float]]] = [[]]
    used = 0.0
    for entry in entries:
        text_width = min(fm.horizontalAdvance(entry.label), max(10.0, width - swatch - 6))
        item = swatch + 5 + text_width
        if rows[-1] and used + 14 + item > width:
            rows.append([])
            used = 0.0
        used += (14 if rows[-1] else 0) + item
        rows[-1].append((entry, text_width))
    return rows


def _draw_legend(
    painter: QPainter,
    entries: Sequence[_LegendEntry],
    top_left: QPointF,
    width: float,
    fm: QFontMetricsF,
    colours: ChartColours,
) -> None:
    swatch = fm.height() * 0.75
    y = top_left.y()
    for row in _legend_rows(entries, width, fm):
        x = top_left.x()
        for entry, text_width in row:
            box = QRectF(x, y + (fm.height() - swatch) / 2, swatch, swatch)
            _fill_bar(painter, box, entry.colour, colours, hatched=entry.hatched)
            painter.setPen(colours.text)
            label = fm.elidedText(entry.label, Qt.TextElideMode.ElideRight, text_width)
            painter.drawText(
                QRectF(x + swatch + 5, y, text_width + 2, fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += swatch + 5 + text_width + 14
        y += fm.height() + 4


class InsightsChart(QWidget):
    """What every chart shares: data or an empty state, one highlighted item, its tooltip.

    A subclass lays itself out in `_layout` (filling `_item_rects`, one hit area per item),
    paints in `_paint`, and describes an item in `item_text`.
    """

    # How far Up and Down move the keyboard's highlight: one item, or a row of a grid.
    row_step = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Never squeezed below the preferred height: the view scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._item_rects: list[QRectF] = []
        self._laid_out = False
        self._hovered: int | None = None
        self._current: int | None = None  # the item chosen from the keyboard

    # --- what subclasses provide

    def is_empty(self) -> bool:
        raise NotImplementedError

    def empty_text(self) -> str:
        return _no_calls()

    def item_text(self, index: int) -> str:
        """The tooltip of item `index`: every figure it stands for, in plain text."""
        raise NotImplementedError

    def summary(self) -> str:
        """One or two sentences for a screen reader: what the chart shows at a glance."""
        raise NotImplementedError

    def name(self) -> str:
        """The chart's accessible name, in the current language."""
        raise NotImplementedError

    def _retranslate(self) -> None:
        """Rebuild whatever text was made from the data when it was set."""
        self.setAccessibleName(self.name())

    def _layout(self, colours: ChartColours) -> None:
        raise NotImplementedError

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        raise NotImplementedError

    # --- shared behaviour

    def colours(self) -> ChartColours:
        return ChartColours.from_palette(self.palette())

    def _data_changed(self) -> None:
        self._hovered = self._current = None
        self._invalidate()
        self.updateGeometry()
        self._describe()

    def _describe(self) -> None:
        description = self.empty_text() if self.is_empty() else self.summary()
        if self._current is not None and self._current < len(self._item_rects):
            description = self.item_text(self._current)
        self.setAccessibleDescription(description)

    def _invalidate(self) -> None:
        self._laid_out = False
        self.update()

    def _ensure_layout(self) -> None:
        if not self._laid_out:
            self._item_rects = []
            if not self.is_empty():
                self._layout(self.colours())
            self._laid_out = True

    def item_count(self) -> int:
        self._ensure_layout()
        return len(self._item_rects)

    def item_rect(self, index: int) -> QRectF:
        self._ensure_layout()
        return QRectF(self._item_rects[index])

    def item_at(self, pos: QPointF) -> int | None:
        """The item under `pos` (widget coordinates), or None."""
        self._ensure_layout()
        for index, rect in enumerate(self._item_rects):
            if rect.contains(pos):
                return index
        return None

    def tooltip_at(self, pos: QPointF) -> str | None:
        index = self.item_at(pos)
        return None if index is None else self.item_text(index)

    def highlighted(self) -> int | None:
        return self._current if self._current is not None else self._hovered

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self.colours()
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(self.font())
            if self.is_empty():
                self._paint_empty(painter, colours)
                return
            self._ensure_layout()
            self._paint(painter, colours)
            if self.hasFocus() and self._current is not None:
                pen = QPen(colours.highlight, 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self._item_rects[self._current].adjusted(0.75, 0.75, -0.75, -0.75))
        finally:
            painter.end()

    def _paint_empty(self, painter: QPainter, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        painter.setPen(colours.muted)
        text = fm.elidedText(self.empty_text(), Qt.TextElideMode.ElideRight, self.width() - 16)
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, text)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(
                    event.globalPos(),
                    self.item_text(index),
                    self,
                    self._item_rects[index].toAlignedRect(),
                )
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.item_at(event.position())
        if index != self._hovered:
            self._hovered = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        count = self.item_count()
        key = event.key()
        moves = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -self.row_step,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: self.row_step,
        }
        if count == 0 or key not in (*moves, Qt.Key.Key_Home, Qt.Key.Key_End):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Home:
            current = 0
        elif key == Qt.Key.Key_End:
            current = count - 1
        elif self._current is None:
            current = 0
        else:
            current = min(count - 1, max(0, self._current + moves[Qt.Key(key)]))
        self.set_current(current)

    def set_current(self, index: int | None) -> None:
        """Highlight item `index` as if chosen from the keyboard, and say what it holds."""
        self._current = index
        self._describe()
        self.update()
        if index is not None and self.isVisible():
            rect = self._item_rects[index]
            QToolTip.showText(
                self.mapToGlobal(rect.center().toPoint()),
                self.item_text(index),
                self,
                rect.toAlignedRect(),
            )

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._current = None
        self._describe()
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._invalidate()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.LocaleChange,
            QEvent.Type.LanguageChange,
            QEvent.Type.StyleChange,
        ):
            if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
                self._retranslate()
            self._invalidate()
            self.updateGeometry()
            self._describe()
        super().changeEvent(event)

    # --- helpers for subclasses

    def _number(self, value: int) -> str:
        return self.locale().toString(value)

    def _percent(self, part: int, whole: int) -> str:
        return _percent(self.locale(), part, whole)

    def _qdate(self, day: date) -> QDate:
        return QDate(day.year, day.month, day.day)

    def _long_date(self, day: date) -> str:
        return self.locale().toString(self._qdate(day), _LONG)


# ---------------------------------------------------------------------------- calls per day


@dataclass(frozen=True)
class _DaySeries:
    field: str
    colour: str  # a ChartColours attribute
    hatched: bool


# Bottom to top: the incoming calls, then the outgoing ones, answered under unanswered.
_DAY_SERIES = (
    _DaySeries("incoming_answered", "incoming", False),
    _DaySeries("incoming_missed", "incoming", True),
    _DaySeries("outgoing_answered", "outgoing", False),
    _DaySeries("outgoing_missed", "outgoing", True),
    _DaySeries("internal", "internal", False),
    _DaySeries("other", "other", False),
)


class DailyCallsChart(InsightsChart):
    """Calls per day: stacked bars, incoming and outgoing, answered solid, unanswered hatched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[DayCounts] = []
        self._plot = QRectF()
        self._ticks: list[int] = [0, 1]
        self._labels: list[tuple[QRectF, str]] = []
        self._bars: list[QRectF] = []
        self.setObjectName("dailyCallsChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls per day")

    def set_days(self, days: Sequence[DayCounts]) -> None:
        self._days = list(days)
        self._data_changed()

    def days(self) -> list[DayCounts]:
        return list(self._days)

    def is_empty(self) -> bool:
        return not any(day.total for day in self._days)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(720, round(fm.height() * 15))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(fm.horizontalAdvance("0000") * 8), round(fm.height() * 10))

    def _legend(self, colours: ChartColours) -> list[_LegendEntry]:
        entries = [
            _LegendEntry(QCoreApplication.translate("Insights", "Incoming"), colours.incoming),
            _LegendEntry(QCoreApplication.translate("Insights", "Outgoing"), colours.outgoing),
        ]
        if any(day.internal for day in self._days):
            entries.append(
                _LegendEntry(QCoreApplication.translate("Insights", "Internal"), colours.internal)
            )
        if any(day.other for day in self._days):
            entries.append(
                _LegendEntry(QCoreApplication.translate("Insights", "Other"), colours.other)
            )
        entries.append(
            _LegendEntry(
                QCoreApplication.translate("Insights", "Unanswered (hatched)"),
                colours.other,
                hatched=True,
            )
        )
        return entries

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(_smaller(self.font()))
        width, height = float(self.width()), float(self.height())
        legend_height = _legend_height(self._legend(colours), width, fm)
        maximum = max(day.total for day in self._days)
        plot_top = legend_height + small.height() / 2 + 4
        plot_bottom = height - small.height() - 6
        wanted_ticks = max(2, int((plot_bottom - plot_top) / (small.height() * 2.2)))
        self._ticks = nice_ticks(maximum, min(6, wanted_ticks))
        axis_width = max(small.horizontalAdvance(self._number(t)) for t in self._ticks)
        self._plot = QRectF(
            axis_width + 8, plot_top, max(1.0, width - axis_width - 10), plot_bottom - plot_top
        )
        plot = self._plot
        count = len(self._days)
        slot = plot.width() / count
        bar_width = max(1.0, min(slot * 0.72, slot - 1 if slot > 3 else slot, 48.0))
        self._bars = []
        self._item_rects = []
        for index in range(count):
            left = round(plot.left() + index * slot + (slot - bar_width) / 2)
            self._bars.append(QRectF(left, plot.top(), max(1, round(bar_width)), plot.height()))
            self._item_rects.append(
                QRectF(plot.left() + index * slot, plot.top(), slot, plot.height())
            )
        self._layout_day_labels(small, slot)

    def _layout_day_labels(self, small: QFontMetricsF, slot: float) -> None:
        """Dates under the bars, as many as fit without touching, on a regular step."""
        locale = self.locale()
        if locale.language() == QLocale.Language.C:  # its `d MM yyyy` gives "1 10"
            pattern = "d MMM"
        else:
            pattern = day_month_format(locale.dateFormat(_SHORT))
        texts = [self.locale().toString(self._qdate(day.day), pattern) for day in self._days]
        widest = max(small.horizontalAdvance(t) for t in texts) + 10
        step = next((s for s in (1, 2, 3, 7, 14, 28, 56, 91, 182, 364) if s * slot >= widest), 0)
        if step == 0:
            step = math.ceil(widest / slot)
        first = 0
        if step in (7, 14, 28):  # weekly labels fall on Mondays
            first = next((i for i, d in enumerate(self._days) if d.day.weekday() == 0), 0)
        self._labels = []
        y = self._plot.bottom() + 4
        free_from = 0.0  # where the next label may start
        for index in range(first, len(self._days), step):
            text = texts[index]
            text_width = small.horizontalAdvance(text) + 2
            centre = self._plot.left() + (index + 0.5) * slot
            # Kept inside the widget: the first and last labels may not be centred, and one
            # pushed against the edge may then have no room left beside its neighbour.
            left = min(max(0.0, centre - text_width / 2), self.width() - text_width)
            if left < free_from:
                continue
            self._labels.append((QRectF(left, y, text_width, small.height()), text))
            free_from = left + text_width + 4

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small_font = _smaller(self.font())
        small = QFontMetricsF(small_font)
        plot = self._plot
        _draw_legend(painter, self._legend(colours), QPointF(0, 0), self.width(), fm, colours)

        top = self._ticks[-1]
        painter.setFont(small_font)
        for tick in self._ticks:
            y = round(plot.bottom() - plot.height() * tick / top) + 0.5
            painter.setPen(QPen(colours.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colours.muted)
            painter.drawText(
                QRectF(0, y - small.height() / 2, plot.left() - 6, small.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._number(tick),
            )

        highlighted = self.highlighted()
        if highlighted is not None:
            band = QColor(colours.highlight)
            band.setAlphaF(0.16)
            painter.fillRect(self._item_rects[highlighted], band)

        # Unsmoothed: bar edges sit on whole pixels and read crisper without antialiasing.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for day, bar in zip(self._days, self._bars, strict=True):
            running = 0
            for series in _DAY_SERIES:
                value = int(getattr(day, series.field))
                if not value:
                    continue
                low = round(plot.bottom() - plot.height() * running / top)
                running += value
                high = round(plot.bottom() - plot.height() * running / top)
                piece = QRectF(bar.left(), high, bar.width(), max(1, low - high))
                _fill_bar(
                    painter, piece, getattr(colours, series.colour), colours, hatched=series.hatched
                )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        painter.setPen(QPen(colours.muted, 1))
        painter.drawLine(
            QPointF(plot.left(), round(plot.bottom()) + 0.5),
            QPointF(plot.right(), round(plot.bottom()) + 0.5),
        )
        painter.setPen(colours.muted)
        for rect, text in self._labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def item_text(self, index: int) -> str:
        day = self._days[index]

        number = self._number
        lines = [
            self._long_date(day.day),
            fill(
                QCoreApplication.translate("Insights", "Incoming: %1 answered, %2 unanswered"),
                number(day.incoming_answered),
                number(day.incoming_missed),
            ),
            fill(
                QCoreApplication.translate("Insights", "Outgoing: %1 answered, %2 unanswered"),
                number(day.outgoing_answered),
                number(day.outgoing_missed),
            ),
        ]
        if day.internal:
            lines.append(
                fill(
                    QCoreApplication.translate("Insights", "Internal: %1"),
                    self._number(day.internal),
                )
            )
        if day.other:
            lines.append(
                fill(QCoreApplication.translate("Insights", "Other: %1"), self._number(day.other))
            )
        lines.append(fill(QCoreApplication.translate("Insights", "Total: %1"), _calls(day.total)))
        return "\n".join(lines)

    def summary(self) -> str:
        total = sum(day.total for day in self._days)
        busiest = max(self._days, key=lambda day: day.total)
        return fill(
            QCoreApplication.translate(
                "Insights", "%1 over %2 days. The busiest day was %3, with %4."
            ),
            _calls(total),
            self._number(len(self._days)),
            self._long_date(busiest.day),
            _calls(busiest.total),
        )


# --------------------------------------------------------------------------- hour of the week


class HourOfWeekChart(InsightsChart):
    """A heat map of calls by hour of the day (columns) and day of the week (rows), Kyiv time."""

    LEGEND_STEPS = 6
    row_step = HOURS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: list[list[int]] = [[0] * HOURS for _ in range(WEEKDAYS)]
        self._day_labels: list[tuple[QRectF, str]] = []
        self._hour_labels: list[tuple[QRectF, str]] = []
        self._legend_boxes: list[QRectF] = []
        self._legend_texts: list[tuple[QRectF, str]] = []
        self.setObjectName("hourOfWeekChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls by hour of day and day of week")

    def set_grid(self, grid: Sequence[Sequence[int]]) -> None:
        if len(grid) != WEEKDAYS or any(len(row) != HOURS for row in grid):
            raise ValueError("the hour-of-week grid is 7 rows of 24 hours")
        self._grid = [list(row) for row in grid]
        self._data_changed()

    def is_empty(self) -> bool:
        return not any(any(row) for row in self._grid)

    def maximum(self) -> int:
        return max(max(row) for row in self._grid)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(self._label_width(fm) + 24 * 20), round(7 * 22 + fm.height() * 3.5))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(round(self._label_width(fm) + 24 * 9), round(7 * 14 + fm.height() * 3.5))

    def _day_name(self, weekday: int) -> str:
        return self.locale().dayName(weekday + 1, _SHORT)

    def _label_width(self, fm: QFontMetricsF) -> float:
        return max(fm.horizontalAdvance(self._day_name(d)) for d in range(WEEKDAYS)) + 8

    def cell_colour(self, value: int, colours: ChartColours) -> QColor:
        maximum = self.maximum()
        if value <= 0 or maximum <= 0:
            return colours.empty_cell
        # A square root spreads the many quiet hours apart from the empty ones.
        share = math.sqrt(value / maximum)
        return mix(colours.empty_cell, colours.incoming, 0.15 + 0.85 * share)

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(_smaller(self.font()))
        label_width = self._label_width(fm)
        legend_height = small.height() + 8
        hours_height = small.height() + 4
        available = self.height() - legend_height - hours_height - 4
        cell_width = (self.width() - label_width - 2) / HOURS
        cell_height = min(max(8.0, available / WEEKDAYS), max(cell_width, fm.height() * 1.6))
        left = label_width
        self._item_rects = []
        self._day_labels = []
        for weekday in range(WEEKDAYS):
            y = weekday * cell_height
            self._day_labels.append(
                (QRectF(0, y, label_width - 6, cell_height), self._day_name(weekday))
            )
            for hour in range(HOURS):
                self._item_rects.append(
                    QRectF(left + hour * cell_width, y, cell_width, cell_height)
                )
        grid_bottom = WEEKDAYS * cell_height
        label = small.horizontalAdvance("00") + 6
        step = next((s for s in (1, 2, 3, 4, 6, 12) if s * cell_width >= label), 12)
        self._hour_labels = []
        for hour in range(0, HOURS, step):
            x = left + hour * cell_width
            self._hour_labels.append(
                (QRectF(x, grid_bottom + 2, cell_width * step, small.height()), f"{hour:02d}")
            )
        # Legend: "0 [] [] [] [] [] [] max calls an hour", under the grid, right-aligned.
        y = grid_bottom + hours_height + 6
        box = small.height() * 0.85
        low_text = self._number(0)
        high_text = _calls(self.maximum())
        low_width = small.horizontalAdvance(low_text) + 2
        high_width = small.horizontalAdvance(high_text) + 2
        total = low_width + 6 + self.LEGEND_STEPS * (box + 2) + 4 + high_width
        x = max(left, self.width() - total - 2)
        self._legend_texts = [(QRectF(x, y, low_width, small.height()), low_text)]
        x += low_width + 6
        self._legend_boxes = []
        for _ in range(self.LEGEND_STEPS):
            self._legend_boxes.append(QRectF(x, y + (small.height() - box) / 2, box, box))
            x += box + 2
        self._legend_texts.append((QRectF(x + 4, y, high_width, small.height()), high_text))

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        small_font = _smaller(self.font())
        painter.setPen(colours.text)
        for rect, text in self._day_labels:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
        maximum = self.maximum()
        gap = 1.0 if self._item_rects[0].width() < 12 else 2.0
        painter.setPen(Qt.PenStyle.NoPen)
        for index, rect in enumerate(self._item_rects):
            value = self._grid[index // HOURS][index % HOURS]
            painter.setBrush(self.cell_colour(value, colours))
            painter.drawRoundedRect(rect.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2), 2, 2)
        highlighted = self.highlighted()
        if highlighted is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colours.text, 1.5))
            painter.drawRoundedRect(
                self._item_rects[highlighted].adjusted(0.5, 0.5, -0.5, -0.5), 2, 2
            )
        painter.setFont(small_font)
        painter.setPen(colours.muted)
        for rect, text in self._hour_labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        for rect, text in self._legend_texts:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(Qt.PenStyle.NoPen)
        for step, rect in enumerate(self._legend_boxes):
            value = round(maximum * ((step + 1) / self.LEGEND_STEPS) ** 2)
            painter.setBrush(self.cell_colour(value if step else 0, colours))
            painter.drawRoundedRect(rect, 2, 2)

    def _hour_range(self, hour: int) -> str:
        locale = self.locale()
        start = locale.toString(QTime(hour, 0), _SHORT)
        end = locale.toString(QTime((hour + 1) % HOURS, 0), _SHORT)
        return f"{start}–{end}"

    def item_text(self, index: int) -> str:
        weekday, hour = divmod(index, HOURS)
        return fill(
            QCoreApplication.translate("Insights", "%1, %2: %3"),
            self.locale().dayName(weekday + 1, _LONG),
            self._hour_range(hour),
            _calls(self._grid[weekday][hour]),
        )

    def summary(self) -> str:
        weekday, hour = max(
            ((d, h) for d in range(WEEKDAYS) for h in range(HOURS)),
            key=lambda cell: self._grid[cell[0]][cell[1]],
        )
        return fill(
            QCoreApplication.translate("Insights", "The busiest hour is %1 %2, with %3."),
            self.locale().dayName(weekday + 1, _LONG),
            self._hour_range(hour),
            _calls(self._grid[weekday][hour]),
        )


# --------------------------------------------------------------------------------- durations


class DurationChart(InsightsChart):
    """How long calls lasted: one bar per bucket, unanswered calls hatched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buckets: list[tuple[DurationBucket, int]] = [(b, 0) for b in DurationBucket]
        self._bars: list[QRectF] = []
        self._values: list[tuple[QRectF, str]] = []
        self._labels: list[tuple[QRectF, str]] = []
        self._baseline = 0.0
        self.setObjectName("durationChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Call durations")

    def set_buckets(self, buckets: Sequence[tuple[DurationBucket, int]]) -> None:
        self._buckets = list(buckets)
        self._data_changed()

    def is_empty(self) -> bool:
        return not any(count for _, count in self._buckets)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(420, round(fm.height() * 12))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(
            round(len(self._buckets) * fm.horizontalAdvance("0000") * 1.2), round(fm.height() * 9)
        )

    def _layout(self, colours: ChartColours) -> None:
        small = QFontMetricsF(_smaller(self.font()))
        count = len(self._buckets)
        slot = self.width() / count
        labels_height = small.height() * 2 + 4
        self._baseline = round(self.height() - labels_height - 4) + 0.5
        top = small.height() + 4
        maximum = max(value for _, value in self._buckets)
        bar_width = max(2.0, min(slot * 0.62, 64.0))
        self._bars, self._values, self._labels, self._item_rects = [], [], [], []
        for index, (bucket, value) in enumerate(self._buckets):
            left = round(index * slot + (slot - bar_width) / 2)
            height = (self._baseline - top) * value / maximum if maximum else 0
            if value and height < 1:
                height = 1
            bar = QRectF(left, round(self._baseline - height), round(bar_width), round(height))
            self._bars.append(bar)
            self._item_rects.append(QRectF(index * slot, 0, slot, self.height()))
            text = self._number(value)
            text_width = small.horizontalAdvance(text) + 2
            self._values.append(
                (
                    QRectF(
                        index * slot + (slot - text_width) / 2,
                        bar.top() - small.height() - 2,
                        text_width,
                        small.height(),
                    ),
                    text,
                )
            )
            label = "\n".join(wrap_label(bucket_label(bucket), small, slot - 4))
            self._labels.append(
                (QRectF(index * slot + 2, self._baseline + 4, slot - 4, labels_height), label)
            )
        # All the numbers over the bars or none: when one does not fit, the tooltips have them.
        if any(rect.width() > slot - 2 for rect, _ in self._values):
            self._values = []

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        highlighted = self.highlighted()
        if highlighted is not None:
            band = QColor(colours.highlight)
            band.setAlphaF(0.16)
            painter.fillRect(self._item_rects[highlighted], band)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for (bucket, _), bar in zip(self._buckets, self._bars, strict=True):
            missed = bucket is DurationBucket.MISSED
            _fill_bar(
                painter, bar, colours.other if missed else colours.internal, colours, hatched=missed
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colours.muted, 1))
        painter.drawLine(QPointF(0, self._baseline), QPointF(self.width(), self._baseline))
        painter.setFont(_smaller(self.font()))
        painter.setPen(colours.text)
        for rect, text in self._values:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(colours.muted)
        for rect, text in self._labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def item_text(self, index: int) -> str:
        bucket, value = self._buckets[index]
        total = sum(count for _, count in self._buckets)
        return fill(
            QCoreApplication.translate("Insights", "%1: %2 (%3 of all calls)"),
            bucket_label(bucket),
            _calls(value),
            self._percent(value, total),
        )

    def summary(self) -> str:
        answered = [(b, v) for b, v in self._buckets if b is not DurationBucket.MISSED]
        total = sum(v for _, v in self._buckets)
        missed = total - sum(v for _, v in answered)
        bucket, value = max(answered, key=lambda item: item[1], default=(DurationBucket.MISSED, 0))
        return fill(
            QCoreApplication.translate(
                "Insights", "Most answered calls lasted %1 (%2). Unanswered: %3."
            ),
            bucket_label(bucket),
            _calls(value),
            _calls(missed),
        )


# ------------------------------------------------------------------------- horizontal bars


@dataclass(frozen=True)
class _Row:
    title: str  # a name, or the number when there is no name
    subtitle: str | None  # the number under a name
    value: int  # the bar's length
    missed: int  # the hatched part of the bar, at its end
    figures: tuple[str, ...]  # the text after the bar, longest first: the first that fits wins
    tooltip: str


class _BarRowsChart(InsightsChart):
    """Labelled horizontal bars, one per row, the biggest first."""

    MAX_ROWS = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._hidden_rows = 0
        self._placed: list[tuple[QRectF, QRectF, QRectF, str, str | None, str]] = []
        self._more: QRectF | None = None

    def bar_colour(self, colours: ChartColours) -> QColor:
        raise NotImplementedError

    def legend(self, colours: ChartColours) -> list[_LegendEntry]:
        return []

    def more_text(self, hidden: int) -> str:
        """What the line under the last bar says when `hidden` rows did not fit."""
        return _more_departments(hidden)

    def _set_rows(self, rows: Sequence[_Row]) -> None:
        self._rows = list(rows[: self.MAX_ROWS])
        self._hidden_rows = max(0, len(rows) - self.MAX_ROWS)
        self._data_changed()

    def rows(self) -> list[_Row]:
        return list(self._rows)

    def is_empty(self) -> bool:
        return not self._rows

    def _row_height(self) -> float:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(_smaller(self.font()))
        two_lines = any(row.subtitle for row in self._rows)
        return (fm.height() + small.height() if two_lines else fm.height()) + 10

    def _shown_rows(self) -> int:
        return max(len(self._rows), 3) + (1 if self._hidden_rows else 0)

    def _legend_space(self) -> float:
        if not self.legend(self.colours()):
            return 0.0
        return QFontMetricsF(self.font()).height() + 10

    def sizeHint(self) -> QSize:
        height = self._legend_space() + self._shown_rows() * self._row_height()
        return QSize(420, math.ceil(height))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        height = self._legend_space() + self._shown_rows() * self._row_height()
        return QSize(round(fm.horizontalAdvance("0") * 34), math.ceil(height))

    def _layout(self, colours: ChartColours) -> None:
        fm = QFontMetricsF(self.font())
        small = QFontMetricsF(_smaller(self.font()))
        width = float(self.width())
        row_height = self._row_height()
        widest_label = max(
            max(fm.horizontalAdvance(r.title), small.horizontalAdvance(r.subtitle or ""))
            for r in self._rows
        )
        label_width = min(widest_label + 4, max(60.0, width * 0.42))
        # The longest figures that leave the bars a quarter of the width; the tooltip has them all.
        choice = len(self._rows[0].figures) - 1
        for choice in range(len(self._rows[0].figures)):
            widest_figure = max(small.horizontalAdvance(r.figures[choice]) for r in self._rows)
            if width - label_width - 18 - widest_figure >= width / 4:
                break
        widest_figure = max(small.horizontalAdvance(r.figures[choice]) for r in self._rows)
        figure_width = widest_figure + 4
        bar_left = label_width + 10
        bar_space = max(4.0, width - bar_left - figure_width - 8)
        maximum = max(r.value for r in self._rows) or 1
        legend = self.legend(colours)
        first_top = _legend_height(legend, width, fm) + 6 if legend else 0.0
        self._placed = []
        self._item_rects = []
        for index, row in enumerate(self._rows):
            top = first_top + index * row_height
            self._item_rects.append(QRectF(0, top, width, row_height))
            bar_length = max(2.0, bar_space * row.value / maximum)
            bar_height = max(6.0, min(row_height * 0.45, fm.height()))
            bar = QRectF(bar_left, top + (row_height - bar_height) / 2, bar_length, bar_height)
            figure_rect = QRectF(bar.right() + 6, top, figure_width, row_height)
            label_rect = QRectF(0, top, label_width, row_height)
            title = fm.elidedText(row.title, Qt.TextElideMode.ElideRight, label_width)
            subtitle = (
                small.elidedText(row.subtitle, Qt.TextElideMode.ElideMiddle, label_width)
                if row.subtitle
                else None
            )
            figure = row.figures[choice]
            self._placed.append((label_rect, bar, figure_rect, title, subtitle, figure))
        self._more = (
            QRectF(0, first_top + len(self._rows) * row_height, width, row_height)
            if self._hidden_rows
            else None
        )

    def _paint(self, painter: QPainter, colours: ChartColours) -> None:
        font = self.font()
        small_font = _smaller(font)
        fm = QFontMetricsF(font)
        small = QFontMetricsF(small_font)
        highlighted = self.highlighted()
        colour = self.bar_colour(colours)
        legend = self.legend(colours)
        if legend:
            _draw_legend(painter, legend, QPointF(0, 0), self.width(), fm, colours)
        for index, (row, placed) in enumerate(zip(self._rows, self._placed, strict=True)):
            label_rect, bar, figure_rect, title, subtitle, figure = placed
            if index == highlighted:
                band = QColor(colours.highlight)
                band.setAlphaF(0.16)
                painter.fillRect(self._item_rects[index], band)
            painter.setFont(font)
            painter.setPen(colours.text)
            if subtitle:
                block = fm.height() + small.height()
                top = label_rect.top() + (label_rect.height() - block) / 2
                painter.drawText(
                    QRectF(label_rect.left(), top, label_rect.width(), fm.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    title,
                )
                painter.setFont(small_font)
                painter.setPen(colours.muted)
                painter.drawText(
                    QRectF(
                        label_rect.left(), top + fm.height(), label_rect.width(), small.height()
                    ),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    subtitle,
                )
            else:
                painter.drawText(
                    label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
                )
            self._paint_bar(painter, bar, row, colour, colours)
            painter.setFont(small_font)
            painter.setPen(colours.text)
            painter.drawText(
                figure_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, figure
            )
        if self._more is not None:
            painter.setFont(small_font)
            painter.setPen(colours.muted)
            painter.drawText(
                self._more,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small.elidedText(
                    self.more_text(self._hidden_rows),
                    Qt.TextElideMode.ElideRight,
                    self._more.width(),
                ),
            )

    @staticmethod
    def _paint_bar(
        painter: QPainter, bar: QRectF, row: _Row, colour: QColor, colours: ChartColours
    ) -> None:
        path = QPainterPath()
        radius = min(3.0, bar.height() / 3)
        path.addRoundedRect(bar, radius, radius)
        painter.save()
        painter.setClipPath(path)
        answered_share = (row.value - row.missed) / row.value if row.value else 1.0
        split = bar.left() + bar.width() * answered_share
        _fill_bar(
            painter,
            QRectF(bar.left(), bar.top(), split - bar.left(), bar.height()),
            colour,
            colours,
            hatched=False,
        )
        if row.missed:
            _fill_bar(
                painter,
                QRectF(split, bar.top(), bar.right() - split, bar.height()),
                colour,
                colours,
                hatched=True,
            )
        painter.restore()

    def item_text(self, index: int) -> str:
        return self._rows[index].tooltip


class TopPartiesChart(_BarRowsChart):
    """The people called most (role "called") or calling most (role "calling")."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        if role not in ("called", "calling"):
            raise ValueError("role is 'called' or 'calling'")
        super().__init__(parent)
        self.role = role
        self._parties: list[PartyCount] = []
        self.setObjectName("topCalledChart" if role == "called" else "topCallingChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        if self.role == "called":
            return QCoreApplication.translate("Insights", "Most called numbers")
        return QCoreApplication.translate("Insights", "Most frequent callers")

    def _retranslate(self) -> None:
        super()._retranslate()
        if self._parties:
            self._rows = self._make_rows(self._parties)

    def bar_colour(self, colours: ChartColours) -> QColor:
        return colours.outgoing if self.role == "called" else colours.incoming

    def empty_text(self) -> str:
        if self.role == "called":
            return QCoreApplication.translate("Insights", "No calls made in this period")
        return QCoreApplication.translate("Insights", "No calls received in this period")

    def set_parties(self, parties: Sequence[PartyCount]) -> None:
        self._parties = list(parties)
        self._set_rows(self._make_rows(self._parties))

    def _make_rows(self, parties: Sequence[PartyCount]) -> list[_Row]:
        rows = []
        for party in parties:
            number = shown_number(party.number)
            talk = _talk_time(party.total_seconds, self._number)
            tooltip = "\n".join(
                [
                    *([party.name] if party.name else []),
                    number,
                    fill(
                        QCoreApplication.translate("Insights", "%1, talk time %2"),
                        _calls(party.calls),
                        talk,
                    ),
                ]
            )
            rows.append(
                _Row(
                    title=party.name or number,
                    subtitle=number if party.name else None,
                    value=party.calls,
                    missed=0,
                    figures=(
                        fill(
                            QCoreApplication.translate("Insights", "%1 · %2"),
                            _calls(party.calls),
                            talk,
                        ),
                        _calls(party.calls),
                        self._number(party.calls),
                    ),
                    tooltip=tooltip,
                )
            )
        return rows

    def summary(self) -> str:
        first = self._parties[0]
        who = shown_number(first.number)
        if first.name:
            who = f"{first.name} ({who})"
        return fill(
            QCoreApplication.translate("Insights", "First: %1, %2."), who, _calls(first.calls)
        )


class DepartmentsChart(_BarRowsChart):
    """Calls per department: answered solid, unanswered hatched, with the talk time."""

    MAX_ROWS = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._departments: list[DepartmentTotal] = []
        self.setObjectName("departmentsChart")
        self._retranslate()
        self._describe()

    def name(self) -> str:
        return QCoreApplication.translate("Insights", "Calls per department")

    def _retranslate(self) -> None:
        super()._retranslate()
        if self._departments:
            self._rows = self._make_rows(self._departments)[: self.MAX_ROWS]

    def bar_colour(self, colours: ChartColours) -> QColor:
        return colours.department

    def legend(self, colours: ChartColours) -> list[_LegendEntry]:
        return [
            _LegendEntry(QCoreApplication.translate("Insights", "Answered"), colours.department),
            _LegendEntry(
                QCoreApplication.translate("Insights", "Unanswered (hatched)"),
                colours.department,
                hatched=True,
            ),
        ]

    def empty_text(self) -> str:
        return QCoreApplication.translate("Insights", "No departments in these calls")

    def set_departments(self, departments: Sequence[DepartmentTotal]) -> None:
        self._departments = list(departments)
        self._set_rows(self._make_rows(self._departments))

    def _make_rows(self, departments: Sequence[DepartmentTotal]) -> list[_Row]:
        rows = []
        for item in departments:
            talk = _talk_time(item.total_seconds, self._number)
            tooltip = "\n".join(
                [
                    item.department,
                    fill(
                        QCoreApplication.translate("Insights", "%1: %2 answered, %3 unanswered"),
                        _calls(item.calls),
                        self._number(item.calls - item.missed),
                        self._number(item.missed),
                    ),
                    fill(QCoreApplication.translate("Insights", "Talk time: %1"), talk),
                ]
            )
            rows.append(
                _Row(
                    title=item.department,
                    subtitle=None,
                    value=item.calls,
                    missed=item.missed,
                    figures=(
                        fill(
                            QCoreApplication.translate("Insights", "%1 · %2"),
                            _calls(item.calls),
                            talk,
                        ),
                        _calls(item.calls),
                        self._number(item.calls),
                    ),
                    tooltip=tooltip,
                )
            )
        return rows

    def summary(self) -> str:
        first = self._departments[0]
        return fill(
            QCoreApplication.translate("Insights", "%1 departments. The busiest is %2, with %3."),
            self._number(len(self._departments)),
            first.department,
            _calls(first.calls),
        )


# ------------------------------------------------------------------------------- the view


class _Card(QFrame):
    """A titled panel around one chart, drawn in the palette's Base colour."""

    def __init__(
        self, title: Callable[[], str], content: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._title_text = title
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setBuddy(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(content, 1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title.setText(self._title_text())
        self.setAccessibleName(self.title.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = ChartColours.from_palette(self.palette())
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(mix(colours.background, colours.text, 0.14), 1))
            painter.setBrush(colours.background)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        finally:
            painter.end()


class _Figure(QWidget):
    """One headline number with its caption, as two labels a screen reader can read."""

    def __init__(self, caption: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption_text = caption
        self.value = QLabel("–", self)
        font = QFont(self.value.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.45)
        self.value.setFont(font)
        self.caption = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        for label in (self.value, self.caption):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._retranslate()
        self._mute_caption()

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.setAccessibleDescription(text)

    def _retranslate(self) -> None:
        self.caption.setText(self._caption_text())
        self.setAccessibleName(self.caption.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._mute_caption()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _mute_caption(self) -> None:
        colours = ChartColours.from_palette(self.palette())
        palette = self.caption.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colours.muted)
        self.caption.setPalette(palette)


class InsightsView(QWidget):
    """The Insights tab: headline figures and five charts of the calls the filter selects.

    Give it figures with `set_data`; it keeps no calls of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightsView")
        self.setAccessibleName(QCoreApplication.translate("Insights", "Insights"))
        self._data = InsightsData.empty()

        self.daily = DailyCallsChart()
        self.hours = HourOfWeekChart()
        self.durations = DurationChart()
        self.top_called = TopPartiesChart("called")
        self.top_calling = TopPartiesChart("calling")
        self.departments = DepartmentsChart()

        self.total_figure = _Figure(lambda: QCoreApplication.translate("Insights", "Calls"))
        self.answered_figure = _Figure(lambda: QCoreApplication.translate("Insights", "Answered"))
        self.talk_figure = _Figure(lambda: QCoreApplication.translate("Insights", "Talk time"))
        self.missed_figure = _Figure(
            lambda: QCoreApplication.translate("Insights", "Unanswered incoming")
        )
        figures = QWidget()
        figures_layout = QHBoxLayout(figures)
        figures_layout.setContentsMargins(4, 0, 4, 0)
        figures_layout.setSpacing(32)
        for figure in self.figures():
            figures_layout.addWidget(figure)
        figures_layout.addStretch(1)

        self.cards = [
            _Card(lambda: QCoreApplication.translate("Insights", "Calls per day"), self.daily),
            _Card(
                lambda: QCoreApplication.translate("Insights", "Busiest hours (Kyiv time)"),
                self.hours,
            ),
            _Card(lambda: QCoreApplication.translate("Insights", "Call durations"), self.durations),
            _Card(
                lambda: QCoreApplication.translate("Insights", "Most called numbers"),
                self.top_called,
            ),
            _Card(
                lambda: QCoreApplication.translate("Insights", "Most frequent callers"),
                self.top_calling,
            ),
            _Card(lambda: QCoreApplication.translate("Insights", "Departments"), self.departments),
        ]
        content = QWidget()
        content.setObjectName("insightsContent")
        self._figures_row = figures
        self._grid = QGridLayout(content)
        self._grid.setContentsMargins(16, 16, 16, 16)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(14)
        self._columns = 0
        self._arrange(2)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.set_data(self._data)

    def columns(self) -> int:
        """How many cards stand side by side: two, or one in a narrow window."""
        return self._columns

    def _arrange(self, columns: int) -> None:
        """Place the cards in `columns` columns; the wide charts always take a whole row."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._grid
        for widget in [self._figures_row, *self.cards]:
            grid.removeWidget(widget)
        grid.addWidget(self._figures_row, 0, 0, 1, columns)
        grid.addWidget(self.cards[0], 1, 0, 1, columns)
        row = 2
        for index, card in enumerate(self.cards[1:5]):
            if columns == 2:
                grid.addWidget(card, row + index // 2, index % 2)
            else:
                grid.addWidget(card, row + index, 0)
        row += 2 if columns == 2 else 4
        grid.addWidget(self.cards[5], row, 0, 1, columns)
        for column in range(2):
            grid.setColumnStretch(column, 1 if column < columns else 0)
        for stretch_row in range(8):
            grid.setRowStretch(stretch_row, 1 if stretch_row == row + 1 else 0)

    def _wide_enough_for_two(self) -> bool:
        # Two cards side by side need room for a name, a bar and its figures each.
        return self.width() >= self.fontMetrics().averageCharWidth() * 140

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(2 if self._wide_enough_for_two() else 1)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
            self.setAccessibleName(QCoreApplication.translate("Insights", "Insights"))
            self._show_figures()
        elif event.type() == QEvent.Type.FontChange:
            self._arrange(2 if self._wide_enough_for_two() else 1)
        super().changeEvent(event)

    def figures(self) -> list[_Figure]:
        return [self.total_figure, self.answered_figure, self.talk_figure, self.missed_figure]

    def charts(self) -> list[InsightsChart]:
        return [
            self.daily,
            self.hours,
            self.durations,
            self.top_called,
            self.top_calling,
            self.departments,
        ]

    def data(self) -> InsightsData:
        return self._data

    def set_data(self, data: InsightsData) -> None:
        """Show `data`; cheap enough to call on every change of the filter."""
        self._data = data
        self.daily.set_days(data.per_day)
        self.hours.set_grid(data.hour_of_week)
        self.durations.set_buckets(data.duration_buckets)
        self.top_called.set_parties(data.top_called)
        self.top_calling.set_parties(data.top_calling)
        self.departments.set_departments(data.departments)
        self._show_figures()

    def _show_figures(self) -> None:
        data = self._data
        locale = self.locale()
        empty = data.total == 0
        self.total_figure.set_value(locale.toString(data.total))
        self.answered_figure.set_value(
            "–"
            if empty
            else f"{locale.toString(data.answered)} ({_percent(locale, data.answered, data.total)})"
        )
        self.talk_figure.set_value(
            "–" if empty else _talk_time(data.total_seconds, locale.toString)
        )
        self.missed_figure.set_value(locale.toString(data.incoming_missed))

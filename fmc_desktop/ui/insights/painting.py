"""The colours and drawing the charts share: palette colours, hatched bars, legends, axis ticks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen

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
    """Every colour a chart uses, for one palette.

    Backgrounds, text and grid lines come from the widget's palette; the series from a fixed set
    of hues picked for colour-blind readers (Okabe and Ito's), in a darker variant for light
    themes and a lighter one for dark themes.
    """

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


def fill_bar(
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


# ------------------------------------------------------------------------ fonts and legends


def smaller_font(font: QFont) -> QFont:
    """The widget's font, a step smaller: for numbers under names and axis labels."""
    smaller = QFont(font)
    if font.pointSizeF() > 0:
        smaller.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    elif font.pixelSize() > 0:
        smaller.setPixelSize(max(9, round(font.pixelSize() * 0.88)))
    return smaller


@dataclass(frozen=True)
class LegendEntry:
    """One entry of a chart's legend: a swatch and its label."""

    label: str
    colour: QColor
    hatched: bool = False


def legend_height(entries: Sequence[LegendEntry], width: float, fm: QFontMetricsF) -> float:
    return len(_legend_rows(entries, width, fm)) * (fm.height() + 4)


def _legend_rows(
    entries: Sequence[LegendEntry], width: float, fm: QFontMetricsF
) -> list[list[tuple[LegendEntry, float]]]:
    """The entries wrapped into rows that fit `width`, each with the width its text may take."""
    swatch = fm.height() * 0.75
    rows: list[list[tuple[LegendEntry, float]]] = [[]]
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


def draw_legend(
    painter: QPainter,
    entries: Sequence[LegendEntry],
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
            fill_bar(painter, box, entry.colour, colours, hatched=entry.hatched)
            painter.setPen(colours.text)
            label = fm.elidedText(entry.label, Qt.TextElideMode.ElideRight, text_width)
            painter.drawText(
                QRectF(x + swatch + 5, y, text_width + 2, fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += swatch + 5 + text_width + 14
        y += fm.height() + 4

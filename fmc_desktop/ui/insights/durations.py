"""The "Call durations" chart: how many calls lasted how long, unanswered ones hatched."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from fmc_desktop.core.history.insights_oracle import DurationBucket
from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.painting import ChartColours, fill_bar, smaller_font
from fmc_desktop.ui.insights.wording import calls_text, wrap_label
from fmc_desktop.ui.shell.i18n import fill


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
        small = QFontMetricsF(smaller_font(self.font()))
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
        self._shade_highlighted(painter, colours)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for (bucket, _), bar in zip(self._buckets, self._bars, strict=True):
            missed = bucket is DurationBucket.MISSED
            fill_bar(
                painter, bar, colours.other if missed else colours.internal, colours, hatched=missed
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colours.muted, 1))
        painter.drawLine(QPointF(0, self._baseline), QPointF(self.width(), self._baseline))
        painter.setFont(smaller_font(self.font()))
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
            calls_text(value),
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
            calls_text(value),
            calls_text(missed),
        )

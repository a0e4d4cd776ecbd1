"""The Insights view, rendered offscreen: every chart, empty, small and large, light and dark."""

from __future__ import annotations

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QPoint, QPointF, Qt, QTranslator
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.history.insights_oracle import (
    DayCounts,
    DepartmentTotal,
    DurationBucket,
    InsightsData,
    PartyCount,
    compute_insights,
)
from fmc_desktop.ui.insights.chart import InsightsChart
from fmc_desktop.ui.insights.painting import ChartColours, nice_ticks
from fmc_desktop.ui.insights.view import InsightsView
from fmc_desktop.ui.insights.wording import day_month_format, wrap_label

LONG_DEPARTMENT = "Відділ роботи з ключовими клієнтами"
LONGER_DEPARTMENT = (
    "Департамент з питань стратегічного розвитку, інвестицій та партнерських програм"
)
LONG_NAME = "Іван Петренко-Заболотний, головний бухгалтер ТОВ «Київські вікна та двері»"
OWN = [f"067{1000000 + n:07d}" for n in range(8)]


# ----------------------------------------------------------------------------------- the data


def small_calls() -> list[CallRecord]:
    """Three weeks of a small office's calls, with names and departments."""
    rng = random.Random(7)
    clients = [f"050{2000000 + n:07d}" for n in range(40)]
    names = {n: rng.choice(["Олена Коваленко", "Andriy Shevchenko", LONG_NAME]) for n in clients}
    departments = ["Sales", "Support", LONG_DEPARTMENT]
    start = datetime(2024, 10, 14, tzinfo=KYIV)
    calls = []
    for _ in range(400):
        day = start + timedelta(days=rng.randrange(21))
        begin = day.replace(hour=rng.randrange(8, 19), minute=rng.randrange(60))
        duration = 0 if rng.random() < 0.25 else int(rng.expovariate(1 / 150))
        mine, other = rng.choice(OWN), rng.choice(clients[: rng.randrange(1, 40)])
        department = departments[OWN.index(mine) % 3]
        outgoing = rng.random() < 0.5
        calls.append(
            CallRecord(
                begin,
                begin + timedelta(seconds=duration),
                mine if outgoing else other,
                other if outgoing else mine,
                duration,
                calling_name=None if outgoing else names[other],
                called_name=names[other] if outgoing else None,
                calling_department=department if outgoing else None,
                called_department=None if outgoing else department,
            )
        )
    return calls


def small_data() -> InsightsData:
    return compute_insights(small_calls(), mine=OWN, days=(date(2024, 10, 14), date(2024, 11, 3)))


def large_data() -> InsightsData:
    """A year of a big company: large counts, long names, more departments than fit."""
    rng = random.Random(11)
    first = date(2024, 1, 1)
    per_day = []
    for n in range(366):
        base = 4000 if (first + timedelta(days=n)).weekday() < 5 else 600
        per_day.append(
            DayCounts(
                first + timedelta(days=n),
                incoming_answered=rng.randrange(base),
                incoming_missed=rng.randrange(base // 4),
                outgoing_answered=rng.randrange(base),
                outgoing_missed=rng.randrange(base // 5),
                internal=rng.randrange(base // 3),
            )
        )
    grid = [
        [rng.randrange(90_000) if 8 <= h <= 19 else rng.randrange(900) for h in range(24)]
        for _ in range(7)
    ]
    buckets = [(bucket, rng.randrange(1_200_000)) for bucket in DurationBucket]
    people = [
        PartyCount(f"+38050{3000000 + n:07d}", LONG_NAME if n % 2 else None, 90_000 - n, 10**7)
        for n in range(10)
    ]
    departments = [
        DepartmentTotal(
            LONGER_DEPARTMENT if n == 1 else f"{LONG_DEPARTMENT} №{n}",
            500_000 - n * 9000,
            10**8,
            50_000,
        )
        for n in range(40)
    ]
    total = sum(d.total for d in per_day)
    return InsightsData(
        per_day, grid, buckets, people, people[::-1], departments, total, total // 2, 10**9
    )


DATA = {"empty": InsightsData.empty, "small": small_data, "large": large_data}


# ----------------------------------------------------------------------------------- helpers


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2a2b2e",
        QPalette.ColorRole.AlternateBase: "#303134",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.ToolTipBase: "#303134",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    return palette


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 3) array of RGB values."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    # A copy: the view would point into the converted image, freed when this returns.
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def share_of(image: QImage, colour: QColor, tolerance: int = 6) -> float:
    """The share of the image's pixels within `tolerance` of `colour`."""
    rgb = pixels(image).astype(np.int16)
    target = np.array([colour.red(), colour.green(), colour.blue()], dtype=np.int16)
    close = np.all(np.abs(rgb - target) <= tolerance, axis=2)
    return float(close.mean())


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[InsightsView]:
    widget = InsightsView()
    qtbot.addWidget(widget)
    # Whatever the machine's language, the texts checked here are US English.
    widget.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    widget.resize(1100, 1300)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    hide_tooltip(qtbot)


def hide_tooltip(qtbot: QtBot) -> None:
    """Leave no tooltip window behind (Qt hides one after a short delay)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def show(view: InsightsView, data: InsightsData, *, dark: bool = False) -> None:
    if dark:
        view.setPalette(dark_palette())
    view.set_data(data)
    settle(view)


def settle(view: InsightsView) -> None:
    """Let the layouts catch up: each level of nesting posts its own layout request."""
    for _ in range(6):
        QApplication.processEvents()
    for widget in [*view.charts(), *(f.value for f in view.figures())]:
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
        assert widget.height() >= widget.minimumSizeHint().height(), widget.objectName()


def centre(chart: InsightsChart, index: int) -> QPointF:
    return chart.item_rect(index).center()


# ----------------------------------------------------------------------------- pure helpers


def test_nice_ticks() -> None:
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(114, 3) == [0, 50, 100, 150]
    assert nice_ticks(9_000) == [0, 2000, 4000, 6000, 8000, 10000]
    for maximum in (3, 17, 99, 101, 2_345, 987_654):
        ticks = nice_ticks(maximum)
        assert ticks[0] == 0
        assert ticks[-1] >= maximum
        assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1
        assert 2 <= len(ticks) <= 12


@pytest.mark.parametrize(
    ("locale_format", "expected"),
    [
        ("M/d/yy", "M/d"),
        ("dd.MM.yy", "dd.MM"),
        ("dd.MM.yyyy", "dd.MM"),
        ("yyyy-MM-dd", "MM-dd"),
        ("yy. M. d.", "M. d."),
        ("dd/MM/yyyy", "dd/MM"),
        ("d MMM yyyy 'р.'", "d MMM"),
        ("yyyy", "d MMM"),
    ],
)
def test_day_month_format_drops_the_year(locale_format: str, expected: str) -> None:
    assert day_month_format(locale_format) == expected


def test_wrap_label_balances_two_lines(qtbot: QtBot) -> None:
    fm = QFontMetricsF(QApplication.font())
    assert wrap_label("1–3 min", fm, 1000) == ["1–3 min"]
    narrow = fm.horizontalAdvance("Over 30") - 1
    assert wrap_label("Over 30 min", fm, narrow) == ["Over", "30 min"]
    (elided,) = wrap_label("Unanswered", fm, fm.horizontalAdvance("Unans"))
    assert elided.endswith("…")


def test_colours_follow_the_theme(qtbot: QtBot) -> None:
    light = ChartColours.from_palette(QPalette(QColor("#f0f0f0")))
    dark = ChartColours.from_palette(dark_palette())
    assert not light.dark
    assert dark.dark
    # Each series keeps its hue but is darker on light backgrounds and lighter on dark ones.
    for name in ("incoming", "outgoing", "internal", "department"):
        on_light, on_dark = getattr(light, name), getattr(dark, name)
        assert abs(on_light.hslHue() - on_dark.hslHue()) < 30
        assert on_light.lightnessF() < on_dark.lightnessF()
        assert _contrast(on_light, light.background) >= 3
        assert _contrast(on_dark, dark.background) >= 3


def _contrast(first: QColor, second: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ----------------------------------------------------------------------------------- renders


# Every render must be free of Qt warnings; the offscreen platform's note about window size
# hints is not ours.
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["empty", "small", "large"])
@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_every_chart_renders_in_both_themes(
    view: InsightsView, kind: str, theme: str, tmp_path: Path
) -> None:
    show(view, DATA[kind](), dark=theme == "dark")
    colours = view.daily.colours()
    assert colours.dark == (theme == "dark")
    expected = {
        view.daily: [colours.incoming, colours.outgoing],
        view.hours: [],
        view.durations: [colours.internal],
        view.top_called: [colours.outgoing],
        view.top_calling: [colours.incoming],
        view.departments: [colours.department],
    }
    for chart, series in expected.items():
        image = chart.grab().toImage()
        assert not image.isNull()
        background = share_of(image, colours.background, tolerance=2)
        assert background < 0.999, f"{chart.objectName()} drew nothing"
        for colour in series:
            share = share_of(image, colour)
            if kind == "empty":
                # A few antialiased text pixels may come close to a hue; a bar is hundreds.
                assert share < 0.0005, f"{chart.objectName()} drew a series with no data"
            else:
                assert share > 0.002, f"{chart.objectName()} lacks {colour.name()}"
    if kind != "empty":
        # The busiest hour is drawn in the full heat colour.
        assert share_of(view.hours.grab().toImage(), colours.incoming, tolerance=12) > 0
    whole = view.grab()
    assert whole.save(str(tmp_path / f"insights-{kind}-{theme}.png"))
    renders = os.environ.get("FMC_INSIGHTS_RENDERS")
    if renders:  # for looking at them: FMC_INSIGHTS_RENDERS=/tmp pytest tests/ui/test_insights.py
        whole.save(str(Path(renders) / f"insights-{kind}-{theme}.png"))


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_hidpi_render_is_sharp_and_complete(view: InsightsView) -> None:
    show(view, small_data())
    chart = view.daily
    image = QImage(chart.size() * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2)
    image.fill(Qt.GlobalColor.transparent)
    chart.render(image)
    colours = chart.colours()
    assert share_of(image, colours.incoming) > 0.01
    assert share_of(image, colours.outgoing) > 0.01


def test_empty_state_says_so(view: InsightsView) -> None:
    show(view, InsightsData.empty())
    for chart in view.charts():
        assert chart.is_empty()
        assert chart.item_count() == 0
        assert chart.tooltip_at(QPointF(chart.width() / 2, chart.height() / 2)) is None
        assert chart.accessibleDescription() == chart.empty_text()
    assert view.daily.empty_text() == "No calls in this period"
    assert view.total_figure.value.text() == "0"
    assert view.answered_figure.value.text() == "–"


# ------------------------------------------------------------------------------- tooltips


def test_a_days_tooltip_has_its_exact_counts(view: InsightsView) -> None:
    day = DayCounts(date(2024, 5, 6), 12, 3, 8, 1, 2, 0)
    quiet_day = DayCounts(date(2024, 5, 7))
    show(view, _with_days([day, quiet_day]))
    chart = view.daily
    assert chart.item_count() == 2
    text = chart.tooltip_at(centre(chart, 0))
    assert text == (
        "Monday, May 6, 2024\n"
        "Incoming: 12 answered, 3 unanswered\n"
        "Outgoing: 8 answered, 1 unanswered\n"
        "Internal: 2\n"
        "Total: 26 calls"
    )
    assert (chart.tooltip_at(centre(chart, 1)) or "").endswith("Total: 0 calls")
    assert chart.tooltip_at(QPointF(-5, -5)) is None

    # The same text through Qt's own tooltip event.
    where = centre(chart, 0).toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, where, chart.mapToGlobal(where))
    QApplication.sendEvent(chart, event)
    assert QToolTip.text() == text


def _with_days(days: list[DayCounts]) -> InsightsData:
    empty = InsightsData.empty()
    total = sum(d.total for d in days)
    return InsightsData(days, empty.hour_of_week, empty.duration_buckets, [], [], [], total)


def test_heat_map_cells_use_the_locales_day_names(view: InsightsView) -> None:
    grid = [[0] * 24 for _ in range(7)]
    grid[0][14] = 23
    grid[6][3] = 1
    empty = InsightsData.empty()
    data = InsightsData([], grid, empty.duration_buckets, [], [], [], 24)
    view.setLocale(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine))
    show(view, data)
    chart = view.hours
    assert chart.item_count() == 7 * 24
    assert chart.tooltip_at(centre(chart, 0 * 24 + 14)) == "понеділок, 14:00–15:00: 23 calls"
    assert chart.tooltip_at(centre(chart, 6 * 24 + 3)) == "неділя, 03:00–04:00: 1 call"
    colours = chart.colours()
    assert chart.cell_colour(0, colours) == colours.empty_cell
    assert chart.cell_colour(23, colours) == colours.incoming
    assert "понеділок" in chart.accessibleDescription()


def test_duration_bars_say_their_share(view: InsightsView) -> None:
    show(view, small_data())
    chart = view.durations
    assert chart.item_count() == len(DurationBucket)
    text = chart.tooltip_at(centre(chart, 0))
    assert text is not None
    assert text.startswith("Missed: ")
    assert "% of all calls" in text


def test_long_names_are_elided_with_the_full_name_in_the_tooltip(
    qtbot: QtBot, view: InsightsView
) -> None:
    show(view, large_data())
    view.resize(760, 1300)
    settle(view)
    chart = view.top_calling
    chart.item_count()  # lays out
    titles = [placed[3] for placed in chart._placed]
    named = [i for i, party in enumerate(view.data().top_calling) if party.name]
    assert named
    for index in named:
        assert titles[index] != LONG_NAME
        assert titles[index].endswith("…")
        assert LONG_NAME in (chart.tooltip_at(centre(chart, index)) or "")
    for _label, _bar, figure, *_ in chart._placed:
        assert figure.right() <= chart.width()


@pytest.fixture
def ukrainian_locale() -> Iterator[QLocale]:
    """Ukrainian as the default locale, which widgets and Qt's %Ln numbers both follow."""
    previous = QLocale()
    locale = QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
    QLocale.setDefault(locale)
    yield locale
    QLocale.setDefault(previous)


@pytest.mark.parametrize("width", [700, 900])
@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_long_ukrainian_labels_are_elided_and_the_rest_summed_up(
    qtbot: QtBot, ukrainian_locale: QLocale, width: int, tmp_path: Path
) -> None:
    view = InsightsView()
    qtbot.addWidget(view)
    view.resize(width, 1400)
    view.show()
    qtbot.waitExposed(view)
    show(view, large_data())
    assert view.columns() == (1 if width < 800 else 2)
    chart = view.departments
    assert chart.item_count() == chart.MAX_ROWS
    titles = [placed[3] for placed in chart._placed]
    assert titles[1].endswith("…")
    assert LONGER_DEPARTMENT in (chart.tooltip_at(centre(chart, 1)) or "")
    assert chart._more is not None
    assert chart.more_text(28) == "and 28 more departments"
    assert chart._hidden_rows == 28
    # Numbers follow the locale everywhere, Qt's plural forms included.
    assert chart.rows()[0].figures[0].startswith("500\N{NO-BREAK SPACE}000 calls")
    assert view.total_figure.value.text().replace("\N{NO-BREAK SPACE}", " ") == "1 512 643"
    for placed in chart._placed:
        assert placed[2].right() <= chart.width()
    image = view.grab()
    assert image.save(str(tmp_path / "insights-long-labels.png"))
    renders = os.environ.get("FMC_INSIGHTS_RENDERS")
    if renders:
        image.save(str(Path(renders) / f"insights-long-labels-{width}.png"))
    hide_tooltip(qtbot)


def test_a_narrow_window_stacks_the_cards(qtbot: QtBot, view: InsightsView) -> None:
    show(view, small_data())
    assert view.columns() == 2
    top_called, top_calling = view.cards[3], view.cards[4]
    assert top_called.geometry().top() == top_calling.geometry().top()
    view.resize(560, 1300)
    qtbot.waitUntil(lambda: view.columns() == 1)
    settle(view)
    assert top_calling.geometry().top() > top_called.geometry().bottom()
    assert top_calling.width() == top_called.width()
    view.resize(1100, 1300)
    qtbot.waitUntil(lambda: view.columns() == 2)


@pytest.mark.parametrize("days", [1, 7, 31, 92, 366])
@pytest.mark.parametrize("width", [260, 480, 1200])
def test_day_labels_fit_and_never_overlap(view: InsightsView, days: int, width: int) -> None:
    start = date(2024, 1, 1)
    data = _with_days([DayCounts(start + timedelta(days=n), n + 1) for n in range(days)])
    show(view, data)
    chart = view.daily
    chart.resize(width, 260)
    chart.item_count()
    labels = [rect for rect, _text in chart._labels]
    assert labels
    for rect in labels:
        assert rect.left() >= 0
        assert rect.right() <= width
        assert rect.bottom() <= chart.height()
    for first, second in itertools.pairwise(labels):
        assert first.right() <= second.left()


# ------------------------------------------------------------------ keyboard and accessibility


def test_arrow_keys_walk_the_days(qtbot: QtBot, view: InsightsView) -> None:
    show(view, small_data())
    chart = view.daily
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chart.hasFocus)
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.highlighted() == 0
    assert chart.accessibleDescription() == chart.item_text(0)
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.highlighted() == 1
    QTest.keyClick(chart, Qt.Key.Key_End)
    assert chart.highlighted() == chart.item_count() - 1
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.highlighted() == chart.item_count() - 1
    QTest.keyClick(chart, Qt.Key.Key_Home)
    assert chart.highlighted() == 0
    chart.clearFocus()
    assert chart.highlighted() is None
    assert chart.accessibleDescription() == chart.summary()


def test_up_and_down_move_a_whole_row_of_the_heat_map(qtbot: QtBot, view: InsightsView) -> None:
    show(view, small_data())
    chart = view.hours
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chart.hasFocus)
    QTest.keyClick(chart, Qt.Key.Key_Home)
    QTest.keyClick(chart, Qt.Key.Key_Right)
    QTest.keyClick(chart, Qt.Key.Key_Down)
    assert chart.highlighted() == 24 + 1  # Tuesday, 01:00
    assert chart.accessibleDescription().startswith("Tuesday, ")
    QTest.keyClick(chart, Qt.Key.Key_Up)
    QTest.keyClick(chart, Qt.Key.Key_Up)
    assert chart.highlighted() == 0


def test_hovering_highlights_the_item_under_the_mouse(qtbot: QtBot, view: InsightsView) -> None:
    show(view, small_data())
    chart = view.durations
    QTest.mouseMove(chart, centre(chart, 3).toPoint())
    qtbot.waitUntil(lambda: chart.highlighted() == 3)
    QTest.mouseMove(view, QPoint(1, 1))
    qtbot.waitUntil(lambda: chart.highlighted() is None)


def test_everything_has_an_accessible_name_and_the_charts_a_description(
    view: InsightsView,
) -> None:
    show(view, small_data())
    assert view.accessibleName() == "Insights"
    for chart in view.charts():
        assert chart.accessibleName()
        assert chart.accessibleDescription() == chart.summary()
        assert chart.focusPolicy() & Qt.FocusPolicy.TabFocus
    for card in view.cards:
        assert card.accessibleName() == card.title.text()
    for figure in view.figures():
        assert figure.accessibleName()
        assert figure.accessibleDescription() == figure.value.text()
    assert "over 21 days" in view.daily.accessibleDescription()


# ------------------------------------------------------------------------------- translation


class _Ukrainian(QTranslator):
    """A translation held in a dict, to show every string goes through the "Insights" context."""

    STRINGS: ClassVar[dict[str, str]] = {
        "Calls per day": "Дзвінки за днями",
        "Most frequent callers": "Хто дзвонить найчастіше",
        "No calls in this period": "Немає дзвінків за цей період",
        "%Ln call(s)": "%Ln дзв.",
        "Missed": "Пропущені",
    }

    def __init__(self) -> None:
        super().__init__()
        self.contexts: set[str] = set()

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.contexts.add(context)
        if context != "Insights":
            return None
        # None (a null string) means "not translated here"; "" would be an empty translation.
        return self.STRINGS.get(source)


def test_strings_are_translated_and_retranslated_live(qtbot: QtBot, view: InsightsView) -> None:
    show(view, small_data())
    translator = _Ukrainian()
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: view.cards[0].title.text() == "Дзвінки за днями")
        assert view.top_calling.accessibleName() == "Хто дзвонить найчастіше"
        assert "Insights" in translator.contexts
        assert view.durations.item_text(0).startswith("Пропущені: ")
        assert "дзв." in view.top_called.rows()[0].figures[0]
        fresh = InsightsView()
        qtbot.addWidget(fresh)
        assert fresh.daily.accessibleDescription() == "Немає дзвінків за цей період"
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: view.cards[0].title.text() == "Calls per day")


def test_a_department_named_with_a_place_marker_is_shown_as_written(view: InsightsView) -> None:
    # Chained .replace filled "%3" inside the name too: "Sales 12 calls team".
    odd = DepartmentTotal("Sales %3 team", 12, 600, 2)
    view.set_data(replace(small_data(), departments=[odd]))
    assert (
        view.departments.summary() == "Departments: 1. The busiest is Sales %3 team, with 12 calls."
    )

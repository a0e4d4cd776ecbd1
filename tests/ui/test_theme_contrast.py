"""Both of the app's palettes meet WCAG AA contrast, and their check boxes can be seen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolButton, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell import theme

Role = QPalette.ColorRole
# Text over the background it is drawn on: 4.5:1 (WCAG 2.x AA for normal text).
TEXT_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
    (Role.BrightText, Role.Base),
]
PALETTES = [
    pytest.param(theme.light_palette, id="light"),
    pytest.param(theme.dark_palette, id="dark"),
]


@pytest.fixture(autouse=True)
def system_theme_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply_theme(qapp, "system")


def test_the_contrast_formula_matches_wcag() -> None:
    assert theme.contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, 0.01)


@pytest.mark.parametrize("make", PALETTES)
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS, ids=lambda r: r.name)
def test_text_meets_aa(make: Callable[[], QPalette], text: Role, background: Role) -> None:
    palette = make()
    ratio = theme.contrast_ratio(palette.color(text), palette.color(background))
    assert ratio >= 4.5, f"{text.name} on {background.name}: {ratio:.2f}"


@pytest.mark.parametrize("make", PALETTES)
def test_check_box_outlines_stand_out_3_to_1(make: Callable[[], QPalette]) -> None:
    palette = make()
    outline = theme.outline_colour(palette)
    assert theme.contrast_ratio(outline, palette.color(Role.Base)) >= 3.0


def _darkest_and_lightest(image: QImage) -> tuple[float, float]:
    values = [
        theme.relative_luminance(image.pixelColor(x, y))
        for x in range(image.width())
        for y in range(image.height())
    ]
    return min(values), max(values)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_an_unticked_box_in_a_list_is_drawn_visibly(
    qtbot: QtBot, qapp: QApplication, name: str
) -> None:
    """The wizard's "Mine" column: an empty box must still show its edge."""
    theme.apply_theme(qapp, name)
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    item = QTreeWidgetItem(tree, [""])
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(0, Qt.CheckState.Unchecked)
    tree.resize(120, 60)
    tree.show()
    qtbot.waitExposed(tree)
    rect = tree.visualItemRect(item)
    image = tree.viewport().grab(rect.adjusted(0, 0, -(rect.width() - rect.height() - 6), 0))
    darkest, lightest = _darkest_and_lightest(image.toImage())
    assert (lightest + 0.05) / (darkest + 0.05) >= 3.0


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_checked_tool_button_differs_from_an_unchecked_one(
    qtbot: QtBot, qapp: QApplication, name: str
) -> None:
    """ "My calls" and "Whole PBX": which one is on must show at a glance."""
    theme.apply_theme(qapp, name)
    on, off = QToolButton(), QToolButton()
    for button, checked in ((on, True), (off, False)):
        qtbot.addWidget(button)
        button.setCheckable(True)
        button.setChecked(checked)
        button.resize(80, 28)
        button.show()
    qtbot.waitExposed(off)
    on_colour = on.grab().toImage().pixelColor(40, 6)
    off_colour = off.grab().toImage().pixelColor(40, 6)
    # The two differ in hue more than in lightness (the highlight's blue against grey), so the
    # test asks for a clear distance between the colours rather than a luminance ratio.
    distance = (
        (on_colour.red() - off_colour.red()) ** 2
        + (on_colour.green() - off_colour.green()) ** 2
        + (on_colour.blue() - off_colour.blue()) ** 2
    ) ** 0.5
    assert distance >= 60

"""The icons the GUI asks for: every one is there, drawn, and built from the current sources."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication

from fmc_desktop.ui.shell import icons
from tests.conftest import REPO_ROOT


def drawn(image: QImage) -> list[QColor]:
    """The colours of the pixels that are clearly painted (mostly opaque)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    colours = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200:
                colours.append(colour)
    return colours


def image_of(icon: QIcon, size: int) -> QImage:
    pixmap = icon.pixmap(QSize(size, size))
    assert not pixmap.isNull()
    return pixmap.toImage()


def test_the_app_icon_has_every_size(qapp: QApplication) -> None:
    app_icon = icons.app_icon()
    assert not app_icon.isNull()
    assert [s.width() for s in app_icon.availableSizes()] == list(icons.APP_ICON_SIZES)
    assert drawn(image_of(app_icon, 16))


@pytest.mark.parametrize("state", icons.TRAY_STATES)
def test_each_tray_state_has_an_icon_at_every_tray_size(qapp: QApplication, state: str) -> None:
    tray = icons.tray_icon(state)
    assert not tray.isNull()
    assert [s.width() for s in tray.availableSizes()] == list(icons.TRAY_ICON_SIZES)
    for size in icons.TRAY_ICON_SIZES:
        assert drawn(image_of(tray, size)), size


def test_the_states_look_different(qapp: QApplication) -> None:
    images = [image_of(icons.tray_icon(state), 24) for state in icons.TRAY_STATES]
    idle, syncing, error = images
    assert idle != syncing
    assert syncing != error
    assert idle != error


def test_a_count_puts_a_red_badge_in_the_upper_right_corner(qapp: QApplication) -> None:
    plain = image_of(icons.tray_icon("idle"), 32)
    badged = image_of(icons.tray_icon("idle", 3), 32)
    corner = badged.pixelColor(26, 7)
    assert corner.red() > 180
    assert max(corner.green(), corner.blue()) < 80
    assert plain.pixelColor(26, 7) != corner
    # The lower left, away from the badge, is untouched.
    assert plain.pixelColor(6, 26) == badged.pixelColor(6, 26)


def test_the_badge_says_9_plus_past_nine_and_nothing_for_none() -> None:
    assert icons.badge_text(0) == ""
    assert icons.badge_text(-2) == ""
    assert icons.badge_text(7) == "7"
    assert icons.badge_text(10) == "9+"


def test_no_count_draws_no_badge(qapp: QApplication) -> None:
    assert image_of(icons.tray_icon("error", 0), 24) == image_of(icons.tray_icon("error"), 24)


@pytest.mark.parametrize("name", icons.ICON_NAMES)
def test_each_window_icon_draws(qapp: QApplication, name: str) -> None:
    """Drawn at all means Qt's SVG icon engine plugin is there (PySide6-Essentials ships it)."""
    window_icon = icons.icon(name)
    assert not window_icon.isNull()
    for size in (16, 24, 48):
        assert drawn(image_of(window_icon, size)), size


def test_a_tint_recolours_a_neutral_icon(qapp: QApplication) -> None:
    light_text = QColor(0xE8, 0xE9, 0xEB)
    colours = drawn(image_of(icons.icon("settings", tint=light_text), 48))
    assert colours
    for colour in colours:
        assert abs(colour.red() - light_text.red()) < 8, colour.name()
        assert abs(colour.blue() - light_text.blue()) < 8, colour.name()


def test_a_tint_leaves_the_call_directions_in_their_colours(qapp: QApplication) -> None:
    tinted = image_of(icons.icon("missed", tint=QColor("#ffffff")), 48)
    assert image_of(icons.icon("missed"), 48) == tinted
    assert all(c.red() > 150 and c.green() < 90 for c in drawn(tinted))


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown icon"):
        icons.icon("nonsense")
    with pytest.raises(ValueError, match="unknown tray state"):
        icons.tray_icon("sleeping")


def test_the_icons_come_from_the_package_not_the_checkout() -> None:
    assert icons.icons_folder() == REPO_ROOT / "fmc_desktop" / "resources" / "icons"
    assert icons.app_icon_file(512).is_file()


def _build_icons_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_icons", REPO_ROOT / "tools" / "build_icons.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _differing_share(left: QImage, right: QImage) -> float:
    """The share of pixels that differ visibly: anti-aliasing may move a little between Qt
    releases, a changed drawing moves much more."""
    assert left.size() == right.size()
    a = left.convertToFormat(QImage.Format.Format_ARGB32)
    b = right.convertToFormat(QImage.Format.Format_ARGB32)
    differing = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            channels = (
                (p.red(), q.red()),
                (p.green(), q.green()),
                (p.blue(), q.blue()),
                (p.alpha(), q.alpha()),
            )
            if max(abs(u - v) for u, v in channels) > 48:
                differing += 1
    return differing / (a.width() * a.height())


def test_the_shipped_icons_are_built_from_the_current_sources(
    qapp: QApplication, tmp_path: Path
) -> None:
    """Run tools/build_icons.py after editing an SVG in resources/icons/, and commit both."""
    build_icons = _build_icons_tool()
    fresh = tmp_path / "icons"
    build_icons.build(fresh)
    shipped = icons.icons_folder()
    built = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file())
    for relative in built:
        if relative.suffix == ".svg":
            assert (fresh / relative).read_bytes() == (shipped / relative).read_bytes(), relative
        elif relative.suffix == ".png" and int(relative.stem.rsplit("-", 1)[1]) <= 64:
            share = _differing_share(QImage(str(fresh / relative)), QImage(str(shipped / relative)))
            assert share < 0.02, f"{relative} differs from its source ({share:.1%} of pixels)"

"""Every GUI string is translated into Ukrainian, the language changes while the app runs, and the
dialogs render in both languages with nothing cut off."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from defusedxml import ElementTree
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.client import FmcClient, HttpLimits
from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore
from fmc_desktop.simulator import Simulator
from fmc_desktop.ui.dialing.dial_pad import DialPad
from fmc_desktop.ui.settings.dialog import SettingsDialog
from fmc_desktop.ui.settings.first_run.steps import PageId
from fmc_desktop.ui.settings.first_run.wizard import FirstRunWizard
from fmc_desktop.ui.shell import i18n, theme
from fmc_desktop.ui.shell.banner import Banner
from fmc_desktop.ui.shell.i18n import fill
from fmc_desktop.ui.shell.workers import running_tasks

if TYPE_CHECKING:
    # Only the type: files are parsed with defusedxml, which has no Element of its own.
    from xml.etree.ElementTree import Element

REPO = Path(__file__).resolve().parents[2]
UI_SOURCES = REPO / "fmc_desktop" / "ui"
TS_FILE = REPO / "resources" / "i18n" / "fmc_desktop_uk.ts"
EN_TS_FILE = REPO / "resources" / "i18n" / "fmc_desktop_en.ts"
TOOL = REPO / "tools" / "update_translations.py"
FAST = HttpLimits(connect_timeout=2, read_timeout=5, total_deadline=20, cdr_retries=0)
# Set to a folder to keep the screenshots for a look (they always go to the test's tmp_path).
SCREENSHOTS_ENV = "FMC_SCREENSHOTS"


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.install_translations(qapp, "en")
    theme.apply_theme(qapp, "system")


@pytest.fixture(autouse=True)
def no_task_left_behind(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10000)


def messages() -> list[tuple[str, str, Element]]:
    root = ElementTree.parse(TS_FILE).getroot()
    assert root is not None
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


# --- the catalogue -------------------------------------------------------------------------------


def test_every_gui_string_has_a_finished_ukrainian_translation() -> None:
    # lupdate over fmc_desktop/ui into a copy of the shipped .ts: a string added to the GUI and
    # not yet translated comes out "unfinished".
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "uk: " in result.stdout
    assert "en: " in result.stdout  # the English plural forms are checked the same way


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_every_translated_string_is_visible_to_lupdate() -> None:
    """lupdate reads literals only: tr(variable) or a translate() wrapper hides strings from it."""
    hidden = []
    for path in sorted(UI_SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "tr" and node.args and not _literal(node.args[0]):
                hidden.append(f"{path.name}:{node.lineno} tr() of a non-literal")
            # QCoreApplication.translate(context, text), not QRectF.translate(dx, dy): a
            # translation has a literal context, or is called on an application class.
            qt_translate = (
                name == "translate"
                and len(node.args) >= 2
                and (_literal(node.args[0]) or ast.unparse(func).endswith("Application.translate"))
            )
            if qt_translate and not (_literal(node.args[0]) and _literal(node.args[1])):
                hidden.append(f"{path.name}:{node.lineno} translate() of a non-literal")
    assert hidden == [], "\n".join(hidden)


_PLACEHOLDER = re.compile(r"\{\w+\}|%L?n|%\d+|<a href=")


def _mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


def test_translations_keep_placeholders_and_shortcuts() -> None:
    problems = []
    for context, source, translation in messages():
        forms = [form.text or "" for form in translation.iter("numerusform")] or [
            translation.text or ""
        ]
        for text in forms:
            if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(text)):
                problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
            if "<" not in source and _mnemonics(source) != _mnemonics(text):
                problems.append(f"{context}: {source!r} -> {text!r}: shortcut (&) differs")
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalogue_has_every_translation(qapp: QApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n.catalogue_file("uk")))
    stale = []
    for context, source, translation in messages():
        if list(translation.iter("numerusform")):
            continue
        if translator.translate(context, source) != (translation.text or ""):
            stale.append(f"{context}: {source!r}")
    assert stale == [], "run tools/update_translations.py:\n" + "\n".join(stale)


def test_the_catalogue_ships_inside_the_package() -> None:
    resource = files("fmc_desktop").joinpath("resources", "i18n", "fmc_desktop_uk.qm")
    assert resource.is_file()
    assert i18n.catalogue_file("uk") == Path(str(resource))
    assert i18n.catalogue_file("uk").is_relative_to(REPO / "fmc_desktop")


def test_english_says_1_call_and_5_calls(qapp: QApplication) -> None:
    # English is the source language; without its plural-only catalogue Qt shows "5 call(s)".
    assert i18n.install_translations(qapp, "en") == "en"
    translate = QCoreApplication.translate
    assert translate("MainWindow", "%n call(s)", None, 5) == "5 calls"
    assert translate("MainWindow", "%n call(s)", None, 1) == "1 call"
    assert translate("SyncStatus", "%n new call(s)", None, 0) == "0 new calls"
    assert translate("TrayIcon", "%n calls to return", None, 21) == "21 calls to return"
    assert translate("MainWindow", "Sync now") == "Sync now"  # the rest stays the source text


def test_the_english_catalogue_holds_only_finished_plural_forms() -> None:
    root = ElementTree.parse(EN_TS_FILE).getroot()
    assert root is not None
    found = list(root.iter("message"))
    assert found, "resources/i18n/fmc_desktop_en.ts has no messages"
    problems = []
    for message in found:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation.iter("numerusform")]
        if message.get("numerus") != "yes":
            problems.append(f"{source!r} is not a plural form")
        elif translation.get("type") or len(forms) != 2 or not all(f.strip() for f in forms):
            problems.append(f"{source!r}: {forms} ({translation.get('type')})")
    assert problems == [], "\n".join(problems)
    assert i18n.catalogue_file("en").is_file()


def test_every_count_is_a_plural_message() -> None:
    """lupdate makes "%n" a plural message only from tr(text, "", n); QCoreApplication.translate
    with a variable n gives a plain one, which Qt then leaves untranslated for 2-4 and 5-20."""
    root = ElementTree.parse(TS_FILE).getroot()
    assert root is not None
    plain = [
        f"{context.findtext('name')}: {message.findtext('source')!r}"
        for context in root.iter("context")
        for message in context.iter("message")
        if re.search(r"%L?n", message.findtext("source") or "") and message.get("numerus") != "yes"
    ]
    assert plain == [], "\n".join(plain)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 дзвінок"),
        (3, "3 дзвінки"),
        (5, "5 дзвінків"),
        (11, "11 дзвінків"),
        (21, "21 дзвінок"),
    ],
)
def test_ukrainian_plurals_take_three_forms(qapp: QApplication, count: int, text: str) -> None:
    i18n.install_translations(qapp, "uk")
    assert QCoreApplication.translate("MainWindow", "%n call(s)", None, count) == text
    assert QCoreApplication.translate("Insights", "%Ln call(s)", None, count) == text


# --- choosing and switching ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "system", "chosen"),
    [
        ("system", "uk_UA", "uk"),
        ("system", "en_GB", "en"),
        ("system", "de_DE", "en"),  # no German catalogue: English, the default
        ("system", "ru_UA", "en"),
        ("en", "uk_UA", "en"),
        ("uk", "en_US", "uk"),
    ],
)
def test_the_language_follows_the_system_unless_set(setting: str, system: str, chosen: str) -> None:
    assert i18n.resolve_language(setting, QLocale(system)) == chosen


def test_switching_language_at_runtime_retranslates_widgets(
    qtbot: QtBot, qapp: QApplication
) -> None:
    banner = Banner()
    pad = DialPad()
    qtbot.addWidget(banner)
    qtbot.addWidget(pad)
    assert banner.close_button.toolTip() == "Close this message"
    assert pad.call_button.text() == "Call"

    assert i18n.install_translations(qapp, "uk") == "uk"
    qtbot.waitUntil(
        lambda: banner.close_button.toolTip() == "Закрити це повідомлення", timeout=3000
    )
    qtbot.waitUntil(lambda: pad.call_button.text() == "Подзвонити", timeout=3000)
    assert i18n.current_language() == "uk"
    assert QLocale().language() == QLocale.Language.Ukrainian  # dates and numbers follow

    assert i18n.install_translations(qapp, "en") == "en"
    qtbot.waitUntil(lambda: banner.close_button.toolTip() == "Close this message", timeout=3000)
    assert pad.call_button.text() == "Call"
    assert QLocale().language() == QLocale.Language.English


def test_qts_own_buttons_speak_ukrainian_too(qtbot: QtBot, qapp: QApplication) -> None:
    i18n.install_translations(qapp, "uk")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Скасувати"


# --- the dialogs, rendered -----------------------------------------------------------------------


def _combo_text_fits(combo: QComboBox) -> bool:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def clipped_texts(root: QWidget) -> list[str]:
    """Visible texts that do not fit their widget (elided, cut or overflowing)."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isVisible():
            problems.extend(_clipped_in(widget, f"{type(widget).__name__} {widget.objectName()!r}"))
    return problems


def _clipped_in(widget: QWidget, where: str) -> list[str]:
    """What does not fit in one widget, each problem starting with `where`."""
    if isinstance(widget, QLabel) and widget.text():
        return _clipped_label(widget, where)
    if isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
            return [f"{where}: {widget.text()!r} does not fit its button"]
    elif isinstance(widget, QComboBox) and widget.currentText():
        if not _combo_text_fits(widget):
            return [f"{where}: {widget.currentText()!r} is cut"]
    elif isinstance(widget, QGroupBox) and widget.title():
        if widget.fontMetrics().horizontalAdvance(widget.title()) + 16 > widget.width():
            return [f"{where}: title {widget.title()!r} is cut"]
    elif isinstance(widget, QListWidget):
        return _clipped_items(widget, where)
    return []


def _clipped_label(label: QLabel, where: str) -> list[str]:
    """A wrapped or rich label needs its height; a one-line label needs its text's width."""
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and "<" in label.text()
    )
    if label.wordWrap() or rich:
        if label.hasHeightForWidth() and label.heightForWidth(label.width()) > label.height() + 1:
            return [f"{where}: {label.text()!r} needs more height"]
        return []
    text = label.text()
    if label.buddy() is not None:
        text = re.sub(r"&(.)", r"\1", text)
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    if label.fontMetrics().horizontalAdvance(text) > room:
        return [f"{where}: {label.text()!r} is cut"]
    return []


def _clipped_items(widget: QListWidget, where: str) -> list[str]:
    problems = []
    for row in range(widget.count()):
        item = widget.item(row)
        rect = widget.visualItemRect(item)
        need = widget.fontMetrics().horizontalAdvance(item.text()) + 20
        if need > min(rect.width(), widget.viewport().width()):
            problems.append(f"{where}: item {item.text()!r} is cut")
    return problems


def save_screenshot(widget: QWidget, folder: Path, name: str) -> None:
    image = widget.grab()
    assert not image.isNull()
    image.save(str(folder / f"{name}.png"))
    extra = os.environ.get(SCREENSHOTS_ENV)
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(extra) / f"{name}.png"))


@pytest.mark.parametrize("language", ["uk", "en"])
def test_the_wizard_renders_with_nothing_cut_off(
    qtbot: QtBot,
    qapp: QApplication,
    simulator: Simulator,
    clock: ManualClock,
    tmp_path: Path,
    language: str,
) -> None:
    i18n.install_translations(qapp, language)
    paths = AppPaths.resolve().ensure()
    wizard = FirstRunWizard(
        Settings(base_url=simulator.base_url),
        SettingsStore(paths.settings_file),
        TokenStore(simulator.base_url, timeout=5),
        paths.archive_file,
        clock=clock,
        client_factory=lambda token: FmcClient(simulator.base_url, token, clock=clock, limits=FAST),
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    problems: list[str] = []

    def look(name: str) -> None:
        QApplication.processEvents()
        save_screenshot(wizard, tmp_path, f"wizard-{name}-{language}")
        problems.extend(f"{name}: {problem}" for problem in clipped_texts(wizard))

    look("1-welcome")
    wizard.next()
    entry = wizard.token_entry
    QTest.keyClicks(entry.field, "f" * 64)  # a wrong token first: the longest sentence
    entry.test_button.click()
    qtbot.waitUntil(lambda: entry.last_error is not None and not entry.is_busy(), timeout=20000)
    look("2-token-rejected")
    entry.field.setText(simulator.token)
    entry.test_button.click()
    qtbot.waitUntil(entry.is_ready, timeout=20000)
    look("3-token-ok")
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.numbers_page.is_loading(), timeout=20000)
    wizard.numbers_page.chooser.set_mine(simulator.company.user.number)
    look("4-numbers")
    wizard.next()
    assert wizard.currentId() == PageId.SYNC
    qtbot.waitUntil(wizard.sync_page.isComplete, timeout=60000)
    look("5-synced")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("language", "theme_name"), [("uk", "light"), ("uk", "dark"), ("en", "system")]
)
def test_the_settings_dialog_renders_with_nothing_cut_off(
    qtbot: QtBot,
    qapp: QApplication,
    clock: ManualClock,
    tmp_path: Path,
    language: str,
    theme_name: str,
) -> None:
    i18n.install_translations(qapp, language)
    theme.apply_theme(qapp, theme_name)
    paths = AppPaths.resolve().ensure()
    settings = Settings(own_numbers=["+380671234567"], company_numbers=["+380671234567"])
    store = TokenStore(settings.base_url, timeout=5)
    store.set_session_token("ab" * 32)  # so the session-only banner shows too
    dialog = SettingsDialog(settings, SettingsStore(paths.settings_file), store, paths, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.token_page.token_state() is not None, timeout=5000)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=5000)
    problems: list[str] = []
    for row in range(dialog.sections.count()):
        dialog.sections.setCurrentRow(row)
        QApplication.processEvents()
        name = f"settings-{row}-{language}-{theme_name}"
        save_screenshot(dialog, tmp_path, name)
        problems.extend(f"{name}: {problem}" for problem in clipped_texts(dialog))
    assert problems == [], "\n".join(problems)


def test_the_clipping_check_sees_cut_text(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    label = QLabel("A sentence far too long for the room it is given here", window)
    label.setObjectName("cut")
    label.setFixedWidth(60)
    button = QPushButton("A very long button text indeed", window)
    button.setObjectName("squeezed")
    button.setFixedWidth(50)
    fine = QLabel("Fits", window)
    layout.addWidget(label)
    layout.addWidget(button)
    layout.addWidget(fine)
    window.show()
    qtbot.waitExposed(window)
    problems = clipped_texts(window)
    assert any("'cut'" in problem for problem in problems)
    assert any("'squeezed'" in problem for problem in problems)
    assert not any("Fits" in problem for problem in problems)


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("%1 of %2", (3, 10), "3 of 10"),
        ("%2 before %1", ("a", "b"), "b before a"),
        ("%1 and %10", tuple("abcdefghij"), "a and j"),
        ("Sales %1", ("%2 team", "x"), "Sales %2 team"),  # a value is never filled again
        ("%1 and %3", ("a",), "a and %3"),  # a place without a value shows the mistake
        ("100% sure: %1", ("yes",), "100% sure: yes"),
    ],
)
def test_fill_puts_each_value_in_its_place_once(
    template: str, values: tuple[object, ...], expected: str
) -> None:
    assert fill(template, *values) == expected

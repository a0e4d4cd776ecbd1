"""The GUI's language: our own catalogue plus Qt's, chosen by the setting or the system locale.

Installing a translator makes Qt send every widget a LanguageChange event, so the widgets that
re-set their texts in `changeEvent` (the retranslate pattern) follow a change at once, without a
restart. English is the source language, and what every locale we have no translation for gets:
its catalogue holds only plural forms, so that `tr("%n call(s)", "", 5)` reads "5 calls".
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

CATALOGUE_NAME = "fmc_desktop"
# The languages the GUI speaks, source language first.
SUPPORTED_LANGUAGES = ("en", "uk")
DEFAULT_LANGUAGE = "en"
# Qt's own dialogs and buttons ("Cancel", "&Yes", the colour picker …).
_QT_CATALOGUES = ("qtbase",)

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def catalogue_folder() -> Path:
    """The compiled catalogues, inside the package: found the same way when installed."""
    return Path(__file__).resolve().parents[2] / "resources" / "i18n"


def catalogue_file(language: str) -> Path:
    return catalogue_folder() / f"{CATALOGUE_NAME}_{language}.qm"


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the setting when it names one we speak, else the system's."""
    if setting in SUPPORTED_LANGUAGES:
        return setting
    locale = QLocale.system() if system is None else system
    # uiLanguages() puts the user's preferred languages first, e.g. ["uk-UA", "en-US"].
    for name in [*locale.uiLanguages(), locale.name()]:
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The locale that formats dates, times and numbers for `language`.

    The system locale when it is in that language (keeping its country: en_GB stays day-first),
    else the language's main locale; English for a Ukrainian-speaking system is en_GB, which
    writes dates day first, as Ukraine does.
    """
    current = QLocale.system() if system is None else system
    if language == "uk":
        if current.language() == QLocale.Language.Ukrainian:
            return current
        return QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
    if current.language() == QLocale.Language.English:
        return current
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def current_language() -> str:
    """The language the last install_translations chose."""
    return _current


def install_translations(
    app: QCoreApplication, language: str = "system", *, system: QLocale | None = None
) -> str:
    """Load the catalogues for `language` (system, uk or en) and return the language chosen.

    Safe to call again at any time: the previous translators are removed first, and the widgets
    are told through LanguageChange.
    """
    global _current
    chosen = resolve_language(language, system)
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()

    locale = locale_for(chosen, system)
    QLocale.setDefault(locale)
    if chosen != DEFAULT_LANGUAGE:
        ours = QTranslator(app)
        if ours.load(str(catalogue_file(chosen))):
            _installed.append(ours)
        else:
            # A broken install: say so once in the log, and carry on in English.
            log.warning("The %s translation was not found at %s", chosen, catalogue_file(chosen))
            chosen = DEFAULT_LANGUAGE
            QLocale.setDefault(locale_for(chosen, system))
    if chosen != DEFAULT_LANGUAGE:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in _QT_CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{name}_{chosen}", qt_folder):
                _installed.append(translator)
            else:
                log.info("Qt's own %s translation for %s is not installed", name, chosen)
    else:
        plurals = QTranslator(app)
        if plurals.load(str(catalogue_file(DEFAULT_LANGUAGE))):
            _installed.append(plurals)
        else:
            # Every text still shows; only "%n call(s)" stays as written.
            log.warning("The English plural forms were not found at %s", catalogue_file(chosen))
            plurals.deleteLater()
    # Installed last, consulted first: ours wins where both translate the same text.
    for translator in reversed(_installed):
        app.installTranslator(translator)
    if isinstance(app, QApplication):
        # A widget keeps the locale it was made with. Resolving the windows' locale again sends
        # every widget a LocaleChange, so open windows write dates and numbers the new way too.
        for window in QApplication.topLevelWidgets():
            window.unsetLocale()
    _current = chosen
    log.debug("GUI language: %s (asked: %s)", chosen, language)
    return chosen


def date_format(locale: QLocale) -> str:
    """The one way a day is written in `locale`, everywhere (table, pickers, To call back).

    The locale's short date, with the year in full: Qt's Ukrainian short form `dd.MM.yy` is
    ambiguous in a call archive that spans years, and the table always showed four digits.
    """
    date = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in date:
        date = date.replace("yy", "yyyy")
    return date


def date_time_format(locale: QLocale) -> str:
    return f"{date_format(locale)} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"


_PLACE = re.compile(r"%(\d{1,2})")


def fill(text: str, *values: object) -> str:
    """A translated string with its places filled: `%1` gets the first value, `%2` the second.

    One pass, like QString.arg, which PySide6 does not offer: a value that itself contains `%2`
    (a department called "Sales %3 team") is shown as written, never filled again, as chained
    `.replace` calls did. A place without a value stays as it is, so a translation with a
    mistake shows the mistake rather than dropping text.
    """

    def value_for(found: re.Match[str]) -> str:
        index = int(found.group(1)) - 1
        return str(values[index]) if 0 <= index < len(values) else found.group(0)

    return _PLACE.sub(value_for, text)

"""The words and numbers the charts show: counts of calls, talk time, shares, dates, labels."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt
from PySide6.QtGui import QFontMetricsF

from fmc_desktop.ui.shell.i18n import fill

SHORT = QLocale.FormatType.ShortFormat
LONG = QLocale.FormatType.LongFormat

# Every string of the charts is translated in the context "Insights", written out in each call so
# that lupdate finds it, and so translations survive renaming a class or moving it to a module.


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


def calls_text(count: int) -> str:
    """`count` calls, with the plural form the translation knows.

    Qt fills %Ln in the default locale (the application's). Without a translator it returns the
    source text, so the English plural is made here: an untranslated build reads "1 call".
    """
    text = Insights().calls(count)
    if "call(s)" in text:
        text = text.replace("call(s)", "call" if count == 1 else "calls")
    return text


def more_departments_text(count: int) -> str:
    text = Insights().more_departments(count)
    if "department(s)" in text:
        text = text.replace("department(s)", "department" if count == 1 else "departments")
    return text


def talk_time(seconds: int, locale_number: Callable[[int], str]) -> str:
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


def percent(locale: QLocale, part: int, whole: int) -> str:
    share = 100.0 * part / whole if whole else 0.0
    return fill(QCoreApplication.translate("Insights", "%1%"), locale.toString(share, "f", 0))


def no_calls_text() -> str:
    return QCoreApplication.translate("Insights", "No calls in this period")


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

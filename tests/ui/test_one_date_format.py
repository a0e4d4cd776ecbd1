"""One way to write a day per language: the table, the date pickers and To call back agree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QLocale

from fmc_desktop.ui.history.callbacks_view import _when
from fmc_desktop.ui.history.model import _with_four_digit_year
from fmc_desktop.ui.shell.i18n import date_format, date_time_format


@pytest.mark.parametrize(
    ("locale", "written"),
    [("uk_UA", "27.11.2026"), ("en_GB", "27/11/2026"), ("en_US", "11/27/2026")],
)
def test_every_screen_writes_a_day_the_same_way(locale: str, written: str) -> None:
    chosen = QLocale(locale)
    assert chosen.toString(QDate(2026, 11, 27), date_format(chosen)) == written
    assert _with_four_digit_year(chosen) == date_time_format(chosen)
    assert date_time_format(chosen).startswith(date_format(chosen))
    moment = datetime(2026, 11, 27, 14, 20, tzinfo=UTC)
    assert _when(chosen, moment).startswith(written)

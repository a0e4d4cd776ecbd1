"""The GUI's sentences for each error: one per kind, both causes where the API cannot tell them
apart, the error's own details filled in, and never the token."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fmc_desktop.core.api.errors import (
    ErrorKind,
    KeyringTimeoutError,
    NetworkError,
    NoSafeKeyringError,
    OutcomeUnknownError,
    RequestRejectedError,
    ServerError,
    SettingsError,
    TimeoutError_,
    TokenRejectedError,
)
from fmc_desktop.ui.shell import i18n
from fmc_desktop.ui.shell.banner import Banner, BannerLevel
from fmc_desktop.ui.shell.errors_text import Operation, error_details, error_text, kind_text

TOKEN = "868b26d121e50f3b9e715bd86e77f2d6dbef354e7a9bcdb0aae0a0868a32e4a1"
FALLBACK = kind_text("no such kind")  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translations(qapp, "en")
    yield
    i18n.install_translations(qapp, "en")


@pytest.mark.parametrize("kind", list(ErrorKind))
@pytest.mark.parametrize("operation", list(Operation))
def test_every_kind_has_its_own_sentence(kind: ErrorKind, operation: Operation) -> None:
    text = kind_text(kind, operation)
    assert text
    assert text != FALLBACK
    assert text.endswith(".")


def test_a_rejected_token_on_a_call_names_both_causes_and_the_number() -> None:
    error = TokenRejectedError("403", status=403, calling_number="+380671234567")
    text = error_text(error, Operation.CALL)
    assert "token is wrong" in text
    assert "API FMC service is not enabled on the number +380671234567" in text
    assert '"Convergent" and "API FMC"' in text


def test_a_rejected_token_on_the_call_history_names_both_causes() -> None:
    text = error_text(TokenRejectedError("403", status=403))
    assert "token is wrong" in text
    assert '"Convergent" package' in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NetworkError("x", host="h.example", reason="connect"), "Could not reach h.example."),
        (NetworkError("x", host="h.example", reason="proxy"), "through the proxy"),
        (NetworkError("x", host="h.example", reason="tls"), "certificate was not accepted"),
        (NetworkError("x", host="h.example", reason="RemoteDisconnected"), "broke before"),
        (TimeoutError_("x", host="h.example", timeout="connect"), "did not accept a connection"),
        (TimeoutError_("x", host="h.example", timeout="read"), "h.example did not answer"),
        (ServerError("x", status=500), "internal error"),
        (ServerError("x", status=302, reason="redirect"), "redirect"),
        (ServerError("x", status=418), "status 418"),
        (NoSafeKeyringError("x", locked=True), "keyring is locked"),
        (NoSafeKeyringError("x"), "no secure keyring"),
        (KeyringTimeoutError("x", timeout=10), "did not answer"),
        (SettingsError("x", kept_as="/tmp/s.json.corrupt-1"), "kept as /tmp/s.json.corrupt-1"),
    ],
)
def test_the_details_choose_and_fill_the_sentence(error: Exception, expected: str) -> None:
    assert expected in error_text(error)


def test_a_call_that_never_left_says_nothing_was_dialled() -> None:
    error = NetworkError("x", host="h.example", reason="connect", dialled=False)
    assert error_text(error, Operation.CALL).endswith("Nothing was dialled.")


def test_outcome_unknown_says_to_check_the_phone() -> None:
    assert "check it and the call history" in error_text(OutcomeUnknownError("x"), Operation.CALL)


def test_the_servers_words_are_quoted_for_a_refused_request() -> None:
    error = RequestRejectedError("x", status=400, server_text="bad calling_number")
    assert error_text(error, Operation.CALL).endswith("The server said: bad calling_number")


def test_details_never_show_the_token() -> None:
    error = RuntimeError(f"GET https://fmc.kyivstar.ua/api?token={TOKEN}")
    assert TOKEN not in error_details(error)
    assert TOKEN not in error_text(error)
    assert "unexpected" in error_text(error)


def test_sentences_are_translated(qapp: QApplication) -> None:
    english = kind_text(ErrorKind.TOKEN_REJECTED)
    i18n.install_translations(qapp, "uk")
    ukrainian = kind_text(ErrorKind.TOKEN_REJECTED)
    assert ukrainian != english
    assert "Convergent" in ukrainian
    assert "токен" in ukrainian


def test_the_banner_shows_its_message_action_and_close(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.show_message("Session only.", level=BannerLevel.WARNING, action_text="Save")
    banner.show()
    assert banner.text() == "Session only."
    assert banner.level() is BannerLevel.WARNING
    assert banner.accessibleName() == "Warning"
    assert banner.action_button.text() == "Save"
    with qtbot.waitSignal(banner.action_triggered, timeout=1000):
        banner.action_button.click()
    with qtbot.waitSignal(banner.dismissed, timeout=1000):
        banner.close_button.click()
    assert banner.isHidden()
    banner.show_message("Rejected.", level=BannerLevel.ERROR, closable=False)
    assert banner.action_button.isHidden()
    assert banner.close_button.isHidden()

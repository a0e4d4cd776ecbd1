"""Notices on a desktop without a tray: the freedesktop notification service, over a real bus.

Each test starts its own session bus (`dbus-daemon --session`) and, on it, a small notification
server written below (pure Python, on jeepney) that records every call it gets and can "click"
an action. The window is a real Qt window (offscreen). Nothing touches the user's own session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from fmc_desktop.ui.shell.notifications import (
    CALL_BACK_ACTION,
    DesktopNotifications,
    Notice,
    NoticeKind,
    Notifier,
    Route,
)

# A notification server as small as the specification allows: GetCapabilities, Notify (each call
# recorded as a JSON line, with the D-Bus signature it arrived with), and a test-only Click
# method that emits ActionInvoked as a server does when the user clicks a button.
SERVER = r"""
import json, sys
from jeepney import DBusAddress, HeaderFields, MessageType
from jeepney import new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

address, record, caps = sys.argv[1], sys.argv[2], [c for c in sys.argv[3].split(",") if c]
conn = open_dbus_connection(bus=address)
conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
last_id = 0
print("ready", flush=True)
while True:
    msg = conn.receive()
    if msg.header.message_type is not MessageType.method_call:
        continue
    member = msg.header.fields[HeaderFields.member]
    signature = msg.header.fields.get(HeaderFields.signature, "")
    if member == "GetCapabilities":
        reply = new_method_return(msg, "as", (caps,))
    elif member == "Notify":
        last_id = msg.body[1] or last_id + 1
        with open(record, "a", encoding="utf-8") as file:
            file.write(json.dumps({"signature": signature, "body": msg.body, "id": last_id}) + "\n")
        reply = new_method_return(msg, "u", (last_id,))
    elif member == "Click":
        conn.send(new_signal(emitter, "ActionInvoked", "us", (msg.body[0], msg.body[1])))
        reply = new_method_return(msg)
    else:
        reply = new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod")
    conn.send(reply)
"""


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        why = f"{tool} is not installed (Debian: dbus)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return found


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus; its address."""
    daemon = subprocess.Popen(
        [_need("dbus-daemon"), "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()


class Server:
    def __init__(self, address: str, record: Path, capabilities: list[str]) -> None:
        self.address = address
        self.record = record
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, address, str(record), ",".join(capabilities)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def calls(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def click(self, notification: int, action: str) -> None:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        target = DBusAddress(
            "/org/freedesktop/Notifications",
            bus_name="org.freedesktop.Notifications",
            interface="org.example.Test",
        )
        with open_dbus_connection(bus=self.address) as connection:
            connection.send_and_get_reply(
                new_method_call(target, "Click", "us", (notification, action)), timeout=5
            )

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def server(session_bus: str, tmp_path: Path) -> Iterator[Server]:
    running = Server(session_bus, tmp_path / "notifications.jsonl", ["body", "actions"])
    yield running
    running.stop()


@pytest.fixture
def desktop(session_bus: str) -> Iterator[DesktopNotifications]:
    client = DesktopNotifications(session_bus)
    yield client
    client.close()
    client.deleteLater()


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    shown = QMainWindow()
    shown.setWindowTitle("fmc-desktop")
    qtbot.addWidget(shown)
    return shown


MISSED = Notice(
    NoticeKind.MISSED_CALL,
    "Missed call",
    "Олена Петренко called at 10:42.",
    call_back=("+380441111111", "Олена Петренко"),
)


def _notifier(window: QWidget, desktop: DesktopNotifications | None) -> tuple[Notifier, list]:
    said: list[Notice] = []
    return Notifier(window, said.append, desktop=desktop), said


def _wait_for_calls(server: Server, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        calls = server.calls()
        if len(calls) >= count:
            return calls
        time.sleep(0.05)
    return server.calls()


def test_a_notice_while_the_window_has_the_focus_is_said_in_the_window_only(
    qtbot: QtBot, window: QMainWindow, server: Server, desktop: DesktopNotifications
) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    notifier, said = _notifier(window, desktop)
    assert notifier.post(MISSED) is Route.WINDOW
    assert said == [MISSED]
    time.sleep(0.3)
    assert server.calls() == []


def test_a_hidden_window_gets_one_desktop_notification_with_a_call_back_button(
    qtbot: QtBot, window: QMainWindow, server: Server, desktop: DesktopNotifications
) -> None:
    notifier, said = _notifier(window, desktop)
    assert notifier.post(MISSED) is Route.DESKTOP
    assert said == []
    (call,) = _wait_for_calls(server, 1)
    # replaces_id goes out as an unsigned 32-bit integer, as GNOME Shell and dunst insist.
    assert call["signature"] == "susssasa{sv}i"
    app_name, replaces, icon, summary, body, actions, hints, _timeout = call["body"]
    assert (app_name, replaces, icon) == ("fmc-desktop", 0, "io.github.fmc_desktop.FmcDesktop")
    assert (summary, body) == ("Missed call", "Олена Петренко called at 10:42.")
    assert actions[actions.index(CALL_BACK_ACTION) + 1] == "Call back"
    assert hints["desktop-entry"] == ["s", "io.github.fmc_desktop.FmcDesktop"]

    # The same news again is not shown twice.
    assert notifier.post(MISSED) is Route.REPEATED
    time.sleep(0.3)
    assert len(server.calls()) == 1

    # A newer missed call replaces the notification instead of piling up.
    newer = Notice(NoticeKind.MISSED_CALL, "2 missed calls", "The last one: 044 at 10:50.")
    assert notifier.post(newer) is Route.DESKTOP
    second = _wait_for_calls(server, 2)[1]
    assert second["body"][1] == call["id"]
    assert CALL_BACK_ACTION not in second["body"][5]


def test_a_window_behind_another_one_counts_as_not_focused(
    qtbot: QtBot, window: QMainWindow, server: Server, desktop: DesktopNotifications
) -> None:
    window.show()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    notifier, said = _notifier(window, desktop)
    outcome = Notice(NoticeKind.DIAL_OUTCOME, "Calling", "Kyivstar is ringing your phone.")
    assert notifier.post(outcome) is Route.DESKTOP
    assert said == []
    assert len(_wait_for_calls(server, 1)) == 1


def test_call_back_from_the_notification_dials_that_number(
    qtbot: QtBot, window: QMainWindow, server: Server, desktop: DesktopNotifications
) -> None:
    notifier, _said = _notifier(window, desktop)
    notifier.post(MISSED)
    (call,) = _wait_for_calls(server, 1)
    with qtbot.waitSignal(notifier.call_back_requested, timeout=10_000) as emitted:
        server.click(call["id"], CALL_BACK_ACTION)
    assert emitted.args == ["+380441111111", "Олена Петренко"]


def test_a_server_without_actions_gets_none(
    qtbot: QtBot, window: QMainWindow, session_bus: str, tmp_path: Path
) -> None:
    plain = Server(session_bus, tmp_path / "plain.jsonl", ["body"])
    client = DesktopNotifications(session_bus)
    try:
        notifier, _said = _notifier(window, client)
        assert notifier.post(MISSED) is Route.DESKTOP
        (call,) = _wait_for_calls(plain, 1)
        assert call["body"][5] == []
    finally:
        client.close()
        plain.stop()


def test_without_a_notification_service_the_window_keeps_the_notice(
    qtbot: QtBot, window: QMainWindow, session_bus: str
) -> None:
    """No service on the bus and no tray (offscreen): nothing is lost, the window says it."""
    client = DesktopNotifications(session_bus)
    try:
        notifier, said = _notifier(window, client)
        assert not client.available()
        assert notifier.post(MISSED) is Route.WINDOW
        assert said == [MISSED]
    finally:
        client.close()

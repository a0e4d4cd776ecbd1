"""A keyboard shortcut that works while another program has the focus: dial the selected text.

Qt has no global shortcuts, so each desktop gets its own way:
- X11: `XGrabKey` on the root window through python-xlib, on a connection of our own whose
  socket a QSocketNotifier watches (no thread, no polling). Tested on Xvfb with xdotool.
- Windows: `RegisterHotKey` through ctypes; WM_HOTKEY arrives in the GUI thread's message
  queue, where a native event filter picks it up.
- Wayland: programs may not grab keys. The desktop portal's GlobalShortcuts interface
  (xdg-desktop-portal 1.16+, KDE Plasma 6, GNOME 48) asks the desktop to bind one, and the user
  confirms it there.
The Windows and portal code is written to the documented interfaces but cannot run on the Linux
machines the tests use; their key translation is tested. Where none applies, `start` says why.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QSocketNotifier,
    Signal,
    Slot,
)
from PySide6.QtGui import QClipboard, QGuiApplication, QKeySequence

from fmc_desktop.ui.shell.i18n import fill

log = logging.getLogger(__name__)

DEFAULT_SHORTCUT = "Ctrl+Alt+D"
_MODIFIERS = ("Ctrl", "Alt", "Shift", "Meta")


def split_sequence(text: str) -> tuple[frozenset[str], str] | None:
    """("Ctrl+Alt+D") -> ({"Ctrl", "Alt"}, "D"); None unless one key with at least one modifier.

    A global shortcut without Ctrl, Alt or Meta would steal a plain key from every program.
    """
    sequence = QKeySequence(text)
    if sequence.count() != 1:
        return None
    portable = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    parts = portable.split("+")
    key = parts[-1] or "+"
    modifiers = frozenset(part for part in parts[:-1] if part)
    if not modifiers <= set(_MODIFIERS) or not modifiers & {"Ctrl", "Alt", "Meta"}:
        return None
    return modifiers, key


def selected_text() -> str:
    """The text selected anywhere (X11's primary selection), else the clipboard's."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.supportsSelection():
        text = clipboard.text(QClipboard.Mode.Selection)
        if text.strip():
            return text
    return clipboard.text()


# --- X11 -----------------------------------------------------------------------------------------


class X11Grab(QObject):
    """XGrabKey on the root window of `display` (None: $DISPLAY)."""

    activated = Signal()

    def __init__(self, display: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._display_name = display
        self._display: Any = None
        self._notifier: QSocketNotifier | None = None
        self._grabs: list[tuple[int, int]] = []

    def start(self, text: str) -> str | None:
        """Grab `text`; None when done, else the reason in a sentence."""
        from Xlib import XK, X, display, error

        self.stop()
        split = split_sequence(text)
        if split is None:
            return self.tr("A global shortcut needs Ctrl, Alt or Meta and one key.")
        modifiers, key = split
        try:
            self._display = display.Display(self._display_name)
        except Exception as exc:  # python-xlib raises its own kinds for a missing display
            log.info("no X11 display for the global shortcut: %s", exc)
            return self.tr("There is no X11 display to listen on.")
        keysym = XK.string_to_keysym(key.lower() if len(key) == 1 else key)
        keycode = self._display.keysym_to_keycode(keysym) if keysym else 0
        if not keycode:
            self.stop()
            return fill(self.tr("This keyboard has no key for %1."), key)
        masks = {"Ctrl": X.ControlMask, "Alt": X.Mod1Mask, "Shift": X.ShiftMask}
        masks["Meta"] = X.Mod4Mask
        mask = 0
        for name in modifiers:
            mask |= masks[name]
        root = self._display.screen().root
        catcher = error.CatchError(error.BadAccess)
        # Caps Lock and Num Lock count as modifiers to X: grab the key with each of them too.
        for extra in (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask):
            root.grab_key(keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync, catcher)
            self._grabs.append((keycode, mask | extra))
        self._display.sync()
        if catcher.get_error() is not None:
            self.stop()
            return fill(self.tr("Another program already uses %1."), text)
        self._keycode, self._mask = keycode, mask
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        self._on_notifier_activated()  # events that came with the sync
        return None

    def stop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._display is not None:
            try:
                root = self._display.screen().root
                for keycode, mask in self._grabs:
                    root.ungrab_key(keycode, mask)
                self._display.close()
            except Exception:  # the X server is gone: nothing left to release
                log.debug("releasing the X11 grab failed", exc_info=True)
        self._display = None
        self._grabs = []

    @Slot()
    def _on_notifier_activated(self, *_: object) -> None:
        from Xlib import X

        if self._display is None:
            return
        relevant = ~(X.LockMask | X.Mod2Mask)
        while self._display.pending_events():
            event = self._display.next_event()
            if (
                event.type == X.KeyPress
                and event.detail == self._keycode
                and event.state & relevant == self._mask
            ):
                self.activated.emit()


# --- Windows -------------------------------------------------------------------------------------

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
WM_HOTKEY = 0x0312
_HOTKEY_ID = 0xB0D1  # any number from 0 to 0xBFFF, unique within this program


def windows_hotkey(text: str) -> tuple[int, int] | None:
    """(modifiers, virtual-key code) for RegisterHotKey; None when the key has no VK code here."""
    split = split_sequence(text)
    if split is None:
        return None
    modifiers, key = split
    flags = MOD_NOREPEAT
    for name, flag in (("Ctrl", MOD_CONTROL), ("Alt", MOD_ALT), ("Shift", MOD_SHIFT)):
        if name in modifiers:
            flags |= flag
    if "Meta" in modifiers:
        flags |= MOD_WIN
    if len(key) == 1 and (key.isascii() and key.isalnum()):
        return flags, ord(key.upper())  # VK_A..VK_Z and VK_0..VK_9 are the ASCII codes
    if key.startswith("F") and key[1:].isdigit() and 1 <= int(key[1:]) <= 24:
        return flags, 0x70 + int(key[1:]) - 1  # VK_F1 = 0x70
    named = {"Space": 0x20, "Insert": 0x2D, "Home": 0x24, "End": 0x23, "Pause": 0x13}
    return (flags, named[key]) if key in named else None


class _HotkeyFilter(QAbstractNativeEventFilter):
    def __init__(self, owner: WindowsHotkey) -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
        if bytes(event_type) == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_HOTKEY and msg.wParam == _HOTKEY_ID:
                self._owner.activated.emit()
                return True, 0
        return False, 0


class WindowsHotkey(QObject):
    """RegisterHotKey for the GUI thread (no window: WM_HOTKEY goes to the thread's queue)."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter: _HotkeyFilter | None = None
        self._registered = False

    def start(self, text: str) -> str | None:
        self.stop()
        hotkey = windows_hotkey(text)
        if hotkey is None:
            return self.tr("A global shortcut needs Ctrl, Alt or Win and a letter, digit or F-key.")
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        if not user32.RegisterHotKey(None, _HOTKEY_ID, hotkey[0], hotkey[1]):
            return fill(self.tr("Another program already uses %1."), text)
        self._registered = True
        self._filter = _HotkeyFilter(self)
        app = QCoreApplication.instance()
        assert app is not None  # a hotkey only exists in a running GUI
        app.installNativeEventFilter(self._filter)
        return None

    def stop(self) -> None:
        if self._registered:
            ctypes.windll.user32.UnregisterHotKey(None, _HOTKEY_ID)  # type: ignore[attr-defined]
            self._registered = False
        if self._filter is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._filter)
            self._filter = None


# --- the Wayland desktop portal ------------------------------------------------------------------

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INTERFACE = "org.freedesktop.portal.GlobalShortcuts"
SHORTCUT_ID = "dial-selection"


def portal_trigger(text: str) -> str | None:
    """The portal's preferred_trigger ("CTRL+ALT+d", the XDG shortcuts format) for `text`."""
    split = split_sequence(text)
    if split is None:
        return None
    modifiers, key = split
    names = {"Ctrl": "CTRL", "Alt": "ALT", "Shift": "SHIFT", "Meta": "LOGO"}
    order = [names[m] for m in _MODIFIERS if m in modifiers]
    return "+".join([*order, key.lower() if len(key) == 1 else key])


class PortalShortcut(QObject):
    """GlobalShortcuts over D-Bus: CreateSession, then BindShortcuts; `Activated` calls back.

    The portal answers each call through a Request object's Response signal; the desktop may
    show its own dialog for the user to accept or change the keys.
    """

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = ""
        self._trigger = ""

    def start(self, text: str) -> str | None:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        trigger = portal_trigger(text)
        if trigger is None:
            return self.tr("A global shortcut needs Ctrl, Alt or Meta and one key.")
        bus = QDBusConnection.sessionBus()
        portal = QDBusInterface(PORTAL_SERVICE, PORTAL_PATH, PORTAL_INTERFACE, bus)
        if not bus.isConnected() or not portal.isValid():
            return self.tr(
                "This desktop offers no global shortcuts to programs (the desktop portal's "
                "GlobalShortcuts is missing)."
            )
        self._trigger = trigger
        token = "fmc_desktop"
        sender = bus.baseService().lstrip(":").replace(".", "_")
        # PySide takes Qt's SLOT() text here, though its stubs say bytes.
        response_slot: Any = SLOT("_on_session_created(uint,QVariantMap)")
        activated_slot: Any = SLOT("_on_activated(QDBusObjectPath,QString,qulonglong,QVariantMap)")
        request_path = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
        bus.connect(
            PORTAL_SERVICE,
            request_path,
            "org.freedesktop.portal.Request",
            "Response",
            self,
            response_slot,
        )
        bus.connect(
            PORTAL_SERVICE,
            PORTAL_PATH,
            PORTAL_INTERFACE,
            "Activated",
            self,
            activated_slot,
        )
        portal.call("CreateSession", {"handle_token": token, "session_handle_token": token})
        return None

    @Slot("uint", "QVariantMap")
    def _on_session_created(self, response: int, results: dict[str, Any]) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        if response != 0:
            log.warning("the desktop portal refused a global shortcut session (%d)", response)
            return
        self._session = str(results.get("session_handle", ""))
        portal = QDBusInterface(
            PORTAL_SERVICE, PORTAL_PATH, PORTAL_INTERFACE, QDBusConnection.sessionBus()
        )
        shortcut = {
            "description": QCoreApplication.translate("GlobalShortcut", "Dial the selected text"),
            "preferred_trigger": self._trigger,
        }
        portal.call("BindShortcuts", self._session, [(SHORTCUT_ID, shortcut)], "", {})

    @Slot("QDBusObjectPath", str, "qulonglong", "QVariantMap")
    def _on_activated(self, session: object, shortcut: str, *_: object) -> None:
        if shortcut == SHORTCUT_ID:
            self.activated.emit()

    def stop(self) -> None:
        self._session = ""


# --- choosing ------------------------------------------------------------------------------------


class GlobalShortcut(QObject):
    """The global shortcut for this desktop; `activated` when pressed in any program."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None, *, display: str | None = None) -> None:
        super().__init__(parent)
        platform = QGuiApplication.platformName()
        self.backend: X11Grab | WindowsHotkey | PortalShortcut | None
        if sys.platform == "win32":
            self.backend = WindowsHotkey(self)
        elif display is not None or platform == "xcb":
            self.backend = X11Grab(display, self)
        elif platform.startswith("wayland"):
            self.backend = PortalShortcut(self)
        else:
            self.backend = None
        if self.backend is not None:
            self.backend.activated.connect(self.activated)
        self.problem: str | None = None

    def start(self, text: str) -> str | None:
        """Listen for `text` ("" turns it off); None when listening, else why it cannot."""
        self.stop()
        if not text:
            self.problem = None
            return None
        if self.backend is None:
            self.problem = fill(
                self.tr("Global shortcuts are not available on this desktop (%1)."),
                QGuiApplication.platformName(),
            )
        else:
            self.problem = self.backend.start(text)
        if self.problem:
            log.info("the global shortcut is off: %s", self.problem)
        return self.problem

    def stop(self) -> None:
        if self.backend is not None:
            self.backend.stop()


class SelectionDialer(QObject):
    """The shortcut's action: the number in the selected text, through the usual dial flow.

    Selected text comes from another program, so it is dialled as "from outside": always
    confirmed, with Cancel as the default button.
    """

    def __init__(self, shortcut: GlobalShortcut, dialer: Any, parent: QObject | None = None):
        super().__init__(parent)
        self._dialer = dialer
        shortcut.activated.connect(self._on_shortcut_activated)

    @Slot()
    def _on_shortcut_activated(self) -> None:
        from fmc_desktop.core.numbers.selection import number_in_text

        text = selected_text()
        # No number found: the dial flow says plainly that this is not a phone number.
        self._dialer.dial(number_in_text(text) or text.strip(), from_outside=True)

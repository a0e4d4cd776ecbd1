"""The one dialing flow: every Call button, link, tray entry and contact ends here.

A dial goes: the number normalised (and named, when someone is known by it); the user's own number
to call from chosen (Settings, the only one, or asked); a confirmation when the settings ask for
one, and always for a number from outside the app (a web page must not be able to place a paid
call); then originate, on a worker thread, while every Call control is off; then the outcome, in
the user's words. Originate is never retried: a retry is a second phone call, and a request whose
answer was lost may well have rung.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from fmc_desktop.core.api.errors import ErrorKind, FmcError, InvalidNumberError
from fmc_desktop.core.api.token import redact
from fmc_desktop.core.dialing.dial_log import DialLog, DialResult
from fmc_desktop.core.dialing.links import is_link, parse_link
from fmc_desktop.core.numbers.phone import PhoneNumber, parse_number
from fmc_desktop.core.numbers.risks import DialCheck, NumberSource, check_dial
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.dialing.confirm_dial import ConfirmDialDialog, Origin
from fmc_desktop.ui.shell.errors_text import Operation, error_details, kind_text

if TYPE_CHECKING:
    from fmc_desktop.core.api.client import FmcClient
    from fmc_desktop.ui.dialing.dial_pad import DialPad

log = logging.getLogger(__name__)

# Links that arrive while a dial is on screen or in flight wait their turn, first in first out.
# A few, not more: any web page can fire links, and it must not pile up calls.
MAX_WAITING_LINKS = 5

__all__ = ["DialController", "DialOutcome", "DialOutcomeKind", "Origin"]


class DialOutcomeKind(StrEnum):
    RINGING = "ringing"  # the PBX took the request: the user's phone is ringing
    REJECTED = "rejected"  # 403: the token, or API FMC not enabled on the number we call from
    INVALID = "invalid"  # not a number, or the PBX did not accept it (400)
    SERVER = "server"  # the FMC server failed (500, an odd answer)
    NETWORK = "network"  # the request never left: no connection, proxy, TLS
    UNKNOWN = "unknown"  # the request left but no answer came back: the phone may ring
    NOT_READY = "not_ready"  # no token, or no own number to call from: Settings first
    CANCELLED = "cancelled"  # the user said no at the confirmation


# What each error kind means for a dial.
_KIND_OF_ERROR: dict[ErrorKind, DialOutcomeKind] = {
    ErrorKind.TOKEN_REJECTED: DialOutcomeKind.REJECTED,
    ErrorKind.REQUEST_REJECTED: DialOutcomeKind.INVALID,
    ErrorKind.INVALID_NUMBER: DialOutcomeKind.INVALID,
    ErrorKind.INVALID_INPUT: DialOutcomeKind.INVALID,
    ErrorKind.SERVER_ERROR: DialOutcomeKind.SERVER,
    ErrorKind.TOO_LARGE: DialOutcomeKind.SERVER,
    ErrorKind.UNPARSEABLE: DialOutcomeKind.SERVER,
    ErrorKind.NETWORK: DialOutcomeKind.NETWORK,
    ErrorKind.TIMEOUT: DialOutcomeKind.NETWORK,
    ErrorKind.OUTCOME_UNKNOWN: DialOutcomeKind.UNKNOWN,
    ErrorKind.NO_TOKEN: DialOutcomeKind.NOT_READY,
    ErrorKind.BAD_TOKEN_SHAPE: DialOutcomeKind.NOT_READY,
    ErrorKind.NO_SAFE_KEYRING: DialOutcomeKind.NOT_READY,
    ErrorKind.KEYRING_TIMEOUT: DialOutcomeKind.NOT_READY,
    ErrorKind.INSECURE_URL: DialOutcomeKind.NOT_READY,
    ErrorKind.SETTINGS: DialOutcomeKind.NOT_READY,
    ErrorKind.ARCHIVE: DialOutcomeKind.NOT_READY,
    ErrorKind.ARCHIVE_DAMAGED: DialOutcomeKind.NOT_READY,
    ErrorKind.STORAGE: DialOutcomeKind.NOT_READY,
}


@dataclass(frozen=True)
class DialOutcome:
    """How a dial ended. `text` is the sentence to show; `title` fits a notification's head."""

    kind: DialOutcomeKind
    title: str
    text: str
    number: PhoneNumber | None = None
    name: str | None = None
    calling: PhoneNumber | None = None
    from_outside: bool = False
    origin: Origin = Origin.APP
    extension: str | None = None
    error: BaseException | None = None
    details: str = ""  # technical text for a "Details" section (token masked)

    @property
    def ok(self) -> bool:
        return self.kind is DialOutcomeKind.RINGING

    @property
    def may_have_rung(self) -> bool:
        """True when the user's phone rings or may ring: these dials are remembered."""
        return self.kind in (DialOutcomeKind.RINGING, DialOutcomeKind.UNKNOWN)

    @property
    def who(self) -> str:
        """The other party as the user knows them: the name, else the number."""
        if self.name:
            return self.name
        return self.number.display() if self.number is not None else ""


_NO_RISK = DialCheck(())  # frozen: one instance serves every request


@dataclass(frozen=True)
class _Request:
    """A dial on its way: what the worker needs, and what the outcome will say."""

    number: PhoneNumber
    name: str | None
    from_outside: bool
    origin: Origin
    link: str | None
    extension: str | None
    calling: PhoneNumber | None = None
    check: DialCheck = _NO_RISK


_SOURCES = {
    Origin.APP: NumberSource.TYPED,
    Origin.LINK: NumberSource.LINK,
    Origin.CLIPBOARD: NumberSource.CLIPBOARD,
    Origin.OUTSIDE: NumberSource.LINK,
}


class _OriginateWorker(QObject):
    """Lives on the dial thread: builds a client (which may read the keyring) and originates."""

    answered = Signal(int, object)  # request id, None or the exception

    def __init__(self, client_factory: Callable[[], FmcClient]) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._lock = threading.Lock()
        self._client: FmcClient | None = None
        self._aborted = False

    def abort(self) -> None:
        """Cut the call request in flight (thread-safe): the app is quitting."""
        with self._lock:
            self._aborted = True
            client = self._client
        if client is not None:
            client.abort()

    @Slot(int, str, str)
    def originate(self, request_id: int, calling: str, called: str) -> None:
        error: BaseException | None = None
        try:
            client = self._client_factory()
            with self._lock:
                self._client = client
                if self._aborted:
                    client.abort()
            try:
                client.originate(calling, called)
            finally:
                with self._lock:
                    self._client = None
                client.close()
        except FmcError as exc:
            error = exc
        except Exception as exc:  # reported as "outcome unknown": it may have left
            log.exception("The call request failed unexpectedly")
            error = exc
        self.answered.emit(request_id, error)


class DialController(QObject):
    """Runs dials one at a time and says how each went.

    `busy_changed(True)` comes as soon as a dial is taken (the confirmation included) and
    `busy_changed(False)` just before `dial_finished(DialOutcome)`; while busy, every other dial
    is ignored, so a double click is one call. Collaborators come in as callables so each dial
    sees the current settings and token:

    - `client_factory()` builds the API client; it is called on the dial thread (it may read the
      keyring there) and the client is closed after the one request.
    - `settings()` the current settings; `name_for(canonical)` the known name of a number.
    - `parent_widget()` the window dialogs belong to (None for a top-level dialog).
    """

    busy_changed = Signal(bool)
    dial_finished = Signal(object)  # DialOutcome
    dialog_opened = Signal(object)  # ConfirmDialDialog: for the host to raise its window
    _originate_requested = Signal(int, str, str)

    def __init__(
        self,
        client_factory: Callable[[], FmcClient],
        settings: Callable[[], Settings],
        name_for: Callable[[str], str | None],
        dial_log: DialLog,
        parent_widget: Callable[[], QWidget | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_factory = client_factory
        self._settings = settings
        self._name_for = name_for
        self._dial_log = dial_log
        self._parent_widget = parent_widget
        self._busy = False
        self._shut_down = False
        self._waiting_links: deque[tuple[str, QWidget | None]] = deque()
        self._request: _Request | None = None
        self._request_id = 0
        self._dialog: ConfirmDialDialog | None = None
        self._thread: QThread | None = None
        self._worker: _OriginateWorker | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_application_about_to_quit)

    # --- the public API -------------------------------------------------------------------------

    @property
    def dial_log(self) -> DialLog:
        return self._dial_log

    def is_busy(self) -> bool:
        return self._busy

    def pending_dialog(self) -> ConfirmDialDialog | None:
        """The confirmation on screen, if any."""
        return self._dialog

    def dial(
        self,
        text: str,
        *,
        from_outside: bool = False,
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Call the number in `text` (written any way, or a tel:/callto: link).

        `from_outside` is for numbers the user did not pick in this app: they are always
        confirmed, with Cancel as the default. `parent` overrides the window for the dialog.
        """
        origin = Origin.OUTSIDE if from_outside else Origin.APP
        self._start(text, from_outside=from_outside, name=name, origin=origin, parent=parent)

    def handle_incoming_link(self, text: str, *, parent: QWidget | None = None) -> None:
        """A `tel:`/`callto:` link (or a bare number) handed to the app: confirm, then call.

        While another dial is asked about or in flight, the link waits its turn (at most
        MAX_WAITING_LINKS of them; more are dropped) and the open confirmation says how many wait.
        """
        if self._shut_down:
            log.info("A link arrived while quitting; it was not dialled")
            return
        if self._busy:
            if len(self._waiting_links) >= MAX_WAITING_LINKS:
                log.warning(
                    "A link was dropped: %d links already wait for their confirmation",
                    len(self._waiting_links),
                )
            else:
                self._waiting_links.append((text, parent))
                log.info("A link waits for its turn (%d waiting)", len(self._waiting_links))
            self._show_waiting()
            if self._dialog is not None:
                self._dialog.raise_()
                self._dialog.activateWindow()
            return
        origin = Origin.LINK if is_link(text.strip()) else Origin.OUTSIDE
        self._start(text, from_outside=True, name=None, origin=origin, parent=parent)

    def waiting_links(self) -> int:
        """How many links wait for their confirmation."""
        return len(self._waiting_links)

    def _show_waiting(self) -> None:
        if self._dialog is not None:
            self._dialog.set_waiting(len(self._waiting_links))

    def _next_link(self) -> None:
        if self._busy or self._shut_down or not self._waiting_links:
            return
        text, parent = self._waiting_links.popleft()
        self.handle_incoming_link(text, parent=parent)

    def dial_clipboard(self, *, parent: QWidget | None = None) -> None:
        """Call the number on the clipboard; it came from anywhere, so it is confirmed."""
        text = QGuiApplication.clipboard().text()
        self._start(text, from_outside=True, name=None, origin=Origin.CLIPBOARD, parent=parent)

    def redial(self, *, parent: QWidget | None = None) -> bool:
        """Call the last number dialled again (through the whole flow); False if there is none."""
        last = self._dial_log.last()
        if last is None:
            return False
        self.dial(last.number, name=last.name, parent=parent)
        return True

    def own_numbers(self) -> list[PhoneNumber]:
        """The user's numbers from Settings that can be called from, in their order."""
        found: list[PhoneNumber] = []
        for raw in self._settings().own_numbers:
            try:
                number = parse_number(raw)
            except InvalidNumberError:
                log.warning("An own number in Settings is not a phone number; it is skipped")
                continue
            if number not in found:
                found.append(number)
        return found

    def attach_dial_pad(self, pad: DialPad) -> None:
        """Wire a dial pad to this flow: its Call goes here, and it is off while a dial runs."""
        pad.call_requested.connect(self._on_pad_call_requested)
        self.busy_changed.connect(pad.set_busy)
        pad.set_busy(self._busy)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Close an open confirmation and stop the dial thread; True when it stopped in time.

        A call request already sent cannot be called back, and its answer will not be heard: it
        is remembered now as "outcome unknown" (the phone may ring), and its connection is cut
        so that quitting never waits for a server that does not answer.
        """
        if self._shut_down:
            return self._thread is None
        self._shut_down = True
        if self._waiting_links:
            log.info("%d waiting link(s) were not dialled: quitting", len(self._waiting_links))
            self._waiting_links.clear()
        if self._dialog is not None:
            self._dialog.reject()
        request = self._request
        if request is not None and request.calling is not None:
            self._request = None  # a late answer is not reported twice
            log.warning("Quitting with a call request in flight: outcome unknown")
            self._remember(request, DialResult.UNKNOWN)
        thread = self._thread
        if thread is None:
            return True
        if self._worker is not None:
            self._worker.abort()
        thread.quit()
        stopped = bool(thread.wait(timeout_ms))
        if stopped:
            self._thread = None
            self._worker = None
        else:
            log.warning("The dial thread did not stop within %d ms", timeout_ms)
        return stopped

    # --- the flow -------------------------------------------------------------------------------

    def _start(
        self,
        text: str,
        *,
        from_outside: bool,
        name: str | None,
        origin: Origin,
        parent: QWidget | None,
    ) -> None:
        if self._busy:
            # A second click, a second link: one call at a time, and the first one's
            # confirmation (if that is what is waiting) comes back to the front.
            log.info("A dial is already in progress; this one is ignored")
            if self._dialog is not None:
                self._dialog.raise_()
                self._dialog.activateWindow()
            return
        request = self._request_for(text, from_outside=from_outside, name=name, origin=origin)
        if request is None:
            return
        own = self.own_numbers()
        preferred = self._preferred_call_as()
        if preferred is None and not own:
            self._finish(
                self._not_ready_outcome(request),
            )
            return
        needs_choice = preferred is None and len(own) > 1
        calling = preferred if preferred is not None else (own[0] if len(own) == 1 else None)
        self._set_busy(True)
        settings = self._settings()
        risky = request.check.needs_confirmation
        if settings.confirm_before_dial or from_outside or needs_choice or risky:
            try:
                self._confirm(request, own, calling, parent)
            except Exception:
                # Never leave every Call control off because a dialog could not be built.
                log.exception("The confirmation could not be shown")
                self._dialog = self._request = None
                self._finish(
                    DialOutcome(
                        kind=DialOutcomeKind.CANCELLED,
                        title=self.tr("Call cancelled"),
                        text=self.tr(
                            "The confirmation could not be shown, so nothing was dialled."
                        ),
                        number=request.number,
                        name=request.name,
                        from_outside=request.from_outside,
                        origin=request.origin,
                    )
                )
        else:
            assert calling is not None
            self._send(replace(request, calling=calling))

    def _request_for(
        self, text: str, *, from_outside: bool, name: str | None, origin: Origin
    ) -> _Request | None:
        """The number in `text`, named; None (after an INVALID outcome) when it is not one."""
        stripped = text.strip()
        link: str | None = None
        extension: str | None = None
        try:
            if is_link(stripped):
                parsed = parse_link(stripped)
                link, extension = stripped, parsed.extension
                number = parse_number(parsed.number)
            else:
                number = parse_number(stripped)
        except FmcError as error:
            self._finish(
                DialOutcome(
                    kind=DialOutcomeKind.INVALID,
                    title=self.tr("Not a phone number"),
                    text=self._invalid_text(stripped, origin, link=is_link(stripped)),
                    from_outside=from_outside,
                    origin=origin,
                    error=error,
                    details=error_details(error),
                )
            )
            return None
        extension = extension or number.extension
        check = check_dial(
            number,
            source=_SOURCES[origin],
            company_numbers=self._settings().company_numbers,
        )
        if not check.allowed:
            self._finish(
                DialOutcome(
                    kind=DialOutcomeKind.INVALID,
                    title=self.tr("Not dialled"),
                    text=self.tr(
                        "{number} is an emergency number; it is never called from a link or "
                        "the clipboard. If you need the emergency services, dial it on your "
                        "phone."
                    ).format(number=number.display()),
                    number=number,
                    from_outside=from_outside,
                    origin=origin,
                )
            )
            return None
        if not name:
            try:
                name = self._name_for(number.canonical) or None
            except Exception:  # a name is a courtesy; never lose the dial over it
                log.exception("Looking up the name of a number failed")
                name = None
        return _Request(number, name, from_outside, origin, link, extension, check=check)

    def _preferred_call_as(self) -> PhoneNumber | None:
        chosen = self._settings().call_as
        if chosen:
            try:
                return parse_number(chosen)
            except InvalidNumberError:
                log.warning("The 'call as' number in Settings is not a phone number")
        return None

    def _confirm(
        self,
        request: _Request,
        own: list[PhoneNumber],
        calling: PhoneNumber | None,
        parent: QWidget | None,
    ) -> None:
        owner = parent if parent is not None else self._parent_widget()
        dialog = ConfirmDialDialog(
            request.number,
            name=request.name,
            call_as_choices=own,
            call_as=calling,
            from_outside=request.from_outside,
            origin=request.origin,
            link=request.link,
            extension=request.extension,
            risks=request.check.risks,
            parent=owner,
        )
        self._dialog = dialog
        self._request = request
        dialog.set_waiting(len(self._waiting_links))
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        self.dialog_opened.emit(dialog)

    @Slot(int)
    def _on_dialog_finished(self, result: int) -> None:
        dialog, request = self._dialog, self._request
        self._dialog = None
        if dialog is None or request is None:
            return
        calling = dialog.call_as()
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            self._request = None
            self._finish(
                DialOutcome(
                    kind=DialOutcomeKind.CANCELLED,
                    title=self.tr("Call cancelled"),
                    text=self.tr("The call to {who} was cancelled; nothing was dialled.").format(
                        who=request.name or request.number.display()
                    ),
                    number=request.number,
                    name=request.name,
                    from_outside=request.from_outside,
                    origin=request.origin,
                    extension=request.extension,
                )
            )
            return
        self._send(replace(request, calling=calling))

    def _send(self, request: _Request) -> None:
        assert request.calling is not None
        self._request = request
        self._request_id += 1
        self._ensure_thread()
        log.info("Asking the PBX to place a call")
        self._originate_requested.emit(
            self._request_id, request.calling.canonical, request.number.canonical
        )

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        thread = QThread()
        thread.setObjectName("fmc-dial")
        worker = _OriginateWorker(self._client_factory)
        worker.moveToThread(thread)
        self._originate_requested.connect(worker.originate)
        worker.answered.connect(self._on_worker_answered)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot(int, object)
    def _on_worker_answered(self, request_id: int, error: object) -> None:
        request = self._request
        if request_id != self._request_id or request is None:
            return
        self._request = None
        outcome = self._outcome(request, error if isinstance(error, BaseException) else None)
        if outcome.may_have_rung:
            self._remember(request, DialResult.RINGING if outcome.ok else DialResult.UNKNOWN)
        self._finish(outcome)

    def _remember(self, request: _Request, result: DialResult) -> None:
        try:
            self._dial_log.record(
                request.number.canonical,
                name=request.name,
                calling=request.calling.canonical if request.calling else None,
                result=result,
            )
        except OSError:
            log.warning("The dial could not be remembered for redial", exc_info=True)

    def _finish(self, outcome: DialOutcome) -> None:
        log.info("Dial finished: %s", outcome.kind.value)
        self._set_busy(False)
        self.dial_finished.emit(outcome)
        if self._waiting_links:
            # In a turn of its own, once this outcome has been shown.
            QTimer.singleShot(0, self, self._next_link)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @Slot()
    def _on_application_about_to_quit(self) -> None:
        self.shutdown()

    @Slot(str)
    def _on_pad_call_requested(self, number: str) -> None:
        sender = self.sender()
        window = sender.window() if isinstance(sender, QWidget) else None
        # A pasted, dropped or linked number is confirmed even with confirmation off.
        from_outside = bool(getattr(sender, "is_from_outside", lambda: False)())
        self.dial(number, from_outside=from_outside, parent=window)

    # --- the words ------------------------------------------------------------------------------

    def _outcome(self, request: _Request, error: BaseException | None) -> DialOutcome:
        who = request.name or request.number.display()
        base: dict[str, Any] = {
            "number": request.number,
            "name": request.name,
            "calling": request.calling,
            "from_outside": request.from_outside,
            "origin": request.origin,
            "extension": request.extension,
        }
        mine = request.calling.display() if request.calling is not None else ""
        if error is None:
            text = self.tr(
                "Kyivstar is ringing your phone {mine}. Answer it to be connected to {who}."
            ).format(mine=mine, who=who)
            if request.extension:
                text += " " + self.tr("Then enter the extension {extension}.").format(
                    extension=request.extension
                )
            return DialOutcome(
                kind=DialOutcomeKind.RINGING,
                title=self.tr("Calling {who}").format(who=who),
                text=text,
                **base,
            )
        details = error_details(error)
        if not isinstance(error, FmcError) or error.kind is ErrorKind.OUTCOME_UNKNOWN:
            return DialOutcome(
                kind=DialOutcomeKind.UNKNOWN,
                title=self.tr("Call to {who}: outcome unknown").format(who=who),
                text=self.tr(
                    "The call request was sent, but no answer came back. Outcome unknown: check "
                    "your phone and the call history before trying again."
                ),
                error=error,
                details=details,
                **base,
            )
        kind = _KIND_OF_ERROR.get(error.kind, DialOutcomeKind.SERVER)
        # The sentence names the user's number the way they write it, not the API's +380 form.
        shown_details = dict(error.details)
        if mine and shown_details.get("calling_number"):
            shown_details["calling_number"] = mine
        if "server_text" in shown_details:
            shown_details["server_text"] = redact(str(shown_details["server_text"]))
        text = kind_text(error.kind, Operation.CALL, shown_details)
        if kind is DialOutcomeKind.NOT_READY:
            title = self.tr("Cannot call yet")
        else:
            title = self.tr("The call to {who} did not go through").format(who=who)
        return DialOutcome(kind=kind, title=title, text=text, error=error, details=details, **base)

    def _not_ready_outcome(self, request: _Request) -> DialOutcome:
        return DialOutcome(
            kind=DialOutcomeKind.NOT_READY,
            title=self.tr("Cannot call yet"),
            text=self.tr(
                "Add your own number in Settings first: Kyivstar rings that phone, and connects "
                "you to {who} when you answer."
            ).format(who=request.name or request.number.display()),
            number=request.number,
            name=request.name,
            from_outside=request.from_outside,
            origin=request.origin,
            extension=request.extension,
        )

    def _invalid_text(self, text: str, origin: Origin, *, link: bool) -> str:
        if link:
            return self.tr("This link does not hold a phone number that can be called.")
        if origin is Origin.CLIPBOARD:
            if not text:
                return self.tr("The clipboard is empty: copy a phone number first.")
            return self.tr("The clipboard does not hold a phone number that can be called.")
        return kind_text(ErrorKind.INVALID_NUMBER, Operation.CALL)

"""Open every top-level window and dialog of the app and print their sizes as JSON.

Run as a process of its own by tests/ui/test_fits_small_screens.py, because the screen's size
and Qt's scale (QT_SCALE_FACTOR) are fixed when the QApplication starts. Usage:

    python -m tests.ui.window_sizes LANGUAGE
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.numbers.phone import canonical, parse_number
from fmc_desktop.core.system.paths import HOME_ENV, AppPaths
from fmc_desktop.core.system.secrets import TokenStore
from fmc_desktop.core.system.settings import Settings, SettingsStore


def clipped_labels(window: QWidget) -> list[str]:
    """Visible one-line labels narrower than their text."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or label.wordWrap() or not label.text().strip():
            continue
        if label.width() + 1 < label.minimumSizeHint().width():
            found.append(f"{label.objectName() or label.text()[:30]!r}")
    return found


def measure(app: QApplication, name: str, window: QWidget, out: dict[str, object]) -> None:
    window.show()
    for _ in range(5):
        app.processEvents()
    out[name] = {
        "size": list(window.size().toTuple()),
        "minimum": list(window.minimumSize().expandedTo(window.minimumSizeHint()).toTuple()),
        "clipped": clipped_labels(window),
    }


def main(language: str) -> None:
    os.environ[HOME_ENV] = tempfile.mkdtemp(prefix="fmc-sizes-")
    app = QApplication([sys.argv[0]])
    from fmc_desktop.core.api.factory import clients_for
    from fmc_desktop.simulator import Simulator
    from fmc_desktop.ui.archive.sync_controller import SyncController
    from fmc_desktop.ui.contacts.editor import ContactEditor
    from fmc_desktop.ui.dialing.confirm_dial import ConfirmDialDialog
    from fmc_desktop.ui.dialing.flow import DialController
    from fmc_desktop.ui.history.loader import HistoryLoader
    from fmc_desktop.ui.settings.dialog import SettingsDialog
    from fmc_desktop.ui.settings.first_run.wizard import FirstRunWizard
    from fmc_desktop.ui.settings.token_entry import TokenDialog
    from fmc_desktop.ui.shell.crash import CrashDialog
    from fmc_desktop.ui.shell.i18n import install_translations
    from fmc_desktop.ui.shell.main_window import MainWindow
    from fmc_desktop.ui.shell.services import AppServices

    install_translations(app, language)
    clock = ManualClock(datetime(2026, 11, 27, 14, 20, tzinfo=UTC))
    simulator = Simulator(clock=clock, seed=1)
    simulator.start()
    paths = AppPaths.resolve().ensure()
    store = SettingsStore(paths.settings_file)
    user = canonical(simulator.company.user.number)
    store.save(Settings(base_url=simulator.base_url, own_numbers=[user], call_as=user))
    token_store = TokenStore(simulator.base_url, environ={})
    services = AppServices.open(
        paths,
        store,
        store.load(),
        simulator.base_url,
        clock,
        token_store=token_store,
        demo_token=simulator.token,
    )
    dialer = DialController(
        client_factory=services.client,
        settings=lambda: services.settings,
        name_for=lambda number: None,
        dial_log=services.dial_log,
        parent_widget=lambda: None,
    )
    sync = SyncController(services.sync_engine_factory())
    loader = HistoryLoader(paths.archive_file)
    out: dict[str, object] = {}
    screen = app.primaryScreen()
    out["screen"] = list(screen.availableGeometry().size().toTuple())
    window = MainWindow(services, dialer, sync, loader)
    measure(app, "main window", window, out)
    measure(
        app,
        "settings",
        SettingsDialog(services.settings, store, token_store, paths, clock=clock, parent=window),
        out,
    )
    wizard = FirstRunWizard(
        Settings(base_url=simulator.base_url), store, token_store, paths.archive_file, clock=clock
    )
    measure(app, "first-run wizard", wizard, out)
    # The same factory as the app's: the dialog checks the token typed in, not the stored one.
    for_token = clients_for(services.settings, services.clock, base_url=services.base_url)
    measure(app, "token", TokenDialog(token_store, for_token, parent=window), out)
    measure(app, "contact editor", ContactEditor(services.contacts, parent=window), out)
    number = parse_number("+380441234567")
    measure(
        app,
        "confirm dial",
        ConfirmDialDialog(
            number, name="Олена Гнатюк", call_as_choices=[parse_number(user)], parent=window
        ),
        out,
    )
    measure(app, "crash", CrashDialog("A summary", "Details\n" * 40, None, window), out)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    simulator.stop()
    os._exit(0)  # tearing Qt down in order is the app's job, not this probe's


if __name__ == "__main__":
    main(sys.argv[1])

"""Take the README's screenshots from the running app on the simulator.

    python tools/make_screenshots.py              # every variant, in docs/screenshots/
    python tools/make_screenshots.py --language uk --theme dark --scale 1.5 --out /tmp/shots

For each language, in a process of its own (translations and locale are per process): the main
window as the app builds it, on the offscreen platform at its first-start size (1180x720), synced
from the project's simulator into a fresh archive in a temporary FMC_DESKTOP_HOME, with the whole
history loaded. Then:

- history.png: the History tab, my calls over the last 30 days;
- insights.png: the Insights tab for the same calls;
- dial-pad.png: the dial pad beside the history with a number being typed and the contact search
  answering, and the confirmation that every call goes through drawn over the window where the
  dialog opens.

Each language is taken in the light and the dark theme, at 100% on a monitor and at 150% on a
1280x800 laptop (Qt's offscreen platform given that screen, QT_SCALE_FACTOR=1.5; the window
takes the size the app gives it there, and the PNG has the screen's real pixels). Ukrainian files
get a `-uk` suffix, dark ones `-dark`, scaled ones `-150`; insights.png only at 100% in light.
The simulator and the app run on a fixed clock (the same
Friday afternoon every time, in Kyiv's time zone) so running this again
after a change to the UI changes only what the change shows. Nothing here reads the real keyring
or the user's folders, and nothing is dialled.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere: the package lives beside tools/
    sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSize  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from fmc_desktop.core.api.clock import ManualClock  # noqa: E402
from fmc_desktop.core.contacts.contact import Contact, ContactNumber  # noqa: E402
from fmc_desktop.core.numbers.phone import canonical  # noqa: E402
from fmc_desktop.core.system.paths import HOME_ENV, AppPaths  # noqa: E402
from fmc_desktop.core.system.secrets import TokenStore  # noqa: E402
from fmc_desktop.core.system.settings import Settings, SettingsStore  # noqa: E402

if TYPE_CHECKING:
    from fmc_desktop.simulator import Simulator
    from fmc_desktop.ui.archive.sync_controller import SyncController
    from fmc_desktop.ui.dialing.flow import DialController
    from fmc_desktop.ui.history.loader import HistoryLoader
    from fmc_desktop.ui.shell.main_window import MainWindow
    from fmc_desktop.ui.shell.services import AppServices

OUT = REPO / "docs" / "screenshots"
SIZE = QSize(1180, 720)  # MainWindow's size on a first start
NOW = datetime(2026, 11, 27, 14, 20, tzinfo=UTC)  # a Friday, 16:20 in Kyiv
LANGUAGES = ("en", "uk")
THEMES = ("light", "dark")
SCALES = ("1", "1.5")
LAPTOP = (1280, 800)  # the screen the 150% shots are taken on
# Saved as favourites, on the most called outside numbers: clients, not colleagues.
FAVOURITE_CONTACTS = (
    ("Олена Гнатюк", "ТОВ «Будмайстер»"),
    ("Сергій Дорош", "Агрохолдинг «Степ»"),
    ("Ірина Лозинська", "Аптека «Цвіт»"),
    ("Андрій Савчук", "ФОП Савчук"),
)
TIMEOUT = 60.0


def _wait(app: QApplication, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let posted layout requests and repaints run: a label's new text resizes its parents
    one level per turn of the event loop."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _save(image: QImage | QPixmap, path: Path) -> None:
    if not image.save(str(path)):  # PNG, by the suffix
        raise SystemExit(f"could not write {path}")
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    sys.stdout.write(f"{shown}: {path.stat().st_size / 1024:.0f} KB\n")


def _national(number: str) -> str:
    """+380XXXXXXXXX as a Ukrainian user types it: 0XXXXXXXXX."""
    return "0" + number[4:] if number.startswith("+380") else number


def _with_dialog(window: QPixmap, dialog: QWidget, at: QPoint) -> QImage:
    """The window with the dialog drawn where it opened, over a light shade, as a user sees it."""
    image = window.toImage().convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 40))
    shot = dialog.grab()
    frame = QRect(at, shot.size())
    for spread, alpha in ((6, 18), (4, 28), (2, 40)):
        painter.fillRect(
            frame.adjusted(-spread, -spread + 2, spread, spread + 2), QColor(0, 0, 0, alpha)
        )
    painter.drawPixmap(at, shot)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.drawRect(frame.adjusted(0, 0, -1, -1))
    painter.end()
    return image


@dataclass
class _RunningApp:
    """The app's parts as it starts them: what a screenshot shows, and what must be shut down."""

    app: QApplication
    services: AppServices
    dialer: DialController
    sync: SyncController
    loader: HistoryLoader
    window: MainWindow

    def close(self) -> None:
        from fmc_desktop.ui.shell.workers import shutdown_workers

        self.sync.shutdown()
        self.loader.shutdown()
        self.dialer.shutdown()
        shutdown_workers()
        self.window.close_without_quitting()
        self.services.close()


def take(language: str, out: Path, theme: str = "light", scale: str = "1") -> None:
    """Every screenshot of one variant, from a fresh app in a temporary home."""
    from fmc_desktop.simulator import Simulator

    suffix = _variant_suffix(language, theme, scale)
    scaled = scale != "1"
    home = Path(tempfile.mkdtemp(prefix="fmc-screenshots-"))
    os.environ[HOME_ENV] = str(home)
    app = _start_qt(language, theme)
    clock = ManualClock(NOW)
    simulator = Simulator(clock=clock, seed=1)
    simulator.start()
    running = _open_app(app, simulator, clock, language, theme)
    try:
        running.window.show()
        _sync_and_load(running)
        outside = _add_favourites(running, simulator)
        if not scaled:
            running.window.resize(SIZE)  # on a small screen the window keeps the size the app chose
        app.processEvents()
        _shoot_history(running, out / f"history{suffix}.png")
        if theme == "light" and not scaled:
            _shoot_insights(running, out / f"insights{suffix}.png")
        _shoot_dial_pad(running, outside[0], out / f"dial-pad{suffix}.png")
        if simulator.requests_to("originate"):
            raise SystemExit("a screenshot run must never dial")
    finally:
        running.close()
        simulator.stop()
        shutil.rmtree(home, ignore_errors=True)


def _variant_suffix(language: str, theme: str, scale: str) -> str:
    """`-uk`, `-dark`, `-150`, as far as the variant differs from English, light, 100%."""
    suffix = "" if language == "en" else f"-{language}"
    suffix += "" if theme == "light" else f"-{theme}"
    suffix += "" if scale == "1" else f"-{round(float(scale) * 100)}"
    return suffix


def _start_qt(language: str, theme: str) -> QApplication:
    from fmc_desktop.ui.shell.i18n import install_translations
    from fmc_desktop.ui.shell.theme import apply_theme

    app = QApplication([sys.argv[0]])
    app.setApplicationName("fmc-desktop")
    # As the app starts: the language and the theme first, then the window.
    install_translations(app, language)
    apply_theme(app, theme)
    return app


def _open_app(
    app: QApplication, simulator: Simulator, clock: ManualClock, language: str, theme: str
) -> _RunningApp:
    """The main window as the app builds it, set up for the simulator's company and its user."""
    from fmc_desktop.ui.archive.sync_controller import SyncController
    from fmc_desktop.ui.dialing.flow import DialController
    from fmc_desktop.ui.history.loader import HistoryLoader
    from fmc_desktop.ui.shell.main_window import MainWindow
    from fmc_desktop.ui.shell.services import AppServices

    paths = AppPaths.resolve().ensure()
    user = canonical(simulator.company.user.number)
    store = SettingsStore(paths.settings_file)
    store.save(
        Settings(
            base_url=simulator.base_url,
            own_numbers=[user],
            call_as=user,
            company_numbers=[canonical(n) for n in simulator.company.numbers],
            language=language,
            theme=theme,
        )
    )
    services = AppServices.open(
        paths,
        store,
        store.load(),
        simulator.base_url,
        clock,
        token_store=TokenStore(simulator.base_url, environ={}),
        demo_token=simulator.token,  # the simulator's: no keyring is read
    )
    holder: list[MainWindow] = []
    dialer = DialController(
        client_factory=services.client,
        settings=lambda: services.settings,
        name_for=lambda number: c.name if (c := services.directory.contact_for(number)) else None,
        dial_log=services.dial_log,
        parent_widget=lambda: holder[0] if holder else None,
    )
    sync = SyncController(services.sync_engine_factory())
    loader = HistoryLoader(paths.archive_file)
    window = MainWindow(services, dialer, sync, loader)
    holder.append(window)
    return _RunningApp(app, services, dialer, sync, loader, window)


def _sync_and_load(running: _RunningApp) -> None:
    """Sync the simulator's calls into the archive, then load the whole history."""
    app, sync, loader = running.app, running.sync, running.loader
    synced: list[object] = []
    sync.finished.connect(synced.append)
    sync.sync_now(automatic=False)
    _wait(app, lambda: bool(synced), "the sync")
    loaded: list[int] = []
    loader.finished.connect(loaded.append)
    running.window.load_history()
    _wait(app, lambda: bool(loaded) and not loader.busy, "the history")


def _add_favourites(running: _RunningApp, simulator: Simulator) -> list[str]:
    """What the app does after a sync: the company directory learns the PBX's names, and a few
    people the user calls most are favourites. Returns the outside numbers, most called first."""
    services, window = running.services, running.window
    contacts, archive = services.contacts, services.archive
    contacts.learn_from_calls(archive.directory_entries())
    activity = archive.call_activity()
    services.directory.set_call_activity(activity)
    company = {canonical(n) for n in simulator.company.numbers}
    outside = [n for n in sorted(activity, key=lambda n: -activity[n][0]) if n not in company]
    for number, (name, organisation) in zip(outside, FAVOURITE_CONTACTS, strict=False):
        if contacts.find_by_number(number) is None:
            contact = Contact(
                name=name,
                organisation=organisation,
                numbers=[ContactNumber.of(number)],
                favourite=True,
            )
            contacts.add(contact)
    services.directory.reload()
    window.contacts_view.refresh()
    window.refresh_callbacks()
    return outside


def _shoot_history(running: _RunningApp, path: Path) -> None:
    from fmc_desktop.ui.shell.main_window import Tab

    window = running.window
    window.tabs.setCurrentIndex(int(Tab.HISTORY))
    window.history_view.setFocus()
    window.history_view.selectRow(1)
    _settle(running.app)
    _save(window.grab(), path)


def _shoot_insights(running: _RunningApp, path: Path) -> None:
    from fmc_desktop.ui.shell.main_window import Tab

    window = running.window
    window.tabs.setCurrentIndex(int(Tab.INSIGHTS))
    _wait(running.app, lambda: not window._insights_dirty, "the insights")
    _settle(running.app)
    _save(window.grab(), path)


def _shoot_dial_pad(running: _RunningApp, favourite: str, path: Path) -> None:
    """A number being typed with the contact search answering, then the confirmation over it."""
    from fmc_desktop.ui.shell.main_window import Tab

    app, window, dialer = running.app, running.window, running.dialer
    window.tabs.setCurrentIndex(int(Tab.HISTORY))
    window.history_view.clearSelection()
    window.dial_panel.contact_search.field.insert(FAVOURITE_CONTACTS[0][0][:3].lower())
    _wait(app, lambda: window.dial_panel.contact_search.model.rowCount() > 0, "the contact search")
    window.dial_panel.dial_pad.set_number(_national(favourite))
    window.dial_panel.dial_pad.field.setFocus()
    _settle(app)
    behind = window.grab()
    dialer.dial(favourite, name=FAVOURITE_CONTACTS[0][0], parent=window)
    _wait(app, lambda: dialer.pending_dialog() is not None, "the confirmation")
    dialog = dialer.pending_dialog()
    assert dialog is not None
    _wait(app, dialog.isVisible, "the confirmation to show")
    _settle(app)
    # Where a dialog opens: centred on its window.
    size = window.size()
    at = QPoint((size.width() - dialog.width()) // 2, (size.height() - dialog.height()) // 3)
    _save(_with_dialog(behind, dialog, at), path)
    dialog.reject()
    _wait(app, lambda: dialer.pending_dialog() is None, "the confirmation to close")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--language", choices=(*LANGUAGES, "all"), default="all")
    parser.add_argument("--theme", choices=(*THEMES, "all"), default="all")
    parser.add_argument("--scale", choices=(*SCALES, "all"), default="all")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        take(args.language, args.out.resolve(), args.theme, args.scale)
        # Tearing down Qt's objects in order is the app's job; a screenshot run just ends.
        sys.stdout.flush()
        os._exit(0)
    languages = LANGUAGES if args.language == "all" else (args.language,)
    themes = THEMES if args.theme == "all" else (args.theme,)
    scales = SCALES if args.scale == "all" else (args.scale,)
    screen = Path(tempfile.mkdtemp(prefix="fmc-screen-")) / "laptop.json"
    width, height = LAPTOP
    screen.write_text(
        f'{{"screens": [{{"name": "laptop", "x": 0, "y": 0, "width": {width}, '
        f'"height": {height}}}]}}',
        encoding="utf-8",
    )
    for language in languages:
        for theme in themes:
            for scale in scales:
                # One process per variant: translations, the default locale, the screen and
                # Qt's scale are fixed per process.
                command = [
                    sys.executable,
                    __file__,
                    "--child",
                    "--language",
                    language,
                    "--theme",
                    theme,
                    "--scale",
                    scale,
                    "--out",
                    str(args.out),
                ]
                env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TZ="Europe/Kyiv")
                env.pop("QT_SCALE_FACTOR", None)
                if scale != "1":
                    env.update(
                        QT_QPA_PLATFORM=f"offscreen:configfile={screen}", QT_SCALE_FACTOR=scale
                    )
                done = subprocess.run(command, check=False, env=env)
                if done.returncode != 0:
                    raise SystemExit(f"the {language} {theme} {scale} screenshots failed")
    shutil.rmtree(screen.parent, ignore_errors=True)


if __name__ == "__main__":
    main()

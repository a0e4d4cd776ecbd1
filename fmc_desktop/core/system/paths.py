"""Where the app keeps its settings, call archive, cache and logs.

The folders come from platformdirs, so each system puts them where its users expect. Setting
FMC_DESKTOP_HOME moves all four under one folder (tests and portable installs use it). Demo mode
gets its own "demo" subfolder in each, so simulated calls never mix with the real archive.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from fmc_desktop.core.api.errors import StorageError

APP_NAME = "fmc-desktop"
HOME_ENV = "FMC_DESKTOP_HOME"
SETTINGS_FILE_NAME = "settings.json"
ARCHIVE_FILE_NAME = "calls.sqlite3"
LOG_FILE_NAME = "fmc-desktop.log"
DEMO_FOLDER = "demo"


@dataclass(frozen=True)
class AppPaths:
    config: Path
    data: Path
    cache: Path
    logs: Path

    @classmethod
    def resolve(cls, *, demo: bool = False) -> AppPaths:
        home = os.environ.get(HOME_ENV, "").strip()
        if home:
            root = Path(home).expanduser().absolute()
            paths = cls(
                config=root / "config",
                data=root / "data",
                cache=root / "cache",
                logs=root / "logs",
            )
        else:
            paths = cls(
                config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
                data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
                cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
                logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            )
        if demo:
            paths = cls(
                config=paths.config / DEMO_FOLDER,
                data=paths.data / DEMO_FOLDER,
                cache=paths.cache / DEMO_FOLDER,
                logs=paths.logs / DEMO_FOLDER,
            )
        return paths

    def ensure(self) -> AppPaths:
        """Create the four folders, readable by the user only (the archive lists who they call)."""
        for folder in (self.config, self.data, self.cache, self.logs):
            _make_private_folder(folder)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config / SETTINGS_FILE_NAME

    @property
    def archive_file(self) -> Path:
        return self.data / ARCHIVE_FILE_NAME

    @property
    def log_file(self) -> Path:
        return self.logs / LOG_FILE_NAME


def _make_private_folder(folder: Path) -> None:
    """mkdir -p, where every folder created here ends up 0o700 on POSIX.

    Folders that already existed above it (~/.local/state, a chosen FMC_DESKTOP_HOME) are left
    as they are: they are not ours. mkdir's own mode is filtered by the umask, hence the chmod.
    The folder itself, if it existed, loses what others may do with it, and gains nothing: a
    folder the user made read-only stays read-only (the archive then opens read-only).
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    try:
        for path in reversed(missing):
            path.mkdir(mode=0o700, exist_ok=True)
            if os.name == "posix":
                os.chmod(path, 0o700)
        folder.mkdir(exist_ok=True)  # a file in the way fails here, not later in the archive
    except OSError as error:
        raise StorageError(
            f"The folder {folder} cannot be created ({error.strerror or error}); make its "
            "parent writable, or set FMC_DESKTOP_HOME to a writable folder.",
            path=str(folder),
        ) from None
    if os.name == "posix" and folder not in missing:
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077:
            with contextlib.suppress(OSError):  # not ours to change: leave it
                os.chmod(folder, mode & 0o700)

"""Where the app keeps things: FMC_DESKTOP_HOME moves everything, demo mode is kept apart."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fmc_desktop.core.system.paths import AppPaths


def test_everything_lives_under_fmc_desktop_home(isolated_environment: Path) -> None:
    paths = AppPaths.resolve()

    assert paths.config == isolated_environment / "config"
    assert paths.data == isolated_environment / "data"
    assert paths.cache == isolated_environment / "cache"
    assert paths.logs == isolated_environment / "logs"
    assert paths.settings_file == isolated_environment / "config" / "settings.json"
    assert paths.archive_file == isolated_environment / "data" / "calls.sqlite3"
    assert paths.log_file == isolated_environment / "logs" / "fmc-desktop.log"


def test_demo_mode_has_its_own_folders(isolated_environment: Path) -> None:
    real = AppPaths.resolve()
    demo = AppPaths.resolve(demo=True)

    for real_folder, demo_folder in zip(
        (real.config, real.data, real.cache, real.logs),
        (demo.config, demo.data, demo.cache, demo.logs),
        strict=True,
    ):
        assert demo_folder == real_folder / "demo"
    assert demo.archive_file != real.archive_file
    assert demo.settings_file != real.settings_file
    assert demo.log_file != real.log_file


def test_without_the_variable_platformdirs_decides(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FMC_DESKTOP_HOME")
    paths = AppPaths.resolve()

    # conftest points XDG_* (and HOME) into tmp_path, so this never names the real home.
    for folder in (paths.config, paths.data, paths.cache, paths.logs):
        assert folder.is_relative_to(tmp_path)
        assert "fmc-desktop" in folder.parts
    assert len({paths.config, paths.data, paths.cache, paths.logs}) == 4


def test_ensure_creates_private_folders(isolated_environment: Path) -> None:
    paths = AppPaths.resolve(demo=True).ensure()

    for folder in (paths.config, paths.data, paths.cache, paths.logs):
        assert folder.is_dir()
        if os.name == "posix":
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            # The real folder above "demo" was created on the way: it is private too.
            assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert AppPaths.resolve(demo=True).ensure() == paths  # a second call changes nothing


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_ensure_tightens_an_existing_folder(isolated_environment: Path) -> None:
    paths = AppPaths.resolve()
    paths.config.mkdir(parents=True, mode=0o755)
    os.chmod(paths.config, 0o755)

    paths.ensure()

    assert stat.S_IMODE(paths.config.stat().st_mode) == 0o700

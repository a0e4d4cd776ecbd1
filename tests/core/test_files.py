"""Files written whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fmc_desktop.core.system.files import write_atomically


def test_a_file_is_replaced_whole_and_private_by_default(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "settings.json"
    write_atomically(target, "first\n")
    write_atomically(target, "второй\n")
    assert target.read_text("utf-8") == "второй\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]


def test_a_shared_file_gets_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "entry.desktop"
    write_atomically(target, "[Desktop Entry]\n", mode=0o644, durable=False)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "dials.json"
    write_atomically(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "broken \ud800\n")
    assert target.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dials.json"]


def test_an_export_through_a_symlink_replaces_the_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    import os

    from fmc_desktop.core.system.files import export_stream

    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with export_stream(link) as stream:
        stream.write(b"new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert oct(os.stat(real).st_mode & 0o777) == oct(0o600)


def test_a_failed_export_leaves_the_old_file_and_no_part_file(tmp_path: Path) -> None:
    import pytest

    from fmc_desktop.core.system.files import export_stream

    target = tmp_path / "calls.csv"
    target.write_text("old")

    def export_that_fails() -> None:
        with export_stream(target) as stream:
            stream.write(b"half")
            raise RuntimeError("the archive went away")

    with pytest.raises(RuntimeError):
        export_that_fails()
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.csv"]


def test_the_apps_own_folders_are_refused_as_export_targets(tmp_path: Path) -> None:
    import pytest

    from fmc_desktop.core.system.files import ExportTargetError, app_data_places, export_target
    from fmc_desktop.core.system.paths import AppPaths

    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l").ensure()
    places = app_data_places(paths)
    for target in (paths.archive_file, paths.data / "backups" / "x.csv", paths.log_file):
        with pytest.raises(ExportTargetError, match="own data files"):
            export_target(target, places)
    assert export_target(tmp_path / "calls.csv", places) == "file"

"""Files written whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fmc_desktop.core.files import write_atomically


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

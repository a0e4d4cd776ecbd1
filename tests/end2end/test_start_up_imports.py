"""What the first paint of the history does not need is not imported before it.

The real program starts on an archive, offscreen, and writes the modules it has imported at the
moment its first history rows are painted (FMC_DESKTOP_BENCH_MODULES, ui/shell/bench_markers.py).
Each module below cost the first paint time of its own: the HTTP stack (some 0.15 s), the call
and contact files' readers and writers, Insights, Contacts. They are imported where they are
used, and the sync that needs the HTTP stack starts after the first paint.
"""

from __future__ import annotations

import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import CallRecord
from fmc_desktop.core.archive.store import CallArchive
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import Settings, SettingsStore
from tests.conftest import PYTHON, TEST_NOW, cli_env

NOT_BEFORE_THE_FIRST_PAINT = [
    "requests",
    "urllib3",
    "fmc_desktop.core.api.client",
    "openpyxl",
    "ijson",
    "vobject",
    "defusedxml",
    "fmc_desktop.core.archive.call_import",
    "fmc_desktop.core.archive.call_export",
    "fmc_desktop.core.archive.plain_csv",
    "fmc_desktop.core.contacts.contact_files",
    "fmc_desktop.core.history.insights",
    "fmc_desktop.core.history.insights_oracle",
    "fmc_desktop.ui.archive.call_import",
    "fmc_desktop.ui.archive.view_export",
    "fmc_desktop.ui.insights.view",
    "fmc_desktop.ui.contacts.view",
    "fmc_desktop.ui.settings.dialog",
]


def _calls(count: int) -> list[CallRecord]:
    starts = [(TEST_NOW - timedelta(minutes=5 * i)).astimezone(KYIV) for i in range(count)]
    return [
        CallRecord(
            start=start,
            end=start + timedelta(seconds=30),
            calling_number="0670000001",
            called_number=f"044{i:07d}",
            duration=30,
        )
        for i, start in enumerate(starts)
    ]


@pytest.mark.slow
def test_no_heavy_module_is_imported_before_the_first_rows_are_painted(
    isolated_environment: Path, live_simulator: Any, tmp_path: Path
) -> None:
    sim = live_simulator
    paths = AppPaths.resolve().ensure()
    with CallArchive(paths.archive_file) as archive:
        archive.add_calls(_calls(500))
    user = "0670000001"
    settings = Settings(base_url=sim.base_url, own_numbers=[user], call_as=user)
    settings.ui_state = {"filters": {"period": 4, "scope": 1}}
    SettingsStore(paths.settings_file).save(settings)
    listing = tmp_path / "modules.txt"
    env = cli_env(
        isolated_environment,
        FMC_TOKEN=sim.token,
        FMC_DESKTOP_BENCH_MARKERS="1",
        FMC_DESKTOP_BENCH_MODULES=str(listing),
    )
    with subprocess.Popen(
        [PYTHON, "-m", "fmc_desktop"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            deadline = time.monotonic() + 60
            while not listing.exists() and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()[1].decode("utf-8", "replace")
                time.sleep(0.1)
            time.sleep(0.2)  # the file is written in one go; let it be closed
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
    imported = set(listing.read_text("utf-8").split())
    assert "fmc_desktop.ui.history.view" in imported  # the listing is the app's
    early = [name for name in NOT_BEFORE_THE_FIRST_PAINT if name in imported]
    assert early == [], f"imported before the first paint: {early}"

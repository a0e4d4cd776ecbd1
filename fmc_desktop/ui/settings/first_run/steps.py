"""What the first-run wizard ends with, its pages' order, and what its pages ask of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.system.secrets import TokenSource
from fmc_desktop.core.system.settings import Settings
from fmc_desktop.ui.shell.workers import Progress


@dataclass
class FirstRunOutcome:
    """What the wizard ended with. `demo`: run on the simulator instead; nothing was saved."""

    demo: bool = False
    settings: Settings | None = None
    token_source: TokenSource | None = None
    synced_calls: int = 0
    sync_error: FmcError | None = None
    notes: list[str] = field(default_factory=list)


class PageId:
    WELCOME = 0
    TOKEN = 1
    NUMBERS = 2
    SYNC = 3


@runtime_checkable
class FirstRunSteps(Protocol):
    """What the pages ask of the wizard they are in (the wizard's module imports the pages)."""

    settings: Settings
    outcome: FirstRunOutcome

    def save_numbers(self, own: list[str], company: list[str], call_as: str | None) -> bool: ...

    def first_sync_job(self) -> Callable[[Progress], object]: ...

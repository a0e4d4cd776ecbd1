"""Root that obeys file permissions, for tests of "no permission" on machines that test as root.

CI runs as root, and root writes into a 0500 folder. A child process whose bounding set lacks
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (dropped with prctl before exec) is refused by the
kernel as any user would be, so the test runs for real instead of being skipped.
"""

from __future__ import annotations

import ctypes
import os

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def without_root_powers() -> None:
    """In the child before exec: root that obeys file permissions like any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0

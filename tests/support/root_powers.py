"""Root that obeys file permissions, for tests of "no permission" on machines that test as root.

CI runs as root, and root writes into a 0500 folder. A child process whose bounding set lacks
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (dropped with prctl before exec) is refused by the
kernel as any user would be, so the test runs for real instead of being skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Iterator

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


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


_CAPABILITY_VERSION_3 = 0x20080522


@contextlib.contextmanager
def obeying_file_permissions() -> Iterator[None]:
    """In this process: this thread, and threads it starts meanwhile, are refused by file
    permissions as any user is (root's override is taken out of the effective set and put back
    at the end). A no-op for a user who is not root."""
    if not is_root():
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    saved = data[0].effective
    data[0].effective &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        data[0].effective = saved
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")

"""The Qt-free core, one folder per feature: api, archive, contacts, history, numbers, search,
dialing, system.

Nothing under this package may import PySide6; tests/core/test_no_qt.py proves it.
"""

"""The Qt-free core: API client, call records, time windows, archive, settings, secrets.

Nothing under this package may import PySide6; tests/core/test_no_qt.py proves it.
"""

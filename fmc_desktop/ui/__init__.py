"""The Qt GUI: the window, the tray and the dialogs, one folder per feature and a shell around them.

Everything with widgets, models, threads and the tray lives here; fmc_desktop.core has no Qt.
"""

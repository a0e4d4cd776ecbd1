"""Dialling from the desktop: the flow, dial pad, confirmation, quick dial, tray, compact mode."""

"""Dialling from outside the window: tel:/callto: links and the log of numbers dialled."""

"""The archive from the GUI: background sync, call imports, checks, backups and repair."""

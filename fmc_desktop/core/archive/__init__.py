"""The local call archive (one SQLite file): its sync, import, export, backups and repair."""

"""The app on this computer: folders, settings, secrets, logs, safe writes, autostart, links."""

"""The settings dialog's pages, one module each, and the groups some of them hold."""

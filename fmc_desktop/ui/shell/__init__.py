"""The application around the features: start-up, the main window, services, theme, language."""

"""The command line: `fmc-desktop COMMAND` for scripts and terminals."""

"""The FMC API as the app speaks it: client and factory, formats, records, windows, errors."""

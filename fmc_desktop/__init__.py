"""fmc-desktop: a desktop companion for the Kyivstar Virtual Mobile PBX (FMC)."""

__version__ = "0.1.0"

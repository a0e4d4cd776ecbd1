"""`python -m fmc_desktop` does what the `fmc-desktop` command does."""

import sys

from fmc_desktop.cli.main import main

sys.exit(main())

"""`python -m fmc_desktop` does what the `fmc-desktop` command does."""

import sys

from fmc_desktop.launch import main

sys.exit(main())

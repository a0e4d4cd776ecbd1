"""The bundle's entry point: the `fmc-desktop` command, as `pip install` would make it.

PyInstaller needs a script rather than a console-script entry point; this one lives outside the
package, so the package is imported exactly as it is when installed.
"""

import sys

from fmc_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())

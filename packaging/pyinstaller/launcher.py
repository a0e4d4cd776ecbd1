"""The bundle's entry point: the `fmc-desktop` command, as `pip install` would make it.

PyInstaller needs a script rather than a console-script entry point; this one lives outside the
package, so the package is imported exactly as it is when installed.

With FMC_DESKTOP_BUNDLE_SELF_TEST=imports it instead imports each module named on standard input
(one a line) and reports the ones that fail: the smoke test (packaging/linux/smoke.py) checks
this way that every module of fmc_desktop, and every runtime dependency, made it into the bundle.
"""

import importlib
import os
import sys


def _import_all() -> int:
    names = [line.strip() for line in sys.stdin if line.strip()]
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # every failure is reported, not just the first
            failed.append(f"{name}: {type(error).__name__}: {error}")
    for line in failed:
        sys.stderr.write(f"cannot import {line}\n")
    sys.stdout.write(f"imported {len(names) - len(failed)} of {len(names)} modules\n")
    return 1 if failed or not names else 0


if __name__ == "__main__":
    if os.environ.get("FMC_DESKTOP_BUNDLE_SELF_TEST") == "imports":
        sys.exit(_import_all())
    from fmc_desktop.launch import main

    sys.exit(main())

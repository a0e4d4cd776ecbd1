"""Use the built app the way a user does, and fail loudly when any step does not work.

    python packaging/linux/smoke.py bundle dist/fmc-desktop-VERSION-linux-ARCH.tar.gz
    python packaging/linux/smoke.py pipx .          # a pipx install from the checkout

`bundle`: unpack the tarball, run its install.sh into a temporary HOME, check the glibc it needs,
import every module of fmc_desktop (and every runtime dependency) inside the bundle, open the
window on a virtual screen (Xvfb + openbox) with --demo, wait until the history is painted, take
a screenshot (build/smoke/window.png), hand the app a tel: link from a second process and see the
confirmation, quit from the keyboard, then run sync, export, import and history, and finally
`install.sh --uninstall`.

`pipx`: the same without the screen, for `pipx install` of the checkout into a temporary
PIPX_HOME (pipx from PATH, else `python -m pipx`), then `pipx uninstall`.

Runs with the build environment's Python (it reads the runtime dependencies from its metadata).
Needs Xvfb, openbox, xdotool and ImageMagick for `bundle`; .ci/run installs them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "packaging" / "pyinstaller"))
import bundle_contents  # noqa: E402

OUT = REPO / "build" / "smoke"
MIN_GLIBC = (2, 36)  # the README promises this; Debian 12 is the build base
MARKER = "fmc-desktop marker: "
LINK = "tel:+38-044-111-11-11"
CONFIRM_TITLE = "Confirm the call"


class SmokeFailed(Exception):
    pass


def say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def step(text: str) -> None:
    say(f"-- {text}")


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """A new user's environment: nothing from the checkout or the build's Python leaks in."""
    keep = ("PATH", "TZ", "TMPDIR")
    # pip's own settings (index, cache, certificates) belong to the machine, not to the user.
    env = {k: v for k, v in os.environ.items() if k in keep or k.startswith("PIP_")}
    pip_conf = Path.home() / ".config" / "pip" / "pip.conf"
    if "PIP_CONFIG_FILE" not in env and pip_conf.is_file():
        env["PIP_CONFIG_FILE"] = str(pip_conf)
    if "PIP_CACHE_DIR" not in env:
        env["PIP_CACHE_DIR"] = str(Path.home() / ".cache" / "pip")
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        LANG="C.UTF-8",
        # No keyring service in a smoke test: the demo never asks for one.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    env.update(extra)
    return env


def run(
    argv: list[str], env: dict[str, str], *, cwd: Path | None = None, stdin: str | None = None
) -> str:
    result = subprocess.run(
        argv,
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if result.returncode != 0:
        raise SmokeFailed(
            f"{' '.join(argv)} exited with {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def expected_modules() -> list[str]:
    """Every module of fmc_desktop, and the top-level module of every runtime dependency."""
    ours = [m for m in bundle_contents.fmc_desktop_modules() if not m.endswith("__main__")]
    return ours + sorted(bundle_contents.runtime_modules(bundle_contents.also_requested()))


# --- the glibc the bundle needs ---------------------------------------------------------------


def _glibc_versions(path: Path) -> set[tuple[int, int]]:
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return set()
    return {(2, int(m.group(1))) for m in re.finditer(rb"GLIBC_2\.(\d+)", data)}


def check_glibc(bundle: Path) -> None:
    running = os.confstr("CS_GNU_LIBC_VERSION") or ""
    match = re.fullmatch(r"glibc (\d+)\.(\d+).*", running)
    if not match or (int(match.group(1)), int(match.group(2))) < MIN_GLIBC:
        raise SmokeFailed(f"this machine has {running!r}; the bundle needs glibc 2.36 or newer")
    needed: set[tuple[int, int]] = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.suffix == ""):
            needed |= _glibc_versions(path)
    newest = max(needed, default=(0, 0))
    if newest > MIN_GLIBC:
        raise SmokeFailed(f"the bundle needs glibc {newest[0]}.{newest[1]}, newer than 2.36")
    say(f"   glibc: the machine has {running}; the bundle needs at most {newest[0]}.{newest[1]}")


# --- the virtual screen -----------------------------------------------------------------------


@contextlib.contextmanager
def virtual_screen(scratch: Path) -> Iterator[str]:
    """Xvfb with openbox on a free display; yields the DISPLAY value."""
    for tool in ("Xvfb", "openbox", "xdotool", "xprop", "import", "identify"):
        if shutil.which(tool) is None:
            raise SmokeFailed(
                f"{tool} is missing (Debian: xvfb openbox xdotool x11-utils imagemagick)"
            )
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=(scratch / "xvfb.log").open("w"),
    )
    os.close(write_fd)
    wm = None
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SmokeFailed("Xvfb did not start (see xvfb.log)")
        display = f":{number}"
        env = {**os.environ, "DISPLAY": display}
        wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(scratch / "openbox.log").open("w"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["xdotool", "getactivewindow"], env=env, capture_output=True, check=False
            )
            # openbox answers (even "no active window") once it manages the screen.
            if b"XGetWindowProperty" not in probe.stderr:
                break
            time.sleep(0.2)
        yield display
    finally:
        for proc in (wm, xvfb):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def find_windows(display: str, *args: str) -> list[str]:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.split()


def wait_for_window(display: str, *args: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find_windows(display, *args)
        if found:
            return found[-1]
        time.sleep(0.2)
    raise SmokeFailed(f"no window matching {' '.join(args)} appeared in {timeout:.0f} s")


def xdotool(display: str, *args: str) -> None:
    subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=30
    )


def check_window_class(display: str, window: str, home: Path) -> None:
    """Docks match the window to the menu entry by WM_CLASS = the entry's StartupWMClass."""
    said = subprocess.run(
        ["xprop", "-id", window, "WM_CLASS"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    entry = home / ".local" / "share" / "applications" / f"{bundle_contents.APP_ID}.desktop"
    wanted = re.search(r"^StartupWMClass=(.*)$", entry.read_text("utf-8"), re.MULTILINE)
    if wanted is None or f'"{wanted.group(1)}"' not in said:
        raise SmokeFailed(f"the window's {said.strip()} does not match the menu entry {entry}")
    say(f"   the window's WM_CLASS matches the menu entry: {wanted.group(1)}")


def screenshot(display: str, target: Path) -> int:
    """The whole screen into a PNG; returns its number of distinct colours."""
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["import", "-window", "root", str(target)], env=env, check=True, timeout=60)
    colours = subprocess.run(
        ["identify", "-format", "%k", str(target)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return int(colours.strip())


# --- the app as a process ---------------------------------------------------------------------


class RunningApp:
    """The GUI as a process; reads the benchmark markers from its stderr."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._file = log.open("w")
        self.proc = subprocess.Popen(argv, env=env, stdout=self._file, stderr=self._file)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.log.read_text("utf-8", "replace")
            if text in seen:
                return
            if self.proc.poll() is not None:
                raise SmokeFailed(f"the app exited with {self.proc.returncode}:\n{seen}")
            time.sleep(0.2)
        raise SmokeFailed(f"{text!r} did not appear in {timeout:.0f} s:\n{self.log.read_text()}")

    def wait_exit(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise SmokeFailed("the app did not quit") from None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._file.close()


def gui_smoke(program: Path, home: Path, scratch: Path) -> None:
    with virtual_screen(scratch) as display:
        env = user_env(home, DISPLAY=display, QT_QPA_PLATFORM="xcb", FMC_DESKTOP_BENCH_MARKERS="1")
        step(f"opening the window on the virtual screen {display} (--demo)")
        app = RunningApp([str(program), "--demo"], env, scratch / "gui.log")
        try:
            app.wait_for(MARKER + "sync finished", timeout=120)
            app.wait_for(MARKER + "first rows painted", timeout=60)
            window = wait_for_window(display, "--pid", str(app.proc.pid), timeout=30)
            check_window_class(display, window, home)
            time.sleep(1)  # the compositor-less screen shows the last paint at once; a margin
            shot = OUT / "window.png"
            colours = screenshot(display, shot)
            say(f"   screenshot: {shot} ({colours} colours)")
            if colours < 64:
                raise SmokeFailed(f"the screenshot is blank ({colours} colours): {shot}")

            step(f"handing over {LINK} from a second process")
            run([str(program), "--demo", LINK], env)
            dialog = wait_for_window(display, "--name", CONFIRM_TITLE, timeout=30)
            screenshot(display, OUT / "confirm.png")
            say(f"   the confirmation is on screen: {OUT / 'confirm.png'}")
            xdotool(display, "windowactivate", "--sync", dialog, "key", "Escape")
            deadline = time.monotonic() + 20
            while find_windows(display, "--name", CONFIRM_TITLE):
                if time.monotonic() > deadline:
                    raise SmokeFailed("the confirmation did not close on Escape")
                time.sleep(0.2)

            step("quitting with Ctrl+Q")
            xdotool(display, "windowactivate", "--sync", window, "key", "ctrl+q")
            code = app.wait_exit(30)
        finally:
            app.stop()
        if code != 0:
            raise SmokeFailed(f"the app quit with {code}:\n{app.log.read_text()}")
    logs = "".join(p.read_text("utf-8", "replace") for p in sorted(home.rglob("*.log")))
    if "shut down cleanly" not in logs:
        raise SmokeFailed("the app's log does not say it shut down cleanly")
    if "Traceback" in logs or "Traceback" in app.log.read_text():
        raise SmokeFailed(f"a traceback was logged:\n{logs}")


def cli_smoke(program: Path, home: Path, scratch: Path) -> None:
    env = user_env(home, QT_QPA_PLATFORM="offscreen")
    said = run([str(program), "--version"], env).strip()
    if not said.startswith("fmc-desktop "):
        raise SmokeFailed(f"--version said {said!r}")
    step("sync, export, import, history (--demo)")
    say("   " + run([str(program), "--demo", "sync"], env).strip().replace("\n", "\n   "))
    for fmt in ("csv", "excel-csv", "json", "xlsx"):
        exported = scratch / f"calls-{fmt}.{fmt.removeprefix('excel-')}"
        run([str(program), "--demo", "export", "--format", fmt, "-o", str(exported)], env)
        if exported.stat().st_size < 100:
            raise SmokeFailed(f"the {fmt} export is nearly empty")
        if fmt == "xlsx":
            # XLSX is for people, not for `import`: a workbook (a zip) that openpyxl wrote is
            # what to check, and that the bundle carried openpyxl to write it.
            if exported.read_bytes()[:2] != b"PK":
                raise SmokeFailed("the xlsx export is not a workbook")
            say(f"   export xlsx: {exported.stat().st_size} bytes")
            continue
        said = run([str(program), "--demo", "import", str(exported)], env)
        say(f"   export+import {fmt}: {said.strip().splitlines()[-1] if said.strip() else 'ok'}")
    history = run([str(program), "--demo", "history", "--days", "7", "--format", "json"], env)
    if history.count('"') < 10:
        raise SmokeFailed(f"history printed almost nothing: {history[:200]}")
    say(f"   history printed {len(history)} characters of JSON")


def import_smoke(python_or_bundle: list[str], env: dict[str, str]) -> None:
    names = expected_modules()
    said = run(python_or_bundle, env, stdin="\n".join(names) + "\n")
    say("   " + said.strip())


# --- the two ways of installing ---------------------------------------------------------------


def smoke_bundle(tarball: Path, scratch: Path) -> None:
    home = scratch / "home"
    home.mkdir()
    step(f"unpacking {tarball.name} and running install.sh into {home}")
    with tarfile.open(tarball) as archive:
        archive.extractall(scratch / "unpacked", filter="data")
    (release,) = (scratch / "unpacked").iterdir()
    env = user_env(home)
    say("   " + run([str(release / "install.sh")], env).strip().replace("\n", "\n   "))
    program = home / ".local" / "bin" / "fmc-desktop"
    prefix = home / ".local" / "opt" / "fmc-desktop"
    check_glibc(prefix)

    step("importing every module of fmc_desktop and every runtime dependency in the bundle")
    import_smoke([str(program)], user_env(home, FMC_DESKTOP_BUNDLE_SELF_TEST="imports"))

    gui_smoke(program, home, scratch)
    cli_smoke(program, home, scratch)

    step("~/.local/opt/fmc-desktop/install.sh --uninstall (the tarball is gone by now)")
    shutil.rmtree(scratch / "unpacked")
    run([str(prefix / "install.sh"), "--uninstall"], env)
    left = [p for p in home.rglob("*") if "fmc_desktop.FmcDesktop" in p.name]
    left += [p for p in home.rglob("*.desktop") if "fmc-desktop" in p.read_text()]
    if program.exists() or prefix.exists() or left:
        raise SmokeFailed(f"the uninstall left: {[str(p) for p in left]}")


def pipx_command() -> list[str]:
    found = shutil.which("pipx")
    if found:
        return [found]
    probe = subprocess.run([sys.executable, "-m", "pipx", "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "pipx"]
    raise SmokeFailed("pipx is not installed (pip install pipx)")


def smoke_pipx(checkout: Path, scratch: Path) -> None:
    home = scratch / "home"
    home.mkdir()
    pipx_home = scratch / "pipx"
    bin_dir = scratch / "pipx-bin"
    env = user_env(
        home,
        PIPX_HOME=str(pipx_home),
        PIPX_BIN_DIR=str(bin_dir),
        PIPX_MAN_DIR=str(scratch / "pipx-man"),
        PATH=f"{bin_dir}:{os.environ['PATH']}",
    )
    pipx = pipx_command()
    step(f"pipx install {checkout} into {pipx_home}")
    run([*pipx, "install", "--python", sys.executable, str(checkout)], env)
    program = bin_dir / "fmc-desktop"
    python = pipx_home / "venvs" / "fmc-desktop" / "bin" / "python"

    step("importing every module of fmc_desktop and every runtime dependency in the pipx venv")
    code = (
        "import importlib, sys\n"
        "names = [n.strip() for n in sys.stdin if n.strip()]\n"
        "for n in names: importlib.import_module(n)\n"
        "print(f'imported {len(names)} of {len(names)} modules')\n"
    )
    import_smoke([str(python), "-I", "-c", code], env)
    cli_smoke(program, home, scratch)

    step("register-handler, then unregister-handler and pipx uninstall")
    run([str(program), "register-handler"], env)
    entries = list((home / ".local" / "share" / "applications").glob("*.desktop"))
    if not entries or f"TryExec={program}" not in entries[0].read_text():
        raise SmokeFailed(f"register-handler wrote no entry that names {program}")
    run([str(program), "unregister-handler"], env)
    run([*pipx, "uninstall", "fmc-desktop"], env)
    left = [p for p in home.rglob("*") if p.suffix in (".desktop", ".png", ".svg")]
    if left or program.exists():
        raise SmokeFailed(f"left after unregister-handler and pipx uninstall: {left}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["bundle", "pipx"])
    parser.add_argument("source", type=Path, help="the tarball (bundle) or the checkout (pipx)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"fmc-smoke-{args.kind}-") as tmp:
        try:
            if args.kind == "bundle":
                smoke_bundle(args.source.resolve(), Path(tmp))
            else:
                smoke_pipx(args.source.resolve(), Path(tmp))
        except SmokeFailed as failure:
            say(f"SMOKE FAILED ({args.kind}): {failure}", error=True)
            for log in sorted(Path(tmp).glob("*.log")):
                shutil.copy(log, OUT / f"{args.kind}-{log.name}")
            return 1
    say(f"== smoke ({args.kind}) passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

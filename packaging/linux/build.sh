#!/usr/bin/env bash
# Build fmc-desktop for Linux:
#   dist/fmc-desktop/                                the one-folder bundle (dist/fmc-desktop/fmc-desktop)
#   dist/fmc-desktop-VERSION-linux-ARCH.tar.gz       the bundle with install.sh, for users
#
#   bash packaging/linux/build.sh              build, then check that the bundle runs (headless)
#   bash packaging/linux/build.sh --no-check   build only
#   PYTHON=/usr/bin/python3.11 bash packaging/linux/build.sh
#
# Uses the project's .venv when there is one (the Python with PySide6 and the app's dependencies
# installed); installs PyInstaller into it when it is missing. Takes about a minute on 2 cores.
# What goes in is decided in packaging/pyinstaller/bundle_contents.py; packaging/linux/smoke.py
# then uses the tarball as a user would (CI runs both). To measure the size with dependencies
# that are planned but not declared yet: FMC_BUNDLE_ALSO="psycopg[binary] openpyxl" bash build.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
case $python in
  /*) ;;
  */*) python=$repo/$python ;;
  *) python=$(command -v "$python") ;;
esac
check=1
for arg in "$@"; do
  case $arg in
    --no-check) check=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

version=$("$python" -c 'import fmc_desktop; print(fmc_desktop.__version__)')
arch=$(uname -m)
name=fmc-desktop-$version-linux-$arch

if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
  echo "== installing PyInstaller"
  "$python" -m pip install -q "pyinstaller>=6.10"
fi

echo "== building the bundle (PyInstaller)"
started=$SECONDS
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/fmc-desktop.spec
bundle=dist/fmc-desktop
echo "== bundle built in $((SECONDS - started)) s, $(du -sh "$bundle" | cut -f1)"

if [ "$check" = 1 ]; then
  echo "== checking the bundle"
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # The bundle runs on its own: no checkout on sys.path, no display, and its own data folder.
  (
    cd "$scratch"
    export QT_QPA_PLATFORM=offscreen FMC_DESKTOP_HOME="$scratch/home" HOME="$scratch"
    unset PYTHONPATH PYTHONHOME
    said=$("$repo/$bundle/fmc-desktop" --version)
    [ "$said" = "fmc-desktop $version" ] || { echo "--version said: $said" >&2; exit 1; }
    "$repo/$bundle/fmc-desktop" --demo calls --days 1 --format json > calls.json
    "$python" - calls.json <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as file:
    calls = json.load(file)
if not calls:
    raise SystemExit("the demo printed no calls")
print(f"   --demo calls printed JSON ({len(calls)} entries)")
PY
  )
  internal=$bundle/_internal
  for needed in \
    "$internal/PySide6/Qt/plugins/iconengines/libqsvgicon.so" \
    "$internal/PySide6/Qt/lib/libQt6Svg.so.6" \
    "$internal/PySide6/Qt/plugins/platforms/libqxcb.so" \
    "$internal/PySide6/Qt/plugins/platforms/libqwayland.so" \
    "$internal/fmc_desktop/resources/icons/app/fmc-desktop-512.png" \
    "$internal/fmc_desktop/resources/icons/window/dial.svg"; do
    [ -e "$needed" ] || { echo "missing from the bundle: $needed" >&2; exit 1; }
  done
  ls "$internal"/fmc_desktop/resources/i18n/*.qm >/dev/null \
    || { echo "missing from the bundle: the translations (*.qm)" >&2; exit 1; }
  echo "   --version, --demo calls, icons, translations and Qt plugins: fine"
fi

echo "== packing $name.tar.gz"
bash packaging/linux/stage.sh "$bundle" "build/$name"
tar -C build --owner=0 --group=0 --numeric-owner -czf "dist/$name.tar.gz" "$name"
echo "== dist/$name.tar.gz, $(du -h "dist/$name.tar.gz" | cut -f1); users run ./install.sh in it"

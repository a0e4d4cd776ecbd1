#!/usr/bin/env bash
# Build fmc-desktop for macOS (run on a Mac; not yet built on one by the project):
#   dist/fmc-desktop.app                               the app bundle, windowed, with Info.plist
#   dist/fmc-desktop-VERSION-macos-ARCH.dmg            a disk image to drag it to Applications
#
#   bash packaging/macos/build.sh
#   CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" bash packaging/macos/build.sh
#
# packaging/pyinstaller/fmc-desktop.spec makes the .app on macOS (the equivalent of PyInstaller's
# --windowed) and merges packaging/macos/Info.plist into it: CFBundleURLTypes registers tel: and
# callto: with Launch Services when the app is first seen in /Applications, and the links then
# reach the running app through QDesktopServices.setUrlHandler.
#
# Signing: without CODESIGN_IDENTITY the bundle keeps PyInstaller's ad-hoc signature, which runs
# on the machine that built it; a copy downloaded from elsewhere is stopped by Gatekeeper. To hand
# it to others, sign with a Developer ID and notarize:
#   CODESIGN_IDENTITY=... bash packaging/macos/build.sh
#   xcrun notarytool submit dist/fmc-desktop-*.dmg --keychain-profile PROFILE --wait
#   xcrun stapler staple dist/fmc-desktop-*.dmg
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=$repo/.venv/bin/python; else python=$(command -v python3); fi
fi

version=$("$python" -c 'import fmc_desktop; print(fmc_desktop.__version__)')
name=fmc-desktop-$version-macos-$(uname -m)

if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
  "$python" -m pip install -q "pyinstaller>=6.10"
fi

echo "== building the app bundle (PyInstaller)"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/fmc-desktop.spec
app=dist/fmc-desktop.app
plutil -lint "$app/Contents/Info.plist"

echo "== checking the bundle"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(
  cd "$scratch"
  export QT_QPA_PLATFORM=offscreen FMC_DESKTOP_HOME="$scratch/home"
  "$repo/$app/Contents/MacOS/fmc-desktop" --version
  "$repo/$app/Contents/MacOS/fmc-desktop" --demo calls --days 1 --format json > calls.json
  "$python" -c 'import json, sys; assert json.load(open(sys.argv[1])), "no calls"' calls.json
)

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  echo "== signing with $CODESIGN_IDENTITY"
  # The hardened runtime is what notarization asks for.
  codesign --force --deep --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
fi

echo "== making $name.dmg"
rm -f "dist/$name.dmg"
hdiutil create -volname fmc-desktop -srcfolder "$app" -ov -format UDZO "dist/$name.dmg"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "dist/$name.dmg"
fi
echo "== dist/$name.dmg"

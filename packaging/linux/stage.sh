#!/usr/bin/env bash
# Lay out the Linux release folder around a built bundle: what the tarball holds.
#
#   bash packaging/linux/stage.sh BUNDLE_DIR OUT_DIR
#
#   OUT_DIR/fmc-desktop/                  the bundle (a copy of BUNDLE_DIR)
#   OUT_DIR/install.sh                    installs it for the user (./install.sh --uninstall removes)
#   OUT_DIR/share/applications/ID.desktop, share/metainfo/ID.metainfo.xml,
#   OUT_DIR/share/icons/hicolor/{16x16..512x512,scalable}/apps/ID.{png,svg}
#
# build.sh runs it; tests/packaging runs it on a stand-in bundle to check install.sh.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: stage.sh BUNDLE_DIR OUT_DIR" >&2; exit 2; }
bundle=$1
out=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
app_id=io.github.fmc_desktop.FmcDesktop
icons=$repo/fmc_desktop/resources/icons/app

rm -rf "$out"
mkdir -p "$out/share/applications" "$out/share/metainfo" "$out/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$out/fmc-desktop"
install -m 755 "$repo/packaging/linux/install.sh" "$out/install.sh"
install -m 644 "$repo/packaging/linux/$app_id.desktop" "$out/share/applications/$app_id.desktop"
install -m 644 "$repo/packaging/linux/$app_id.metainfo.xml" "$out/share/metainfo/$app_id.metainfo.xml"
for size in 16 22 24 32 48 64 96 128 256 512; do
  mkdir -p "$out/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$icons/fmc-desktop-$size.png" "$out/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -m 644 "$icons/fmc-desktop.svg" "$out/share/icons/hicolor/scalable/apps/$app_id.svg"

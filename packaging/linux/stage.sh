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
# The homepage and screenshots only once the project has a public address (one setting, in
# packaging/public-address.env; FMC_PUBLIC_ADDRESS overrides it for a test build).
PUBLIC_ADDRESS=
. "$repo/packaging/public-address.env"
address=${FMC_PUBLIC_ADDRESS-$PUBLIC_ADDRESS}
metainfo=$out/share/metainfo/$app_id.metainfo.xml
if [ -n "$address" ]; then
  case $address in
    https://*) ;;
    *) echo "stage.sh: the public address must start with https:// ($address)" >&2; exit 2 ;;
  esac
  case $address in
    *[\<\>\&\"\'\|\ ]*) echo "stage.sh: the public address has characters XML or sed would misread" >&2; exit 2 ;;
  esac
  sed -e "s|^  <launchable |  <url type=\"homepage\">$address</url>\\
  <screenshots>\\
    <screenshot type=\"default\">\\
      <caption>The call history and the dial pad</caption>\\
      <image>$address/screenshots/window.png</image>\\
    </screenshot>\\
    <screenshot>\\
      <caption>The window in Ukrainian</caption>\\
      <image>$address/screenshots/window-uk.png</image>\\
    </screenshot>\\
  </screenshots>\\
\\
  <launchable |" "$repo/packaging/linux/$app_id.metainfo.xml" > "$metainfo"
  chmod 644 "$metainfo"
else
  install -m 644 "$repo/packaging/linux/$app_id.metainfo.xml" "$metainfo"
fi
for size in 16 22 24 32 48 64 96 128 256 512; do
  mkdir -p "$out/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$icons/fmc-desktop-$size.png" "$out/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -m 644 "$icons/fmc-desktop.svg" "$out/share/icons/hicolor/scalable/apps/$app_id.svg"

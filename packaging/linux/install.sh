#!/bin/sh
# Install fmc-desktop for the current user, from the unpacked release tarball. No root needed.
#
#   ./install.sh               install, or update an earlier install
#   ./install.sh --uninstall   remove everything this script installed (a copy of this script
#                              stays in ~/.local/opt/fmc-desktop/ for that)
#
# It puts the app in ~/.local/opt/fmc-desktop and the `fmc-desktop` command in ~/.local/bin,
# adds the menu entry, the icons and the software-centre metadata under ~/.local/share, and makes
# fmc-desktop the program that opens tel: and callto: links. The app always asks before it dials
# a number that came from a link.
set -eu

APP_ID=io.github.fmc_desktop.FmcDesktop
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
config=${XDG_CONFIG_HOME:-$HOME/.config}
prefix=$HOME/.local/opt/fmc-desktop
bin=$HOME/.local/bin
applications=$data/applications
entry=$applications/$APP_ID.desktop
metainfo=$data/metainfo/$APP_ID.metainfo.xml
hicolor=$data/icons/hicolor
sizes="16 22 24 32 48 64 96 128 256 512"
links="x-scheme-handler/tel x-scheme-handler/callto"
autostart=$config/autostart

# The in-app "start at login" switch writes $autostart/$APP_ID.desktop (older versions:
# fmc-desktop.desktop, recognised by its Name=).
forget_autostart() {
  rm -f "$autostart/$APP_ID.desktop"
  if [ -f "$autostart/fmc-desktop.desktop" ] && grep -qx 'Name=fmc-desktop' "$autostart/fmc-desktop.desktop"; then
    rm -f "$autostart/fmc-desktop.desktop"
  fi
}

say() { printf '%s\n' "$*"; }

refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$hicolor" 2>/dev/null || true
  fi
  # Desktops that watch the theme folder's time notice new icons without a cache.
  if [ -d "$hicolor" ]; then touch "$hicolor"; fi
}

# Take our entries (this one, and the old name `register-handler` used) out of the link defaults in
# a mimeapps.list: xdg-mime can set a default but not unset one. Other programs' defaults stay.
forget_defaults() {
  list=$1
  [ -f "$list" ] || return 0
  tmp=$list.fmc-desktop.$$
  awk -v id="$APP_ID.desktop" -v old="fmc-desktop.desktop" '
    /^x-scheme-handler\/(tel|callto)=/ {
      split($0, kv, "="); n = split(kv[2], apps, ";"); kept = ""
      for (i = 1; i <= n; i++) if (apps[i] != "" && apps[i] != id && apps[i] != old) kept = kept apps[i] ";"
      if (kept != "") print kv[1] "=" kept
      next
    }
    { print }
  ' "$list" > "$tmp" && mv "$tmp" "$list"
}

uninstall() {
  rm -rf "$prefix"
  if [ -L "$bin/fmc-desktop" ] && [ "$(readlink "$bin/fmc-desktop")" = "$prefix/fmc-desktop" ]; then
    rm -f "$bin/fmc-desktop"
  fi
  rm -f "$entry" "$metainfo" "$hicolor/scalable/apps/$APP_ID.svg"
  for size in $sizes; do rm -f "$hicolor/${size}x${size}/apps/$APP_ID.png"; done
  old=$applications/fmc-desktop.desktop
  if [ -f "$old" ] && grep -qx 'X-FMC-Desktop-Handler=true' "$old"; then rm -f "$old"; fi
  forget_autostart
  forget_defaults "$config/mimeapps.list"
  forget_defaults "$applications/mimeapps.list"
  refresh_caches
  say "fmc-desktop was removed (with its menu entry, icons, tel: default and start at login)."
  say "Your call archive, contacts and settings were kept, and so was the token in your keyring:"
  say "run 'fmc-desktop logout' before uninstalling to remove it."
}

install() {
  [ -x "$here/fmc-desktop/fmc-desktop" ] || {
    say "install.sh: run me from the unpacked fmc-desktop tarball (fmc-desktop/ is missing)." >&2
    exit 1
  }
  # The Exec line of a desktop entry gives a meaning to these characters; a home folder with one
  # of them is rare enough to ask the user to install by hand.
  case $prefix in
    *[\"\`\$\\%]*) say "install.sh: cannot write a menu entry for $prefix" >&2; exit 1 ;;
  esac

  # Copy beside the old version, then swap, so a failed copy leaves the old one working.
  mkdir -p "$(dirname "$prefix")"
  rm -rf "$prefix.new"
  cp -R "$here/fmc-desktop" "$prefix.new"
  # So that uninstalling does not need the tarball: ~/.local/opt/fmc-desktop/install.sh --uninstall
  cp "$here/install.sh" "$prefix.new/install.sh"
  rm -rf "$prefix"
  mv "$prefix.new" "$prefix"
  mkdir -p "$bin"
  ln -sfn "$prefix/fmc-desktop" "$bin/fmc-desktop"

  mkdir -p "$applications" "$(dirname "$metainfo")"
  # The menu starts the app by its full path: ~/.local/bin is not on every session's PATH. TryExec
  # hides the entry if the app is deleted by hand; the mark lets `fmc-desktop unregister-handler`
  # and the app's own clean-up of stale entries recognise the entry as fmc-desktop's.
  sed -e "s|^Exec=.*|Exec=\"$prefix/fmc-desktop\" %u|" \
      -e "s|^TryExec=.*|TryExec=$prefix/fmc-desktop|" \
      "$here/share/applications/$APP_ID.desktop" > "$entry"
  echo "X-FMC-Desktop-Handler=true" >> "$entry"
  chmod 644 "$entry"
  cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$metainfo"
  for size in $sizes; do
    mkdir -p "$hicolor/${size}x${size}/apps"
    cp "$here/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$hicolor/${size}x${size}/apps/"
  done
  mkdir -p "$hicolor/scalable/apps"
  cp "$here/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$hicolor/scalable/apps/"

  # An entry left by `fmc-desktop register-handler` from a pip install would show the app twice
  # in the menu; it carries a mark saying it is ours to remove.
  old=$applications/fmc-desktop.desktop
  if [ -f "$old" ] && grep -qx 'X-FMC-Desktop-Handler=true' "$old"; then
    rm -f "$old"
    forget_defaults "$config/mimeapps.list"
    forget_defaults "$applications/mimeapps.list"
    forget_old=1
  else
    forget_old=0
  fi

  if command -v xdg-mime >/dev/null 2>&1; then
    for link in $links; do xdg-mime default "$APP_ID.desktop" "$link"; done
    say "fmc-desktop now opens tel: and callto: links."
  else
    say "xdg-mime was not found (package xdg-utils): choose fmc-desktop for tel: links in your"
    say "desktop's default-applications settings."
  fi
  if [ "$forget_old" = 1 ]; then
    say "Replaced the menu entry that 'fmc-desktop register-handler' had added."
  fi
  refresh_caches

  say "fmc-desktop is installed in $prefix."
  say "Start it from the applications menu, or run: $bin/fmc-desktop"
  case ":$PATH:" in
    *":$bin:"*) ;;
    *) say "(Add $bin to your PATH to type just 'fmc-desktop'.)" ;;
  esac
}

case ${1:-} in
  "") install ;;
  --uninstall) uninstall ;;
  -h|--help) sed -n '2,11p' "$0" ;;
  *) say "install.sh: unknown option $1 (use --uninstall to remove the app)" >&2; exit 2 ;;
esac

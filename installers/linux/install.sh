#!/usr/bin/env bash
# Per-user install of an unpacked Veeduría bundle: program in ~/.local/share/veeduria-app,
# commands in ~/.local/bin, menu entry and icon. The data folder (~/.local/share/Veeduria)
# is separate and never touched.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX="${DATA_HOME}/veeduria-app"
BIN="${HOME}/.local/bin"

mkdir -p "${PREFIX}" "${BIN}" "${DATA_HOME}/applications" "${DATA_HOME}/icons/hicolor/256x256/apps" \
  "${DATA_HOME}/icons/hicolor/scalable/apps"
rm -rf "${PREFIX}/veeduria"
cp -a "${HERE}/veeduria" "${PREFIX}/veeduria"
cp "${HERE}/uninstall.sh" "${PREFIX}/uninstall.sh"
ln -sf "${PREFIX}/veeduria/veeduria" "${BIN}/veeduria"
ln -sf "${PREFIX}/veeduria/veeduria-gui" "${BIN}/veeduria-gui"
install -m 0644 "${HERE}/veeduria.png" "${DATA_HOME}/icons/hicolor/256x256/apps/veeduria.png"
install -m 0644 "${HERE}/veeduria.svg" "${DATA_HOME}/icons/hicolor/scalable/apps/veeduria.svg"
sed "s|@BINDIR@|${PREFIX}/veeduria|g" "${HERE}/veeduria.desktop.in" > "${DATA_HOME}/applications/veeduria.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "${DATA_HOME}/applications" || true
echo "Veeduría quedó instalada en ${PREFIX} (menú: «Veeduría»; terminal: ${BIN}/veeduria)."

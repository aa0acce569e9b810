#!/usr/bin/env bash
# Remove the per-user install. The data folder (~/.local/share/Veeduria: database, photos,
# reports, backups) is kept on purpose: evidence must survive a reinstall.
set -euo pipefail
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -rf "${DATA_HOME}/veeduria-app"
rm -f "${HOME}/.local/bin/veeduria" "${HOME}/.local/bin/veeduria-gui" "${DATA_HOME}/applications/veeduria.desktop" \
  "${DATA_HOME}/icons/hicolor/256x256/apps/veeduria.png" "${DATA_HOME}/icons/hicolor/scalable/apps/veeduria.svg"
echo "Veeduría se desinstaló. Sus datos siguen en ${DATA_HOME}/Veeduria (bórrelos a mano solo si está seguro)."

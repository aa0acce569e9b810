#!/usr/bin/env bash
# Build the Linux bundle: PyInstaller one-folder → veeduria-VERSION-linux-ARCH.tar.gz with a
# .desktop entry, the icon and install.sh/uninstall.sh for a per-user install (no root).
#
#   installers/linux/build.sh [--out DIR]      (default DIR: dist/)
#
# Needs: the project installed in the current Python (pip install ".[postgres]") and
# pyinstaller (pip install ".[installers]"). Prints the archive's path on its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${ROOT}/dist"
if [ "${1:-}" = "--out" ]; then OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; fi
PYTHON="${PYTHON:-python}"
WORK="$(mktemp -d /tmp/veeduria-build.XXXXXX)"
trap 'rm -rf "${WORK}"' EXIT

VERSION="$("${PYTHON}" -c 'import veeduria_app; print(veeduria_app.__version__)')"
ARCH="$(uname -m)"
NAME="veeduria-${VERSION}-linux-${ARCH}"

echo "== PyInstaller (${NAME})"
cd "${ROOT}"
"${PYTHON}" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "${WORK}/dist" --workpath "${WORK}/build" installers/veeduria.spec

STAGE="${WORK}/${NAME}"
mkdir -p "${STAGE}"
mv "${WORK}/dist/veeduria" "${STAGE}/veeduria"
install -m 0644 resources/icons/veeduria-256.png "${STAGE}/veeduria.png"
install -m 0644 resources/icons/veeduria.svg "${STAGE}/veeduria.svg"
install -m 0644 installers/linux/veeduria.desktop "${STAGE}/veeduria.desktop.in"
install -m 0755 installers/linux/install.sh "${STAGE}/install.sh"
install -m 0755 installers/linux/uninstall.sh "${STAGE}/uninstall.sh"
cat > "${STAGE}/LEEME.txt" <<TXT
Veeduría ${VERSION} para Linux (${ARCH})

Instalar para su usuario (no pide contraseña de administrador):
    ./install.sh
Queda en ~/.local/share/veeduria-app y en el menú de aplicaciones como «Veeduría».
Desde una terminal: ~/.local/bin/veeduria --help

Sin instalar: ./veeduria/veeduria-gui (ventana) o ./veeduria/veeduria (comandos).

Sus datos NO están en esta carpeta: están en ~/.local/share/Veeduria (vea Ayuda → Acerca de).
Desinstalar (./uninstall.sh) conserva siempre esa carpeta de datos.
TXT

mkdir -p "${OUT}"
tar -C "${WORK}" -czf "${OUT}/${NAME}.tar.gz" "${NAME}"
echo "${OUT}/${NAME}.tar.gz"

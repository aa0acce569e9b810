#!/usr/bin/env bash
# Prove a built Linux archive is complete: unpack it, install it for a throwaway user, and run
# the installed program headless — CLI (--version, demo, works list, db check, a PostgreSQL
# server when VEEDURIA_TEST_PG_URL is set) and the window (offscreen, training mode).
#   installers/linux/smoke_test.sh dist/veeduria-VERSION-linux-ARCH.tar.gz
set -euo pipefail
ARCHIVE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
TMP="$(mktemp -d /tmp/veeduria-smoke.XXXXXX)"
trap 'rm -rf "${TMP}"' EXIT
export HOME="${TMP}/home" XDG_DATA_HOME="${TMP}/home/.local/share" QT_QPA_PLATFORM=offscreen
unset VEEDURIA_DATA_DIR VEEDURIA_DB_URL
mkdir -p "${HOME}"
tar -C "${TMP}" -xzf "${ARCHIVE}"
bash "${TMP}"/veeduria-*/install.sh
V="${HOME}/.local/bin/veeduria"
fail() { echo "PRUEBA DEL PAQUETE FALLIDA: $*" >&2; exit 1; }

test -f "${XDG_DATA_HOME}/applications/veeduria.desktop" || fail "no se instaló la entrada de menú"
grep -q "^Exec=${XDG_DATA_HOME}/veeduria-app/veeduria/veeduria-gui" "${XDG_DATA_HOME}/applications/veeduria.desktop" \
  || fail "la entrada de menú no apunta al programa instalado"

"${V}" --version | grep -Eq '^veeduria [0-9]' || fail "--version"
DATA="${TMP}/datos"
"${V}" --data-dir "${DATA}" demo | grep -q "Demostración cargada" || fail "demo"
works="$("${V}" --data-dir "${DATA}" works list | wc -l)"
[ "${works}" -ge 5 ] || fail "works list mostró ${works} obras"
# Reports need the bundled fonts, wording files and QR code; verify needs the registry.
"${V}" --data-dir "${DATA}" report accountability --out "${TMP}/rendicion.pdf" >/dev/null || fail "report accountability"
"${V}" --data-dir "${DATA}" verify "${TMP}/rendicion.pdf" | grep -q "^VÁLIDO:" || fail "verify"
"${V}" --data-dir "${DATA}" db check | grep -q "al día" || fail "db check"
case "${DATA}" in "${XDG_DATA_HOME}/veeduria-app"*) fail "la carpeta de datos quedó dentro de la instalación";; esac

if [ -n "${VEEDURIA_TEST_PG_URL:-}" ]; then  # the bundle carries the PostgreSQL driver
  "${V}" --data-dir "${TMP}/srv" --db-url "${VEEDURIA_TEST_PG_URL}" db upgrade --committee "Paquete CI" >/dev/null \
    || fail "db upgrade en PostgreSQL"
  "${V}" --data-dir "${TMP}/srv" db server --url "${VEEDURIA_TEST_PG_URL}" --committee "Paquete CI" >/dev/null
  "${V}" --data-dir "${TMP}/srv" works add --name "Obra desde el paquete" --localidad 1 >/dev/null \
    || fail "works add en PostgreSQL"
  "${V}" --data-dir "${TMP}/srv" works list | grep -q "Obra desde el paquete" || fail "works list en PostgreSQL"
fi

# The window: start the windowed program in training mode; it must stay up and load the demo.
GUI_DATA="${TMP}/gui"
set +e
timeout 25 "${XDG_DATA_HOME}/veeduria-app/veeduria/veeduria-gui" --training --data-dir "${GUI_DATA}" \
  >"${TMP}/gui.log" 2>&1
code=$?
set -e
[ "${code}" -eq 124 ] || { cat "${TMP}/gui.log" >&2; fail "la ventana terminó con código ${code}"; }
shown="$("${V}" --data-dir "${GUI_DATA}-capacitacion" works list | wc -l)"
[ "${shown}" -ge 5 ] || fail "la ventana no cargó la demostración (${shown} obras)"
echo "Paquete verificado: CLI, demo, obras, esquema, ventana$([ -n "${VEEDURIA_TEST_PG_URL:-}" ] && echo ', PostgreSQL')."

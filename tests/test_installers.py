"""The installer files stay in step with each other and with the program (CI builds the real bundle).

The Linux archive is built and started by .ci/run (installers/linux/smoke_test.sh); the Windows
installer cannot run here, so these checks keep veeduria.iss consistent with the spec.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
INSTALLERS = ROOT / "installers"


def _spec() -> str:
    return (INSTALLERS / "veeduria.spec").read_text(encoding="utf-8")


def test_spec_ships_everything_paths_py_looks_for():
    spec = _spec()
    for source, target in (('"resources"', "veeduria_app/resources"), ('"reports"', "veeduria_app/reports"),
                           ('"migrations"', "veeduria_app/db/migrations")):
        assert source in spec and target in spec
    assert re.findall(r'EXE\([^)]*name="([^"]+)"', spec) == ["veeduria", "veeduria-gui"]
    from veeduria_app import paths

    assert (paths.resources_dir() / "fonts" / "DejaVuSans.ttf").is_file()
    assert (ROOT / "veeduria_app" / "db" / "migrations" / "env.py").is_file()


def test_windows_script_matches_the_spec_and_keeps_the_data_folder():
    iss = (INSTALLERS / "windows" / "veeduria.iss").read_text(encoding="utf-8")
    assert '#define AppExe "veeduria-gui.exe"' in iss and "veeduria.exe" in iss
    assert r'#define BundleDir "..\..\dist\veeduria"' in iss  # PyInstaller's COLLECT(name="veeduria")
    assert 'COLLECT(' in _spec() and 'name="veeduria")' in _spec()
    assert "PrivilegesRequired=lowest" in iss  # per-user: no administrator on a shared laptop
    assert 'MessagesFile: "compiler:Languages\\Spanish.isl"' in iss
    assert "{autoprograms}" in iss and "{autodesktop}" in iss
    assert "{localappdata}\\Veeduria" in iss  # the data folder it tells the user was kept...
    uninstall_delete = iss.split("[UninstallDelete]")[1].split("[")[0]
    assert "localappdata" not in uninstall_delete and "userappdata" not in uninstall_delete  # ...and never deletes
    assert (ROOT / "resources" / "icons" / "veeduria.ico").is_file()


def test_data_folder_is_never_inside_the_install_folders():
    from veeduria_app.services.data_folder import default_data_dir

    data = default_data_dir()
    assert data.name == "Veeduria"
    install = (INSTALLERS / "linux" / "install.sh").read_text(encoding="utf-8")
    assert 'PREFIX="${DATA_HOME}/veeduria-app"' in install  # a sibling of ~/.local/share/Veeduria, not a parent
    uninstall = (INSTALLERS / "linux" / "uninstall.sh").read_text(encoding="utf-8")
    assert "rm -rf \"${DATA_HOME}/veeduria-app\"" in uninstall and "/Veeduria\"" not in uninstall.split("echo")[0]


def test_icons_render_at_every_size():
    icons = ROOT / "resources" / "icons"
    for size in (16, 32, 48, 256):
        with Image.open(icons / f"veeduria-{size}.png") as image:
            assert image.size == (size, size)
            assert image.getextrema()[3][1] == 255  # opaque pixels: something is drawn
    with Image.open(icons / "veeduria.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]


def test_desktop_entry_is_valid():
    entry = (INSTALLERS / "linux" / "veeduria.desktop").read_text(encoding="utf-8")
    assert "Exec=@BINDIR@/veeduria-gui" in entry and "Icon=veeduria" in entry and "Name=Veeduría" in entry
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate no está instalado (paquete desktop-file-utils)")
    result = subprocess.run([validator, str(INSTALLERS / "linux" / "veeduria.desktop")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_frozen_entry_picks_the_window_for_the_gui_executable(monkeypatch):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("veeduria_entry", INSTALLERS / "veeduria_entry.py")
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/veeduria/veeduria-gui")
    assert entry._is_gui()
    monkeypatch.setattr(sys, "executable", r"C:\Users\ana\AppData\Local\Programs\Veeduria\veeduria.exe")
    assert not entry._is_gui()
    monkeypatch.setattr(sys, "executable", r"C:\Users\ana\AppData\Local\Programs\Veeduria\veeduria-gui.exe")
    assert entry._is_gui()

"""`veeduria report …` and `veeduria verify` end to end on a real data folder."""
from __future__ import annotations

import json

import pytest

from report_setup import build_world
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from cli_run import run


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "datos"
    services = build_services(DataFolder.open(path))
    try:
        world = build_world(services, tmp_path / "fotos")
    finally:
        services.close()
    return path, world


def test_report_work_then_verify_intact_and_altered(folder, tmp_path, capsys):
    path, world = folder
    out = tmp_path / "informe.pdf"
    code, text, err = run(capsys, "--data-dir", path, "report", "work", world.work_id[:8], "--out", out,
                          "--from", "2026-01-01", "--to", "2026-11-26")
    assert code == 0, err
    assert "Emitido informe de veeduría INF-2026-0001 v1" in text and out.is_file()
    code, text, err = run(capsys, "--data-dir", path, "verify", out)
    assert code == 0 and text.startswith("VÁLIDO:") and "3 fotos citadas están intactas" in text
    data = bytearray(out.read_bytes())
    data[len(data) // 3] ^= 0x20
    altered = tmp_path / "alterado.pdf"
    altered.write_bytes(bytes(data))
    code, text, err = run(capsys, "--data-dir", path, "verify", altered, "--json")
    assert code == 1
    assert json.loads(text)["status"] == "alterado"


def test_verify_foreign_and_missing_files(folder, tmp_path, capsys):
    path, world = folder
    code, text, err = run(capsys, "--data-dir", path, "verify", tmp_path / "no_existe.pdf")
    assert code == 2 and "No se encontró el archivo" in err and "Traceback" not in err
    other = tmp_path / "otra"
    services = build_services(DataFolder.open(other))
    try:
        other_world = build_world(services, tmp_path / "fotos2")
    finally:
        services.close()
    code, _, err = run(capsys, "--data-dir", other, "report", "inspection", other_world.visit_id,
                       "--out", tmp_path / "acta_ajena.pdf")
    assert code == 0, err
    code, text, _ = run(capsys, "--data-dir", path, "verify", tmp_path / "acta_ajena.pdf")
    assert code == 1 and text.startswith("DESCONOCIDO")


def test_accountability_by_localidad_and_list(folder, tmp_path, capsys):
    path, world = folder
    code, text, err = run(capsys, "--data-dir", path, "report", "accountability", "--out", tmp_path / "r.pdf",
                          "--localidad", "3", "--json")
    assert code == 0, err
    data = json.loads(text)
    assert data["code"] == "RDC-2026-0001" and "Industrial y de la Bahía" in data["scope"]
    code, _, err = run(capsys, "--data-dir", path, "report", "accountability", "--out", tmp_path / "r2.pdf",
                       "--localidad", "9")
    assert code == 2 and "Localidad «9» no reconocida" in err
    code, text, _ = run(capsys, "--data-dir", path, "report", "list")
    assert code == 0 and "RDC-2026-0001 v1" in text


def test_report_inspection_and_oficio(folder, tmp_path, capsys):
    path, world = folder
    code, _, err = run(capsys, "--data-dir", path, "report", "work", world.work_id, "--out", tmp_path / "i.pdf")
    assert code == 0, err
    code, text, err = run(capsys, "--data-dir", path, "report", "oficio", "INF-2026-0001", "--out",
                          tmp_path / "o.pdf", "--to-title", "Doctora", "--to-name", "María Pérez", "--to-position",
                          "Secretaria de Infraestructura", "--to-entity", "Alcaldía Mayor de Cartagena de Indias",
                          "--copy", "Personería Distrital de Cartagena")
    assert code == 0, err
    assert "Emitido oficio remisorio OFI-2026-0001 v1" in text
    code, _, err = run(capsys, "--data-dir", path, "report", "work", world.work_id, "--out", tmp_path / "i.txt")
    assert code == 2 and ".pdf" in err
    code, _, err = run(capsys, "--data-dir", path, "report", "inspection", "no-existe", "--out", tmp_path / "a.pdf")
    assert code == 2 and "visita" in err

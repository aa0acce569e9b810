"""`veeduria report accountability --ucg` takes the UCG as localidad arguments are taken: «1» and
«ucg 1» are «UCG 1»; an unknown UCG is a one-line Spanish error, exit 2, and nothing is issued."""
from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from cli_run import run


@pytest.fixture
def folder(tmp_path, capsys):
    path = tmp_path / "datos"
    code, _, err = run(capsys, "--data-dir", path, "profile", "set", "--name", "Veeduría Ciudadana de Prueba")
    assert code == 0, err
    for name, localidad, ucg in (("Reposición de redes de acueducto de Chambacú", "1", "UCG 1"),
                                 ("Parque de Olaya Herrera", "2", "UCG 6"),
                                 ("Vía a Bayunca", "1", "Área rural (corregimientos e islas)")):
        code, _, err = run(capsys, "--data-dir", path, "works", "add", "--name", name, "--localidad", localidad,
                           "--ucg", ucg)
        assert code == 0, err
    return path


def _text(pdf) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)


@pytest.mark.parametrize("ucg", ["1", "ucg 1", "UCG 1", "Ucg01"])
def test_accountability_by_ucg_number_finds_the_works_of_that_ucg(folder, tmp_path, capsys, ucg):
    out = tmp_path / "r.pdf"
    code, text, err = run(capsys, "--data-dir", folder, "report", "accountability", "--out", out, "--ucg", ucg,
                          "--json")
    assert code == 0, err
    assert json.loads(text)["scope"] == "UCG 1"
    body = _text(out)
    assert "Chambacú" in body
    assert "Olaya Herrera" not in body and "Bayunca" not in body


def test_accountability_by_rural_area_name_any_accents(folder, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    code, _, err = run(capsys, "--data-dir", folder, "report", "accountability", "--out", out,
                       "--ucg", "area rural (corregimientos e islas)")
    assert code == 0, err
    body = _text(out)
    assert "Bayunca" in body and "Chambacú" not in body


@pytest.mark.parametrize("args, said", [
    (("--ucg", "99"), "UCG «99» no reconocida. Opciones: UCG 1;"),
    (("--ucg", "4", "--localidad", "1"), "UCG «4» no reconocida en Localidad 1 - Histórica y del Caribe Norte."),
])
def test_unknown_ucg_exits_2_in_one_spanish_line_and_issues_nothing(folder, tmp_path, capsys, args, said):
    out = tmp_path / "r.pdf"
    code, text, err = run(capsys, "--data-dir", folder, "report", "accountability", "--out", out, *args)
    assert code == 2
    assert err.startswith("veeduria: ") and said in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    code, text, _ = run(capsys, "--data-dir", folder, "report", "list")
    assert code == 0 and "No se han emitido documentos." in text

"""`veeduria contracts import/list/show/add` and `veeduria works link/unlink` end to end."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from veeduria_app.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
from shaped import write_api_json, write_portal_csv  # noqa: E402
from cli_run import run

KEYS = {"id", "secop_id", "number", "entity", "entity_nit", "contractor", "contractor_id", "object", "initial_value",
        "current_value", "paid_value", "start_date", "end_date", "status", "url", "modifications", "payments",
        "work_ids"}


def test_import_json_summary_and_reimport(tmp_path, capsys):
    data = tmp_path / "datos"
    csv_path = write_portal_csv(tmp_path / "portal.csv")
    code, out, err = run(capsys, "--data-dir", data, "contracts", "import", csv_path, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert {k: result[k] for k in ("format", "read", "created", "updated", "unchanged", "rejected")} == {
        "format": "secop2", "read": 3, "created": 3, "updated": 0, "unchanged": 0, "rejected": []}
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "import", write_api_json(tmp_path / "api.json"),
                       "--format", "secop2", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 3
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "import", csv_path)
    assert code == 0 and "3 sin cambios" in out


def test_rejected_rows_exit_0_and_unreadable_exit_2(tmp_path, capsys):
    data = tmp_path / "datos"
    bad = tmp_path / "adiciones.csv"
    bad.write_text("Identificador,ID Contrato,Tipo,Descripción,Fecha Registro\n1,CO1.PCCNTR.1,EXTENSION,x,01/02/2026\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, "contracts", "import", bad, "--json")
    assert code == 0, err
    assert json.loads(out)["rejected"][0]["row"] == 2
    junk = tmp_path / "junk.txt"
    junk.write_text("hola,mundo\n1,2\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, "contracts", "import", junk)
    assert code == 2 and out == ""
    assert err.startswith("veeduria: No se pudo leer el archivo") and err.count("\n") == 1
    code, _, err = run(capsys, "--data-dir", data, "contracts", "import", tmp_path / "no-existe.csv")
    assert code == 2 and "no existe" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data), "contracts", "import", str(junk), "--format", "xml"])
    assert exit_info.value.code == 2 and "opción no válida" in capsys.readouterr().err


def test_list_show_link_with_issue_keys(tmp_path, capsys, samples_dir):
    data = tmp_path / "datos"
    code, _, err = run(capsys, "--data-dir", data, "contracts", "import",
                       samples_dir / "ocds" / "colombia_secop1_release_ocds-k50g02-16-12-5282164.json")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "list", "--json")
    [item] = json.loads(out)
    assert KEYS <= set(item)
    assert item["initial_value"] == 7299288 and item["start_date"] == "2016-06-16"
    assert item["contractor_id"] == "80737007" and item["number"] == "1210100-301-2016"
    code, work_id, err = run(capsys, "--data-dir", data, "works", "add", "--name", "Parque Chambacú",
                             "--localidad", "1", "--type", "parque")
    assert code == 0, err
    work_id = work_id.strip()
    code, out, err = run(capsys, "--data-dir", data, "works", "link", work_id, item["id"])
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", "1210100-301-2016", "--json")
    shown = json.loads(out)
    assert shown["work_ids"] == [work_id] and KEYS <= set(shown)
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "list", "--work", work_id, "--json")
    assert len(json.loads(out)) == 1
    code, out, _ = run(capsys, "--data-dir", data, "works", "unlink", work_id, item["id"])
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", item["id"], "--json")
    assert json.loads(out)["work_ids"] == []
    code, _, err = run(capsys, "--data-dir", data, "works", "link", "obra-falsa", item["id"])
    assert code == 2 and "No existe la obra" in err


def test_manual_add_validates_nit(tmp_path, capsys):
    data = tmp_path / "datos"
    base = ["--data-dir", data, "contracts", "add", "--number", "SAMC-7-2026", "--entity", "Distrito de Cartagena",
            "--object", "Andén calle 30", "--value", "250.000.000", "--start", "01/03/2026", "--end", "2026-07-31"]
    code, _, err = run(capsys, *base, "--entity-nit", "890.480.184-5")
    assert code == 2 and "dígito de verificación de 890480184 es 4" in err
    code, out, err = run(capsys, *base, "--entity-nit", "890.480.184-4", "--json")
    assert code == 0, err
    data_out = json.loads(out)
    assert data_out["entity_nit"] == "890480184" and data_out["initial_value"] == 250000000
    assert data_out["source"].startswith("digitado por")


def test_add_modification_and_payment(tmp_path, capsys):
    data = tmp_path / "datos"
    code, cid, err = run(capsys, "--data-dir", data, "contracts", "add", "--number", "LP-4-2026", "--entity", "Distrito",
                         "--object", "Canal", "--value", "100.000.000", "--start", "2026-01-10", "--end", "2026-06-10")
    assert code == 0, err
    code, _, err = run(capsys, "--data-dir", data, "contracts", "add-modification", "LP-4-2026", "--kind", "prorroga",
                       "--date", "01/05/2026", "--days", "45", "--act", "Otrosí 1")
    assert code == 0, err
    code, _, err = run(capsys, "--data-dir", data, "contracts", "add-modification", "LP-4-2026", "--kind", "adicion",
                       "--date", "2026-05-02")
    assert code == 2 and "necesita el valor" in err
    code, _, err = run(capsys, "--data-dir", data, "contracts", "add-payment", "LP-4-2026", "--date", "2026-01-20",
                       "--amount", "$30.000.000", "--kind", "anticipo")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", "LP-4-2026", "--json")
    shown = json.loads(out)
    assert shown["current_end_date"] == "2026-07-25" and shown["paid_value"] == 30000000
    assert shown["payments"][0]["kind"] == "anticipo" and shown["modifications"][0]["days_change"] == 45

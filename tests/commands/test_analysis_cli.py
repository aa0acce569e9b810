"""`veeduria progress | alerts | findings` end to end on a real data folder."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from veeduria_app.cli import main
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder

from analysis_data import add_contract, add_visit, make_work
from cli_run import run

d = dt.date


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "datos"
    services = build_services(DataFolder.open(path))
    work = make_work(services)
    add_contract(services, work, mods=[("adicion", d(2026, 2, 1), "62000000", None)],
                 payments=[(d(2026, 1, 5), "20000000", "anticipo"), (d(2026, 3, 1), "74000000", "acta_parcial")])
    add_visit(services, work, d(2026, 5, 20), "35", sign=False)
    services.close()
    return path, work


def test_progress_json_has_the_issue_keys(folder, capsys):
    path, work = folder
    code, out, err = run(capsys, "--data-dir", path, "progress", "--work", work, "--date", "2026-06-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["current_value"] == 162000000 and data["paid_value"] == 94000000
    assert data["financial_pct"] == 45.68 and data["physical_pct"] == 35
    assert data["current_end_date"] == "2026-04-11" and data["time_pct"] == 100
    assert data["reported_pct"] is None and data["planned_pct"] == 100


def test_progress_text_and_bad_date(folder, capsys):
    path, work = folder
    code, out, _ = run(capsys, "--data-dir", path, "progress", "--work", work[:8], "--date", "2026-06-01")
    assert code == 0 and "Avance observado" in out and "35,0 %" in out and "$ 162.000.000" in out
    with pytest.raises(SystemExit) as stop:
        main(["--data-dir", str(path), "progress", "--work", work, "--date", "01/06/2026"])
    assert stop.value.code == 2 and "fecha no válida «01/06/2026»" in capsys.readouterr().err
    code, _, err = run(capsys, "--data-dir", path, "progress", "--work", "nada")
    assert code == 2 and "No existe una obra" in err and "Traceback" not in err


def test_alerts_json_list_and_review(folder, capsys):
    path, work = folder
    code, out, _ = run(capsys, "--data-dir", path, "alerts", "--date", "2026-06-01", "--json")
    assert code == 0
    alerts = json.loads(out)
    assert {a["code"] for a in alerts} >= {"ADICIONES_SUPERAN_50", "PLAZO_VENCIDO", "SIN_VALLA", "RETRASO"}
    assert all(set(a) >= {"code", "severity", "work_id", "message", "basis", "data"} for a in alerts)
    code, out, _ = run(capsys, "--data-dir", path, "alerts", "--work", work, "--date", "2026-06-01",
                       "--review", "SIN_VALLA", "--reason", "Valla instalada el lunes, con foto")
    assert code == 0 and "revisada" in out
    code, out, _ = run(capsys, "--data-dir", path, "alerts", "--work", work, "--date", "2026-06-01", "--json")
    assert "SIN_VALLA" not in {a["code"] for a in json.loads(out)}
    code, _, err = run(capsys, "--data-dir", path, "alerts", "--review", "SIN_VALLA", "--reason", "x")
    assert code == 2 and "--work" in err
    code, out, _ = run(capsys, "--data-dir", path, "alerts", "--date", "2026-01-02")
    assert code == 0 and "Sin alertas" in out


def test_findings_add_from_alert_and_list(folder, capsys):
    path, work = folder
    code, out, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work, "--title", "Sin valla",
                         "--nature", "administrativa", "--condition", "No hay valla", "--json")
    assert code == 0, err
    assert json.loads(out)["code"] == "H-01"
    code, _, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work, "--from-alert",
                       "PAGOS_SUPERAN_VALOR", "--json")
    assert code == 2 and "no tiene la alerta" in err
    code, out, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work, "--from-alert",
                         "ADICIONES_SUPERAN_50", "--photo", "foto-1", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["source_alert_code"] == "ADICIONES_SUPERAN_50" and "Ley 80" in made["criterion"]
    assert {(l["kind"], l["target"]) for l in made["links"]} == {("alerta", "ADICIONES_SUPERAN_50"), ("foto", "foto-1")}
    code, out, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work, "--from-alert",
                         "ADICIONES_SUPERAN_50")
    assert code == 2 and "Ya existe H-02" in err and "--again" in err  # a second one is asked for, not silent
    code, out, _ = run(capsys, "--data-dir", path, "findings", "list", "--work", work, "--json")
    assert [f["code"] for f in json.loads(out)] == ["H-01", "H-02"]
    code, out, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work, "--from-alert",
                         "ADICIONES_SUPERAN_50", "--again", "--json")
    assert code == 0 and json.loads(out)["code"] == "H-03"
    code, out, _ = run(capsys, "--data-dir", path, "findings", "status", made["id"], "--to", "comunicado")
    assert code == 0 and "Comunicado" in out
    code, out, _ = run(capsys, "--data-dir", path, "findings", "list")
    assert "H-02 [Comunicado]" in out and "H-03 [Borrador]" in out
    code, _, err = run(capsys, "--data-dir", path, "findings", "add", "--work", work)
    assert code == 2 and "--title" in err


def test_thresholds_and_smmlv_from_the_command_line(folder, capsys):
    path, work = folder
    code, out, _ = run(capsys, "--data-dir", path, "thresholds", "--json")
    assert code == 0 and json.loads(out)["delay_points"] == 20 and json.loads(out)["visit_max_days"] == 60
    code, out, _ = run(capsys, "--data-dir", path, "thresholds", "--set", "delay_points=5", "--json")
    assert code == 0 and json.loads(out)["delay_points"] == 5
    code, _, err = run(capsys, "--data-dir", path, "thresholds", "--set", "retraso=5")
    assert code == 2 and "delay_points" in err
    code, _, err = run(capsys, "--data-dir", path, "thresholds", "--set", "delay_points=mucho")
    assert code == 2 and "Umbral" in err
    code, out, _ = run(capsys, "--data-dir", path, "smmlv", "--set", "2027", "1.900.000", "--json")
    assert code == 0 and json.loads(out)["2027"] == 1900000 and json.loads(out)["2026"] == 1750905
    code, out, _ = run(capsys, "--data-dir", path, "smmlv")
    assert "2027  $ 1.900.000" in out
    code, _, err = run(capsys, "--data-dir", path, "smmlv", "--set", "2027", "cero")
    assert code == 2 and "no válido" in err

"""`veeduria contracts budget add/list/edit/remove/restore` and the budget and milestones in
`contracts show`: bad input exits 2 with one Spanish line and writes nothing; changing data
follows the `--user` login rule once accounts exist."""
from __future__ import annotations

import json

import pytest

from veeduria_app.cli import main
from veeduria_app.services import accounts as accounts_module
from cli_run import run


@pytest.fixture
def data(tmp_path, capsys):
    folder = tmp_path / "datos"
    code, _, err = run(capsys, "--data-dir", folder, "contracts", "add", "--number", "LP-4-2026", "--entity", "Distrito",
                       "--object", "Canal Las Gaviotas", "--value", "800.000.000")
    assert code == 0, err
    return folder


ADD = ("contracts", "budget", "add", "LP-4-2026", "--vigencia", "2026", "--rubro", "2.3.2.02 Canales",
       "--fuente", "sgp", "--cdp", "CDP-1187", "--cdp-valor", "$ 800.000.000", "--rp", "RP-2290",
       "--rp-valor", "750.000.000")


def _list(capsys, data, *extra):
    code, out, err = run(capsys, "--data-dir", data, "contracts", "budget", "list", "LP-4-2026", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_add_list_show(capsys, data):
    code, out, err = run(capsys, "--data-dir", data, *ADD, "--json")
    assert code == 0, err
    added = json.loads(out)
    assert {k: added[k] for k in ("vigencia", "rubro", "funding_source", "funding_label", "cdp_number", "cdp_amount",
                                  "rp_number", "rp_amount", "amount", "archived")} == {
        "vigencia": 2026, "rubro": "2.3.2.02 Canales", "funding_source": "sgp", "funding_label": "SGP",
        "cdp_number": "CDP-1187", "cdp_amount": 800000000, "rp_number": "RP-2290", "rp_amount": 750000000,
        "amount": None, "archived": False}
    code, out, err = run(capsys, "--data-dir", data, "contracts", "budget", "add", "LP-4-2026", "--vigencia", "2025",
                         "--fuente", "Recursos propios", "--valor", "50.000.000")
    assert code == 0, err
    second_id = out.strip()
    assert [(b["vigencia"], b["funding_source"]) for b in _list(capsys, data)] == [(2025, "recursos_propios"),
                                                                                   (2026, "sgp")]
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "budget", "list", "LP-4-2026")
    assert "2026 · SGP · 2.3.2.02 Canales · CDP CDP-1187 $ 800.000.000 · RP RP-2290 $ 750.000.000" in out
    assert f"id: {second_id}" in out and "2 asignaciones" in out
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", "LP-4-2026", "--json")
    shown = json.loads(out)
    assert [b["id"] for b in shown["budget"]] == [second_id, added["id"]] and shown["milestones"] == []
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", "LP-4-2026")
    assert "presupuesto asignado:" in out and "2025 · Recursos propios · valor $ 50.000.000" in out


@pytest.mark.parametrize("options, message", [
    (("--vigencia", "dosmil"), "La vigencia «dosmil» no es un año"),
    (("--vigencia", "1850", "--cdp", "1"), "entre 1990 y 2100"),
    (("--cdp", "CDP-1"), "Escriba la vigencia"),
    (("--vigencia", "2026", "--cdp-valor", "-5"), "El valor del CDP no puede ser negativo."),
    (("--vigencia", "2026", "--rp-valor", "mil pesos"), "El valor del RP «mil pesos» no es un número."),
    (("--vigencia", "2026", "--fuente", "banco", "--cdp", "1"), "Fuente de financiación «banco» desconocida"),
    (("--vigencia", "2026"), "Escriba al menos el rubro"),
])
def test_bad_input_exits_2_with_one_spanish_line_and_writes_nothing(capsys, data, options, message):
    code, out, err = run(capsys, "--data-dir", data, "contracts", "budget", "add", "LP-4-2026", *options)
    assert code == 2 and out == ""
    assert err.startswith("veeduria: ") and message in err and err.count("\n") == 1, err
    assert _list(capsys, data, "--all") == []


def test_unknown_contract_or_allocation_and_usage_errors(capsys, data):
    code, _, err = run(capsys, "--data-dir", data, "contracts", "budget", "add", "NO-EXISTE", "--vigencia", "2026",
                       "--cdp", "1")
    assert code == 2 and err.strip() == "veeduria: No existe el contrato «NO-EXISTE»."
    code, _, err = run(capsys, "--data-dir", data, "contracts", "budget", "remove", "no-existe")
    assert code == 2 and "No existe la asignación presupuestal" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data), "contracts", "budget", "add", "LP-4-2026", "--vigencia"])
    assert exit_info.value.code == 2 and "se esperaba un valor" in capsys.readouterr().err
    assert _list(capsys, data, "--all") == []


def test_edit_keeps_what_is_not_given_then_remove_and_restore(capsys, data):
    code, out, _ = run(capsys, "--data-dir", data, *ADD)
    allocation = out.strip()
    code, out, err = run(capsys, "--data-dir", data, "contracts", "budget", "edit", allocation, "--rp-valor",
                         "$ 780.000.000", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["rp_amount"], edited["rp_number"], edited["cdp_amount"], edited["version"]) == (
        780000000, "RP-2290", 800000000, 2)
    code, _, err = run(capsys, "--data-dir", data, "contracts", "budget", "edit", allocation, "--cdp-valor", "-1")
    assert code == 2 and "no puede ser negativo" in err
    assert _list(capsys, data)[0]["cdp_amount"] == 800000000
    code, out, err = run(capsys, "--data-dir", data, "contracts", "budget", "remove", allocation)
    assert code == 0 and "Asignación retirada" in out, err
    assert _list(capsys, data) == [] and _list(capsys, data, "--all")[0]["archived"] is True
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "budget", "restore", allocation)
    assert code == 0 and [b["id"] for b in _list(capsys, data)] == [allocation]
    code, out, _ = run(capsys, "--data-dir", data, "audit", "--json")
    actions = [(e["action"], e["entity_type"]) for e in json.loads(out) if e["entity_id"] == allocation]
    assert sorted(actions) == sorted([("create", "budget_allocation"), ("update", "budget_allocation"),
                                      ("archive", "budget_allocation"), ("restore", "budget_allocation")])


def test_changes_need_a_login_once_accounts_exist(capsys, data, monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2 ** 12)
    monkeypatch.setenv("VEEDURIA_PASSWORD", "clave-de-rosa")
    code, _, err = run(capsys, "--data-dir", data, "users", "add", "rosa", "--role", "coordinador")
    assert code == 0, err
    monkeypatch.delenv("VEEDURIA_PASSWORD")
    code, out, err = run(capsys, "--data-dir", data, *ADD)
    assert code == 2 and out == "" and "--user" in err and "Traceback" not in err
    assert _list(capsys, data, "--all") == []  # reading needs no login
    monkeypatch.setenv("VEEDURIA_PASSWORD", "clave-de-rosa")
    code, out, err = run(capsys, "--data-dir", data, "--user", "rosa", *ADD)
    assert code == 0, err
    assert _list(capsys, data)[0]["source"] == "digitado por rosa"


def test_show_lists_imported_milestones(capsys, tmp_path, samples_dir):
    data = tmp_path / "datos"
    code, _, err = run(capsys, "--data-dir", data, "contracts", "import",
                       samples_dir / "ocds" / "oc4ids_example_project_package.json")
    assert code == 0, err
    key = "ocds-a1b1c1-c9b14c18-adc8-11e6-9901-0019b9f3037b"
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", key, "--json")
    [milestone] = json.loads(out)["milestones"]
    assert {k: milestone[k] for k in ("title", "type", "status", "due_date", "date_met", "value", "currency")} == {
        "title": "Construction payment", "type": "payment", "status": "met", "due_date": "2017-08-07",
        "date_met": "2017-08-07", "value": 1950000, "currency": "GBP"}
    code, out, _ = run(capsys, "--data-dir", data, "contracts", "show", key)
    assert "hitos:" in out and "07/08/2017 Construction payment · Cumplido el 07/08/2017 · GBP 1.950.000" in out

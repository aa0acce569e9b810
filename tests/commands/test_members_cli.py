"""`veeduria members edit|retire|withdraw-consent`: correcting and retiring members, and the
Ley 1581 withdrawal of the personal-data authorisation, from the command line."""
from __future__ import annotations

import json
from cli_run import run


def test_edit_retire_restore_and_withdraw(capsys, tmp_path):
    folder = str(tmp_path / "datos")
    code, out, _ = run(capsys, "--data-dir", folder, "members", "add", "--name", "Luis Barrios",
                       "--document", "1047123456", "--phone", "3001234567", "--consent")
    member_id = out.strip()
    code, out, _ = run(capsys, "--data-dir", folder, "members", "edit", member_id, "--role", "Fiscal")
    assert code == 0 and "Luis Barrios · Fiscal" in out
    code, out, _ = run(capsys, "--data-dir", folder, "members", "list", "--json")
    [luis] = json.loads(out)
    assert (luis["role"], luis["document_number"], luis["phone"], luis["consent_given"]) == \
        ("Fiscal", "1047123456", "3001234567", True)  # what was not given is kept

    assert run(capsys, "--data-dir", folder, "members", "retire", member_id)[1].strip() == "Luis Barrios: retirado."
    assert json.loads(run(capsys, "--data-dir", folder, "members", "list", "--json")[1]) == []
    assert "(retirado)" in run(capsys, "--data-dir", folder, "members", "list", "--all")[1]
    assert "activo" in run(capsys, "--data-dir", folder, "members", "retire", member_id, "--restore")[1]

    code, out, _ = run(capsys, "--data-dir", folder, "members", "withdraw-consent", member_id)
    assert code == 0 and "documento y contacto borrados" in out
    [luis] = json.loads(run(capsys, "--data-dir", folder, "members", "list", "--json")[1])
    assert (luis["document_number"], luis["phone"], luis["consent_given"]) == ("", "", False)

    code, _out, err = run(capsys, "--data-dir", folder, "members", "edit", "no-existe", "--role", "x")
    assert code == 2 and "No existe el integrante" in err and "Traceback" not in err

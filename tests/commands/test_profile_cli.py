"""`veeduria profile set|show`: the veeduría's correspondence address, e-mail and phone."""
from __future__ import annotations

import json
from cli_run import run


def test_profile_contact_is_set_kept_and_shown(capsys, tmp_path):
    folder = str(tmp_path / "datos")
    code, out, _ = run(capsys, "--data-dir", folder, "profile", "set", "--name", "Veeduría Canal Las Gaviotas")
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", folder, "profile", "show")
    assert "Dirección de correspondencia: —" in out and "no sabrán a dónde responder" in out
    code, out, _ = run(capsys, "--data-dir", folder, "profile", "set", "--address", "Calle 31 # 70-15, Olaya Herrera",
                       "--email", "veeduria.gaviotas@example.org", "--phone", "300 123 4567")
    assert code == 0
    run(capsys, "--data-dir", folder, "profile", "set", "--nit", "8904801844")  # other changes keep the contact
    code, out, _ = run(capsys, "--data-dir", folder, "profile", "show")
    assert "Dirección de correspondencia: Calle 31 # 70-15, Olaya Herrera" in out
    assert "Correo electrónico: veeduria.gaviotas@example.org" in out and "Teléfono: 300 123 4567" in out
    assert "no sabrán" not in out
    data = json.loads(run(capsys, "--data-dir", folder, "profile", "show", "--json")[1])
    assert (data["address"], data["email"], data["phone"], data["nit"]) == \
        ("Calle 31 # 70-15, Olaya Herrera", "veeduria.gaviotas@example.org", "300 123 4567", "890.480.184-4")


def test_profile_set_refuses_a_malformed_email_in_spanish(capsys, tmp_path):
    folder = str(tmp_path / "datos")
    run(capsys, "--data-dir", folder, "profile", "set", "--name", "Veeduría Canal Las Gaviotas")
    code, _out, err = run(capsys, "--data-dir", folder, "profile", "set", "--email", "veeduria.gaviotas")
    assert code == 2 and "El correo electrónico «veeduria.gaviotas» no es válido" in err and "Traceback" not in err

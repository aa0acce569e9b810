"""The `veeduria` command for accounts, backups and packages, as a veeduría uses it."""
from __future__ import annotations

import json

import pytest

from veeduria_app.cli import main
from veeduria_app.services import accounts as accounts_module


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2 ** 12)


def run(capsys, monkeypatch, *args, password=None, new_password=None):
    for name, value in (("VEEDURIA_PASSWORD", password), ("VEEDURIA_NEW_PASSWORD", new_password)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    return str(tmp_path / "datos")


ADD_WORK = ("works", "add", "--name", "Canal Las Gaviotas", "--type", "canal_drenaje", "--localidad", "2")


def test_users_add_turns_login_on_and_roles_apply(capsys, monkeypatch, folder):
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "users", "add", "rosa", "--role", "integrante",
                       password="clave-de-rosa")
    assert code == 2  # the first account must be a coordinator
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "users", "add", "rosa", "--role", "coordinador",
                       "--display-name", "Rosa Pérez", password="clave-de-rosa")
    assert code == 0 and "pide usuario y clave" in out
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, *ADD_WORK)
    assert code == 2 and "--user" in err and "Traceback" not in err
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", *ADD_WORK, password="mala-clave")
    assert (code, err.strip()) == (2, "veeduria: Usuario o clave incorrectos.")
    code, _, _ = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "add", "luis", "--role",
                     "integrante", password="clave-de-rosa", new_password="clave-de-luis")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "--user", "luis", *ADD_WORK,
                       password="clave-de-luis")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "works", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1  # reading needs no login
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "list", "--json",
                       password="clave-de-rosa")
    users = {u["username"]: u for u in json.loads(out)}
    assert set(users) == {"rosa", "luis"} and users["luis"]["role"] == "integrante"
    assert not any("hash" in key for key in users["rosa"])
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "--user", "luis", "backup", password="clave-de-luis")
    assert code == 2 and "no tiene permiso" in err
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "audit", "--json")
    assert any(e["actor"] == "luis" and e["action"] == "create" for e in json.loads(out))


def test_backup_restore_export_import(capsys, monkeypatch, folder, tmp_path):
    assert run(capsys, monkeypatch, "--data-dir", folder, *ADD_WORK)[0] == 0
    copy = tmp_path / "usb-copia.sqlite3"
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "backup", "--out", str(copy))
    assert code == 0 and copy.exists()
    assert run(capsys, monkeypatch, "--data-dir", folder, "works", "add", "--name", "Parque", "--type", "parque",
               "--localidad", "1")[0] == 0
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "restore", str(copy), "--json")
    assert code == 0 and json.loads(out)["previous_state"]
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "works", "list", "--json")
    assert [w["name"] for w in json.loads(out)] == ["Canal Las Gaviotas"]
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "restore", str(tmp_path / "no-existe.sqlite3"))
    assert code == 2 and "No existe" in err

    package = tmp_path / "para-luis.veeduria"
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "export", "--out", str(package))
    assert code == 0 and package.exists()
    other = str(tmp_path / "luis")
    code, out, _ = run(capsys, monkeypatch, "--data-dir", other, "import-package", str(package), "--json")
    summary = json.loads(out)
    assert code == 0 and {k: summary[k] for k in ("created", "updated", "unchanged", "conflicts", "evidence_added")} \
        == {"created": 1, "updated": 0, "unchanged": 0, "conflicts": 0, "evidence_added": 0}
    code, out, _ = run(capsys, monkeypatch, "--data-dir", other, "import-package", str(package), "--json")
    assert json.loads(out)["unchanged"] == 1 and json.loads(out)["created"] == 0
    broken = tmp_path / "roto.veeduria"
    broken.write_bytes(package.read_bytes()[:200])
    code, _, err = run(capsys, monkeypatch, "--data-dir", other, "import-package", str(broken))
    assert code == 2 and "dañado" in err and "Traceback" not in err


def test_reset_password_and_deactivate(capsys, monkeypatch, folder):
    run(capsys, monkeypatch, "--data-dir", folder, "users", "add", "rosa", "--role", "coordinador",
        password="clave-de-rosa")
    run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "add", "luis", "--role", "consulta",
        password="clave-de-rosa", new_password="clave-de-luis")
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "reset-password", "luis",
                       password="clave-de-rosa", new_password="temporal-123")
    assert code == 0 and "deberá cambiarla" in out
    assert run(capsys, monkeypatch, "--data-dir", folder, "--user", "luis", "users", "list",
               password="clave-de-luis")[0] == 2  # the old password no longer works
    code, out, _ = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "deactivate", "luis",
                       password="clave-de-rosa")
    assert code == 0 and "desactivada" in out
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "--user", "luis", "audit", password="temporal-123")
    assert code == 2 and "incorrectos" in err
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "--user", "rosa", "users", "deactivate", "rosa",
                       password="clave-de-rosa")
    assert code == 2 and "propia cuenta" in err

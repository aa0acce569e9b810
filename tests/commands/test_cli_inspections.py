"""`veeduria inspections ...` and `veeduria photos ...`: names, JSON keys, exit codes."""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from veeduria_app.cli import main
from veeduria_app.evidence.synthetic import make_photo, make_plain_jpeg

SITE = (10.4088, -75.4927)
JSON_KEYS = {"file", "status", "reason", "sha256", "lat", "lon", "alt", "taken_at", "distance_m", "flags"}


def run(capsys, folder, *args):
    code = main(["--data-dir", folder, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    return str(tmp_path / "datos")


@pytest.fixture
def work_id(capsys, folder):
    code, out, _ = run(capsys, folder, "works", "add", "--name", "Parque de Olaya", "--type", "parque",
                       "--localidad", "2", "--lat", str(SITE[0]), "--lon", str(SITE[1]), "--radius", "200")
    assert code == 0
    return out.strip()


def test_add_list_close_and_import_with_json(capsys, folder, work_id, tmp_path):
    code, out, err = run(capsys, folder, "inspections", "add", "--work", work_id, "--date", "2026-11-21",
                         "--progress", "35")
    assert code == 0 and err == ""
    visit_id = out.strip()
    assert len(visit_id) == 36
    code, out, _ = run(capsys, folder, "inspections", "list", "--work", work_id, "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [visit_id]
    assert rows[0]["date"] == "2026-11-21" and rows[0]["observed_progress"] == 35.0 and rows[0]["status"] == "abierta"

    photos = tmp_path / "fotos"
    photos.mkdir()
    taken = dt.datetime(2026, 11, 21, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    (photos / "cerca.jpg").write_bytes(make_photo(400, 300, seed=1, lat=SITE[0] + 0.0005, lon=SITE[1], alt=2.5, taken_at=taken))
    (photos / "reenviada.jpg").write_bytes(make_plain_jpeg(seed=2))
    (photos / "texto.jpg").write_text("hola", encoding="utf-8")
    code, out, err = run(capsys, folder, "photos", "import", "--inspection", visit_id, str(photos), "--json")
    assert code == 0, err
    items = {Path(i["file"]).name: i for i in json.loads(out)}
    assert all(set(i) == JSON_KEYS for i in items.values())
    near = items["cerca.jpg"]
    assert near["status"] == "imported" and near["flags"] == [] and near["reason"] == ""
    assert near["taken_at"] == "2026-11-21T09:15:00-05:00"
    assert near["lat"] == pytest.approx(SITE[0] + 0.0005, abs=1e-6) and near["alt"] == 2.5
    assert near["distance_m"] == pytest.approx(55.6, abs=1) and len(near["sha256"]) == 64
    assert items["reenviada.jpg"]["flags"] == ["sin_gps"] and items["reenviada.jpg"]["lat"] is None
    assert items["texto.jpg"]["status"] == "rejected" and items["texto.jpg"]["reason"]

    code, out, _ = run(capsys, folder, "photos", "import", "--inspection", visit_id, str(photos / "cerca.jpg"), "--json")
    assert json.loads(out)[0]["status"] == "duplicate"

    code, out, _ = run(capsys, folder, "inspections", "close", visit_id)
    assert code == 0 and "cerrada" in out
    code, out, err = run(capsys, folder, "inspections", "close", visit_id)
    assert code == 2 and "ya estaba cerrada" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, folder, "inspections", "amend", visit_id, "--field", "observed_progress",
                       "--value", "38", "--reason", "Medición corregida", "--json")
    assert code == 0 and json.loads(out)["amendments"][0]["new"] == "38.00"


def test_reuse_across_works_is_reported(capsys, folder, work_id, tmp_path):
    code, out, _ = run(capsys, folder, "works", "add", "--name", "Vía nueva", "--localidad", "3",
                       "--lat", "10.3700", "--lon", "-75.5100")
    other = out.strip()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(300, 200, seed=5, lat=SITE[0], lon=SITE[1], taken_at=dt.datetime(2026, 11, 21, 8)))
    first = run(capsys, folder, "inspections", "add", "--work", work_id, "--date", "2026-11-21")[1].strip()
    second = run(capsys, folder, "inspections", "add", "--work", other, "--date", "2026-11-21")[1].strip()
    run(capsys, folder, "photos", "import", "--inspection", first, str(photo), "--json")
    code, out, _ = run(capsys, folder, "photos", "import", "--inspection", second, str(photo), "--json")
    result = json.loads(out)[0]
    assert code == 0 and result["status"] == "imported" and "reutilizada" in result["flags"]


def test_verify_exit_codes(capsys, folder, work_id, tmp_path):
    visit = run(capsys, folder, "inspections", "add", "--work", work_id, "--date", "2026-11-21")[1].strip()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(300, 200, seed=6, lat=SITE[0], lon=SITE[1]))
    run(capsys, folder, "photos", "import", "--inspection", visit, str(photo))
    code, out, _ = run(capsys, folder, "photos", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    stored = next((Path(folder) / "evidencias").rglob("*.jpg"))
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(stored.read_bytes())
    data[-100] ^= 0x01
    stored.write_bytes(bytes(data))
    code, out, _ = run(capsys, folder, "photos", "verify", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["problems"][0]["kind"] == "alterado"
    code, out, _ = run(capsys, folder, "photos", "verify")
    assert code == 1 and "alterado" in out


@pytest.mark.parametrize("args, fragment", [
    (["inspections", "add", "--work", "no-existe", "--date", "2026-11-21"], "no existe una obra"),
    (["inspections", "add", "--work", "WORK", "--date", "21/11/2026"], "aaaa-mm-dd"),
    (["inspections", "add", "--work", "WORK", "--date", "2026-11-21", "--progress", "150"], "entre 0 y 100"),
    (["inspections", "close", "no-existe"], "no existe una visita"),
    (["photos", "import", "--inspection", "no-existe", "x.jpg"], "no existe una visita"),
])
def test_bad_input_exits_2_with_one_spanish_line(capsys, folder, work_id, args, fragment):
    args = [work_id if a == "WORK" else a for a in args]
    code, out, err = run(capsys, folder, *args)
    assert code == 2 and fragment in err.lower()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = run(capsys, folder, "inspections", "list", "--work", work_id, "--json")
    assert json.loads(out) == []

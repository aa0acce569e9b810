"""`veeduria petitions ...` end to end on a real data folder, with the issue's commands and keys."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from pypdf import PdfReader

from veeduria_app.cli import main
from veeduria_app.domain.business_days import business_days_left
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.profile import ProfileFields
from cli_run import run


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "datos"
    services = build_services(DataFolder.open(path))
    services.profile.save(ProfileFields(name="Veeduría Ciudadana Canal Las Gaviotas", registration_number="0457",
                                        address="Calle 31 # 70-15, Olaya Herrera"))
    work = services.works.create(WorkFields(name="Canalización del canal Las Gaviotas, tramo 2", type="canal_drenaje",
                                            localidad="De la Virgen y Turística"))
    services.close()
    return path, work.id


def test_add_file_list_letter_answer(folder, capsys, tmp_path):
    path, work_id = folder
    code, out, err = run(capsys, "--data-dir", path, "petitions", "add", "--work", work_id,
                         "--to", "Alcaldía Mayor de Cartagena de Indias", "--kind", "documentos",
                         "--subject", "Copia del contrato y de las actas de pago",
                         "--request", "Copia del contrato de obra y sus otrosíes.",
                         "--request", "Copia de las actas de pago parcial.", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["kind"] == "documentos" and added["status"] == "borrador" and added["work_id"] == work_id
    petition_id = added["id"]

    code, out, err = run(capsys, "--data-dir", path, "petitions", "file", petition_id,
                         "--date", "2026-07-01", "--radicado", "EXT-AMC-26-0045871")
    assert code == 0, err
    assert "16/07/2026" in out

    code, out, err = run(capsys, "--data-dir", path, "petitions", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows == [{"id": petition_id, "kind": "documentos", "filed": "2026-07-01", "due": "2026-07-16",
                     "status": "vencida",
                     "days_left": business_days_left(dt.date.today(), dt.date(2026, 7, 16))}]
    assert rows[0]["days_left"] < 0

    pdf = tmp_path / "peticion.pdf"
    code, out, err = run(capsys, "--data-dir", path, "petitions", "letter", petition_id, "--out", pdf)
    assert code == 0, err
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in out
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(pdf).pages).split())
    assert "1. Copia del contrato de obra y sus otrosíes." in text
    assert "2. Copia de las actas de pago parcial." in text
    assert "«Canalización del canal Las Gaviotas, tramo 2»" in text

    answer = tmp_path / "respuesta.pdf"
    answer.write_bytes(b"%PDF-1.4\n% oficio de respuesta\n")
    code, out, err = run(capsys, "--data-dir", path, "petitions", "answer", petition_id,
                         "--date", "2026-07-24", "--file", answer)
    assert code == 0, err
    assert "fuera de término" in out
    code, out, err = run(capsys, "--data-dir", path, "petitions", "show", petition_id, "--json")
    shown = json.loads(out)
    assert shown["status"] == "respondida" and shown["answered_late"] is True
    assert shown["answer_sha256"] == hashlib.sha256(answer.read_bytes()).hexdigest()
    assert [e["event"] for e in shown["events"]] == ["creada", "radicada", "carta", "respuesta"]


def test_user_errors_are_one_spanish_line_and_exit_2(folder, capsys):
    path, work_id = folder
    code, out, err = run(capsys, "--data-dir", path, "petitions", "add", "--to", "EDURBE S.A.",
                         "--kind", "general", "--subject", "Cronograma", "--work", "no-existe")
    assert code == 2 and err.strip().count("\n") == 0 and "obra" in err
    code, out, err = run(capsys, "--data-dir", path, "petitions", "add", "--to", "EDURBE S.A.",
                         "--kind", "general", "--subject", "Cronograma")
    assert code == 0
    petition_id = out.strip().splitlines()[0]
    assert "peticiones numeradas" in err  # warned: no requests yet
    code, out, err = run(capsys, "--data-dir", path, "petitions", "file", petition_id, "--date", "01/07/2026",
                         "--radicado", "R-1")
    assert code == 2 and "AAAA-MM-DD" in err and err.strip().count("\n") == 0
    code, out, err = run(capsys, "--data-dir", path, "petitions", "file", petition_id, "--date", "2026-07-01",
                         "--radicado", "R-1")
    assert code == 2 and "peticiones numeradas" in err
    code, out, err = run(capsys, "--data-dir", path, "petitions", "letter", "no-existe", "--out", "x.pdf")
    assert code == 2 and "No existe una petición" in err
    with pytest.raises(SystemExit) as exited:  # argparse usage errors exit before the handler
        main(["--data-dir", str(path), "petitions", "add", "--to", "X", "--kind", "queja", "--subject", "S"])
    assert exited.value.code == 2 and "opción no válida" in capsys.readouterr().err


def test_extend_forward_next_step_and_reminders(folder, capsys):
    path, _ = folder
    code, out, err = run(capsys, "--data-dir", path, "petitions", "add", "--to", "DADIS", "--kind", "general",
                         "--subject", "Apertura del CAPS", "--request", "Fecha de apertura.")
    petition_id = out.strip()
    run(capsys, "--data-dir", path, "petitions", "file", petition_id, "--date", "2026-07-01", "--radicado", "D-1")
    code, out, err = run(capsys, "--data-dir", path, "petitions", "extend", petition_id, "--until", "2026-08-19",
                         "--notified", "2026-07-15")
    assert code == 2 and "18/08/2026" in err
    code, out, err = run(capsys, "--data-dir", path, "petitions", "extend", petition_id, "--until", "2026-08-18",
                         "--notified", "2026-07-15", "--json")
    assert code == 0, err
    assert json.loads(out)["due"] == "2026-08-18"
    code, out, err = run(capsys, "--data-dir", path, "petitions", "reminders", "--json")
    assert [r["id"] for r in json.loads(out)] == [petition_id]
    code, out, err = run(capsys, "--data-dir", path, "petitions", "next-step", petition_id,
                         "--step", "queja-personeria", "--json")
    assert code == 0, err
    complaint = json.loads(out)
    assert complaint["letter_type"] == "queja_personeria" and complaint["status"] == "borrador"
    assert complaint["to"]["entity"] == "Personería Distrital de Cartagena de Indias"


def test_closed_days_move_the_due_date(folder, capsys):
    path, _ = folder
    code, out, err = run(capsys, "--data-dir", path, "petitions", "add", "--to", "EDURBE S.A.", "--kind", "general",
                         "--subject", "Cronograma", "--request", "Cronograma vigente.")
    petition_id = out.strip()
    run(capsys, "--data-dir", path, "petitions", "file", petition_id, "--date", "2026-07-01", "--radicado", "E-1")
    code, out, err = run(capsys, "--data-dir", path, "petitions", "closed-days", "--add", "2026-07-02")
    assert code == 2 and "motivo" in err
    code, out, err = run(capsys, "--data-dir", path, "petitions", "closed-days", "--add", "2026-07-02",
                         "--reason", "Resolución 77: cierre por traslado de sede", "--json")
    assert code == 0, err
    assert json.loads(out) == [{"date": "2026-07-02", "reason": "Resolución 77: cierre por traslado de sede"}]
    code, out, err = run(capsys, "--data-dir", path, "petitions", "list", "--json")
    assert json.loads(out)[0]["due"] == "2026-07-27"  # one day later than 24 July (20 July is a holiday)
    code, out, err = run(capsys, "--data-dir", path, "petitions", "closed-days", "--remove", "2026-07-02", "--json")
    assert json.loads(out) == []

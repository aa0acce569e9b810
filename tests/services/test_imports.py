"""Import service: every real sample, each shaped format, re-import idempotence across
formats, audit of changes, bad rows, unreadable files, cancel, BoQ with its contract."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from veeduria_app.db.models.contracts import BoqItem, Contract, ImportRecord
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.jobs import CancelToken, Cancelled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
from shaped import write_api_json, write_entity_year_csv, write_excel_resaved_csv, write_portal_csv  # noqa: E402


def _rows(services, model) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def _work_id(services) -> str:
    from veeduria_app.domain.works import WorkFields

    return services.works.create(WorkFields(name="Vía Olaya Herrera sector 11 de Noviembre", type="via",
                                            localidad="De la Virgen y Turística", entity="Alcaldía", bpin="2026130010001")).id


def test_every_real_sample_imports(services, samples_dir):
    expected = {
        "secop/secop2_contratos_jbjy-vk9h_dnp_9cols.csv": ("secop2", 5277, 5277, 0),
        "secop/derived/secop2_procesos_bolivar_rows.json": ("secop2-procesos", 62, 62, 0),
        "ocds/colombia_secop1_release_ocds-k50g02-16-12-5282164.json": ("ocds", 1, 1, 0),
        "ocds/colombia_secop1_record_ocds-k50g02-16-12-5282164.json": ("ocds", 1, 0, 0),  # same contract: unchanged
        "ocds/colombia_secop1_release_2011_ocds-k50g02-11-12-478781.json": ("ocds", 1, 1, 0),
        "ocds/colombia_secop1_release_ocds-k50g02-19-12-8875567.json": ("ocds", 1, 1, 0),
        "ocds/colombia_secop2_release_ocds-k50g02-CO1.BDOS.530558.json": ("ocds", 1, 1, 0),
        "ocds/colombia_tvec_release_ocds-k50g02-23117.json": ("ocds", 1, 1, 0),
        "ocds/mexico_cdmx_release-package_ISO-8859-1.json": ("ocds", 1, 1, 0),
        "ocds/mexico_cdmx_release-package_utf8.json": ("ocds", 1, 1, 0),
        "ocds/paraguay_dncp_release-package_1.1.json": ("ocds", 1, 1, 0),
        "ocds/paraguay_dncp_record-package_1.1.json": ("ocds", 1, 0, 1),
        "ocds/oc4ids_example_project_package.json": ("oc4ids", 6, 6, 0),
    }
    for name, (fmt, read, created, rejected) in expected.items():
        result = services.imports.import_file(samples_dir / name)
        assert (result.format, result.read, result.created, len(result.rejected)) == (fmt, read, created, rejected), name
    assert services.contracts.count() == 5277 + 62 + 11
    construction = services.contracts.find("ocds-a1b1c1-c9b14c18-adc8-11e6-9901-0019b9f3037b")
    assert construction.initial_value == Decimal("29000000") and construction.current_value == Decimal("35250000")
    assert construction.current_end_date == dt.date(2018, 12, 1)  # prórroga of 153 days
    assert construction.paid_value == Decimal("1950000")
    reports = services.contracts.progress_reports(construction.id)
    assert [r.actual_percent for r in reports] == [Decimal(50), Decimal(75), Decimal(100)]
    mexico = services.contracts.find("OCDS-87SD3T-AD-SF-DRM-063-2015/1")
    assert len(mexico.payments) == 11 and mexico.paid_value == Decimal("1311264")
    assert mexico.payments[0].source.file_name == "mexico_cdmx_release-package_utf8.json"


def test_reimport_same_file_is_unchanged_and_records_sha(services, tmp_path):
    path = write_portal_csv(tmp_path / "portal.csv")
    first = services.imports.import_file(path)
    assert (first.read, first.created, first.updated, first.unchanged) == (3, 3, 0, 0)
    again = services.imports.import_file(path)
    assert (again.read, again.created, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert _rows(services, Contract) == 3
    assert again.sha256 == first.sha256 and len(first.sha256) == 64
    with services.db.read() as session:
        records = session.scalars(select(ImportRecord).order_by(ImportRecord.imported_at)).all()
        assert [r.unchanged_count for r in records] == [0, 3]


def test_same_contracts_from_api_json_and_excel_resave_are_unchanged(services, tmp_path):
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    api = services.imports.import_file(write_api_json(tmp_path / "api.json"))
    excel = services.imports.import_file(write_excel_resaved_csv(tmp_path / "excel.csv"))
    assert (api.unchanged, api.created, api.updated) == (3, 0, 0)
    assert (excel.unchanged, excel.created, excel.updated) == (3, 0, 0)
    contract = services.contracts.find("CO1.PCCNTR.5001")
    assert contract.contractor == "CONSTRUCCIONES ÑAPANGA S.A.S." and contract.entity_nit_display == "890.480.184-4"


def test_newer_file_updates_values_and_audits_the_change(services, tmp_path):
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    rows = json.loads(write_api_json(tmp_path / "api.json").read_text(encoding="utf-8"))
    rows[0]["valor_del_contrato"] = "1334567890"
    rows[0]["estado_contrato"] = "Modificado"
    newer = tmp_path / "api_nuevo.json"
    newer.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = services.imports.import_file(newer)
    assert (result.updated, result.unchanged, result.created) == (1, 2, 0)
    contract = services.contracts.find("CO1.PCCNTR.5001")
    assert contract.initial_value == Decimal("1334567890") and contract.status == "Modificado"
    assert contract.source.file_name == "api_nuevo.json"
    with services.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_update")).one()
        summary, old_values = entry.summary, entry.old_values
    assert "valor del contrato cambió de $ 1.234.567.890 a $ 1.334.567.890" in summary
    assert "fuente api_nuevo.json" in summary
    assert old_values["initial_value"] == "1234567890.00"


def test_bad_rows_are_listed_and_the_rest_imported(services, tmp_path):
    path = write_portal_csv(tmp_path / "portal.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["X", "1", "", "", "", "CO1.PCCNTR.9", "R", "Activo", "obj", "Obra", "", "",
                                     "", "", "", "", "", "mil pesos", "", "", "", "", "", "", "", ""])
    result = services.imports.import_file(path)
    assert (result.read, result.created) == (4, 3)
    [bad] = result.rejected
    assert bad.row == 5 and "mil pesos" in bad.reason
    assert result.to_json()["rejected"] == [{"row": 5, "reason": bad.reason}]


def test_oversized_money_rejects_its_row_only(services, tmp_path):
    """A 27-digit value (an export glitch) is one rejected row with a Spanish reason: the other
    rows land, on SQLite and on PostgreSQL alike (whose Numeric(18, 2) would abort them all)."""
    path = write_portal_csv(tmp_path / "portal.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    value_column = rows[0].index("Valor del Contrato")
    rows[2][value_column] = "1" * 27
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = services.imports.import_file(path)
    assert (result.read, result.created) == (3, 2)
    [bad] = result.rejected
    assert bad.row == 3 and "demasiado grande" in bad.reason
    assert _rows(services, Contract) == 2


@pytest.mark.parametrize("content", [b"", b"a,b\n1,2\n", b"{\"x\": [1, 2", b"\x00\x01\x02binario"])
def test_unreadable_file_writes_nothing(services, tmp_path, content):
    path = tmp_path / "malo.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match="No se pudo leer el archivo"):
        services.imports.import_file(path)
    assert _rows(services, ImportRecord) == 0 and _rows(services, Contract) == 0


def test_corrupt_tail_rolls_back_everything(services, tmp_path):
    rows = json.dumps(list(json.loads(write_api_json(tmp_path / "a.json").read_text(encoding="utf-8"))))
    broken = tmp_path / "cortado.json"
    broken.write_text(rows[:-40], encoding="utf-8")  # download interrupted mid-object
    with pytest.raises(ValidationError, match="JSON"):
        services.imports.import_file(broken)
    assert _rows(services, Contract) == 0 and _rows(services, ImportRecord) == 0


def test_cancel_rolls_back(services, tmp_path):
    path = tmp_path / "grande.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Contrato", "Valor del Contrato", "Nombre Entidad"])
        for i in range(3000):
            writer.writerow([f"CO1.PCCNTR.{i}", str(1000 + i), "ALCALDÍA"])
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(done)
        if len(seen) == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        services.imports.import_file(path, progress=progress, cancel=token)
    assert _rows(services, Contract) == 0 and _rows(services, ImportRecord) == 0
    assert seen[0] == 0 and max(seen) > 0


def test_adiciones_and_ejecucion_attach_to_known_contracts(services, tmp_path):
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    adiciones = tmp_path / "adiciones.csv"
    adiciones.write_text(
        "Identificador,ID Contrato,Tipo,Descripción,Fecha Registro\n"
        "9001,CO1.PCCNTR.5002,ADICION EN EL VALOR,Obra adicional,03/15/2026 12:00:00 AM\n"
        "9002,CO1.PCCNTR.5002,EXTENSION,Prórroga,04/20/2026 12:00:00 AM\n"
        "9003,CO1.PCCNTR.7777,EXTENSION,Otro contrato,04/20/2026 12:00:00 AM\n", encoding="utf-8")
    result = services.imports.import_file(adiciones, "secop2")
    assert (result.format, result.created, len(result.rejected)) == ("secop2-adiciones", 2, 1)
    assert "CO1.PCCNTR.7777 no está registrado" in result.rejected[0].reason
    again = services.imports.import_file(adiciones)
    assert (again.created, again.unchanged) == (0, 2)
    contract = services.contracts.find("CO1.PCCNTR.5002")
    assert [m.kind for m in contract.modifications] == ["adicion", "prorroga"]


def test_boq_needs_a_contract_and_keeps_item_ids_on_reimport(services, tmp_path):
    path = tmp_path / "presupuesto.csv"
    path.write_text("Ítem;Descripción;Und;Cant.;Vr. Unitario;Vr. Total\n"
                    "1.1;Localización y replanteo;m2;1200;4.500;5.400.000\n"
                    "1.2;Concreto MR-45;m3;640;980.000;627.200.000\n", encoding="cp1252")
    with pytest.raises(ValidationError, match="pertenece a un contrato"):
        services.imports.import_file(path)
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    contract = services.contracts.find("CO1.PCCNTR.5001")
    first = services.imports.import_file(path, contract_id=contract.id)
    assert (first.format, first.created) == ("boq", 2)
    ids = {i.code: i.id for i in services.contracts.boq(contract.id)}
    path.write_text("Ítem;Descripción;Und;Cant.;Vr. Unitario;Vr. Total\n"
                    "1.1;Localización y replanteo;m2;1250;4.500;5.625.000\n"
                    "1.2;Concreto MR-45;m3;640;980.000;627.200.000\n", encoding="cp1252")
    second = services.imports.import_file(path, contract_id=contract.id)
    assert (second.updated, second.unchanged) == (1, 1)
    items = services.contracts.boq(contract.id)
    assert {i.code: i.id for i in items} == ids
    assert items[0].quantity == Decimal("1250") and _rows(services, BoqItem) == 2


def test_import_with_work_links_contracts_and_suggests_by_bpin(services, tmp_path):
    work_id = _work_id(services)
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    suggestions = services.contracts.suggestions_for_work(work_id)
    assert {row.secop_id for row, _ in suggestions} >= {"CO1.PCCNTR.5001", "CO1.PCCNTR.5002"}
    assert all("BPIN" in reason for row, reason in suggestions if row.secop_id != "CO1.PCCNTR.5003")
    services.imports.import_file(write_api_json(tmp_path / "api.json"), work_id=work_id)
    assert len(services.contracts.for_work(work_id)) == 3
    with pytest.raises(NotFoundError):
        services.imports.import_file(tmp_path / "api.json", work_id="no-existe")


def test_big_file_for_a_work_links_only_the_contracts_with_its_bpin(services, tmp_path):
    """Choosing a work and importing a whole entity's year must not link thousands of unrelated
    contracts to it: above LINK_ALL_MAX contracts only the work's BPIN links, the rest is counted."""
    from veeduria_app.services.imports import LINK_ALL_MAX

    work_id = _work_id(services)  # BPIN 2026130010001
    path = write_entity_year_csv(tmp_path / "entidad_2026.csv")
    assert 15 > LINK_ALL_MAX
    result = services.imports.import_file(path, work_id=work_id)
    assert (result.created, result.linked, result.not_linked) == (15, 10, 5)
    assert {c.bpin for c in services.contracts.for_work(work_id)} == {"2026130010001"}
    assert "El archivo trae 15 contratos: se vincularon a la obra 10" in result.summary()
    assert result.to_json()["linked"] == 10 and result.to_json()["not_linked"] == 5
    again = services.imports.import_file(path, work_id=work_id)
    assert (again.unchanged, again.linked, again.not_linked) == (15, 10, 5)
    assert len(services.contracts.for_work(work_id)) == 10

    small = services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"), work_id=work_id)
    assert (small.linked, small.not_linked) == (3, 0)  # a project's few contracts: all of them


def test_process_stage_record_becomes_the_contract(services, tmp_path):
    process = [{"id_del_portafolio": "CO1.BDOS.5001", "id_del_proceso": "CO1.REQ.1", "entidad": "DISTRITO",
                "nit_entidad": "890480184", "referencia_del_proceso": "SA-MC-001-2026", "precio_base": "1300000000",
                "estado_del_procedimiento": "Evaluación", "adjudicado": "No",
                "descripci_n_del_procedimiento": "MEJORAMIENTO DE LA VÍA PRINCIPAL"}]
    path = tmp_path / "procesos.json"
    path.write_text(json.dumps(process, ensure_ascii=False), encoding="utf-8")
    first = services.imports.import_file(path)
    assert (first.format, first.created) == ("secop2-procesos", 1)
    later = services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    assert (later.created, later.updated) == (2, 1)  # CO1.PCCNTR.5001 took over its process record
    assert services.contracts.count() == 3
    contract = services.contracts.find("CO1.PCCNTR.5001")
    assert contract.process_id == "CO1.BDOS.5001" and contract.initial_value == Decimal("1234567890")
    assert contract.status == "En ejecución"


def test_reimport_keeps_a_funding_source_the_file_does_not_state(services, samples_dir):
    """OCDS budgets carry no funding source: the first import stores «otro»; a hand correction
    must survive every later import of the same or a newer file, which says nothing about it."""
    sample = samples_dir / "ocds" / "colombia_secop2_release_ocds-k50g02-CO1.BDOS.530558.json"
    services.imports.import_file(sample)
    contract = services.contracts.find("CO1.PCCNTR.561631")
    [allocation] = services.contracts.budget(contract.id)
    assert allocation.funding_source == "otro" and allocation.amount == Decimal("12326533.00")

    from veeduria_app.services.contracts import BudgetFields

    services.contracts.update_budget(allocation.id, BudgetFields(
        vigencia=allocation.vigencia or 2016, funding_source="sgp", amount=allocation.amount,
        description=allocation.description, rubro="2.3.2.02.02.005"))
    services.imports.import_file(sample)
    [kept] = services.contracts.budget(contract.id)
    assert (kept.funding_source, kept.rubro, kept.amount) == ("sgp", "2.3.2.02.02.005", Decimal("12326533.00"))
    assert kept.vigencia == (allocation.vigencia or 2016)
    with services.db.read() as session:
        changed_by_import = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "import_update", AuditEntry.entity_id == allocation.id)).all()
    assert changed_by_import == []


@pytest.mark.parametrize("header", ["Valor de pago adelantado", "valor_de_pago_adelantado"])
def test_secop_advance_payment_is_the_contracts_advance(services, tmp_path, header):
    """SECOP II's «Valor de pago adelantado» (CCE dictionary: «Valor del pago por adelantado») is the
    contract's advance; without it the comparison showed «anticipo: $ 0»."""
    path = tmp_path / "contrato.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Contrato", "Referencia del Contrato", "Nombre Entidad", "Valor del Contrato", header])
        writer.writerow(["CO1.PCCNTR.7001", "LP-007-2026", "DISTRITO DE CARTAGENA", "3000000000", "900000000"])
    services.imports.import_file(path)
    assert services.contracts.find("CO1.PCCNTR.7001").advance_value == Decimal("900000000")


def test_unlinking_several_contracts_is_one_all_or_nothing_action(services, tmp_path):
    work_id = _work_id(services)
    services.imports.import_file(write_entity_year_csv(tmp_path / "entidad.csv"), work_id=work_id)
    linked = [c.id for c in services.contracts.for_work(work_id)]
    assert len(linked) == 10
    stray = next(c.id for c in services.contracts.list() if c.id not in linked)
    with pytest.raises(NotFoundError):  # one of them was never linked: nothing is unlinked
        services.contracts.unlink_many(linked[:3] + [stray], work_id)
    assert len(services.contracts.for_work(work_id)) == 10
    assert services.contracts.unlink_many(linked, work_id) == 10
    assert services.contracts.for_work(work_id) == []
    with services.db.read() as session:
        unlinks = session.scalars(select(AuditEntry).where(AuditEntry.action == "unlink")).all()
    assert len(unlinks) == 10


def test_an_import_leaves_the_database_files_checkpoint_to_a_background_thread(services, tmp_path, monkeypatch, db_backend):
    """On SQLite an import's commit only appends to the WAL; the copy into the database file runs
    after it, on a background thread (engine.Database, bulk transactions)."""
    from veeduria_app.db.engine import Database

    checkpoints: list[str] = []
    monkeypatch.setattr(Database, "_checkpoint", lambda self: checkpoints.append(threading.current_thread().name))
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    services.db.wait_for_checkpoint()
    assert checkpoints == ([] if db_backend == "postgresql" else ["wal-checkpoint"])
    assert _rows(services, Contract) == 3


def test_import_summary_agrees_one_row_and_many():
    """«1 leídos, 1 nuevos» read badly in the import dialog."""
    from veeduria_app.services.imports import ImportResult, RowError

    one = ImportResult("id", "secop_csv", "uno.csv", "0" * 64, read=1, created=1, updated=1, unchanged=1,
                       rejected=(RowError(2, "sin valor"),), linked=1)
    assert "1 leído, 1 nuevo, 1 actualizado, 1 sin cambios, 1 rechazado. 1 vinculado a la obra." in one.summary()
    many = ImportResult("id", "secop_csv", "dos.csv", "0" * 64, read=2, created=2, updated=0, unchanged=0,
                        rejected=(RowError(2, "x"), RowError(3, "y")), linked=2)
    assert "2 leídos, 2 nuevos, 0 actualizados, 0 sin cambios, 2 rechazados. 2 vinculados a la obra." in many.summary()

"""FindingService on a real SQLite file: write, link, status path, from an alert, audit."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from veeduria_app.db.models.analysis import Finding
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.db.models.inspections import EvidenceFile, InspectionPhoto
from veeduria_app.domain import alerts as A
from veeduria_app.domain.findings import FindingFields
from veeduria_app.services.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from veeduria_app.services.identity import Actor

from analysis_data import add_contract, add_visit, make_work


def findings(services):
    return services.findings


@pytest.fixture
def work(services):
    return make_work(services)


def test_create_numbers_per_work_and_audits(services, work):
    f1 = findings(services).create(work, FindingFields(title="Pagos sin obra", nature="Fiscal",
                                                       condition="Se pagó el 74 %", criterion="Ley 1474 art. 84"))
    f2 = findings(services).create(work, FindingFields(title="Sin valla"))
    other = make_work(services, name="Otra obra")
    f3 = findings(services).create(other, FindingFields(title="Otro"))
    assert (f1.code, f2.code, f3.code) == ("H-01", "H-02", "H-01")
    assert f1.status == "borrador" and f1.nature == "fiscal" and f1.found_on == dt.date.today()
    assert f1.to_json()["status_label"] == "Borrador"
    with services.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == f1.id)).one()
        assert entry.action == "create" and "H-01" in entry.summary
    assert [f.code for f in findings(services).list(work)] == ["H-01", "H-02"]
    assert len(findings(services).list()) == 3


def test_bad_input_changes_nothing(services, work):
    with pytest.raises(ValidationError, match="título"):
        findings(services).create(work, FindingFields(title=" "))
    with pytest.raises(ValidationError, match="Naturaleza"):
        findings(services).create(work, FindingFields(title="x", nature="civil"))
    with pytest.raises(ValidationError, match="Tipo de evidencia"):
        findings(services).create(work, FindingFields(title="x"), links=(("video", "a", "a"),))
    with pytest.raises(NotFoundError):
        findings(services).create("nada", FindingFields(title="x"))
    with services.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Finding)) == 0


def test_update_with_version_check_and_closed_is_frozen(services, work):
    f = findings(services).create(work, FindingFields(title="Borrador"))
    fields = f.fields()
    fields.cause = "Falta de supervisión"
    updated = findings(services).update(f.id, fields, expected_version=f.version)
    assert updated.cause == "Falta de supervisión" and updated.version == f.version + 1
    retried = findings(services).update(f.id, fields, expected_version=f.version)  # the same save, answer lost
    assert retried.version == updated.version and retried.cause == "Falta de supervisión"
    assert [e.action for e in services.audit.list(entity_id=f.id)].count("update") == 1
    fields.effect = "Riesgo para los peatones"
    with pytest.raises(ConflictError):
        findings(services).update(f.id, fields, expected_version=f.version)
    findings(services).set_status(f.id, "cerrado")
    with pytest.raises(ValidationError, match="cerrado"):
        findings(services).update(f.id, fields)


def test_status_path_with_dates(services, work):
    f = findings(services).create(work, FindingFields(title="x", found_on=dt.date.today() - dt.timedelta(days=30)))
    day = dt.date.today() - dt.timedelta(days=20)
    f = findings(services).set_status(f.id, "comunicado", on=day)
    assert f.status == "comunicado" and f.communicated_on == day
    with pytest.raises(ValidationError, match="anterior"):
        findings(services).set_status(f.id, "con_respuesta", on=day - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="posterior"):
        findings(services).set_status(f.id, "comunicado")
    f = findings(services).set_status(f.id, "con_respuesta")
    assert f.answered_on == dt.date.today() and f.status_label == "Con respuesta"
    with services.db.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == f.id))]
    assert actions.count("status") == 2


def test_links_add_remove_and_no_duplicates(services, work):
    f = findings(services).create(work, FindingFields(title="x"), links=(("documento", "Acta 3", "Acta 3"),))
    f = findings(services).add_link(f.id, "foto", "photo-1", "IMG_1.jpg")
    f = findings(services).add_link(f.id, "foto", "photo-1", "IMG_1.jpg")
    assert [(l.kind, l.target) for l in f.links] == [("documento", "Acta 3"), ("foto", "photo-1")]
    f = findings(services).remove_link(f.id, f.links[0].id)
    assert [l.kind_label for l in f.links] == ["Foto"]
    with pytest.raises(NotFoundError):
        findings(services).remove_link(f.id, "nada")


def test_from_alert_fills_figures_basis_and_links(services, work):
    add_contract(services, work, payments=[(dt.date(2026, 2, 1), "74000000", "acta_parcial")],
                 end=dt.date(2026, 12, 31))
    add_visit(services, work, dt.date(2026, 2, 5), "35")
    f = findings(services).create_from_alert(work, "pagos_superan_avance", as_of=dt.date(2026, 2, 6))
    assert f.source_alert_code == A.PAGOS_SUPERAN_AVANCE
    assert "74,0 %" in f.condition and "35,0 %" in f.condition
    assert "Ley 1474" in f.criterion and f.nature == "fiscal"
    assert f.source_alert_data["financial_pct"] == 74 and f.source_alert_data["physical_pct"] == 35
    assert [(l.kind, l.target) for l in f.links] == [("alerta", A.PAGOS_SUPERAN_AVANCE)]
    assert f.links[0].label == "Pagos van por delante de la obra"  # what a person reads: no internal code
    with pytest.raises(ValidationError, match="no tiene la alerta"):
        findings(services).create_from_alert(work, A.SIN_VALLA, as_of=dt.date(2026, 2, 6))


def test_from_photo_alert_links_the_photos(services, work):
    visit = add_visit(services, work, dt.date(2026, 2, 1), "10")
    with services.db.transaction() as s:
        s.add(EvidenceFile(sha256="a" * 64, extension="jpg", media_format="jpeg", size_bytes=1, original_name="x.jpg"))
        s.flush()
        photo = InspectionPhoto(inspection_id=visit, sha256="a" * 64, original_name="IMG_20.jpg",
                                flags=["sin_gps"], flag_details=[])
        s.add(photo)
        s.flush()
        photo_id = photo.id
    f = findings(services).create_from_alert(work, A.FOTO_SIN_GPS, title="Fotos reenviadas",
                                             as_of=dt.date(2026, 2, 2))
    assert f.title == "Fotos reenviadas"
    assert ("foto", photo_id, "IMG_20.jpg") in [(l.kind, l.target, l.label) for l in f.links]


def test_read_only_cannot_write_and_archive_hides(services, work):
    f = findings(services).create(work, FindingFields(title="x"))
    services.identity.set(Actor("ana", "Ana", "integrante"))
    with pytest.raises(PermissionDenied):
        findings(services).archive(f.id)
    services.identity.set(Actor("lu", "Lu", "consulta"))
    with pytest.raises(PermissionDenied):
        findings(services).create(work, FindingFields(title="y"))
    services.identity.set(Actor("rosa", "Rosa", "coordinador"))
    findings(services).archive(f.id)
    assert findings(services).list(work) == []
    assert len(findings(services).list(work, include_archived=True)) == 1

"""Issuing informe, acta, rendición de cuentas and oficio; the registry; verification."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reporting"))

from pdf_helpers import LETTER_POINTS, all_text, images, page_sizes, page_texts  # noqa: E402
from report_setup import build_world  # noqa: E402
from veeduria_app.db.models.foundation import AuditEntry  # noqa: E402
from veeduria_app.db.models.reports import IssuedReport  # noqa: E402
from veeduria_app.domain.formats import money, percent  # noqa: E402
from veeduria_app.reporting.informe import SECTION_TITLES  # noqa: E402
from veeduria_app.reporting.template import TRAINING_MARK  # noqa: E402
from veeduria_app.services.container import build_services  # noqa: E402
from veeduria_app.services.data_folder import DataFolder  # noqa: E402
from veeduria_app.services.errors import (NotFoundError, PermissionDenied,  # noqa: E402
                                          ValidationError)
from veeduria_app.services.identity import Actor  # noqa: E402
from veeduria_app.services.jobs import CancelToken, Cancelled  # noqa: E402
from veeduria_app.services.profile import ProfileFields  # noqa: E402
from veeduria_app.services.reports import Recipient  # noqa: E402


@pytest.fixture
def world(services, tmp_path):
    return build_world(services, tmp_path / "fotos")


def _registry_count(services) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(IssuedReport)) or 0


def test_informe_prints_the_services_figures(services, world, tmp_path):
    out = tmp_path / "salida" / "informe.pdf"
    issued = services.reports.issue_informe(world.work_id, out=out)
    pdf = out.read_bytes()
    text = all_text(pdf)
    for title in SECTION_TITLES:
        assert title in text
    snap = services.analysis.progress(world.work_id).snapshot
    assert f"{percent(snap.physical_pct)} observado" in text
    assert percent(snap.financial_pct) in text
    for value in (snap.initial_value, snap.current_value, snap.paid_work_value, snap.advance_value):
        assert money(value) in text
    assert "Canalización del canal Las Gaviotas, tramo 2" in text
    assert "ROSA ELENA MARTÍNEZ ÑÁÑEZ" in text and "LUIS CAÑATE" in text
    assert world.finding_title in text and "Presunta naturaleza Fiscal" in text
    assert "La obra está parada desde agosto." not in text  # community remarks belong to the acta
    alerts = services.analysis.comparison(world.work_id).alerts
    assert alerts and all(a.title in text for a in alerts)
    assert len(images(pdf)) == 3
    assert all(size == LETTER_POINTS for size in page_sizes(pdf))
    texts = page_texts(pdf)
    for number, page in enumerate(texts, start=1):
        assert f"Página {number} de {len(texts)}" in page and "INF-2026-0001 v1" in page
        assert TRAINING_MARK not in page
    assert issued.page_count == len(texts)
    assert issued.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert issued.file_path.read_bytes() == pdf  # archived copy, byte for byte
    assert issued.evidence_count == 3
    photos = services.photos.list(world.visit_id)
    assert {m.sha256 for m in issued.manifest if m.kind == "foto"} == {p.sha256 for p in photos}
    for photo in photos:
        assert f"{photo.sha256[:32]} {photo.sha256[32:]}" in text  # the whole hash, in two lines
    with services.db.read() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == issued.id)).one()
        action, summary = audit.action, audit.summary
    assert action == "emitir" and "INF-2026-0001" in summary


def test_period_filters_visits_and_photos(services, world, tmp_path):
    issued = services.reports.issue_informe(world.work_id, period_from=dt.date(2026, 6, 1),
                                            period_to=dt.date(2026, 6, 30), out=tmp_path / "junio.pdf")
    text = all_text((tmp_path / "junio.pdf").read_bytes())
    assert "del 01/06/2026 al 30/06/2026" in text
    assert "No se registraron visitas en el periodo del informe." in text
    assert issued.evidence_count == 0


def test_verify_intact_altered_foreign_and_plain_files(services, world, tmp_path):
    out = tmp_path / "informe.pdf"
    services.reports.issue_informe(world.work_id, out=out)
    result = services.reports.verify(out)
    assert result.ok and result.status == "valido" and result.message.startswith("VÁLIDO:")
    assert result.evidence_checked == 3

    altered = bytearray(out.read_bytes())
    altered[len(altered) // 2] ^= 0x01  # one byte in the middle of the content
    (tmp_path / "alterado.pdf").write_bytes(bytes(altered))
    result = services.reports.verify(tmp_path / "alterado.pdf")
    assert result.status == "alterado" and not result.ok and "INF-2026-0001" in result.message
    assert "guardado de nuevo con otro programa" in result.message  # a re-saved copy reads the same way

    other = build_services(DataFolder.open(tmp_path / "otra"))
    try:
        build_world(other, tmp_path / "fotos_otra")
        other.reports.issue_informe(other.works.list()[0].id, out=tmp_path / "ajeno.pdf")
    finally:
        other.close()
    result = services.reports.verify(tmp_path / "ajeno.pdf")
    assert result.status == "desconocido" and "otra carpeta de datos" in result.message

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    with open(tmp_path / "cualquiera.pdf", "wb") as handle:
        writer.write(handle)
    assert services.reports.verify(tmp_path / "cualquiera.pdf").status == "desconocido"
    with pytest.raises(ValidationError, match="No se encontró"):
        services.reports.verify(tmp_path / "no_existe.pdf")


def test_verify_detects_altered_and_missing_evidence(services, world, tmp_path):
    out = tmp_path / "informe.pdf"
    services.reports.issue_informe(world.work_id, out=out)
    photos = services.photos.list(world.visit_id)
    stored = services.photos.store.path_for(photos[1].sha256, photos[1].extension)
    stored.chmod(0o644)
    data = bytearray(stored.read_bytes())
    data[-10] ^= 0xFF
    stored.write_bytes(bytes(data))
    result = services.reports.verify(out)
    assert result.status == "evidencia_alterada" and not result.ok
    assert len(result.problems) == 1 and "cambió" in result.problems[0]
    assert "1 de sus 3 fotos citadas ya no está intacta:" in result.message
    services.photos.store.path_for(photos[2].sha256, photos[2].extension).unlink()
    result = services.reports.verify(out)
    assert len(result.problems) == 2 and any("falta" in p for p in result.problems)
    assert "2 de sus 3 fotos citadas ya no están intactas:" in result.message


def test_issued_reports_are_never_overwritten_and_corrections_are_versions(services, world, tmp_path):
    first = services.reports.issue_informe(world.work_id, out=tmp_path / "a.pdf")
    original = first.file_path.read_bytes()
    second = services.reports.issue_informe(world.work_id, out=tmp_path / "b.pdf")
    assert (first.code, second.code) == ("INF-2026-0001", "INF-2026-0002")
    fix = services.reports.issue_informe(world.work_id, corrects=first.code, conclusions="Texto corregido.",
                                         out=tmp_path / "c.pdf")
    assert (fix.code, fix.revision, fix.supersedes_id) == ("INF-2026-0001", 2, first.id)
    assert first.file_path.read_bytes() == original
    text = all_text((tmp_path / "c.pdf").read_bytes())
    assert "corrige y reemplaza la versión anterior del documento INF-2026-0001 v1" in text
    assert "Texto corregido." in text
    with pytest.raises(ValidationError, match="ya fue corregido por INF-2026-0001 v2"):
        services.reports.issue_informe(world.work_id, corrects="INF-2026-0001 v1")
    verdict = services.reports.verify(tmp_path / "a.pdf")
    assert verdict.ok and verdict.newer_revision == 2 and "versión posterior (v2)" in verdict.message
    # A file left by an issue that never committed (crash) is set aside intact, not overwritten,
    # and does not block the next document.
    stray = services.data_folder.reports_dir / "INF-2026-0003-v1.pdf"
    stray.write_bytes(b"no tocar")
    third = services.reports.issue_informe(world.work_id)
    assert third.display_code == "INF-2026-0003 v1" and third.file_path.read_bytes() != b"no tocar"
    aside = list(services.data_folder.reports_dir.glob("INF-2026-0003-v1.sin-registrar-*.pdf"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"no tocar"
    assert services.reports.verify(third.file_path).ok
    assert [r.display_code for r in services.reports.history(world.work_id)][:3] == [
        "INF-2026-0003 v1", "INF-2026-0001 v2", "INF-2026-0002 v1"]


def test_cancel_and_bad_input_change_nothing(services, world, tmp_path):
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if "foto" in message:
            token.cancel()

    with pytest.raises(Cancelled):
        services.reports.issue_informe(world.work_id, out=tmp_path / "x.pdf", progress=progress, cancel=token)
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(NotFoundError, match="No existe una obra"):
        services.reports.issue_informe("no-existe")
    with pytest.raises(ValidationError, match="periodo no es válido"):
        services.reports.issue_informe(world.work_id, period_from=dt.date(2026, 5, 1), period_to=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match=r"\.pdf"):
        services.reports.issue_informe(world.work_id, out=tmp_path / "informe.docx")
    with pytest.raises(ValidationError, match="Localidad «9» no reconocida"):
        services.reports.issue_accountability(localidad="9")
    services.identity.set(Actor("ana", "Ana Consulta", "consulta"))
    with pytest.raises(PermissionDenied):
        services.reports.issue_informe(world.work_id)
    assert _registry_count(services) == 0
    assert not any(services.data_folder.reports_dir.glob("*.pdf"))


def test_informe_needs_a_registered_veeduria(services, tmp_path):
    from analysis_data import make_work

    work = make_work(services)
    with pytest.raises(ValidationError, match="Mi veeduría"):
        services.reports.issue_informe(work)


def test_acta_has_attendees_checklist_remarks_and_photos(services, world, tmp_path):
    issued = services.reports.issue_acta(world.visit_id, out=tmp_path / "acta.pdf")
    pdf = (tmp_path / "acta.pdf").read_bytes()
    text = all_text(pdf)
    assert issued.code.startswith("ACT-") and issued.inspection_id == world.visit_id
    assert "ROSA ELENA MARTÍNEZ ÑÁÑEZ" in text and "ING. PEDRO GÓMEZ" in text  # signature lines
    assert "Residente de obra" in text
    assert "Inés Julio, Vecina: La obra está parada desde agosto." in text
    assert "El tramo sur no ha sido intervenido." in text
    assert "08:30 a 11:15" in text and "20 de mayo de 2026" in text
    visit = services.inspections.get(world.visit_id)
    for item in visit.checklist:
        assert item.label in text
    assert len(images(pdf)) == 3
    assert services.reports.verify(tmp_path / "acta.pdf").ok


def test_accountability_filters_by_localidad(services, world, tmp_path):
    from analysis_data import make_work

    make_work(services, name="Parque de Bocagrande", localidad="1")
    services.reports.issue_accountability(out=tmp_path / "todas.pdf")
    text = all_text((tmp_path / "todas.pdf").read_bytes())
    assert "Canalización del canal Las Gaviotas, tramo 2" in text and "Parque de Bocagrande" in text
    issued = services.reports.issue_accountability(localidad="3", out=tmp_path / "loc3.pdf")
    text = all_text((tmp_path / "loc3.pdf").read_bytes())
    assert "Canalización del canal Las Gaviotas, tramo 2" in text and "Parque de Bocagrande" not in text
    assert "Industrial y de la Bahía" in issued.scope
    row = next(r for r in services.analysis.dashboard(localidad=issued.scope) if r.work_id == world.work_id)
    assert f"Avance observado: {percent(row.physical_pct)} · Avance pagado: {percent(row.financial_pct)}" in text
    assert world.finding_title in text


def test_oficio_files_the_informe_in_gtc185_order(services, world, tmp_path):
    informe = services.reports.issue_informe(world.work_id, out=tmp_path / "informe.pdf")
    recipient = Recipient("Doctora", "María José Ñañez Peña", "Secretaria de Infraestructura",
                          "Alcaldía Mayor de Cartagena de Indias", "Plaza de la Aduana, Centro")
    oficio = services.reports.issue_oficio(informe.code, recipient, copies=("Personería Distrital de Cartagena",),
                                           out=tmp_path / "oficio.pdf")
    text = all_text((tmp_path / "oficio.pdf").read_bytes())
    order = [oficio.code, "Cartagena de Indias,", "Doctora", "MARÍA JOSÉ ÑAÑEZ PEÑA", "Secretaria de Infraestructura",
             "Asunto: Remisión del informe de veeduría ciudadana INF-2026-0001 v1", "Respetada doctora Ñañez:",  # the first surname, as Colombian letters greet
             "Atentamente,", "ROSA ELENA MARTÍNEZ ÑÁÑEZ", f"Anexo: Informe de veeduría INF-2026-0001 v1 "
             f"({informe.page_count} folios)", "Copia: Personería Distrital de Cartagena"]
    positions = [text.find(part) for part in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions)
    assert oficio.related_code == "INF-2026-0001 v1" and oficio.kind == "oficio"
    with pytest.raises(ValidationError, match="Falta el nombre"):
        services.reports.issue_oficio(informe.code, Recipient("Doctora", " ", "Cargo", "Entidad"))


def test_training_folder_marks_every_page(tmp_path):
    folder = DataFolder.open(tmp_path / "capacitacion")
    folder.mark_training()
    services = build_services(folder)
    try:
        world = build_world(services, tmp_path / "fotos")
        issued = services.reports.issue_informe(world.work_id, out=tmp_path / "practica.pdf")
        assert issued.training
        for page in page_texts((tmp_path / "practica.pdf").read_bytes()):
            assert TRAINING_MARK in page
        verified = services.reports.verify(tmp_path / "practica.pdf")
        assert verified.ok and "documento de práctica (modo capacitación)" in verified.message
    finally:
        services.close()


def test_demo_starts_with_an_issued_informe_and_its_oficio(demo_services):
    history = demo_services.reports.history()
    assert sorted(r.kind for r in history) == ["informe", "oficio"]
    informe = next(r for r in history if r.kind == "informe")
    assert informe.training and informe.evidence_count > 0
    assert demo_services.reports.verify(informe.file_path).ok
    for page in page_texts(informe.file_path.read_bytes()):
        assert TRAINING_MARK in page


def test_warm_print_cache_prepares_the_photos_once(services, world):
    cache = services.data_folder.thumbnails_dir / "impresion"
    assert services.reports.warm_print_cache(world.work_id) == 3
    files = sorted(cache.rglob("*.jpg"))
    assert len(files) == 3
    stamps = [f.stat().st_mtime_ns for f in files]
    services.reports.issue_informe(world.work_id)  # reuses the copies, rewrites nothing
    assert [f.stat().st_mtime_ns for f in sorted(cache.rglob("*.jpg"))] == stamps


def test_without_accounts_the_veeduria_issues_not_the_computers_login(services, world, tmp_path):
    import getpass

    login = services.identity.actor
    assert not services.identity.authenticated and login.display_name.endswith("(sin cuentas)")
    issued = services.reports.issue_informe(world.work_id, out=tmp_path / "informe.pdf")
    text = all_text((tmp_path / "informe.pdf").read_bytes())
    assert "emitido por Veeduría Ciudadana Canal Las Gaviotas el " in text
    assert "sin cuentas" not in text and f"por {getpass.getuser()}" not in text  # was «… por root (sin cuentas)»
    assert issued.issued_by_name == "Veeduría Ciudadana Canal Las Gaviotas"
    assert "por Veeduría Ciudadana Canal Las Gaviotas" in services.reports.verify(tmp_path / "informe.pdf").message
    with services.db.read() as session:  # the registry and the audit trail still know the login
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == issued.id)).one()
        row = session.get(IssuedReport, issued.id)
        assert row.issued_by == login.username and audit.actor == login.username
    # with accounts, the person who is logged in is named beside the veeduría
    services.identity.set(Actor("ana", "Ana Gómez", "coordinador"), authenticated=True)
    services.reports.issue_informe(world.work_id, out=tmp_path / "informe2.pdf")
    text = all_text((tmp_path / "informe2.pdf").read_bytes())
    assert "emitido por Veeduría Ciudadana Canal Las Gaviotas (Ana Gómez) el " in text


def test_oficio_names_where_to_answer_and_the_letterhead_prints_it(services, world, tmp_path):
    """Ley 1755: the authority must know where to answer. The oficio said «Recibiremos respuesta
    en la dirección o el correo electrónico indicados en el encabezado», and the header held
    only the name and registration."""
    services.profile.save(ProfileFields(**{**_profile_fields(services), "phone": "300 123 4567"}))
    informe = services.reports.issue_informe(world.work_id, out=tmp_path / "informe.pdf")
    for page in page_texts((tmp_path / "informe.pdf").read_bytes()):
        flat = " ".join(page.split())
        assert "Calle 31 # 70-15, Olaya Herrera" in flat and "veeduria.gaviotas@example.org" in flat
    oficio = services.reports.issue_oficio(informe.code, _recipient(), out=tmp_path / "oficio.pdf")
    first = " ".join(page_texts(oficio.file_path.read_bytes())[0].split())
    assert "registro 0457 del 03/02/2026 · Calle 31 # 70-15, Olaya Herrera" in first  # the letterhead
    assert "veeduria.gaviotas@example.org · Tel. 300 123 4567" in first
    text = all_text(oficio.file_path.read_bytes())
    assert ("Recibiremos respuesta en la dirección Calle 31 # 70-15, Olaya Herrera o en el correo electrónico "
            "veeduria.gaviotas@example.org.") in text
    assert "al teléfono 300 123 4567" in text and "encabezado" not in text


def test_oficio_without_a_contact_does_not_point_to_an_empty_letterhead(services, world, tmp_path):
    services.profile.save(ProfileFields(**{**_profile_fields(services), "address": "", "email": ""}))
    informe = services.reports.issue_informe(world.work_id, out=tmp_path / "informe.pdf")
    oficio = services.reports.issue_oficio(informe.code, _recipient(), out=tmp_path / "oficio.pdf")
    text = all_text(oficio.file_path.read_bytes())
    assert "encabezado" not in text and "Recibiremos respuesta" not in text
    assert ("Agradecemos dirigir la respuesta a la Veeduría Ciudadana Canal Las Gaviotas, a la atención de quienes "
            "firman esta comunicación.") in text
    assert "teléfono" not in text


def _profile_fields(services) -> dict:
    current = services.profile.get()
    return {k: v for k, v in current.to_json().items() if k not in ("id", "registration_date", "renewal_date")} | {
        "registration_date": current.registration_date, "renewal_date": current.renewal_date}


def _recipient() -> Recipient:
    return Recipient("Doctora", "María José Ñañez Peña", "Secretaria de Infraestructura",
                     "Alcaldía Mayor de Cartagena de Indias", "Plaza de la Aduana, Centro")


def test_accountability_takes_the_ucg_as_the_lists_write_it_and_refuses_an_unknown_one(services, world, tmp_path):
    from analysis_data import make_work

    territory = services.territory.get()
    localidad = territory.resolve_localidad("3")
    rural = next(name for name in territory.ucgs_for(localidad) if not name.startswith("UCG"))
    make_work(services, name="Vía a Pasacaballos", localidad="3", ucg=rural)
    issued = services.reports.issue_accountability(ucg=rural.lower(), out=tmp_path / "rural.pdf")
    assert issued.scope == rural  # the list's own spelling, never «UCG Área rural …»
    assert "Vía a Pasacaballos" in all_text((tmp_path / "rural.pdf").read_bytes())
    before = len(services.reports.history())
    with pytest.raises(ValidationError, match="UCG «99» no reconocida"):
        services.reports.issue_accountability(ucg="99", out=tmp_path / "nada.pdf")
    assert not (tmp_path / "nada.pdf").exists() and len(services.reports.history()) == before


def test_default_texts_for_a_work_count_the_findings_an_informe_of_today_presents(services, world):
    from analysis_data import make_work
    from veeduria_app.domain.findings import FindingFields

    bare = make_work(services, name="Parque sin hallazgos")
    assert services.reports.default_texts_for(bare) == services.reports.default_texts("Parque sin hallazgos",
                                                                                      findings=0)
    one = services.findings.create(bare, FindingFields(title="Andén roto", condition="Roto."))
    services.findings.create(bare, FindingFields(title="Sin valla", condition="No hay valla."))
    services.findings.archive(one.id)
    assert services.reports.default_texts_for(bare) == services.reports.default_texts("Parque sin hallazgos",
                                                                                      findings=1)
    with pytest.raises(NotFoundError):
        services.reports.default_texts_for("no-existe")

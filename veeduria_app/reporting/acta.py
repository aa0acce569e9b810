"""Acta de visita: the record of one inspection, signed by everyone present."""
from __future__ import annotations

from typing import Optional

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from veeduria_app.domain.formats import long_date, percent, place_and_date
from veeduria_app.reporting.blocks import coordinates, paragraphs, photo_grid, signature_lines, verification_block
from veeduria_app.reporting.data import ActaData
from veeduria_app.reporting.informe import qr_payload
from veeduria_app.reporting.letter import Signer
from veeduria_app.reporting.styles import esc, get_styles, heading
from veeduria_app.reporting.tables import data_table, key_value_table
from veeduria_app.reporting.template import PageDecor, PdfMetadata, build_pdf
from veeduria_app.reporting.images import PrintCache, print_cache
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check

DOCUMENT_TITLE = "Acta de visita"
TEXT_WIDTH = 16.5 * cm
SECTION_TITLES = ("Datos de la visita", "Asistentes", "Lista de verificación", "Observaciones de la veeduría",
                  "Comentarios de la comunidad", "Registro fotográfico", "Firmas")


def _time(value) -> str:  # noqa: ANN001 - time or None
    return value.strftime("%H:%M") if value else "—"


def acta_story(data: ActaData, *, progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None,
               cache: Optional[PrintCache] = None) -> list[Flowable]:
    words = load_wording("acta_visita")
    st = get_styles()
    w = data.work
    story: list[Flowable] = [Paragraph(esc(words.text("titulo")), st.cover_subtitle),
                             Paragraph(f"Código {esc(data.verification.code)} — versión {data.verification.version}",
                                       st.center),
                             Spacer(1, 0.3 * cm), *paragraphs(words.paragraphs("intro"))]
    story += [*heading(SECTION_TITLES[0], st.h2), key_value_table([
        ("Veeduría", data.veeduria.name), ("Obra", w.name), ("Entidad", w.entity),
        ("Lugar", ", ".join(x for x in (w.address, w.barrio, w.localidad) if x)),
        ("Coordenadas de la obra", coordinates(w.lat, w.lon)),
        ("Fecha de la visita", long_date(data.visit_date)),
        ("Hora de inicio y de cierre", f"{_time(data.start_time)} a {_time(data.end_time)}"),
        ("Objeto de la visita", data.purpose), ("Avance observado", percent(data.observed_progress)),
        ("Estado del acta", "Cerrada (no se puede modificar sin dejar rastro)" if data.closed else "Abierta (borrador)"),
    ], [4.6 * cm, TEXT_WIDTH - 4.6 * cm])]
    story += heading(SECTION_TITLES[1], st.h2)
    if data.attendees:
        story.append(data_table(["N.º", "Nombre", "Calidad en que asiste"],
                                [[str(i), a.name, a.role] for i, a in enumerate(data.attendees, start=1)],
                                [1.2 * cm, 8.0 * cm, 7.3 * cm]))
    else:
        story += paragraphs(["No se registraron asistentes."])
    story += heading(SECTION_TITLES[2], st.h2)
    if data.checklist:
        story.append(data_table(["Aspecto verificado", "Resultado", "Observación"],
                                [[c.item, c.answer, c.note] for c in data.checklist],
                                [6.5 * cm, 2.6 * cm, 7.4 * cm]))
    else:
        story += paragraphs(["No se diligenció lista de verificación."])
    story += [*heading(SECTION_TITLES[3], st.h2),
              *paragraphs([data.observations] if data.observations.strip() else words.paragraphs("sin_observaciones")),
              *heading(SECTION_TITLES[4], st.h2),
              *paragraphs([data.community_remarks] if data.community_remarks.strip()
                          else words.paragraphs("sin_comentarios"))]
    check(cancel)
    story += heading(SECTION_TITLES[5], st.h2)
    if data.photos:
        story += photo_grid(data.photos, progress=progress, cancel=cancel, cache=cache)
    else:
        story += paragraphs(["No se tomaron fotografías en esta visita."])
    signers = [Signer(a.name, a.role) for a in data.attendees]
    story.append(KeepTogether([*heading(SECTION_TITLES[6], st.h2),
                               *signature_lines(signers, " ".join(words.paragraphs("cierre"))),
                               Spacer(1, 0.3 * cm),
                               Paragraph(esc(place_and_date(data.issue_date, data.veeduria.city)), st.body_left)]))
    return story


def build_acta(data: ActaData, *, progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None) -> bytes:
    v = data.verification
    payload = qr_payload(v.code, v.version, v.manifest_digest)
    with print_cache(data.photo_cache_dir) as cache:
        story = acta_story(data, progress=progress, cancel=cancel, cache=cache)
        story += verification_block(data.veeduria, v, payload)
        return _layout(data, story, payload, cancel)


def _layout(data: ActaData, story: list[Flowable], payload: str, cancel: Optional[CancelToken]) -> bytes:
    v = data.verification
    decor = PageDecor(organisation=data.veeduria.name, document_title=DOCUMENT_TITLE, code=f"{v.code} v{v.version}",
                      qr_payload=payload, training=data.training, organisation_line=data.veeduria.registration)
    meta = PdfMetadata(title=f"{DOCUMENT_TITLE} {v.code}: {data.work.name}", author=data.veeduria.name,
                       subject=f"Acta de visita del {long_date(data.visit_date)}", code=v.code,
                       issuer_id=v.issuer_id)
    return build_pdf(story, decor, meta, cancel=cancel)

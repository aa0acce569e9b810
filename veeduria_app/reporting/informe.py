"""Informe de veeduría: the formal report on one work for a period.

Sections, in order: cover; identification of the work and contracts; methodology (visits,
sources with hashes, legal references); contract against observed; S-curve; alerts with basis;
findings; conclusions and requests; signatures; photographic annex; location sketch;
verification block.
"""
from __future__ import annotations

from typing import Optional

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from veeduria_app.domain.formats import money, percent, place_and_date, short_date
from veeduria_app.domain.spanish import count_noun
from veeduria_app.reporting.blocks import (art20_note, coordinates, paragraphs, photo_grid,
                                           signature_lines, verification_block)
from veeduria_app.reporting.charts import level_badge, s_curve
from veeduria_app.reporting.data import InformeData
from veeduria_app.reporting.sketch import SketchPoint, location_sketch
from veeduria_app.reporting.styles import esc, get_styles, heading
from veeduria_app.reporting.tables import data_table, key_value_table
from veeduria_app.reporting.template import PageDecor, PdfMetadata, build_pdf
from veeduria_app.reporting.images import PrintCache, print_cache
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

DOCUMENT_TITLE = "Informe de veeduría"
TEXT_WIDTH = 16.5 * cm

SECTION_TITLES = (
    "1. Identificación de la obra y sus contratos",
    "2. Metodología y fuentes",
    "3. Lo contratado frente a lo observado",
    "4. Curva S de avance",
    "5. Alertas y su fundamento",
    "6. Hallazgos",
    "7. Conclusiones y solicitudes",
    "8. Firmas",
    "Anexo 1. Registro fotográfico",
    "Anexo 2. Croquis de ubicación",
)


def nbsp(text: str) -> str:
    """Keep `$ 1.234` on one line inside narrow table cells."""
    return text.replace(" ", "\u00a0")


def period_text(data_from, data_to) -> str:  # noqa: ANN001 - dates or None
    """`del 01/01/2026 al 26/11/2026`, or an open end written in words."""
    if data_from and data_to:
        return f"del {short_date(data_from)} al {short_date(data_to)}"
    if data_from:
        return f"desde el {short_date(data_from)}"
    if data_to:
        return f"hasta el {short_date(data_to)}"
    return "todo el periodo registrado"


def _cover(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    v = data.verification
    lines = [
        Spacer(1, 2.2 * cm),
        Paragraph(esc(words.text("titulo")), st.cover_title),
        Paragraph(esc(data.work.name), st.cover_subtitle),
        Spacer(1, 1.0 * cm),
        Paragraph(f"<b>{esc(data.veeduria.name)}</b>", st.cover_line),
    ]
    if data.veeduria.registration:
        lines.append(Paragraph(esc(data.veeduria.registration), st.cover_line))
    if data.veeduria.contact:
        lines.append(Paragraph(esc(" · ".join(data.veeduria.contact)), st.cover_line))
    lines += [
        Spacer(1, 0.8 * cm),
        Paragraph(f"Periodo del informe: {esc(period_text(data.period_from, data.period_to))}", st.cover_line),
        Paragraph(f"Código: <b>{esc(v.code)}</b> — versión {v.version}", st.cover_line),
        Spacer(1, 0.8 * cm),
        Paragraph(esc(place_and_date(data.issue_date, data.veeduria.city)), st.cover_line),
        Spacer(1, 1.6 * cm),
        *[Paragraph(esc(t), st.center) for t in words.paragraphs("portada_nota")],
    ]
    if data.training:
        lines += [Spacer(1, 0.8 * cm), Paragraph("<b>MODO CAPACITACIÓN — DOCUMENTO DE PRÁCTICA.</b> "
                                                 "Los datos son ficticios y este documento no tiene validez.",
                                                 st.center)]
    return lines + [PageBreak()]


def _identification(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    w = data.work
    out: list[Flowable] = [*heading(SECTION_TITLES[0], st.h1), *paragraphs(words.paragraphs("intro_identificacion"))]
    location = ", ".join(x for x in (w.address, w.barrio) if x)
    out.append(key_value_table([
        ("Obra", w.name), ("Tipo", w.type), ("Estado", w.status), ("Entidad responsable", w.entity),
        ("Localidad", w.localidad), ("UCG", w.ucg), ("Dirección y barrio", location),
        ("Coordenadas", coordinates(w.lat, w.lon)), ("Código BPIN", w.bpin),
    ], [4.2 * cm, TEXT_WIDTH - 4.2 * cm]))
    out.append(Spacer(1, 0.4 * cm))
    if data.contracts:
        out += heading("Contratos asociados", st.h2)
        rows = []
        for c in data.contracts:
            values = "\n".join(f"{label}: {nbsp(money(value)) or '—'}" for label, value in
                               (("Inicial", c.initial_value), ("Actual", c.current_value), ("Pagado", c.paid_value)))
            term = f"{short_date(c.start_date) or '—'} a {short_date(c.end_date) or '—'}\n{c.status}"
            rows.append([c.number, c.contractor, c.object, values, term])
        out.append(data_table(["Contrato", "Contratista", "Objeto", "Valores", "Plazo y estado"], rows,
                              [3.1 * cm, 3.2 * cm, 3.4 * cm, 4.2 * cm, 2.6 * cm]))
        for c in data.contracts:
            if c.modifications or c.supervisor or c.url:
                details = [f"<b>Contrato {esc(c.number)}</b>"]
                if c.supervisor:
                    details.append(f"Supervisión / interventoría: {esc(c.supervisor)}")
                if c.modifications:
                    details.append("Modificaciones: " + esc("; ".join(c.modifications)))
                if c.url:
                    details.append(f"Publicación: {esc(c.url)}")
                out.append(Paragraph("<br/>".join(details), st.small))
    else:
        out += paragraphs(["No hay contratos registrados para esta obra."])
    return out


def by_findings(words, base: str, count: int, values: Optional[dict] = None) -> list[str]:  # noqa: ANN001
    """The paragraphs of `base` true to the number of findings: `<base>_sin_hallazgos` for none,
    `<base>_un_hallazgo` for one, `<base>` itself for several. A wording file edited for an older
    version, without the variant, prints `base` as before."""
    return words.paragraphs(words.first(base + findings_suffix(count), base), values or {})


def findings_suffix(count: int) -> str:
    """The wording variant's suffix for an informe with `count` findings («» for several)."""
    return "_sin_hallazgos" if count == 0 else "_un_hallazgo" if count == 1 else ""


def visits_phrase(count: int) -> str:
    """«una visita», «2 visitas» (the visits the veeduría recorded, written as a person reads them)."""
    return "una visita" if count == 1 else count_noun(count, "visita")


def _methodology_text(data: InformeData, words) -> list[str]:  # noqa: ANN001
    """What the veeduría really did in the period: visits only if it recorded some (counted
    right), photos only if the informe has them; without visits, the review of the contract
    documents and public information; the SHA-256 sentence names only what the informe cites.
    One paragraph."""
    if "metodologia_visitas" not in words.sections:  # a wording file edited for an older version
        return words.paragraphs("intro_metodologia") if "intro_metodologia" in words.sections else []
    count = len(data.visits)
    keys = ["metodologia_sin_visitas" if count == 0 else "metodologia_una_visita" if count == 1
            else "metodologia_visitas"]
    if data.photos:
        keys += ["metodologia_fotos", "metodologia_huellas"]
    elif data.sources:
        keys.append("metodologia_huellas_sin_fotos")
    values = {"visitas": visits_phrase(count)}
    return [" ".join(p for key in keys if key in words.sections for p in words.paragraphs(key, values))]


def _methodology(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    out: list[Flowable] = [*heading(SECTION_TITLES[1], st.h1), *paragraphs(_methodology_text(data, words))]
    out += heading("Visitas realizadas", st.h2)
    if data.visits:
        rows = [[short_date(v.date), ", ".join(v.attendees), percent(v.observed_progress), str(v.photo_count),
                 "Cerrada" if v.closed else "Abierta", v.summary] for v in data.visits]
        out.append(data_table(["Fecha", "Asistentes", "Avance visto", "Fotos", "Acta", "Resumen"], rows,
                              [2.1 * cm, 3.9 * cm, 1.8 * cm, 1.4 * cm, 1.7 * cm, 5.6 * cm], right_columns=(2, 3)))
    else:
        out += paragraphs(["No se registraron visitas en el periodo del informe."])
    out += heading("Fuentes de información", st.h2)
    if data.sources:
        # the hash in two halves of 32 that break between them, never at an arbitrary character
        rows = [[s.description, s.filename, short_date(s.date), f"{s.sha256[:32]} {s.sha256[32:]}"]
                for s in data.sources]
        out.append(data_table(["Fuente", "Archivo", "Fecha", "Huella SHA-256"], rows,
                              [3.2 * cm, 4.7 * cm, 2.1 * cm, 6.5 * cm]))
    else:
        out += paragraphs(["No se importaron archivos fuente; los datos fueron registrados a mano por la veeduría."])
    out += heading("Referencias legales", st.h2)
    out += [Paragraph(esc(line), st.bullet, bulletText="•") for line in words.lines("referencias_legales")]
    return out


def _comparison(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    # «lo que la veeduría observó en sus visitas» only if there were some
    intro = words.first(*([] if data.visits else ["intro_comparacion_sin_visitas"]), "intro_comparacion")
    out: list[Flowable] = [*heading(SECTION_TITLES[2], st.h1), *paragraphs(words.paragraphs(intro))]
    if data.comparison:
        rows = [[r.concept, r.contracted, r.observed, r.note] for r in data.comparison]
        out.append(data_table(["Concepto", "Según contrato", "Observado / reportado", "Comentario"], rows,
                              [4.2 * cm, 3.5 * cm, 3.5 * cm, 5.3 * cm], right_columns=(1, 2)))
    else:
        out += paragraphs(["No hay datos suficientes para comparar lo contratado con lo observado."])
    return out


def _curve_intro(data: InformeData, words) -> list[str]:  # noqa: ANN001
    """The S-curve's explanation: «lo observado por la veeduría» only when visits were recorded in
    the period (the same count the methodology reads); without them, what the curve then shows
    (programmed and paid, against the contract with its modifications). A wording file edited for
    an older version, without «intro_curva_sin_visitas», prints «intro_curva» as before.

    The curve runs from the contract's start, so with no visit in the period it may still draw
    progress observed in visits before it: then «intro_curva_visitas_anteriores» says so."""
    if data.visits:
        return words.paragraphs("intro_curva")
    earlier = any(s.kind == "physical" and len(s.points) > 1 for s in data.curve)
    keys = (["intro_curva_visitas_anteriores"] if earlier else []) + ["intro_curva_sin_visitas", "intro_curva"]
    return words.paragraphs(words.first(*keys))


def _curve(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    chart = s_curve(data.curve, TEXT_WIDTH, 8.2 * cm, today=data.period_to or data.issue_date)
    # Heading, explanation and chart stay on one page (a drawing cannot split).
    return [KeepTogether([Paragraph(SECTION_TITLES[3], st.h1), *paragraphs(_curve_intro(data, words)),
                          chart])]


def _alerts(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    out: list[Flowable] = [*heading(SECTION_TITLES[4], st.h1), *paragraphs(words.paragraphs("intro_alertas"))]
    if data.alerts:
        rows = [[level_badge(a.level), a.title, a.explanation, a.basis] for a in data.alerts]
        out.append(data_table(["Nivel", "Alerta", "Explicación", "Fundamento"], rows,
                              [2.4 * cm, 3.6 * cm, 5.7 * cm, 4.8 * cm]))
    else:
        out += paragraphs(words.paragraphs("sin_alertas"))
    return out


def _draft_summary(data: InformeData, words) -> list[str]:  # noqa: ANN001
    """How many findings are still drafts (FindingInfo.draft, from domain.findings.is_draft),
    with the agreement right for one or several; nothing when none is."""
    drafts, total = sum(1 for f in data.findings if f.draft), len(data.findings)
    if not drafts:
        return []
    key = ("resumen_borrador_unico" if total == 1 else "resumen_borradores_todos" if drafts == total
           else "resumen_borrador_uno" if drafts == 1 else "resumen_borradores")
    values = {"total": count_noun(total, "hallazgo"), "borradores": drafts, "marca": draft_mark(words)}
    return words.paragraphs(key, values) if key in words.sections else []


def draft_mark(words=None) -> str:  # noqa: ANN001
    """The note printed beside a draft finding, from informe_veeduria.txt (the oficio and the
    rendición de cuentas quote it as the informe prints it), on one line."""
    words = words or load_wording("informe_veeduria")
    mark = words.text("marca_borrador") if "marca_borrador" in words.sections else "(borrador, sin confirmar)"
    return " ".join(mark.split())


def _findings(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    out: list[Flowable] = [*heading(SECTION_TITLES[5], st.h1), *paragraphs(words.paragraphs("intro_hallazgos"))]
    if not data.findings:
        return out + paragraphs(words.paragraphs("sin_hallazgos"))
    out += paragraphs(_draft_summary(data, words))
    mark = draft_mark(words)
    for f in data.findings:
        pairs = [("Condición", f.condition), ("Criterio", f.criterion), ("Causa", f.cause), ("Efecto", f.effect),
                 ("Presunta naturaleza", f.presumed_nature), ("Recomendación / solicitud", f.recommendation)]
        if f.photo_labels:
            pairs.append(("Fotografías", ", ".join(f.photo_labels)))
        # Each finding on one page when it fits: an official answers them one by one.
        code = f"{f.number} {mark}" if f.draft else f.number
        out.append(KeepTogether([Paragraph(f"Hallazgo {esc(code)}. {esc(f.title)}", st.h2),
                                 key_value_table(pairs, [4.2 * cm, TEXT_WIDTH - 4.2 * cm])]))
        out.append(Spacer(1, 0.3 * cm))
    return out


def default_texts(findings: int, work_name: str, veeduria: str = "", words=None) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """The conclusions and requests printed when the person writes none, true to the number of
    findings: with none they do not speak of «hallazgos de este informe» nor ask about actions
    «frente a cada uno de los hallazgos»; with one they speak of «el hallazgo»."""
    words = words or load_wording("informe_veeduria")
    values = {"obra": work_name, "veeduria": veeduria}
    return (by_findings(words, "conclusiones_predeterminadas", findings, values),
            by_findings(words, "solicitudes_predeterminadas", findings, values))


def _conclusions(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    count = len(data.findings)
    conclusions, requests = default_texts(count, data.work.name, data.veeduria.name, words)
    conclusions = list(data.conclusions) or conclusions
    requests = list(data.requests) or requests
    out: list[Flowable] = [*heading(SECTION_TITLES[6], st.h1), *heading("Conclusiones", st.h2),
                           *paragraphs(conclusions), *heading("Solicitudes", st.h2)]
    out += [Paragraph(esc(r), st.bullet, bulletText=f"{i}.") for i, r in enumerate(requests, start=1)]
    out.append(art20_note(count))
    return out


def _signatures(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    return [KeepTogether([*heading(SECTION_TITLES[7], st.h1),
                          *signature_lines(data.signers, " ".join(words.paragraphs("intro_firmas")))])]


def _sketch(data: InformeData, words) -> list[Flowable]:  # noqa: ANN001
    st = get_styles()
    w = data.work
    out: list[Flowable] = [PageBreak(), *heading(SECTION_TITLES[9], st.h1)]
    if w.lat is None or w.lon is None:
        return out + paragraphs(["La obra no tiene coordenadas registradas; no es posible dibujar el croquis."])
    points = [SketchPoint(p.label, p.lat, p.lon) for p in data.photos if p.lat is not None and p.lon is not None]
    out += paragraphs(words.paragraphs("intro_croquis"))
    out.append(location_sketch(w.lat, w.lon, w.radius_m, points, 15.5 * cm, tiles_dir=data.tiles_dir))
    missing = [p.label for p in data.photos if p.lat is None or p.lon is None]
    if missing:
        out += paragraphs([f"Fotografías sin ubicación (no aparecen en el croquis): {', '.join(missing)}."], "small")
    return out


def informe_story(data: InformeData, *, progress: Optional[ProgressCallback] = None,
                  cancel: Optional[CancelToken] = None,
                  cache: Optional[PrintCache] = None) -> list[Flowable]:
    words = load_wording("informe_veeduria")
    st = get_styles()
    story: list[Flowable] = []
    for part in (_cover, _identification, _methodology, _comparison, _curve, _alerts, _findings, _conclusions,
                 _signatures):
        check(cancel)
        story += part(data, words)
    story += [PageBreak(), *heading(SECTION_TITLES[8], st.h1)]
    if data.photos:
        story += paragraphs(words.paragraphs("intro_anexo_fotos"))
        story += photo_grid(data.photos, progress=progress, cancel=cancel, cache=cache)
    else:
        story += paragraphs(["No hay fotografías registradas en el periodo del informe."])
    story += _sketch(data, words)
    return story


def qr_payload(code: str, version: int, manifest_digest: str) -> str:
    """What the QR says: enough to find the record, nothing personal."""
    return f"VEEDURIA|{code}|v{version}|evidencias:{manifest_digest[:16]}"


def build_informe(data: InformeData, *, progress: Optional[ProgressCallback] = None,
                  cancel: Optional[CancelToken] = None) -> bytes:
    """The informe as PDF bytes. Photos are prepared first (the slow part), then laid out."""
    v = data.verification
    payload = qr_payload(v.code, v.version, v.manifest_digest)
    with print_cache(data.photo_cache_dir) as cache:
        story = informe_story(data, progress=progress, cancel=cancel, cache=cache)
        story += verification_block(data.veeduria, v, payload)
        report(progress, len(data.photos), len(data.photos), "Componiendo páginas…")
        return _layout(data, story, payload, cancel)


def _layout(data: InformeData, story: list[Flowable], payload: str, cancel: Optional[CancelToken]) -> bytes:
    v = data.verification
    decor = PageDecor(organisation=data.veeduria.name, document_title=DOCUMENT_TITLE,
                      code=f"{v.code} v{v.version}", qr_payload=payload, training=data.training,
                      organisation_line=data.veeduria.letterhead_line)  # registration and where to answer
    meta = PdfMetadata(title=f"{DOCUMENT_TITLE} {v.code}: {data.work.name}", author=data.veeduria.name,
                       subject=f"Informe de veeduría ciudadana, periodo {period_text(data.period_from, data.period_to)}",
                       code=v.code, issuer_id=v.issuer_id)
    return build_pdf(story, decor, meta, cancel=cancel)


__all__ = ["build_informe", "by_findings", "default_texts", "informe_story", "period_text", "qr_payload",
           "visits_phrase", "SECTION_TITLES"]

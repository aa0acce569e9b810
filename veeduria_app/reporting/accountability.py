"""Informe de rendición de cuentas: every watched work, in plain language, for the assembly."""
from __future__ import annotations

from typing import Optional

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from veeduria_app.domain.formats import money, percent, place_and_date
from veeduria_app.reporting.blocks import paragraphs, signature_lines, verification_block
from veeduria_app.reporting.charts import level_badge
from veeduria_app.reporting.data import AccountabilityData, AccountabilityWork
from veeduria_app.reporting.informe import draft_mark, period_text, qr_payload
from veeduria_app.reporting.styles import esc, get_styles, heading
from veeduria_app.reporting.tables import data_table
from veeduria_app.reporting.template import PageDecor, PdfMetadata, build_pdf
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

DOCUMENT_TITLE = "Rendición de cuentas"
LEVEL_ORDER = {"alta": 0, "media": 1, "baja": 2}


def worst_level(work: AccountabilityWork) -> str:
    """The most serious alert of a work, or "ok"."""
    if not work.alerts:
        return "ok"
    return min((a.level for a in work.alerts), key=lambda lvl: LEVEL_ORDER.get(lvl, 1))


def _findings_line(work: AccountabilityWork, words) -> str:  # noqa: ANN001
    """The work's finding titles; those still «Borrador» carry the informe's mark «(borrador, sin
    confirmar)» (AccountabilityWork.findings_draft, from domain.findings.is_draft), and the label
    does not call «presentados» findings that were never communicated."""
    mark = draft_mark()
    drafts = tuple(work.findings_draft) + (False,) * (len(work.findings) - len(work.findings_draft))
    titles = [f"{title} {mark}" if draft else title for title, draft in zip(work.findings, drafts)]
    key = "hallazgos_con_borradores" if work.draft_count else "hallazgos"
    label = words.text(key) if key in words.sections else "Hallazgos:" if work.draft_count else "Hallazgos presentados:"
    return f"{label} {'; '.join(titles)}"


def has_visits(data: AccountabilityData) -> bool:
    """Whether any work of the report had visits recorded in its period or has a measured progress
    (which only a visit gives): otherwise the general texts do not speak of what «vimos» in visits.
    A report with no works keeps the general texts (there is no work to say was not visited)."""
    return not data.works or any(w.visits or w.physical_progress is not None for w in data.works)


def _section(words, key: str, visited: bool) -> str:  # noqa: ANN001
    """`key`, or its «_sin_visitas» variant when no work was visited and the file has one."""
    return words.first(*([] if visited else [f"{key}_sin_visitas"]), key)


VISITS_NOTE = {"visitas_sin_medicion": "(sin avance medido en un acta cerrada)",
               "visitas_sin_medicion_varias": "(ninguna con avance medido en un acta cerrada)"}


def _visits_text(work: AccountabilityWork, words, in_period: bool) -> str:  # noqa: ANN001
    """«Visitas de la veeduría: 1», with a note when there were visits but no measured progress
    (the acta is still open or recorded none: «Avance observado» counts only a closed acta's), so
    the count does not sit unexplained beside «—»."""
    label = "Visitas de la veeduría en el periodo" if in_period else "Visitas de la veeduría"
    text = f"{label}: {work.visits}"
    if work.visits and work.physical_progress is None:
        key = "visitas_sin_medicion" if work.visits == 1 else "visitas_sin_medicion_varias"
        note = " ".join(words.text(key).split()) if key in words.sections else VISITS_NOTE[key]
        text = f"{text} {note}"
    return text


def _work_block(work: AccountabilityWork, words, in_period: bool = False) -> Flowable:  # noqa: ANN001
    st = get_styles()
    head = Table([[level_badge(worst_level(work)), Paragraph(f"<b>{esc(work.name)}</b>", st.body_left)]],
                 colWidths=[2.6 * cm, 13.9 * cm], hAlign="LEFT")
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    lines = [f"Localidad: {esc(work.localidad or '—')} · UCG: {esc(work.ucg or '—')} · Estado: {esc(work.status or '—')}",
             f"Avance observado: <b>{esc(percent(work.physical_progress))}</b> · Avance pagado: "
             f"<b>{esc(percent(work.financial_progress))}</b> · Valor: {esc(money(work.contract_value) or '—')} · "
             f"{esc(_visits_text(work, words, in_period))}"]
    if work.plain_summary:
        lines.append(esc(work.plain_summary))
    if work.alerts:
        lines.append("Alertas: " + esc("; ".join(f"{a.title} ({a.level.upper()})" for a in work.alerts)))
    else:
        lines.append("Alertas: ninguna.")
    if work.findings:
        lines.append(esc(_findings_line(work, words)))
    return KeepTogether([head, Paragraph("<br/>".join(lines), st.body_left), Spacer(1, 0.35 * cm)])


def accountability_story(data: AccountabilityData, *, progress: Optional[ProgressCallback] = None,
                         cancel: Optional[CancelToken] = None) -> list[Flowable]:
    words = load_wording("rendicion_cuentas")
    st = get_styles()
    values = {"veeduria": data.veeduria.name}
    visited = has_visits(data)
    story: list[Flowable] = [
        Paragraph(esc(words.text("titulo")), st.cover_subtitle),
        Paragraph(f"<b>{esc(data.veeduria.name)}</b>", st.center),
        Paragraph(esc(place_and_date(data.issue_date, data.veeduria.city)), st.center),
        Paragraph(f"Obras incluidas: {esc(data.scope)} · Periodo: {esc(period_text(data.period_from, data.period_to))}",
                  st.center),
        Spacer(1, 0.4 * cm), *paragraphs(words.paragraphs(_section(words, "intro", visited), values)),
        *paragraphs(words.paragraphs(_section(words, "como_leer", visited)), "body_left"),
        *heading("Resumen", st.h1),
    ]
    if not data.works:
        return story + paragraphs(words.paragraphs("sin_obras"))
    rows = [[level_badge(worst_level(w)), w.name, w.localidad, percent(w.physical_progress),
             percent(w.financial_progress), str(len(w.alerts)), str(len(w.findings))] for w in data.works]
    story.append(data_table(["Señal", "Obra", "Localidad", "Avance visto", "Pagado", "Alertas", "Hallazgos"], rows,
                            [2.5 * cm, 4.3 * cm, 2.8 * cm, 1.7 * cm, 1.6 * cm, 1.6 * cm, 2.0 * cm],
                            right_columns=(3, 4, 5, 6)))
    story += heading("Detalle por obra", st.h1)
    for index, work in enumerate(data.works, start=1):
        check(cancel)
        story.append(_work_block(work, words, in_period=bool(data.period_from or data.period_to)))
        report(progress, index, len(data.works), f"Obra {index} de {len(data.works)}")
    story += paragraphs(words.paragraphs("cierre", values))
    story += signature_lines(data.signers)
    return story


def build_accountability(data: AccountabilityData, *, progress: Optional[ProgressCallback] = None,
                         cancel: Optional[CancelToken] = None) -> bytes:
    v = data.verification
    payload = qr_payload(v.code, v.version, v.manifest_digest)
    story = accountability_story(data, progress=progress, cancel=cancel)
    story += verification_block(data.veeduria, v, payload)
    decor = PageDecor(organisation=data.veeduria.name, document_title=DOCUMENT_TITLE, code=f"{v.code} v{v.version}",
                      qr_payload=payload, training=data.training, organisation_line=data.veeduria.registration)
    meta = PdfMetadata(title=f"Informe de rendición de cuentas {v.code}", author=data.veeduria.name,
                       subject=f"Rendición de cuentas a la comunidad: {data.scope}", code=v.code,
                       issuer_id=v.issuer_id)
    return build_pdf(story, decor, meta, cancel=cancel)

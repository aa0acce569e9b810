"""Pieces shared by several documents: photo annex, verification block, signature lines."""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from veeduria_app.domain.formats import number, short_date, short_datetime
from veeduria_app.reporting.data import PhotoInfo, VerificationInfo, VeeduriaInfo
from veeduria_app.reporting.images import photo_flowable
from veeduria_app.reporting.letter import Signer
from veeduria_app.reporting.styles import RULE, esc, get_styles
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

PHOTO_BOX = (7.6 * cm, 6.0 * cm)


def coordinates(lat: Optional[float], lon: Optional[float]) -> str:
    """`10,42345° N, 75,54321° O` (es-CO decimal comma, west written as O)."""
    if lat is None or lon is None:
        return "Sin ubicación"
    ns = "N" if lat >= 0 else "S"
    ew = "O" if lon < 0 else "E"
    return f"{number(abs(lat), 5)}° {ns}, {number(abs(lon), 5)}° {ew}"


def distance_text(meters: Optional[float]) -> str:
    if meters is None:
        return "—"
    if meters >= 1000:
        return f"{number(meters / 1000, 2)} km"
    return f"{number(meters, 0)} m"


def photo_caption(photo: PhotoInfo) -> Paragraph:
    st = get_styles()
    lines = [f"<b>{esc(photo.label)}</b> {esc(photo.caption)}".strip(),
             f"Tomada: {esc(short_datetime(photo.taken_at)) if photo.taken_at else 'fecha desconocida'}",
             f"Coordenadas: {esc(coordinates(photo.lat, photo.lon))}",
             f"Distancia a la obra: {esc(distance_text(photo.distance_m))}",
             "Comprobaciones: " + (esc("; ".join(photo.checks)) if photo.checks else "sin observaciones"),
             f"SHA-256: {esc(photo.sha256[:16])}…"]
    if photo.visit_date:
        lines.insert(1, f"Visita del {esc(short_date(photo.visit_date))}")
    return Paragraph("<br/>".join(lines), st.caption)


def photo_grid(photos: Sequence[PhotoInfo], *, progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None, progress_offset: int = 0,
               progress_total: int = 0) -> list[Flowable]:
    """Two photos per row, each with its caption below; rows never split across pages."""
    cells: list[Flowable] = []
    total = progress_total or len(photos)
    for index, photo in enumerate(photos, start=1):
        check(cancel)
        image = photo_flowable(photo.path, *PHOTO_BOX)
        inner = Table([[image], [photo_caption(photo)]], colWidths=[PHOTO_BOX[0]])
        inner.setStyle(TableStyle([("ALIGN", (0, 0), (-1, 0), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOX", (0, 0), (-1, -1), 0.4, RULE), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("LEFTPADDING", (0, 1), (-1, 1), 4), ("RIGHTPADDING", (0, 1), (-1, 1), 4),
                                   ("BOTTOMPADDING", (0, 1), (-1, 1), 4)]))
        cells.append(inner)
        report(progress, progress_offset + index, total, f"Preparando foto {index} de {len(photos)}…")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    out: list[Flowable] = []
    for row in rows:
        if len(row) == 1:
            row = row + [Spacer(1, 1)]
        table = Table([row], colWidths=[PHOTO_BOX[0] + 0.4 * cm] * 2, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(table)
        out.append(Spacer(1, 0.35 * cm))
    return out


def qr_drawing(payload: str, size: float = 3.2 * cm) -> Drawing:
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def verification_block(veeduria: VeeduriaInfo, info: VerificationInfo, qr_payload: str) -> list[Flowable]:
    """The closing block: code, version, issuer, evidence count, manifest fingerprint, QR."""
    st = get_styles()
    common = load_wording("comun")
    values = {"veeduria": veeduria.name, "fecha": short_datetime(info.issued_at), "autor": info.issued_by,
              "codigo": info.code, "version": info.version, "n_evidencias": info.evidence_count,
              "huella": info.manifest_digest[:32], "corrige": info.corrects}
    text = [Paragraph(esc(p), st.body_left) for p in common.paragraphs("verificacion", values)]
    if info.corrects:
        text += [Paragraph(esc(p), st.body_left) for p in common.paragraphs("version_correccion", values)]
    table = Table([[text, qr_drawing(qr_payload)]], colWidths=[12.4 * cm, 3.8 * cm])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    return [KeepTogether([Paragraph("Verificación del documento", st.h1), table])]


def signature_lines(signers: Sequence[Signer], intro: str = "") -> list[Flowable]:
    """Blank lines for everyone who signs, two per row, kept on one page."""
    st = get_styles()
    cells = [Paragraph("<br/>".join(["_" * 34, f"<b>{esc(s.name.upper())}</b>", esc(s.role)]
                                    + ([esc(s.extra)] if s.extra else [])), st.signature) for s in signers]
    if not cells:
        cells = [Paragraph("<br/>".join(["_" * 34, "Nombre:", "Cargo:"]), st.signature) for _ in range(2)]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append(Paragraph("", st.signature))
    table = Table(rows, colWidths=[8 * cm, 8 * cm], hAlign="LEFT")
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 32), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out: list[Flowable] = []
    if intro:
        out.append(Paragraph(esc(intro), st.body))
    return out + [table]


def art20_note() -> Paragraph:
    """The Ley 850 art. 20 caveat, boxed, from reports/comun.txt."""
    return Paragraph(esc(load_wording("comun").text("advertencia_art20").replace("\n", " ")), get_styles().note)


def paragraphs(texts: Sequence[str], style_name: str = "body") -> list[Flowable]:
    style = getattr(get_styles(), style_name)
    return [Paragraph(esc(t), style) for t in texts if t and t.strip()]



"""Pieces shared by several documents: photo annex, verification block, signature lines."""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from veeduria_app.domain.formats import distance, number, short_date, short_datetime
from veeduria_app.reporting.fonts import SANS, SANS_BOLD
from veeduria_app.reporting.data import PhotoInfo, VerificationInfo, VeeduriaInfo
from veeduria_app.reporting.images import PhotoSource, PrintCache, prepare_many, unreadable_notice
from veeduria_app.reporting.letter import Signer
from veeduria_app.reporting.qr import QrFlowable
from veeduria_app.reporting.styles import RULE, esc, get_styles, heading
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback

PHOTO_BOX = (7.6 * cm, 6.0 * cm)


def coordinates(lat: Optional[float], lon: Optional[float]) -> str:
    """`10,42345° N, 75,54321° O` (es-CO decimal comma, west written as O)."""
    if lat is None or lon is None:
        return "Sin ubicación"
    ns = "N" if lat >= 0 else "S"
    ew = "O" if lon < 0 else "E"
    return f"{number(abs(lat), 5)}° {ns}, {number(abs(lon), 5)}° {ew}"


MONO = "Courier-Bold"  # PDF standard font (no embedding needed for hex digits); bold stays legible in B&W print


class CaptionBlock(Flowable):
    """Photo caption lines drawn directly: a 100-photo annex has 700 caption lines, and plain
    line drawing with a width split is several times cheaper than full Paragraph layout.

    Lines in `MONO` (a hash) are not word-wrapped: they are cut into equal parts (64 → 2 × 32
    characters) and, if even that does not fit, drawn smaller, so they never overflow the card."""

    def __init__(self, lines: Sequence[tuple[str, str]], size: float = 7.5, leading: float = 9.5) -> None:
        super().__init__()
        self.source = list(lines)
        self.size, self.leading = size, leading
        self._lines: list[tuple[str, str, float]] = []
        self._width = -1.0

    def _split(self, font: str, text: str, width: float) -> list[tuple[str, str, float]]:
        if font != MONO:
            return [(font, part, self.size) for part in (simpleSplit(text, font, self.size, width) or [""])]
        for parts in (1, 2, 4):
            step = -(-len(text) // parts)
            chunks = [text[i:i + step] for i in range(0, len(text), step)] or [""]
            if stringWidth(chunks[0], MONO, self.size) <= width:
                return [(MONO, chunk, self.size) for chunk in chunks]
        size = self.size * width / max(stringWidth(chunks[0], MONO, self.size), 1.0)
        return [(MONO, chunk, size) for chunk in chunks]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._width:
            self._width = avail_width
            self._lines = [line for font, text in self.source for line in self._split(font, text, avail_width)]
        return avail_width, len(self._lines) * self.leading

    def draw(self) -> None:
        canvas = self.canv
        y = len(self._lines) * self.leading - self.size
        for font, text, size in self._lines:
            canvas.setFont(font, size)
            canvas.drawString(0, y, text)
            y -= self.leading


def caption_lines(photo: PhotoInfo) -> list[tuple[str, str]]:
    """Label and caption, visit, time taken, coordinates, distance, checks, and the full SHA-256
    (an official who doubts a photo recomputes it from the original file and compares)."""
    caption = photo.caption if len(photo.caption) <= 280 else photo.caption[:279] + "…"  # fits under the photo
    lines = [(SANS_BOLD, f"{photo.label} {caption}".strip())]
    if photo.visit_date:
        lines.append((SANS, f"Visita del {short_date(photo.visit_date)}"))
    lines += [
        (SANS, f"Tomada: {short_datetime(photo.taken_at) if photo.taken_at else 'fecha desconocida'}"),
        (SANS, f"Coordenadas: {coordinates(photo.lat, photo.lon)}"),
        (SANS, f"Distancia a la obra: {distance(photo.distance_m)}"),
        (SANS, "Comprobaciones: " + ("; ".join(photo.checks) if photo.checks else "sin observaciones")),
        (SANS, "Huella SHA-256 del original:"),
        (MONO, photo.sha256),
    ]
    return lines


def photo_caption(photo: PhotoInfo) -> Flowable:
    return CaptionBlock(caption_lines(photo))


def photo_grid(photos: Sequence[PhotoInfo], *, progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None, cache: Optional[PrintCache] = None) -> list[Flowable]:
    """Two photos per row, each with its caption below; rows never split across pages."""
    prepared = prepare_many([PhotoSource(p.path, p.sha256) for p in photos], *PHOTO_BOX, cache=cache,
                            progress=progress, cancel=cancel)
    cells: list[Flowable] = []
    for photo, ready in zip(photos, prepared):
        image = ready.flowable() if ready is not None else unreadable_notice(*PHOTO_BOX)
        inner = Table([[image], [photo_caption(photo)]], colWidths=[PHOTO_BOX[0]])
        inner.setStyle(TableStyle([("ALIGN", (0, 0), (-1, 0), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOX", (0, 0), (-1, -1), 0.4, RULE), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("LEFTPADDING", (0, 1), (-1, 1), 4), ("RIGHTPADDING", (0, 1), (-1, 1), 4),
                                   ("BOTTOMPADDING", (0, 1), (-1, 1), 4)]))
        cells.append(inner)
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


def verification_block(veeduria: VeeduriaInfo, info: VerificationInfo, qr_payload: str) -> list[Flowable]:
    """The closing block: code, version, issuer, evidence count, manifest fingerprint, QR."""
    st = get_styles()
    common = load_wording("comun")
    # The veeduría issues; a named person (with accounts) is added in brackets, never repeated.
    person = "" if info.issued_by.strip() in ("", veeduria.name) else info.issued_by.strip()
    issuer = f"{veeduria.name} ({person})" if person else veeduria.name
    values = {"veeduria": veeduria.name, "fecha": short_datetime(info.issued_at), "autor": info.issued_by or issuer,
              "emisor": issuer,
              "codigo": info.code, "version": info.version, "n_evidencias": info.evidence_count,
              "huella": f"{info.manifest_digest[:32]} {info.manifest_digest[32:]}".strip(), "corrige": info.corrects}
    text = [Paragraph(esc(p), st.body_left) for p in common.paragraphs("verificacion", values)]
    if info.corrects:
        text += [Paragraph(esc(p), st.body_left) for p in common.paragraphs("version_correccion", values)]
    table = Table([[text, QrFlowable(qr_payload, 3.2 * cm)]], colWidths=[12.4 * cm, 3.8 * cm])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    return [KeepTogether([*heading("Verificación del documento", st.h1), table])]


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


def art20_note(findings: Optional[int] = None) -> Paragraph:
    """The Ley 850 art. 20 caveat, boxed, from reports/comun.txt, true to the document: it says it
    presents «hallazgos» only when it has several, «un hallazgo» for one, none for zero (sections
    advertencia_art20, advertencia_art20_un_hallazgo, advertencia_art20_sin_hallazgos). Without a
    count (None), or without the variant in an older wording file, the general text."""
    words = load_wording("comun")
    key = "advertencia_art20"
    if findings is not None and findings <= 1:
        key = words.first(key + ("_sin_hallazgos" if findings == 0 else "_un_hallazgo"), key)
    return Paragraph(esc(" ".join(words.paragraphs(key))), get_styles().note)


def paragraphs(texts: Sequence[str], style_name: str = "body") -> list[Flowable]:
    style = getattr(get_styles(), style_name)
    return [Paragraph(esc(t), style) for t in texts if t and t.strip()]



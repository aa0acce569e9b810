"""Formal letters in the GTC 185 layout (oficio remisorio, derechos de petición, …).

Order on the page (GTC 185, successor of NTC 3393), letter paper, ~3 cm margins:
code → place and date → addressee (title, NAME IN CAPITALS, position, entity, address) →
Asunto → greeting → text → closing → signature (name, role) → annexes, copies.

Callers fill a `LetterData` (plain dataclass, no database) and call `build_letter()` for the
PDF bytes, or `letter_story()` to embed the letter in a longer document.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from veeduria_app.domain.formats import place_and_date
from veeduria_app.reporting.styles import esc, get_styles
from veeduria_app.reporting.template import LETTER_MARGINS, PageDecor, PdfMetadata, build_pdf
from veeduria_app.services.jobs import CancelToken, ProgressCallback


@dataclass(frozen=True)
class Addressee:
    """Who receives the letter. `name` is printed in capitals whatever way it was typed."""

    title: str          # "Doctora", "Ingeniero", "Señor"
    name: str
    position: str       # "Secretaria de Infraestructura"
    entity: str         # "Alcaldía Mayor de Cartagena de Indias"
    address: str = ""
    city: str = "Cartagena de Indias"
    email: str = ""


@dataclass(frozen=True)
class Signer:
    """A person who signs: name and role (no identity number unless the user adds it)."""

    name: str
    role: str
    extra: str = ""     # e.g. "C.C. 1.234.567" only with the person's consent


@dataclass(frozen=True)
class LetterData:
    """Everything a GTC 185 letter needs. Body paragraphs are plain text (escaped here)."""

    code: str
    date: dt.date
    addressee: Addressee
    subject: str
    body: tuple[str, ...]
    signers: tuple[Signer, ...]
    sender_name: str                       # letterhead: the veeduría's name
    sender_lines: tuple[str, ...] = ()     # registration, address, e-mail, phone
    place: str = "Cartagena de Indias"
    greeting: str = "Respetado(a) señor(a):"
    closing: str = "Atentamente,"
    reference: str = ""                    # optional "Referencia:" line under Asunto
    annexes: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    document_title: str = "Comunicación oficial"
    training: bool = False
    qr_payload: Optional[str] = None
    issuer_id: str = ""                    # written in the PDF properties (see services/reports.py)
    extra_flowables: tuple[Flowable, ...] = field(default=(), compare=False)


def _signature_block(signers: tuple[Signer, ...]) -> Flowable:
    """Signature lines, two per row, each with name in capitals and role below."""
    st = get_styles()
    cells = []
    for signer in signers:
        lines = ["_" * 34, f"<b>{esc(signer.name.upper())}</b>", esc(signer.role)]
        if signer.extra:
            lines.append(esc(signer.extra))
        cells.append(Paragraph("<br/>".join(lines), st.signature))
    if not cells:
        return Spacer(1, 0)
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1 and len(cells) > 1:
        rows[-1].append(Paragraph("", st.signature))
    widths = [7.6 * cm] * len(rows[0])
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 30), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def letter_story(data: LetterData) -> list[Flowable]:
    """The letter's flowables in GTC 185 order."""
    st = get_styles()
    a = data.addressee
    story: list[Flowable] = [
        Paragraph(esc(data.code), st.letter_right),
        Spacer(1, 0.6 * cm),
        Paragraph(esc(place_and_date(data.date, data.place)), st.letter_right),
        Spacer(1, 1.0 * cm),
    ]
    addressee = [esc(a.title), f"<b>{esc(a.name.upper())}</b>", esc(a.position), esc(a.entity)]
    addressee += [esc(x) for x in (a.address, a.email, a.city) if x]
    story.append(Paragraph("<br/>".join(line for line in addressee if line), st.letter_right))
    story.append(Spacer(1, 0.7 * cm))
    story.append(Paragraph(f"<b>Asunto:</b> {esc(data.subject)}", st.letter_right))
    if data.reference:
        story.append(Paragraph(f"<b>Referencia:</b> {esc(data.reference)}", st.letter_right))
    story.append(Spacer(1, 0.5 * cm))
    story.append(Paragraph(esc(data.greeting), st.letter_right))
    story.append(Spacer(1, 0.25 * cm))
    story += [Paragraph(esc(p), st.letter) for p in data.body]
    story += list(data.extra_flowables)
    closing = [Spacer(1, 0.2 * cm), Paragraph(esc(data.closing), st.letter_right), _signature_block(data.signers)]
    story.append(KeepTogether(closing))
    tail: list[Flowable] = []
    if data.annexes:
        tail.append(Spacer(1, 0.4 * cm))
        label = "Anexo" if len(data.annexes) == 1 else "Anexos"
        tail.append(Paragraph(f"<b>{label}:</b> " + "; ".join(esc(x) for x in data.annexes) + ".", st.signature))
    if data.copies:
        tail.append(Spacer(1, 0.2 * cm))
        tail.append(Paragraph("<b>Copia:</b> " + "; ".join(esc(x) for x in data.copies) + ".", st.signature))
    if tail:
        story.append(KeepTogether(tail))
    return story


def build_letter(data: LetterData, *, progress: Optional[ProgressCallback] = None,
                 cancel: Optional[CancelToken] = None) -> bytes:
    """The letter as PDF bytes (letter paper, embedded fonts, code and QR in the footer)."""
    decor = PageDecor(
        organisation=data.sender_name,
        document_title=data.document_title,
        code=data.code,
        qr_payload=data.qr_payload or f"{data.sender_name} | {data.code}",
        training=data.training,
        organisation_line=" · ".join(data.sender_lines),
    )
    meta = PdfMetadata(title=f"{data.document_title} {data.code}", author=data.sender_name,
                       subject=data.subject, code=data.code, issuer_id=data.issuer_id)
    return build_pdf(letter_story(data), decor, meta, margins=LETTER_MARGINS, progress=progress, cancel=cancel)

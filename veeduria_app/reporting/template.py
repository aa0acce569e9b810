"""Letter-size page template: header, footer, "Página X de Y", report code and QR on every page.

Page totals are only known at the end, so the canvas keeps each page's state and draws the
decoration when the document is saved (the usual two-phase reportlab recipe).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from reportlab import rl_config
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from veeduria_app.reporting.fonts import SANS, SANS_BOLD, register_fonts
from veeduria_app.reporting.qr import draw_qr
from veeduria_app.reporting.styles import RULE
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

# Photos are stored as binary streams: reportlab's default ASCII85 wrapping is pure Python
# here (no C accelerator), costs ~0.1 s per photo and makes the file 25 % larger.
rl_config.useA85 = 0

PAGE_SIZE = letter
TRAINING_MARK = "MODO CAPACITACIÓN — DOCUMENTO DE PRÁCTICA"
QR_SIZE = 1.7 * cm


@dataclass(frozen=True)
class PageDecor:
    """What every page of a document carries, besides its content."""

    organisation: str
    document_title: str
    code: str
    qr_payload: str
    training: bool = False
    organisation_line: str = ""


@dataclass(frozen=True)
class PdfMetadata:
    """Document properties; the code goes into the keywords so `verify` can find it."""

    title: str
    author: str
    subject: str
    code: str
    issuer_id: str = ""


@dataclass(frozen=True)
class Margins:
    left: float = 2.5 * cm
    right: float = 2.5 * cm
    top: float = 2.8 * cm
    bottom: float = 2.6 * cm


REPORT_MARGINS = Margins()
LETTER_MARGINS = Margins(left=3 * cm, right=2.5 * cm, top=3 * cm, bottom=2.6 * cm)  # GTC 185: right 2–3 cm


def _draw_qr_form(canvas: Canvas, payload: str) -> None:
    """The page QR is one form XObject drawn once and reused by every page."""
    canvas.beginForm("veeduria_qr")
    draw_qr(canvas, payload, 0, 0, QR_SIZE)
    canvas.endForm()


def fit_text(text: str, font: str, size: float, room: float) -> str:
    """Cut `text` with an ellipsis so it fits `room` points (headers must never overlap)."""
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


HEADER_LINE_SIZES = (7.5, 7.0, 6.5)  # the letterhead line may shrink this far before it wraps


def _wrap_segments(text: str, font: str, size: float, room: float, separator: str = " · ") -> list[str]:
    """Lines of at most `room` points, broken between the « · »-separated parts (registration,
    address, e-mail, phone) when possible, else between words; a word is never split."""
    lines: list[str] = []
    current = ""
    for part in text.split(separator):
        candidate = f"{current}{separator}{part}" if current else part
        if pdfmetrics.stringWidth(candidate, font, size) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
        if pdfmetrics.stringWidth(part, font, size) <= room:
            current = part
        else:  # one part alone is too long: word wrap it, keep its last line open for the next part
            words = simpleSplit(part, font, size, room)
            lines += words[:-1]
            current = words[-1] if words else ""
    if current:
        lines.append(current)
    return lines


def header_lines(text: str, font: str, room: float, *, sizes: Sequence[float] = HEADER_LINE_SIZES,
                 max_lines: int = 2) -> tuple[float, list[str]]:
    """The letterhead line (registration · address · e-mail · phone) laid out whole: on one line,
    shrunk a little if needed, else on two lines; only text beyond `max_lines` at the smallest
    size is cut with «…» (headers must never overlap the page's content)."""
    for size in sizes:
        if pdfmetrics.stringWidth(text, font, size) <= room:
            return size, [text]
    for size in sizes:
        lines = _wrap_segments(text, font, size, room)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    lines = _wrap_segments(text, font, size, room)
    rest = " ".join(lines[max_lines - 1:])
    return size, lines[:max_lines - 1] + [fit_text(rest, font, size, room)]


def _draw_decor(canvas: Canvas, decor: PageDecor, margins: Margins, page: int, total: int) -> None:
    width, height = PAGE_SIZE
    canvas.saveState()
    # Header: organisation on the left, document title on the right, a rule below.
    top = height - margins.top + 0.9 * cm
    canvas.setFillGray(0)
    usable = width - margins.left - margins.right
    title = fit_text(decor.document_title, SANS, 7.5, usable * 0.42)
    left_room = usable - pdfmetrics.stringWidth(title, SANS, 7.5) - 12
    # A long name shrinks a little, then takes a second line, like the contact line below it;
    # the block grows both up (into the top margin) and down, and the rule follows it.
    name_size, names = header_lines(decor.organisation, SANS_BOLD, left_room, sizes=(8.5, 8.0, 7.5))
    size, lines = header_lines(decor.organisation_line, SANS, usable) if decor.organisation_line else (7.5, [])
    extra = len(names) + max(len(lines), 1) - 2
    y = top + 0.35 * cm + 0.12 * cm * extra
    canvas.setFont(SANS, 7.5)
    canvas.drawRightString(width - margins.right, y, title)
    canvas.setFont(SANS_BOLD, name_size)
    for index, name in enumerate(names):
        canvas.drawString(margins.left, y - index * (name_size + 1.5), name)
    y -= (len(names) - 1) * (name_size + 1.5) + 0.35 * cm
    canvas.setFont(SANS, size)
    for index, line in enumerate(lines):
        canvas.drawString(margins.left, y - index * (size + 1.5), line)
    rule_y = y - max(len(lines) - 1, 0) * (size + 1.5) - 0.2 * cm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(margins.left, rule_y, width - margins.right, rule_y)
    # Footer: code on the left, page numbers in the middle, QR on the right.
    base = margins.bottom - 1.9 * cm
    canvas.line(margins.left, base + QR_SIZE + 0.1 * cm, width - margins.right - QR_SIZE - 0.2 * cm,
                base + QR_SIZE + 0.1 * cm)
    canvas.setFont(SANS, 7.5)
    canvas.drawString(margins.left, base + 0.9 * cm, f"Código: {decor.code}")
    # The reader is an official, who cannot run the app: the footer says whom to ask, not a command.
    canvas.drawString(margins.left, base + 0.45 * cm,
                      "Autenticidad: pida a la veeduría verificar este documento por su código (QR) y su huella.")
    canvas.setFont(SANS_BOLD, 8.5)
    canvas.drawCentredString(width / 2, base + 0.9 * cm, f"Página {page} de {total}")
    if not canvas.hasForm("veeduria_qr"):
        _draw_qr_form(canvas, decor.qr_payload)
    canvas.translate(width - margins.right - QR_SIZE, base)
    canvas.doForm("veeduria_qr")
    canvas.restoreState()
    if decor.training:
        _draw_training_mark(canvas, width, height)


def _draw_training_mark(canvas: Canvas, width: float, height: float) -> None:
    """A banner and a diagonal mark, light enough not to hide the text below."""
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawCentredString(width / 2, height - 0.9 * cm, TRAINING_MARK)
    canvas.setFillAlpha(0.13)
    canvas.setFont(SANS_BOLD, 34)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, 18, "MODO CAPACITACIÓN")
    canvas.drawCentredString(0, -26, "DOCUMENTO DE PRÁCTICA")
    canvas.restoreState()


def decorated_canvas(decor: PageDecor, margins: Margins) -> type[Canvas]:
    """A Canvas class that defers the decoration until the total of pages is known."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - reportlab signature
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_decor(self, decor, margins, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return DecoratedCanvas


def build_pdf(story: Sequence[Flowable], decor: PageDecor, metadata: PdfMetadata, *,
              margins: Margins = REPORT_MARGINS, progress: Optional[ProgressCallback] = None,
              cancel: Optional[CancelToken] = None,
              first_page: Optional[Callable[[Canvas, BaseDocTemplate], None]] = None) -> bytes:
    """Lay out `story` on letter pages and return the PDF bytes.

    Progress is reported as the layout advances; a cancel raises `Cancelled` from inside
    reportlab's loop, so nothing is written anywhere.
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=margins.left, rightMargin=margins.right,
        topMargin=margins.top, bottomMargin=margins.bottom, title=metadata.title,
        author=metadata.author, subject=metadata.subject,
        keywords=f"veeduria-code:{metadata.code}" + (f" veeduria-folder:{metadata.issuer_id}"
                                                      if metadata.issuer_id else ""), creator="Veeduría", lang="es-CO",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=PAGE_SIZE,
                                       onPage=first_page or (lambda c, d: None))])
    size_estimate = [1]

    def on_progress(kind: str, value: int) -> None:
        check(cancel)
        if kind == "SIZE_EST":
            size_estimate[0] = max(1, int(value))
        elif kind == "PROGRESS":
            report(progress, int(value), size_estimate[0], "Componiendo páginas…")

    doc.setProgressCallBack(on_progress)
    doc.build(list(story), canvasmaker=decorated_canvas(decor, margins))
    return buffer.getvalue()

"""Paragraph styles shared by every printed document (grayscale, letter paper)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from veeduria_app.reporting.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts

INK = colors.black
GREY_TEXT = colors.Color(0.25, 0.25, 0.25)
RULE = colors.Color(0.35, 0.35, 0.35)
HEADER_FILL = colors.Color(0.84, 0.84, 0.84)
ZEBRA_FILL = colors.Color(0.95, 0.95, 0.95)


@dataclass(frozen=True)
class Styles:
    """The named styles; one frozen object so builders cannot change them by accident."""

    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_line: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    body_left: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    letter: ParagraphStyle
    letter_right: ParagraphStyle
    signature: ParagraphStyle
    center: ParagraphStyle
    note: ParagraphStyle


@lru_cache(maxsize=1)
def get_styles() -> Styles:
    """Build the styles once (fonts must be registered first)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14.5, alignment=TA_JUSTIFY,
                          spaceAfter=6, textColor=INK)
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5, textColor=INK)
    return Styles(
        cover_title=ParagraphStyle("cover_title", fontName=SANS_BOLD, fontSize=22, leading=28,
                                   alignment=TA_CENTER, spaceAfter=14),
        cover_subtitle=ParagraphStyle("cover_subtitle", fontName=SANS, fontSize=14, leading=19,
                                      alignment=TA_CENTER, spaceAfter=10),
        cover_line=ParagraphStyle("cover_line", fontName=SERIF, fontSize=11.5, leading=16,
                                  alignment=TA_CENTER, spaceAfter=4),
        h1=ParagraphStyle("h1", fontName=SANS_BOLD, fontSize=14, leading=18, spaceBefore=10,
                          spaceAfter=8),
        h2=ParagraphStyle("h2", fontName=SANS_BOLD, fontSize=11.5, leading=15, spaceBefore=8,
                          spaceAfter=5),
        body=body,
        body_left=ParagraphStyle("body_left", parent=body, alignment=TA_LEFT),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=4, spaceAfter=3),
        small=ParagraphStyle("small", fontName=SANS, fontSize=8, leading=10, textColor=GREY_TEXT),
        caption=ParagraphStyle("caption", fontName=SANS, fontSize=7.5, leading=9.5, textColor=INK),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=SANS_BOLD),
        letter=ParagraphStyle("letter", fontName=SERIF, fontSize=11, leading=15, alignment=TA_JUSTIFY,
                              spaceAfter=9),
        letter_right=ParagraphStyle("letter_right", fontName=SERIF, fontSize=11, leading=15,
                                    alignment=TA_LEFT),
        signature=ParagraphStyle("signature", fontName=SERIF, fontSize=10, leading=13, alignment=TA_LEFT),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        note=ParagraphStyle("note", fontName=SERIF_BOLD, fontSize=10, leading=13.5, alignment=TA_JUSTIFY,
                            borderColor=RULE, borderWidth=0.6, borderPadding=6, spaceBefore=8,
                            spaceAfter=12),
    )


def heading(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A heading that never ends a page alone.

    A conditional page break instead of keepWithNext: keepWithNext would carry a whole
    following table to the next page and leave most of this one blank.
    """
    room = 3.5 * cm if style.fontSize >= 14 else 2.6 * cm
    return [CondPageBreak(room), Paragraph(text, style)]


def esc(text: object) -> str:
    """Escape user text for reportlab's mini-markup (names may contain & or <)."""
    return escape("" if text is None else str(text)).replace("\n", "<br/>")

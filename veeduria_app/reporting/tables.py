"""Tables that wrap their text and split cleanly across pages, readable in black and white."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence, Union

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from veeduria_app.reporting.styles import HEADER_FILL, RULE, ZEBRA_FILL, esc, get_styles

Cell = Union[str, Flowable, None]
PADDING = 4                           # left and right padding of every cell, in points
SMALLER_SIZES = (8.0, 7.5, 7.0, 6.5)  # how far a cell may shrink so that its longest word fits
_WORDS = re.compile(r"[ \t\r\n]+")  # not \xa0: «$ 1.234» joined by a no-break space is one word


_GLUED = re.compile(r"(?<=\$) (?=-?\d)|(?<=\d) (?=%)")  # «$ 1.300.000», «19,5 %»


def keep_figures_whole(text: str) -> str:
    """A no-break space inside money and percentages, so «$» or «%» never ends up alone on a line."""
    return _GLUED.sub("\u00a0", text)


@lru_cache(maxsize=None)
def _smaller(style: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size,
                          leading=round(style.leading * size / style.fontSize, 1))


def fitting_style(text: str, style: ParagraphStyle, width: float, padding: float = PADDING) -> ParagraphStyle:
    """`style`, or a slightly smaller copy, so that the cell's longest word fits the column and
    reportlab never breaks it in the middle («Foto/s», «SIP-CMA-011-20/25»). A token too long even
    at the smallest size (a SHA-256, a file name, a web address) is not a word and may still wrap."""
    room = width - 2 * padding
    widest = max((stringWidth(w, style.fontName, style.fontSize) for w in _WORDS.split(text) if w), default=0)
    if widest <= room:
        return style
    for size in SMALLER_SIZES:
        if size < style.fontSize and widest * size / style.fontSize <= room:
            return _smaller(style, size)
    return style


def data_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float], *,
               right_columns: Sequence[int] = (), zebra: bool = True) -> Table:
    """A table whose header row repeats on each page and whose cells wrap instead of overflowing.

    Strings are escaped and wrapped in Paragraphs; columns listed in `right_columns` (money,
    percentages) are right-aligned so figures line up.
    """
    st = get_styles()
    body = [[Paragraph(esc(h), fitting_style(h, st.cell_head, w)) for h, w in zip(headers, widths)]]
    for row in rows:
        cells = []
        for index, (value, width) in enumerate(zip(row, widths)):
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                style = st.cell_right if index in right_columns else st.cell
                text = keep_figures_whole(value or "")
                cells.append(Paragraph(esc(text), fitting_style(text, style, width)))
        body.append(cells)
    table = Table(body, colWidths=list(widths), repeatRows=1, splitByRow=1, splitInRow=1, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    if zebra:
        for index in range(2, len(body), 2):
            commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA_FILL))
    table.setStyle(TableStyle(commands))
    return table


def key_value_table(pairs: Sequence[tuple[str, Cell]], widths: Sequence[float]) -> Table:
    """Two-column identification table (label in bold on grey, value beside it)."""
    st = get_styles()
    body = []
    for label, value in pairs:
        text = value or "—"
        cell = value if isinstance(value, Flowable) else Paragraph(esc(text), fitting_style(str(text), st.cell,
                                                                                             widths[1], 6))
        body.append([Paragraph(esc(label), fitting_style(label, st.cell_head, widths[0], 6)), cell])
    table = Table(body, colWidths=list(widths), splitByRow=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table

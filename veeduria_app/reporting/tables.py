"""Tables that wrap their text and split cleanly across pages, readable in black and white."""
from __future__ import annotations

from typing import Sequence, Union

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from veeduria_app.reporting.styles import HEADER_FILL, RULE, ZEBRA_FILL, esc, get_styles

Cell = Union[str, Flowable, None]


def data_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float], *,
               right_columns: Sequence[int] = (), zebra: bool = True) -> Table:
    """A table whose header row repeats on each page and whose cells wrap instead of overflowing.

    Strings are escaped and wrapped in Paragraphs; columns listed in `right_columns` (money,
    percentages) are right-aligned so figures line up.
    """
    st = get_styles()
    body = [[Paragraph(esc(h), st.cell_head) for h in headers]]
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                style = st.cell_right if index in right_columns else st.cell
                cells.append(Paragraph(esc(value or ""), style))
        body.append(cells)
    table = Table(body, colWidths=list(widths), repeatRows=1, splitByRow=1, splitInRow=1, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
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
        cell = value if isinstance(value, Flowable) else Paragraph(esc(value or "—"), st.cell)
        body.append([Paragraph(esc(label), st.cell_head), cell])
    table = Table(body, colWidths=list(widths), splitByRow=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table

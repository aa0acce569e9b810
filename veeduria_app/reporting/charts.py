"""Charts and flags that stay readable on a black-and-white community printer.

Every series differs by dash pattern and marker shape and carries a text label; every alert
level is a distinct shape with its word written beside it. Colour is never the only cue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from veeduria_app.domain.formats import short_date
from veeduria_app.reporting.fonts import SANS, SANS_BOLD, register_fonts


@dataclass(frozen=True)
class CurveSeries:
    """One line of the S-curve: cumulative percent (0–100) over dates."""

    label: str
    points: tuple[tuple[dt.date, float], ...]
    kind: str = "planned"  # planned | financial | physical


_SERIES_LOOK = {
    # kind: (dash pattern, marker, stroke width, grey level)
    "planned": ((), "square", 1.4, 0.0),
    "financial": ((5, 3), "circle", 1.4, 0.25),
    "physical": ((1.5, 2.5), "triangle", 1.8, 0.0),
}


def _marker(kind: str, x: float, y: float, size: float, grey: float):
    fill = colors.Color(grey, grey, grey)
    if kind == "square":
        return Rect(x - size / 2, y - size / 2, size, size, fillColor=fill, strokeColor=colors.black,
                    strokeWidth=0.5)
    if kind == "circle":
        return Circle(x, y, size / 2, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1)
    return Polygon([x - size / 2, y - size / 2, x + size / 2, y - size / 2, x, y + size / 2],
                   fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.5)


def s_curve(series: Sequence[CurveSeries], width: float, height: float, *,
            today: dt.date | None = None) -> Drawing:
    """Cumulative planned, paid and observed progress against time.

    Drawn by hand (not LinePlot) to control dash patterns, markers, end labels and the
    "hoy" line; an empty series list gives a framed note instead of an empty axis.
    """
    register_fonts()
    drawing = Drawing(width, height)
    left, right, bottom, top = 38, 12, 46, 14
    plot_w, plot_h = width - left - right, height - bottom - top
    dates = [d for s in series for d, _ in s.points]
    if not dates:
        drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=colors.grey))
        drawing.add(String(width / 2, height / 2, "Sin datos suficientes para la curva S.",
                           fontName=SANS, fontSize=9, textAnchor="middle"))
        return drawing
    start, end = min(dates), max(dates)
    if today is not None:
        start, end = min(start, today), max(end, today)
    span = max(1, (end - start).days)

    def px(day: dt.date) -> float:
        return left + (day - start).days / span * plot_w

    def py(value: float) -> float:
        return bottom + max(0.0, min(110.0, value)) / 110.0 * plot_h

    # Axes and grid: horizontal lines every 20 %.
    for pct in range(0, 101, 20):
        y = py(pct)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=colors.Color(0.8, 0.8, 0.8), strokeWidth=0.4))
        drawing.add(String(left - 4, y - 3, f"{pct} %", fontName=SANS, fontSize=7, textAnchor="end"))
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeWidth=0.8))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeWidth=0.8))
    ticks = 5
    for i in range(ticks + 1):
        day = start + dt.timedelta(days=round(span * i / ticks))
        x = px(day)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeWidth=0.6))
        drawing.add(String(x, bottom - 12, short_date(day), fontName=SANS, fontSize=6.5, textAnchor="middle"))
    if today is not None:
        x = px(today)
        drawing.add(Line(x, bottom, x, bottom + plot_h, strokeWidth=0.6, strokeDashArray=(2, 2)))
        near_right = x > left + plot_w * 0.8
        drawing.add(String(x + (-2 if near_right else 2), bottom + plot_h + 2, f"Hoy {short_date(today)}",
                           fontName=SANS, fontSize=6.5, textAnchor="end" if near_right else "start"))
    # Series.
    label_slots: list[float] = []
    for s in series:
        if not s.points:
            continue
        dash, marker, stroke, grey = _SERIES_LOOK.get(s.kind, _SERIES_LOOK["planned"])
        pts = sorted(s.points)
        coords = [c for d, v in pts for c in (px(d), py(v))]
        if len(pts) > 1:
            drawing.add(PolyLine(coords, strokeColor=colors.Color(grey, grey, grey), strokeWidth=stroke,
                                 strokeDashArray=list(dash) or None))
        for d, v in pts:
            drawing.add(_marker(marker, px(d), py(v), 4.5, grey))
        last_d, last_v = pts[-1]
        y = py(last_v) + 5
        while any(abs(y - other) < 9 for other in label_slots):
            y -= 9
        label_slots.append(y)
        x = px(last_d)
        anchor = "end" if x > left + plot_w * 0.7 else "start"
        text = f"{s.label}: {last_v:.0f} %"
        text_w = stringWidth(text, SANS_BOLD, 7)
        tx = x + (-4 if anchor == "end" else 4)
        # A white backing keeps the label legible where it crosses another line.
        drawing.add(Rect(tx - (text_w if anchor == "end" else 0) - 1.5, y - 2, text_w + 3, 9,
                         fillColor=colors.white, strokeColor=None))
        drawing.add(String(tx, y, text, fontName=SANS_BOLD, fontSize=7, textAnchor=anchor))
    # Legend below the axis: sample line, marker, label.
    x = left
    for s in series:
        dash, marker, stroke, grey = _SERIES_LOOK.get(s.kind, _SERIES_LOOK["planned"])
        y = 10
        drawing.add(Line(x, y + 3, x + 22, y + 3, strokeWidth=stroke, strokeDashArray=list(dash) or None,
                         strokeColor=colors.Color(grey, grey, grey)))
        drawing.add(_marker(marker, x + 11, y + 3, 4.5, grey))
        drawing.add(String(x + 26, y, s.label, fontName=SANS, fontSize=7.5))
        x += 34 + len(s.label) * 4.2
    return drawing


LEVEL_WORDS = {"alta": "ALTA", "media": "MEDIA", "baja": "BAJA", "ok": "SIN ALERTA"}


def level_badge(level: str, size: float = 11) -> Drawing:
    """Alert level as shape + word: ▲ filled (alta), ◆ half (media), ○ open (baja), ✓ (sin alerta)."""
    register_fonts()
    level = level if level in LEVEL_WORDS else "media"
    word = LEVEL_WORDS[level]
    drawing = Drawing(size + 4 + len(word) * 5.2, size + 2)
    c = size / 2
    if level == "alta":
        drawing.add(Polygon([0, 1, size, 1, c, size + 1], fillColor=colors.black, strokeColor=colors.black))
        drawing.add(String(c, 2.5, "!", fontName=SANS_BOLD, fontSize=size * 0.7, fillColor=colors.white,
                           textAnchor="middle"))
    elif level == "media":
        drawing.add(Polygon([c, 1, size, c + 1, c, size + 1, 0, c + 1], fillColor=colors.white,
                            strokeColor=colors.black, strokeWidth=1))
        drawing.add(Polygon([c, 1, size, c + 1, 0, c + 1], fillColor=colors.Color(0.35, 0.35, 0.35),
                            strokeColor=colors.black, strokeWidth=0.5))
    elif level == "baja":
        drawing.add(Circle(c, c + 1, c - 0.5, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))
    else:
        drawing.add(PolyLine([1, c + 1, c - 1, 2, size, size], strokeColor=colors.black, strokeWidth=1.6))
    drawing.add(String(size + 3, 3, word, fontName=SANS_BOLD, fontSize=7.5))
    return drawing

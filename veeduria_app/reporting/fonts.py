"""Embedded DejaVu fonts, so every printed document carries full Spanish characters.

reportlab's built-in Helvetica/Times are not embedded and miss glyphs such as "ñ" in some
viewers; the DejaVu TTFs shipped in resources/fonts/ are embedded (subset) in every PDF.
"""
from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from veeduria_app.paths import resources_dir

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SANS_BOLD_ITALIC = "DejaVuSans-BoldOblique"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"
SERIF_ITALIC = "DejaVuSerif-Italic"
SERIF_BOLD_ITALIC = "DejaVuSerif-BoldItalic"

_FAMILIES = {
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the DejaVu families once per process (safe to call from any thread)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        for family, (normal, bold, italic, bold_italic) in _FAMILIES.items():
            for name in (normal, bold, italic, bold_italic):
                path = folder / f"{name}.ttf"
                if not path.is_file():
                    raise FileNotFoundError(f"Falta la fuente {path}; reinstale la aplicación.")
                pdfmetrics.registerFont(TTFont(name, str(path)))
            # <b> and <i> inside paragraphs map to the right face of the family.
            addMapping(family, 0, 0, normal)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold_italic)
        _registered = True

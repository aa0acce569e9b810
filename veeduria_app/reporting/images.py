"""Photos placed in print: upright (EXIF orientation), downscaled to ~200 dpi, never full size.

A 12-megapixel phone photo is 3–6 MB; printed 8 cm wide it needs about 630 pixels. Scaling
before reportlab sees the image keeps a 100-photo report small enough to email.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from veeduria_app.reporting.styles import RULE, get_styles

PRINT_DPI = 200
JPEG_QUALITY = 80

try:  # HEIC/HEIF photos from iPhones and recent Android phones.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    pass


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to place: JPEG bytes and the size it occupies on paper (points)."""

    jpeg: bytes
    width_pt: float
    height_pt: float
    pixels: tuple[int, int]


def prepare_photo(path: Path, max_width_pt: float, max_height_pt: float,
                  dpi: int = PRINT_DPI) -> PreparedPhoto:
    """Fit the photo in the box, keep its proportions, and resample to `dpi` at that size.

    Raises OSError/ValueError for unreadable files; callers show a placeholder instead.
    """
    with PILImage.open(path) as original:
        # JPEG decoders can skip detail we would throw away; the square box covers rotation.
        side = int(max(max_width_pt, max_height_pt) / inch * dpi)
        original.draft("RGB", (side, side))
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        width, height = image.size
        scale = min(max_width_pt / width, max_height_pt / height)
        width_pt, height_pt = width * scale, height * scale
        target = (max(1, round(width_pt / inch * dpi)), max(1, round(height_pt / inch * dpi)))
        if target[0] < width:  # never upscale a small photo
            image = image.resize(target, PILImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return PreparedPhoto(buffer.getvalue(), width_pt, height_pt, image.size)


def photo_flowable(path: Optional[Path], max_width_pt: float, max_height_pt: float) -> Flowable:
    """The placed photo, or a framed notice when the file is missing or unreadable."""
    if path is not None:
        try:
            prepared = prepare_photo(path, max_width_pt, max_height_pt)
            return Image(io.BytesIO(prepared.jpeg), prepared.width_pt, prepared.height_pt)
        except (OSError, ValueError, SyntaxError):
            pass
    st = get_styles()
    notice = Table([[Paragraph("No se pudo leer el archivo de la foto; consulte el original en la "
                               "aplicación.", st.cell)]], colWidths=[max_width_pt],
                   rowHeights=[min(max_height_pt, 3 * inch)])
    notice.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return notice

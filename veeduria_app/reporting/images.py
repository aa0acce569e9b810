"""Photos placed in print: upright (EXIF orientation), downscaled to ~200 dpi, never full size.

A 12-megapixel phone photo is 3–6 MB; printed 7.6 cm wide it needs about 600 pixels. Scaling
before reportlab sees the image keeps a 100-photo report small enough to email. Decoding the
originals is the slow part, so photos are prepared in a few threads (Pillow releases the GIL)
and the print-size copies are kept in a cache keyed by the original's SHA-256, so a second
report, a corrected version or an acta of the same visit reuses them.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Optional, Sequence

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from veeduria_app.reporting.styles import RULE, get_styles
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

PRINT_DPI = 200
JPEG_QUALITY = 80
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height

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
    path: Optional[Path] = None   # the same JPEG on disk, when it was cached

    def flowable(self) -> Flowable:
        """Placed from its file when possible: reportlab then embeds the JPEG as is, while from
        memory it decodes the whole image once more just to fingerprint it."""
        if self.path is not None:
            return Image(str(self.path), self.width_pt, self.height_pt)
        return Image(io.BytesIO(self.jpeg), self.width_pt, self.height_pt)


def _fit(width: int, height: int, max_w: float, max_h: float, dpi: int) -> tuple[float, float, tuple[int, int]]:
    scale = min(max_w / width, max_h / height)
    width_pt, height_pt = width * scale, height * scale
    target = (max(1, round(width_pt / inch * dpi)), max(1, round(height_pt / inch * dpi)))
    return width_pt, height_pt, target


def prepare_photo(path: Path, max_width_pt: float, max_height_pt: float,
                  dpi: int = PRINT_DPI) -> PreparedPhoto:
    """Fit the photo in the box, keep its proportions, and resample to `dpi` at that size.

    Raises OSError/ValueError for unreadable files; callers show a placeholder instead.
    """
    with PILImage.open(path) as original:
        raw_w, raw_h = original.size
        orientation = original.getexif().get(0x0112, 1)
        upright = (raw_h, raw_w) if orientation in _ROTATED else (raw_w, raw_h)
        width_pt, height_pt, target = _fit(*upright, max_width_pt, max_height_pt, dpi)
        # JPEG decoders can skip detail we would throw away (decode at 1/2, 1/4 or 1/8).
        original.draft("RGB", (target[1], target[0]) if orientation in _ROTATED else target)
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if target[0] < image.size[0]:  # never upscale a small photo
            image = image.resize(target, PILImage.Resampling.BICUBIC, reducing_gap=2.0)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY)
        return PreparedPhoto(buffer.getvalue(), width_pt, height_pt, image.size)


class PrintCache:
    """Print-size copies on disk, named by the original's SHA-256 and the box they fit.

    The original is never touched; a cache file that cannot be read is simply rebuilt.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, sha256: str, max_w: float, max_h: float, dpi: int) -> Path:
        key = hashlib.sha256(f"{sha256}|{max_w:.2f}|{max_h:.2f}|{dpi}|{JPEG_QUALITY}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.jpg"

    def get(self, sha256: str, max_w: float, max_h: float, dpi: int) -> Optional[PreparedPhoto]:
        path = self._path(sha256, max_w, max_h, dpi)
        try:
            data = path.read_bytes()
            with PILImage.open(io.BytesIO(data)) as image:
                pixels = image.size
        except OSError:
            return None
        width_pt, height_pt, _ = _fit(*pixels, max_w, max_h, dpi)
        return PreparedPhoto(data, width_pt, height_pt, pixels, path)

    def put(self, sha256: str, max_w: float, max_h: float, dpi: int, photo: PreparedPhoto) -> PreparedPhoto:
        """Store the copy; returns it with its file path (unchanged if the disk refused)."""
        path = self._path(sha256, max_w, max_h, dpi)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temp.write_bytes(photo.jpeg)
            os.replace(temp, path)
        except OSError:
            return photo  # a cache that cannot be written only costs time
        return replace(photo, path=path)


@dataclass(frozen=True)
class PhotoSource:
    path: Optional[Path]
    sha256: str = ""


def prepare_many(sources: Sequence[PhotoSource], max_width_pt: float, max_height_pt: float, *,
                 cache: Optional[PrintCache] = None, workers: Optional[int] = None,
                 progress: Optional[ProgressCallback] = None, cancel: Optional[CancelToken] = None,
                 dpi: int = PRINT_DPI) -> list[Optional[PreparedPhoto]]:
    """Prepare every photo (None where unreadable), in parallel, reporting progress in order."""
    workers = workers or max(1, min(4, os.cpu_count() or 1))

    def one(source: PhotoSource) -> Optional[PreparedPhoto]:
        if cancel is not None and cancel.cancelled:
            return None
        if source.path is None:
            return None
        if cache is not None and source.sha256:
            cached = cache.get(source.sha256, max_width_pt, max_height_pt, dpi)
            if cached is not None:
                return cached
        try:
            prepared = prepare_photo(source.path, max_width_pt, max_height_pt, dpi)
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
            return None
        if cache is not None:
            key = source.sha256 or hashlib.sha256(str(source.path).encode()).hexdigest()
            prepared = cache.put(key, max_width_pt, max_height_pt, dpi, prepared)
        return prepared

    results: list[Optional[PreparedPhoto]] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fotos") as pool:
        for index, prepared in enumerate(pool.map(one, sources), start=1):
            check(cancel)
            results.append(prepared)
            report(progress, index, len(sources), f"Preparando foto {index} de {len(sources)}…")
    return results


def unreadable_notice(max_width_pt: float, max_height_pt: float) -> Flowable:
    """A framed notice where a photo file is missing or unreadable."""
    st = get_styles()
    notice = Table([[Paragraph("No se pudo leer el archivo de la foto; consulte el original en la "
                               "aplicación.", st.cell)]], colWidths=[max_width_pt],
                   rowHeights=[min(max_height_pt, 3 * inch)])
    notice.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return notice


def photo_flowable(path: Optional[Path], max_width_pt: float, max_height_pt: float) -> Flowable:
    """The placed photo, or a framed notice when the file is missing or unreadable."""
    if path is not None:
        try:
            return prepare_photo(path, max_width_pt, max_height_pt).flowable()
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
            pass
    return unreadable_notice(max_width_pt, max_height_pt)


@contextmanager
def print_cache(folder: Optional[Path]) -> Iterator[PrintCache]:
    """The data folder's cache, or a temporary one that lives only while the PDF is built."""
    if folder is not None:
        yield PrintCache(folder)
        return
    with tempfile.TemporaryDirectory(prefix="veeduria-fotos-") as temp:
        yield PrintCache(Path(temp))

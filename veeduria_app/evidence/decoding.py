"""Open a candidate photo once: validate it, read its metadata and make its thumbnail.

Decoding is the only reliable way to tell a truncated or corrupt photo from a good one, and it
is also what a thumbnail needs; doing both from one decode (at 1/8 scale through Pillow's
`draft()`) keeps a 200-photo import close to the cost of just reading and hashing the files.
"""
from __future__ import annotations

import hashlib
import io
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from PIL import Image, ImageOps

from veeduria_app.evidence.exif import PhotoMetadata, read_metadata
from veeduria_app.evidence.formats import EXTENSIONS, HEIF, looks_like_text, sniff_format

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest accepted file: a 200 MP phone JPEG is ~40 MB; anything bigger is not a photo."""

MAX_PIXELS = 250_000_000
"""Refuse 'decompression bombs' (tiny files that claim gigantic pixel sizes)."""

THUMBNAIL_SIZE = 320

_heif_lock = threading.Lock()
_heif_registered = False


def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (iPhone and recent Android photos), once per process."""
    global _heif_registered
    with _heif_lock:
        if not _heif_registered:
            from pillow_heif import register_heif_opener

            register_heif_opener()
            _heif_registered = True


class PhotoRejected(Exception):
    """The file cannot be accepted as a photo; str() is a one-line Spanish reason."""


@dataclass(frozen=True)
class InspectedPhoto:
    """A photo that decoded correctly, with everything needed to store and check it."""

    data: bytes
    sha256: str
    format: str
    extension: str
    metadata: PhotoMetadata
    thumbnail_jpeg: bytes


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _os_reason(exc: OSError) -> str:
    """The operating system's error in Spanish (its own text may be English)."""
    if isinstance(exc, FileNotFoundError):
        return "El archivo no existe (¿se movió o se desconectó la memoria USB?)."
    if isinstance(exc, PermissionError):
        return "No hay permiso para leer el archivo."
    if isinstance(exc, IsADirectoryError):
        return "Es una carpeta, no un archivo."
    return "No se pudo leer el archivo (error del disco o de la memoria USB)."


def read_candidate(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a file's bytes after checking it is neither empty nor absurdly large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoRejected(_os_reason(exc)) from exc
    if size == 0:
        raise PhotoRejected("El archivo está vacío (0 bytes); vuelva a copiarlo desde el teléfono.")
    if size > max_bytes:
        raise PhotoRejected(
            f"El archivo pesa {_megabytes(size)} MB, más que el máximo de {_megabytes(max_bytes)} MB "
            "para una foto."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PhotoRejected(_os_reason(exc)) from exc


def _open_image(data: bytes, fmt: str) -> Any:
    if fmt == HEIF:
        register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoRejected("La imagen declara un tamaño en píxeles imposible para una foto.") from exc
        except Exception as exc:  # noqa: BLE001 - Pillow raises many types for bad files
            kind = "HEIC/HEIF" if fmt == HEIF else fmt.upper()
            raise PhotoRejected(f"El archivo {kind} está dañado y no se puede abrir.") from exc
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        raise PhotoRejected("La imagen declara un tamaño en píxeles imposible para una foto.")
    return image


def make_thumbnail(image: Any, size: int = THUMBNAIL_SIZE) -> bytes:
    """JPEG bytes of a small copy turned the right way up (EXIF orientation 1–8 applied)."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGBA") if "A" in upright.getbands() or upright.mode == "P" else upright
        if upright.mode == "RGBA":
            background = Image.new("RGB", upright.size, (255, 255, 255))
            background.paste(upright, mask=upright.getchannel("A"))
            upright = background
        else:
            upright = upright.convert("RGB")
    upright.thumbnail((size, size), Image.Resampling.BILINEAR, reducing_gap=2.0)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=85, optimize=False)
    return out.getvalue()


def inspect_bytes(data: bytes, *, thumbnail_size: int = THUMBNAIL_SIZE) -> InspectedPhoto:
    """Validate photo bytes fully (decode) and return hash, metadata and thumbnail."""
    if not data:
        raise PhotoRejected("El archivo está vacío (0 bytes); vuelva a copiarlo desde el teléfono.")
    head = data[:64]
    fmt = sniff_format(head)
    if fmt is None:
        if looks_like_text(data[:512]):
            raise PhotoRejected("El archivo es texto con nombre de foto, no una imagen.")
        raise PhotoRejected("El archivo no es una foto JPEG, PNG ni HEIC.")
    image = _open_image(data, fmt)
    metadata = read_metadata(data, image)
    try:
        image.draft("RGB", (thumbnail_size, thumbnail_size))
        image.load()
        thumbnail = make_thumbnail(image, thumbnail_size)
    except PhotoRejected:
        raise
    except Exception as exc:  # noqa: BLE001
        if "truncated" in str(exc):
            raise PhotoRejected(
                "La foto está incompleta (el archivo se cortó al copiarlo o enviarlo)."
            ) from exc
        raise PhotoRejected("La foto está dañada: su contenido de imagen no se puede leer.") from exc
    finally:
        image.close()
    return InspectedPhoto(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        extension=EXTENSIONS[fmt],
        metadata=metadata,
        thumbnail_jpeg=thumbnail,
    )


def inspect_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, thumbnail_size: int = THUMBNAIL_SIZE
) -> InspectedPhoto:
    """Read and validate one file; raises PhotoRejected with the reason."""
    return inspect_bytes(read_candidate(Path(path), max_bytes=max_bytes), thumbnail_size=thumbnail_size)


def thumbnail_from_file(path: Path, size: int = THUMBNAIL_SIZE) -> Optional[bytes]:
    """Rebuild a thumbnail from a stored original (cache miss); None if it cannot be decoded."""
    try:
        data = Path(path).read_bytes()
        fmt = sniff_format(data[:64])
        if fmt is None:
            return None
        image = _open_image(data, fmt)
        image.draft("RGB", (size, size))
        image.load()
        return make_thumbnail(image, size)
    except Exception:  # noqa: BLE001
        return None

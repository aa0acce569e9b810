"""Recognise photo formats by their bytes, never by the file name.

A text file renamed `.jpg` or a forwarded file with the wrong extension is common; the stored
extension must say what the bytes really are so the file opens correctly years later.
"""
from __future__ import annotations

from typing import Optional

JPEG = "jpeg"
PNG = "png"
HEIF = "heif"

EXTENSIONS = {JPEG: "jpg", PNG: "png", HEIF: "heic"}
"""Extension used in the store for each format."""

SUPPORTED_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".hif"})
"""Suffixes picked up when a whole folder (a phone's DCIM copy) is imported."""

_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"mif2", b"MiHE", b"MiHB"}
)


def sniff_format(head: bytes) -> Optional[str]:
    """Return JPEG, PNG or HEIF from the first bytes of a file, or None if it is none of them."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        major = head[8:12]
        if major in _HEIF_BRANDS:
            return HEIF
        # Compatible brands follow the minor version; some phones put "heic" only there.
        size = int.from_bytes(head[0:4], "big")
        brands = head[16 : min(size, len(head))]
        for i in range(0, len(brands) - 3, 4):
            if brands[i : i + 4] in _HEIF_BRANDS:
                return HEIF
    return None


def looks_like_text(head: bytes) -> bool:
    """True when the bytes are plain text (a note or HTML page saved with a photo's name)."""
    if not head:
        return False
    sample = head[:512]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
            return False
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
        return printable / len(sample) > 0.9
    return True

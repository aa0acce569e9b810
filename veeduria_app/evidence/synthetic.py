"""Generated photos with realistic EXIF, for the training demo and for tests.

Training sessions need photos taken "at" Cartagena's demo works (some off-site, undated or
edited) without shipping anyone's real pictures. The EXIF is written by Pillow in the same
layout phones use (IFD0 + Exif IFD + GPS IFD as degree/minute/second rationals).
"""
from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any, Optional

from PIL import Image, ImageDraw, TiffImagePlugin


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 4)
    return float(degrees), float(minutes), seconds


def build_exif(
    *,
    lat: Optional[float] = None,
    lon: Optional[float] = None,
    alt: Optional[float] = None,
    taken_at: Optional[dt.datetime] = None,
    make: Optional[str] = "samsung",
    model: Optional[str] = "SM-A135M",
    software: Optional[str] = None,
    orientation: Optional[int] = 1,
    modified_at: Optional[dt.datetime] = None,
    raw_gps: Optional[dict[int, Any]] = None,
) -> Image.Exif:
    """An EXIF block like a phone camera writes; `raw_gps` overrides the GPS IFD (broken values)."""
    exif = Image.Exif()
    if make:
        exif[0x010F] = make
    if model:
        exif[0x0110] = model
    if orientation:
        exif[0x0112] = orientation
    if software:
        exif[0x0131] = software
    stamp = modified_at or taken_at
    if stamp is not None:
        exif[0x0132] = stamp.strftime("%Y:%m:%d %H:%M:%S")
    if taken_at is not None:
        sub = exif.get_ifd(0x8769)
        sub[0x9003] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        sub[0x9004] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        offset = taken_at.utcoffset()
        if offset is not None:
            minutes = int(offset.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            sub[0x9011] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if raw_gps is not None:
        gps = exif.get_ifd(0x8825)
        gps.update(raw_gps)
    elif lat is not None and lon is not None:
        gps = exif.get_ifd(0x8825)
        gps[0] = b"\x02\x02\x00\x00"
        gps[1] = "N" if lat >= 0 else "S"
        gps[2] = _dms(lat)
        gps[3] = "E" if lon >= 0 else "W"
        gps[4] = _dms(lon)
        if alt is not None:
            gps[5] = b"\x00" if alt >= 0 else b"\x01"
            gps[6] = TiffImagePlugin.IFDRational(round(abs(alt) * 100), 100)
    return exif


def draw_scene(width: int, height: int, seed: int = 0, label: str = "") -> Image.Image:
    """A plausible construction-site picture: sky, ground, a structure, a sign with a label."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.35, 0.55))
    sky = (rng.randint(110, 160), rng.randint(160, 200), rng.randint(210, 250))
    draw.rectangle((0, 0, width, horizon), fill=sky)
    ground = (rng.randint(120, 170), rng.randint(100, 130), rng.randint(70, 90))
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(6):
        x = rng.randint(0, width)
        w = rng.randint(width // 12, width // 4)
        h = rng.randint(height // 10, height // 3)
        grey = rng.randint(90, 200)
        draw.rectangle((x, horizon - h, x + w, horizon + h // 4), fill=(grey, grey, grey - 10))
    for _ in range(40):  # gravel and noise so JPEG sizes look like real photos
        x, y = rng.randint(0, width), rng.randint(horizon, height)
        r = rng.randint(2, max(3, width // 60))
        shade = rng.randint(60, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(shade, shade - 10, shade - 20))
    if label:
        box_w, box_h = width // 3, height // 8
        draw.rectangle((width // 20, height // 20, width // 20 + box_w, height // 20 + box_h), fill=(255, 255, 255))
        draw.text((width // 20 + 8, height // 20 + 8), label, fill=(0, 0, 0))
    return image


def make_photo(
    width: int = 800,
    height: int = 600,
    *,
    seed: int = 0,
    label: str = "",
    quality: int = 85,
    **exif_values: Any,
) -> bytes:
    """JPEG bytes of a generated scene carrying the given EXIF (see build_exif)."""
    image = draw_scene(width, height, seed, label)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=build_exif(**exif_values))
    return out.getvalue()


def make_plain_jpeg(width: int = 640, height: int = 480, *, seed: int = 0) -> bytes:
    """A JPEG with no EXIF at all, as a messaging app re-sends it."""
    out = io.BytesIO()
    draw_scene(width, height, seed).save(out, "JPEG", quality=80)
    return out.getvalue()

"""Read what a photo says about itself: where, when, which camera, which way up.

Real phone files break parsers (HEIC variants, EXIF placed after XMP or APP6 segments, zero
denominators, empty strings), so every field is read with exifread first and, where it finds
nothing usable, with Pillow (which pillow-heif extends to HEIC/HEIF). Impossible GPS values are
never passed on: the photo is then treated as having no location, with the reason kept.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import math
from dataclasses import dataclass, replace
from typing import Any, Optional, Sequence

import exifread

logging.getLogger("exifread").setLevel(logging.CRITICAL)  # it logs every odd tag as a warning


@dataclass(frozen=True)
class PhotoMetadata:
    """Plain values read from a photo; None means the file does not say."""

    lat: Optional[float] = None
    lon: Optional[float] = None
    alt: Optional[float] = None
    taken_at: Optional[dt.datetime] = None
    """Local time the camera recorded; timezone-aware only when the file gives its offset."""
    orientation: Optional[int] = None
    make: Optional[str] = None
    model: Optional[str] = None
    software: Optional[str] = None
    width: Optional[int] = None
    """Width as displayed (orientation applied)."""
    height: Optional[int] = None
    modified_at: Optional[dt.datetime] = None
    """EXIF DateTime: when a program last saved the file (a hint of editing)."""
    has_exif: bool = False
    gps_problem: Optional[str] = None
    """Why GPS tags that are present were not usable (Spanish), None when fine or absent."""

    @property
    def has_gps(self) -> bool:
        return self.lat is not None and self.lon is not None


# ---------------------------------------------------------------- value helpers


def _clean_text(value: Any) -> Optional[str]:
    """Printable text without padding or NULs; None for empty strings (0-length tags)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, (list, tuple)):
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def _to_float(value: Any) -> Optional[float]:
    """Number from a rational (exifread Ratio, Pillow IFDRational, tuple); None on 0/0 or NaN."""
    try:
        num = getattr(value, "numerator", None)
        den = getattr(value, "denominator", None)
        if num is not None and den is not None:
            if den == 0:
                return None
            number = float(num) / float(den)
        elif isinstance(value, tuple) and len(value) == 2:
            if value[1] == 0:
                return None
            number = float(value[0]) / float(value[1])
        else:
            number = float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def _first(values: Any) -> Any:
    if isinstance(values, (list, tuple)):
        return values[0] if values else None
    return values


def parse_exif_datetime(text: Optional[str], offset: Optional[str] = None) -> Optional[dt.datetime]:
    """`2021:04:11 15:47:53` (+ `-05:00`) → datetime; None for blanks or impossible dates."""
    if not text:
        return None
    text = text.replace("\x00", "").strip()
    if len(text) < 19:
        return None
    core = text[:19].replace("-", ":").replace("T", " ")
    try:
        value = dt.datetime.strptime(core, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if value.year < 1900:
        return None
    tz = parse_offset(offset)
    return value.replace(tzinfo=tz) if tz is not None else value


def parse_offset(text: Optional[str]) -> Optional[dt.timezone]:
    """`-05:00` → timezone; None when absent or malformed."""
    if not text:
        return None
    text = text.replace("\x00", "").strip()
    if text in ("Z", "+00:00", "-00:00"):
        return dt.timezone.utc
    if len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes >= 60:
        return None
    sign = 1 if text[0] == "+" else -1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def gps_to_decimal(
    dms: Optional[Sequence[Any]], ref: Optional[str], *, axis: str
) -> tuple[Optional[float], Optional[str]]:
    """Degrees/minutes/seconds + N/S/E/W → signed decimal degrees, or (None, reason)."""
    name = "latitud" if axis == "lat" else "longitud"
    if dms is None:
        return None, None
    parts = [_to_float(x) for x in (list(dms) if isinstance(dms, (list, tuple)) else [dms])]
    if not parts or any(p is None for p in parts):
        return None, f"la {name} tiene valores vacíos o divididos por cero"
    parts = (parts + [0.0, 0.0])[:3]
    degrees, minutes, seconds = parts  # type: ignore[misc]
    if degrees < 0 or minutes < 0 or seconds < 0 or minutes >= 60 or seconds >= 60:
        return None, f"la {name} tiene minutos o segundos imposibles"
    value = degrees + minutes / 60.0 + seconds / 3600.0
    limit = 90.0 if axis == "lat" else 180.0
    if value > limit:
        return None, f"la {name} {value:g} está fuera de rango"
    ref_text = (_clean_text(ref) or "").upper()[:1]
    valid_refs = ("N", "S") if axis == "lat" else ("E", "W")
    if ref_text not in valid_refs:
        return None, f"falta el hemisferio de la {name}"
    value = round(value, 7)  # ~1 cm: more digits are float noise, not precision
    return (-value if ref_text in ("S", "W") else value), None


def _checked_position(
    lat: Optional[float], lon: Optional[float], problems: list[str]
) -> tuple[Optional[float], Optional[float]]:
    if lat is None or lon is None:
        return None, None
    if lat == 0.0 and lon == 0.0:
        problems.append("las coordenadas son 0,0 (el teléfono no tenía señal de GPS)")
        return None, None
    return lat, lon


# ---------------------------------------------------------------- readers


def _read_exifread(data: bytes) -> Optional[PhotoMetadata]:
    """Fields exifread can see; None when it finds no tags or crashes on the file."""
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
    except Exception:  # noqa: BLE001 - any parser failure just means "try the next reader"
        return None
    if not tags:
        return None

    def value(key: str) -> Any:
        tag = tags.get(key)
        return None if tag is None else tag.values

    def text(key: str) -> Optional[str]:
        tag = tags.get(key)
        return None if tag is None else _clean_text(tag.printable if tag.field_type == 2 else tag.values)

    problems: list[str] = []
    lat, p1 = gps_to_decimal(value("GPS GPSLatitude"), text("GPS GPSLatitudeRef"), axis="lat")
    lon, p2 = gps_to_decimal(value("GPS GPSLongitude"), text("GPS GPSLongitudeRef"), axis="lon")
    problems += [p for p in (p1, p2) if p]
    lat, lon = _checked_position(lat, lon, problems)
    alt = _to_float(_first(value("GPS GPSAltitude")))
    if alt is not None and alt != 0 and _first(value("GPS GPSAltitudeRef")) in (1, b"\x01"):
        alt = -alt
    orientation = _first(value("Image Orientation"))
    taken = None
    for date_key, offset_key in (
        ("EXIF DateTimeOriginal", "EXIF OffsetTimeOriginal"),
        ("EXIF DateTimeDigitized", "EXIF OffsetTimeDigitized"),
        ("Image DateTime", "EXIF OffsetTime"),
    ):
        taken = parse_exif_datetime(text(date_key), text(offset_key) or text("EXIF OffsetTime"))
        if taken is not None:
            break
    return PhotoMetadata(
        lat=lat,
        lon=lon,
        alt=alt if lat is not None else None,
        taken_at=taken,
        orientation=orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else None,
        make=text("Image Make"),
        model=text("Image Model"),
        software=text("Image Software"),
        modified_at=parse_exif_datetime(text("Image DateTime"), text("EXIF OffsetTime")),
        has_exif=True,
        gps_problem="; ".join(problems) or None,
    )


_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769


def _read_pillow(image: Any) -> Optional[PhotoMetadata]:
    """Fields Pillow's EXIF reader sees (it scans every APP1, so EXIF after XMP is found)."""
    try:
        exif = image.getexif()
        gps = exif.get_ifd(_GPS_IFD)
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001
        return None
    if not exif and not gps and not sub:
        return None
    problems: list[str] = []
    lat, p1 = gps_to_decimal(gps.get(2), gps.get(1), axis="lat")
    lon, p2 = gps_to_decimal(gps.get(4), gps.get(3), axis="lon")
    problems += [p for p in (p1, p2) if p]
    lat, lon = _checked_position(lat, lon, problems)
    alt = _to_float(gps.get(6))
    if alt is not None and alt != 0 and gps.get(5) in (1, b"\x01"):
        alt = -alt
    orientation = image.info.get("original_orientation", exif.get(0x0112))
    taken = None
    for date_tag, offset_tag in ((0x9003, 0x9011), (0x9004, 0x9012)):
        taken = parse_exif_datetime(_clean_text(sub.get(date_tag)), _clean_text(sub.get(offset_tag) or sub.get(0x9010)))
        if taken is not None:
            break
    modified = parse_exif_datetime(_clean_text(exif.get(0x0132)), _clean_text(sub.get(0x9010)))
    return PhotoMetadata(
        lat=lat,
        lon=lon,
        alt=alt if lat is not None else None,
        taken_at=taken or modified,
        orientation=orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else None,
        make=_clean_text(exif.get(0x010F)),
        model=_clean_text(exif.get(0x0110)),
        software=_clean_text(exif.get(0x0131)),
        modified_at=modified,
        # An Orientation alone may come from XMP (Pillow merges it): that is not camera EXIF.
        has_exif=(bool(exif) and set(exif.keys()) != {0x0112}) or bool(gps) or bool(sub),
        gps_problem="; ".join(problems) or None,
    )


def _merge(primary: Optional[PhotoMetadata], fallback: Optional[PhotoMetadata]) -> PhotoMetadata:
    """Each field from the first reader that has it; GPS is taken as a whole, never mixed."""
    if primary is None:
        return fallback or PhotoMetadata()
    if fallback is None:
        return primary
    merged = primary
    if primary.lat is None and fallback.lat is not None:
        merged = replace(merged, lat=fallback.lat, lon=fallback.lon, alt=fallback.alt, gps_problem=None)
    elif primary.lat is None and primary.gps_problem is None and fallback.gps_problem:
        merged = replace(merged, gps_problem=fallback.gps_problem)
    for name in ("taken_at", "orientation", "make", "model", "software", "modified_at"):
        if getattr(merged, name) is None and getattr(fallback, name) is not None:
            merged = replace(merged, **{name: getattr(fallback, name)})
    return replace(merged, has_exif=primary.has_exif or fallback.has_exif)


def displayed_size(image: Any, orientation: Optional[int]) -> tuple[Optional[int], Optional[int]]:
    """Pixel size as a viewer shows it: EXIF orientations 5–8 swap width and height.

    pillow-heif already applies HEIF rotations when decoding, so its size is used as is.
    """
    if image is None:
        return None, None
    width, height = image.size
    already_rotated = "original_orientation" in image.info
    if not already_rotated and orientation in (5, 6, 7, 8):
        width, height = height, width
    return width, height


def read_metadata(data: bytes, image: Any = None) -> PhotoMetadata:
    """All metadata of a photo given its bytes and (optionally) its opened Pillow image.

    Never raises: a file no reader understands simply yields an empty PhotoMetadata.
    """
    if image is None:
        try:
            from PIL import Image

            from veeduria_app.evidence.decoding import register_heif

            register_heif()
            image = Image.open(io.BytesIO(data))
        except Exception:  # noqa: BLE001
            image = None
    primary = _read_exifread(data)
    fallback = _read_pillow(image) if image is not None else None
    merged = _merge(primary, fallback)
    width, height = displayed_size(image, merged.orientation)
    return replace(merged, width=width, height=height)

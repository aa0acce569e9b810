"""Validation, EXIF reading and thumbnails on JPEGs written by the tests with real EXIF."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import exifread
import pytest
from PIL import Image, TiffImagePlugin

from veeduria_app.evidence.decoding import PhotoRejected, inspect_bytes, inspect_file
from veeduria_app.evidence.synthetic import make_photo, make_plain_jpeg

R = TiffImagePlugin.IFDRational
COT = dt.timezone(dt.timedelta(hours=-5))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_phone_like_exif_is_read_completely(tmp_path: Path) -> None:
    taken = dt.datetime(2026, 11, 21, 9, 42, 5, tzinfo=COT)
    data = make_photo(640, 480, lat=10.39972, lon=-75.51444, alt=3.5, taken_at=taken,
                      make="Xiaomi", model="Redmi Note 12", software="MIUI V14", orientation=1)
    # An independent parser sees the GPS we wrote (the test checks its own fixture).
    tags = exifread.process_file(io.BytesIO(data), details=False)
    assert str(tags["GPS GPSLongitudeRef"]) == "W"
    meta = inspect_file(_write(tmp_path, "IMG_001.jpg", data)).metadata
    assert meta.lat == pytest.approx(10.39972, abs=1e-5)
    assert meta.lon == pytest.approx(-75.51444, abs=1e-5)
    assert meta.alt == pytest.approx(3.5)
    assert meta.taken_at == taken and meta.taken_at.utcoffset() == dt.timedelta(hours=-5)
    assert (meta.make, meta.model, meta.software) == ("Xiaomi", "Redmi Note 12", "MIUI V14")
    assert (meta.width, meta.height, meta.orientation) == (640, 480, 1)
    assert meta.has_exif and meta.gps_problem is None


def test_southern_latitude_and_below_sea_level_altitude(tmp_path: Path) -> None:
    data = make_photo(320, 240, lat=-4.2, lon=-69.94, alt=-12.0, taken_at=dt.datetime(2026, 1, 2, 3, 4, 5))
    meta = inspect_bytes(data).metadata
    assert meta.lat == pytest.approx(-4.2, abs=1e-5) and meta.lon == pytest.approx(-69.94, abs=1e-5)
    assert meta.alt == pytest.approx(-12.0)
    assert meta.taken_at == dt.datetime(2026, 1, 2, 3, 4, 5) and meta.taken_at.tzinfo is None


@pytest.mark.parametrize(
    "gps, reason",
    [
        ({1: "N", 2: (123.0, 0.0, 0.0), 3: "W", 4: (75.0, 30.0, 0.0)}, "fuera de rango"),
        ({1: "N", 2: (R(0, 0), R(0, 0), R(0, 0)), 3: "W", 4: (R(0, 0), R(0, 0), R(0, 0))}, "divididos por cero"),
        ({1: "N", 2: (10.0, 75.0, 0.0), 3: "W", 4: (75.0, 30.0, 0.0)}, "minutos o segundos imposibles"),
        ({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)}, "0,0"),
        ({1: "", 2: (10.0, 25.0, 0.0), 3: "", 4: (75.0, 30.0, 0.0)}, "hemisferio"),
        ({1: "N", 2: (10.0, 25.0, 0.0), 3: "W", 4: (200.0, 0.0, 0.0)}, "fuera de rango"),
    ],
)
def test_impossible_gps_is_rejected_and_explained(gps: dict, reason: str, tmp_path: Path) -> None:
    data = make_photo(320, 240, raw_gps=gps, taken_at=dt.datetime(2026, 11, 20, 10, 0))
    photo = inspect_file(_write(tmp_path, "broken_gps.jpg", data))
    assert photo.metadata.lat is None and photo.metadata.lon is None
    assert reason in (photo.metadata.gps_problem or "")
    assert photo.metadata.taken_at == dt.datetime(2026, 11, 20, 10, 0)  # the rest still reads


def test_photo_without_exif_is_accepted_with_empty_metadata(tmp_path: Path) -> None:
    photo = inspect_file(_write(tmp_path, "IMG-20261121-WA0003.jpg", make_plain_jpeg(400, 300)))
    assert not photo.metadata.has_exif
    assert photo.metadata.lat is None and photo.metadata.taken_at is None
    assert (photo.metadata.width, photo.metadata.height) == (400, 300)


def test_png_and_heic_are_accepted(tmp_path: Path) -> None:
    import pillow_heif

    image = Image.new("RGB", (300, 200), (10, 120, 200))
    png = io.BytesIO()
    image.save(png, "PNG")
    assert inspect_bytes(png.getvalue()).extension == "png"
    heif = pillow_heif.from_pillow(image)
    out = io.BytesIO()
    heif.save(out, quality=60)
    photo = inspect_bytes(out.getvalue())
    assert photo.format == "heif" and photo.extension == "heic"
    assert (photo.metadata.width, photo.metadata.height) == (300, 200)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("vacia.jpg", b"", "vacío"),
        ("nota.jpg", "Reunión con la comunidad el sábado a las 9 a. m.\n".encode("utf-8"), "texto"),
        ("basura.jpg", bytes(range(256)) * 40, "no es una foto"),
    ],
)
def test_non_photos_are_rejected_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    with pytest.raises(PhotoRejected, match=reason):
        inspect_file(_write(tmp_path, name, content))


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999])
def test_truncated_jpeg_is_rejected(tmp_path: Path, keep: float) -> None:
    data = make_photo(800, 600, seed=3, lat=10.4, lon=-75.5)
    with pytest.raises(PhotoRejected, match="incompleta"):
        inspect_file(_write(tmp_path, "cortada.jpg", data[: int(len(data) * keep)]))


def test_jpeg_with_garbage_image_data_is_rejected(tmp_path: Path) -> None:
    data = bytearray(make_photo(800, 600, seed=4))
    start = len(data) // 3
    data[start : start + 4000] = b"\x00" * 4000  # scan data destroyed after a valid header
    data = bytes(data[: len(data) - 2000])
    with pytest.raises(PhotoRejected):
        inspect_file(_write(tmp_path, "dañada.jpg", data))


def test_huge_file_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "enorme.jpg"
    with open(path, "wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(PhotoRejected, match=r"pesa 65,0 MB, más que el máximo de 64,0 MB"):
        inspect_file(path)


def test_decompression_bomb_is_rejected() -> None:
    image = Image.new("1", (30000, 20000))
    out = io.BytesIO()
    image.save(out, "PNG")
    with pytest.raises(PhotoRejected, match="tamaño en píxeles imposible"):
        inspect_bytes(out.getvalue())


# Orientation: draw a picture whose upright top-left corner is red, store it the way a camera
# does for each EXIF orientation, and check the thumbnail shows red at the top-left again.
_STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_thumbnail_honours_every_orientation(orientation: int) -> None:
    upright = Image.new("RGB", (400, 300), (255, 255, 255))
    upright.paste((220, 0, 0), (0, 0, 100, 75))  # red top-left
    upright.paste((0, 0, 220), (300, 225, 400, 300))  # blue bottom-right
    transform = _STORE_AS[orientation]
    stored = upright if transform is None else upright.transpose(transform)
    from veeduria_app.evidence.synthetic import build_exif

    out = io.BytesIO()
    stored.save(out, "JPEG", quality=95, exif=build_exif(orientation=orientation))
    photo = inspect_bytes(out.getvalue())
    assert photo.metadata.orientation == orientation
    assert (photo.metadata.width, photo.metadata.height) == (400, 300)
    thumb = Image.open(io.BytesIO(photo.thumbnail_jpeg)).convert("RGB")
    assert thumb.size == (320, 240)
    r, g, b = thumb.getpixel((20, 20))
    assert r > 180 and g < 60 and b < 60, f"top-left is {(r, g, b)} for orientation {orientation}"
    r, g, b = thumb.getpixel((300, 225))
    assert b > 180 and r < 60, f"bottom-right is {(r, g, b)} for orientation {orientation}"


def test_missing_file_has_a_spanish_reason(tmp_path: Path) -> None:
    with pytest.raises(PhotoRejected, match="no existe"):
        inspect_file(tmp_path / "no_esta.jpg")

"""Every real sample photo (JPEG, HEIC, HEIF; all EXIF orientations) prepared for print."""
from __future__ import annotations

from PIL import Image
from reportlab.lib.units import cm

from veeduria_app.reporting.images import PhotoSource, prepare_many, prepare_photo

BOX = (7.6 * cm, 6.0 * cm)
MAX_PIXELS = (round(7.6 / 2.54 * 200), round(6.0 / 2.54 * 200))


def test_every_sample_fits_the_box_at_print_resolution(samples_dir):
    photos = sorted(p for p in (samples_dir / "photos").iterdir() if p.suffix.lower() in (".jpg", ".heic", ".heif"))
    assert len(photos) >= 30
    prepared, unreadable = {}, []
    for path in photos:
        try:
            result = prepare_photo(path, *BOX)
        except OSError:  # the report prints a notice in its place (see prepare_many)
            unreadable.append(path.name)
            continue
        width, height = result.pixels
        assert width <= MAX_PIXELS[0] + 1 and height <= MAX_PIXELS[1] + 1, path.name
        assert result.width_pt <= BOX[0] + 0.01 and result.height_pt <= BOX[1] + 0.01, path.name
        prepared[path.name] = result
    heic = [name for name in prepared if name.lower().endswith((".heic", ".heif"))]
    assert len(heic) >= 4  # decoded through pillow-heif, not skipped
    assert all("corrupt" in name for name in unreadable), unreadable
    sources = [PhotoSource(samples_dir / "photos" / name) for name in unreadable]
    assert prepare_many(sources, *BOX) == [None] * len(unreadable)


def test_all_eight_orientations_come_out_upright(samples_dir):
    shapes = set()
    for n in range(1, 9):
        result = prepare_photo(samples_dir / "photos" / f"ianare_orientation_landscape_{n}.jpg", *BOX)
        shapes.add(result.pixels)
        with Image.open(__import__("io").BytesIO(result.jpeg)) as image:
            assert image.getexif().get(0x0112, 1) == 1  # orientation applied, not left to the viewer
    assert len(shapes) == 1 and next(iter(shapes))[0] > next(iter(shapes))[1]

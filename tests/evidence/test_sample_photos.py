"""Every real sample photo reads with the coordinates, date and orientation its README lists."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from veeduria_app.evidence.decoding import PhotoRejected, inspect_file
from veeduria_app.evidence.checks import SIN_GPS, EDITADA, CheckContext, evaluate

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "photos"

# file: (lat, lon, orientation, make, model, taken_at ISO or None, editada)
EXPECTED: dict[str, tuple] = {
    "goexif_Samsung_SM-N920T_gps.jpg": (26.58667, -80.05361, 1, "samsung", "SM-N920T", "2018-04-28T21:23:12", True),
    "ianare_Apple_iPhone11ProMax_IMG_5195.HEIC": (39.05134, -94.28877, None, "Apple", "iPhone 11 Pro Max", "2021-04-11T15:47:53-05:00", False),
    "ianare_Apple_iPhone13ProMax.HEIC": (None, None, 6, "Apple", "iPhone 13 Pro Max", "2022-02-16T12:55:41+01:00", False),
    "ianare_Apple_iPhone6_hdr_YES.jpg": (40.44697, -3.72475, 1, "Apple", "iPhone 6", "2015-04-10T20:12:23", False),
    "ianare_Canon_40D_gps_version_only.jpg": (None, None, 1, "Canon", "Canon EOS 40D", "2008-05-30T15:56:01", True),
    "ianare_GranTurismo5_45_gps_ifd.jpg": (None, None, 1, "Polyphony Digital Inc.", "Gran Turismo 5", "2012-06-23T06:55:49", False),
    "ianare_HMD_Nokia_8.3_5G.heif": (40.78869, -4.00514, 1, None, None, "2022-02-03T14:44:07", False),
    "ianare_HMD_Nokia_8.3_5G.jpg": (60.14671, 24.90677, 1, "HMD Global", "Nokia 8.3 5G", "2022-08-14T14:12:31+03:00", False),
    "ianare_Jolla_phone.jpg": (None, None, 1, "Jolla", "Jolla", "2014-09-21T16:00:56", False),
    "ianare_Kodak_CX7530_tiny_gps.jpg": (-0.37130, 36.05642, 1, "EASTMAN KODAK COMPANY", "KODAK CX7530 ZOOM DIGITAL CAMERA", "2005-08-13T09:47:23", True),
    "ianare_Nikon_D70s_87_OSError.jpg": (43.78559, 11.23462, 1, "NIKON CORPORATION", "NIKON D70s", "2005-12-14T14:39:47", False),
    "ianare_Olympus_corrupted.jpg": (None, None, 1, "OLYMPUS IMAGING CORP.", "u1020,S1020", "2015-09-08T11:02:17", False),
    "ianare_Samsung_SM-G930F_0_length_string.jpg": (51.02500, 7.59194, 1, "samsung", "SM-G930F", "2016-09-12T10:05:31", False),
    "ianare_gps_Nikon_COOLPIX_P6000_DSCN0010.jpg": (43.46745, 11.88513, 1, "NIKON", "COOLPIX P6000", "2008-10-22T16:28:39", True),
    "ianare_invalid_image00971.jpg": (None, None, 1, None, None, None, False),
    **{
        f"ianare_orientation_landscape_{n}.jpg": (None, None, n, None, None, None, False)
        for n in range(1, 9)
    },
    "ianare_xmp_no_exif.jpg": (None, None, 1, None, None, "2014-09-22T10:56:35", True),
    "immich_Apple_iPhone7_IMG_2682.heic": (41.22030, -96.07162, 1, "Apple", "iPhone 7", "2019-03-21T11:04:22", False),
    "immich_Motorola_moto_g9_plus_empty_gps.jpg": (None, None, 1, "motorola", "moto g(9) plus", "2025-06-01T16:59:26", False),
    "immich_Samsung_SM-S906U_one-ui-6_motionphoto.heic": (None, None, 6, "samsung", "SM-S906U", "2024-01-12T21:38:53-08:00", False),
    "mei_Apple_iPhone11Pro_exif-at-eof.heic": (47.20712, 106.24310, 1, "Apple", "iPhone 11 Pro", "2020-05-04T18:39:11-04:00", False),
    "mei_Apple_iPhone5_rotated180.jpg": (47.62717, -122.33733, 3, "Apple", "iPhone 5", "2012-09-29T16:11:25", False),
    "mei_BlackBerry_Z10.jpg": (None, None, 6, "BlackBerry", "BlackBerry Z10", "2013-08-17T18:54:52", False),
    "mei_HTC_Desire.jpg": (45.50067, 9.11033, 1, "HTC", "HTC Desire", "2011-05-06T09:59:48", False),
    "mei_Issue_308_bogus_make_gps_zero.jpg": (None, None, None, "456", "123", "2017-11-27T01:01:01", False),
    "mei_LG_Nexus_4.jpg": (51.56247, -0.07733, None, "LGE", "Nexus 4", "2013-01-20T18:54:08", False),
    "mei_Motorola_XT1068_MotoG_partial_gps.jpg": (None, None, None, "Motorola", "XT1068", "2014-09-12T17:20:30", False),
    "mei_Nokia_Lumia_800.jpg": (53.35947, -6.25823, None, "Nokia", "Nokia Lumia 800", "2012-06-09T21:23:38", True),
    "mei_Oppo_R7_Plus.jpg": (60.26746, 8.77113, None, "OPPO", "R7plusf", "2018-07-16T17:52:22", False),
    "mei_Samsung_GT-I9000_GalaxyS_gps_zero.jpg": (None, None, 6, "SAMSUNG", "GT-I9000", "2011-04-02T18:30:10", False),
    "mei_Samsung_SM-G975F_Issue487_gps_0over0.heic": (None, None, 6, "samsung", "SM-G975F", "2020-06-30T11:27:59", False),
    "mei_Samsung_SM-J327T1_rotated90.jpg": (None, None, 6, "samsung", "SM-J327T1", "2019-09-26T16:38:00", False),
}

UNPARSEABLE = "mei_corrupt_NegativeArraySize_ItemInfoBox.heif"
GPS_PRESENT_BUT_UNUSABLE = {
    "mei_Samsung_GT-I9000_GalaxyS_gps_zero.jpg",
    "mei_Issue_308_bogus_make_gps_zero.jpg",
    "mei_Samsung_SM-G975F_Issue487_gps_0over0.heic",
    "immich_Motorola_moto_g9_plus_empty_gps.jpg",
}

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="sample photos not available")


def test_the_sample_folder_holds_the_40_listed_files() -> None:
    files = {p.name for p in SAMPLES.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED) | {UNPARSEABLE}
    assert len(files) == 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata_matches_readme(name: str) -> None:
    lat, lon, orientation, make, model, taken, edited = EXPECTED[name]
    photo = inspect_file(SAMPLES / name)
    meta = photo.metadata
    if lat is None:
        assert meta.lat is None and meta.lon is None
    else:
        assert meta.lat == pytest.approx(lat, abs=1e-5)
        assert meta.lon == pytest.approx(lon, abs=1e-5)
    assert meta.orientation == orientation
    assert meta.make == make
    assert meta.model == model
    assert (meta.taken_at.isoformat() if meta.taken_at else None) == taken
    if name in GPS_PRESENT_BUT_UNUSABLE:
        assert meta.gps_problem, "the reason the GPS was rejected must be kept"
    # Checks: no usable GPS -> sin_gps; editing software -> editada.
    ctx = CheckContext(site_lat=10.42, site_lon=-75.55, radius_m=200, visit_date=None,
                       now=dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc))
    codes = evaluate(meta, ctx).codes
    assert (SIN_GPS in codes) == (lat is None)
    assert (EDITADA in codes) == edited
    # Thumbnail: a real JPEG, at most 320 px, oriented like the displayed photo.
    thumb = Image.open(io.BytesIO(photo.thumbnail_jpeg))
    assert thumb.format == "JPEG" and max(thumb.size) <= 320
    assert (thumb.width >= thumb.height) == (meta.width >= meta.height)
    assert len(photo.sha256) == 64 and photo.data == (SAMPLES / name).read_bytes()


def test_corrupt_heif_is_rejected_with_a_spanish_reason() -> None:
    with pytest.raises(PhotoRejected, match="HEIC/HEIF está dañado"):
        inspect_file(SAMPLES / UNPARSEABLE)


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return float("inf")
    pa, pb = a.tobytes(), b.tobytes()
    return sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)


def test_orientation_samples_all_show_the_same_upright_picture() -> None:
    """The eight files hold one photo stored eight ways: each thumbnail must match the upright
    one better than any other rotation or mirror of it would."""
    reference = Image.open(io.BytesIO(inspect_file(SAMPLES / "ianare_orientation_landscape_1.jpg").thumbnail_jpeg)).convert("L")
    transforms = [None, *Image.Transpose]
    for n in range(2, 9):
        thumb = Image.open(io.BytesIO(inspect_file(SAMPLES / f"ianare_orientation_landscape_{n}.jpg").thumbnail_jpeg)).convert("L")
        scores = {t: _mean_diff(thumb, reference if t is None else reference.transpose(t)) for t in transforms}
        best = min(scores, key=scores.get)
        assert best is None, f"orientation {n}: thumbnail looks like the upright photo after {best}"

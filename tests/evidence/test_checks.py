"""The photo checks and their plain-Spanish explanations."""
from __future__ import annotations

import datetime as dt

import pytest

from veeduria_app.evidence.checks import (
    EDITADA, FECHA_FUTURA, FECHA_INCONSISTENTE, FLAG_CODES, LEJOS_DE_OBRA, REUTILIZADA, SIN_GPS,
    FLAG_TITLES, CheckContext, evaluate, haversine_m,
)
from veeduria_app.evidence.exif import PhotoMetadata

NOW = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.timezone.utc)  # 10:00 in Cartagena
SITE = (10.4236, -75.5478)  # Torre del Reloj, Cartagena
COT = dt.timezone(dt.timedelta(hours=-5))


def ctx(**kw) -> CheckContext:
    values = dict(site_lat=SITE[0], site_lon=SITE[1], radius_m=200.0,
                  visit_date=dt.date(2026, 11, 21), now=NOW)
    values.update(kw)
    return CheckContext(**values)


def good(**kw) -> PhotoMetadata:
    values = dict(lat=SITE[0] + 0.0005, lon=SITE[1], taken_at=dt.datetime(2026, 11, 21, 9, 30),
                  make="samsung", model="SM-A135M", has_exif=True)
    values.update(kw)
    return PhotoMetadata(**values)


def test_haversine_matches_known_distances() -> None:
    assert haversine_m(10.0, -75.0, 11.0, -75.0) == pytest.approx(111_195, rel=1e-4)
    # Torre del Reloj -> Castillo San Felipe de Barajas: about 1.1 km
    assert haversine_m(*SITE, 10.4227, -75.5393) == pytest.approx(937, abs=15)
    assert haversine_m(*SITE, *SITE) == 0.0


def test_a_good_photo_has_no_flags_and_a_distance() -> None:
    outcome = evaluate(good(), ctx())
    assert outcome.flags == ()
    assert outcome.distance_m == pytest.approx(55.6, abs=0.5)


def test_far_photo_is_flagged_with_distance_in_the_explanation() -> None:
    outcome = evaluate(good(lat=SITE[0] + 0.00765), ctx())  # ~850 m north
    assert outcome.codes == [LEJOS_DE_OBRA]
    assert "851 m" in outcome.flags[0].explanation and "200 m" in outcome.flags[0].explanation
    far = evaluate(good(lat=SITE[0] + 0.00899 * 1.5), ctx()).flags[0].explanation  # ~1,5 km: the shared format
    assert "a 1,5 km del sitio" in far and "radio de 200 m" in far


def test_no_exif_explains_messaging_apps_and_no_gps_explains_location_setting() -> None:
    forwarded = evaluate(PhotoMetadata(width=800, height=600), ctx())
    assert forwarded.codes == [SIN_GPS]
    assert "WhatsApp" in forwarded.flags[0].explanation and "documento" in forwarded.flags[0].explanation
    location_off = evaluate(good(lat=None, lon=None), ctx())
    assert location_off.codes == [SIN_GPS]
    assert "ubicación" in location_off.flags[0].explanation
    broken = evaluate(good(lat=None, lon=None, gps_problem="las coordenadas son 0,0"), ctx())
    assert "0,0" in broken.flags[0].explanation


@pytest.mark.parametrize(
    "taken, flagged",
    [
        (dt.datetime(2026, 11, 20, 0, 1), False),  # one day before: same outing, late upload
        (dt.datetime(2026, 11, 22, 23, 59), False),
        (dt.datetime(2026, 11, 19, 23, 59), True),
        (dt.datetime(2026, 11, 23, 0, 0), True),
        (dt.datetime(2025, 11, 21, 9, 0), True),
    ],
)
def test_date_more_than_one_day_from_the_visit(taken: dt.datetime, flagged: bool) -> None:
    outcome = evaluate(good(taken_at=taken), ctx())
    assert (FECHA_INCONSISTENTE in outcome.codes) == flagged


def test_future_dates() -> None:
    assert FECHA_FUTURA in evaluate(good(taken_at=dt.datetime(2026, 11, 27, 8, 0)), ctx(visit_date=None)).codes
    # naive camera time later today in Cartagena is not "future"
    assert FECHA_FUTURA not in evaluate(good(taken_at=dt.datetime(2026, 11, 26, 23, 0)), ctx(visit_date=None)).codes
    # with an offset the exact instant is compared
    assert FECHA_FUTURA in evaluate(good(taken_at=dt.datetime(2026, 11, 26, 11, 0, tzinfo=COT)), ctx(visit_date=None)).codes
    assert FECHA_FUTURA not in evaluate(good(taken_at=dt.datetime(2026, 11, 26, 9, 55, tzinfo=COT)), ctx(visit_date=None)).codes


def test_edited_by_software_or_resaved_much_later() -> None:
    photoshop = evaluate(good(software="Adobe Photoshop Lightroom Classic 12.0"), ctx())
    assert photoshop.codes == [EDITADA] and "Lightroom" in photoshop.flags[0].explanation
    firmware = evaluate(good(software="A135MUBS4CWH1"), ctx())
    assert firmware.codes == []
    resaved = evaluate(good(software="QuickTime 7.7.1", modified_at=dt.datetime(2026, 11, 25, 9, 0)), ctx())
    assert resaved.codes == [EDITADA] and "4 días" in resaved.flags[0].explanation


def test_reused_photo_names_the_other_work_and_flags_keep_a_fixed_order() -> None:
    meta = good(lat=None, lon=None, software="Snapseed", taken_at=dt.datetime(2027, 1, 1))
    outcome = evaluate(meta, ctx(other_works=["Parque de Olaya"]))
    assert outcome.codes == [SIN_GPS, FECHA_INCONSISTENTE, FECHA_FUTURA, EDITADA, REUTILIZADA]
    assert "«Parque de Olaya»" in outcome.flags[-1].explanation
    assert list(FLAG_CODES) == ["sin_gps", "lejos_de_obra", "fecha_inconsistente", "fecha_futura", "editada", "reutilizada"]


def test_work_without_coordinates_gives_no_distance_and_no_far_flag() -> None:
    outcome = evaluate(good(), ctx(site_lat=None, site_lon=None))
    assert outcome.distance_m is None and outcome.codes == []


def test_the_reused_photo_flag_and_its_alert_name_the_same_thing():
    """A member sees a flag on the photo and an alert on the comparison: one name for one thing
    (the alert was «Foto reutilizada» and spoke of «otra visita», which the check never looks at)."""
    from veeduria_app.domain import alerts

    kind = alerts.KINDS[alerts.FOTO_REUTILIZADA]
    assert FLAG_TITLES["reutilizada"] == "Foto ya usada en otra obra"
    assert kind.title == "Fotos ya usadas en otra obra" and "otra visita" not in kind.basis

"""Photo import into visits: statuses, checks kept with each photo, reuse, crash safety, verify."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from veeduria_app.db.models.inspections import EvidenceFile, InspectionPhoto
from veeduria_app.domain.inspections import InspectionFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.evidence.synthetic import make_photo, make_plain_jpeg
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.jobs import CancelToken
from veeduria_app.services.photos import CANCELLED, DUPLICATE, IMPORTED, REJECTED

SITE = (10.3965, -75.4995)
VISIT = dt.date(2026, 11, 21)
SAMPLE_PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "samples" / "photos"


@pytest.fixture
def work(services):
    return services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2",
                                            lat=str(SITE[0]), lon=str(SITE[1]), radius_m="300"))


@pytest.fixture
def visit(services, work):
    return services.inspections.create(work.id, InspectionFields(visit_date=VISIT))


def phone(seed: int, *, dlat: float = 0.0003, **kw) -> bytes:
    values = dict(lat=SITE[0] + dlat, lon=SITE[1], alt=4.0, taken_at=dt.datetime(2026, 11, 21, 9, seed % 60),
                  make="samsung", model="SM-A135M")
    values.update(kw)
    return make_photo(640, 480, seed=seed, **values)


def test_folder_import_statuses_flags_and_store(services, visit, tmp_path):
    dcim = tmp_path / "DCIM" / "Camera"
    dcim.mkdir(parents=True)
    (dcim / "IMG_0001.jpg").write_bytes(phone(1))
    (dcim / "IMG_0002.jpg").write_bytes(phone(2, dlat=0.0077))  # ~850 m north
    (dcim / "IMG-WA0003.jpg").write_bytes(make_plain_jpeg(seed=3))  # forwarded: no EXIF
    (dcim / "IMG_0004.jpg").write_bytes(phone(4, taken_at=dt.datetime(2026, 11, 10, 9, 0)))
    (dcim / "nota.jpg").write_text("esto no es una foto", encoding="utf-8")
    (dcim / "vacia.jpg").write_bytes(b"")
    (dcim / "cortada.jpg").write_bytes(phone(5)[:3000])
    (dcim / "leeme.txt").write_text("ignorado: no tiene extensión de foto", encoding="utf-8")
    seen = []
    result = services.photos.import_paths(visit.id, [tmp_path / "DCIM"], progress=lambda d, t, m: seen.append((d, t)))
    by_name = {Path(r.file).name: r for r in result.results}
    assert set(by_name) == {"IMG_0001.jpg", "IMG_0002.jpg", "IMG-WA0003.jpg", "IMG_0004.jpg", "nota.jpg",
                            "vacia.jpg", "cortada.jpg"}
    assert seen[-1] == (7, 7)
    assert by_name["IMG_0001.jpg"].status == IMPORTED and by_name["IMG_0001.jpg"].flags == ()
    assert by_name["IMG_0001.jpg"].distance_m == pytest.approx(33.4, abs=1)
    assert by_name["IMG_0002.jpg"].flags == ("lejos_de_obra",)
    assert by_name["IMG_0002.jpg"].distance_m == pytest.approx(856, abs=5)
    assert by_name["IMG-WA0003.jpg"].flags == ("sin_gps",) and by_name["IMG-WA0003.jpg"].status == IMPORTED
    assert by_name["IMG_0004.jpg"].flags == ("fecha_inconsistente",)
    for bad, reason in (("nota.jpg", "texto"), ("vacia.jpg", "vacío"), ("cortada.jpg", "incompleta")):
        assert by_name[bad].status == REJECTED and reason in by_name[bad].reason and by_name[bad].sha256 is None
    assert result.count(IMPORTED) == 4 and "4 importadas" in result.summary

    photos = services.photos.list(visit.id)
    assert [p.original_name for p in photos] == ["IMG-WA0003.jpg", "IMG_0001.jpg", "IMG_0002.jpg", "IMG_0004.jpg"]
    for photo in photos:
        assert photo.file_path.read_bytes() == (dcim / photo.original_name).read_bytes()
        assert photo.file_path.parent.parent.parent == services.data_folder.evidence_dir
    far = next(p for p in photos if p.original_name == "IMG_0002.jpg")
    assert "856 m" in far.flag_details[0].explanation
    thumb = services.photos.thumbnail_path(far.sha256)
    assert thumb is not None and thumb.is_file() and thumb.is_relative_to(services.data_folder.thumbnails_dir)
    assert services.photos.verify().ok
    assert services.inspections.get(visit.id).flagged_photo_count == 3


def test_same_photo_twice_is_stored_once_and_reported_duplicate(services, visit, tmp_path):
    a = tmp_path / "a.jpg"
    a.write_bytes(phone(7))
    shutil.copy(a, tmp_path / "copia de a.jpg")
    result = services.photos.import_paths(visit.id, [a, tmp_path / "copia de a.jpg"])
    assert [r.status for r in result.results] == [IMPORTED, DUPLICATE]
    assert result.results[0].sha256 == result.results[1].sha256
    again = services.photos.import_paths(visit.id, [a])
    assert again.results[0].status == DUPLICATE
    assert len(list(services.data_folder.evidence_dir.rglob("*.jpg"))) == 1
    assert len(services.photos.list(visit.id)) == 1


def test_photo_reused_in_another_work_is_flagged_in_both(services, work, visit, tmp_path):
    other_work = services.works.create(WorkFields(name="Parque de Olaya", type="parque", localidad="2",
                                                  lat="10.4005", lon="-75.4940"))
    other_visit = services.inspections.create(other_work.id, InspectionFields(visit_date=VISIT))
    path = tmp_path / "obra.jpg"
    path.write_bytes(phone(8))
    assert services.photos.import_paths(visit.id, [path]).results[0].flags == ()
    reused = services.photos.import_paths(other_visit.id, [path]).results[0]
    assert reused.status == IMPORTED
    assert "reutilizada" in reused.flags and "lejos_de_obra" in reused.flags
    assert "«Canal Las Gaviotas»" in services.photos.list(other_visit.id)[0].flag_details[-1].explanation
    first = services.photos.list(visit.id)[0]
    assert first.flags == ("reutilizada",) and "«Parque de Olaya»" in first.flag_details[0].explanation


def test_a_second_visit_of_the_same_work_is_not_reuse(services, work, visit, tmp_path):
    later = services.inspections.create(work.id, InspectionFields(visit_date=dt.date(2026, 11, 22)))
    path = tmp_path / "x.jpg"
    path.write_bytes(phone(9))
    services.photos.import_paths(visit.id, [path])
    assert services.photos.import_paths(later.id, [path]).results[0].flags == ()


def test_changing_the_visit_date_rechecks_its_photos(services, visit, tmp_path):
    path = tmp_path / "x.jpg"
    path.write_bytes(phone(10))
    services.photos.import_paths(visit.id, [path])
    fields = services.inspections.get(visit.id).fields()
    fields.visit_date = dt.date(2026, 11, 25)
    services.inspections.update(visit.id, fields)
    assert services.photos.list(visit.id)[0].flags == ("fecha_inconsistente",)


def test_closed_visit_refuses_photos_but_keeps_captions_editable(services, visit, tmp_path):
    path = tmp_path / "x.jpg"
    path.write_bytes(phone(11))
    services.photos.import_paths(visit.id, [path])
    services.inspections.close(visit.id)
    with pytest.raises(ValidationError, match="cerrada"):
        services.photos.import_paths(visit.id, [path])
    photo = services.photos.list(visit.id)[0]
    updated = services.photos.update_photo(photo.id, caption="Entrada sin valla informativa", include_in_report=False)
    assert (updated.caption, updated.include_in_report) == ("Entrada sin valla informativa", False)
    entry = services.audit.list(entity_id=photo.id)[0]
    assert entry.action == "update_photo" and entry.new_values["caption"] == "Entrada sin valla informativa"
    with pytest.raises(ValidationError, match="cerrada"):
        services.photos.remove_photo(photo.id)


def test_cancel_keeps_what_was_imported_and_lists_the_rest(services, visit, tmp_path):
    for i in range(6):
        (tmp_path / f"f{i}.jpg").write_bytes(phone(20 + i))
    token = CancelToken()

    def progress(done: int, total: int, _message: str) -> None:
        if done == 2:
            token.cancel()

    result = services.photos.import_paths(visit.id, [tmp_path], progress=progress, cancel=token)
    assert result.cancelled
    assert [r.status for r in result.results[:2]] == [IMPORTED, IMPORTED]
    assert {r.status for r in result.results[2:]} == {CANCELLED} and len(result.results) == 6
    assert len(services.photos.list(visit.id)) == 2
    assert services.photos.verify().ok


def test_crash_after_storing_bytes_leaves_a_consistent_state(services, visit, tmp_path, monkeypatch):
    """The process dies between storing the file and recording it: the DB has nothing, the
    store has a complete file, and importing again links it."""
    path = tmp_path / "x.jpg"
    path.write_bytes(phone(30))

    def killed(*_a, **_k):
        raise SystemExit("proceso terminado")

    monkeypatch.setattr("veeduria_app.services.photos.record_audit", killed)
    with pytest.raises(SystemExit):
        services.photos.import_paths(visit.id, [path])
    monkeypatch.undo()
    with services.db.read() as session:
        assert session.query(InspectionPhoto).count() == 0 and session.query(EvidenceFile).count() == 0
    assert len(list(services.data_folder.evidence_dir.rglob("*.jpg"))) == 1
    assert services.photos.verify().ok
    assert services.photos.import_paths(visit.id, [path]).results[0].status == IMPORTED


def test_verify_finds_an_altered_byte_and_a_missing_file(services, visit, tmp_path):
    for i in range(3):
        (tmp_path / f"v{i}.jpg").write_bytes(phone(40 + i))
    services.photos.import_paths(visit.id, [tmp_path])
    photos = services.photos.list(visit.id)
    altered, missing = photos[0].file_path, photos[1].file_path
    os.chmod(altered, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(altered.read_bytes())
    data[1000] ^= 0xFF
    altered.write_bytes(bytes(data))
    os.chmod(missing, stat.S_IRUSR | stat.S_IWUSR)
    missing.unlink()
    report = services.photos.verify()
    assert not report.ok and report.recorded == 3 and report.checked == 2
    assert {(p.sha256, p.kind) for p in report.problems} == {(photos[0].sha256, "alterado"), (photos[1].sha256, "faltante")}


def test_huge_file_limit_comes_from_settings(services, visit, tmp_path):
    services.settings.set("photos.max_file_mb", 0.01)
    path = tmp_path / "grande.jpg"
    path.write_bytes(phone(50))
    result = services.photos.import_paths(visit.id, [path]).results[0]
    assert result.status == REJECTED and "más que el máximo" in result.reason


@pytest.mark.skipif(not SAMPLE_PHOTOS.is_dir(), reason="sample photos not available")
def test_all_forty_real_samples_import(services, visit):
    result = services.photos.import_paths(visit.id, [SAMPLE_PHOTOS])
    by_name = {Path(r.file).name: r for r in result.results}
    assert len(by_name) == 40
    assert [n for n, r in by_name.items() if r.status == REJECTED] == ["mei_corrupt_NegativeArraySize_ItemInfoBox.heif"]
    assert result.count(IMPORTED) == 39
    iphone = by_name["ianare_Apple_iPhone11ProMax_IMG_5195.HEIC"]
    assert (round(iphone.lat, 5), round(iphone.lon, 5)) == (39.05134, -94.28877)
    assert iphone.taken_at == "2021-04-11T15:47:53-05:00"
    assert "lejos_de_obra" in iphone.flags and "fecha_inconsistente" in iphone.flags
    assert by_name["immich_Motorola_moto_g9_plus_empty_gps.jpg"].flags[0] == "sin_gps"
    assert "editada" in by_name["ianare_xmp_no_exif.jpg"].flags
    assert services.photos.verify().checked == 39


def test_killing_the_process_mid_import_leaves_db_and_store_consistent(services, visit, tmp_path):
    """A real `veeduria photos import` process is killed with SIGKILL half-way through."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "dcim"
    folder.mkdir()
    for i in range(40):
        (folder / f"IMG_{i:03d}.jpg").write_bytes(phone(100 + i, dlat=0.0001 * (i % 5)))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-m", "veeduria_app.cli", "--data-dir", str(services.data_folder.path),
         "--db-url", services.db.url, "photos", "import",
         "--inspection", visit.id, str(folder)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(services.data_folder.evidence_dir.rglob("*.jpg"))) < 5:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored_files = len(list(services.data_folder.evidence_dir.rglob("*.jpg")))
    linked = len(services.photos.list(visit.id))
    assert 5 <= stored_files < 40, "the kill must land mid-import for this test to mean anything"
    assert linked <= stored_files
    report = services.photos.verify()
    assert report.ok, report.problems  # every recorded photo has its complete file
    services.photos.store.clean_partial_writes()
    again = services.photos.import_paths(visit.id, [folder])
    assert {r.status for r in again.results} <= {IMPORTED, DUPLICATE}
    assert len(services.photos.list(visit.id)) == 40 and services.photos.verify().ok


def test_removing_a_photo_keeps_the_original_and_clears_reuse_elsewhere(services, work, visit, tmp_path):
    other_work = services.works.create(WorkFields(name="Parque de Olaya", type="parque", localidad="2",
                                                  lat=str(SITE[0]), lon=str(SITE[1])))
    other_visit = services.inspections.create(other_work.id, InspectionFields(visit_date=VISIT))
    path = tmp_path / "x.jpg"
    path.write_bytes(phone(60))
    services.photos.import_paths(visit.id, [path])
    services.photos.import_paths(other_visit.id, [path])
    assert services.photos.list(visit.id)[0].flags == ("reutilizada",)
    removed = services.photos.list(other_visit.id)[0]
    services.photos.remove_photo(removed.id)
    assert services.photos.list(other_visit.id) == []
    assert services.photos.list(visit.id)[0].flags == ()
    assert removed.file_path.is_file() and services.photos.verify().ok
    assert services.audit.list(entity_id=other_visit.id)[0].action == "remove_photo"


def test_photo_import_summary_agrees_one_photo_and_many():
    """«1 rechazadas» read badly after importing photos."""
    from veeduria_app.services.photos import ImportReport, PhotoImportResult

    one = ImportReport(tuple(PhotoImportResult(f"{s}.jpg", s) for s in (IMPORTED, DUPLICATE, REJECTED)))
    assert one.summary == "1 importada, 1 ya estaba, 1 rechazada."
    many = ImportReport(tuple(PhotoImportResult(f"{s}{i}.jpg", s) for s in (IMPORTED, DUPLICATE, REJECTED)
                              for i in range(2)))
    assert many.summary == "2 importadas, 2 ya estaban, 2 rechazadas."

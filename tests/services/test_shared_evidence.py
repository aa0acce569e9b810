"""A network's shared evidence folder: a photo one laptop imports is there, byte for byte, for another.

Two laptops (two data folders, two service containers, two connections) use the same database
and the same shared evidence folder, as `veeduria db server --evidence-dir` configures them.
Runs on a SQLite file and, with VEEDURIA_TEST_PG_URL, on a real PostgreSQL server.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database, sqlite_url
from veeduria_app.domain.inspections import InspectionFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.evidence.synthetic import make_photo
from veeduria_app.services import server as server_service
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.photos import IMPORTED

from pg_backend import drop_schema, fresh_schema_url


@pytest.fixture
def network(db_backend, tmp_path):
    """URL of the shared database and the shared evidence folder (a network share in real life)."""
    url = fresh_schema_url("evidencia") if db_backend == "postgresql" else sqlite_url(tmp_path / "red.sqlite3")
    db = Database(url)
    migrate.upgrade(db)
    db.dispose()
    shared = tmp_path / "recurso-compartido" / "evidencias"
    shared.mkdir(parents=True)
    yield url, shared
    if db_backend == "postgresql":
        drop_schema(url)


def laptop(tmp_path, name: str, url: str, shared) -> DataFolder:
    folder = DataFolder.open(tmp_path / name)
    # what `veeduria db server` / the Servidor central page save; a SQLite file stands in for the server here
    server_service.config_path(folder).write_text(
        '{"url": "%s", "committee": "", "evidence_dir": "%s"}' % (url, shared.as_posix()), encoding="utf-8")
    return folder


def test_photo_imported_on_one_laptop_is_verified_on_another(network, tmp_path):
    url, shared = network
    ana = build_services(laptop(tmp_path, "ana", url, shared), url)
    beto = build_services(laptop(tmp_path, "beto", url, shared), url)
    try:
        assert ana.data_folder.evidence_dir == beto.data_folder.evidence_dir == shared
        work = ana.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2",
                                           lat="10.3965", lon="-75.4995"))
        visit = ana.inspections.create(work.id, InspectionFields(visit_date=dt.date(2026, 11, 21)))
        original = make_photo(640, 480, seed=8, lat=10.3968, lon=-75.4995, alt=4.0,
                              taken_at=dt.datetime(2026, 11, 21, 9, 30), make="samsung", model="SM-A135M")
        (tmp_path / "DCIM").mkdir()
        (tmp_path / "DCIM" / "canal.jpg").write_bytes(original)
        result = ana.photos.import_paths(visit.id, [tmp_path / "DCIM" / "canal.jpg"])
        assert [r.status for r in result.results] == [IMPORTED]

        seen_by_beto = beto.photos.list_for_work(work.id)
        assert len(seen_by_beto) == 1
        photo = seen_by_beto[0]
        assert photo.file_path.is_relative_to(shared)
        assert photo.file_path.read_bytes() == original  # byte for byte, from the shared folder
        assert hashlib.sha256(photo.file_path.read_bytes()).hexdigest() == photo.sha256
        assert not any((tmp_path / "ana").glob("evidencias/**/*.jpg"))  # nothing stranded on Ana's laptop
        report = beto.photos.verify()
        assert report.ok and report.checked == 1 and report.recorded == 1
    finally:
        ana.close()
        beto.close()

"""The start-up snapshot: what the first window shows before the services are built.

It must show exactly what the works service would, and step aside (None) whenever a start is
not an ordinary one, so the slow road handles welcome, login, migrations and servers.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from veeduria_app.domain.territory import Territory
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import ENV_DB_URL, SERVER_CONFIG_NAME
from veeduria_app.services.startup import read_startup_snapshot
from veeduria_app.services.works import WorkFilter


@pytest.fixture
def demo_folder(data_folder):
    services = build_services(data_folder)
    try:
        services.demo.load()
        services.works.archive(services.works.list()[0].id)  # archived works are in the list too
    finally:
        services.close()
    return data_folder


def test_snapshot_holds_what_the_works_service_lists(demo_folder):
    snapshot = read_startup_snapshot(demo_folder)
    services = build_services(demo_folder)
    try:
        assert snapshot is not None
        assert snapshot.works == services.works.list(WorkFilter(include_archived=True))
        assert snapshot.territory == services.territory.get()
        assert any(work.archived for work in snapshot.works)
        assert all(work.created_at.tzinfo is not None for work in snapshot.works)
    finally:
        services.close()


def test_snapshot_reads_the_users_own_territory_lists(demo_folder):
    services = build_services(demo_folder)
    try:
        mine = Territory.from_dict({"municipio": "Cartagena de Indias",
                                    "localidades": [{"nombre": "Localidad Única", "ucgs": ["UCG 99"]}]})
        services.territory.save(mine)
    finally:
        services.close()
    snapshot = read_startup_snapshot(demo_folder)
    assert snapshot is not None and snapshot.territory == mine


def test_a_work_with_odd_coordinates_keeps_its_warning(data_folder):
    services = build_services(data_folder)
    try:
        created = services.works.create(WorkFields(name="Obra lejana", type="via", localidad="2", lat=4.6, lon=-74.1))
    finally:
        services.close()
    snapshot = read_startup_snapshot(data_folder)
    assert snapshot is not None and snapshot.works[0].warnings and snapshot.works[0].warnings == created.warnings


def test_no_snapshot_for_a_new_or_empty_folder(data_folder):
    assert read_startup_snapshot(data_folder) is None  # no database yet: the welcome screen comes first
    build_services(data_folder).close()
    assert read_startup_snapshot(data_folder) is None  # migrated, but nothing in it yet


def test_no_snapshot_when_accounts_require_a_login(demo_folder):
    services = build_services(demo_folder)
    try:
        services.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    finally:
        services.close()
    assert read_startup_snapshot(demo_folder) is None


def test_no_snapshot_for_a_server_database(demo_folder, monkeypatch, tmp_path):
    assert read_startup_snapshot(demo_folder, "postgresql+psycopg://u@h/db") is None
    monkeypatch.setenv(ENV_DB_URL, f"sqlite:///{tmp_path / 'otra.sqlite3'}")
    assert read_startup_snapshot(demo_folder) is None
    monkeypatch.delenv(ENV_DB_URL)
    (demo_folder.path / SERVER_CONFIG_NAME).write_text(json.dumps({"url": "postgresql+psycopg://u@h/db"}))
    assert read_startup_snapshot(demo_folder) is None


def test_no_snapshot_when_the_schema_needs_migrating(demo_folder):
    with sqlite3.connect(demo_folder.db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001_foundation'")
    assert read_startup_snapshot(demo_folder) is None


def test_no_snapshot_from_a_damaged_file(data_folder):
    data_folder.db_path.write_bytes(b"esto no es una base de datos" * 100)
    assert read_startup_snapshot(data_folder) is None
    assert data_folder.db_path.read_bytes() == b"esto no es una base de datos" * 100  # untouched


def test_reading_the_snapshot_writes_nothing(demo_folder):
    before = demo_folder.db_path.read_bytes()
    assert read_startup_snapshot(demo_folder) is not None
    assert demo_folder.db_path.read_bytes() == before


def test_the_first_window_does_not_wait_for_the_database_layer():
    """The quick start is only quick while these imports stay out of the window's path."""
    code = ("import sys, veeduria_app.app, veeduria_app.ui.works_page;"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'reportlab', 'PIL',"
            " 'babel', 'holidays', 'logging.handlers'});"
            "heavy += [m for m in ('logging.handlers', 'veeduria_app.services.container') if m in sys.modules];"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

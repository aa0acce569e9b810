"""Backups on real SQLite files: round trip, checks before restoring, rotation, close backup."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.backups import (
    BackupService, inspect_file, parse_backup_name, rotation_keep,
)
from veeduria_app.services.errors import PermissionDenied, ValidationError


def work(name: str) -> WorkFields:
    return WorkFields(name=name, type="parque", localidad="2")


def names(services) -> list[str]:
    return sorted(w.name for w in services.works.list())


def test_backup_restore_round_trip(services, tmp_path):
    services.works.create(work("Antes de la copia"))
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = services.backups.backup(usb)
    assert copy.parent == usb and inspect_file(copy).works == 1
    services.works.create(work("Después de la copia"))
    result = services.backups.restore(copy)
    assert names(services) == ["Antes de la copia"]
    previous = sqlite3.connect(result.previous_state).execute("SELECT name FROM works ORDER BY name").fetchall()
    assert previous == [("Antes de la copia",), ("Después de la copia",)]  # the state before restoring is kept
    restored = services.audit.list(limit=1)[0]
    assert restored.action == "restore" and copy.name in restored.summary
    services.works.create(work("Sigue funcionando"))  # the engine works on the restored file
    assert len(services.works.list()) == 2


def test_backup_refuses_to_overwrite_and_missing_folder(services, tmp_path):
    target = tmp_path / "copia.sqlite3"
    services.backups.backup(target)
    with pytest.raises(ValidationError, match="Ya existe"):
        services.backups.backup(target)
    with pytest.raises(ValidationError, match="No existe la carpeta"):
        services.backups.backup(tmp_path / "no-hay" / "copia.sqlite3")


@pytest.mark.parametrize("kind", ["texto", "otra_sqlite", "esquema_nuevo", "danada"])
def test_restore_refuses_files_that_are_not_our_backups(services, tmp_path, kind):
    services.works.create(work("Dato actual"))
    bad = tmp_path / f"{kind}.sqlite3"
    if kind == "texto":
        bad.write_text("hola, no soy una base de datos", encoding="utf-8")
        expected = "no es una base de datos SQLite"
    elif kind == "otra_sqlite":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE clientes (id INTEGER)")
        conn.commit()
        conn.close()
        expected = "no de Veeduría"
    elif kind == "esquema_nuevo":
        services.backups.backup(bad)
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE alembic_version SET version_num='9999_futuro'")
        conn.commit()
        conn.close()
        expected = "versión más reciente"
    else:
        services.backups.backup(bad)
        data = bytearray(bad.read_bytes())
        data[4096:8192] = b"\xff" * 4096  # overwrite a page in the middle
        bad.write_bytes(bytes(data))
        expected = "dañad|no de Veeduría"
    before = len(services.backups.list())
    with pytest.raises(ValidationError, match=expected):
        services.backups.restore(bad)
    assert names(services) == ["Dato actual"]
    assert len(services.backups.list()) == before  # refused before touching anything


def test_rotation_keeps_ten_daily_and_twelve_monthly():
    start = dt.datetime(2025, 1, 1, 18, 0)
    backups = []
    for day in range(500):  # two copies a day for 500 days
        for hour in (9, 18):
            when = start + dt.timedelta(days=day, hours=hour - 18)
            backups.append((Path(f"cierre-{when:%Y%m%d-%H%M%S}-000000.sqlite3"), when))
    keep = rotation_keep(backups)
    kept = sorted(when for path, when in backups if path in keep)
    newest = max(when for _p, when in backups)
    daily = [w for w in kept if (newest.date() - w.date()).days < 10]
    assert len(daily) == 10 and all(w.hour == 18 for w in daily)  # the newest of each day
    months = {(w.year, w.month) for w in kept}
    assert len(months) == 12 and len(kept) == 10 + 11  # this month's newest is also today's


def test_close_backup_and_rotation_on_disk(services):
    folder = services.data_folder.backups_dir
    folder.mkdir(parents=True, exist_ok=True)
    old = dt.datetime(2024, 3, 1, 10, 0)
    for day in range(40):
        when = old + dt.timedelta(days=day)
        (folder / f"cierre-{when:%Y%m%d-%H%M%S}-000000.sqlite3").write_bytes(b"x")
    manual = folder / "manual-20240101-000000-000000.sqlite3"
    manual.write_bytes(b"x")
    services.on_app_close()
    closes = [b for b in services.backups.list() if b.kind == "cierre"]
    assert closes[0].created_at.date() == dt.date.today()
    inspect_file(closes[0].path)  # the close copy is a valid database of this app
    # days: today + 1..9 April 2024; months: today's and April's newest are already kept days, plus 31 March
    assert [b.created_at.date() for b in closes[1:]] == [dt.date(2024, 4, d) for d in range(9, 0, -1)] + [
        dt.date(2024, 3, 31)]
    assert manual.exists()  # manual copies are never rotated away
    assert parse_backup_name(closes[0].path)[0] == "cierre"


def test_server_database_is_refused_clearly(services):
    class ServerDb:
        sqlite_path = None

    backups = BackupService(ServerDb(), services.identity, services.data_folder)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="solo funcionan con una base de datos SQLite"):
        backups.backup()
    assert backups.automatic_backup() is None


def test_integrante_cannot_restore(services, tmp_path):
    copy = services.backups.backup(tmp_path / "c.sqlite3")
    services.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    services.accounts.create("luis", "clave-de-luis", role="integrante")
    services.accounts.login("luis", "clave-de-luis")
    with pytest.raises(PermissionDenied):
        services.backups.restore(copy)


def test_restore_an_older_schema_and_a_pre_migration_copy(services, tmp_path):
    """Copies made before a migration (WAL-mode files) and older schemas restore and are migrated."""
    from alembic import command

    from veeduria_app.db import migrate
    from veeduria_app.db.engine import Database, sqlite_url

    old = Database(sqlite_url(tmp_path / "vieja.sqlite3"))
    config = migrate.alembic_config(old)
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_foundation")
    with old.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO works (id, created_at, updated_at, version, name, type, entity, description, bpin, "
            "plan_programme, population_groups, localidad, ucg, barrio, address, status, radius_m, archived, "
            "created_by) VALUES ('w-1', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1, 'Obra de 2025', 'via', '', "
            "'', '', '', '', 'Localidad 1 - Histórica y del Caribe Norte', '', '', '', 'planeada', 300, 0, '')")
    copy = migrate.backup_sqlite(tmp_path / "vieja.sqlite3", tmp_path / "copias", "antes-de-migrar-0001_foundation")
    old.dispose()
    result = services.backups.restore(copy)
    assert result.migrated and result.schema_revision == "0001_foundation"
    assert names(services) == ["Obra de 2025"] and migrate.is_current(services.db)

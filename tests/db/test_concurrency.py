"""Two people on one shared database: conflicts instead of overwrites, drops that save nothing.

Every test here uses two real connections (two engines, as two laptops would) on a SQLite
file and, when VEEDURIA_TEST_PG_URL is set, on a real PostgreSQL server.
"""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database, sqlite_url
from veeduria_app.db.models.foundation import AuditEntry, Work
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import ConflictError, ConnectionLost
from veeduria_app.services.identity import Actor, Identity

from pg_backend import PG_URL, drop_schema, fresh_schema_url


def canal(name: str = "Canal Las Gaviotas, tramo 2") -> WorkFields:
    return WorkFields(name=name, type="canal/drenaje", localidad="2", ucg="UCG 6", barrio="Las Gaviotas",
                      entity="Secretaría de Infraestructura")


@pytest.fixture
def shared_url(db_backend, tmp_path):
    """One migrated database two laptops point at: a SQLite file or a fresh PostgreSQL schema."""
    url = fresh_schema_url("conc") if db_backend == "postgresql" else sqlite_url(tmp_path / "red.sqlite3")
    db = Database(url)
    migrate.upgrade(db)
    db.dispose()
    yield url
    if db_backend == "postgresql":
        drop_schema(url)


@pytest.fixture
def two_people(shared_url, tmp_path):
    ana = build_services(DataFolder.open(tmp_path / "ana"), shared_url,
                         identity=Identity(Actor("ana", "Ana Julio", "coordinador")))
    beto = build_services(DataFolder.open(tmp_path / "beto"), shared_url,
                          identity=Identity(Actor("beto", "Beto Herrera", "integrante")))
    yield ana, beto
    ana.close()
    beto.close()


def test_second_save_gets_conflict_with_both_versions_never_an_overwrite(two_people):
    ana, beto = two_people
    created = ana.works.create(canal())
    ana_copy = ana.works.get(created.id)  # both open the form on version 1
    beto_copy = beto.works.get(created.id)
    assert ana_copy.version == beto_copy.version == 1

    beto.works.update(created.id, canal("Canal Las Gaviotas, tramo 2 (Beto)"), expected_version=beto_copy.version)
    with pytest.raises(ConflictError) as caught:
        ana.works.update(created.id, canal("Canal Las Gaviotas, tramo 2 (Ana)"), expected_version=ana_copy.version)

    conflict = caught.value
    assert "Otra persona" in str(conflict)
    assert conflict.mine["name"] == "Canal Las Gaviotas, tramo 2 (Ana)"
    assert conflict.theirs["name"] == "Canal Las Gaviotas, tramo 2 (Beto)"
    stored = ana.works.get(created.id)
    assert (stored.name, stored.version) == ("Canal Las Gaviotas, tramo 2 (Beto)", 2)
    updates = [e for e in ana.audit.list(entity_id=created.id) if e.action == "update"]
    assert [e.actor for e in updates] == ["beto"]


def test_race_past_the_service_check_is_caught_by_the_version_column(shared_url, two_people):
    """Both sessions read version 1; the later flush matches no row and becomes a ConflictError."""
    ana, _beto = two_people
    created = ana.works.create(canal())
    db_a, db_b = Database(shared_url), Database(shared_url)
    try:
        with pytest.raises(ConflictError) as caught:
            with db_a.transaction() as session_a:
                work_a = session_a.get(Work, created.id)
                assert work_a.version == 1
                with db_b.transaction() as session_b:
                    session_b.get(Work, created.id).barrio = "Olaya Herrera"
                work_a.barrio = "Crespo"
                session_a.add(AuditEntry(actor="ana", actor_name="Ana", action="update", entity_type="work",
                                         entity_id=created.id, summary="debe deshacerse con el conflicto"))
        conflict = caught.value
        assert conflict.mine["barrio"] == "Crespo" and conflict.mine["version"] == 1
        assert conflict.theirs["barrio"] == "Olaya Herrera" and conflict.theirs["version"] == 2
        assert "versión 1" in str(conflict) and "la 2" in str(conflict)
        with db_b.read() as session:
            assert session.get(Work, created.id).barrio == "Olaya Herrera"
            assert session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.summary == "debe deshacerse con el conflicto")) == 0
    finally:
        db_a.dispose()
        db_b.dispose()


def test_record_deleted_by_the_other_person_is_a_conflict(shared_url, two_people):
    ana, _beto = two_people
    created = ana.works.create(canal())
    db_a, db_b = Database(shared_url), Database(shared_url)
    try:
        with pytest.raises(ConflictError, match="eliminó"):
            with db_a.transaction() as session_a:
                work_a = session_a.get(Work, created.id)
                with db_b.transaction() as session_b:
                    session_b.execute(text("DELETE FROM works WHERE id = :id"), {"id": created.id})
                work_a.name = "Cambio que ya no tiene a dónde ir"
    finally:
        db_a.dispose()
        db_b.dispose()


# -- connection drops (a real server only: SQLite has no connection to lose) ------------------
pg_only = pytest.mark.skipif(not PG_URL, reason="VEEDURIA_TEST_PG_URL no está definida (ver .ci/postgres)")


def _terminate(url: str, pid: int) -> None:
    killer = Database(url)
    try:
        with killer.engine.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar() is True
    finally:
        killer.dispose()


def _kill_own_backend_before(db: Database, sql_start: str, url: str) -> list[int]:
    """Arm a one-shot trap: the first statement starting with `sql_start` finds its backend killed."""
    killed: list[int] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _drop(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001 - SQLAlchemy API
        if not killed and statement.lstrip().upper().startswith(sql_start):
            pid = conn.connection.dbapi_connection.info.backend_pid
            killed.append(pid)
            _terminate(url, pid)

    return killed


@pg_only
def test_backend_killed_mid_save_saves_nothing_then_retry_succeeds(tmp_path):
    url = fresh_schema_url("caida")
    try:
        services = build_services(DataFolder.open(tmp_path / "datos"), url)
        try:
            killed = _kill_own_backend_before(services.db, "INSERT INTO AUDIT", url)
            with pytest.raises(ConnectionLost) as caught:
                services.works.create(canal())  # the work row is already flushed when the audit insert dies
            assert killed, "la conexión no se cortó: la prueba no probó nada"
            assert "No se guardó nada" in str(caught.value)
            assert services.works.count() == 0  # nothing half-saved: no work without its audit entry
            assert services.audit.list() == []

            again = services.works.create(canal())  # the pool replaced the dead connection: retry works
            assert services.works.get(again.id).name == "Canal Las Gaviotas, tramo 2"
            assert [e.action for e in services.audit.list(entity_id=again.id)] == ["create"]
        finally:
            services.close()
    finally:
        drop_schema(url)


@pg_only
def test_idle_connection_dropped_by_the_server_is_replaced_without_bothering_the_user(tmp_path):
    url = fresh_schema_url("ociosa")
    try:
        services = build_services(DataFolder.open(tmp_path / "datos"), url)
        try:
            created = services.works.create(canal())
            with services.db.engine.connect() as connection:
                pid = connection.connection.dbapi_connection.info.backend_pid
            _terminate(url, pid)  # the pooled connection dies while nobody uses it (server restart, NAT timeout)
            assert services.works.get(created.id).name == "Canal Las Gaviotas, tramo 2"
        finally:
            services.close()
    finally:
        drop_schema(url)


@pg_only
def test_unreachable_server_is_a_spanish_connection_message(tmp_path):
    with pytest.raises(ConnectionLost, match="No se pudo conectar con el servidor"):
        build_services(DataFolder.open(tmp_path / "datos"), "postgresql+psycopg://nadie@127.0.0.1:1/red")


@pg_only
def test_two_laptops_upgrading_one_committee_at_once_both_succeed():
    """The first migrates under an advisory lock; the second waits and finds the schema current."""
    import threading

    url = fresh_schema_url("arranque")
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def laptop() -> None:
        db = Database(url)
        try:
            start.wait()
            migrate.upgrade(db)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)
        finally:
            db.dispose()

    try:
        threads = [threading.Thread(target=laptop) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        db = Database(url)
        try:
            assert migrate.is_current(db)
            with db.engine.connect() as connection:
                assert connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
        finally:
            db.dispose()
    finally:
        drop_schema(url)

"""«Servidor central» page and the work form when the server's connection drops."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import event, text

from veeduria_app.db.engine import Database
from veeduria_app.db.server import committee_url
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.server_page import ServerPage
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_form import WorkForm

from pg_backend import PG_URL, drop_schema, fresh_schema_url

pg_only = pytest.mark.skipif(not PG_URL, reason="VEEDURIA_TEST_PG_URL no está definida (ver .ci/postgres)")


@pytest.fixture
def ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


def test_page_shows_the_local_file_and_refuses_bad_choices_without_saving(qtbot, ctx):
    page = ServerPage(ctx)
    qtbot.addWidget(page)
    assert str(ctx.services.data_folder.db_path) in page.current.text()
    assert not page.local_button.isEnabled()

    page.use_server()
    assert "Escriba la dirección" in page.message.text()
    page.url.setText("mysql://alguien@equipo/red")
    page.use_server()
    assert "PostgreSQL" in page.message.text()
    page.url.setText("postgresql+psycopg://veedurias@servidor/red")
    page.use_server()
    assert "Indique el comité" in page.message.text()
    page.committee.setText("Bocagrande")
    page.evidence.setText(str(ctx.services.data_folder.path / "no-existe"))
    page.use_server()
    assert "no existe" in page.message.text()
    assert not (ctx.services.data_folder.path / "servidor.json").exists()


def test_training_folder_never_points_at_a_server(qtbot, tmp_path):
    folder = DataFolder.open(tmp_path / "datos").training_folder()
    folder.mark_training()
    services = build_services(folder)
    try:
        page = ServerPage(AppContext(services, TaskRunner(SyncPool())))
        qtbot.addWidget(page)
        assert not page.box.isEnabled()
        assert "capacitación" in page.current.text().lower()
    finally:
        services.close()


@pg_only
def test_choosing_a_server_saves_it_reopens_and_can_go_back_local(qtbot, ctx):
    committee = f"Comité Página {id(ctx) % 100000}"
    folder = ctx.services.data_folder
    page = ServerPage(ctx)
    qtbot.addWidget(page)
    page.url.setText(PG_URL)
    page.committee.setText(committee)
    try:
        page.test_connection()
        assert "está vacía" in page.message.text()  # reachable; the committee has no schema yet
        with qtbot.waitSignal(page.reopen_requested, timeout=5000):
            page.use_server()
        assert "Listo" in page.message.text() and "al día" in page.message.text()
        saved = json.loads((folder.path / "servidor.json").read_text(encoding="utf-8"))
        assert saved == {"url": PG_URL, "committee": committee, "evidence_dir": ""}

        reopened = build_services(DataFolder.open(folder.path))
        try:
            assert reopened.db.engine.dialect.name == "postgresql"
            assert reopened.works.count() == 0
        finally:
            reopened.close()
        again = ServerPage(ctx)
        qtbot.addWidget(again)
        assert "usa el servidor" in again.current.text() and again.local_button.isEnabled()
        assert "@" in again.current.text() and again.url.text() == PG_URL
        with qtbot.waitSignal(again.reopen_requested, timeout=2000):
            again.use_local()
        assert not (folder.path / "servidor.json").exists()
    finally:
        drop_schema(committee_url(PG_URL, committee))


@pg_only
def test_work_form_keeps_what_was_typed_when_the_connection_drops_and_retries(qtbot, tmp_path):
    url = fresh_schema_url("formulario")
    services = build_services(DataFolder.open(tmp_path / "datos"), url)
    try:
        form = WorkForm(AppContext(services, TaskRunner(SyncPool())))
        qtbot.addWidget(form)
        form._retry.delays_ms = (200, 200)
        form.name.setText("Andén de la avenida Pedro de Heredia")
        form.localidad.setCurrentIndex(1)
        form.address.setText("Cra. 17 # 30-15")

        killed: list[int] = []

        @event.listens_for(services.db.engine, "before_cursor_execute")
        def _drop(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            if not killed and statement.lstrip().upper().startswith("INSERT INTO AUDIT"):
                pid = conn.connection.dbapi_connection.info.backend_pid
                killed.append(pid)
                killer = Database(url)
                with killer.engine.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                killer.dispose()

        assert form.save() is None
        assert killed
        assert "Se perdió la conexión" in form.message.text() and "Reintento automático" in form.message.text()
        assert form.name.text() == "Andén de la avenida Pedro de Heredia"  # nothing the person typed is lost
        assert form.address.text() == "Cra. 17 # 30-15"
        assert services.works.count() == 0  # and nothing half-saved
        assert form._retry.pending

        with qtbot.waitSignal(form.saved, timeout=5000) as saved:
            pass  # the automatic retry fires on its own
        work = saved.args[0]
        assert work.name == "Andén de la avenida Pedro de Heredia" and work.address == "Cra. 17 # 30-15"
        assert services.works.count() == 1
        assert [e.action for e in services.audit.list(entity_id=work.id)] == ["create"]
        assert "Se perdió" not in form.message.text()
        assert not form._retry.pending
    finally:
        services.close()
        drop_schema(url)


UNREACHABLE = "postgresql+psycopg://nadie@127.0.0.1:1/red"


def test_app_start_with_the_server_down_asks_and_can_close(qtbot, tmp_path, monkeypatch):
    from veeduria_app.app import AppController
    from veeduria_app.services import server as server_service
    from veeduria_app.ui import retry as retry_ui

    folder = DataFolder.open(tmp_path / "datos")
    server_service.save_config(folder, server_service.ServerConfig(url=UNREACHABLE, committee="Bocagrande"))
    asked: list[str] = []
    monkeypatch.setattr(retry_ui, "ask_retry_connection", lambda error: asked.append(str(error)) or False)
    assert AppController(folder, pool=SyncPool(), ask_welcome=False)._open(folder, None) is None
    assert len(asked) == 1 and "No se pudo conectar con el servidor" in asked[0] and "127.0.0.1:1" in asked[0]


@pg_only
def test_app_start_retries_until_the_server_answers(qtbot, tmp_path, monkeypatch):
    from veeduria_app.app import AppController
    from veeduria_app.services import server as server_service
    from veeduria_app.ui import retry as retry_ui

    committee = f"Comité Arranque {id(tmp_path) % 100000}"
    folder = DataFolder.open(tmp_path / "datos")
    server_service.save_config(folder, server_service.ServerConfig(url=UNREACHABLE, committee=committee))
    asked: list[str] = []

    def server_comes_back(error: Exception) -> bool:
        asked.append(str(error))  # while the person reads the message, the network is fixed:
        server_service.save_config(folder, server_service.ServerConfig(url=PG_URL, committee=committee))
        return True

    monkeypatch.setattr(retry_ui, "ask_retry_connection", server_comes_back)
    services = AppController(folder, pool=SyncPool(), ask_welcome=False)._open(folder, None)
    try:
        assert len(asked) == 1
        assert services is not None and services.db.engine.dialect.name == "postgresql"
        assert services.works.count() == 0
    finally:
        if services is not None:
            services.close()
        drop_schema(committee_url(PG_URL, committee))


def test_an_edit_whose_answer_was_lost_is_saved_by_the_retry_without_a_conflict(qtbot, ctx, monkeypatch):
    """The database committed the edit but the answer never arrived (ConnectionLost after the
    commit): the automatic retry sends the same values with the old version and must simply
    succeed, not show "Otra persona modificó esta obra"."""
    from veeduria_app.domain.works import WorkFields
    from veeduria_app.services.errors import ConnectionLost

    works = ctx.services.works
    work = works.create(WorkFields(name="Canal Las Gaviotas, tramo 2", type="canal_drenaje", localidad="2"))
    form = WorkForm(ctx, work)
    qtbot.addWidget(form)
    form._retry.delays_ms = (100, 100)
    form.address.setText("Cra. 17 # 30-15")
    update = works.update
    answers_lost: list[int] = []

    def committed_then_lost(*args, **kwargs):
        saved = update(*args, **kwargs)
        if not answers_lost:
            answers_lost.append(saved.version)
            raise ConnectionLost("Se perdió la conexión con el servidor; no se guardó nada.")
        return saved

    monkeypatch.setattr(works, "update", committed_then_lost)
    assert form.save() is None and form._retry.pending
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        pass  # the automatic retry
    assert saved.args[0].address == "Cra. 17 # 30-15" and saved.args[0].version == answers_lost[0]
    assert form.message.text() == "Obra guardada."
    assert [e.action for e in ctx.services.audit.list(entity_id=work.id)] == ["update", "create"]

"""`veeduria db upgrade|check|server`: on a local file and on a real PostgreSQL server."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from veeduria_app.db import migrate
from veeduria_app.db.server import committee_url

from pg_backend import PG_URL, drop_schema
from cli_run import run

pg_only = pytest.mark.skipif(not PG_URL, reason="VEEDURIA_TEST_PG_URL no está definida (ver .ci/postgres)")


def test_check_then_upgrade_then_check_on_the_local_file(tmp_path, capsys):
    folder = tmp_path / "datos"
    code, out, _ = run(capsys, "--data-dir", folder, "db", "check")
    assert code == 1 and "está vacía" in out
    code, out, _ = run(capsys, "--data-dir", folder, "db", "upgrade")
    assert code == 0 and f"a {migrate.head_revision()}" in out
    code, out, _ = run(capsys, "--data-dir", folder, "db", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["is_current"] is True and report["backend"] == "sqlite"
    assert report["current"] == report["head"] == migrate.head_revision()
    code, out, _ = run(capsys, "--data-dir", folder, "db", "upgrade")
    assert code == 0 and out.startswith("Nada que hacer")


def test_bad_server_address_and_committee_are_one_line_spanish_errors(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", tmp_path, "--db-url", "esto no es una url", "db", "check")
    assert code == 2 and "no es válida" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", tmp_path, "db", "server", "--url", "postgresql://a@b/c",
                       "--committee", "2026")
    assert code == 2 and "debe empezar por una letra" in err
    code, _, err = run(capsys, "--data-dir", tmp_path, "db", "server", "--url", "sqlite:///x.db", "--committee", "a")
    assert code == 2 and "PostgreSQL" in err
    assert not (tmp_path / "servidor.json").exists()


def test_unreachable_server_says_so_without_traceback(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", tmp_path, "--db-url", "postgresql+psycopg://ana:secreta@127.0.0.1:1/red",
                       "db", "check", "--committee", "bocagrande")
    assert code == 2
    assert "No se pudo conectar con el servidor" in err and "secreta" not in err and "Traceback" not in err


@pytest.fixture
def committees():
    made: list[str] = []
    yield made
    for name in made:
        drop_schema(committee_url(PG_URL, name))


@pg_only
def test_upgrade_creates_each_committee_schema_and_keeps_their_data_apart(tmp_path, capsys, committees):
    bocagrande, nelson = "Veeduría Bocagrande T8", "Veeduría Nelson Mandela T8"
    committees.extend([bocagrande, nelson])
    for name in (bocagrande, nelson):
        code, out, _ = run(capsys, "--data-dir", tmp_path / "datos", "--db-url", PG_URL, "db", "upgrade",
                           "--committee", name)
        assert code == 0, out
    code, out, _ = run(capsys, "--data-dir", tmp_path / "datos", "--db-url", PG_URL, "db", "check",
                       "--committee", bocagrande, "--json")
    assert code == 0 and json.loads(out)["schema"] == "veeduria_bocagrande_t8"

    boca_url = committee_url(PG_URL, bocagrande)
    code, out, _ = run(capsys, "--data-dir", tmp_path / "a", "--db-url", boca_url, "works", "add", "--name",
                       "Vía Bocagrande", "--localidad", "1")
    assert code == 0, out
    _, out, _ = run(capsys, "--data-dir", tmp_path / "a", "--db-url", boca_url, "works", "list", "--json")
    assert [w["name"] for w in json.loads(out)] == ["Vía Bocagrande"]
    _, out, _ = run(capsys, "--data-dir", tmp_path / "b", "--db-url", committee_url(PG_URL, nelson),
                    "works", "list", "--json")
    assert json.loads(out) == []  # the other committee sees none of it

    engine = create_engine(PG_URL)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT table_schema, count(*) FROM information_schema.tables WHERE "
                                       "table_name = 'works' AND table_schema LIKE 'veeduria_%_t8' "
                                       "GROUP BY table_schema ORDER BY 1")).all()
        public = connection.execute(text("SELECT count(*) FROM information_schema.tables WHERE "
                                         "table_schema = 'public' AND table_name = 'works'")).scalar()
    engine.dispose()
    assert rows == [("veeduria_bocagrande_t8", 1), ("veeduria_nelson_mandela_t8", 1)]
    assert public == 0


@pg_only
def test_server_setting_makes_every_command_use_the_server_until_local(tmp_path, capsys, committees):
    committees.append("Comité Servidor T8")
    folder = tmp_path / "datos"
    shared = tmp_path / "evidencias-compartidas"
    shared.mkdir()
    code, out, err = run(capsys, "--data-dir", folder, "db", "server", "--url", PG_URL, "--committee",
                         "Comité Servidor T8", "--evidence-dir", shared)
    assert code == 0, err
    assert "usará el servidor" in out and "al día" in out
    code, out, _ = run(capsys, "--data-dir", folder, "works", "add", "--name", "Parque Chambacú", "--localidad", "1")
    assert code == 0
    _, out, _ = run(capsys, "--data-dir", folder, "db", "server")
    assert "comite_servidor_t8" in out and str(shared) in out
    engine = create_engine(committee_url(PG_URL, "Comité Servidor T8"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM works")).scalars().all() == ["Parque Chambacú"]
    engine.dispose()

    from veeduria_app.services.container import build_services
    from veeduria_app.services.data_folder import DataFolder

    services = build_services(DataFolder.open(folder))
    try:
        assert services.data_folder.evidence_dir == shared  # photos go to the network's shared folder
        assert services.db.engine.dialect.name == "postgresql"
    finally:
        services.close()

    code, out, _ = run(capsys, "--data-dir", folder, "db", "server", "--local")
    assert code == 0 and "local" in out
    _, out, _ = run(capsys, "--data-dir", folder, "works", "list", "--json")
    assert json.loads(out) == []  # the laptop's own file never received the server's work


@pg_only
def test_unknown_user_on_a_real_server_is_explained_in_spanish(tmp_path, capsys):
    from sqlalchemy.engine import make_url

    wrong = make_url(PG_URL).set(username="nadie_en_este_servidor").render_as_string(hide_password=False)
    code, _, err = run(capsys, "--data-dir", tmp_path, "--db-url", wrong, "db", "check")
    assert code == 2 and "la base de datos o el usuario no existen en el servidor" in err
    assert "Traceback" not in err and "psycopg" not in err

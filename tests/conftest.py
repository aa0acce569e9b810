"""Shared fixtures: real data folders in tmp_path, a built service container, the demo.

Qt runs offscreen; Qt warnings fail tests (qt_log_level_fail in pyproject), as in qutebrowser.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
if not SAMPLES.exists():  # CI keeps shared/ beside the clone
    SAMPLES = Path(os.environ.get("VEEDURIA_SAMPLES", Path.cwd().parent / "shared" / "samples"))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's data or log folders from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("VEEDURIA_DATA_DIR", raising=False)
    monkeypatch.delenv("VEEDURIA_DB_URL", raising=False)
    monkeypatch.delenv("VEEDURIA_PASSWORD", raising=False)


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.exists():
        pytest.skip("../shared/samples no está disponible")
    return SAMPLES


@pytest.fixture
def data_folder(tmp_path):
    from veeduria_app.services.data_folder import DataFolder

    return DataFolder.open(tmp_path / "datos")


@pytest.fixture
def demo_folder(data_folder):
    """A data folder holding the demo, with its services closed again (as after `veeduria demo`)."""
    from veeduria_app.services.container import build_services

    services = build_services(data_folder)
    try:
        services.demo.load()
    finally:
        services.close()
    return data_folder


@pytest.fixture
def demo_path(demo_folder) -> str:
    return str(demo_folder.path)


def pytest_generate_tests(metafunc):
    """Service and db tests run on SQLite and, with VEEDURIA_TEST_PG_URL, on PostgreSQL too."""
    from pg_backend import BACKENDS, DOUBLED_DIRS, sqlite_only

    if "db_backend" in metafunc.fixturenames and len(BACKENDS) > 1:
        path = Path(str(metafunc.definition.path))
        marked = metafunc.definition.get_closest_marker("sqlite_only") is not None
        if path.parent.name in DOUBLED_DIRS and not sqlite_only(path.name, metafunc.function.__name__, marked):
            metafunc.parametrize("db_backend", BACKENDS, indirect=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about the local SQLite file itself; not run on PostgreSQL")


@pytest.fixture
def db_backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_worker_schema():
    from pg_backend import PG_URL, WorkerSchema

    if not PG_URL:
        pytest.skip("VEEDURIA_TEST_PG_URL no está definida (ver .ci/postgres)")
    schema = WorkerSchema()
    yield schema
    schema.drop()


@pytest.fixture
def db_url(db_backend, data_folder, request):
    """None for the data folder's SQLite file; an emptied PostgreSQL schema for `postgresql`.

    The schema is also saved as the folder's server choice (servidor.json, as `veeduria db
    server` does), so a test that reopens the same folder (a second container, a CLI call, a
    subprocess) reaches the same server database, while any other folder stays apart.
    """
    if db_backend != "postgresql":
        return None
    from veeduria_app.services import server as server_service

    schema = request.getfixturevalue("pg_worker_schema")
    schema.empty()
    server_service.save_config(data_folder, server_service.ServerConfig(url=schema.url))
    return schema.url


@pytest.fixture
def services(data_folder, db_url):
    from veeduria_app.services.container import build_services

    built = build_services(data_folder, db_url)
    yield built
    built.close()


@pytest.fixture
def demo_services(services):
    services.demo.load()
    return services

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
def services(data_folder):
    from veeduria_app.services.container import build_services

    built = build_services(data_folder)
    yield built
    built.close()


@pytest.fixture
def demo_services(services):
    services.demo.load()
    return services

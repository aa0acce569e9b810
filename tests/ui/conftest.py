"""Fixtures shared by the GUI tests."""
from __future__ import annotations

import pytest


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

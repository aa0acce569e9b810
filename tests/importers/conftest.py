"""Shared paths for the importer tests: the real samples, skipped cleanly when absent."""
from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("las muestras reales (../shared/samples) no están disponibles")
    return SAMPLES

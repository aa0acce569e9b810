"""Where the shipped, editable files live (icons, demo data, report wording).

In a source checkout they are the top-level `resources/` and `reports/` folders; in an
installed wheel or a PyInstaller bundle they sit inside the package. One function hides that.
"""
from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "veeduria_app" / name)
    candidates.append(_PACKAGE_DIR / name)
    candidates.append(_PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    """Icons, translations, fonts and demo data."""
    return _locate("resources")


def reports_dir() -> Path:
    """Fixed wording and templates of printed documents, editable without code."""
    return _locate("reports")

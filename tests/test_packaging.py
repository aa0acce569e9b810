"""pyproject lists packages explicitly (to ship resources/ and reports/); keep it complete."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(data["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "veeduria_app").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    missing = found - listed
    assert not missing, f"Agregue a pyproject.toml [tool.setuptools] packages: {sorted(missing)}"
    assert {"veeduria_app.resources", "veeduria_app.reports"} <= listed

"""Architecture rule: nothing below ui/ imports Qt (as napari's import-linter contracts do)."""
from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import veeduria_app

PACKAGE_DIR = Path(veeduria_app.__file__).resolve().parent
QT_ALLOWED = {"ui", "app.py", "__main__.py"}


def _python_files_outside_ui() -> list[Path]:
    files = []
    for path in PACKAGE_DIR.rglob("*.py"):
        top = path.relative_to(PACKAGE_DIR).parts[0]
        if top not in QT_ALLOWED:
            files.append(path)
    return files


def test_no_qt_import_statements_below_ui():
    offenders = []
    for path in _python_files_outside_ui():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6") for n in names):
                offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}")
            top_layer = path.name == "cli.py"  # cli may open the GUI (lazily) when given no command
            if not top_layer and any(n.startswith("veeduria_app.ui") or n == "veeduria_app.app" for n in names):
                offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno} (importa la capa ui)")
    assert offenders == [], f"Qt o ui importados fuera de ui/: {offenders}"


def test_importing_every_lower_module_does_not_load_qt():
    """Import all modules below ui/ in a fresh interpreter and check PySide6 stayed unloaded."""
    modules = [
        name for _finder, name, _pkg in pkgutil.walk_packages([str(PACKAGE_DIR)], "veeduria_app.")
        if not name.startswith(("veeduria_app.ui", "veeduria_app.app", "veeduria_app.__main__",
                                "veeduria_app.db.migrations.env"))
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
    assert len(modules) > 10

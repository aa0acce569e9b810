"""ui/__init__.py answers PySide's `__feature__` import hook ahead for our modules and the
standard library, so starting the window reads no module's source; the answers must be the
ones PySide would have found, and they rest on no module of ours selecting a feature."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path


import veeduria_app

PACKAGE_DIR = Path(veeduria_app.__file__).resolve().parent

START_AND_WATCH = """
import inspect, json, os, sys
read = []
original = inspect.getsource
def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return original(obj)
inspect.getsource = getsource
from veeduria_app.app import launch
app, controller, window = launch(["--data-dir", sys.argv[1]]); app.processEvents()
table = sys.modules["__feature__"].pyside_feature_dict
feature = sys.modules["__feature__"]
inspect.getsource = original
ours = {n: table[n] for n in sys.modules if n.startswith("veeduria_app") and n in table}
stdlib = [n for n in sys.stdlib_module_names if n in sys.modules and n in table]
wrong_stdlib = [n for n in stdlib if table[n] != (0 if feature._mod_uses_pyside(sys.modules[n]) else -1)]
ui_really = {n: feature._mod_uses_pyside(sys.modules[n]) for n in sys.modules if n.startswith("veeduria_app.ui.")}
print(json.dumps({"read": read, "ours": ours, "stdlib": len(stdlib), "wrong_stdlib": wrong_stdlib,
                  "ui_really": ui_really, "window": window is not None}))
os._exit(0)
"""


def _start(data_dir: str) -> dict:
    done = subprocess.run([sys.executable, "-c", START_AND_WATCH, data_dir], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_no_module_of_ours_selects_a_pyside_feature():
    selecting = [str(path.relative_to(PACKAGE_DIR)) for path in PACKAGE_DIR.rglob("*.py")
                 if re.search(r"^\s*from\s+__feature__\s+import", path.read_text(encoding="utf-8"), re.M)]
    assert selecting == []  # the declaration in ui/__init__.py would be wrong for such a module


def test_start_reads_no_source_of_ours_or_of_the_standard_library(demo_path):
    seen = _start(demo_path)
    assert seen["window"]
    ours_read = [name for name in seen["read"] if name.startswith("veeduria_app")]
    stdlib_read = [name for name in seen["read"] if name.split(".")[0] in sys.stdlib_module_names]
    # PySide reads "enum" while it loads itself, before its table exists (a bare PySide window too)
    assert ours_read == [] and set(stdlib_read) <= {"enum"}, seen["read"]
    assert seen["ours"] and set(seen["ours"].values()) == {0}  # "uses PySide, no feature": as PySide finds
    assert all(seen["ui_really"].values())  # every ui module loaded does mention PySide6
    assert seen["stdlib"] > 20 and seen["wrong_stdlib"] == []  # -1, as PySide itself decides for them


def test_declaring_without_pyside_table_changes_nothing(monkeypatch):
    import veeduria_app.ui as ui

    monkeypatch.setitem(sys.modules, "__feature__", object())  # a PySide that keeps its table elsewhere
    assert ui.declare_no_pyside_features() == 0

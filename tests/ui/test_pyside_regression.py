"""PySide6 6.12.0 drops a reference to True on each Python Signal.emit(): a few hundred
user actions (each emits data_changed, saved, progress...) would abort the app with
"bool_dealloc". This guards the version pin in pyproject.toml.
"""
from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Emitter(QObject):
    changed = Signal(int, int, str)
emitter = Emitter()
emitter.changed.connect(lambda *args: None)
before = sys.getrefcount(True)
for _ in range(2000):
    emitter.changed.emit(1, 2, "x")
    app.processEvents()
print(before, sys.getrefcount(True))
"""


def test_signal_emits_do_not_leak_references_to_true():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    before, after = map(int, result.stdout.split())
    assert abs(after - before) < 10

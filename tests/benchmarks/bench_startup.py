"""Benchmark (issue 2): cold start to a usable main window, and filtering 10,000 works.

Run: python tests/benchmarks/bench_startup.py
Cold start is measured in fresh interpreters (as a user starts the app), against a bare
PySide6 window started the same way in the same run; the result is a ratio (target ≤ 1.5×).
Filtering is timed per keystroke over a 10,000-work list (target < 50 ms).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]

BARE = """
import time; t0 = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("hola")); w.show(); app.processEvents()
print(time.perf_counter() - t0)
"""

APP = """
import time; t0 = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication
from veeduria_app.app import AppController
from veeduria_app.services.data_folder import DataFolder
app = QApplication(sys.argv)
controller = AppController(DataFolder.open(sys.argv[1]), ask_welcome=False)
window = controller.start(); app.processEvents()
assert window is not None and window.page("works").model.total > 0
print(time.perf_counter() - t0)
"""


def run_many(code: str, args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                             cwd=ROOT, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="0"))
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def bench_cold_start(repeat: int = 7) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "veeduria_app.cli", "--data-dir", tmp, "demo"], check=True,
                       capture_output=True, cwd=ROOT)
        run_many(APP, [tmp], 1)  # warm the OS file cache and bytecode for both
        run_many(BARE, [], 1)
        app = statistics.median(run_many(APP, [tmp], repeat))
        bare = statistics.median(run_many(BARE, [], repeat))
    return app, bare


def bench_filter(n: int = 10_000) -> tuple[float, float]:
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from veeduria_app.services.works import WorkDTO
    from veeduria_app.ui.works_model import WorkListFilter, WorksTableModel

    _app = QApplication.instance() or QApplication([])
    now = dt.datetime.now(dt.timezone.utc)
    barrios = ["Olaya Herrera", "El Pozón", "Las Gaviotas", "Bocagrande", "Torices", "Nelson Mandela", "Manga"]
    works = [WorkDTO(id=str(i), name=f"Obra {i} canal vía colegio {barrios[i % 7]}", type="via", status="en_ejecucion",
                     localidad=f"Localidad {1 + i % 3}", ucg=f"UCG {1 + i % 15}", barrio=barrios[i % 7],
                     address=f"Calle {i}", lat=10.4, lon=-75.5, entity="Secretaría de Infraestructura", bpin=str(2023000 + i),
                     description="", plan_programme="", population_served=None, population_groups="", radius_m=300,
                     archived=False, version=1, created_at=now, updated_at=now) for i in range(n)]
    model = WorksTableModel()
    model.set_works(works)
    typed = "olaya herrera 12"
    timings = []
    for k in range(1, len(typed) + 1):
        start = time.perf_counter()
        model.set_filter(WorkListFilter(text=typed[:k]))
        model.rowCount()
        for row in range(min(40, model.rowCount())):  # the rows a screen shows
            model.data(model.index(row, 0))
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def main() -> None:
    app, bare = bench_cold_start()
    print(f"Arranque en frío hasta ventana usable: app {app:.3f} s, ventana PySide6 vacía {bare:.3f} s, "
          f"razón {app / bare:.2f}× (meta ≤ 1,5×)")
    median_ms, worst_ms = bench_filter()
    print(f"Filtrar 10.000 obras por tecla: mediana {median_ms:.1f} ms, peor {worst_ms:.1f} ms (meta < 50 ms)")


if __name__ == "__main__":
    main()

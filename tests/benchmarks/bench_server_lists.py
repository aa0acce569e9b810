"""Benchmark: lists on a big shared database, SQLite and PostgreSQL, against bare SQL.

Run: `python tests/benchmarks/bench_server_lists.py` (PostgreSQL too when VEEDURIA_TEST_PG_URL
is set, e.g. after `VEEDURIA_PG_KEEP=1 source .ci/postgres`).

Data: 10,000 works, 100,000 contracts and one work with 2,000 photos (over 20 visits).
Each service call is timed against a bare SQL query returning the same rows, run on the same
database in the same run through the raw driver cursor (no ORM, no DTOs): the ratio says what
the service layer costs on top of the database. Times are best of 3; only ratios are reported.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from pg_backend import PG_URL, drop_schema, fresh_schema_url  # noqa: E402
from veeduria_app.db.base import new_id, utcnow  # noqa: E402
from veeduria_app.db.models.contracts import Contract  # noqa: E402
from veeduria_app.db.models.foundation import Work  # noqa: E402
from veeduria_app.db.models.inspections import EvidenceFile, Inspection, InspectionPhoto  # noqa: E402
from veeduria_app.services.container import build_services  # noqa: E402
from veeduria_app.services.contracts import ContractQuery, search_text_for  # noqa: E402
from veeduria_app.services.data_folder import DataFolder  # noqa: E402
from veeduria_app.services.works import WorkFilter  # noqa: E402

WORKS, CONTRACTS, PHOTOS, VISITS = 10_000, 100_000, 2_000, 20
LOCALIDADES = ["Localidad 1 - Histórica y del Caribe Norte", "Localidad 2 - De la Virgen y Turística",
               "Localidad 3 - Industrial y de la Bahía"]
KINDS = ["vía", "canal", "parque", "colegio", "acueducto", "andén", "puente", "centro de salud"]
BARRIOS = ["Olaya Herrera", "El Pozón", "Nelson Mandela", "Bocagrande", "Crespo", "Manga", "Chambacú", "Torices"]
ENTITIES = ["Distrito de Cartagena - Secretaría de Infraestructura", "EDURBE S.A.", "Aguas de Cartagena",
            "Establecimiento Público Ambiental", "Corvivienda"]


def populate(services) -> str:
    """Fill the database with the benchmark rows (bulk inserts); returns the photographed work's id."""
    rng = random.Random(8)
    now = utcnow()
    works = [{"id": new_id(), "name": f"{KINDS[i % len(KINDS)].capitalize()} {BARRIOS[i % len(BARRIOS)]} tramo {i}",
              "type": "otro", "status": "en_ejecucion", "localidad": LOCALIDADES[i % 3], "ucg": f"UCG {i % 15 + 1}",
              "barrio": BARRIOS[i % len(BARRIOS)], "address": f"Calle {i % 90} # {i % 40}-{i % 99}",
              "entity": ENTITIES[i % len(ENTITIES)], "bpin": f"2026130010{i:06d}", "description": "",
              "plan_programme": "", "population_groups": "", "radius_m": 300, "archived": i % 50 == 0,
              "created_by": "bench", "created_at": now, "updated_at": now, "version": 1}
             for i in range(WORKS)]
    contracts = []
    for i in range(CONTRACTS):
        values = {"secop_id": f"CO1.PCCNTR.{1000000 + i}", "number": f"SI-{i:06d}-2026",
                  "entity": ENTITIES[i % len(ENTITIES)], "contractor": f"Consorcio {BARRIOS[i % 8]} {i % 997}",
                  "object": f"Construcción de {KINDS[i % len(KINDS)]} en el barrio {BARRIOS[(i * 7) % 8]}",
                  "initial_value": Decimal(rng.randrange(10_000_000, 9_000_000_000)),
                  "signed_date": dt.date(2020, 1, 1) + dt.timedelta(days=i % 2400), "status": "En ejecución"}
        contracts.append({"id": new_id(), "source_key": values["secop_id"], "search_text": search_text_for(values),
                          "archived": False, "created_at": now, "updated_at": now, "version": 1, **values})
    target = works[1]["id"]
    visits = [{"id": new_id(), "work_id": target, "visit_date": dt.date(2026, 1, 1) + dt.timedelta(days=7 * v),
               "created_at": now, "updated_at": now, "version": 1} for v in range(VISITS)]
    files, photos = [], []
    for p in range(PHOTOS):
        sha = hashlib.sha256(f"foto-{p}".encode()).hexdigest()
        files.append({"sha256": sha, "extension": "jpg", "media_format": "jpeg", "size_bytes": 3_000_000 + p,
                      "original_name": f"IMG_{p:04d}.jpg", "camera_make": "Xiaomi", "camera_model": "Redmi Note 12",
                      "lat": 10.42 + p / 1e6, "lon": -75.55, "taken_at": "2026-02-03T10:00:00-05:00",
                      "width": 4000, "height": 3000, "created_at": now})
        photos.append({"id": new_id(), "inspection_id": visits[p % VISITS]["id"], "sha256": sha,
                       "original_name": f"IMG_{p:04d}.jpg", "caption": f"Foto {p}", "position": p // VISITS,
                       "flags": [], "created_at": now, "updated_at": now, "version": 1})
    with services.db.transaction() as session:
        for model, rows in ((Work, works), (Contract, contracts), (Inspection, visits), (EvidenceFile, files),
                            (InspectionPhoto, photos)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start:start + 5000])
    return target


def best(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bare(services, sql: str, params: tuple = (), *, before: tuple[tuple[str, tuple], ...] = ()) -> Callable[[], list]:
    """The same rows through the raw DBAPI cursor: the floor the service is measured against.

    `before` are statements the service also runs for the same screen (a count), so both sides
    do the same database work.
    """
    marker = "%s" if services.db.engine.dialect.name == "postgresql" else "?"
    statements = [(text.replace("?", marker), args) for text, args in (*before, (sql, params))]

    def run() -> list:
        raw = services.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            rows: list = []
            for text, args in statements:
                cursor.execute(text, args)
                rows = cursor.fetchall()
            cursor.close()
            return rows
        finally:
            raw.close()
    return run


def measure(label: str, backend: str) -> list[tuple[str, int, float, float]]:
    folder = DataFolder.open(Path(tempfile.mkdtemp(prefix="bench-server-")) / "datos")
    url = fresh_schema_url("bench") if backend == "postgresql" else None
    services = build_services(folder, url)
    results = []
    try:
        start = time.perf_counter()
        target = populate(services)
        print(f"[{label}] datos cargados en {time.perf_counter() - start:.1f} s", flush=True)
        like = "lower(name) LIKE ? OR lower(barrio) LIKE ? OR lower(address) LIKE ? OR lower(entity) LIKE ? " \
               "OR lower(bpin) LIKE ?"
        cases = [
            ("obras: lista completa (sin archivadas)",
             lambda: services.works.list(WorkFilter()),
             bare(services, "SELECT * FROM works WHERE archived = ? ORDER BY localidad, name", (False,))),
            ("obras: filtro texto «olaya» + localidad 2",
             lambda: services.works.list(WorkFilter(text="olaya", localidad=LOCALIDADES[1])),
             bare(services, f"SELECT * FROM works WHERE archived = ? AND localidad = ? AND ({like}) "
                            "ORDER BY localidad, name", (False, LIMIT_LOC2, *["%olaya%"] * 5))),
            ("contratos: primera página (200 de 100.000)",
             lambda: services.contracts.page(ContractQuery(), 0, 200),
             bare(services, "SELECT * FROM contracts WHERE archived = ? ORDER BY signed_date DESC NULLS LAST, id "
                            "LIMIT 200", (False,))),
            ("contratos: conteo + página filtrada «canal pozón»",
             lambda: (services.contracts.count(ContractQuery(text="canal pozón")),
                      services.contracts.page(ContractQuery(text="canal pozón"), 0, 200)),
             bare(services, "SELECT * FROM contracts WHERE archived = ? AND search_text LIKE ? AND search_text LIKE ? "
                            "ORDER BY signed_date DESC NULLS LAST, id LIMIT 200", (False, "%canal%", "%pozon%"),
                  before=(("SELECT count(*) FROM contracts WHERE archived = ? AND search_text LIKE ? AND "
                           "search_text LIKE ?", (False, "%canal%", "%pozon%")),))),
            ("contratos: lista completa (100.000, CLI/informes)",
             lambda: services.contracts.list(ContractQuery()),
             bare(services, "SELECT * FROM contracts WHERE archived = ? ORDER BY signed_date DESC NULLS LAST, id",
                  (False,))),
            ("fotos: metadatos de una obra con 2.000 fotos",
             lambda: services.photos.list_for_work(target),
             bare(services, "SELECT p.*, e.*, i.visit_date FROM inspection_photos p JOIN inspections i ON "
                            "i.id = p.inspection_id JOIN evidence_files e ON e.sha256 = p.sha256 WHERE i.work_id = ? "
                            "ORDER BY i.visit_date, p.position", (target,))),
        ]
        for name, service_call, bare_call in cases:
            base_time, base_rows = best(bare_call)
            service_time, result = best(service_call)
            rows = len(result[1]) if isinstance(result, tuple) else len(result)
            assert rows == len(base_rows), f"{name}: el servicio dio {rows} filas y el SQL {len(base_rows)}"
            results.append((name, rows, base_time, service_time))
            print(f"[{label}] {name}: {rows} filas · servicio/SQL = {service_time / base_time:.1f}×", flush=True)
    finally:
        services.close()
        if url:
            drop_schema(url)
    return results


LIMIT_LOC2 = LOCALIDADES[1]


def main() -> int:
    backends = [("SQLite", "sqlite")] + ([("PostgreSQL", "postgresql")] if PG_URL else [])
    if not PG_URL:
        print("VEEDURIA_TEST_PG_URL no está definida: solo SQLite.")
    table = {label: measure(label, backend) for label, backend in backends}
    print("\nRazón servicio / SQL directo (mejor de 3; 1,0× = sin costo adicional; SQL en ms como referencia):")
    for label, rows in table.items():
        for name, count, base_time, service_time in rows:
            print(f"  {label:<10} {name:<52} {count:>7} filas  {service_time / base_time:6.1f}×  "
                  f"(SQL {base_time * 1000:7.1f} ms)")
    return 0


def test_server_lists_benchmark():  # pytest entry point (tests/benchmarks is not in the default run)
    assert main() == 0


if __name__ == "__main__":
    sys.exit(main())

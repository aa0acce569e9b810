"""Writers of files shaped like the real SECOP downloads, shared by importer and service tests."""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

PORTAL_HEADER = [
    "Nombre Entidad", "Nit Entidad", "Departamento", "Ciudad", "Proceso de Compra", "ID Contrato",
    "Referencia del Contrato", "Estado Contrato", "Descripción del Proceso", "Tipo de Contrato",
    "Modalidad de Contratación", "Fecha de Firma", "Fecha de Inicio del Contrato",
    "Fecha de Fin del Contrato", "Tipo Doc Proveedor", "Documento Proveedor", "Proveedor Adjudicado",
    "Valor del Contrato", "Valor Facturado", "Valor Pagado", "Código BPIN", "Días adicionados",
    "URL Proceso", "Sistema General de Participaciones", "Nombre supervisor", "Columna Nueva 2027",
]

CONTRACTS = [
    # id, ref, status, object, type, signed, start, end, doc, contractor, value, paid, bpin, days, sgp, supervisor
    ("CO1.PCCNTR.5001", "SA-MC-001-2026", "En ejecución",
     "MEJORAMIENTO DE LA VÍA PRINCIPAL DEL BARRIO OLAYA HERRERA, CARTAGENA", "Obra",
     (2026, 2, 3, 10, 15), (2026, 2, 16), (2026, 8, 15), "900123456", "CONSTRUCCIONES ÑAPANGA S.A.S.",
     1234567890, 456789000, "2026130010001", 0, 800000000, "ING. MARÍA PÉREZ"),
    ("CO1.PCCNTR.5002", "CMA-002-2026", "Modificado", "INTERVENTORÍA TÉCNICA, ADMINISTRATIVA Y FINANCIERA",
     "Interventoría", (2026, 1, 13, 9, 0), (2026, 1, 20), (2026, 9, 30), "800654321", "INTERVENTORES DEL CARIBE LTDA",
     98500000, 0, "2026130010001", 30, 0, "No Definido"),
    ("CO1.PCCNTR.5003", "LP-003-2026", "Activo", "CONSTRUCCIÓN DEL CENTRO DE DESARROLLO INFANTIL EL POZÓN",
     "Obra", (2026, 3, 25, 16, 40), (2026, 4, 13), (2027, 4, 12), "901000111", "CONSORCIO POZÓN 2026",
     5400000000, 1620000000, "No Definido", 0, 0, ""),
]
ENTITY = ("DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS", "890480184")


def _portal_date(y, m, d, hh=0, mm=0):
    suffix = "AM" if hh < 12 else "PM"
    return f"{m:02d}/{d:02d}/{y} {((hh % 12) or 12):02d}:{mm:02d}:00 {suffix}"


def _excel_date(y, m, d, hh=None, mm=0):
    return f"{d:02d}/{m:02d}/{y}" + (f" {hh}:{mm:02d}" if hh is not None else "")


def portal_rows():
    for (cid, ref, status, obj, kind, signed, start, end, doc, name, value, paid, bpin, days, sgp, sup) in CONTRACTS:
        yield [ENTITY[0], ENTITY[1], "Bolívar", "Cartagena", cid.replace("PCCNTR", "BDOS"), cid, ref, status, obj,
               kind, "Selección Abreviada de Menor Cuantía", _portal_date(*signed), _portal_date(*start),
               _portal_date(*end), "NIT", doc, name, f"${value:,}", "$0", f"${paid:,}", bpin, str(days),
               f"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID={cid}",
               f"${sgp:,}", sup, "x"]


def write_portal_csv(path: Path) -> Path:
    """The datos.gov.co CSV export: display names, MM/DD/YYYY hh:mm:ss AM, UTF-8, commas."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PORTAL_HEADER)
        writer.writerows(portal_rows())
    return path


def write_excel_resaved_csv(path: Path) -> Path:
    """The same export after Excel (es-CO): semicolons, Windows-1252, day-first, $1.234.567."""
    rows = []
    for (cid, ref, status, obj, kind, signed, start, end, doc, name, value, paid, bpin, days, sgp, sup) in CONTRACTS:
        money = lambda v: "$" + f"{v:,}".replace(",", ".")
        rows.append([ENTITY[0], ENTITY[1], "Bolívar", "Cartagena", cid.replace("PCCNTR", "BDOS"), cid, ref, status,
                     obj, kind, "Selección Abreviada de Menor Cuantía", _excel_date(*signed), _excel_date(*start),
                     _excel_date(*end), "NIT", doc, name, money(value), "$0", money(paid), bpin, str(days),
                     f"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID={cid}",
                     money(sgp), sup, "x"])
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([h.upper() for h in PORTAL_HEADER])  # Excel users also retype headers
        writer.writerows(rows)
    return path


def api_objects():
    for (cid, ref, status, obj, kind, signed, start, end, doc, name, value, paid, bpin, days, sgp, sup) in CONTRACTS:
        row = {
            "nombre_entidad": ENTITY[0], "nit_entidad": ENTITY[1], "departamento": "Bolívar", "ciudad": "Cartagena",
            "proceso_de_compra": cid.replace("PCCNTR", "BDOS"), "id_contrato": cid, "referencia_del_contrato": ref,
            "estado_contrato": status, "descripcion_del_proceso": obj, "tipo_de_contrato": kind,
            "modalidad_de_contratacion": "Selección Abreviada de Menor Cuantía",
            "fecha_de_firma": "%04d-%02d-%02dT%02d:%02d:00.000" % signed,
            "fecha_de_inicio_del_contrato": "%04d-%02d-%02dT00:00:00.000" % start,
            "fecha_de_fin_del_contrato": "%04d-%02d-%02dT00:00:00.000" % end,
            "tipodocproveedor": "NIT", "documento_proveedor": doc, "proveedor_adjudicado": name,
            "valor_del_contrato": str(value), "valor_facturado": "0", "valor_pagado": str(paid),
            "c_digo_bpin": bpin, "dias_adicionados": str(days),
            "urlproceso": {"url": f"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID={cid}"},
            "sistema_general_de_participaciones": str(sgp), "nombre_supervisor": sup,
        }
        yield {k: v for k, v in row.items() if v != ""}  # Socrata omits null keys


def write_api_json(path: Path) -> Path:
    """The open-data API response: a JSON array of objects whose scalars are all strings."""
    path.write_text(json.dumps(list(api_objects()), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


MESSY_HEADER = [
    "Nombre Entidad", "Nit Entidad", "Ciudad", "Proceso de Compra", "ID Contrato", "Referencia del Contrato",
    "Estado Contrato", "Descripción del Proceso", "Objeto del Contrato", "Tipo de Contrato", "Modalidad de Contratación",
    "Fecha de Firma", "Fecha de Inicio del Contrato", "Fecha de Fin del Contrato", "Tipo Doc Proveedor",
    "Documento Proveedor", "Proveedor Adjudicado", "Valor del Contrato", "Valor Facturado", "Valor Pagado",
    "Código BPIN", "Días adicionados", "URL Proceso", "Sistema General de Participaciones", "Recursos Propios",
    "Nombre supervisor", "Origen de los Recursos", "Fecha Fin Liquidación",
]

SENTINEL_SPELLINGS = ["No Definido", "NO DEFINIDO", "no definido", "N/D", "n/a", "-", "", "  ", "No Aplica", " nd "]
MESSY_TEXT = ["A  B", "línea\nnueva", "con\ttab", "no\xa0break", "  con bordes  ", "ÑANDÚ S.A.S.", "x"]
MONEY = ["123456", "$1.234.567", "1,234,567.00", "1.234.567,50", "(1500)", "-5", "7299288.0", "1,23457E+11", "0",
         "", "No Definido", "$ 98.500.000", "2.500", "12,5"]
BAD_MONEY = ["mil pesos", "1.23.4", "abc"]
DATES = ["03/04/2021 09:15:00 AM", "2021-03-04", "2021-03-04T10:00:00.000", "2021-03-04T23:30:00Z", "",
         "2023 May 25 12:00:00 AM", "12/31/2020", "1/2/21", "No Definido"]
BAD_DATES = ["no es fecha", "31/31/2020", "2021-13-01"]


def _messy_row(rnd: random.Random, i: int, messy: bool) -> list[str]:
    """A row; `messy` mixes every spelling, sentinel and mistake the files bring."""
    cid = f"CO1.PCCNTR.{2_000_000 + i}"
    if messy and rnd.random() < 0.08:
        cid = rnd.choice(["", "No Definido", f" {cid} ", f"{900 + i}.0"])
    if messy and rnd.random() < 0.03:
        cid = "CO1.PCCNTR.2000005"  # the same contract again
    pick = (lambda clean, options: rnd.choice(options) if messy and rnd.random() < 0.15 else clean)
    value = str(rnd.randrange(1_000_000, 5_000_000_000))
    money = (lambda clean: rnd.choice(MONEY + (BAD_MONEY if rnd.random() < 0.1 else [])) if messy and rnd.random() < 0.2 else clean)
    start = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(1500))
    end = start + dt.timedelta(days=rnd.randrange(-20, 300))  # sometimes before the start
    date = (lambda d: rnd.choice(DATES + (BAD_DATES if rnd.random() < 0.1 else [])) if messy and rnd.random() < 0.15
            else d.strftime("%m/%d/%Y") + " 12:00:00 AM")
    row = [
        pick(f"ALCALDÍA {i % 7}", SENTINEL_SPELLINGS + MESSY_TEXT), pick(str(890_000_000 + i % 7), ["890480184.0", " 890.480.184 ", ""]),
        pick("Cartagena", SENTINEL_SPELLINGS), pick(f"CO1.BDOS.{1_000_000 + i}", ["", "CO1.BDOS.1.0"]), cid,
        pick(f"CD-{i}-2021", SENTINEL_SPELLINGS + MESSY_TEXT), pick(rnd.choice(["Activo", "Cerrado", "cedido"]), SENTINEL_SPELLINGS),
        pick(f"PRESTACIÓN DE SERVICIOS, CONTRATO {i}", MESSY_TEXT + SENTINEL_SPELLINGS),
        pick("", [f"OBJETO {i}", "No Definido"]), "Obra", pick("Mínima cuantía", MESSY_TEXT),
        date(start - dt.timedelta(days=3)), date(start), date(end), "NIT",
        pick(str(10_000_000 + i), ["", "12345678.0", "1.234.567"]), pick(f"PROVEEDOR {i}", SENTINEL_SPELLINGS + MESSY_TEXT),
        money(value), money("0"), money(str(rnd.randrange(0, 1_000_000))), pick("No Definido", ["2026130010001", "", "2026130010001.0"]),
        pick(str(rnd.choice([0, 0, 30])), ["12.0", "x", "", "-3"]), f"https://community.secop.gov.co/x?noticeUID=CO1.NTC.{i}",
        money(rnd.choice(["0", value])), money(rnd.choice(["0", value])), pick("No Definido", MESSY_TEXT),
        "Recursos Propios", pick("", DATES),
    ]
    if messy and rnd.random() < 0.03:
        row = row[:rnd.randrange(3, len(row))]  # a short row
    return row


def write_messy_csv(path: Path, rows: int = 2600, *, delimiter: str = ",", encoding: str = "utf-8", seed: int = 3) -> Path:
    """Clean chunks (where the column shortcuts apply) and messy ones, with a blank line."""
    rnd = random.Random(seed)
    with open(path, "w", encoding=encoding, newline="", errors="replace") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(MESSY_HEADER)
        for i in range(rows):
            writer.writerow(_messy_row(rnd, i, messy=i >= 1100))
            if i == 1700:
                writer.writerow([])
    return path


def write_entity_year_csv(path: Path, copies: int = 5) -> Path:
    """A whole entity's download: the three shaped contracts repeated under new ids (15 rows),
    of which the copies of 5001 and 5002 carry the work's BPIN."""
    rows = list(portal_rows())
    id_column, bpin_column = PORTAL_HEADER.index("ID Contrato"), PORTAL_HEADER.index("Código BPIN")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PORTAL_HEADER)
        for copy in range(copies):
            for row in rows:
                row = list(row)
                row[id_column] = f"{row[id_column]}-{copy}"
                writer.writerow(row)
    assert sum(1 for row in rows if row[bpin_column] == "2026130010001") == 2
    return path

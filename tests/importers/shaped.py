"""Writers of files shaped like the real SECOP downloads, shared by importer and service tests."""
from __future__ import annotations

import csv
import json
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

"""`veeduria export --out FILE.veeduria [--work ID] [--include-personal-data]` and
`veeduria import-package FILE [--json]`: data between laptops with no internet."""
from __future__ import annotations

import argparse

from veeduria_app.services.package_format import TABLE_LABELS


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="exporta todos los datos, o una obra, a un paquete .veeduria")
    export.add_argument("--out", metavar="ARCHIVO.veeduria", required=True)
    export.add_argument("--work", metavar="ID", default=None, help="solo esta obra y lo que depende de ella")
    export.add_argument("--include-personal-data", action="store_true",
                        help="incluye documentos y contactos de los integrantes (Ley 1581: solo con su consentimiento)")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=run_export)
    imp = subparsers.add_parser("import-package", help="combina un paquete .veeduria con los datos de este equipo")
    imp.add_argument("file", metavar="ARCHIVO")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)


def run_export(ctx, args) -> int:
    services = ctx.services
    work_id = services.works.find(args.work).id if args.work else None
    result = services.packages.export(args.out, work_id=work_id, include_personal_data=args.include_personal_data)
    if args.json:
        ctx.print_json(result.to_json())
        return 0
    ctx.out(f"Paquete guardado: {result.path}")
    ctx.out(f"{result.records} registros y {result.evidence_files} archivos de evidencia"
            + ("; incluye datos personales de los integrantes." if result.include_personal_data
               else "; sin documentos ni contactos de los integrantes."))
    if result.missing_evidence:
        ctx.warn(f"{len(result.missing_evidence)} fotos registradas no están en la carpeta de evidencias y no viajan.")
    return 0


def run_import(ctx, args) -> int:
    summary = ctx.services.packages.import_package(args.file)
    if args.json:
        data = summary.to_json()
        ctx.print_json(data)
        return 0
    ctx.out(f"Paquete de {summary.author}: {summary.text}")
    for conflict in summary.conflicts:
        kind = TABLE_LABELS.get(conflict.table, conflict.table)
        ctx.out(f"  Conflicto: {kind} «{conflict.label or conflict.record_key}» (id {conflict.id}) — {conflict.reason}")
    for reason in summary.skipped:
        ctx.out(f"  Omitido: {reason}")
    for sentence in summary.renumbered:
        ctx.out(f"  Renumerado: {sentence}")
    return 0

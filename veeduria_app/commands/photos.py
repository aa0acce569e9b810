"""`veeduria photos ...`: import photo evidence into a visit and verify the evidence store."""
from __future__ import annotations

import argparse
import sys

from veeduria_app.domain import formats
from veeduria_app.evidence.checks import FLAG_TITLES


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("photos", help="fotos de evidencia")
    sub = group.add_subparsers(dest="photos_command", metavar="ACCIÓN", required=True)

    imp = sub.add_parser("import", help="importa fotos (archivos o carpetas) a una visita")
    imp.add_argument("--inspection", required=True, help="identificador de la visita")
    imp.add_argument("paths", nargs="+", metavar="RUTA", help="archivos o carpetas (p. ej. la copia del DCIM)")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)

    lst = sub.add_parser("list", help="lista las fotos de una visita con sus alertas")
    lst.add_argument("--inspection", required=True)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)

    ver = sub.add_parser("verify", help="vuelve a calcular la huella SHA-256 de todas las fotos guardadas")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=run_verify)


def run_import(ctx, args: argparse.Namespace) -> int:
    services = ctx.services
    inspection = services.inspections.find(args.inspection)

    def progress(done: int, total: int, message: str) -> None:
        if not args.json and total and sys.stderr.isatty():
            print(f"\r{done}/{total} {message[:50]:50}", end="", file=sys.stderr, flush=True)

    result = services.photos.import_paths(inspection.id, args.paths, progress=progress)
    if args.json:
        ctx.print_json([row.to_json() for row in result.results])
        return 0
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for row in result.results:
        line = f"{row.status_label:24} {row.file}"
        if row.reason:
            line += f" — {row.reason}"
        if row.distance_m is not None:
            line += f" — a {formats.distance(row.distance_m)} de la obra"
        ctx.out(line)
        for code in row.flags:
            ctx.out(f"    ⚠ {FLAG_TITLES.get(code, code)}")
    ctx.out(result.summary)
    return 0


def run_list(ctx, args: argparse.Namespace) -> int:
    inspection = ctx.services.inspections.find(args.inspection)
    photos = ctx.services.photos.list(inspection.id)
    if args.json:
        ctx.print_json([p.to_json() for p in photos])
        return 0
    for photo in photos:
        where = f"{photo.lat:.5f}, {photo.lon:.5f}" if photo.lat is not None else "sin GPS"
        ctx.out(f"{photo.id}  {photo.original_name}  {photo.taken_at or 'sin fecha'}  {where}  "
                f"{', '.join(FLAG_TITLES.get(c, c) for c in photo.flags) or 'sin alertas'}")
    return 0


def run_verify(ctx, args: argparse.Namespace) -> int:
    result = ctx.services.photos.verify()
    if args.json:
        ctx.print_json(result.to_json())
    elif result.ok:
        ctx.out(f"Las {result.checked} fotos guardadas coinciden con su huella SHA-256.")
    else:
        ctx.out(f"Se revisaron {result.checked} archivos; hay {len(result.problems)} problemas:")
        for problem in result.problems:
            ctx.out(f"  [{problem.kind}] {problem.message} ({problem.path})")
    return 0 if result.ok else 1

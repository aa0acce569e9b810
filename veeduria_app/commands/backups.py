"""`veeduria backup [--out FILE]` and `veeduria restore FILE` (SQLite data folders only)."""
from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="copia de seguridad de la base de datos")
    backup.add_argument("--out", metavar="ARCHIVO", default=None,
                        help="archivo o carpeta de destino (por ejemplo una memoria USB); por defecto la carpeta "
                             "copias-de-seguridad")
    backup.add_argument("--list", action="store_true", help="lista las copias guardadas en la carpeta de datos")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help="restaura una copia de seguridad (antes guarda el estado actual)")
    restore.add_argument("file", metavar="ARCHIVO")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=run_restore)


def run_backup(ctx, args) -> int:
    backups = ctx.services.backups
    if args.list:
        items = backups.list()
        if args.json:
            ctx.print_json([b.to_json() for b in items])
        for b in items if not args.json else ():
            ctx.out(f"{b.created_at:%d/%m/%Y %H:%M}  {b.kind_label:<36} {b.size_bytes // 1024:>8} KB  {b.path}")
        return 0
    path = backups.backup(args.out)
    if args.json:
        ctx.print_json({"path": str(path)})
    else:
        ctx.out(f"Copia de seguridad guardada y verificada: {path}")
    return 0


def run_restore(ctx, args) -> int:
    result = ctx.services.backups.restore(args.file)
    if args.json:
        ctx.print_json(result.to_json())
        return 0
    ctx.out(f"Base de datos restaurada desde {result.restored_from}.")
    ctx.out(f"El estado anterior quedó guardado en {result.previous_state}.")
    if result.migrated:
        ctx.out("La copia era de una versión anterior y se actualizó.")
    if result.missing_evidence:
        ctx.warn(f"{result.missing_evidence} fotos registradas en la copia no están en la carpeta de evidencias de "
                 "este equipo.")
    return 0

"""`veeduria db ...`: the database's schema and the central server of a network of veedurías.

    veeduria --db-url URL db upgrade [--committee NOMBRE]   apply the migrations
    veeduria --db-url URL db check   [--committee NOMBRE]   is the schema current? (exit 1 if not)
    veeduria db server                                      show which database this folder uses
    veeduria db server --url URL --committee NOMBRE [--evidence-dir CARPETA]   use a server
    veeduria db server --local                              back to this laptop's file

These commands never build the full service container: `check` must not migrate, and
`upgrade` must work on a server whose schema is older than this program.
"""
from __future__ import annotations

import argparse

from veeduria_app.services import server as server_service
from veeduria_app.services.data_folder import DataFolder


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="esquema de la base de datos y servidor central (red de veedurías)")
    commands = parser.add_subparsers(dest="db_command", metavar="ACCIÓN", required=True)

    upgrade = commands.add_parser("upgrade", help="aplica las migraciones pendientes (crea el esquema del comité)")
    _committee_option(upgrade)
    upgrade.add_argument("--json", action="store_true", help="salida en JSON")
    upgrade.set_defaults(func=run_upgrade)

    check = commands.add_parser("check", help="dice si el esquema está al día; no cambia nada (sale con 1 si no)")
    _committee_option(check)
    check.add_argument("--json", action="store_true", help="salida en JSON")
    check.set_defaults(func=run_check)

    srv = commands.add_parser("server", help="muestra o cambia el servidor que usa esta carpeta de datos")
    srv.add_argument("--url", metavar="URL", help="servidor PostgreSQL: postgresql+psycopg://usuario@equipo:5432/base")
    _committee_option(srv)
    srv.add_argument("--evidence-dir", metavar="CARPETA", default="",
                     help="carpeta compartida de evidencias que todos los equipos alcanzan (opcional)")
    srv.add_argument("--local", action="store_true", help="volver a la base de datos local de esta carpeta")
    srv.add_argument("--json", action="store_true", help="salida en JSON")
    srv.set_defaults(func=run_server)


def _committee_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--committee", metavar="NOMBRE", default="",
                        help="comité (veeduría) en un servidor compartido: sus datos van en su propio esquema")


def _url(args: argparse.Namespace) -> tuple[DataFolder, str]:
    folder = DataFolder.open(args.data_dir)
    return folder, server_service.resolve(folder, args.db_url, args.committee)


def run_check(ctx, args: argparse.Namespace) -> int:
    _folder, url = _url(args)
    status = server_service.check(url)
    if args.json:
        ctx.print_json(status.to_json())
    else:
        ctx.out(status.summary())
    return 0 if status.is_current else 1


def run_upgrade(ctx, args: argparse.Namespace) -> int:
    folder, url = _url(args)
    before, after = server_service.upgrade(url, backup_dir=folder.backups_dir)
    if args.json:
        ctx.print_json({"before": before.to_json(), "after": after.to_json()})
        return 0
    if before.is_current:
        ctx.out(f"Nada que hacer: {after.summary()}")
    else:
        ctx.out(f"Esquema actualizado de {before.current or 'vacío'} a {after.current}. {after.summary()}")
        if after.copy_path:
            ctx.out(f"Copia previa a la migración: {after.copy_path}")
    return 0


def run_server(ctx, args: argparse.Namespace) -> int:
    folder = DataFolder.open(args.data_dir)
    if args.local and args.url:
        ctx.warn("use --url o --local, no ambos.")
        return 2
    if args.local:
        removed = server_service.clear_config(folder)
        ctx.out("Esta carpeta vuelve a usar su base de datos local: " + str(folder.db_path) if removed
                else f"Esta carpeta ya usaba su base de datos local: {folder.db_path}")
        return 0
    if args.url:
        config = server_service.validate_config(args.url, args.committee, args.evidence_dir)
        before, after = server_service.upgrade(config.effective_url)
        server_service.save_config(folder, config)
        ctx.out(f"Esta carpeta usará el servidor. {after.summary()}")
        if not before.is_current and before.current is not None:
            ctx.out(f"(El esquema se actualizó desde la versión {before.current}.)")
        return 0
    config = server_service.load_config(folder)
    if args.json:
        ctx.print_json({"server": None if config is None else {
            "url": server_service.server.display_url(config.url), "committee": config.committee,
            "evidence_dir": config.evidence_dir}, "local_file": str(folder.db_path)})
    elif config is None:
        ctx.out(f"Base de datos local: {folder.db_path}")
    else:
        ctx.out(f"Servidor: {server_service.server.display_url(config.effective_url)}")
        ctx.out(f"Comité: {config.committee or '(según la dirección)'}")
        ctx.out(f"Evidencias: {config.evidence_dir or folder.evidence_dir}")
    return 0

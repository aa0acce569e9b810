"""`veeduria works ...`: the works registry from the command line."""
from __future__ import annotations

import argparse

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.works import AUDITED_FIELDS, WorkFilter

OPTIONS = [
    ("--name", "name", "nombre de la obra"),
    ("--type", "type", "tipo: via, canal_drenaje, colegio, parque, centro_salud, acueducto_alcantarillado, vivienda, otro"),
    ("--localidad", "localidad", "localidad (nombre o número 1, 2, 3)"),
    ("--ucg", "ucg", "Unidad Comunera de Gobierno o área rural"),
    ("--barrio", "barrio", "barrio o corregimiento"),
    ("--address", "address", "dirección"),
    ("--lat", "lat", "latitud (grados decimales, norte positivo)"),
    ("--lon", "lon", "longitud (grados decimales, oeste negativo)"),
    ("--entity", "entity", "entidad ejecutora"),
    ("--bpin", "bpin", "código BPIN"),
    ("--description", "description", "descripción"),
    ("--plan", "plan_programme", "programa del Plan de Desarrollo"),
    ("--population", "population_served", "población beneficiada (número)"),
    ("--groups", "population_groups", "grupos de población beneficiada"),
    ("--status", "status", "estado: planeada, en_ejecucion, suspendida, terminada, liquidada"),
    ("--radius", "radius_m", "radio de vigilancia en metros (300 por defecto)"),
]


def register(subparsers: argparse._SubParsersAction) -> None:
    works = subparsers.add_parser("works", help="obras vigiladas")
    sub = works.add_subparsers(dest="works_command", metavar="ACCIÓN", required=True)

    lst = sub.add_parser("list", help="lista las obras")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--search", default="", help="texto a buscar")
    lst.add_argument("--localidad", default="")
    lst.add_argument("--status", default="")
    lst.add_argument("--all", action="store_true", help="incluye las archivadas")
    lst.set_defaults(func=run_list)

    show = sub.add_parser("show", help="muestra una obra")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    add = sub.add_parser("add", help="registra una obra e imprime su identificador")
    for flag, dest, text in OPTIONS:
        add.add_argument(flag, dest=dest, help=text, required=flag == "--name", default=None)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)

    edit = sub.add_parser("edit", help="modifica campos de una obra")
    edit.add_argument("id")
    for flag, dest, text in OPTIONS:
        edit.add_argument(flag, dest=dest, help=text, default=None)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(func=run_edit)

    for name, text in (("archive", "archiva una obra (no se borra)"), ("restore", "restaura una obra archivada")):
        action = sub.add_parser(name, help=text)
        action.add_argument("id")
        action.set_defaults(func=run_archive if name == "archive" else run_restore)


def _fields_from_args(args: argparse.Namespace, base: WorkFields | None = None) -> WorkFields:
    fields = base or WorkFields()
    for _flag, dest, _text in OPTIONS:
        value = getattr(args, dest, None)
        if value is not None:
            setattr(fields, dest, value)
    return fields


def _print_work(ctx, work, as_json: bool) -> None:
    if as_json:
        ctx.print_json(work.to_json())
        return
    coords = f"{work.lat:.5f}, {work.lon:.5f}" if work.lat is not None else "sin coordenadas"
    ctx.out(f"{work.name}\n  id: {work.id}\n  tipo: {work.type_label} · estado: {work.status_label}"
            f"\n  {work.localidad} · {work.ucg} · {work.barrio}\n  {work.address}\n  coordenadas: {coords}"
            f" · radio {work.radius_m} m\n  entidad: {work.entity}\n  BPIN: {work.bpin}")


def run_list(ctx, args) -> int:
    services = ctx.services
    localidad = services.territory.get().resolve_localidad(args.localidad) or args.localidad if args.localidad else ""
    works = services.works.list(WorkFilter(text=args.search, localidad=localidad, status=args.status,
                                           include_archived=args.all))
    if args.json:
        ctx.print_json([w.to_json() for w in works])
        return 0
    if not works:
        ctx.out("No hay obras registradas.")
    for w in works:
        ctx.out(f"{w.id}  {w.status_label:<13} {w.localidad.split(' - ')[0]:<12} {w.name}")
    return 0


def run_show(ctx, args) -> int:
    _print_work(ctx, ctx.services.works.find(args.id), args.json)
    return 0


def run_add(ctx, args) -> int:
    work = ctx.services.works.create(_fields_from_args(args))
    for warning in work.warnings:
        ctx.warn(warning)
    if args.json:
        ctx.print_json(work.to_json())
    else:
        ctx.out(work.id)
    return 0


def run_edit(ctx, args) -> int:
    services = ctx.services
    current = services.works.find(args.id)
    fields = _fields_from_args(args, services.works.fields_from(current))
    work = services.works.update(current.id, fields)
    for warning in work.warnings:
        ctx.warn(warning)
    _print_work(ctx, work, args.json)
    return 0


def run_archive(ctx, args) -> int:
    work = ctx.services.works.archive(ctx.services.works.find(args.id).id)
    ctx.out(f"Obra archivada: {work.name}")
    return 0


def run_restore(ctx, args) -> int:
    work = ctx.services.works.restore(ctx.services.works.find(args.id).id)
    ctx.out(f"Obra restaurada: {work.name}")
    return 0


__all__ = ["register", "AUDITED_FIELDS"]

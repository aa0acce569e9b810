"""`veeduria inspections ...`: site visits (actas de visita) from the command line."""
from __future__ import annotations

import argparse
import datetime as dt

from veeduria_app.domain import formats
from veeduria_app.domain.inspections import AMENDABLE_FIELDS, Attendee, InspectionFields
from veeduria_app.services.errors import ValidationError


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("inspections", help="visitas a las obras (actas de visita)")
    sub = group.add_subparsers(dest="inspections_command", metavar="ACCIÓN", required=True)

    add = sub.add_parser("add", help="registra una visita e imprime su identificador")
    add.add_argument("--work", required=True, help="identificador de la obra")
    add.add_argument("--date", required=True, help="fecha de la visita AAAA-MM-DD")
    add.add_argument("--progress", default=None, help="avance físico observado, en %% (0 a 100)")
    add.add_argument("--reported-progress", default=None, help="avance informado en obra, en %%")
    add.add_argument("--reported-by", default="", help="quién informó el avance: contratista, interventoria, supervision")
    add.add_argument("--start", default=None, help="hora de inicio HH:MM")
    add.add_argument("--end", default=None, help="hora de finalización HH:MM")
    add.add_argument("--weather", default="", help="clima durante la visita")
    add.add_argument("--notes", default="", help="notas libres")
    add.add_argument("--member", action="append", default=[], help="integrante presente (repetible)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)

    lst = sub.add_parser("list", help="lista las visitas de una obra")
    lst.add_argument("--work", required=True, help="identificador de la obra")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)

    show = sub.add_parser("show", help="muestra una visita completa")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    close = sub.add_parser("close", help="cierra el acta: después solo admite enmiendas")
    close.add_argument("id")
    close.add_argument("--json", action="store_true")
    close.set_defaults(func=run_close)

    amend = sub.add_parser("amend", help="agrega una enmienda a un acta cerrada")
    amend.add_argument("id")
    amend.add_argument("--field", required=True, choices=[f for f in AMENDABLE_FIELDS
                                                          if f not in ("checklist", "attendee", "quantity", "observation")])
    amend.add_argument("--value", required=True)
    amend.add_argument("--reason", required=True, help="motivo de la enmienda")
    amend.add_argument("--json", action="store_true")
    amend.set_defaults(func=run_amend)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"La fecha «{text}» no es válida; use AAAA-MM-DD (por ejemplo 2026-11-21).",
                              field="date") from None


def run_add(ctx, args: argparse.Namespace) -> int:
    work = ctx.services.works.find(args.work)
    fields = InspectionFields(
        visit_date=parse_date(args.date), start_time=args.start, end_time=args.end, weather=args.weather,
        observed_progress=args.progress, reported_progress=args.reported_progress,
        reported_progress_source=args.reported_by, notes=args.notes,
        attendees=[Attendee("integrante", name) for name in args.member],
    )
    inspection = ctx.services.inspections.create(work.id, fields)
    if args.json:
        ctx.print_json(inspection.to_json())
    else:
        ctx.out(inspection.id)
    return 0


def run_list(ctx, args: argparse.Namespace) -> int:
    work = ctx.services.works.find(args.work)
    rows = ctx.services.inspections.list(work.id)
    if args.json:
        ctx.print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        ctx.out(f"La obra «{work.name}» no tiene visitas registradas.")
        return 0
    for row in rows:
        ctx.out(f"{row.id}  {formats.short_date(row.visit_date)}  {row.status_label:8}  "
                f"avance observado {formats.percent(row.observed_progress)}  "
                f"{row.photo_count} fotos ({row.flagged_photo_count} con alertas)")
    return 0


def _print(ctx, row, as_json: bool) -> None:
    if as_json:
        ctx.print_json(row.to_json())
        return
    ctx.out(f"Visita {row.id}\n  obra: {row.work_name}\n  fecha: {formats.short_date(row.visit_date)} "
            f"{row.start_time or ''}{'–' + row.end_time if row.end_time else ''}\n  estado: {row.status_label}"
            f"\n  avance observado: {formats.percent(row.observed_progress)} · informado: "
            f"{formats.percent(row.reported_progress)}\n  fotos: {row.photo_count}")
    for item in row.checklist:
        ctx.out(f"  [{item.answer or ' '}] {item.label}{' — ' + item.comment if item.comment else ''}")
    for amendment in row.amendments:
        ctx.out(f"  Enmienda {formats.short_datetime(amendment.created_at)} por {amendment.author}: "
                f"{amendment.field_label}: {amendment.old_value} → {amendment.new_value} ({amendment.reason})")


def run_show(ctx, args: argparse.Namespace) -> int:
    _print(ctx, ctx.services.inspections.find(args.id), args.json)
    return 0


def run_close(ctx, args: argparse.Namespace) -> int:
    row = ctx.services.inspections.find(args.id)
    closed = ctx.services.inspections.close(row.id)
    if args.json:
        ctx.print_json(closed.to_json())
    else:
        ctx.out(f"Acta de la visita del {formats.short_date(closed.visit_date)} cerrada; "
                "desde ahora solo admite enmiendas.")
    return 0


def run_amend(ctx, args: argparse.Namespace) -> int:
    row = ctx.services.inspections.find(args.id)
    amended = ctx.services.inspections.amend(row.id, args.field, args.value, args.reason)
    _print(ctx, amended, args.json)
    return 0

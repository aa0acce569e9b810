"""`veeduria petitions ...`: derechos de petición from the command line."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from veeduria_app.domain.formats import short_date
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.petitions import NEXT_STEPS, NonBusinessDay, PetitionDraft, PetitionDTO

KINDS = ("general", "documentos", "consulta")


def register(subparsers: argparse._SubParsersAction) -> None:
    petitions = subparsers.add_parser("petitions", help="derechos de petición: cartas, términos, seguimiento")
    sub = petitions.add_subparsers(dest="petitions_command", metavar="ACCIÓN", required=True)

    add = sub.add_parser("add", help="redacta una petición (borrador) e imprime su identificador")
    add.add_argument("--work", help="identificador de la obra relacionada")
    add.add_argument("--to", required=True, help="entidad destinataria")
    add.add_argument("--kind", required=True, choices=KINDS,
                     help="general (15 días hábiles), documentos (10) o consulta (30)")
    add.add_argument("--subject", required=True, help="asunto")
    add.add_argument("--request", action="append", default=[], metavar="TEXTO",
                     help="una petición numerada (repita la opción para varias)")
    add.add_argument("--office", default="", help="dependencia")
    add.add_argument("--addressee", default="", help="nombre de la persona destinataria")
    add.add_argument("--position", default="", help="cargo de la persona destinataria")
    add.add_argument("--title", default="", help="tratamiento: Doctor, Doctora, Señor, Ingeniera…")
    add.add_argument("--address", default="", help="dirección del destinatario")
    add.add_argument("--email", default="", help="correo del destinatario")
    add.add_argument("--basis", default="", help="fundamentos de derecho (por omisión, los del tipo)")
    add.add_argument("--annex", action="append", default=[], metavar="TEXTO", help="un anexo (repetible)")
    add.add_argument("--copy", action="append", default=[], metavar="TEXTO", help="con copia a (repetible)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)

    file = sub.add_parser("file", help="registra la radicación (fecha y número)")
    file.add_argument("id")
    file.add_argument("--date", required=True, help="fecha de radicación AAAA-MM-DD")
    file.add_argument("--radicado", default="", help="número de radicado")
    file.add_argument("--scan", type=Path, help="foto o escaneo de la copia sellada")
    file.add_argument("--channel", default="", help="medio: ventanilla, correo, web…")
    file.add_argument("--json", action="store_true")
    file.set_defaults(func=run_file)

    lst = sub.add_parser("list", help="lista las peticiones con su estado y días hábiles restantes")
    lst.add_argument("--work", help="solo las de esta obra")
    lst.add_argument("--status", help="borrador, radicada, por_vencer, vencida, respondida, "
                     "respondida_parcialmente")
    lst.add_argument("--all", action="store_true", help="incluye las archivadas")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)

    show = sub.add_parser("show", help="muestra una petición y su historial")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    letter = sub.add_parser("letter", help="genera la carta en PDF y registra su huella SHA-256")
    letter.add_argument("id")
    letter.add_argument("--out", required=True, type=Path, help="archivo PDF de salida")
    letter.add_argument("--json", action="store_true")
    letter.set_defaults(func=run_letter)

    answer = sub.add_parser("answer", help="registra la respuesta de la entidad")
    answer.add_argument("id")
    answer.add_argument("--date", required=True, help="fecha de la respuesta AAAA-MM-DD")
    answer.add_argument("--file", type=Path, help="documento de respuesta (PDF, foto…)")
    answer.add_argument("--partial", action="store_true", help="la respuesta no resolvió todo lo pedido")
    answer.add_argument("--summary", default="", help="resumen de la respuesta")
    answer.add_argument("--json", action="store_true")
    answer.set_defaults(func=run_answer)

    extend = sub.add_parser("extend", help="registra la prórroga informada por la entidad")
    extend.add_argument("id")
    extend.add_argument("--until", required=True, help="nueva fecha de respuesta AAAA-MM-DD")
    extend.add_argument("--notified", required=True, help="fecha en que la entidad avisó AAAA-MM-DD")
    extend.add_argument("--reason", default="", help="motivo indicado por la entidad")
    extend.add_argument("--json", action="store_true")
    extend.set_defaults(func=run_extend)

    forward = sub.add_parser("forward", help="registra el traslado a la autoridad competente")
    forward.add_argument("id")
    forward.add_argument("--to", required=True, help="autoridad competente")
    forward.add_argument("--date", required=True, help="fecha del traslado AAAA-MM-DD")
    forward.add_argument("--received", help="fecha de recepción por la autoridad competente")
    forward.add_argument("--json", action="store_true")
    forward.set_defaults(func=run_forward)

    step = sub.add_parser("next-step", help="redacta un recordatorio o una queja desde una petición vencida")
    step.add_argument("id")
    step.add_argument("--step", required=True, choices=[s.replace("_", "-") for s in NEXT_STEPS])
    step.add_argument("--json", action="store_true")
    step.set_defaults(func=run_next_step)

    attach = sub.add_parser("attach", help="adjunta la foto o el escaneo de la copia sellada")
    attach.add_argument("id")
    attach.add_argument("--scan", required=True, type=Path, help="archivo de la copia sellada")
    attach.set_defaults(func=run_attach)

    closed = sub.add_parser("closed-days", help="días no hábiles adicionales (suspensión de términos por las "
                            "entidades); sin opciones, los lista")
    closed.add_argument("--add", metavar="AAAA-MM-DD", help="agrega un día no hábil")
    closed.add_argument("--reason", default="", help="motivo (decreto o resolución), obligatorio con --add")
    closed.add_argument("--remove", metavar="AAAA-MM-DD", help="quita un día no hábil")
    closed.add_argument("--json", action="store_true")
    closed.set_defaults(func=run_closed_days)

    reminders = sub.add_parser("reminders", help="peticiones por vencer (≤ 3 días hábiles) y vencidas")
    reminders.add_argument("--json", action="store_true")
    reminders.set_defaults(func=run_reminders)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"La fecha de {option} «{text}» no es válida; use AAAA-MM-DD, "
                              "por ejemplo 2026-07-01.", field=option) from None


def _required_date(text: str, option: str) -> dt.date:
    value = _date(text, option)
    assert value is not None
    return value


def _summary(p: PetitionDTO) -> str:
    t = p.terms
    due = f"vence {short_date(t.due)}" if t.due else "sin radicar"
    if t.days_left is None:
        left = ""
    elif t.days_left < 0:
        left = f" · vencida hace {-t.days_left} días hábiles"
    else:
        left = f" · quedan {t.days_left} días hábiles"
    return f"{p.code}  {t.status.label:<24} {due}{left}  {p.to_entity} — {p.subject}  [{p.id}]"


def _show(ctx, p: PetitionDTO, as_json: bool) -> int:
    if as_json:
        ctx.print_json(p.to_json())
        return 0
    t = p.terms
    ctx.out(f"{p.code} · {p.letter_type_label} · {p.kind_label}")
    ctx.out(f"  id: {p.id}")
    ctx.out(f"  para: {p.to_entity}")
    ctx.out(f"  asunto: {p.subject}")
    if p.work_name:
        ctx.out(f"  obra: {p.work_name}")
    for number, text in enumerate(p.draft.requests, start=1):
        ctx.out(f"  {number}. {text}")
    ctx.out(f"  estado: {t.status.label}")
    if p.filed_on:
        ctx.out(f"  radicada: {short_date(p.filed_on)} · radicado {p.radicado or 'sin número'}")
        ctx.out(f"  vence: {short_date(t.due)} · días hábiles restantes: {t.days_left}")
    if t.reminder:
        ctx.out(f"  aviso: {t.reminder}")
    for event in p.events:
        when = short_date(event.on_date) if event.on_date else short_date(event.at.astimezone())
        ctx.out(f"  - {when} {event.label}: {event.detail}")
    return 0


def run_add(ctx, args: argparse.Namespace) -> int:
    services = ctx.services
    work_id = services.works.find(args.work).id if args.work else None
    draft = PetitionDraft(
        kind=args.kind, subject=args.subject, to_entity=args.to, work_id=work_id,
        to_office=args.office, to_name=args.addressee, to_position=args.position,
        to_title=args.title, to_address=args.address, to_email=args.email,
        requests=tuple(args.request), legal_basis=args.basis, annexes=tuple(args.annex),
        copies=tuple(args.copy),
    )
    petition = services.petitions.create(draft)
    if args.json:
        ctx.print_json(petition.to_json())
    else:
        ctx.out(petition.id)
        if not petition.draft.requests:
            ctx.warn("la petición no tiene peticiones numeradas; agréguelas en la aplicación antes de "
                     "generar la carta.")
    return 0


def run_file(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    filed = service.file(petition.id, _required_date(args.date, "radicación"), args.radicado,
                         channel=args.channel, stamped_copy=args.scan)
    if args.json:
        ctx.print_json(filed.to_json())
    else:
        ctx.out(f"{filed.code} radicada el {short_date(filed.filed_on)}; vence el "
                f"{short_date(filed.terms.due)} ({filed.terms.days_left} días hábiles restantes).")
    return 0


def run_list(ctx, args: argparse.Namespace) -> int:
    services = ctx.services
    work_id = services.works.find(args.work).id if args.work else None
    items = services.petitions.list(work_id=work_id, status=args.status, include_archived=args.all)
    if args.json:
        ctx.print_json([p.list_json() for p in items])
        return 0
    if not items:
        ctx.out("No hay peticiones registradas.")
    for p in items:
        ctx.out(_summary(p))
    return 0


def run_show(ctx, args: argparse.Namespace) -> int:
    return _show(ctx, ctx.services.petitions.find(args.id), args.json)


def run_letter(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    issued = service.issue_letter(petition.id, args.out)
    if args.json:
        ctx.print_json({"id": issued.petition_id, "code": issued.code, "revision": issued.revision,
                        "path": str(issued.path), "archive": str(issued.archive),
                        "sha256": issued.sha256, "size": issued.size})
    else:
        ctx.out(f"Carta {issued.code} v{issued.revision} guardada en {issued.path}\n"
                f"SHA-256: {issued.sha256}\nCopia emitida archivada en {issued.archive}")
    return 0


def run_answer(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    answered = service.answer(petition.id, _required_date(args.date, "respuesta"),
                              kind="parcial" if args.partial else "completa",
                              summary=args.summary, document=args.file)
    if args.json:
        return _show(ctx, answered, True)
    late = " (fuera de término)" if answered.terms.answered_late else ""
    ctx.out(f"{answered.code}: {answered.terms.status.label.lower()} el {short_date(answered.answered_on)}{late}.")
    return 0


def run_extend(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    extended = service.extend(petition.id, _required_date(args.until, "prórroga"),
                              _required_date(args.notified, "aviso"), args.reason)
    if args.json:
        return _show(ctx, extended, True)
    ctx.out(f"{extended.code}: prórroga hasta el {short_date(extended.terms.due)}.")
    return 0


def run_forward(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    forwarded = service.forward(petition.id, args.to, _required_date(args.date, "traslado"),
                                _date(args.received, "recepción"))
    if args.json:
        return _show(ctx, forwarded, True)
    ctx.out(f"{forwarded.code}: trasladada a {forwarded.forwarded_to}; vence el "
            f"{short_date(forwarded.terms.due)}.")
    return 0


def run_next_step(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    drafted = service.draft_next_step(petition.id, args.step.replace("-", "_"))
    if args.json:
        return _show(ctx, drafted, True)
    ctx.out(f"{drafted.letter_type_label} {drafted.code} redactado(a) como borrador: {drafted.id}")
    return 0


def run_attach(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    petition = service.find(args.id)
    updated = service.attach_stamped_copy(petition.id, args.scan)
    ctx.out(f"{updated.code}: copia sellada guardada (SHA-256 {updated.stamped_copy_sha256}).")
    return 0


def run_closed_days(ctx, args: argparse.Namespace) -> int:
    service = ctx.services.petitions
    days = service.non_business_days()
    if args.add or args.remove:
        added = _date(args.add, "día no hábil")
        removed = _date(args.remove, "día no hábil")
        days = [d for d in days if d.date not in (added, removed)]
        if added is not None:
            days.append(NonBusinessDay(added, args.reason))
        days = service.set_non_business_days(days)
    if args.json:
        ctx.print_json([{"date": d.date.isoformat(), "reason": d.reason} for d in days])
    elif not days:
        ctx.out("No hay días no hábiles adicionales; solo se descuentan fines de semana y festivos.")
    for d in [] if args.json else days:
        ctx.out(f"{short_date(d.date)}  {d.reason}")
    return 0


def run_reminders(ctx, args: argparse.Namespace) -> int:
    items = ctx.services.petitions.reminders()
    if args.json:
        ctx.print_json([{"id": r.petition_id, "code": r.code, "status": r.status.value,
                         "days_left": r.days_left, "due": r.due.isoformat() if r.due else None,
                         "message": r.message} for r in items])
        return 0
    if not items:
        ctx.out("No hay peticiones por vencer ni vencidas.")
    for r in items:
        ctx.out(f"{r.code} · {r.to_entity} — {r.subject}\n  {r.message}")
    return 0

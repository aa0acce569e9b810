"""`veeduria profile show|set` and `veeduria members list|add`: the veeduría and its members."""
from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import asdict

from veeduria_app.services.errors import ValidationError
from veeduria_app.services.profile import MemberFields, ProfileFields


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"La fecha «{text}» no es válida; use AAAA-MM-DD.") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    profile = subparsers.add_parser("profile", help="datos de la veeduría")
    sub = profile.add_subparsers(dest="profile_command", metavar="ACCIÓN", required=True)
    show = sub.add_parser("show", help="muestra los datos de la veeduría")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
    set_ = sub.add_parser("set", help="registra o modifica los datos de la veeduría")
    set_.add_argument("--name")
    set_.add_argument("--body", dest="registration_body", choices=["camara_comercio", "personeria"])
    set_.add_argument("--number", dest="registration_number")
    set_.add_argument("--date", dest="registration_date", help="fecha de inscripción AAAA-MM-DD")
    set_.add_argument("--nit")
    set_.add_argument("--objeto", dest="objeto_vigilancia")
    set_.add_argument("--level", dest="territorial_level")
    set_.add_argument("--duration")
    set_.add_argument("--address", help="dirección de correspondencia de la veeduría (donde responden las "
                      "entidades; va en el encabezado de oficios e informes)")
    set_.add_argument("--email", help="correo electrónico de la veeduría")
    set_.add_argument("--phone", help="teléfono de contacto de la veeduría")
    set_.add_argument("--city", help="ciudad (lugar de las cartas; por omisión Cartagena de Indias)")
    set_.set_defaults(func=run_set)

    members = subparsers.add_parser("members", help="integrantes de la veeduría")
    msub = members.add_subparsers(dest="members_command", metavar="ACCIÓN", required=True)
    mlist = msub.add_parser("list")
    mlist.add_argument("--json", action="store_true")
    mlist.add_argument("--all", action="store_true", help="incluye a los integrantes retirados")
    mlist.set_defaults(func=run_members)
    madd = msub.add_parser("add")
    madd.add_argument("--name", dest="full_name", required=True)
    madd.add_argument("--document", dest="document_number", default="")
    madd.add_argument("--role", default="integrante")
    madd.add_argument("--phone", default="")
    madd.add_argument("--email", default="")
    madd.add_argument("--consent", dest="consent_given", action="store_true",
                      help="el integrante autorizó el tratamiento de sus datos (Ley 1581)")
    madd.set_defaults(func=run_add_member)
    medit = msub.add_parser("edit", help="corrige los datos de un integrante (lo que no se indique se conserva)")
    medit.add_argument("id", help="id del integrante")
    medit.add_argument("--name", dest="full_name")
    medit.add_argument("--document", dest="document_number")
    medit.add_argument("--role")
    medit.add_argument("--phone")
    medit.add_argument("--email")
    medit.add_argument("--consent", dest="consent_given", action="store_true", default=None,
                       help="el integrante autorizó el tratamiento de sus datos (Ley 1581)")
    medit.set_defaults(func=run_edit_member)
    mretire = msub.add_parser("retire", help="retira a un integrante de la veeduría (se conserva en el historial)")
    mretire.add_argument("id", help="id del integrante")
    mretire.add_argument("--restore", action="store_true", help="lo reincorpora")
    mretire.set_defaults(func=run_retire_member)
    mwithdraw = msub.add_parser("withdraw-consent", help="el integrante retira su autorización de datos "
                                "(Ley 1581): se borran su documento y sus datos de contacto")
    mwithdraw.add_argument("id", help="id del integrante")
    mwithdraw.set_defaults(func=run_withdraw_consent)
    mdecl = msub.add_parser("declare", help="registra la declaración de impedimentos de un integrante "
                            "para una obra (Ley 850 art. 19)")
    mdecl.add_argument("--member", required=True, help="id del integrante")
    mdecl.add_argument("--work", required=True, help="id de la obra")
    mdecl.add_argument("--impediment", action="store_true", help="el integrante SÍ tiene impedimento")
    mdecl.add_argument("--notes", default="")
    mdecl.set_defaults(func=run_declare)
    mimp = msub.add_parser("impediments", help="declaraciones de los integrantes para una obra")
    mimp.add_argument("--work", required=True)
    mimp.add_argument("--json", action="store_true")
    mimp.set_defaults(func=run_impediments)


def run_show(ctx, args) -> int:
    profile = ctx.services.profile.get()
    if profile is None:
        ctx.out("La veeduría aún no está registrada (use «veeduria profile set»).")
        return 0
    if args.json:
        ctx.print_json(profile.to_json())
    else:
        ctx.out(f"{profile.name}\n  Inscrita en: {profile.registration_body_label} Nº {profile.registration_number}"
                f"\n  NIT: {profile.nit or '—'}\n  Objeto: {profile.objeto_vigilancia}"
                f"\n  Dirección de correspondencia: {profile.address or '—'}\n  Ciudad: {profile.city or '—'}"
                f"\n  Correo electrónico: {profile.email or '—'}\n  Teléfono: {profile.phone or '—'}")
        if not profile.has_contact:
            ctx.out("  Sin dirección ni correo: las entidades no sabrán a dónde responder los oficios "
                    "(use «veeduria profile set --address … --email …»).")
    return 0


def run_set(ctx, args) -> int:
    current = ctx.services.profile.get()
    fields = ProfileFields(**{k: v for k, v in asdict(current).items() if k != "id"}) if current else ProfileFields()
    for key in ("name", "registration_body", "registration_number", "nit", "objeto_vigilancia",
                "territorial_level", "duration", "address", "email", "phone", "city"):
        value = getattr(args, key)
        if value is not None:
            setattr(fields, key, value)
    if args.registration_date:
        fields.registration_date = _date(args.registration_date)
    saved = ctx.services.profile.save(fields)
    ctx.out(f"Veeduría guardada: {saved.name}")
    return 0


def run_members(ctx, args) -> int:
    members = ctx.services.profile.members(include_inactive=args.all)
    if args.json:
        ctx.print_json([m.to_json() for m in members])
    else:
        for m in members:
            ctx.out(f"{m.id}  {m.full_name}{'' if m.active else ' (retirado)'} · {m.role} · "
                    f"autorización de datos: {'sí' if m.consent_given else 'no'}")
    return 0


def run_add_member(ctx, args) -> int:
    member = ctx.services.profile.add_member(MemberFields(
        full_name=args.full_name, document_number=args.document_number, role=args.role,
        phone=args.phone, email=args.email, consent_given=args.consent_given))
    ctx.out(member.id)
    return 0


def run_edit_member(ctx, args) -> int:
    profile = ctx.services.profile
    old = profile.get_member(args.id)
    changes = {k: getattr(args, k) for k in ("full_name", "document_number", "role", "phone", "email", "consent_given")
               if getattr(args, k) is not None}
    fields = MemberFields(**{**{k: getattr(old, k) for k in MemberFields.__dataclass_fields__}, **changes})
    member = profile.update_member(old.id, fields)
    ctx.out(f"{member.id}  {member.full_name} · {member.role}")
    return 0


def run_retire_member(ctx, args) -> int:
    member = ctx.services.profile.retire_member(args.id, retired=not args.restore)
    ctx.out(f"{member.full_name}: {'activo' if member.active else 'retirado'}.")
    return 0


def run_withdraw_consent(ctx, args) -> int:
    member = ctx.services.profile.withdraw_consent(args.id)
    ctx.out(f"{member.full_name}: autorización de datos retirada; documento y contacto borrados.")
    return 0


def run_declare(ctx, args) -> int:
    services = ctx.services
    work = services.works.find(args.work)
    result = services.impediments.declare(args.member, work.id, has_impediment=args.impediment, notes=args.notes)
    ctx.out(f"{result.member_name}: {result.status_label.lower()} para «{work.name}».")
    return 0


def run_impediments(ctx, args) -> int:
    services = ctx.services
    rows = services.impediments.for_work(services.works.find(args.work).id)
    if args.json:
        ctx.print_json([{"member_id": r.member_id, "member": r.member_name, "status": r.status_label,
                         "has_impediment": r.has_impediment,
                         "declared_on": r.declared_on.isoformat() if r.declared_on else None} for r in rows])
    else:
        for r in rows:
            ctx.out(f"{r.member_name}: {r.status_label}")
    return 0

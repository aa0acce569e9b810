"""`veeduria users add NAME --role ROLE` and `veeduria users list [--json]`.

The new account's password comes from VEEDURIA_NEW_PASSWORD, else from VEEDURIA_PASSWORD when
nobody logs in (the very first account), else from a prompt asked twice. Once accounts exist,
the acting coordinator logs in with the global `--user` and VEEDURIA_PASSWORD.
"""
from __future__ import annotations

import argparse
import getpass
import os

from veeduria_app.domain.formats import short_datetime
from veeduria_app.services.accounts import ENV_NEW_PASSWORD, ENV_PASSWORD, ROLES, AuthenticationError
from veeduria_app.services.errors import ValidationError


def register(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser("users", help="cuentas de las personas que usan este equipo")
    sub = users.add_subparsers(dest="users_command", metavar="ACCIÓN", required=True)
    add = sub.add_parser("add", help="crea una cuenta (la primera debe ser de coordinación y activa el ingreso con clave)")
    add.add_argument("name", metavar="USUARIO")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default="", help="nombre completo que aparece en la bitácora")
    add.add_argument("--member", default=None, metavar="ID", help="integrante de la veeduría al que corresponde")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help="lista las cuentas")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)
    reset = sub.add_parser("reset-password", help="clave temporal para quien la olvidó (la cambia al ingresar)")
    reset.add_argument("name", metavar="USUARIO")
    reset.set_defaults(func=run_reset)
    for name, text, active in (("deactivate", "desactiva una cuenta (no se borra)", False),
                               ("activate", "reactiva una cuenta", True)):
        action = sub.add_parser(name, help=text)
        action.add_argument("name", metavar="USUARIO")
        action.set_defaults(func=run_set_active, active=active)


def new_password(logged_in: bool, username: str) -> str:
    value = os.environ.get(ENV_NEW_PASSWORD)
    if value is None and not logged_in:
        value = os.environ.get(ENV_PASSWORD)
    if value is not None:
        return value
    try:
        first = getpass.getpass(f"Clave nueva para {username}: ")
        second = getpass.getpass("Repita la clave: ")
    except (EOFError, KeyboardInterrupt):
        raise AuthenticationError(f"No se recibió la clave nueva: use {ENV_NEW_PASSWORD} o escríbala cuando se pida.") \
            from None
    if first != second:
        raise ValidationError("Las dos claves escritas no coinciden; no se creó la cuenta.")
    return first


def run_add(ctx, args) -> int:
    services = ctx.services
    logged_in = services.identity.authenticated
    password = new_password(logged_in, args.name)
    account = services.accounts.create(args.name, password, role=args.role, display_name=args.display_name,
                                       member_id=args.member)
    if args.json:
        ctx.print_json(account.to_json())
    else:
        ctx.out(f"Cuenta creada: {account.username} ({account.role_label}).")
        if account.role == "coordinador" and not logged_in:
            ctx.out("Desde ahora esta carpeta pide usuario y clave: use --user "
                    f"{account.username} con la clave en {ENV_PASSWORD} para cambiar información.")
    return 0


def run_list(ctx, args) -> int:
    accounts = ctx.services.accounts.list()
    if args.json:
        ctx.print_json([a.to_json() for a in accounts])
        return 0
    if not accounts:
        ctx.out("No hay cuentas: esta carpeta de datos está abierta (sin clave).")
    for a in accounts:
        last = short_datetime(a.last_login_at.astimezone()) if a.last_login_at else "nunca"
        state = "activa" if a.active else "desactivada"
        ctx.out(f"{a.username:<20} {a.role_label:<16} {state:<12} último ingreso: {last}  {a.display_name}")
    return 0


def run_reset(ctx, args) -> int:
    services = ctx.services
    account = services.accounts.reset_password(args.name, new_password(services.identity.authenticated, args.name))
    ctx.out(f"Clave temporal asignada a {account.username}; deberá cambiarla al ingresar.")
    return 0


def run_set_active(ctx, args) -> int:
    account = ctx.services.accounts.set_active(args.name, args.active)
    ctx.out(f"Cuenta {account.username} {'reactivada' if account.active else 'desactivada'}.")
    return 0

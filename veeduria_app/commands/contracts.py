"""`veeduria contracts ...` and `veeduria works link/unlink`: contracts from the command line.

Names and JSON keys are fixed by issue 3: `contracts import FILE [--format ...] [--work ID]
[--json]` prints a summary or an object with format/read/created/updated/unchanged/rejected;
exit 0 when the file was read (even with rejected rows), 2 when it could not be read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal, InvalidOperation

from veeduria_app.domain import formats
from veeduria_app.importers.detect import FORMATS
from veeduria_app.services.contracts import FUNDING_LABELS, BudgetAllocationDTO, BudgetFields, ContractFields, ContractQuery
from veeduria_app.services.errors import ValidationError

MANUAL_OPTIONS = [
    ("--number", "number", "número del contrato"),
    ("--secop-id", "secop_id", "ID del contrato en SECOP (CO1.PCCNTR.n)"),
    ("--entity", "entity", "entidad contratante"),
    ("--entity-nit", "entity_nit", "NIT de la entidad (con o sin dígito de verificación)"),
    ("--contractor", "contractor", "contratista"),
    ("--contractor-id", "contractor_id", "NIT o cédula del contratista"),
    ("--object", "object", "objeto del contrato"),
    ("--value", "initial_value", "valor inicial en pesos"),
    ("--start", "start_date", "fecha de inicio (AAAA-MM-DD o DD/MM/AAAA)"),
    ("--end", "end_date", "fecha de terminación prevista"),
    ("--status", "status", "estado"),
    ("--supervisor", "supervisor", "supervisor o interventor"),
    ("--bpin", "bpin", "código BPIN"),
    ("--url", "url", "enlace al proceso en SECOP"),
]


def register(subparsers: argparse._SubParsersAction) -> None:
    contracts = subparsers.add_parser("contracts", help="contratos, modificaciones, pagos y presupuesto")
    sub = contracts.add_subparsers(dest="contracts_command", metavar="ACCIÓN", required=True)

    imp = sub.add_parser("import", help="importa SECOP II/I, OCDS, OC4IDS o un presupuesto de obra")
    imp.add_argument("file", metavar="ARCHIVO")
    imp.add_argument("--format", default="auto", choices=FORMATS, help="formato (auto por defecto)")
    imp.add_argument("--work", default=None, help="obra a la que se vinculan los contratos importados")
    imp.add_argument("--contract", default=None, help="contrato al que pertenece un presupuesto de obra")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)

    lst = sub.add_parser("list", help="lista los contratos")
    lst.add_argument("--search", default="", help="número, contratista, NIT, entidad u objeto")
    lst.add_argument("--work", default="", help="solo los de esta obra")
    lst.add_argument("--all", action="store_true", help="incluye los archivados")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)

    show = sub.add_parser("show", help="muestra un contrato con modificaciones y pagos")
    show.add_argument("id", help="id interno, ID de SECOP o número")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    add = sub.add_parser("add", help="registra un contrato a mano")
    for flag, dest, text in MANUAL_OPTIONS:
        add.add_argument(flag, dest=dest, help=text, default=None)
    add.add_argument("--work", default=None, help="obra a la que se vincula")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)

    mod = sub.add_parser("add-modification", help="registra una modificación (adición, prórroga, suspensión…)")
    mod.add_argument("id", help="contrato (id, ID de SECOP o número)")
    mod.add_argument("--kind", required=True, choices=["adicion", "prorroga", "suspension", "reinicio", "cesion", "otrosi"])
    mod.add_argument("--date", required=True, help="fecha del acto (AAAA-MM-DD o DD/MM/AAAA)")
    mod.add_argument("--value", default=None, help="valor adicionado en pesos (negativo si reduce)")
    mod.add_argument("--days", type=int, default=None, help="días prorrogados")
    mod.add_argument("--end", default=None, help="fin de la suspensión, si el acta lo fija")
    mod.add_argument("--act", default="", help="número del acto")
    mod.add_argument("--reason", default="", help="justificación")
    mod.set_defaults(func=run_add_modification)

    pay = sub.add_parser("add-payment", help="registra un pago (anticipo, acta parcial, acta final)")
    pay.add_argument("id", help="contrato (id, ID de SECOP o número)")
    pay.add_argument("--date", required=True)
    pay.add_argument("--amount", required=True, help="valor en pesos")
    pay.add_argument("--kind", default="pago", choices=["anticipo", "acta_parcial", "acta_final", "pago"])
    pay.add_argument("--document", default="", help="documento soporte")
    pay.set_defaults(func=run_add_payment)

    _register_budget(sub)

    works = subparsers.choices.get("works")
    if works is not None:  # `works link/unlink` live with the works group the user knows
        action = next(a for a in works._actions if isinstance(a, argparse._SubParsersAction))
        link = action.add_parser("link", help="vincula un contrato a una obra")
        link.add_argument("work_id", metavar="WORK_ID")
        link.add_argument("contract_id", metavar="CONTRACT_ID")
        link.add_argument("--json", action="store_true")
        link.set_defaults(func=run_link)
        unlink = action.add_parser("unlink", help="desvincula un contrato de una obra")
        unlink.add_argument("work_id", metavar="WORK_ID")
        unlink.add_argument("contract_id", metavar="CONTRACT_ID")
        unlink.set_defaults(func=run_unlink)


BUDGET_OPTIONS = [
    ("--vigencia", "vigencia", "año del presupuesto, p. ej. 2026"),
    ("--rubro", "rubro", "rubro presupuestal (código y nombre)"),
    ("--fuente", "funding_source", "fuente de financiación: " + ", ".join(FUNDING_LABELS)),
    ("--valor", "amount", "valor asignado en pesos"),
    ("--cdp", "cdp_number", "número del CDP"),
    ("--cdp-valor", "cdp_amount", "valor del CDP en pesos"),
    ("--rp", "rp_number", "número del RP"),
    ("--rp-valor", "rp_amount", "valor del RP en pesos"),
    ("--descripcion", "description", "descripción"),
]
"""`contracts budget add/edit` options -> BudgetFields names (money options take `$ 1.234.567`)."""
BUDGET_MONEY = {"amount": "valor asignado", "cdp_amount": "valor del CDP", "rp_amount": "valor del RP"}
BUDGET_METAVARS = {"vigencia": "AÑO", "funding_source": "FUENTE", "amount": "PESOS", "cdp_amount": "PESOS",
                   "rp_amount": "PESOS"}


def _register_budget(sub: argparse._SubParsersAction) -> None:
    budget = sub.add_parser("budget", help="asignaciones presupuestales de un contrato (vigencia, fuente, CDP, RP)")
    actions = budget.add_subparsers(dest="budget_command", metavar="ACCIÓN", required=True)
    lst = actions.add_parser("list", help="lista las asignaciones de un contrato")
    lst.add_argument("contract", metavar="CONTRACT_ID", help="contrato (id, ID de SECOP o número)")
    lst.add_argument("--all", action="store_true", help="incluye las retiradas")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_budget_list)
    add = actions.add_parser("add", help="registra una asignación (CDP y RP)")
    add.add_argument("contract", metavar="CONTRACT_ID", help="contrato (id, ID de SECOP o número)")
    for flag, dest, text in BUDGET_OPTIONS:
        add.add_argument(flag, dest=dest, help=text, default=None, metavar=BUDGET_METAVARS.get(dest, "TEXTO"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_budget_add)
    edit = actions.add_parser("edit", help="corrige una asignación; lo que no se indique se conserva")
    edit.add_argument("allocation", metavar="ASIGNACION_ID")
    for flag, dest, text in BUDGET_OPTIONS:
        edit.add_argument(flag, dest=dest, help=text, default=None, metavar=BUDGET_METAVARS.get(dest, "TEXTO"))
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(func=run_budget_edit)
    remove = actions.add_parser("remove", help="retira una asignación (queda en el historial)")
    remove.add_argument("allocation", metavar="ASIGNACION_ID")
    remove.set_defaults(func=run_budget_archive, archived=True)
    restore = actions.add_parser("restore", help="restaura una asignación retirada")
    restore.add_argument("allocation", metavar="ASIGNACION_ID")
    restore.set_defaults(func=run_budget_archive, archived=False)


def _budget_fields(args, base: BudgetAllocationDTO | None = None) -> BudgetFields:
    """Options given on the command line over the stored values (all of them parsed before saving)."""
    values: dict = {}
    if base is not None:
        values = {name: getattr(base, name) for _flag, name, _text in BUDGET_OPTIONS}
    for _flag, name, _text in BUDGET_OPTIONS:
        given = getattr(args, name)
        if given is None:
            continue
        if name in BUDGET_MONEY:
            given = _pesos(given, BUDGET_MONEY[name]) if given.strip() else None
        values[name] = given
    return BudgetFields(**{k: v for k, v in values.items() if v is not None})


def _budget_line(b: BudgetAllocationDTO) -> str:
    parts = [str(b.vigencia or "sin vigencia"), b.funding_label, b.rubro or b.description or ""]
    if b.amount is not None:
        parts.append(f"valor {formats.money(b.amount)}")
    if b.cdp_number or b.cdp_amount is not None:
        parts.append(f"CDP {b.cdp_number or ''} {formats.money(b.cdp_amount)}".replace("  ", " ").strip())
    if b.rp_number or b.rp_amount is not None:
        parts.append(f"RP {b.rp_number or ''} {formats.money(b.rp_amount)}".replace("  ", " ").strip())
    if b.archived:
        parts.append("(retirada)")
    return " · ".join(p for p in parts if p)


def run_budget_list(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.contract)
    items = ctx.services.contracts.budget(contract.id, include_archived=args.all)
    if args.json:
        ctx.print_json([b.to_json() for b in items])
        return 0
    for b in items:
        ctx.out(f"{_budget_line(b)}\n  id: {b.id} · {b.source.label}")
    ctx.out(f"{len(items)} asignaciones del contrato {contract.number or contract.secop_id or contract.source_key}")
    return 0


def run_budget_add(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.contract)
    added = ctx.services.contracts.add_budget(contract.id, _budget_fields(args))
    if args.json:
        ctx.print_json(added.to_json())
    else:
        ctx.out(added.id)
    return 0


def run_budget_edit(ctx, args) -> int:
    current = ctx.services.contracts.get_budget(args.allocation)
    edited = ctx.services.contracts.update_budget(current.id, _budget_fields(args, current),
                                                  expected_version=current.version)
    if args.json:
        ctx.print_json(edited.to_json())
    else:
        ctx.out(_budget_line(edited))
    return 0


def run_budget_archive(ctx, args) -> int:
    changed = ctx.services.contracts.archive_budget(args.allocation, archived=args.archived)
    ctx.out(f"Asignación {'retirada' if args.archived else 'restaurada'}: {_budget_line(changed)}")
    return 0


def run_import(ctx, args) -> int:
    def progress(done: int, total: int, message: str) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{message}…", end="", file=sys.stderr)

    result = ctx.services.imports.import_file(args.file, args.format, work_id=args.work, contract_id=args.contract,
                                              progress=progress)
    if args.json:
        ctx.print_json(result.to_json())
        return 0
    ctx.out(result.summary())
    for error in result.rejected[:50]:
        ctx.out(f"  fila {error.row}: {error.reason}")
    if len(result.rejected) > 50:
        ctx.out(f"  … y {len(result.rejected) - 50} filas rechazadas más (use --json para verlas todas)")
    return 0


def run_list(ctx, args) -> int:
    query = ContractQuery(text=args.search, work_id=args.work, include_archived=args.all)
    items = ctx.services.contracts.list(query)
    if args.json:
        ctx.print_json([c.to_json() for c in items])
        return 0
    for c in items:
        ctx.out(f"{c.number or c.secop_id or c.source_key} · {c.contractor or 'sin contratista'} · "
                f"{formats.money(c.current_value) or 'sin valor'} · {c.status or ''}\n  id: {c.id}")
    ctx.out(f"{len(items)} contratos")
    return 0


def run_show(ctx, args) -> int:
    c = ctx.services.contracts.find(args.id)
    if args.json:
        ctx.print_json(c.to_json())
        return 0
    lines = [
        f"Contrato {c.number or ''} {('(' + c.secop_id + ')') if c.secop_id else ''}".strip(),
        f"  id: {c.id}",
        f"  entidad: {c.entity or ''} · NIT {c.entity_nit_display}",
        f"  contratista: {c.contractor or ''} · {c.contractor_id or ''}",
        f"  objeto: {c.object or ''}",
        f"  valor inicial: {formats.money(c.initial_value)} · valor actual: {formats.money(c.current_value)}"
        f" · pagado: {formats.money(c.paid_value)}",
        f"  plazo: {formats.short_date(c.start_date)} a {formats.short_date(c.end_date)}"
        f" (fin actual {formats.short_date(c.current_end_date)})",
        f"  estado: {c.status or ''} · fuente: {c.source.label}",
    ]
    for m in c.modifications:
        lines.append(f"  {formats.short_date(m.date)} {m.kind_label} {formats.money(m.value_change)} "
                     f"{(str(m.days_change) + ' días') if m.days_change else ''} {m.reason or ''}".rstrip())
    for p in c.payments:
        lines.append(f"  {formats.short_date(p.date)} {p.kind_label} {formats.money(p.amount)}")
    if c.budget:
        lines.append("  presupuesto asignado:")
        lines.extend(f"    {_budget_line(b)}" for b in c.budget)
    if c.milestones:
        lines.append("  hitos:")
        for h in c.milestones:
            met = f" el {formats.short_date(h.date_met)}" if h.date_met else ""
            value = ""
            if h.value is not None:
                value = " · " + (formats.money(h.value) if h.currency in (None, "COP") else f"{h.currency} {formats.number(h.value)}")
            lines.append(f"    {formats.short_date(h.due_date) or 'sin fecha'} {h.title or h.source_id or ''}"
                         f" · {h.status_label or 'sin estado'}{met}{value}")
    if c.url:
        lines.append(f"  {c.url}")
    ctx.out("\n".join(lines))
    return 0


def _parse_cli_date(text: str | None, label: str):
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"La {label} «{text}» no es una fecha: use AAAA-MM-DD o DD/MM/AAAA.")


def run_add(ctx, args) -> int:
    fields = ContractFields()
    for _flag, dest, _text in MANUAL_OPTIONS:
        value = getattr(args, dest)
        if value is None:
            continue
        if dest == "initial_value":
            try:
                value = Decimal(value.replace(".", "").replace(",", ".").replace("$", "").strip())
            except InvalidOperation:
                raise ValidationError(f"El valor «{value}» no es un número.") from None
        elif dest in ("start_date", "end_date"):
            value = _parse_cli_date(value, "fecha de inicio" if dest == "start_date" else "fecha de terminación")
        setattr(fields, dest, value)
    contract = ctx.services.contracts.create(fields, work_id=args.work)
    if args.json:
        ctx.print_json(contract.to_json())
    else:
        ctx.out(contract.id)
    return 0


def run_link(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.contract_id)
    contract = ctx.services.contracts.link(contract.id, args.work_id)
    if args.json:
        ctx.print_json(contract.to_json())
    else:
        ctx.out(f"Contrato {contract.number or contract.secop_id} vinculado a la obra {args.work_id}.")
    return 0


def run_unlink(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.contract_id)
    ctx.services.contracts.unlink(contract.id, args.work_id)
    ctx.out(f"Contrato {contract.number or contract.secop_id} desvinculado de la obra {args.work_id}.")
    return 0


def _pesos(text: str | None, label: str):
    if text is None:
        return None
    clean = text.replace("$", "").replace(" ", "")
    negative = clean.startswith("-")
    clean = clean.lstrip("-").replace(".", "").replace(",", ".")
    try:
        value = Decimal(clean)
    except InvalidOperation:
        raise ValidationError(f"El {label} «{text}» no es un número.") from None
    return -value if negative else value


def run_add_modification(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.id)
    mod = ctx.services.contracts.add_modification(
        contract.id, args.kind, _parse_cli_date(args.date, "fecha del acto"), value_change=_pesos(args.value, "valor"),
        days_change=args.days, end_date=_parse_cli_date(args.end, "fecha de fin de la suspensión"),
        act_number=args.act, reason=args.reason)
    ctx.out(mod.id)
    return 0


def run_add_payment(ctx, args) -> int:
    contract = ctx.services.contracts.find(args.id)
    pay = ctx.services.contracts.add_payment(contract.id, _parse_cli_date(args.date, "fecha del pago"),
                                             _pesos(args.amount, "valor"), args.kind, args.document)
    ctx.out(pay.id)
    return 0

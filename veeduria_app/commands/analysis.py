"""`veeduria progress | alerts | findings`: contract against observation from the command line."""
from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from veeduria_app.domain import formats
from veeduria_app.domain.alerts import THRESHOLD_LABELS, json_ready
from veeduria_app.domain.findings import NATURES, STATUSES, FindingFields
from veeduria_app.services.errors import ValidationError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha no válida «{text}»; use AAAA-MM-DD") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    prog = subparsers.add_parser("progress", help="avance de una obra: tiempo, dinero, observado, reportado")
    prog.add_argument("--work", required=True, metavar="ID", help="identificador de la obra")
    prog.add_argument("--date", type=_date, metavar="AAAA-MM-DD", help="fecha de corte (hoy por defecto)")
    prog.add_argument("--json", action="store_true")
    prog.set_defaults(func=run_progress)

    al = subparsers.add_parser("alerts", help="alertas (banderas rojas) a una fecha")
    al.add_argument("--work", metavar="ID", help="solo esta obra (todas por defecto)")
    al.add_argument("--date", type=_date, metavar="AAAA-MM-DD", help="fecha de corte (hoy por defecto)")
    al.add_argument("--all", action="store_true", help="incluye las alertas marcadas como revisadas")
    al.add_argument("--review", metavar="CÓDIGO", help="marca esta alerta de la obra como revisada")
    al.add_argument("--reason", default="", help="motivo de la revisión (obligatorio con --review)")
    al.add_argument("--json", action="store_true")
    al.set_defaults(func=run_alerts)

    th = subparsers.add_parser("thresholds", help="umbrales de las alertas (ver o cambiar)")
    th.add_argument("--set", action="append", default=[], metavar="CLAVE=VALOR",
                    help="cambia un umbral (repetible); claves: " + ", ".join(THRESHOLD_LABELS))
    th.add_argument("--json", action="store_true")
    th.set_defaults(func=run_thresholds)

    sm = subparsers.add_parser("smmlv", help="salario mínimo por año (para el límite de adiciones)")
    sm.add_argument("--set", nargs=2, metavar=("AÑO", "VALOR"), help="agrega o corrige el valor de un año")
    sm.add_argument("--json", action="store_true")
    sm.set_defaults(func=run_smmlv)

    fi = subparsers.add_parser("findings", help="hallazgos de la veeduría")
    sub = fi.add_subparsers(dest="findings_command", metavar="ACCIÓN", required=True)
    add = sub.add_parser("add", help="registra un hallazgo (o lo crea desde una alerta)")
    add.add_argument("--work", required=True, metavar="ID")
    add.add_argument("--title", help="título (obligatorio salvo con --from-alert)")
    add.add_argument("--from-alert", metavar="CÓDIGO", help="crea el borrador desde esta alerta de la obra")
    add.add_argument("--again", action="store_true",
                     help="con --from-alert: crea otro hallazgo aunque ya haya uno desde esa alerta")
    add.add_argument("--condition", default="", help="condición: lo que se encontró")
    add.add_argument("--criterion", default="", help="criterio: norma o cláusula")
    add.add_argument("--cause", default="")
    add.add_argument("--effect", default="")
    add.add_argument("--nature", default="ninguna", help="naturaleza presunta: " + ", ".join(NATURES))
    add.add_argument("--recommendation", default="")
    add.add_argument("--photo", action="append", default=[], metavar="ID", help="foto vinculada (repetible)")
    add.add_argument("--document", action="append", default=[], metavar="REF", help="documento vinculado")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_findings_add)

    lst = sub.add_parser("list", help="lista los hallazgos")
    lst.add_argument("--work", metavar="ID")
    lst.add_argument("--status", choices=list(STATUSES))
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_findings_list)

    st = sub.add_parser("status", help="avanza el estado de un hallazgo")
    st.add_argument("id")
    st.add_argument("--to", required=True, choices=[s for s in STATUSES if s != "borrador"])
    st.add_argument("--date", type=_date, metavar="AAAA-MM-DD", help="fecha del cambio (hoy por defecto)")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_findings_status)


def _work_id(ctx, text: str) -> str:
    return ctx.services.works.find(text).id


def run_progress(ctx, args: argparse.Namespace) -> int:
    dto = ctx.services.analysis.progress(_work_id(ctx, args.work), args.date)
    if args.json:
        ctx.print_json(dto.to_json())
        return 0
    s = dto.snapshot
    ctx.out(f"{dto.work_name} — avance al {formats.short_date(s.as_of)}")
    if not s.has_contract:
        ctx.out("  (la obra no tiene contrato vinculado: solo se muestra lo observado)")
    rows = [
        ("Tiempo transcurrido", formats.percent(s.time_pct)),
        ("Avance programado", formats.percent(s.planned_pct)),
        ("Avance observado", formats.percent(s.physical_pct)
         + (f" (visita del {formats.short_date(s.physical_date)})" if s.physical_date else "")),
        ("Avance reportado", formats.percent(s.reported_pct)),
        ("Avance financiero", formats.percent(s.financial_pct)),
        ("Valor actual", formats.money(s.current_value) or "—"),
        ("Pagado (con anticipo)", (formats.money(s.paid_value) + f" ({formats.percent(s.paid_pct)})")
         if s.paid_value is not None else "—"),
        ("Anticipo", formats.money(s.advance_value) or "—"),
        ("Fin del plazo vigente", formats.short_date(s.current_end_date) or "—"),
    ]
    for label, value in rows:
        ctx.out(f"  {label:<24} {value}")
    return 0


def run_alerts(ctx, args: argparse.Namespace) -> int:
    analysis = ctx.services.analysis
    work_id = _work_id(ctx, args.work) if args.work else None
    if args.review:
        if not work_id:
            raise ValidationError("Para marcar una alerta como revisada indique la obra con --work.")
        review = analysis.review_alert(work_id, args.review, args.reason, as_of=args.date)
        if args.json:
            ctx.print_json({"work_id": review.work_id, "code": review.code, "reason": review.reason,
                            "reviewed_by": review.reviewed_by, "reviewed_at": review.reviewed_at.isoformat()})
        else:
            ctx.out(f"Alerta {review.code} marcada como revisada; se ocultará mientras sus cifras no cambien.")
        return 0
    found = analysis.alerts(work_id, as_of=args.date, include_reviewed=args.all)
    if args.json:
        ctx.print_json([a.to_json() for a in found])
        return 0
    if not found:
        ctx.out("Sin alertas a la fecha.")
        return 0
    for a in found:
        mark = " (revisada)" if a.reviewed else ""
        ctx.out(f"[{a.severity_label.upper()}] {a.code} — {a.work_name}{mark}\n  {a.message}\n  Fundamento: {a.basis}")
    return 0


def run_findings_add(ctx, args: argparse.Namespace) -> int:
    findings = ctx.services.findings
    work_id = _work_id(ctx, args.work)
    if args.from_alert:
        existing = findings.from_alert(work_id, args.from_alert)
        if existing and not args.again:  # as the GUI asks: a second one is usually a slip
            raise ValidationError(f"Ya existe {existing[0].code} «{existing[0].title}» creado desde esa alerta; "
                                  "use --again para crear otro.", field="from_alert")
        dto = findings.create_from_alert(work_id, args.from_alert, title=args.title)
    else:
        if not (args.title or "").strip():
            raise ValidationError("Indique el título del hallazgo con --title (o use --from-alert).")
        fields = FindingFields(title=args.title, condition=args.condition, criterion=args.criterion,
                               cause=args.cause, effect=args.effect, nature=args.nature,
                               recommendation=args.recommendation)
        links = tuple(("foto", p, p) for p in args.photo) + tuple(("documento", d, d) for d in args.document)
        dto = findings.create(work_id, fields, links=links)
    if args.from_alert:
        for photo in args.photo:
            dto = findings.add_link(dto.id, "foto", photo, photo)
        for doc in args.document:
            dto = findings.add_link(dto.id, "documento", doc, doc)
    if args.json:
        ctx.print_json(dto.to_json())
    else:
        ctx.out(f"Hallazgo {dto.code} registrado ({dto.status_label}): {dto.title}\n  id: {dto.id}")
    return 0


def run_findings_list(ctx, args: argparse.Namespace) -> int:
    work_id = _work_id(ctx, args.work) if args.work else None
    found = ctx.services.findings.list(work_id, status=args.status)
    if args.json:
        ctx.print_json([f.to_json() for f in found])
        return 0
    if not found:
        ctx.out("No hay hallazgos registrados.")
    for f in found:
        ctx.out(f"{f.code} [{f.status_label}] {f.title} — {f.work_name} ({formats.short_date(f.found_on)})"
                f"\n  naturaleza presunta: {f.nature_label} · id: {f.id}")
    return 0


def run_findings_status(ctx, args: argparse.Namespace) -> int:
    dto = ctx.services.findings.set_status(args.id, args.to, on=args.date)
    if args.json:
        ctx.print_json(dto.to_json())
    else:
        ctx.out(f"Hallazgo {dto.code}: {dto.status_label}.")
    return 0


def run_thresholds(ctx, args: argparse.Namespace) -> int:
    analysis = ctx.services.analysis
    if args.set:
        values = {}
        for item in args.set:
            key, sep, value = item.partition("=")
            if not sep or key.strip() not in THRESHOLD_LABELS:
                raise ValidationError(f"Umbral «{item}» no válido; use CLAVE=VALOR con una de: "
                                      f"{', '.join(THRESHOLD_LABELS)}.")
            values[key.strip()] = value.strip()
        analysis.set_thresholds(values)
    current = analysis.thresholds().as_settings()
    if args.json:
        ctx.print_json({k: json_ready(Decimal(str(v))) for k, v in current.items()})
        return 0
    for key, label in THRESHOLD_LABELS.items():
        ctx.out(f"  {label:<55} {current[key]}  ({key})")
    return 0


def run_smmlv(ctx, args: argparse.Namespace) -> int:
    analysis = ctx.services.analysis
    table = analysis.set_smmlv(*args.set) if args.set else analysis.smmlv_table()
    if args.json:
        ctx.print_json({str(year): json_ready(value) for year, value in sorted(table.values.items())})
        return 0
    for year, value in sorted(table.values.items()):
        ctx.out(f"  {year}  {formats.money(value)}")
    return 0

"""`veeduria report …` and `veeduria verify FILE.pdf`: formal printed documents and their check.

report work ID --out FILE.pdf [--from DATE] [--to DATE]   informe de veeduría
report inspection ID --out FILE.pdf                       acta de visita
report accountability --out FILE.pdf [--localidad N]      rendición de cuentas
report oficio CODE --out FILE.pdf --to-name … --to-entity …  oficio remisorio of an informe
report list [--work ID]                                   issued documents
verify FILE.pdf                                           exit 0 «válido», exit 1 with the reason
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from veeduria_app.domain.spanish import count_noun
from veeduria_app.domain import formats
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.reports import IssuedReportDTO, Recipient


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha no válida «{text}»; use AAAA-MM-DD") from None


def _text_file(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError(f"No se encontró el archivo de texto {path}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"El archivo {path} no está en UTF-8; guárdelo como UTF-8.") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    rep = subparsers.add_parser("report", help="documentos impresos: informe, acta, rendición de cuentas, oficio")
    sub = rep.add_subparsers(dest="report_command", metavar="DOCUMENTO", required=True)

    work = sub.add_parser("work", help="informe de veeduría de una obra y un periodo")
    work.add_argument("id", metavar="ID", help="identificador de la obra (o su inicio)")
    work.add_argument("--out", required=True, metavar="ARCHIVO.pdf", help="dónde guardar la copia del PDF")
    work.add_argument("--from", dest="date_from", type=_date, metavar="AAAA-MM-DD", help="inicio del periodo")
    work.add_argument("--to", dest="date_to", type=_date, metavar="AAAA-MM-DD", help="fin del periodo")
    work.add_argument("--conclusions-file", metavar="ARCHIVO.txt", help="conclusiones (párrafos separados por "
                      "una línea en blanco); si falta se usa el texto de reports/informe_veeduria.txt")
    work.add_argument("--requests-file", metavar="ARCHIVO.txt", help="solicitudes, una por línea")
    work.add_argument("--corrects", metavar="CÓDIGO", help="emite una nueva versión que corrige este informe")
    work.add_argument("--json", action="store_true")
    work.set_defaults(func=run_work)

    ins = sub.add_parser("inspection", help="acta de una visita")
    ins.add_argument("id", metavar="ID", help="identificador de la visita (o su inicio)")
    ins.add_argument("--out", required=True, metavar="ARCHIVO.pdf")
    ins.add_argument("--corrects", metavar="CÓDIGO", help="emite una nueva versión que corrige esta acta")
    ins.add_argument("--json", action="store_true")
    ins.set_defaults(func=run_inspection)

    acc = sub.add_parser("accountability", help="informe de rendición de cuentas a la comunidad")
    acc.add_argument("--out", required=True, metavar="ARCHIVO.pdf")
    acc.add_argument("--localidad", metavar="N", help="solo las obras de esta localidad (número o nombre)")
    acc.add_argument("--ucg", metavar="UCG", help="solo las obras de esta Unidad Comunera de Gobierno "
                     "(número o nombre: 1, «UCG 1», «Área rural (corregimientos)»)")
    acc.add_argument("--from", dest="date_from", type=_date, metavar="AAAA-MM-DD")
    acc.add_argument("--to", dest="date_to", type=_date, metavar="AAAA-MM-DD")
    acc.add_argument("--json", action="store_true")
    acc.set_defaults(func=run_accountability)

    ofi = sub.add_parser("oficio", help="oficio remisorio (GTC 185) que radica un informe ante una autoridad")
    ofi.add_argument("informe", metavar="CÓDIGO", help="código del informe emitido (INF-AAAA-NNNN)")
    ofi.add_argument("--out", required=True, metavar="ARCHIVO.pdf")
    ofi.add_argument("--to-title", default="Doctor(a)", help="tratamiento: Doctora, Ingeniero, Señor…")
    ofi.add_argument("--to-name", required=True, help="nombre del destinatario")
    ofi.add_argument("--to-position", required=True, help="cargo del destinatario")
    ofi.add_argument("--to-entity", required=True, help="entidad (Alcaldía, Personería, Contraloría…)")
    ofi.add_argument("--to-address", default="", help="dirección de la entidad")
    ofi.add_argument("--copy", action="append", default=[], metavar="ENTIDAD", help="con copia a (repetible)")
    ofi.add_argument("--json", action="store_true")
    ofi.set_defaults(func=run_oficio)

    lst = sub.add_parser("list", help="documentos emitidos (más recientes primero)")
    lst.add_argument("--work", metavar="ID", help="solo los de esta obra")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)

    ver = subparsers.add_parser("verify", help="comprueba si un PDF fue emitido por esta veeduría y está intacto")
    ver.add_argument("file", metavar="ARCHIVO.pdf")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=run_verify)


def _issued(ctx, args: argparse.Namespace, issued: IssuedReportDTO) -> int:
    if args.json:
        ctx.print_json({**issued.to_json(), "out": str(Path(args.out))})
        return 0
    ctx.out(f"Emitido {issued.kind_label.lower()} {issued.display_code}: {count_noun(issued.page_count, 'página')}, "
            f"{formats.number(issued.pdf_size / 1024, 0)} kB → {args.out}")
    ctx.out(f"  SHA-256 {issued.pdf_sha256}")
    ctx.out(f"  Copia archivada: {issued.file_path}")
    return 0


def run_work(ctx, args: argparse.Namespace) -> int:
    issued = ctx.services.reports.issue_informe(
        ctx.services.works.find(args.id).id, period_from=args.date_from, period_to=args.date_to,
        conclusions=_text_file(args.conclusions_file), requests=_text_file(args.requests_file),
        corrects=args.corrects, out=Path(args.out))
    return _issued(ctx, args, issued)


def run_inspection(ctx, args: argparse.Namespace) -> int:
    issued = ctx.services.reports.issue_acta(args.id, corrects=args.corrects, out=Path(args.out))
    return _issued(ctx, args, issued)


def run_accountability(ctx, args: argparse.Namespace) -> int:
    issued = ctx.services.reports.issue_accountability(localidad=args.localidad or "", ucg=args.ucg or "",
                                                       period_from=args.date_from, period_to=args.date_to,
                                                       out=Path(args.out))
    return _issued(ctx, args, issued)


def run_oficio(ctx, args: argparse.Namespace) -> int:
    recipient = Recipient(title=args.to_title, name=args.to_name, position=args.to_position, entity=args.to_entity,
                          address=args.to_address)
    issued = ctx.services.reports.issue_oficio(args.informe, recipient, copies=tuple(args.copy), out=Path(args.out))
    return _issued(ctx, args, issued)


def run_list(ctx, args: argparse.Namespace) -> int:
    work_id = ctx.services.works.find(args.work).id if args.work else None
    rows = ctx.services.reports.history(work_id)
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        ctx.out("No se han emitido documentos.")
        return 0
    for r in rows:
        ctx.out(f"{r.display_code:<18} {formats.short_datetime(r.issued_at.astimezone())}  {r.kind_label:<32} "
                f"{r.page_count:>3} pág.  {r.title}")
    return 0


def run_verify(ctx, args: argparse.Namespace) -> int:
    result = ctx.services.reports.verify(Path(args.file))
    if args.json:
        ctx.print_json(result.to_json())
    else:
        ctx.out(result.message)
    return 0 if result.ok else 1

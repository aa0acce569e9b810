"""`veeduria audit [--json]`: the audit trail, newest first."""
from __future__ import annotations

import argparse

from veeduria_app.domain.formats import short_datetime


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="muestra la bitácora de cambios (lo más reciente primero)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--by", dest="actor", default=None, help="solo los cambios de esta persona (usuario)")
    parser.add_argument("--record", dest="entity_id", default=None, help="solo los cambios de este registro (id)")
    parser.add_argument("--limit", type=int, default=None)
    parser.set_defaults(func=run_audit)


def run_audit(ctx, args) -> int:
    entries = ctx.services.audit.list(actor=args.actor, entity_id=args.entity_id, limit=args.limit)
    if args.json:
        ctx.print_json([e.to_json() for e in entries])
        return 0
    for e in entries:
        ctx.out(f"{short_datetime(e.at.astimezone())}  {e.actor:<14} {e.action:<8} {e.summary}")
    return 0

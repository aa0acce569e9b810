"""`veeduria demo [--reset]`: the training demo."""
from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="carga los datos de demostración para capacitación")
    parser.add_argument("--reset", action="store_true", help="restablece la demostración a su estado inicial")
    parser.set_defaults(func=run_demo)


def run_demo(ctx, args: argparse.Namespace) -> int:
    services = ctx.services
    if services.demo.is_demo() and not args.reset:
        ctx.out(f"La demostración ya estaba cargada en {services.data_folder.path}; use --reset para restablecerla.")
        return 0
    count = services.demo.load(reset=args.reset)
    ctx.out(f"Demostración cargada: {count} obras en {ctx.services.data_folder.path} (MODO CAPACITACIÓN).")
    return 0

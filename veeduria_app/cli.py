"""The `veeduria` command: every service usable headless, with Spanish messages.

veeduria [--data-dir DIR] [--db-url URL] [--user NAME] COMMAND ...
Without a COMMAND it opens the desktop application on the same data folder.
Command groups live in veeduria_app/commands/; each registers its sub-commands here.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from typing import Any, Callable, Optional, Sequence

from veeduria_app import __version__
from veeduria_app.logs import configure_logging, log_path
from veeduria_app.services.errors import ServiceError

COMMAND_MODULES = [
    "veeduria_app.commands.demo",
    "veeduria_app.commands.works",
    "veeduria_app.commands.contracts",
    "veeduria_app.commands.profile",
    "veeduria_app.commands.audit",
    "veeduria_app.commands.inspections",
    "veeduria_app.commands.photos",
    "veeduria_app.commands.petitions",
    "veeduria_app.commands.analysis",
    "veeduria_app.commands.db",
    "veeduria_app.commands.accounts",
    "veeduria_app.commands.backups",
    "veeduria_app.commands.packages",
    "veeduria_app.commands.reports",
]

_ARGPARSE_ES = [
    ("the following arguments are required:", "faltan argumentos obligatorios:"),
    ("unrecognized arguments:", "argumentos no reconocidos:"),
    ("invalid choice:", "opción no válida:"),
    ("choose from", "elija entre"),
    ("expected one argument", "se esperaba un valor"),
    ("invalid int value:", "no es un número entero:"),
    ("invalid float value:", "no es un número:"),
    ("argument ", "argumento "),
    ("not allowed with argument", "no se permite junto con"),
]


_HELP_ES = [
    ("usage: ", "uso: "),
    ("positional arguments:", "argumentos:"),
    ("optional arguments:", "opciones:"),
    ("options:", "opciones:"),
    ("show this help message and exit", "muestra esta ayuda y termina"),
    ("show program's version number and exit", "muestra la versión y termina"),
]


def _spanish(text: str, pairs: list[tuple[str, str]]) -> str:
    for english, spanish in pairs:
        text = text.replace(english, spanish)
    return text


class SpanishArgumentParser(argparse.ArgumentParser):
    """argparse in Spanish: its help and usage texts, and usage errors in one line, exit 2."""

    def format_help(self) -> str:
        return _spanish(super().format_help(), _HELP_ES)

    def format_usage(self) -> str:
        return _spanish(super().format_usage(), _HELP_ES)

    def error(self, message: str) -> None:  # type: ignore[override]
        program = self.prog.split()[0]  # «veeduria» for every command, «veeduria-gui» for the window
        self.exit(2, f"{program}: error: {_spanish(message, _ARGPARSE_ES)}\n")


class CliContext:
    """What a command handler needs: lazily built services and output helpers."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._services = None

    @property
    def services(self):
        if self._services is None:
            from veeduria_app.services.container import build_services
            from veeduria_app.services.data_folder import DataFolder

            self._services = build_services(DataFolder.open(self.args.data_dir), self.args.db_url)
            login = getattr(self._services, "cli_login", None)
            if callable(login):
                login(self.args.user)
        return self._services

    def print_json(self, obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))

    def out(self, text: str = "") -> None:
        print(text)

    def warn(self, text: str) -> None:
        print(f"Aviso: {text}", file=sys.stderr)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


def build_parser() -> argparse.ArgumentParser:
    parser = SpanishArgumentParser(
        prog="veeduria",
        description="Veeduría ciudadana: seguimiento a obras públicas (Ley 850 de 2003). "
        "Sin COMANDO se abre la aplicación de escritorio.",
    )
    parser.add_argument("--version", action="version", version=f"veeduria {__version__}")
    parser.add_argument("--data-dir", metavar="CARPETA", help="carpeta de datos (por defecto la del usuario; "
                        "también VEEDURIA_DATA_DIR)")
    parser.add_argument("--db-url", metavar="URL", help="base de datos SQLAlchemy (por ejemplo PostgreSQL; "
                        "también VEEDURIA_DB_URL)")
    parser.add_argument("--user", metavar="USUARIO", help="cuenta con la que se actúa (clave en VEEDURIA_PASSWORD)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=SpanishArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _configure_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # pragma: no cover - replaced streams
            pass


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValueError(message)


def _gui_arguments(argv: Sequence[str]) -> Optional[list[str]]:
    """The desktop application's arguments when no COMMAND was given, else None.

    Checked before the full parser is built: that would import every command module (and
    through them the database layer) only to open the window.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    base = _QuietParser(prog="veeduria", add_help=False)
    for option in ("--data-dir", "--db-url", "--user"):
        base.add_argument(option)
    try:
        known, rest = base.parse_known_args(argv)
    except ValueError:  # a malformed option: let the full parser explain it
        return None
    if rest:
        return None
    return [arg for pair in (("--data-dir", known.data_dir), ("--db-url", known.db_url)) if pair[1] for arg in pair]


def main(argv: Optional[Sequence[str]] = None) -> int:
    _configure_output()
    configure_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    gui_args = _gui_arguments(argv)
    if gui_args is not None:  # no command: open the desktop application
        from veeduria_app.app import main as gui_main

        return gui_main(gui_args)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Optional[Callable[[CliContext, argparse.Namespace], int]] = getattr(args, "func", None)
    if handler is None:  # pragma: no cover - _gui_arguments already sent this case to the window
        parser.print_usage(sys.stderr)
        return 2
    ctx = CliContext(args)
    try:
        return int(handler(ctx, args) or 0)
    except ServiceError as error:
        print(f"veeduria: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        return 0
    except KeyboardInterrupt:
        print("veeduria: operación interrumpida; no se guardó lo que estaba en curso.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: say so in Spanish, keep the details in the log
        logging.getLogger("veeduria").exception("Error inesperado")
        print(f"veeduria: error inesperado ({type(error).__name__}: {error}). No se guardó la operación en curso. "
              f"Detalles técnicos en {log_path()}", file=sys.stderr)
        return 70
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The window's options: the usual forms are read without argparse (whose first use loads
gettext and locale at every start) and must mean exactly what argparse would make of them;
anything else goes to argparse, which explains or refuses it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from veeduria_app.app import _argument_parser, _usual_arguments, parse_args


@pytest.mark.parametrize("argv", [
    [],
    ["--data-dir", "/datos/veeduria"],
    ["--data-dir=/datos/con espacios"],
    ["--db-url", "postgresql+psycopg://ana@servidor/veeduria", "--training"],
    ["--training", "--data-dir", "C:\\Users\\ana\\Veeduría", "--data-dir", "/otra"],  # the last one wins
    ["--db-url="],
])
def test_usual_forms_mean_what_argparse_makes_of_them(argv):
    usual = _usual_arguments(argv)
    assert usual is not None
    assert vars(usual) == vars(_argument_parser().parse_args(argv))
    assert vars(parse_args(argv)) == vars(usual)


@pytest.mark.parametrize("argv", [
    ["--data", "/datos"],  # an abbreviation argparse accepts
    ["--data-dir"],  # a missing value
    ["--data-dir", "--training"],
    ["--verbose"],
    ["extra"],
])
def test_anything_else_goes_to_argparse(argv, capsys):
    assert _usual_arguments(argv) is None
    try:
        expected = vars(_argument_parser().parse_args(argv))
    except SystemExit as refused:
        with pytest.raises(SystemExit) as ours:
            parse_args(argv)
        assert ours.value.code == refused.code == 2
        assert "veeduria-gui: error" in capsys.readouterr().err
    else:
        assert vars(parse_args(argv)) == expected


def test_a_usual_start_makes_no_gettext_lookup():
    """PySide itself imports argparse; building a parser is what asks gettext, which loads locale."""
    code = ("import sys\nfrom veeduria_app.app import parse_args\nparse_args(['--data-dir', 'x', '--training'])\n"
            "print(sorted(m for m in ('locale',) if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_help_and_mistakes_are_in_spanish(capsys):
    with pytest.raises(SystemExit) as done:
        parse_args(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("uso: veeduria-gui") and "opciones:" in shown and "modo capacitación" in shown
    assert "usage:" not in shown and "show this help" not in shown
    with pytest.raises(SystemExit) as done:
        parse_args(["--verbose"])
    assert done.value.code == 2
    assert "veeduria-gui: error: argumentos no reconocidos: --verbose" in capsys.readouterr().err


"""The `veeduria` command for the foundation: demo, works, audit, bad input (exit 2, Spanish, no write)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from veeduria_app.cli import main
from cli_run import run


@pytest.fixture
def folder(tmp_path):
    return str(tmp_path / "datos")


def test_demo_then_list_show_json(capsys, folder):
    code, out, _ = run(capsys, "--data-dir", folder, "demo")
    assert code == 0 and "capacitación" in out.lower()
    code, out, _ = run(capsys, "--data-dir", folder, "works", "list", "--json")
    works = json.loads(out)
    assert code == 0 and len(works) >= 12
    keys = {"id", "name", "type", "status", "localidad", "ucg", "barrio", "address", "lat", "lon", "entity", "bpin"}
    assert keys <= set(works[0])
    code, out, _ = run(capsys, "--data-dir", folder, "works", "show", works[0]["id"], "--json")
    assert json.loads(out)["id"] == works[0]["id"]


def test_add_prints_id_and_audit_is_newest_first(capsys, folder):
    code, out, err = run(capsys, "--data-dir", folder, "works", "add", "--name", "Parque de Olaya",
                         "--type", "parque", "--localidad", "2", "--lat", "10.4088", "--lon", "-75.4927")
    assert code == 0 and err == ""
    work_id = out.strip()
    code, out, _ = run(capsys, "--data-dir", folder, "works", "add", "--name", "Vía nueva", "--localidad", "3")
    second = out.strip()
    code, out, _ = run(capsys, "--data-dir", folder, "audit", "--json")
    entries = json.loads(out)
    assert [e["entity_id"] for e in entries[:2]] == [second, work_id]


@pytest.mark.parametrize("args, fragment", [
    (["works", "add", "--localidad", "2"], "--name"),
    (["works", "add", "--name", "X", "--localidad", "2", "--lat", "abc", "--lon", "-75.5"], "latitud"),
    (["works", "add", "--name", "X", "--localidad", "Localidad 9"], "localidad"),
    (["works", "add", "--name", "", "--localidad", "2"], "nombre"),
])
def test_bad_input_exits_2_with_one_spanish_line_and_writes_nothing(capsys, folder, args, fragment):
    with pytest.raises(SystemExit) if "--name" == fragment else _no_raise() as _:
        code, out, err = run(capsys, "--data-dir", folder, *args)
        assert code == 2
        assert fragment.lower() in err.lower()
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    if fragment == "--name":
        err = capsys.readouterr().err
        assert "faltan argumentos obligatorios" in err
    code, out, _ = run(capsys, "--data-dir", folder, "works", "list", "--json")
    assert json.loads(out) == []


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_demo_refuses_real_data_with_exit_2(capsys, folder):
    run(capsys, "--data-dir", folder, "works", "add", "--name", "Obra real", "--localidad", "1")
    code, _, err = run(capsys, "--data-dir", folder, "demo")
    assert code == 2 and "real" in err


def test_installed_command_runs_as_a_process(tmp_path):
    """The console script entry point, as a user runs it (no traceback on bad input)."""
    env = dict(os.environ, VEEDURIA_DATA_DIR=str(tmp_path / "d"))
    result = subprocess.run([sys.executable, "-m", "veeduria_app.cli", "works", "add", "--name", "X",
                             "--localidad", "2", "--lat", "abc", "--lon", "1"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("veeduria: La latitud «abc» no es un número")
    assert "Traceback" not in result.stderr


def test_without_a_command_the_window_opens_without_building_the_command_parser(monkeypatch):
    from veeduria_app import app as gui, cli

    opened = []
    monkeypatch.setattr(gui, "main", lambda argv: opened.append(argv) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: (_ for _ in ()).throw(AssertionError("parser built")))
    assert cli.main(["--data-dir", "/tmp/x", "--user", "rosa"]) == 0
    assert opened == [["--data-dir", "/tmp/x"]]


def test_gui_arguments_leave_commands_help_and_bad_options_to_the_full_parser():
    from veeduria_app.cli import _gui_arguments

    assert _gui_arguments([]) == []
    assert _gui_arguments(["--db-url=sqlite:///x.db"]) == ["--db-url", "sqlite:///x.db"]
    assert _gui_arguments(["works", "list"]) is None
    assert _gui_arguments(["--data-dir"]) is None
    assert _gui_arguments(["--version"]) is None and _gui_arguments(["-h"]) is None


@pytest.mark.parametrize("args", [("--help",), ("works", "--help"), ("works", "add", "--help")])
def test_help_is_in_spanish(capsys, args):
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("uso: veeduria") and "opciones:" in out and "muestra esta ayuda y termina" in out
    for english in ("usage:", "positional arguments", "options:\n", "show this help message"):
        assert english not in out.replace("opciones:\n", "")

"""Run the `veeduria` command in-process, as the CLI tests do: (exit code, stdout, stderr)."""
from __future__ import annotations

from veeduria_app.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err

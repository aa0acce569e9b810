"""Entry point frozen by PyInstaller for both executables of the bundle.

`veeduria` (console) is the full CLI — with no command it opens the window; `veeduria-gui`
(windowed, what the shortcuts start) is the desktop application with its own options
(`--training`, `--data-dir`, `--db-url`). One script, chosen by the executable's name, keeps a
single analysis in the spec (half the build time).
"""
import os
import sys


def _is_gui() -> bool:
    name = os.path.splitext(os.path.basename(sys.executable if getattr(sys, "frozen", False) else sys.argv[0]))[0]
    return name.lower().endswith("-gui")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--multiprocessing-fork"]:  # a child process (none today): importing
        import multiprocessing  # multiprocessing costs every start ~15 ms, so only here

        multiprocessing.freeze_support()
    if _is_gui():
        from veeduria_app.app import main
    else:
        from veeduria_app.cli import main
    sys.exit(main())

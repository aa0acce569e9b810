"""Qt only: windows, pages, table models, dialogs, the background-task helper.

Importing this package first tells PySide that no module of the application selects a PySide
`__feature__` (see `declare_no_pyside_features`), which spares the first frame some 30 file reads.
"""
from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401 - installs the import hook that the declaration below answers ahead

USES_PYSIDE, IGNORED = 0, -1  # PySide's own values: "uses PySide, no feature selected" / "never switches"


def declare_no_pyside_features() -> int:
    """Fill PySide's feature table for our modules and the standard library already loaded.

    Once QtCore is loaded, PySide checks every module an import statement names, the first time
    it sees it, by reading the module's whole source file and looking for "PySide6"
    (`PySide6.support.feature._mod_uses_pyside`). The answer only matters to a module that
    selects a feature (`from __feature__ import snake_case`); none of ours does
    (tests/ui/test_pyside_features.py checks it), so for them and for the standard library the
    answer is known without reading anything. Third-party modules are left to PySide. Returns
    how many modules were declared; 0 if this PySide keeps its table elsewhere (nothing breaks,
    the start is only slower).
    """
    table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    declared = {name: USES_PYSIDE for name in _application_modules()}
    stdlib = os.path.dirname(os.__file__) + os.sep
    site = f"{os.sep}site-packages{os.sep}"
    declared.update(dict.fromkeys(sys.stdlib_module_names, IGNORED))  # the standard library never uses PySide
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name.startswith("veeduria_app"):
            declared[name] = USES_PYSIDE
        elif path is None or (path.startswith(stdlib) and site not in path):
            declared[name] = IGNORED  # built-in, frozen or a standard-library submodule
    new = {name: value for name, value in declared.items() if name not in table}
    table.update(new)
    return len(new)


def _application_modules() -> list[str]:
    """Names of the modules the window imports on the GUI thread, from their folders (none in a
    bundle without sources). The rest load with the services, off the GUI thread."""
    root = os.path.dirname(__path__[0])  # veeduria_app/
    names = []
    for package in ("", "ui", "services", "domain", "db"):
        prefix = "veeduria_app." + package if package else "veeduria_app"
        try:
            entries = os.listdir(os.path.join(root, package))
        except OSError:
            continue
        names.extend(prefix if entry == "__init__.py" else f"{prefix}.{entry[:-3]}"
                     for entry in entries if entry.endswith(".py"))
    return names


declare_no_pyside_features()

"""Demo data, one step per capability.

Each module here defines `ORDER: int` and `run(services) -> None`; steps run in ORDER.
The foundation step (ORDER 10) creates the veeduría and the works listed in
resources/demo/works.json, whose fixed ids later steps use.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def load_steps() -> list[ModuleType]:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    steps = [m for m in modules if hasattr(m, "run") and hasattr(m, "ORDER")]
    return sorted(steps, key=lambda m: m.ORDER)

"""The schema revisions this version of the app knows, read from the migration files.

Plain file reading, no SQLAlchemy or Alembic: start-up asks "is the database current?"
before anything heavy is imported, and backups ask "can this version open that file?".
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)


def _read_chain() -> tuple[set[str], set[str]]:
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if not found:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down and down.group(1):
            parents.add(down.group(1))
    return revisions, parents


def known_revisions() -> set[str]:
    """Every schema revision this version of the app can open."""
    return _read_chain()[0]


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision; the files never change while the app runs, so it is read once."""
    revisions, parents = _read_chain()
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"Las migraciones tienen {len(heads)} cabezas; deben formar una sola cadena.")
    return heads[0]

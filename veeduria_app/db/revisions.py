"""The schema revisions this version of the app knows, read from the migration files.

Plain file reading, no SQLAlchemy or Alembic: start-up asks "is the database current?"
before anything heavy is imported, and backups ask "can this version open that file?".
"""
from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# The newest migration, written here so that every start does not read and search all the
# migration files for it (about 1 % of the first frame). tests/db/test_revisions.py fails, with
# the right value, when a new migration is added and this line is not updated.
HEAD_REVISION = "0008_contract_milestones"


def read_chain() -> tuple[set[str], set[str]]:
    """Every revision in the migration files, and every revision some other one follows."""
    revision_line = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
    down_line = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = revision_line.search(source)
        if not found:
            continue
        revisions.add(found.group(1))
        down = down_line.search(source)
        if down and down.group(1):
            parents.add(down.group(1))
    return revisions, parents


def known_revisions() -> set[str]:
    """Every schema revision this version of the app can open."""
    return read_chain()[0]


def chain_head() -> str:
    """The newest revision, worked out from the files (the migration chain must have one head)."""
    revisions, parents = read_chain()
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"Las migraciones tienen {len(heads)} cabezas; deben formar una sola cadena.")
    return heads[0]


def head_revision() -> str:
    """The newest revision: the files never change while the app runs (HEAD_REVISION)."""
    return HEAD_REVISION

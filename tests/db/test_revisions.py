"""The newest revision is written in db/revisions.py (start-up reads no migration file); it
must be the one head of the chain the migration files form."""
from __future__ import annotations

from veeduria_app.db import revisions


def test_written_head_is_the_head_of_the_migration_files():
    head = revisions.chain_head()
    assert revisions.HEAD_REVISION == head, (
        f'Actualice HEAD_REVISION en veeduria_app/db/revisions.py: la migración más reciente es "{head}".')
    assert revisions.head_revision() == head
    assert head in revisions.known_revisions() and len(revisions.known_revisions()) >= 2

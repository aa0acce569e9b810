"""Alembic migrations, applied automatically at start (see db/migrate.py)."""

"""Accounts of the people who use one laptop, and the bookkeeping of data packages (issue 7).

Accounts never leave the laptop (packages skip these tables): each laptop keeps its own
people and password hashes. `package_sync_state` remembers, per record, the content both
laptops last agreed on, which is how an import tells a one-sided edit from a conflict.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class UserAccount(RecordMixin, Base):
    """A person who logs in on this laptop, with one role."""

    __tablename__ = "user_accounts"

    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # coordinador | integrante | consulta
    password_hash: Mapped[str] = mapped_column(String(300))
    """`scrypt$n$r$p$salt$hash` (base64 salt and hash): memory-hard, salted per user."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    member_id: Mapped[Optional[str]] = mapped_column(ForeignKey("members.id"), nullable=True)


class PackageSyncState(Base):
    """Fingerprint of a record's content as last shared with another laptop."""

    __tablename__ = "package_sync_state"

    table_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    record_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    base_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PackageConflict(RecordMixin, Base):
    """A record both laptops changed since they last shared it: kept for a person to decide."""

    __tablename__ = "package_conflicts"

    table_name: Mapped[str] = mapped_column(String(80))
    record_key: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300), default="")
    local_values: Mapped[Any] = mapped_column(JSON, nullable=True)
    incoming_values: Mapped[Any] = mapped_column(JSON, nullable=True)
    applied: Mapped[str] = mapped_column(String(10))  # local | paquete | ninguna
    reason: Mapped[str] = mapped_column(Text, default="")
    package_author: Mapped[str] = mapped_column(String(200), default="")
    package_created_at: Mapped[str] = mapped_column(String(40), default="")
    package_file: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default="pendiente")  # pendiente | resuelto
    resolution: Mapped[str] = mapped_column(String(10), default="")  # local | paquete
    resolved_by: Mapped[str] = mapped_column(String(120), default="")
    resolved_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)

"""Derechos de petición: the letter's content, its filing, the authority's answer and history.

Only facts are stored (dates, radicado, extension, forwarding, answer); due dates, days left
and status are derived by `domain/petitions.py` each time, so a corrected holiday calendar or
a changed "today" never leaves a stale status in the database.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class Petition(RecordMixin, Base):
    """One letter to an authority: a petition, or a reminder / complaint drafted from one."""

    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_work_id", "work_id"),
        Index("ix_petitions_filed_on", "filed_on"),
        Index("ix_petitions_parent_id", "parent_id"),
    )

    code: Mapped[str] = mapped_column(String(40), unique=True)
    letter_type: Mapped[str] = mapped_column(String(20), default="peticion")
    """peticion | recordatorio | queja_personeria | queja_procuraduria"""
    parent_id: Mapped[Optional[str]] = mapped_column(ForeignKey("petitions.id"), nullable=True)
    work_id: Mapped[Optional[str]] = mapped_column(ForeignKey("works.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(400))
    # Addressee, in the order GTC 185 prints it.
    to_title: Mapped[str] = mapped_column(String(60), default="")
    to_name: Mapped[str] = mapped_column(String(200), default="")
    to_position: Mapped[str] = mapped_column(String(200), default="")
    to_office: Mapped[str] = mapped_column(String(300), default="")
    to_entity: Mapped[str] = mapped_column(String(300))
    to_address: Mapped[str] = mapped_column(String(300), default="")
    to_city: Mapped[str] = mapped_column(String(120), default="")
    to_email: Mapped[str] = mapped_column(String(200), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[list[Any]] = mapped_column(JSON, default=list)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    annexes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    copies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    signers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    finding_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evidence_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Filing (radicación).
    filed_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    radicado: Mapped[str] = mapped_column(String(80), default="")
    filing_channel: Mapped[str] = mapped_column(String(60), default="")
    stamped_copy_sha256: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    stamped_copy_ext: Mapped[str] = mapped_column(String(10), default="")
    stamped_copy_name: Mapped[str] = mapped_column(String(300), default="")
    # Extension (prórroga, art. 14 parágrafo).
    extended_due: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    extension_notified_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    # Forwarding to the competent authority (art. 21).
    forwarded_to: Mapped[str] = mapped_column(String(300), default="")
    forwarded_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    forwarded_received_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    # Answer.
    answered_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    answer_kind: Mapped[Optional[str]] = mapped_column(String(20), nullable=True)
    answer_summary: Mapped[str] = mapped_column(Text, default="")
    answer_sha256: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    answer_ext: Mapped[str] = mapped_column(String(10), default="")
    answer_file_name: Mapped[str] = mapped_column(String(300), default="")
    # Last issued letter (PDF) and its fingerprint.
    letter_sha256: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    letter_issued_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    letter_path: Mapped[str] = mapped_column(String(500), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(120), default="")

    events: Mapped[list["PetitionEvent"]] = relationship(
        back_populates="petition", order_by="PetitionEvent.at", cascade="all, delete-orphan"
    )


class PetitionEvent(RecordMixin, Base):
    """Status history: every step of a petition with the date it happened and who logged it."""

    __tablename__ = "petition_events"
    __table_args__ = (Index("ix_petition_events_petition_id", "petition_id"),)

    petition_id: Mapped[str] = mapped_column(ForeignKey("petitions.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    on_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    event: Mapped[str] = mapped_column(String(30))
    """creada | editada | radicada | prorroga | traslado | respuesta | carta | siguiente_paso"""
    detail: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(120), default="")

    petition: Mapped[Petition] = relationship(back_populates="events")

"""Findings (hallazgos), their linked evidence, and alert reviews (issue 5).

Alerts themselves are never stored: they are recomputed from contracts, payments and visits
each time, so they can never go stale. What is stored is a person's review of one alert
(with the fingerprint of the figures it had), and the findings people write.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class Finding(RecordMixin, Base):
    """A hallazgo, structured as auditors write them (condición, criterio, causa, efecto)."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_work_id", "work_id"),
        Index("ix_findings_status", "status"),
    )

    work_id: Mapped[str] = mapped_column(ForeignKey("works.id"))
    number: Mapped[int] = mapped_column(Integer)  # H-1, H-2 ... per work, never reused
    title: Mapped[str] = mapped_column(String(300))
    condition: Mapped[str] = mapped_column(Text, default="")
    criterion: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    nature: Mapped[str] = mapped_column(String(20), default="ninguna")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="borrador")
    found_on: Mapped[dt.date] = mapped_column(Date)
    communicated_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    answered_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    closed_on: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    source_alert_code: Mapped[Optional[str]] = mapped_column(String(40), nullable=True)
    source_alert_data: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class FindingLink(RecordMixin, Base):
    """Evidence attached to a finding: a photo, an alert, a document or a visit."""

    __tablename__ = "finding_links"
    __table_args__ = (Index("ix_finding_links_finding_id", "finding_id"),)

    finding_id: Mapped[str] = mapped_column(ForeignKey("findings.id"))
    kind: Mapped[str] = mapped_column(String(20))  # foto | alerta | documento | visita
    target: Mapped[str] = mapped_column(String(300))  # photo/visit id, alert code, document ref
    label: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AlertReview(RecordMixin, Base):
    """Someone looked at an alert and said why it needs no action: hides it while
    `fingerprint` (its figures) stays the same."""

    __tablename__ = "alert_reviews"
    __table_args__ = (Index("ix_alert_reviews_work_code", "work_id", "code"),)

    work_id: Mapped[str] = mapped_column(ForeignKey("works.id"))
    code: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    figures: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON, nullable=True)
    reviewed_by: Mapped[str] = mapped_column(String(120), default="")
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

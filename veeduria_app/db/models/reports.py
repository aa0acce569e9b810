"""Issued reports registry (issue 6): what was printed, by whom, and its fingerprint.

A row is written once, when a document is issued, and never changed: a corrected document
is a new row with the same code and the next `revision`, pointing to the one it corrects.
The manifest lists the SHA-256 of every evidence file the document cites, so verification
can tell whether that evidence is still intact in the photo store.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class IssuedReport(RecordMixin, Base):
    __tablename__ = "issued_reports"
    __table_args__ = (
        UniqueConstraint("code", "revision", name="uq_issued_reports_code_revision"),
        Index("ix_issued_reports_pdf_sha256", "pdf_sha256"),
        Index("ix_issued_reports_work_id", "work_id"),
    )

    code: Mapped[str] = mapped_column(String(40))                 # INF-2026-0001
    revision: Mapped[int] = mapped_column(Integer, default=1)     # 1, 2… (corrections)
    kind: Mapped[str] = mapped_column(String(20))                 # informe | oficio | acta | rendicion
    title: Mapped[str] = mapped_column(String(300))
    work_id: Mapped[Optional[str]] = mapped_column(ForeignKey("works.id"), nullable=True)
    inspection_id: Mapped[Optional[str]] = mapped_column(String(36), nullable=True)
    period_from: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    period_to: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    scope: Mapped[str] = mapped_column(String(300), default="")
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_by_name: Mapped[str] = mapped_column(String(200), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf_size: Mapped[int] = mapped_column(Integer, default=0)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(300))           # archived copy in the data folder
    manifest: Mapped[list] = mapped_column(JSON, default=list)   # [{sha256, kind, label, extension}]
    manifest_digest: Mapped[str] = mapped_column(String(64))
    supersedes_id: Mapped[Optional[str]] = mapped_column(ForeignKey("issued_reports.id"), nullable=True)
    related_code: Mapped[str] = mapped_column(String(40), default="")  # an oficio names its informe
    training: Mapped[bool] = mapped_column(Boolean, default=False)

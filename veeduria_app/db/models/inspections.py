"""Inspections (actas de visita) and their photo evidence (issue 4).

`evidence_files` is keyed by the SHA-256 of the original bytes: the same photo is one row
however many visits use it, which is also how reuse across works is detected. Everything a
visit records hangs from `inspections`; after the act is closed, changes are only
`inspection_amendments`, never edits.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class Inspection(RecordMixin, Base):
    """One visit to a work's site, recorded as an act (acta de visita)."""

    __tablename__ = "inspections"
    __table_args__ = (Index("ix_inspections_work_date", "work_id", "visit_date"),)

    work_id: Mapped[str] = mapped_column(ForeignKey("works.id"), nullable=False)
    visit_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    start_time: Mapped[Optional[str]] = mapped_column(String(5), nullable=True)  # HH:MM local
    end_time: Mapped[Optional[str]] = mapped_column(String(5), nullable=True)
    weather: Mapped[str] = mapped_column(String(120), default="")
    observed_progress: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2), nullable=True)
    reported_progress: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2), nullable=True)
    reported_progress_source: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="abierta")  # abierta | cerrada
    closed_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[str] = mapped_column(String(120), default="")


class InspectionAttendee(RecordMixin, Base):
    """Someone present: a member, a guest, or who received the veeduría on site."""

    __tablename__ = "inspection_attendees"
    __table_args__ = (Index("ix_inspection_attendees_inspection", "inspection_id"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20))  # integrante | invitado | recibio
    member_id: Mapped[Optional[str]] = mapped_column(ForeignKey("members.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(120), default="")  # contratista, interventor...
    organization: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class InspectionChecklistItem(RecordMixin, Base):
    """One checklist question of the visit and what was found."""

    __tablename__ = "inspection_checklist_items"
    __table_args__ = (Index("ix_inspection_checklist_items_inspection", "inspection_id"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(String(12), default="")  # si | no | parcial | no_aplica | ""
    comment: Mapped[str] = mapped_column(Text, default="")


class CommunityObservation(RecordMixin, Base):
    """What a neighbour or other community member said during the visit."""

    __tablename__ = "inspection_observations"
    __table_args__ = (Index("ix_inspection_observations_inspection", "inspection_id"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    speaker: Mapped[str] = mapped_column(String(200), default="")
    speaker_role: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text)


class ObservedQuantity(RecordMixin, Base):
    """Quantity seen on site for one bill-of-quantities item.

    `boq_item_id` is a plain reference (no foreign key): the bill belongs to the contracts
    capability and may be re-imported; the label and unit are kept as seen at the visit.
    """

    __tablename__ = "inspection_quantities"
    __table_args__ = (Index("ix_inspection_quantities_inspection", "inspection_id"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    boq_item_id: Mapped[Optional[str]] = mapped_column(String(36), nullable=True)
    item_label: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    note: Mapped[str] = mapped_column(Text, default="")


class InspectionAmendment(RecordMixin, Base):
    """A correction added after the act was closed: the original stays, this is appended."""

    __tablename__ = "inspection_amendments"
    __table_args__ = (Index("ix_inspection_amendments_inspection", "inspection_id"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    author_name: Mapped[str] = mapped_column(String(200), default="")


class EvidenceFile(Base):
    """One original file in the store, identified by the SHA-256 of its bytes."""

    __tablename__ = "evidence_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    extension: Mapped[str] = mapped_column(String(8))
    media_format: Mapped[str] = mapped_column(String(10))  # jpeg | png | heif
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    lat: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    lon: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    alt: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    taken_at: Mapped[Optional[str]] = mapped_column(String(32), nullable=True)
    """ISO 8601 local camera time, with its offset when the file gives one."""
    taken_at_utc: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    """Only when the offset is known; otherwise the instant is unknown."""
    camera_make: Mapped[str] = mapped_column(String(120), default="")
    camera_model: Mapped[str] = mapped_column(String(120), default="")
    software: Mapped[str] = mapped_column(String(200), default="")
    orientation: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    width: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    height: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    metadata_json: Mapped[Any] = mapped_column(JSON, nullable=True)
    """The rest: modified_at, has_exif, gps_problem."""
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class InspectionPhoto(RecordMixin, Base):
    """A stored photo used as evidence in one inspection, with its checks kept beside it."""

    __tablename__ = "inspection_photos"
    __table_args__ = (
        UniqueConstraint("inspection_id", "sha256", name="uq_inspection_photos_inspection_sha256"),
        Index("ix_inspection_photos_sha256", "sha256"),
    )

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_files.sha256"), nullable=False)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    include_in_report: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    distance_m: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    flags: Mapped[Any] = mapped_column(JSON, default=list, nullable=False)
    """Codes, e.g. ["sin_gps", "reutilizada"]."""
    flag_details: Mapped[Any] = mapped_column(JSON, default=list, nullable=False)
    """[{code, title, explanation}] as shown when the photo was checked."""
    checked_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    added_by: Mapped[str] = mapped_column(String(120), default="")

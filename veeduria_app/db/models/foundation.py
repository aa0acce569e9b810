"""Foundation records: the veeduría itself, its members, watched works, settings, audit."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, new_id, utcnow


class VeeduriaProfile(RecordMixin, Base):
    """The committee as registered (Ley 850 art. 3): one row per data folder."""

    __tablename__ = "veeduria_profile"

    name: Mapped[str] = mapped_column(String(300))
    registration_body: Mapped[str] = mapped_column(String(40))  # personeria | camara_comercio
    registration_number: Mapped[str] = mapped_column(String(80), default="")
    registration_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    nit: Mapped[Optional[str]] = mapped_column(String(20), nullable=True)
    objeto_vigilancia: Mapped[str] = mapped_column(Text, default="")
    territorial_level: Mapped[str] = mapped_column(String(40), default="distrital")
    duration: Mapped[str] = mapped_column(String(120), default="")
    renewal_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    city: Mapped[str] = mapped_column(String(120), default="Cartagena de Indias")
    address: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")


class Member(RecordMixin, Base):
    """A member of the veeduría; personal data only with recorded consent (Ley 1581)."""

    __tablename__ = "members"

    full_name: Mapped[str] = mapped_column(String(200))
    document_type: Mapped[str] = mapped_column(String(10), default="CC")
    document_number: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(80), default="integrante")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Work(RecordMixin, Base):
    """A public work (obra) the veeduría watches."""

    __tablename__ = "works"
    __table_args__ = (
        Index("ix_works_localidad", "localidad"),
        Index("ix_works_status", "status"),
        Index("ix_works_archived", "archived"),
    )

    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    bpin: Mapped[str] = mapped_column(String(40), default="")
    plan_programme: Mapped[str] = mapped_column(String(300), default="")
    population_served: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    population_groups: Mapped[str] = mapped_column(String(300), default="")
    localidad: Mapped[str] = mapped_column(String(120), default="")
    ucg: Mapped[str] = mapped_column(String(120), default="")
    barrio: Mapped[str] = mapped_column(String(160), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    lon: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planeada")
    radius_m: Mapped[int] = mapped_column(Integer, default=300)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")


class ImpedimentDeclaration(RecordMixin, Base):
    """A member declares no impediment (Ley 850 art. 19) for one watched work."""

    __tablename__ = "impediment_declarations"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    work_id: Mapped[str] = mapped_column(ForeignKey("works.id"))
    declared_on: Mapped[dt.date] = mapped_column(Date)
    has_impediment: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """Key/value settings (thresholds, lists, remembered layouts) as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who changed what, when, with old and new values. Append-only."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_actor", "actor"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(Text, default="")
    old_values: Mapped[Optional[dict]] = mapped_column(JSON, nullable=True)
    new_values: Mapped[Optional[dict]] = mapped_column(JSON, nullable=True)

"""The veeduría's registration (Ley 850 art. 3) and its members (personal data per Ley 1581)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any, Optional

from sqlalchemy import select
from stdnum.co import nit as nit_rules
from stdnum.exceptions import ValidationError as NitError

from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import Member, VeeduriaProfile
from veeduria_app.services.audit import changed_fields, record_audit, snapshot
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission

REGISTRATION_BODIES = {
    "camara_comercio": "Cámara de Comercio de Cartagena",
    "personeria": "Personería Distrital de Cartagena",
}
TERRITORIAL_LEVELS = {
    "distrital": "Distrital",
    "local": "Local (localidad)",
    "comunal": "Comunal / barrial",
    "departamental": "Departamental",
    "nacional": "Nacional",
}
PROFILE_FIELDS = (
    "name", "registration_body", "registration_number", "registration_date", "nit", "objeto_vigilancia",
    "territorial_level", "duration", "renewal_date", "city", "address", "email", "phone",
)
PERSONAL_FIELDS = (("document_number", "documento"), ("phone", "teléfono"), ("email", "correo"),
                   ("address", "dirección"))
MEMBER_FIELDS = (
    "full_name", "document_type", "document_number", "role", "phone", "email", "address",
    "consent_given", "consent_date", "active",
)


@dataclass(frozen=True)
class ProfileDTO:
    id: str
    name: str
    registration_body: str
    registration_number: str
    registration_date: Optional[dt.date]
    nit: Optional[str]
    objeto_vigilancia: str
    territorial_level: str
    duration: str
    renewal_date: Optional[dt.date]
    city: str
    address: str
    email: str
    phone: str

    @property
    def registration_body_label(self) -> str:
        return REGISTRATION_BODIES.get(self.registration_body, self.registration_body)

    @property
    def has_contact(self) -> bool:
        """Whether an authority has somewhere to send its answer (address or e-mail)."""
        return bool(self.address.strip() or self.email.strip())

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("registration_date", "renewal_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass
class ProfileFields:
    name: str = ""
    registration_body: str = "camara_comercio"
    registration_number: str = ""
    registration_date: Optional[dt.date] = None
    nit: Optional[str] = None
    objeto_vigilancia: str = ""
    territorial_level: str = "distrital"
    duration: str = ""
    renewal_date: Optional[dt.date] = None
    city: str = "Cartagena de Indias"
    address: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class MemberDTO:
    id: str
    full_name: str
    document_type: str
    document_number: str
    role: str
    phone: str
    email: str
    address: str
    consent_given: bool
    consent_date: Optional[dt.date]
    active: bool

    def to_json(self, include_personal: bool = True) -> dict:
        data = asdict(self)
        data["consent_date"] = self.consent_date.isoformat() if self.consent_date else None
        if not include_personal:
            for key in ("document_number", "phone", "email", "address"):
                data[key] = ""
        return data


@dataclass
class MemberFields:
    full_name: str = ""
    document_type: str = "CC"
    document_number: str = ""
    role: str = "integrante"
    phone: str = ""
    email: str = ""
    address: str = ""
    consent_given: bool = False
    consent_date: Optional[dt.date] = None
    active: bool = True


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s().\-]+(\s*(ext\.?|extensión)\s*\d+)?$", re.IGNORECASE)


def validate_email(raw: Optional[str], field: str = "email") -> str:
    """A trimmed e-mail address of the usual shape (nombre@dominio.co), or "" when empty."""
    text = (raw or "").strip()
    if text and not _EMAIL.match(text):
        raise ValidationError(f"El correo electrónico «{text}» no es válido: escríbalo como "
                              "nombre@dominio.co, sin espacios.", field=field)
    return text


def validate_phone(raw: Optional[str], field: str = "phone") -> str:
    """A trimmed phone number (digits, spaces, +, -, parentheses, an extension), or ""."""
    text = " ".join((raw or "").split())
    digits = sum(ch.isdigit() for ch in text)
    if text and (not _PHONE.match(text) or digits < 7):
        raise ValidationError(f"El teléfono «{text}» no es válido: escriba al menos 7 dígitos, por ejemplo "
                              "300 123 4567 o (605) 660 1234.", field=field)
    return text


def validate_nit(raw: Optional[str]) -> Optional[str]:
    """Format a NIT as 890.480.184-4, or raise a Spanish ValidationError; None when empty."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    try:
        return nit_rules.format(nit_rules.validate(text))
    except NitError:
        raise ValidationError(
            f"El NIT «{text}» no es válido: revise los 9 dígitos y el dígito de verificación.", field="nit"
        ) from None


def _profile_dto(p: VeeduriaProfile) -> ProfileDTO:
    return ProfileDTO(id=p.id, **{f: getattr(p, f) for f in PROFILE_FIELDS})


def _member_dto(m: Member) -> MemberDTO:
    return MemberDTO(id=m.id, **{f: getattr(m, f) for f in MEMBER_FIELDS})


class ProfileService:
    def __init__(self, db: Database, identity: Identity) -> None:
        self.db = db
        self.identity = identity

    def get(self) -> Optional[ProfileDTO]:
        with self.db.read() as session:
            profile = session.scalars(select(VeeduriaProfile).limit(1)).first()
            return _profile_dto(profile) if profile else None

    def save(self, fields: ProfileFields) -> ProfileDTO:
        """Create or update the single profile row (audited)."""
        self.identity.require(Permission.WRITE)
        clean = self._validate(fields)
        with self.db.transaction() as session:
            profile = session.scalars(select(VeeduriaProfile).limit(1)).first()
            if profile is None:
                profile = VeeduriaProfile(**{f: getattr(clean, f) for f in PROFILE_FIELDS})
                session.add(profile)
                session.flush()
                record_audit(session, self.identity.actor, "create", "veeduria", profile.id, None,
                             snapshot(profile, PROFILE_FIELDS), f"Veeduría registrada: {profile.name}")
            else:
                old = snapshot(profile, PROFILE_FIELDS)
                for f in PROFILE_FIELDS:
                    setattr(profile, f, getattr(clean, f))
                before, after = changed_fields(old, snapshot(profile, PROFILE_FIELDS))
                if after:
                    record_audit(session, self.identity.actor, "update", "veeduria", profile.id, before, after,
                                 "Datos de la veeduría modificados")
            session.flush()
            return _profile_dto(profile)

    @staticmethod
    def _validate(fields: ProfileFields) -> ProfileFields:
        name = (fields.name or "").strip()
        if not name:
            raise ValidationError("El nombre de la veeduría es obligatorio.", field="name")
        if fields.registration_body not in REGISTRATION_BODIES:
            raise ValidationError("Indique si la veeduría se inscribió en la Personería o en la Cámara de Comercio.",
                                  field="registration_body")
        if fields.territorial_level not in TERRITORIAL_LEVELS:
            raise ValidationError(f"Nivel territorial «{fields.territorial_level}» no válido.", field="territorial_level")
        if fields.registration_date and fields.registration_date > dt.date.today():
            raise ValidationError("La fecha de inscripción no puede ser futura.", field="registration_date")
        clean = ProfileFields(**asdict(fields))
        clean.name = name
        clean.nit = validate_nit(fields.nit)
        clean.registration_number = (fields.registration_number or "").strip()
        clean.objeto_vigilancia = (fields.objeto_vigilancia or "").strip()
        # Where the authorities answer (Ley 1755 art. 16): printed on the letterhead of every letter.
        clean.address = " ".join((fields.address or "").split())
        clean.email = validate_email(fields.email)
        clean.phone = validate_phone(fields.phone)
        clean.city = " ".join((fields.city or "").split()) or ProfileFields.city
        return clean

    # -- members --------------------------------------------------------------------------
    def speaker(self) -> str:
        """Who a printed document or a package says it comes from. With accounts, the person
        logged in. Without them the actor is the laptop's login («root (sin cuentas)»), which
        means nothing to an official or to another laptop: the veeduría, by its registered name,
        speaks. The audit trail keeps the login, as for any other action."""
        if self.identity.authenticated:
            return self.identity.actor.display_name
        profile = self.get()
        name = (profile.name if profile else "").strip()
        return name or self.identity.actor.display_name

    def members(self, include_inactive: bool = False) -> list[MemberDTO]:
        query = select(Member).order_by(Member.full_name)
        if not include_inactive:
            query = query.where(Member.active.is_(True))
        with self.db.read() as session:
            return [_member_dto(m) for m in session.scalars(query)]

    def add_member(self, fields: MemberFields) -> MemberDTO:
        self.identity.require(Permission.WRITE)
        clean = self._validate_member(fields)
        with self.db.transaction() as session:
            member = Member(**{f: getattr(clean, f) for f in MEMBER_FIELDS})
            session.add(member)
            session.flush()
            record_audit(session, self.identity.actor, "create", "member", member.id, None,
                         snapshot(member, MEMBER_FIELDS), f"Integrante agregado: {member.full_name}")
            return _member_dto(member)

    def update_member(self, member_id: str, fields: MemberFields) -> MemberDTO:
        self.identity.require(Permission.WRITE)
        clean = self._validate_member(fields)
        with self.db.transaction() as session:
            member = self._load_member(session, member_id)
            if fields.consent_date is None and clean.consent_given and member.consent_given:
                clean.consent_date = member.consent_date  # a correction keeps the day consent was given
            old = snapshot(member, MEMBER_FIELDS)
            for f in MEMBER_FIELDS:
                setattr(member, f, getattr(clean, f))
            before, after = changed_fields(old, snapshot(member, MEMBER_FIELDS))
            if after:
                record_audit(session, self.identity.actor, "update", "member", member.id, before, after,
                             f"Integrante modificado: {member.full_name}")
            session.flush()
            return _member_dto(member)

    def get_member(self, member_id: str) -> MemberDTO:
        with self.db.read() as session:
            return _member_dto(self._load_member(session, member_id))

    def retire_member(self, member_id: str, retired: bool = True) -> MemberDTO:
        """A member leaves the veeduría (or comes back): kept, audited, off the lists and signatures."""
        self.identity.require(Permission.ARCHIVE)
        with self.db.transaction() as session:
            member = self._load_member(session, member_id)
            if member.active == (not retired):
                return _member_dto(member)
            member.active = not retired
            record_audit(session, self.identity.actor, "archive" if retired else "restore", "member", member.id,
                         {"active": retired}, {"active": not retired},
                         f"Integrante {'retirado de' if retired else 'reincorporado a'} la veeduría: {member.full_name}")
            session.flush()
            return _member_dto(member)

    def withdraw_consent(self, member_id: str) -> MemberDTO:
        """The member withdraws the personal-data authorisation (Ley 1581 art. 8): their document
        and contact data are erased; the name stays, since acts and reports signed carry it. The
        audit line says what was erased, not the erased values."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            member = self._load_member(session, member_id)
            erased = [label for field, label in PERSONAL_FIELDS if getattr(member, field)]
            if not member.consent_given and not erased:
                return _member_dto(member)
            for field, _label in PERSONAL_FIELDS:
                setattr(member, field, "")
            member.consent_given, member.consent_date = False, None
            record_audit(session, self.identity.actor, "update", "member", member.id,
                         {"consent_given": True, "datos_borrados": erased}, {"consent_given": False},
                         f"Autorización de datos retirada por {member.full_name}: se borraron "
                         f"{', '.join(erased) if erased else 'sus datos (no había)'}")
            session.flush()
            return _member_dto(member)

    @staticmethod
    def _load_member(session: Any, member_id: str) -> Member:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFoundError(f"No existe el integrante «{member_id}».")
        return member

    @staticmethod
    def _validate_member(fields: MemberFields) -> MemberFields:
        clean = MemberFields(**asdict(fields))
        clean.full_name = (fields.full_name or "").strip()
        if not clean.full_name:
            raise ValidationError("El nombre del integrante es obligatorio.", field="full_name")
        clean.document_number = "".join(ch for ch in (fields.document_number or "") if ch.isdigit())
        if fields.document_number and not clean.document_number:
            raise ValidationError("El número de documento solo puede tener dígitos.", field="document_number")
        if clean.document_number and clean.document_type == "CC" and not 6 <= len(clean.document_number) <= 10:
            raise ValidationError("La cédula debe tener entre 6 y 10 dígitos.", field="document_number")
        has_personal = any((clean.document_number, fields.phone, fields.email, fields.address))
        if has_personal and not fields.consent_given:
            raise ValidationError(
                "Para guardar documento y datos de contacto se necesita la autorización del integrante "
                "para el tratamiento de datos personales (Ley 1581 de 2012).", field="consent_given")
        if fields.consent_given and clean.consent_date is None:
            clean.consent_date = dt.date.today()
        if not fields.consent_given:
            clean.consent_date = None
        return clean

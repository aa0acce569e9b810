"""Rules of the derecho de petición (Ley 1755 de 2015): kinds, terms and follow-up status.

Plain Python so the same rules drive the dashboard, the CLI, the letters and the tests. The
service stores what happened (filing, extension, forwarding, answer); everything derived —
due date, days left, status, reminders — is computed here from those facts and `today`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from veeduria_app.domain.business_days import NO_EXTRA, NoDays, add_business_days, business_days_left

REMINDER_DAYS = 3
"""A filed petition with this many business days left or fewer is 'por vencer'."""

FORWARDING_DAYS = 5
"""Art. 21: an authority without competence must forward the petition within 5 days."""

DEEMED_ACCEPTED_DELIVERY_DAYS = 3
"""Art. 14.1: copies of a documents request unanswered in time are due within 3 more days."""


class PetitionKind(str, Enum):
    """Kinds of petition with their own term (art. 14)."""

    GENERAL = "general"
    DOCUMENTOS = "documentos"
    CONSULTA = "consulta"

    @property
    def term_days(self) -> int:
        return {"general": 15, "documentos": 10, "consulta": 30}[self.value]

    @property
    def label(self) -> str:
        return {
            "general": "Petición general (15 días hábiles)",
            "documentos": "Documentos e información (10 días hábiles)",
            "consulta": "Consulta (30 días hábiles)",
        }[self.value]

    @classmethod
    def parse(cls, value: str) -> "PetitionKind":
        """Accept the stored code in any case; raise ValueError with a Spanish message."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(
                f"Tipo de petición desconocido: «{value}». Use general, documentos o consulta."
            ) from None


class PetitionStatus(str, Enum):
    """Follow-up states shown on the dashboard."""

    BORRADOR = "borrador"
    RADICADA = "radicada"
    POR_VENCER = "por_vencer"
    VENCIDA = "vencida"
    RESPONDIDA = "respondida"
    RESPONDIDA_PARCIAL = "respondida_parcialmente"

    @property
    def label(self) -> str:
        return {
            "borrador": "Borrador",
            "radicada": "Radicada",
            "por_vencer": "Por vencer",
            "vencida": "Vencida",
            "respondida": "Respondida",
            "respondida_parcialmente": "Respondida parcialmente",
        }[self.value]


class AnswerKind(str, Enum):
    """Whether the answer resolved every numbered request or only some."""

    COMPLETA = "completa"
    PARCIAL = "parcial"


@dataclass(frozen=True)
class PetitionFacts:
    """What the veeduría recorded about one petition; input of `evaluate`."""

    kind: PetitionKind
    filed_on: dt.date | None = None
    forwarded_received_on: dt.date | None = None
    """Date the competent authority received the forwarded petition (art. 21); the term
    restarts from it."""
    extended_due: dt.date | None = None
    answered_on: dt.date | None = None
    answer_kind: AnswerKind | None = None


@dataclass(frozen=True)
class PetitionTerms:
    """Everything derived from the facts on a given day."""

    status: PetitionStatus
    term_days: int
    term_start: dt.date | None
    """Date from which the current term counts (filing or receipt after forwarding)."""
    original_due: dt.date | None
    due: dt.date | None
    """Effective due date (the extension when there is one)."""
    max_extension_due: dt.date | None
    forwarding_due: dt.date | None
    days_left: int | None
    answered_late: bool
    deemed_accepted: bool
    delivery_due: dt.date | None
    reminder: str | None
    """One Spanish line for the reminders panel, or None when nothing needs attention."""


def original_due(start: dt.date, kind: PetitionKind, extra: NoDays = NO_EXTRA) -> dt.date:
    """Legal due date of a petition received on `start`."""
    return add_business_days(start, kind.term_days, extra)


def max_extension_due(start: dt.date, kind: PetitionKind, extra: NoDays = NO_EXTRA) -> dt.date:
    """Latest date an extension may set: at most double the original term (art. 14 par.)."""
    return add_business_days(start, 2 * kind.term_days, extra)


def forwarding_due(filed_on: dt.date, extra: NoDays = NO_EXTRA) -> dt.date:
    """Last day for an authority without competence to forward the petition (art. 21)."""
    return add_business_days(filed_on, FORWARDING_DAYS, extra)


def check_extension(
    start: dt.date, kind: PetitionKind, new_due: dt.date, notified_on: dt.date,
    extra: NoDays = NO_EXTRA,
) -> str | None:
    """Why an extension is not valid, in Spanish, or None if it is.

    The authority must announce it before the original term ends, and the new date must be
    later than the original one and at most double the term.
    """
    first_due = original_due(start, kind, extra)
    limit = max_extension_due(start, kind, extra)
    if notified_on > first_due:
        return (
            f"La prórroga se comunicó el {notified_on:%d/%m/%Y}, después del vencimiento del "
            f"término ({first_due:%d/%m/%Y}); la ley exige avisar antes."
        )
    if new_due <= first_due:
        return (
            f"La nueva fecha ({new_due:%d/%m/%Y}) debe ser posterior al vencimiento original "
            f"({first_due:%d/%m/%Y})."
        )
    if new_due > limit:
        return (
            f"La nueva fecha ({new_due:%d/%m/%Y}) supera el doble del término inicial; "
            f"el máximo es {limit:%d/%m/%Y}."
        )
    return None


def evaluate(facts: PetitionFacts, today: dt.date, extra: NoDays = NO_EXTRA) -> PetitionTerms:
    """Derive due date, days left, status and reminder of a petition on `today`.

    `extra` are dates the user marked as non-business (terms suspended by the authorities).
    """
    kind = facts.kind
    if facts.filed_on is None:
        return PetitionTerms(
            status=PetitionStatus.BORRADOR, term_days=kind.term_days, term_start=None,
            original_due=None, due=None, max_extension_due=None, forwarding_due=None,
            days_left=None, answered_late=False, deemed_accepted=False, delivery_due=None,
            reminder=None,
        )
    start = facts.forwarded_received_on or facts.filed_on
    first_due = original_due(start, kind, extra)
    due = facts.extended_due or first_due
    fwd_due = forwarding_due(facts.filed_on, extra)

    if facts.answered_on is not None:
        status = (
            PetitionStatus.RESPONDIDA_PARCIAL
            if facts.answer_kind == AnswerKind.PARCIAL
            else PetitionStatus.RESPONDIDA
        )
        return PetitionTerms(
            status=status, term_days=kind.term_days, term_start=start, original_due=first_due,
            due=due, max_extension_due=max_extension_due(start, kind, extra), forwarding_due=fwd_due,
            days_left=None, answered_late=facts.answered_on > due, deemed_accepted=False,
            delivery_due=None, reminder=None,
        )

    left = business_days_left(today, due, extra)
    deemed = False
    delivery = None
    if left < 0:
        status = PetitionStatus.VENCIDA
        # Art. 14.1: a documents request unanswered when its term (as extended) lapses is
        # deemed accepted; the copies are then due within 3 more business days.
        if kind == PetitionKind.DOCUMENTOS:
            deemed = True
            delivery = add_business_days(due, DEEMED_ACCEPTED_DELIVERY_DAYS, extra)
        reminder = _lapsed_reminder(-left, deemed, delivery)
    elif left <= REMINDER_DAYS:
        status = PetitionStatus.POR_VENCER
        reminder = _soon_reminder(left, due)
    else:
        status = PetitionStatus.RADICADA
        reminder = None
    return PetitionTerms(
        status=status, term_days=kind.term_days, term_start=start, original_due=first_due,
        due=due, max_extension_due=max_extension_due(start, kind, extra), forwarding_due=fwd_due,
        days_left=left, answered_late=False, deemed_accepted=deemed, delivery_due=delivery,
        reminder=reminder,
    )


def _days(count: int) -> str:
    """`1 día hábil`, `3 días hábiles`."""
    return "1 día hábil" if count == 1 else f"{count} días hábiles"


def _soon_reminder(left: int, due: dt.date) -> str:
    if left == 0:
        return f"El término vence hoy ({due:%d/%m/%Y})."
    verb = "Queda" if left == 1 else "Quedan"
    return f"{verb} {_days(left)} para la respuesta (vence el {due:%d/%m/%Y})."


def _lapsed_reminder(days_over: int, deemed: bool, delivery: dt.date | None) -> str:
    text = f"Término vencido hace {_days(days_over)} sin respuesta."
    if deemed and delivery is not None:
        text += (
            f" Solicitud de documentos aceptada por silencio (Ley 1755, art. 14.1): "
            f"copias debidas a más tardar el {delivery:%d/%m/%Y}."
        )
    else:
        text += " Puede enviar un recordatorio o una queja a la Personería o la Procuraduría."
    return text

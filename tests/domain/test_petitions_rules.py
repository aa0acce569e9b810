"""Status, reminders, extensions, forwarding and deemed acceptance of petitions."""
from __future__ import annotations

import datetime as dt

import pytest

from veeduria_app.domain.petitions import (
    AnswerKind,
    PetitionFacts,
    PetitionKind,
    PetitionStatus,
    check_extension,
    evaluate,
    forwarding_due,
    max_extension_due,
    original_due,
)

D = dt.date
FILED = D(2026, 7, 1)


def test_kinds_and_terms() -> None:
    assert [k.term_days for k in PetitionKind] == [15, 10, 30]
    assert PetitionKind.parse(" Documentos ") is PetitionKind.DOCUMENTOS
    with pytest.raises(ValueError, match="general, documentos o consulta"):
        PetitionKind.parse("queja")


def test_draft_has_no_terms() -> None:
    terms = evaluate(PetitionFacts(PetitionKind.GENERAL), D(2026, 7, 2))
    assert terms.status is PetitionStatus.BORRADOR
    assert terms.due is None and terms.days_left is None and terms.reminder is None


@pytest.mark.parametrize(
    ("today", "status", "left"),
    [
        (D(2026, 7, 1), PetitionStatus.RADICADA, 15),
        (D(2026, 7, 2), PetitionStatus.RADICADA, 14),
        (D(2026, 7, 17), PetitionStatus.RADICADA, 4),
        (D(2026, 7, 21), PetitionStatus.POR_VENCER, 3),
        (D(2026, 7, 24), PetitionStatus.POR_VENCER, 0),
        (D(2026, 7, 27), PetitionStatus.VENCIDA, -1),
    ],
)
def test_status_through_the_term(today: dt.date, status: PetitionStatus, left: int) -> None:
    terms = evaluate(PetitionFacts(PetitionKind.GENERAL, filed_on=FILED), today)
    assert terms.due == D(2026, 7, 24)
    assert terms.status is status
    assert terms.days_left == left


def test_reminders_wording() -> None:
    soon = evaluate(PetitionFacts(PetitionKind.GENERAL, filed_on=FILED), D(2026, 7, 23))
    assert soon.reminder == "Queda 1 día hábil para la respuesta (vence el 24/07/2026)."
    lapsed = evaluate(PetitionFacts(PetitionKind.GENERAL, filed_on=FILED), D(2026, 7, 28))
    assert lapsed.reminder is not None and "vencido hace 2 días hábiles" in lapsed.reminder
    assert "Personería" in lapsed.reminder
    quiet = evaluate(PetitionFacts(PetitionKind.GENERAL, filed_on=FILED), D(2026, 7, 2))
    assert quiet.reminder is None


def test_documents_request_unanswered_is_deemed_accepted() -> None:
    facts = PetitionFacts(PetitionKind.DOCUMENTOS, filed_on=FILED)
    on_due = evaluate(facts, D(2026, 7, 16))
    assert on_due.status is PetitionStatus.POR_VENCER and not on_due.deemed_accepted
    after = evaluate(facts, D(2026, 7, 17))
    assert after.status is PetitionStatus.VENCIDA
    assert after.deemed_accepted
    # Three business days after 16 July: 17, 21 (20 is a holiday), 22.
    assert after.delivery_due == D(2026, 7, 22)
    assert "aceptada por silencio" in (after.reminder or "")


def test_general_petition_lapsed_is_not_deemed_accepted() -> None:
    after = evaluate(PetitionFacts(PetitionKind.GENERAL, filed_on=FILED), D(2026, 8, 3))
    assert after.status is PetitionStatus.VENCIDA
    assert not after.deemed_accepted and after.delivery_due is None


def test_answers_full_partial_and_late() -> None:
    full = evaluate(
        PetitionFacts(PetitionKind.GENERAL, filed_on=FILED, answered_on=D(2026, 7, 10),
                      answer_kind=AnswerKind.COMPLETA),
        D(2026, 9, 1),
    )
    assert full.status is PetitionStatus.RESPONDIDA and not full.answered_late
    assert full.reminder is None and full.days_left is None
    partial = evaluate(
        PetitionFacts(PetitionKind.GENERAL, filed_on=FILED, answered_on=D(2026, 7, 28),
                      answer_kind=AnswerKind.PARCIAL),
        D(2026, 9, 1),
    )
    assert partial.status is PetitionStatus.RESPONDIDA_PARCIAL and partial.answered_late


def test_extension_limits() -> None:
    # General term from 1 July 2026: due 24 July, double term (30 days) ends 18 August.
    assert original_due(FILED, PetitionKind.GENERAL) == D(2026, 7, 24)
    assert max_extension_due(FILED, PetitionKind.GENERAL) == D(2026, 8, 18)
    ok = check_extension(FILED, PetitionKind.GENERAL, D(2026, 8, 18), D(2026, 7, 20))
    assert ok is None
    too_far = check_extension(FILED, PetitionKind.GENERAL, D(2026, 8, 19), D(2026, 7, 20))
    assert too_far is not None and "18/08/2026" in too_far
    too_late = check_extension(FILED, PetitionKind.GENERAL, D(2026, 8, 10), D(2026, 7, 27))
    assert too_late is not None and "antes" in too_late
    not_later = check_extension(FILED, PetitionKind.GENERAL, D(2026, 7, 24), D(2026, 7, 20))
    assert not_later is not None and "posterior" in not_later


def test_extension_moves_the_due_date() -> None:
    facts = PetitionFacts(PetitionKind.GENERAL, filed_on=FILED, extended_due=D(2026, 8, 14))
    terms = evaluate(facts, D(2026, 7, 27))
    assert terms.original_due == D(2026, 7, 24)
    assert terms.due == D(2026, 8, 14)
    assert terms.status is PetitionStatus.RADICADA


def test_forwarding_restarts_the_term() -> None:
    assert forwarding_due(FILED) == D(2026, 7, 8)
    facts = PetitionFacts(PetitionKind.DOCUMENTOS, filed_on=FILED,
                          forwarded_received_on=D(2026, 7, 8))
    terms = evaluate(facts, D(2026, 7, 9))
    assert terms.term_start == D(2026, 7, 8)
    # From 9 July: 9, 10, 14 (13 is a holiday), 15, 16, 17, 21, 22, 23, 24.
    assert terms.due == D(2026, 7, 24)
    assert terms.forwarding_due == D(2026, 7, 8)


def test_suspended_days_move_status_and_limits() -> None:
    closure = frozenset({D(2026, 7, 22), D(2026, 7, 23)})
    facts = PetitionFacts(PetitionKind.GENERAL, filed_on=FILED)
    plain = evaluate(facts, D(2026, 7, 27))
    suspended = evaluate(facts, D(2026, 7, 27), closure)
    assert plain.status is PetitionStatus.VENCIDA
    assert suspended.due == D(2026, 7, 28) and suspended.status is PetitionStatus.POR_VENCER
    assert check_extension(FILED, PetitionKind.GENERAL, D(2026, 8, 20), D(2026, 7, 20), closure) is None
    assert check_extension(FILED, PetitionKind.GENERAL, D(2026, 8, 20), D(2026, 7, 20)) is not None

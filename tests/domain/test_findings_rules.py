"""Finding rules: validation, status path, and drafts built from alerts."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from veeduria_app.domain import alerts as A
from veeduria_app.domain import findings as F
from veeduria_app.domain.progress import ContractTerms, InspectionFacts, Payment, WorkFacts

TODAY = dt.date(2026, 11, 26)


def test_validate_requires_title_and_normalizes():
    clean = F.validate_fields(F.FindingFields(title="  Pagos   sin obra ", nature="Fiscal"), TODAY)
    assert clean.title == "Pagos sin obra" and clean.nature == "fiscal" and clean.found_on == TODAY
    with pytest.raises(F.FindingRuleError, match="título") as err:
        F.validate_fields(F.FindingFields(title="  "), TODAY)
    assert err.value.field_name == "title"
    with pytest.raises(F.FindingRuleError, match="Naturaleza"):
        F.validate_fields(F.FindingFields(title="x", nature="civil"), TODAY)
    with pytest.raises(F.FindingRuleError, match="futura"):
        F.validate_fields(F.FindingFields(title="x", found_on=TODAY + dt.timedelta(days=1)), TODAY)
    with pytest.raises(F.FindingRuleError, match="300"):
        F.validate_fields(F.FindingFields(title="x" * 301), TODAY)


def test_status_moves_forward_with_dates_in_order():
    found = dt.date(2026, 10, 1)
    F.check_transition("borrador", "comunicado", dt.date(2026, 10, 5), found, [None, None, None], TODAY)
    F.check_transition("borrador", "cerrado", dt.date(2026, 10, 5), found, [None, None, None], TODAY)
    with pytest.raises(F.FindingRuleError, match="posterior"):
        F.check_transition("comunicado", "borrador", TODAY, found, [None] * 3, TODAY)
    with pytest.raises(F.FindingRuleError, match="posterior"):
        F.check_transition("cerrado", "cerrado", TODAY, found, [None] * 3, TODAY)
    with pytest.raises(F.FindingRuleError, match="anterior al 05/10/2026"):
        F.check_transition("comunicado", "con_respuesta", dt.date(2026, 10, 4), found,
                           [dt.date(2026, 10, 5), None, None], TODAY)
    with pytest.raises(F.FindingRuleError, match="futura"):
        F.check_transition("borrador", "comunicado", TODAY + dt.timedelta(days=1), found, [None] * 3, TODAY)
    with pytest.raises(F.FindingRuleError, match="Estado"):
        F.normalize_status("archivado")


def test_draft_from_alert_carries_message_basis_figures_and_a_request():
    facts = WorkFacts(contract=ContractTerms(initial_value=D("100000000"), start_date=dt.date(2026, 1, 1),
                                             initial_end_date=dt.date(2026, 12, 31),
                                             payments=(Payment(dt.date(2026, 3, 1), D("74000000")),)),
                      inspections=(InspectionFacts(dt.date(2026, 3, 5), observed_pct=D("35")),))
    alert = next(a for a in A.evaluate("w", facts, dt.date(2026, 3, 6)) if a.code == A.PAGOS_SUPERAN_AVANCE)
    draft = F.draft_from_alert(alert, TODAY)
    assert draft.fields.condition == alert.message and "74,0 %" in draft.fields.condition
    assert draft.fields.criterion == alert.basis and "Ley 1474" in draft.fields.criterion
    assert draft.fields.nature == "fiscal" and draft.fields.recommendation.startswith("Solicitar")
    assert draft.alert_code == A.PAGOS_SUPERAN_AVANCE and draft.alert_data["financial_pct"] == 74
    assert F.validate_fields(draft.fields, TODAY).title == alert.title


def test_every_alert_code_gets_a_usable_draft():
    for code, kind in A.KINDS.items():
        alert = A.Alert(code, kind.severity, "w", kind.title, "mensaje", kind.basis, {})
        draft = F.draft_from_alert(alert, TODAY)
        assert draft.fields.effect and draft.fields.recommendation and draft.fields.cause
        assert draft.fields.nature in F.NATURES
        assert "ordena" not in draft.fields.recommendation.lower()  # requests, never orders (Ley 850 art. 20)

"""Every real file in ../shared/samples/secop and ../shared/samples/ocds parses, with the
counts and values those files hold (Parquet is skipped: no Parquet reader is shipped)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from veeduria_app.importers.detect import read_all
from veeduria_app.importers.records import (
    ContractRecord, ProgressRecord, ProjectRecord, RowError,
)


def _contracts(items):
    return [i for i in items if isinstance(i, ContractRecord)]


def test_dnp_contracts_csv(samples):
    fmt, items = read_all(samples / "secop" / "secop2_contratos_jbjy-vk9h_dnp_9cols.csv")
    assert fmt == "secop2"
    contracts = _contracts(items)
    assert len(contracts) == 5277 and len(items) == 5277
    first = contracts[0]
    assert first.row == 2
    assert first.initial_value == Decimal("37724000")
    assert first.signed_date == dt.date(2023, 1, 24)
    assert first.start_date == dt.date(2023, 1, 25) and first.end_date == dt.date(2023, 5, 24)
    assert first.status == "Modificado" and first.modality == "Contratación directa"
    assert first.secop_id is None and first.source_key.startswith("huella:")
    assert sum(1 for c in contracts if c.start_date is None) == 28
    assert len({c.source_key for c in contracts}) == 5277
    assert max(c.initial_value for c in contracts) == Decimal("2870993010534")
    assert sum(c.initial_value for c in contracts) == Decimal("3496868606252")


def test_procesos_bolivar_json(samples):
    fmt, items = read_all(samples / "secop" / "derived" / "secop2_procesos_bolivar_rows.json")
    assert fmt == "secop2-procesos"
    contracts = _contracts(items)
    assert len(contracts) == 62
    first = contracts[0]
    assert first.source_key == "CO1.BDOS.9276045"
    assert first.entity == "ALCALDIA MUNICIPAL DE CLEMENCIA BOLIVAR" and first.entity_nit == "806000701"
    assert first.initial_value == Decimal("208231918")
    assert first.status == "Proceso: Evaluación"
    assert first.contractor is None  # "No Definido" is not a name
    assert first.url.endswith("noticeUID=CO1.NTC.9337427")
    assert sum(1 for c in contracts if c.city == "Cartagena") == 36


def test_colombian_secop1_release_with_repeated_contract(samples):
    fmt, items = read_all(samples / "ocds" / "colombia_secop1_release_ocds-k50g02-16-12-5282164.json")
    assert fmt == "ocds"
    [contract] = _contracts(items)  # listed three times in the release, imported once
    assert contract.source_key == "ocds-k50g02-16-12-5282164/1210100-301-2016"
    assert contract.number == "1210100-301-2016" and contract.process_id == "16-12-5282164"
    assert contract.initial_value == Decimal("7299288") and contract.currency == "COP"
    assert contract.start_date == dt.date(2016, 6, 16) and contract.end_date == dt.date(2016, 12, 16)
    assert contract.contractor == "LEONARDO ROZO VELASQUEZ" and contract.contractor_id == "80737007"
    assert contract.url.endswith("numConstancia=16-12-5282164")
    [budget] = contract.budget
    assert budget.cdp_number == "696" and budget.cdp_amount == Decimal("7299288")


def test_colombian_record_equals_release(samples):
    _, from_record = read_all(samples / "ocds" / "colombia_secop1_record_ocds-k50g02-16-12-5282164.json")
    _, from_release = read_all(samples / "ocds" / "colombia_secop1_release_ocds-k50g02-16-12-5282164.json")
    a, b = _contracts(from_record)[0], _contracts(from_release)[0]
    assert (a.source_key, a.initial_value, a.start_date, a.contractor) == (b.source_key, b.initial_value, b.start_date, b.contractor)


def test_other_colombian_releases(samples):
    folder = samples / "ocds"
    [old] = _contracts(read_all(folder / "colombia_secop1_release_2011_ocds-k50g02-11-12-478781.json")[1])
    assert old.status == "terminated" and old.initial_value == Decimal("39159992")
    assert old.start_date == dt.date(2011, 4, 6)  # 05:00Z is midnight in Colombia
    assert old.contractor_id == "31436921-3"
    [g] = _contracts(read_all(folder / "colombia_secop1_release_ocds-k50g02-19-12-8875567.json")[1])
    assert g.entity_nit == "899999701" and g.contractor_id == "1089846717"
    assert g.end_date == dt.date(2019, 1, 2) + dt.timedelta(days=120)  # from durationInDays
    [s2] = _contracts(read_all(folder / "colombia_secop2_release_ocds-k50g02-CO1.BDOS.530558.json")[1])
    assert s2.source_key == s2.secop_id == "CO1.PCCNTR.561631" and s2.process_id == "CO1.BDOS.530558"
    assert s2.end_date == dt.date(2018, 12, 14) and s2.initial_value == Decimal("12326533")
    [tvec] = _contracts(read_all(folder / "colombia_tvec_release_ocds-k50g02-23117.json")[1])
    assert tvec.initial_value == Decimal("7000000") and tvec.contractor == "MAKRO SUPERMAYORISTA S.A.S"


def test_mexico_release_packages_in_both_encodings(samples):
    folder = samples / "ocds"
    _, latin = read_all(folder / "mexico_cdmx_release-package_ISO-8859-1.json")
    [c] = _contracts(latin)
    assert c.entity == "SECRETARÍA DE FINANZAS"  # decoded as ISO-8859-1, not mojibake
    assert c.initial_value == Decimal("193817.35") and c.currency == "MXN"
    assert len(c.payments) == 4 and c.payments[0].amount == Decimal("145363.05")
    _, utf8 = read_all(folder / "mexico_cdmx_release-package_utf8.json")
    [u] = _contracts(utf8)
    assert len(u.payments) == 11 and sum(p.amount for p in u.payments) == Decimal("1311264")


def test_paraguay_packages(samples):
    folder = samples / "ocds"
    _, releases = read_all(folder / "paraguay_dncp_release-package_1.1.json")
    [c] = _contracts(releases)
    assert c.initial_value == Decimal("17875000") and c.currency == "PYG"
    assert [p.amount for p in c.payments] == [Decimal("2372509")]
    _, records = read_all(folder / "paraguay_dncp_record-package_1.1.json")
    assert _contracts(records) == []  # the record only reaches the award stage
    [err] = [i for i in records if isinstance(i, RowError)]
    assert "ocds-03ad3f-193399" in err.reason


def test_oc4ids_project(samples):
    fmt, items = read_all(samples / "ocds" / "oc4ids_example_project_package.json")
    assert fmt == "oc4ids"
    contracts = _contracts(items)
    assert len(contracts) == 3
    construction = contracts[0]
    assert construction.initial_value == Decimal("29000000") and construction.currency == "GBP"
    kinds = [(m.kind, m.value_change, m.days_change) for m in construction.modifications]
    assert kinds == [("prorroga", None, 153), ("otrosi", None, None), ("adicion", Decimal("6250000"), None)]
    assert construction.modifications[0].date == dt.date(2018, 4, 1)
    assert [p.amount for p in construction.payments] == [Decimal("1950000")]
    progress = [i for i in items if isinstance(i, ProgressRecord)]
    assert [(p.date, p.actual_percent) for p in progress] == [
        (dt.date(2018, 1, 7), Decimal(50)), (dt.date(2018, 8, 7), Decimal(75)), (dt.date(2018, 12, 1), Decimal(100))]
    assert {p.contract_key for p in progress} == {construction.source_key}
    [project] = [i for i in items if isinstance(i, ProjectRecord)]
    assert project.completion_final_value == Decimal("42100000") and project.budget_amount == Decimal("40000000")

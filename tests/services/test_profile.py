"""Veeduría profile and members: NIT validation, Ley 1581 consent."""
from __future__ import annotations

import datetime as dt

import pytest

from veeduria_app.services.errors import ValidationError
from veeduria_app.services.profile import MemberFields, ProfileFields


def test_profile_nit_is_validated_and_formatted(services):
    saved = services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", nit="8904801844"))
    assert saved.nit == "890.480.184-4"
    with pytest.raises(ValidationError) as caught:
        services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", nit="890480184-5"))
    assert "dígito de verificación" in str(caught.value)
    assert services.profile.get().nit == "890.480.184-4"


def test_profile_is_a_single_row_updated_in_place(services):
    first = services.profile.save(ProfileFields(name="A", registration_number="1"))
    second = services.profile.save(ProfileFields(name="B", registration_number="2"))
    assert first.id == second.id and services.profile.get().name == "B"


def test_personal_data_needs_consent(services):
    with pytest.raises(ValidationError) as caught:
        services.profile.add_member(MemberFields(full_name="Rosa", document_number="45678123"))
    assert "Ley 1581" in str(caught.value)
    assert services.profile.members() == []
    member = services.profile.add_member(MemberFields(full_name="Rosa", document_number="45.678.123",
                                                      consent_given=True))
    assert member.document_number == "45678123"
    assert member.consent_date == dt.date.today()
    name_only = services.profile.add_member(MemberFields(full_name="Yolanda"))
    assert not name_only.consent_given


def test_cedula_length(services):
    with pytest.raises(ValidationError):
        services.profile.add_member(MemberFields(full_name="X", document_number="123", consent_given=True))


def test_member_corrected_retired_and_restored_with_audit(services):
    rosa = services.profile.add_member(MemberFields(full_name="Rosa Julio", role="Coordinadora",
                                                    document_number="45678123", consent_given=True))
    fixed = services.profile.update_member(rosa.id, MemberFields(
        full_name="Rosa Elena Julio", role="Coordinadora", document_number="45678123", consent_given=True,
        consent_date=rosa.consent_date))
    assert fixed.full_name == "Rosa Elena Julio" and fixed.consent_date == rosa.consent_date
    services.profile.retire_member(rosa.id)
    assert services.profile.members() == [] and not services.profile.members(include_inactive=True)[0].active
    services.profile.retire_member(rosa.id, retired=False)
    assert [m.full_name for m in services.profile.members()] == ["Rosa Elena Julio"]
    actions = [e.action for e in services.audit.list(entity_id=rosa.id)]
    assert actions == ["restore", "archive", "update", "create"]


def test_withdrawn_consent_erases_document_and_contact_not_the_name(services):
    """Ley 1581: the member takes back the authorisation; their personal data goes, and the audit
    line says what was erased without repeating it."""
    luis = services.profile.add_member(MemberFields(full_name="Luis Barrios", document_number="1047123456",
                                                    phone="3001234567", email="luis@example.org", consent_given=True))
    after = services.profile.withdraw_consent(luis.id)
    assert (after.full_name, after.document_number, after.phone, after.email) == ("Luis Barrios", "", "", "")
    assert not after.consent_given and after.consent_date is None
    entry = services.audit.list(entity_id=luis.id)[0]
    assert "se borraron documento, teléfono, correo" in entry.summary
    assert "1047123456" not in str(entry.old_values) + str(entry.new_values) + entry.summary
    assert services.profile.withdraw_consent(luis.id) == after  # nothing left to erase: no new line
    assert len(services.audit.list(entity_id=luis.id)) == 2


def test_a_correction_keeps_the_day_consent_was_given_and_withdrawal_clears_it(services):
    """The date of the Ley 1581 authorisation is evidence of when it was given: correcting a phone
    number must not move it to today, whoever calls the service (GUI, CLI)."""
    given = dt.date(2025, 3, 14)
    ana = services.profile.add_member(MemberFields(full_name="Ana Pérez", phone="3001112233", consent_given=True,
                                                   consent_date=given))
    fixed = services.profile.update_member(ana.id, MemberFields(full_name="Ana Pérez", phone="3004445566",
                                                                consent_given=True))
    assert fixed.consent_date == given and fixed.phone == "3004445566"
    cleared = services.profile.update_member(ana.id, MemberFields(full_name="Ana Pérez", consent_given=False))
    assert not cleared.consent_given and cleared.consent_date is None


def test_profile_keeps_where_the_authorities_answer(services):
    """Ley 1755: the entity answers at the veeduría's address or e-mail; the letterhead prints them."""
    saved = services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", address="  Calle 31 # 70-15,  Olaya ",
                                                email=" veeduria.gaviotas@example.org ", phone=" 300  123 4567 "))
    assert (saved.address, saved.email, saved.phone) == ("Calle 31 # 70-15, Olaya", "veeduria.gaviotas@example.org",
                                                        "300 123 4567")
    assert saved.has_contact and saved.city == "Cartagena de Indias"
    assert not services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", phone="(605) 660 1234")).has_contact


@pytest.mark.parametrize("email", ["veeduria.gaviotas", "veeduria@", "veeduria gaviotas@example.org",
                                   "veeduria@example", "a@b@example.org"])
def test_profile_email_must_look_like_one(services, email):
    services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", email="ok@example.org"))
    with pytest.raises(ValidationError) as caught:
        services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", email=email))
    assert caught.value.field == "email" and "correo electrónico" in str(caught.value)
    assert services.profile.get().email == "ok@example.org"


def test_profile_phone_needs_digits(services):
    with pytest.raises(ValidationError) as caught:
        services.profile.save(ProfileFields(name="Veeduría Las Gaviotas", phone="llamar a Rosa"))
    assert caught.value.field == "phone" and "teléfono" in str(caught.value)
    assert services.profile.save(ProfileFields(name="V", phone="+57 300 123 4567 ext. 12")).phone == \
        "+57 300 123 4567 ext. 12"

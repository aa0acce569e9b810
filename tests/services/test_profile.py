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

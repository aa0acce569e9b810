"""Report data assembled from the other services' DTOs (pure functions, no database)."""
from __future__ import annotations

from types import SimpleNamespace

from veeduria_app.services.reports_data import signers_from_members


def test_signature_roles_keep_the_case_they_were_typed_in():
    members = [SimpleNamespace(full_name="Ana Pérez", role="integrante (JAC juvenil)"),
               SimpleNamespace(full_name="Luis Cañate", role="Integrante (JAC juvenil)"),
               SimpleNamespace(full_name="Rosa Martínez", role="coordinador"),
               SimpleNamespace(full_name="Inés Julio", role="delegada ASOCOMUNAL")]
    roles = [s.role for s in signers_from_members(members)]
    assert roles == ["Integrante (JAC juvenil)", "Integrante (JAC juvenil)", "Coordinador(a)",
                     "Delegada ASOCOMUNAL"]

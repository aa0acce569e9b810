"""Demo step: derechos de petición in every state, dated relative to the day the demo loads.

Training happens on any date, so filings are placed a number of business days before today:
the dashboard then always shows a draft, petitions in term, one about to lapse, lapsed ones
(including an unanswered documents request, deemed accepted) and answered ones.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from veeduria_app.domain.business_days import business_day_before
from veeduria_app.reporting.petition_letters import Signer
from veeduria_app.services.demo_steps.foundation import demo_work_ids
from veeduria_app.services.petitions import PetitionDraft

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 90

ALCALDIA = "Alcaldía Mayor de Cartagena de Indias"
SIGNERS = (Signer("Rosa Elvira Martínez Julio", "Coordinadora"), Signer("Luis Alberto Pérez Cassiani", "Integrante"))

# key, work, kind, entity, office, title, name, position, subject, requests,
# business days since filing (None = draft), answered after N business days, answer kind, radicado
PETITIONS = [
    ("docs_gaviotas", "obra01", "documentos", ALCALDIA, "Secretaría de Infraestructura", "Ingeniera",
     "Claudia Patricia Herrera Villalba", "Secretaria de Infraestructura",
     "Copia del contrato de obra, sus modificaciones y las actas de pago del canal Las Gaviotas",
     ("Copia del contrato de obra y de todas sus adiciones, prórrogas, suspensiones y otrosíes.",
      "Copia de las actas de pago parcial y de los informes mensuales de interventoría.",
      "Cronograma de obra vigente y porcentaje de avance físico certificado por la interventoría."),
     14, None, None, "EXT-AMC-26-0045871"),
    ("retraso_olaya", "obra02", "general", "Departamento Administrativo de Valorización Distrital", "Dirección",
     "Doctor", "Jorge Enrique Marrugo Díaz", "Director",
     "Razones del retraso en la pavimentación de la calle principal de Olaya Herrera",
     ("Informar las causas del retraso frente al cronograma contractual.",
      "Indicar las medidas adoptadas por la entidad y la nueva fecha prevista de terminación.",
      "Informar si se han impuesto multas o se ha iniciado algún procedimiento sancionatorio al contratista."),
     13, None, None, "VAL-2026-11872"),
    ("consulta_boquilla", "obra03", "consulta", "Secretaría de Educación Distrital de Cartagena", "Despacho",
     "Doctora", "Ana María Blanco Osorio", "Secretaria de Educación",
     "Consulta sobre la dotación del comedor escolar de la I. E. La Boquilla",
     ("Informar qué entidad asumirá la dotación del comedor escolar una vez se entregue la obra.",
      "Indicar si el proyecto incluye la conexión a gas natural y a la red de acueducto."),
     5, None, None, "SED-26-009341"),
    ("respuesta_pozon", "obra06", "general", "Aguas de Cartagena S.A. E.S.P.", "Gerencia de Proyectos",
     "Ingeniero", "Carlos Mario Puello Ríos", "Gerente de Proyectos",
     "Afectaciones del alcantarillado del sector 20 de Julio durante la obra",
     ("Informar el plan de manejo de tráfico y de aguas residuales durante la obra.",
      "Indicar los canales de atención a la comunidad para reportar reboses."),
     24, 10, "completa", "ACU-2026-30211"),
    ("vencida_caps", "obra05", "general", "Departamento Administrativo Distrital de Salud (DADIS)", "Dirección",
     "Doctor", "Ricardo Andrés Caraballo Mendoza", "Director",
     "Fecha de apertura y dotación del CAPS de Pasacaballos",
     ("Informar la fecha prevista de apertura del Centro de Atención Primaria en Salud.",
      "Remitir el inventario de dotación biomédica contratada."),
     22, None, None, "DADIS-26-7710"),
    ("borrador_juan_angola", "obra04", "documentos", "EDURBE S.A.", "Gerencia", "Doctor", "", "Gerente",
     "Planos aprobados y licencia del parque lineal del caño Juan Angola",
     ("Copia de los planos aprobados y de la licencia de intervención del espacio público.",
      "Copia del plan de manejo ambiental del proyecto."),
     None, None, None, ""),
    ("parcial_bocachica", "obra08", "documentos", ALCALDIA, "Secretaría de Infraestructura", "Ingeniera",
     "Claudia Patricia Herrera Villalba", "Secretaria de Infraestructura",
     "Estudios y diseños de la rehabilitación de la vía Bocachica - Caño del Oro",
     ("Copia de los estudios y diseños definitivos.", "Copia del presupuesto oficial y del análisis de precios unitarios."),
     30, 9, "parcial", "EXT-AMC-26-0039020"),
]


def run(services: "Services") -> None:
    works = demo_work_ids()
    service = services.petitions
    today = service.today()
    created: dict[str, str] = {}
    for (key, work, kind, entity, office, title, name, position, subject, requests, since, answered_after,
         answer_kind, radicado) in PETITIONS:
        # The first petition of each work cites that work's findings and its first photos.
        findings, photos = service.link_options(works[work]) if work in works else ([], [])
        first_of_work = sum(1 for row in PETITIONS[:len(created)] if row[1] == work) == 0
        links = ({"finding_ids": tuple(f.id for f in findings[:2]), "evidence_ids": tuple(p.id for p in photos[:2])}
                 if first_of_work else {})
        petition = service.create(PetitionDraft(**links,
            kind=kind, subject=subject, to_entity=entity, to_office=office, to_title=title, to_name=name,
            to_position=position, work_id=works.get(work), requests=requests, signers=SIGNERS,
            to_address="Centro, Plaza de la Aduana" if entity == ALCALDIA else "",
            annexes=("Copia del acta de constitución e inscripción de la veeduría",),
        ))
        created[key] = petition.id
        if since is None:
            continue
        filed = business_day_before(today, since)
        service.file(petition.id, filed, radicado, channel="Ventanilla de correspondencia")
        if answered_after is not None:
            service.answer(petition.id, business_day_before(today, since - answered_after), kind=answer_kind or "completa",
                           summary="Respuesta recibida por correo electrónico.")
    # From the lapsed DADIS petition the veeduría already drafted a reminder.
    service.draft_next_step(created["vencida_caps"], "recordatorio")

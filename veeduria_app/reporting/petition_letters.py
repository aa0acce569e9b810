"""Letters of the petitions capability: the petition, the reminder and the complaint.

The wording comes from `reports/peticiones/*.txt` (editable without code); the layout is the
shared GTC 185 letter (`reporting/letter.py`). Input is a plain `LetterInput`, so this module
knows nothing about the database.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from veeduria_app.domain.formats import long_date, place_and_date
from veeduria_app.domain.petitions import PetitionKind
from veeduria_app.domain.spanish import respected
from veeduria_app.paths import reports_dir
from veeduria_app.reporting.letter import Addressee, LetterData, Signer, build_letter
from veeduria_app.reporting.reply import reply_means, reply_paragraphs
from veeduria_app.reporting.styles import esc, get_styles
from veeduria_app.reporting.wording import Wording, fill, load_wording
from veeduria_app.services.jobs import CancelToken, ProgressCallback

__all__ = ["LETTER_TYPES", "LetterInput", "Signer", "build_letter_pdf", "complaint_addressee",
           "default_legal_basis", "letter_data", "letter_text"]

LETTER_TYPES = {
    "peticion": "Derecho de petición",
    "recordatorio": "Recordatorio",
    "queja_personeria": "Queja ante la Personería",
    "queja_procuraduria": "Queja ante la Procuraduría",
}
_WORDING_FILE = {
    "peticion": "peticion",
    "recordatorio": "recordatorio",
    "queja_personeria": "queja",
    "queja_procuraduria": "queja",
}


@dataclass(frozen=True)
class LetterInput:
    """Everything one letter needs, already read from the database by the service."""

    letter_type: str
    code: str
    kind: str
    issue_date: dt.date
    city: str
    veeduria: str
    registration: str
    veeduria_address: str
    veeduria_email: str
    veeduria_phone: str
    to_title: str
    to_name: str
    to_position: str
    to_office: str
    to_entity: str
    to_address: str
    to_city: str
    to_email: str
    subject: str
    work_name: str
    intro: str
    requests: tuple[str, ...]
    legal_basis: str
    closing: str
    annexes: tuple[str, ...]
    copies: tuple[str, ...]
    signers: tuple[Signer, ...]
    qr_payload: Optional[str] = None
    issuer_id: str = ""
    """Random id of the issuing data folder, written in the PDF properties (reports registry)."""
    linked_findings: tuple[str, ...] = ()
    """Findings the petition relates to, as `H-01 «title»`."""
    parent: Mapping[str, Any] = field(default_factory=dict)
    """Facts of the original petition, for a reminder or a complaint."""
    training: bool = False


@dataclass(frozen=True)
class ComplaintAddressee:
    """Default addressee and wording of a complaint, read from `reports/peticiones/queja.txt`."""

    entity: str
    office: str
    position: str
    city: str
    address: str
    legal_basis: str
    request_templates: tuple[str, ...]

    def requests(self, facts: Mapping[str, Any]) -> tuple[str, ...]:
        values = _parent_values(facts)
        return tuple(_fill(t, values) for t in self.request_templates)


def _wording(name: str) -> Wording:
    return load_wording(name, reports_dir() / "peticiones")


def default_legal_basis(kind: str) -> str:
    """The template's legal basis for a kind of petition, one reference per line."""
    return "\n".join(_wording("peticion").lines(f"fundamentos.{PetitionKind.parse(kind).value}"))


def complaint_addressee(step: str) -> ComplaintAddressee:
    """Personería or Procuraduría defaults for a complaint (`queja_personeria` / `_procuraduria`)."""
    wording = _wording("queja")
    key = "personeria" if step == "queja_personeria" else "procuraduria"
    lines = wording.lines(f"destinatario.{key}") + ["", "", "", ""]
    return ComplaintAddressee(
        entity=lines[0], office=lines[1], position=lines[2], city=lines[3] or "Cartagena de Indias",
        address="", legal_basis="\n".join(wording.lines("fundamentos")),
        request_templates=tuple(wording.lines("peticiones")),
    )


def _fill(template: str, values: Mapping[str, Any]) -> str:
    return fill(template, values)


def _parent_values(parent: Mapping[str, Any]) -> dict[str, Any]:
    """Dates as they are written in letters; the rest as given."""
    values = dict(parent)
    for key in ("fecha_radicacion", "fecha_vencimiento", "fecha_entrega"):
        value = values.get(key)
        if isinstance(value, dt.date):
            values[key] = long_date(value)
        elif isinstance(value, str) and value:
            values[key] = long_date(dt.date.fromisoformat(value))
    if "entidad_original" in values:
        values["entidad"] = values["entidad_original"]
    return values


def _values(data: LetterInput) -> dict[str, Any]:
    kind = PetitionKind.parse(data.kind)
    values: dict[str, Any] = {
        "veeduria": data.veeduria, "registro": data.registration, "ciudad": data.city,
        "entidad": data.to_entity, "dependencia": data.to_office,
        "tratamiento": (data.to_title or "señor(a)").lower(), "asunto": data.subject,
        "respetado": respected(data.to_title),
        "obra": data.work_name, "plazo_dias": kind.term_days, "tipo": kind.label,
        "sobre_obra": f", en relación con la obra «{data.work_name}»" if data.work_name else "",
        "correo_veeduria": data.veeduria_email, "telefono_veeduria": data.veeduria_phone,
        # Wording files edited for an older version wrote «en {direccion_veeduria}{correo_texto}»:
        # both now give the recorded means only (never «la dirección de la veeduría»), see reply.py.
        "direccion_veeduria": reply_means(data.veeduria_address, data.veeduria_email), "correo_texto": "",
    }
    values.update(_parent_values(data.parent))
    values.setdefault("recordatorio_texto", "")
    return values


def _heading(text: str) -> Paragraph:
    st = get_styles()
    style = ParagraphStyle("peticion_titulo", parent=st.letter_right, spaceBefore=8, spaceAfter=6,
                           keepWithNext=True)
    return Paragraph(f"<b>{esc(text)}</b>", style)


def _numbered(items: tuple[str, ...] | list[str]) -> list[Flowable]:
    """Numbered requests with a hanging indent, so each number stands out when printed."""
    st = get_styles()
    style = ParagraphStyle("peticion_numerada", parent=st.letter, leftIndent=20, bulletIndent=0)
    return [Paragraph(esc(text), style, bulletText=f"{n}.") for n, text in enumerate(items, start=1)]


def _paragraphs(texts: list[str]) -> list[Flowable]:
    st = get_styles()
    return [Paragraph(esc(t), st.letter) for t in texts if t.strip()]


Block = tuple[str, object]
"""("p", text) paragraph, ("h", text) heading, ("n", tuple of texts) numbered list."""


def _blocks(data: LetterInput) -> tuple[str, str, str, list[Block]]:
    """Subject, greeting, closing and body blocks, composed from the wording file.

    One composition feeds both the PDF and the plain-text preview, so what the user reads on
    screen is what gets printed.
    """
    if data.letter_type not in LETTER_TYPES:
        raise ValueError(f"Tipo de carta desconocido: {data.letter_type}")
    wording = _wording(_WORDING_FILE[data.letter_type])
    values = _values(data)
    blocks: list[Block] = []

    def paragraphs(texts: list[str]) -> None:
        blocks.extend(("p", t) for t in texts if t.strip())

    def lines(text: str) -> None:
        paragraphs([line.strip() for line in text.splitlines() if line.strip()])

    def reply(prefix: str) -> None:
        """Where to answer, with only the means «Mi veeduría» records (shared with the oficio)."""
        paragraphs(reply_paragraphs(wording, values, address=data.veeduria_address, email=data.veeduria_email,
                                    phone=data.veeduria_phone, prefix=prefix))

    if data.letter_type == "peticion":
        paragraphs([data.intro] if data.intro else wording.paragraphs("introduccion", values))
        if data.linked_findings and "hallazgos" in wording.sections:
            paragraphs(wording.paragraphs("hallazgos", {**values, "hallazgos": "; ".join(data.linked_findings)}))
        blocks.append(("h", wording.text("peticiones_titulo", values)))
        blocks.append(("n", tuple(data.requests)))
        blocks.append(("h", wording.text("fundamentos_titulo", values)))
        lines(data.legal_basis or default_legal_basis(data.kind))
        paragraphs(wording.paragraphs("termino", values))
        paragraphs([data.closing])
        reply("notificaciones")
    elif data.letter_type == "recordatorio":
        paragraphs(wording.paragraphs("cuerpo", values))
        if data.parent.get("aceptada"):
            paragraphs(wording.paragraphs("aceptacion", values))
        blocks.append(("h", wording.text("peticiones_titulo", values)))
        blocks.append(("n", tuple(data.requests)))
        paragraphs([data.closing])
        paragraphs(wording.paragraphs("cierre", values))
        reply("respuesta")
    else:
        blocks.append(("h", wording.text("hechos_titulo", values)))
        paragraphs(data.intro.split("\n\n") if data.intro else wording.paragraphs("hechos", values))
        blocks.append(("h", wording.text("peticiones_titulo", values)))
        blocks.append(("n", tuple(data.requests)))
        blocks.append(("h", wording.text("fundamentos_titulo", values)))
        lines(data.legal_basis or "\n".join(wording.lines("fundamentos")))
        paragraphs([data.closing])
        paragraphs(wording.paragraphs("cierre", values))
        reply("respuesta")
    return (wording.text("asunto", values), wording.text("saludo", values),
            wording.text("despedida", values), blocks)


def _flowables(blocks: list[Block]) -> list[Flowable]:
    story: list[Flowable] = []
    for kind, content in blocks:
        if kind == "h":
            story.append(_heading(str(content)))
        elif kind == "n":
            story += _numbered(tuple(content))  # type: ignore[arg-type]
        else:
            story += _paragraphs([str(content)])
    return story


def _plain(text: str) -> str:
    """Lower case without accents, to compare what people type in two fields."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)).strip()


def _position_line(data: LetterInput) -> str:
    """Cargo and dependencia on one line, without repeating the office when the cargo names it
    («Secretaria de Infraestructura» of the «Secretaría de Infraestructura»)."""
    position, office = data.to_position.strip(), data.to_office.strip()
    stem = _plain(office).split(" de ", 1)[-1] if " de " in _plain(office) else _plain(office)
    if office and position and (_plain(office) in _plain(position) or stem in _plain(position)):
        return position
    return ", ".join(x for x in (position, office) if x)


def letter_data(data: LetterInput) -> LetterData:
    """The GTC 185 letter (shared layout) filled with this petition's content."""
    subject, greeting, closing, blocks = _blocks(data)
    sender_lines = tuple(x for x in (
        data.registration[:1].upper() + data.registration[1:] if data.registration else "",
        data.veeduria_address, data.veeduria_email, data.veeduria_phone) if x)
    position = _position_line(data)
    return LetterData(
        code=data.code,
        date=data.issue_date,
        addressee=Addressee(title=data.to_title, name=data.to_name, position=position,
                            entity=data.to_entity, address=data.to_address,
                            city=data.to_city or data.city, email=data.to_email),
        subject=subject,
        body=(),
        signers=data.signers,
        sender_name=data.veeduria,
        sender_lines=sender_lines,
        place=data.city,
        greeting=greeting,
        closing=closing,
        annexes=data.annexes,
        copies=data.copies,
        document_title=LETTER_TYPES[data.letter_type],
        training=data.training,
        qr_payload=data.qr_payload,
        issuer_id=data.issuer_id,
        extra_flowables=tuple(_flowables(blocks)),
    )


def letter_text(data: LetterInput) -> str:
    """The letter as plain text in GTC 185 order, for the on-screen preview."""
    subject, greeting, closing, blocks = _blocks(data)
    position = _position_line(data)
    out = [data.code, "", place_and_date(data.issue_date, data.city), ""]
    out += [x for x in (data.to_title, data.to_name.upper(), position, data.to_entity,
                        data.to_address, data.to_email, data.to_city or data.city) if x]
    out += ["", f"Asunto: {subject}", "", greeting, ""]
    for kind, content in blocks:
        if kind == "n":
            out += [f"{n}. {text}" for n, text in enumerate(content, start=1)]  # type: ignore[arg-type]
        else:
            out.append(str(content))
        out.append("")
    out += [closing, ""]
    for signer in data.signers:
        out += ["", "______________________________", signer.name.upper(), signer.role]
    if data.annexes:
        out += ["", ("Anexo: " if len(data.annexes) == 1 else "Anexos: ") + "; ".join(data.annexes) + "."]
    if data.copies:
        out += ["Copia: " + "; ".join(data.copies) + "."]
    return "\n".join(out).strip() + "\n"


def build_letter_pdf(data: LetterInput, *, progress: Optional[ProgressCallback] = None,
                     cancel: Optional[CancelToken] = None) -> bytes:
    """The letter as PDF bytes (GTC 185 layout, embedded fonts)."""
    return build_letter(letter_data(data), progress=progress, cancel=cancel)

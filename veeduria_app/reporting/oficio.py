"""Oficio remisorio: the GTC 185 cover letter that files an informe with an authority."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from veeduria_app.domain.spanish import count_noun, respected, title_gender
from veeduria_app.reporting.data import VeeduriaInfo
from veeduria_app.reporting.informe import draft_mark, findings_suffix, visits_phrase
from veeduria_app.reporting.letter import Addressee, LetterData, Signer
from veeduria_app.reporting.reply import reply_paragraphs
from veeduria_app.reporting.wording import Wording, load_wording


@dataclass(frozen=True)
class OficioRequest:
    """What the user chooses when filing: to whom, and which informe it carries."""

    code: str
    date: dt.date
    addressee: Addressee
    treatment: str                 # how to greet: "doctora Pérez", "ingeniero Gómez"
    informe_code: str
    informe_pages: int
    work_name: str
    period: str
    findings_count: int
    signers: tuple[Signer, ...]
    copies: tuple[str, ...] = ()
    extra_annexes: tuple[str, ...] = ()
    training: bool = False
    issuer_id: str = ""
    visits_count: int = 0          # visits the veeduría recorded in the informe's period
    drafts_count: int = 0          # of findings_count, those still «Borrador» (domain.findings.is_draft)


def _section(words: Wording, key: str, values: dict) -> list[str]:
    """A section's paragraphs; none if a wording file edited for an older version lacks it."""
    return words.paragraphs(key, values) if key in words.sections else []


def _answer_paragraphs(words: Wording, veeduria: VeeduriaInfo, values: dict) -> list[str]:
    """Where the authority answers (Ley 1755 de 2015): the address and e-mail recorded in «Mi
    veeduría», which the letterhead prints too. Without them the letter must not point to a
    header that holds none: it asks to answer the signers, through the veeduría (reply.py, shared
    with the petition letters)."""
    return reply_paragraphs(words, values, address=veeduria.address, email=veeduria.email, phone=veeduria.phone)


def _content_key(count: int, visits: int) -> str:
    """«lo observado por la veeduría en 2 visitas» only when it recorded visits in the period."""
    if count == 0:
        return "contenido_sin_hallazgos"
    return "contenido" if visits else "contenido_sin_visitas"


def _draft_sentences(words: Wording, count: int, drafts: int, values: dict) -> list[str]:
    """Said right after the findings are counted: how many of them are still unconfirmed drafts,
    as the informe marks them («(borrador, sin confirmar)»); nothing when none is."""
    if not count or not drafts:
        return []
    key = ("borrador_unico" if count == 1 else "borradores_todos" if drafts == count
           else "borrador_uno" if drafts == 1 else "borradores")
    return _section(words, key, {**values, "borradores": drafts, "marca": draft_mark()})


def _findings_paragraphs(words: Wording, count: int, values: dict, *, visits: int = 0, drafts: int = 0) -> list[str]:
    """What the informe contains and what the veeduría asks, true to the number of findings: with
    none, the letter neither announces «ningún hallazgo con sus recomendaciones» nor asks that
    «los hallazgos» be examined; with one, it speaks of «el hallazgo». It speaks of what was
    observed in visits only if some were recorded, and says how many findings are still drafts
    (in the same paragraph). The art. 20 caveat closes the request's paragraph."""
    suffix = findings_suffix(count) or "_hallazgos"
    content = _section(words, _content_key(count, visits), values)
    draft = " ".join(_draft_sentences(words, count, drafts, values))
    if draft:
        if content:
            content[-1] = f"{content[-1]} {draft}"
        else:
            content = [draft]
    request = _section(words, "solicitud" + suffix, values)
    caveat = " ".join(_section(words, "advertencia_art20", values))
    if caveat:
        if request:
            request[-1] = f"{request[-1]} {caveat}"
        else:
            request = [caveat]
    return [*content, *request]


def oficio_letter(veeduria: VeeduriaInfo, request: OficioRequest) -> LetterData:
    """Fill the GTC 185 letter from reports/oficio_remisorio.txt."""
    words = load_wording("oficio_remisorio")
    values = {"veeduria": veeduria.name, "codigo_informe": request.informe_code, "obra": request.work_name,
              "periodo": request.period, "n_hallazgos": request.findings_count,
              "tratamiento": request.treatment or "señor(a)",  # «Respetado(a) señor(a):» when nothing is known
              "hallazgos": count_noun(request.findings_count, "hallazgo", none="ningún hallazgo"),
              "visitas": visits_phrase(request.visits_count), "n_visitas": request.visits_count,
              # the title says the gender («Ingeniera»); else the treatment's first word («doctora Pérez»)
              "respetado": respected(request.addressee.title if title_gender(request.addressee.title)
                                     else request.treatment)}
    body = [*words.paragraphs("cuerpo", values), *_findings_paragraphs(words, request.findings_count, values,
                                                                    visits=request.visits_count,
                                                                    drafts=request.drafts_count),
            *_answer_paragraphs(words, veeduria, values)]
    annexes = (f"Informe de veeduría {request.informe_code} ({request.informe_pages} folios)",
               *request.extra_annexes)
    return LetterData(
        code=request.code, date=request.date, addressee=request.addressee,
        subject=" ".join(words.paragraphs("asunto", values)), body=tuple(body),
        signers=request.signers, sender_name=veeduria.name, sender_lines=veeduria.contact_lines,
        place=veeduria.city, greeting=" ".join(words.paragraphs("saludo", values)),
        closing=" ".join(words.paragraphs("despedida", values)), annexes=annexes, copies=request.copies,
        document_title="Oficio remisorio", training=request.training,
        qr_payload=f"VEEDURIA|{request.code}|remite:{request.informe_code}", issuer_id=request.issuer_id,
    )

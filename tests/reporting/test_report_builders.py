"""Informe, acta and rendición de cuentas built from plain data and read back with pypdf."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

import reporting_samples as samples
from pdf_helpers import LETTER_POINTS, all_text, embedded_font_names, images, page_sizes, page_texts
from veeduria_app.domain.formats import money
from veeduria_app.reporting.accountability import build_accountability
from veeduria_app.reporting.acta import SECTION_TITLES as ACTA_SECTIONS
from veeduria_app.reporting.acta import build_acta
from veeduria_app.reporting.informe import SECTION_TITLES, build_informe
from veeduria_app.reporting.template import TRAINING_MARK
from veeduria_app.services.jobs import CancelToken, Cancelled


def _photo(path: Path, size: tuple[int, int], orientation: int = 1) -> Path:
    """A real JPEG with an EXIF Orientation tag, as phones write them."""
    image = Image.new("RGB", size)
    for x in range(0, size[0], 50):  # some texture so JPEG sizes are realistic
        image.paste((x % 255, 90, 200 - x % 200), (x, 0, min(x + 25, size[0]), size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


@pytest.fixture(scope="module")
def photo_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("photos")
    return [_photo(folder / "a.jpg", (4000, 3000)), _photo(folder / "b.jpg", (4000, 3000), orientation=6),
            _photo(folder / "c.jpg", (300, 200))]


@pytest.fixture(scope="module")
def informe_pdf(photo_files: list[Path]) -> bytes:
    return build_informe(samples.informe(photo_files))


def test_informe_has_every_section_in_order(informe_pdf: bytes) -> None:
    text = all_text(informe_pdf)
    positions = [text.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions), dict(zip(SECTION_TITLES, positions))
    assert positions == sorted(positions)
    assert text.find("Verificación del documento") > positions[-1]


def test_informe_figures_and_accents_match_the_data(informe_pdf: bytes) -> None:
    data = samples.informe()
    text = all_text(informe_pdf)
    contract = data.contracts[0]
    for value in (contract.initial_value, contract.current_value, contract.paid_value):
        assert money(value) in text
    assert "Canalización del canal Las Gaviotas, tramo 2" in text
    assert "ANA PÉREZ ÑÁÑEZ" in text  # signer names in capitals, accents kept
    assert "Cartagena de Indias, 26 de noviembre de 2026" in text
    assert "del 01/01/2026 al 26/11/2026" in text
    for alert in data.alerts:
        assert alert.title in text
    assert "Presunta disciplinaria y fiscal" in text
    assert "10,40150° N, 75,51200° O" in text
    assert "artículo 20 de la Ley 850 de 2003" in text  # the caveat from reports/comun.txt
    assert "F3" in text and "850 m" in text


def test_every_page_is_letter_numbered_and_carries_the_code(informe_pdf: bytes) -> None:
    sizes = page_sizes(informe_pdf)
    assert all(size == LETTER_POINTS for size in sizes)
    texts = page_texts(informe_pdf)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {total}" in text
        assert "INF-2026-0001" in text
        assert "Veeduría Ciudadana Canal Las Gaviotas" in text
        assert TRAINING_MARK not in text


def test_fonts_are_embedded(informe_pdf: bytes) -> None:
    names = embedded_font_names(informe_pdf)
    assert any(n.endswith("DejaVuSans") for n in names)
    assert any(n.endswith("DejaVuSerif") for n in names)


def test_photos_are_downscaled_to_print_resolution_and_upright(informe_pdf: bytes) -> None:
    placed = images(informe_pdf)
    assert len(placed) == 3
    # The box is 7.6 × 6.0 cm: at 200 dpi at most 599 × 473 pixels; never the 4000 px original.
    for image in placed:
        assert image.width_px <= 600 and image.height_px <= 473
    shapes = sorted((i.width_px, i.height_px) for i in placed)
    assert (300, 200) in shapes  # a small photo is never upscaled
    big = [s for s in shapes if s != (300, 200)]
    assert len(big) == 2
    assert sum(1 for w, h in big if h > w) == 1  # orientation 6 turned upright (portrait)
    assert sum(1 for w, h in big if w > h and w >= 590) == 1  # landscape fills the box width at 200 dpi


def test_training_folder_marks_every_page(photo_files: list[Path]) -> None:
    pdf = build_informe(samples.informe(photo_files[:1], training=True))
    for text in page_texts(pdf):
        assert TRAINING_MARK in text


def test_unreadable_photo_prints_a_notice_instead_of_failing(tmp_path: Path) -> None:
    broken = tmp_path / "roto.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    pdf = build_informe(samples.informe([broken, tmp_path / "no_existe.jpg"]))
    assert all_text(pdf).count("No se pudo leer el archivo de la foto") == 2
    assert images(pdf) == []


def test_cancel_stops_the_build(photo_files: list[Path]) -> None:
    token = CancelToken()
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)
        token.cancel()

    with pytest.raises(Cancelled):
        build_informe(samples.informe(photo_files), progress=progress, cancel=token)
    assert len(seen) == 1


def test_long_tables_repeat_their_header_on_each_page() -> None:
    data = samples.informe()
    many = tuple(replace(data.alerts[0], title=f"Alerta número {i}") for i in range(90))
    pdf = build_informe(replace(data, alerts=many))
    pages_with_rows = [t for t in page_texts(pdf) if "Alerta número" in t]
    assert len(pages_with_rows) >= 2
    for text in pages_with_rows:
        assert "Fundamento" in text  # header row repeated
    assert "Alerta número 89" in all_text(pdf)


def test_acta_lists_attendees_checklist_and_signature_lines(photo_files: list[Path]) -> None:
    data = samples.acta(photo_files[:2])
    pdf = build_acta(data)
    text = all_text(pdf)
    for title in ACTA_SECTIONS:
        assert title in text
    for attendee in data.attendees:
        assert attendee.name in text and attendee.name.upper() in text
    assert "Valla informativa visible" in text and "Sin verificar" in text
    assert "Los vecinos señalan que la obra está parada desde agosto." in text
    assert "08:30 a 11:15" in text and "35,0 %" in text
    assert len(images(pdf)) == 2
    assert all(size == LETTER_POINTS for size in page_sizes(pdf))


def test_accountability_states_each_work_in_plain_language() -> None:
    data = samples.accountability()
    pdf = build_accountability(data)
    text = all_text(pdf)
    assert "INFORME DE RENDICIÓN DE CUENTAS A LA COMUNIDAD" in text
    for work in data.works:
        assert work.name in text
    assert "Avance observado: 35,0 % · Avance pagado: 74,0 %" in text
    assert "Pagos superan avance (ALTA)" in text
    assert "SIN ALERTA" in text  # the clean work gets a word, not just a colour
    assert money(data.works[0].contract_value) in text


def test_accountability_without_works_says_so() -> None:
    data = replace(samples.accountability(), works=(), scope="Localidad 2 De la Virgen y Turística")
    text = all_text(build_accountability(data))
    assert "No hay obras vigiladas que cumplan el filtro seleccionado." in text
    assert "Localidad 2 De la Virgen y Turística" in text


def test_period_text_open_ends() -> None:
    from veeduria_app.reporting.informe import period_text

    assert period_text(dt.date(2026, 1, 5), None) == "desde el 05/01/2026"
    assert period_text(None, dt.date(2026, 2, 1)) == "hasta el 01/02/2026"
    assert period_text(None, None) == "todo el periodo registrado"


def test_a_finding_longer_than_a_page_splits_without_losing_text() -> None:
    data = samples.informe()
    sentences = " ".join(f"Frase número {i} de la condición observada en la obra." for i in range(400))
    long_finding = replace(data.findings[0], condition=sentences + " FIN-DE-LA-CONDICIÓN")
    pdf = build_informe(replace(data, findings=(long_finding,)))
    text = all_text(pdf)
    assert "Frase número 0 de la condición" in text and "Frase número 399 de la condición" in text
    assert "FIN-DE-LA-CONDICIÓN" in text


def test_photo_card_distance_uses_the_shared_format(tmp_path: Path) -> None:
    from veeduria_app.reporting.blocks import caption_lines

    far = replace(samples.photos([tmp_path / "x.jpg"])[0], distance_m=1862667.7)
    lines = [text for _, text in caption_lines(far)]
    assert "Distancia a la obra: 1.863 km" in lines, lines  # was «1.862,67 km»


def test_photo_cards_print_the_full_sha256_in_two_lines_that_fit_the_card(photo_files: list[Path]) -> None:
    import hashlib

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from veeduria_app.reporting.blocks import MONO, PHOTO_BOX, CaptionBlock, caption_lines

    data = samples.informe(photo_files)
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(len(data.photos))]
    data = replace(data, photos=tuple(replace(p, sha256=h) for p, h in zip(data.photos, digests)))
    text = all_text(build_informe(data))
    for digest in digests:
        assert f"{digest[:32]} {digest[32:]}" in text  # whole, in two lines of 32 (was the first 16 and «…»)
    block = CaptionBlock(caption_lines(data.photos[0]))
    room = PHOTO_BOX[0] - 8  # the card's inner width (4 pt padding each side)
    block.wrap(room, 1000)
    hash_lines = [(t, size) for font, t, size in block._lines if font == MONO]
    assert [t for t, _ in hash_lines] == [digests[0][:32], digests[0][32:]]
    assert all(stringWidth(t, MONO, size) <= room for t, size in hash_lines)
    narrow = CaptionBlock([(MONO, digests[0])])
    narrow.wrap(60, 1000)  # even a very narrow card never overflows
    assert all(stringWidth(t, MONO, size) <= 60 for _, t, size in narrow._lines)
    assert "".join(t for _, t, _ in narrow._lines) == digests[0]


def test_table_cells_never_break_a_word(photo_files: list[Path]) -> None:
    from veeduria_app.reporting.accountability import build_accountability as build_rdc
    from veeduria_app.reporting.tables import data_table
    from veeduria_app.reporting.template import PageDecor, PdfMetadata, build_pdf

    data = samples.informe(photo_files)
    contracts = (replace(data.contracts[0], number="SIP-CMA-011-2025",
                         contractor="INTERVENTORES ASOCIADOS DEL CARIBE S.A.S."),)
    text = all_text(build_informe(replace(data, contracts=contracts)))
    # informe pages 2–3 printed «SIP-CMA-011-20 25», «INTERVENTORE S ASOCIADOS» and the header «Foto s»
    for word in ("SIP-CMA-011-2025", "INTERVENTORES ASOCIADOS", "Fotos Acta"):
        assert word in text, word
    assert "Hallazgos" in all_text(build_rdc(samples.accountability()))
    # any column: the font shrinks a little so the longest word fits instead of being cut
    table = data_table(["Fotos", "Contrato"], [["12", "SIP-CMA-011-2025"]], [1.0 * 28.35, 2.6 * 28.35])
    pdf = build_pdf([table], PageDecor("Veeduría", "Prueba", "X-1", "X"), PdfMetadata("t", "a", "s", "X-1"))
    assert "Fotos Contrato" in all_text(pdf) and "SIP-CMA-011-2025" in all_text(pdf)
    # money and percentages stay whole too: «$» / «%» were left alone at a line's end / start
    table = data_table(["Observado"], [["$ 720.000.000 (19,5 %) y adiciones de $ 1.300.000.000"]], [2.9 * 28.35])
    pdf = build_pdf([table], PageDecor("Veeduría", "Prueba", "X-1", "X"), PdfMetadata("t", "a", "s", "X-1"))
    lines = [line.strip() for line in page_texts(pdf)[0].splitlines()]
    assert not [x for x in lines if x.endswith("$") or x.startswith("%") or x.endswith("(19,5")], lines


def test_verification_block_gives_the_whole_evidence_list_fingerprint(informe_pdf: bytes) -> None:
    """All 64 characters (in two halves that may wrap), so the list can be recomputed and compared."""
    text = "".join(all_text(informe_pdf).split())
    assert "ab" * 32 in text  # reporting_samples.verification(): manifest_digest = "ab" * 32


def test_page_footer_speaks_to_the_reader_not_in_commands(informe_pdf: bytes) -> None:
    """Every page tells the official to ask the veeduría; the command appears once, in the
    verification block that explains how the veeduría checks."""
    text = all_text(informe_pdf)
    assert text.count("pida a la veeduría verificar este documento") >= 3
    assert text.count("veeduria verify") == 1

"""Parts of the printed documents: wording files, GTC 185 letter, images, charts, sketch."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.shapes import Drawing, Image as ShapeImage, String
from reportlab.lib.units import cm

from pdf_helpers import LETTER_POINTS, all_text, embedded_font_names, page_sizes
from veeduria_app.paths import reports_dir
from veeduria_app.reporting.charts import CurveSeries, level_badge, s_curve
from veeduria_app.reporting.images import prepare_photo
from veeduria_app.reporting.letter import Addressee, LetterData, Signer, build_letter
from veeduria_app.reporting.oficio import OficioRequest, oficio_letter
from veeduria_app.reporting.sketch import SketchPoint, location_sketch
from veeduria_app.reporting.wording import load_wording, parse_wording

import reporting_samples as samples


def _strings(drawing: Drawing) -> list[str]:
    out = []
    stack = list(drawing.contents)
    while stack:
        node = stack.pop()
        if isinstance(node, String):
            out.append(node.text)
        stack.extend(getattr(node, "contents", []))
    return out


def test_wording_format_sections_comments_and_placeholders() -> None:
    words = parse_wording("x", "# comentario\n## uno\nHola {nombre},\nsigue.\n\nOtro {desconocido} {.\n## dos\n# nota\nB\n")
    assert words.paragraphs("uno", {"nombre": "Ñusta"}) == ["Hola Ñusta, sigue.", "Otro {desconocido} {."]
    assert words.text("dos") == "B"
    with pytest.raises(KeyError, match="reports/x.txt"):
        words.text("tres")


def test_wording_file_saved_by_notepad_with_bom(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes("\ufeff## saludo\nRespetada señora:\n".encode("utf-8"))
    assert load_wording("doc", tmp_path).text("saludo") == "Respetada señora:"
    (tmp_path / "mal.txt").write_bytes("## a\nSe\xf1ora".encode("latin-1"))
    with pytest.raises(ValueError, match="UTF-8"):
        load_wording("mal", tmp_path)


def test_shipped_wording_has_the_art20_caveat() -> None:
    text = load_wording("comun").text("advertencia_art20")
    assert "artículo 20 de la Ley 850 de 2003" in text
    assert (reports_dir() / "LEEME.txt").is_file()


LETTER = LetterData(
    code="OFI-2026-0003", date=dt.date(2026, 7, 1),
    addressee=Addressee("Doctora", "maría josé ñañez peña", "Secretaria de Infraestructura",
                        "Alcaldía Mayor de Cartagena de Indias", "Plaza de la Aduana, Centro"),
    subject="Remisión del informe INF-2026-0001", body=("Primer párrafo con acción y señalización.", "Segundo."),
    signers=(Signer("Rosa Elena Martínez", "Coordinadora"), Signer("Luis Cañate", "Veedor")),
    sender_name="Veeduría Ciudadana Canal Las Gaviotas", sender_lines=("Registro 0457",),
    greeting="Respetada doctora Ñañez:", annexes=("Informe INF-2026-0001 (10 folios)",),
    copies=("Personería Distrital de Cartagena",),
)


def test_letter_follows_gtc185_order_on_letter_paper() -> None:
    pdf = build_letter(LETTER)
    text = all_text(pdf)
    order = ["OFI-2026-0003", "Cartagena de Indias, 1 de julio de 2026", "Doctora", "MARÍA JOSÉ ÑAÑEZ PEÑA",
             "Secretaria de Infraestructura", "Alcaldía Mayor de Cartagena de Indias", "Asunto:",
             "Respetada doctora Ñañez:", "Primer párrafo con acción y señalización.", "Atentamente,",
             "ROSA ELENA MARTÍNEZ", "Coordinadora", "Anexo:", "Copia: Personería Distrital de Cartagena"]
    positions = [text.find(part, text.find("OFI-2026-0003 ")) for part in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions)
    assert page_sizes(pdf) == [LETTER_POINTS]
    assert any(n.endswith("DejaVuSerif") for n in embedded_font_names(pdf))


def test_oficio_uses_the_editable_wording() -> None:
    request = OficioRequest(code="OFI-2026-0001", date=dt.date(2026, 11, 26), addressee=LETTER.addressee,
                            treatment="doctora Ñañez", informe_code="INF-2026-0001", informe_pages=10,
                            work_name="Canalización del canal Las Gaviotas, tramo 2",
                            period="del 01/01/2026 al 26/11/2026", findings_count=2, signers=LETTER.signers)
    letter = oficio_letter(samples.VEEDURIA, request)
    text = all_text(build_letter(letter))
    assert "Asunto: Remisión del informe de veeduría ciudadana INF-2026-0001" in text
    assert "Respetada doctora Ñañez:" in text  # the title («Doctora») is known: no «Respetado(a)»
    assert "y 2 hallazgos con sus recomendaciones" in text and "(s)" not in text
    assert "Informe de veeduría INF-2026-0001 (10 folios)" in text
    assert "artículo 20 de la Ley 850 de 2003" in text


@pytest.mark.parametrize("title,treatment,findings,greeting,count", [
    ("Ingeniera", "ingeniera Marrugo", 1, "Respetada ingeniera Marrugo:", "y 1 hallazgo con sus"),
    ("Doctor", "doctor Gómez", 3, "Respetado doctor Gómez:", "y 3 hallazgos con sus"),
    ("Ing.", "ingeniero Pérez", 0, "Respetado ingeniero Pérez:", "la veeduría no registró hallazgos"),
    ("", "Secretaría de Infraestructura", 2, "Respetado(a) Secretaría de Infraestructura:", "y 2 hallazgos con sus"),
    ("", "", 1, "Respetado(a) señor(a):", "y 1 hallazgo con sus"),  # nothing known: no «Respetado(a) :»
])
def test_oficio_greets_by_the_known_title_and_counts_findings(title, treatment, findings, greeting, count) -> None:
    addressee = Addressee(title, "Laura Patricia Julio Marrugo", "Secretaria de Infraestructura",
                          "Alcaldía Mayor de Cartagena de Indias")
    request = OficioRequest(code="OFI-2026-0002", date=dt.date(2026, 11, 26), addressee=addressee,
                            treatment=treatment, informe_code="INF-2026-0002", informe_pages=12,
                            work_name="Canalización del canal Las Gaviotas, tramo 2", period="para todo el periodo",
                            findings_count=findings, signers=LETTER.signers)
    text = all_text(build_letter(oficio_letter(samples.VEEDURIA, request)))
    assert greeting in text
    assert count in text and "hallazgo(s)" not in text


def test_prepare_photo_downscales_rotates_and_keeps_small_photos(tmp_path: Path) -> None:
    path = tmp_path / "p.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (4000, 3000), (120, 80, 40)).save(path, "JPEG", exif=exif.tobytes())
    prepared = prepare_photo(path, 7.6 * cm, 6.0 * cm)
    width, height = prepared.pixels
    assert height > width  # upright portrait
    assert height == round(6.0 / 2.54 * 200)
    assert prepared.height_pt == pytest.approx(6.0 * cm)
    assert Image.open(io.BytesIO(prepared.jpeg)).size == (width, height)
    small = tmp_path / "s.png"
    Image.new("RGBA", (120, 90), (0, 0, 0, 0)).save(small)
    assert prepare_photo(small, 7.6 * cm, 6.0 * cm).pixels == (120, 90)


def test_s_curve_labels_series_and_today() -> None:
    series = (CurveSeries("Programado", ((dt.date(2026, 1, 1), 0), (dt.date(2026, 6, 1), 100)), "planned"),
              CurveSeries("Pagado", ((dt.date(2026, 1, 1), 0), (dt.date(2026, 5, 1), 74)), "financial"))
    texts = _strings(s_curve(series, 400, 200, today=dt.date(2026, 4, 1)))
    assert "Programado: 100 %" in texts and "Pagado: 74 %" in texts
    assert "Hoy 01/04/2026" in texts
    assert _strings(s_curve((), 400, 200)) == ["Sin datos suficientes para la curva S."]


@pytest.mark.parametrize("level,word", [("alta", "ALTA"), ("media", "MEDIA"), ("baja", "BAJA"), ("ok", "SIN ALERTA")])
def test_level_badges_carry_a_word(level: str, word: str) -> None:
    assert word in _strings(level_badge(level))


def test_sketch_pins_far_photos_to_the_edge_with_their_distance() -> None:
    site = (10.4015, -75.5120)
    points = [SketchPoint("F1", site[0] + 0.0005, site[1]), SketchPoint("F2", site[0] + 0.0077, site[1])]
    texts = _strings(location_sketch(*site, 200, points, 400))
    assert "F1" in texts
    assert any(t.startswith("F2 (") and t.endswith(" m)") for t in texts)
    assert "N" in texts and "Obra" in texts
    assert any(t.endswith(" m") and t[0].isdigit() for t in texts)  # scale bar length


def test_sketch_writes_far_distances_and_radius_in_the_shared_format() -> None:
    site = (10.4015, -75.5120)
    points = [SketchPoint("F9", site[0] + 0.0077, site[1]), SketchPoint("F10", 27.1, site[1])]  # ~856 m, ~1.860 km
    texts = _strings(location_sketch(*site, 200, points, 400))
    assert "F9 (856 m)" in texts, texts
    assert any(t.startswith("F10 (1.8") and t.endswith(" km)") and "," not in t for t in texts), texts
    assert "radio 200 m" in texts, texts
    assert "radio 1,5 km" in _strings(location_sketch(*site, 1500, [], 400))


def test_sketch_uses_cached_tiles_when_present(tmp_path: Path) -> None:
    import math

    lat, lon = 10.4015, -75.5120
    for zoom in (15, 16):  # the map screen cached only these; the sketch falls back to them
        n = 2 ** zoom
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        for dx in range(-3, 4):
            for dy in range(-3, 4):
                folder = tmp_path / str(zoom) / str(x + dx)
                folder.mkdir(parents=True, exist_ok=True)
                Image.new("RGB", (256, 256), (200, 200, 200)).save(folder / f"{y + dy}.png")
    drawing = location_sketch(lat, lon, 200, [], 400, tiles_dir=tmp_path)
    assert any(isinstance(node, ShapeImage) for node in drawing.contents)
    assert "Mapa base: © colaboradores de OpenStreetMap" in _strings(drawing)
    bare = location_sketch(lat, lon, 200, [], 400, tiles_dir=tmp_path / "vacio")
    assert not any(isinstance(node, ShapeImage) for node in bare.contents)


def test_letterhead_keeps_the_whole_address_on_two_lines() -> None:
    from dataclasses import replace

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from veeduria_app.reporting.fonts import SANS

    lines = ("Cámara de Comercio de Cartagena, registro VC-2025-0147 del 14/03/2025",
             "Sede JAC Olaya Herrera, sector Rafael Núñez, Cartagena de Indias", "veeduria.demo@example.org",
             "300 000 0000")
    letter = replace(LETTER, sender_name="Veeduría Ciudadana Obras que Transforman - Olaya Herrera, Localidad "
                                         "Industrial y de la Bahía", sender_lines=lines)
    text = all_text(build_letter(letter))
    assert "Sede JAC Olaya Herrera, sector Rafael Núñez, Cartagena de Indias" in text  # was «sector Rafael…»
    assert "300 000 0000" in text and "…" not in text
    assert "Localidad Industrial y de la Bahía" in text  # a long name still fits beside the title

    from veeduria_app.reporting.template import LETTER_MARGINS, PAGE_SIZE, header_lines

    room = PAGE_SIZE[0] - LETTER_MARGINS.left - LETTER_MARGINS.right
    size, wrapped = header_lines(" · ".join(lines), SANS, room)
    assert len(wrapped) == 2 and all(stringWidth(x, SANS, size) <= room for x in wrapped)
    assert " · ".join(wrapped) == " · ".join(lines)  # broken between parts, nothing lost
    # an absurdly long line still fits: two lines at most, never wider than the page
    size, wrapped = header_lines(" · ".join(lines * 4), SANS, room)
    assert len(wrapped) == 2 and all(stringWidth(x, SANS, size) <= room for x in wrapped)
    assert wrapped[-1].endswith("…")


def test_wording_first_takes_the_most_specific_section_the_file_has():
    from veeduria_app.reporting.wording import parse_wording

    words = parse_wording("prueba", "## intro\nGeneral.\n\n## intro_sin_visitas\nSin visitas.\n")
    assert words.first("intro_una_visita", "intro_sin_visitas", "intro") == "intro_sin_visitas"
    assert words.first("intro_una_visita", "intro") == "intro"
    assert words.first("otra") is None

"""The PowerPoint decks of the real site, read back with python-pptx and converted by LibreOffice Impress (slide
counts, real tables, whole sentences, help now, content notes, type sizes, no overflow); and the deck planner and
renderer on small inputs: an overfull slide is caught, a cache that holds."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PRINT_ONLY, ROOT, load_config, page_text, run_build

pptx = pytest.importorskip("pptx")
from handouts import deck, deck_plan  # noqa: E402
from handouts.content import PageContent  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER  # noqa: E402 - only once python-pptx is known to exist
from pptx.oxml.ns import qn  # noqa: E402

CONFIG = load_config()
AUDIENCES = list(CONFIG["extra"]["audiences"])
SITE_URL = CONFIG["site_url"]
WIDESCREEN = (12192000, 6858000)  # 13.333 by 7.5 inches: 16:9
CONTINUED = " (continued)"
SLIDE_COUNTS = {"client": range(15, 26), "professional": range(30, 46)}
MIN_POINTS = 18
CITATION = re.compile(r" \([^()]*\d{4}[a-z]?\)|\s(?=[.,:;])")  # "(Arntz, 2012)", and the space it leaves
SCREEN_ONLY = ("Select a question to open it", "Nothing you type here is saved")


# Helper functions


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def body_paragraphs(slide) -> list[str]:
    """The text of every paragraph in the slide's body placeholders (not its title, footer or slide number)."""
    return [
        paragraph.text
        for shape in slide.placeholders
        if shape.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE,
                                                  PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
        and shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]


@pytest.fixture(scope="module", params=AUDIENCES)
def audience(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def deck_file(audience: str, built_site: Path) -> Path:
    path = built_site / "downloads" / f"imagery-rescripting-{audience}.pptx"
    assert path.is_file(), f"missing {path.name}"
    return path


@pytest.fixture(scope="module")
def presentation(deck_file: Path):
    return pptx.Presentation(str(deck_file))


def test_deck_is_16_9(presentation) -> None:
    assert (presentation.slide_width, presentation.slide_height) == WIDESCREEN


def test_core_properties_are_set(presentation, audience: str) -> None:
    properties = presentation.core_properties
    label = CONFIG["extra"]["audiences"][audience]["label"]
    assert label in properties.title
    assert properties.author == CONFIG["site_author"]
    assert len(properties.subject) > 40
    assert "imagery rescripting" in properties.keywords.lower()
    assert properties.language


def test_slides_start_with_a_title_and_end_with_the_address(presentation, audience: str) -> None:
    slides = list(presentation.slides)
    assert slides[0].slide_layout.name == "Title Slide"
    assert CONFIG["extra"]["audiences"][audience]["label"] in body_paragraphs(slides[0])
    address = (SITE_URL + audience).split("://", 1)[1]
    assert address in body_paragraphs(slides[-1]), "the address, on one line, without https:// or the last slash"


def test_every_placeholder_is_filled_and_all_text_is_in_placeholders(presentation) -> None:
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            if shape.is_placeholder and shape.has_text_frame:
                assert shape.text_frame.text.strip(), f"slide {number}: empty placeholder '{shape.name}'"
            elif shape.has_text_frame:
                assert not shape.text_frame.text.strip(), f"slide {number}: text outside a placeholder"


def test_closing_slide_has_a_qr_code_of_the_audience_address(presentation, audience: str, tmp_path: Path) -> None:
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    image_module = pytest.importorskip("PIL.Image")
    pictures = [shape for shape in list(presentation.slides)[-1].shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0].width == pictures[0].height, "a QR code must stay square"
    assert SITE_URL in pictures[0]._element.nvPicPr.cNvPr.get("descr"), "the QR code needs alternative text"
    codes = pyzbar.decode(image_module.open(io.BytesIO(pictures[0].image.blob)))
    assert [code.data.decode() for code in codes] == [SITE_URL + f"{audience}/"]


def test_slide_counts_are_in_range(presentation, audience: str) -> None:
    assert len(presentation.slides) in SLIDE_COUNTS[audience]


def test_every_table_slide_holds_a_real_table_with_a_header_row(presentation) -> None:
    tables = 0
    for number, slide in enumerate(presentation.slides, start=1):
        frames = [shape for shape in slide.shapes if shape.has_table]
        if slide.slide_layout.name == deck.TABLE_LAYOUT_NAME:
            assert len(frames) == 1 and frames[0].is_placeholder, f"slide {number}: no table in its placeholder"
        for frame in frames:
            tables += 1
            table = frame.table
            assert table.first_row, f"slide {number}: the table has no header row"
            assert any(cell.text.strip() for cell in table.rows[0].cells), f"slide {number}: empty header row"
            assert len(table.rows) >= 2, f"slide {number}: a header row and nothing else"
    assert tables


def test_no_bullet_is_cut_off_and_no_slide_holds_one_line(presentation) -> None:
    for number, slide in enumerate(presentation.slides, start=1):
        paragraphs = [text for text in body_paragraphs(slide) if text.strip()]
        for text in paragraphs:
            assert not text.rstrip().endswith(("...", "…")), f"slide {number}: '{text}'"
        if slide.slide_layout.name == "Title and Content" and title_of(slide) != deck_plan.ENGLISH.content_note:
            assert len(paragraphs) >= 2, f"slide {number} '{title_of(slide)}' holds one line"


def test_key_points_are_whole_sentences_of_the_pages(presentation, audience: str, built_site: Path) -> None:
    """Every sub-bullet (a section's key sentence) appears whole in the speaker notes, which hold the full text
    (with the citations that slides leave out)."""
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in presentation.slides)
    notes = CITATION.sub("", " ".join(notes.split()))
    for slide in presentation.slides:
        for shape in slide.placeholders:
            if not shape.has_text_frame or shape.placeholder_format.idx != deck.BODY_IDX:
                continue
            for paragraph in shape.text_frame.paragraphs:
                if paragraph.level == 1 and slide.slide_layout.name == "Title and Content":
                    sentence = paragraph.text.rstrip(".")
                    assert sentence in notes, sentence


def test_no_screen_only_text_in_the_deck(presentation, deck_file: Path, built_site: Path) -> None:
    shown = " ".join(text for slide in presentation.slides for text in body_paragraphs(slide))
    assert not [text for text in SCREEN_ONLY[1:] if text in shown]
    marked = [" ".join(tag.get_text(" ").split()) for page in built_site.rglob("*.html")
              for tag in BeautifulSoup(page.read_text("utf-8"), "html.parser").select(".screen-only")]
    assert marked, "the site marks no screen-only text"
    assert not [text for text in marked if text and text in shown]


def test_the_client_deck_opens_with_help_now_numbers(built_site: Path) -> None:
    slides = list(pptx.Presentation(str(built_site / "downloads" / "imagery-rescripting-client.pptx")).slides)
    opening = [slide for slide in slides[1:] if title_of(slide).startswith(title_of(slides[1]))]
    assert title_of(slides[1]) and len(opening) <= 2, "help now fills at most two slides, straight after the title"
    frames = [shape for slide in opening for shape in slide.shapes if shape.has_table]
    assert len(frames) == len(opening)
    text = " ".join(cell.text for frame in frames for row in frame.table.rows for cell in row.cells)
    for number in ("999", "112", "911", "000", "111", "116 123", "988", "13 11 14", "1737"):
        assert number in text
    assert "See Help now" not in text


def test_a_content_note_slide_comes_before_the_material_it_warns_about(presentation, audience: str) -> None:
    slides = list(presentation.slides)
    notes = [index for index, slide in enumerate(slides) if title_of(slide) == deck_plan.ENGLISH.content_note]
    if audience == "client":
        assert len(notes) >= 2
    for index in notes:
        assert len(body_paragraphs(slides[index])) >= 1
        following = title_of(slides[index + 1])
        assert following not in (deck_plan.ENGLISH.content_note, "")
        assert slides[index + 1].slide_layout.name != "Title Slide"


def test_all_text_is_at_least_18_points(presentation) -> None:
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else (
                [shape.text_frame] if shape.has_text_frame else [])
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        size = run.font.size.pt if run.font.size else effective_size(shape, paragraph.level)
                        assert size >= MIN_POINTS, f"slide {number}: '{run.text}' at {size} pt"


def effective_size(shape, level: int) -> float:
    """The size a run without its own size takes from the master's text styles (or the layout's list style)."""
    kind = shape.element.find(".//" + qn("p:ph")).get("type") if shape.is_placeholder else None
    master = shape.part.slide_layout.slide_master.element
    if kind in ("title", "ctrTitle"):
        path = "p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr"
    elif kind in ("ftr", "sldNum", "dt"):
        return deck_plan.FOOTER_SIZE
    else:
        path = f"p:txStyles/p:bodyStyle/a:lvl{level + 1}pPr/a:defRPr"
    layout_size = shape.part.slide_layout.placeholders.get(idx=shape.placeholder_format.idx) if kind else None
    if layout_size is not None:
        local = layout_size.element.find(".//" + qn("a:lstStyle") + "/" + qn("a:lvl1pPr") + "/" + qn("a:defRPr"))
        if local is not None and local.get("sz"):
            return int(local.get("sz")) / 100
    return int(master.find(path, deck.NAMESPACES).get("sz")) / 100


def test_libreoffice_renders_every_slide_with_no_text_outside_its_box(deck_file: Path, presentation,
                                                                        tmp_path: Path) -> None:
    converted = convert(deck_file, tmp_path)
    reader = pypdf().PdfReader(converted)
    assert len(reader.pages) == len(presentation.slides)
    problems = overflowing_text(presentation, reader)
    assert not problems, problems[:5]


def test_the_overflow_check_catches_an_overfull_slide(tmp_path: Path) -> None:
    """The check above can fail: a slide given far more bullets than its body holds is reported."""
    bullets = tuple(deck_plan.Bullet(f"Point {n}: a sentence long enough to take a line.") for n in range(30))
    slides = [deck_plan.SlideSpec("content", "Too much", bullets, notes="n")]
    spec = small_spec()
    path = tmp_path / "overfull.pptx"
    deck.render(slides, spec).save(path)
    presentation = pptx.Presentation(str(path))
    problems = overflowing_text(presentation, pypdf().PdfReader(convert(path, tmp_path)))
    assert problems and all("slide 1" in problem for problem in problems)


def test_the_planner_makes_tables_worksheets_and_whole_sentences_from_a_page() -> None:
    html = (
        "<h1>Page</h1><p>An opening line that is long enough to be a point.</p>"
        "<h2>First</h2><p>The first section has one key sentence here. " + "More words follow. " * 20 + "</p>"
        "<h2>Second</h2><p>" + "A very long sentence that goes on " * 10 + "and never stops.</p>"
        "<h2>Numbers</h2><table><thead><tr><th>Name</th><th>Dose</th></tr></thead><tbody>"
        + "<tr><td>A</td><td>8</td></tr>" * 3 + "</tbody></table>"
        "<h2>Sheet</h2><form data-form='f'><fieldset><legend>Write</legend><label for='x'>What?</label>"
        "<textarea id='x' name='x'></textarea></fieldset></form>"
    )
    page = PageContent.from_html(html, src_uri="client/a.md", title="Page")
    slides = deck_plan.page_slides(page)
    assert [slide.kind for slide in slides] == ["content", "table", "worksheet"]
    assert [(b.text, b.level) for b in slides[0].bullets] == [
        ("First", 0), ("The first section has one key sentence here.", 1), ("Second", 0)]
    assert "and never stops." in slides[0].notes
    assert slides[1].grid.header == (("Name", "Dose"),) and len(slides[1].grid.rows) == 3
    assert slides[2].grid.rows == (("What?", ""),) and slides[2].grid.row_heights[0] >= 50


def test_help_now_lines_become_one_table_with_a_row_per_country() -> None:
    lines = (deck_plan.HelpLine("UK", "Emergency", "999"), deck_plan.HelpLine("UK", "Samaritans", "116 123"),
             deck_plan.HelpLine("Ireland", "Emergency", "112"))
    (slide,) = deck_plan.help_now_slides("Help now", ("Where", "Emergency", "Talk"), lines)
    assert slide.grid.header == (("Where", "Emergency", "Talk"),)
    assert slide.grid.rows == (("UK", "999", "Samaritans: 116 123"), ("Ireland", "112", ""))


def convert(deck_file: Path, folder: Path) -> Path:
    """The deck as a PDF made by LibreOffice Impress."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice not found: run `make test`, which installs libreoffice-impress")
    # A profile of its own, so the test neither waits for nor disturbs another LibreOffice.
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(deck_file)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    # soffice exits 0 even when it cannot read a file: the PDF and its page count are the evidence.
    converted = folder / deck_file.with_suffix(".pdf").name
    assert converted.is_file(), "LibreOffice Impress could not convert the deck"
    return converted


def pypdf():
    return pytest.importorskip("pypdf")


def overflowing_text(presentation, reader) -> list[str]:
    """Lines of text that LibreOffice drew outside the slide, or outside the box (placeholder or table) that holds
    them: each drawn line is matched to the shape whose text contains it, and must start inside its box."""
    problems = []
    height = presentation.slide_height / 12700
    for number, (slide, page) in enumerate(zip(presentation.slides, reader.pages, strict=True), start=1):
        boxes = [(shape_text(shape), box_of(shape)) for shape in slide.shapes if shape_text(shape)]
        drawn: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size, drawn=drawn):
            if re.search(r"\w", text):  # not a bullet glyph, which is not part of the text
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                drawn.append((" ".join(text.split()), x, height - y))

        page.extract_text(visitor_text=visit)
        for text, x, y in drawn:
            owners = [box for content, box in boxes if text in content]
            inside = any(left - 2 <= x <= right + 2 and top - 2 <= y <= bottom + 2
                         for left, top, right, bottom in owners)
            if not owners or not inside or not (0 <= y <= height):
                problems.append(f"slide {number}: '{text[:40]}' drawn at ({x:.0f}, {y:.0f}) outside its box")
    return problems


def shape_text(shape) -> str:
    if shape.has_table:
        text = " ".join(cell.text for row in shape.table.rows for cell in row.cells)
    elif shape.has_text_frame:
        text = shape.text_frame.text
    else:
        return ""
    return " ".join(text.split())


def box_of(shape) -> tuple[float, float, float, float]:
    """A shape's box in points from the top left: its own position, or its layout placeholder's."""
    left, top, width, height = shape.left, shape.top, shape.width, shape.height
    if shape.has_table:
        height = sum(row.height for row in shape.table.rows)
    return left / 12700, top / 12700, (left + width) / 12700, (top + height) / 12700


def small_spec() -> deck_plan.DeckSpec:
    """A deck's facts, made up, around no pages."""
    return deck_plan.DeckSpec(
        title="A deck", subtitle="For testing", url="https://example.org/client/",
        edition=datetime.date(2026, 1, 1), site_name="Site", author="Team", subject="What it is about",
        keywords="a, b", licence="CC BY-SA 4.0", language="en", accent="00695C", pages=(),
    )


def test_a_deck_is_remade_only_when_its_pages_change(tmp_path: Path) -> None:
    for folder in ("overrides", "hooks", "includes", "bibliography", "data"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    (tmp_path / "docs" / "client").mkdir()
    shutil.copy(ROOT / "docs" / "client" / ".meta.yml", tmp_path / "docs" / "client" / ".meta.yml")
    page = tmp_path / "docs" / "client" / "index.md"
    page.write_text(page_text("First"), encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(page_text("Home", audience="everyone"), encoding="utf-8")
    config = load_config()
    config["nav"] = ["index.md", "client/index.md"]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    def build_deck() -> tuple[bytes, float]:
        build = run_build(config_file, tmp_path / "site", **PRINT_ONLY)
        assert build.returncode == 0, build.output
        cached = sorted((tmp_path / ".cache" / "downloads" / "pptx").glob("imagery-rescripting-client-*.pptx"))
        assert len(cached) == 1, cached
        made = tmp_path / "site" / "downloads" / "imagery-rescripting-client.pptx"
        return made.read_bytes(), cached[0].stat().st_mtime

    first, made = build_deck()
    again, remade = build_deck()
    assert (again, remade) == (first, made), "an unchanged deck was made again"
    page.write_text(page_text("Second"), encoding="utf-8")
    changed, _ = build_deck()
    assert changed != first
    assert "Second" in [title_of(s) for s in pptx.Presentation(io.BytesIO(changed)).slides]


def test_downloads_off_makes_no_deck(mini_site) -> None:
    build = mini_site({"client/index.md": page_text("Only page")})
    assert build.returncode == 0, build.output
    assert not list(build.site_dir.glob("downloads/*.pptx"))



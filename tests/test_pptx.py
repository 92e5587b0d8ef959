"""The PowerPoint decks of the real site, read back with python-pptx and converted by LibreOffice Impress; and the
deck module on small inputs: slides that never overflow, notes that keep the full text, a cache that holds."""

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

from conftest import ROOT, load_config, nav_pages, page_text, run_build

pptx = pytest.importorskip("pptx")
import deck  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER  # noqa: E402 - only once python-pptx is known to exist

HELP_NOW = deck.HELP_NOW_TITLE

CONFIG = load_config()
AUDIENCES = list(CONFIG["extra"]["audiences"])
SITE_URL = CONFIG["site_url"]
WIDESCREEN = (12192000, 6858000)  # 13.333 by 7.5 inches: 16:9
CONTINUED = " (continued)"
# What a content slide may hold (see deck.BODY): more would run off the slide.
MAX_BULLETS = 7
MAX_BULLET_CHARS = 140


# Helper functions


def built_page(site: Path, source: str) -> BeautifulSoup:
    """The built HTML of a Markdown page ('client/index.md' -> client/index.html, 'client/a.md' -> client/a/...)."""
    stem = source.removesuffix(".md")
    path = stem.removesuffix("index") if stem.endswith("index") else f"{stem}/"
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def page_headings(soup: BeautifulSoup) -> list[str]:
    """The h1 and h2 headings a page's Markdown wrote (they carry a permalink), outside its reference list."""
    headings = []
    for heading in soup.select("article h1, article h2"):
        if heading.select_one("a.headerlink") is None or heading.find_parent(class_="references"):
            continue
        heading.select_one("a.headerlink").decompose()
        headings.append(" ".join(heading.get_text(" ").split()))
    return headings


def page_references(soup: BeautifulSoup) -> list[str]:
    """The reference list at the end of a page, as plain text."""
    return [" ".join(li.get_text(" ").split()) for li in soup.select("article .references li")]


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def without_repeats(titles: list[str]) -> list[str]:
    """Titles with '(continued)' dropped and each run of the same title kept once."""
    plain = [title.removesuffix(CONTINUED) for title in titles]
    return [title for index, title in enumerate(plain) if index == 0 or plain[index - 1] != title]


def body_paragraphs(slide) -> list[str]:
    """The text of every paragraph in the slide's body placeholders (not its title)."""
    return [
        paragraph.text
        for shape in slide.placeholders
        if shape.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        and shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]


def words(text: str) -> str:
    """Text reduced to lower-case words, to compare what a slide shows with what a page says."""
    return " ".join(re.findall(r"\w+", text.lower()))


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


@pytest.fixture(scope="module")
def pages(audience: str, built_site: Path) -> list[BeautifulSoup]:
    sources = nav_pages(audience)
    assert sources, f"no {audience} pages in the nav"
    return [built_page(built_site, source) for source in sources]


def reference_slides(presentation, pages: list[BeautifulSoup]) -> list:
    """The slides titled like the pages' reference lists."""
    titles = {" ".join(h.get_text(" ").split()) for page in pages for h in page.select("article .references h2")}
    return [slide for slide in presentation.slides if title_of(slide).removesuffix(CONTINUED) in titles]


# The decks of the real site


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


def test_slide_titles_follow_the_page_headings(presentation, pages: list[BeautifulSoup]) -> None:
    expected = [heading for page in pages for heading in page_headings(page)]
    references = {id(slide) for slide in reference_slides(presentation, pages)}
    # Between the title slide and the closing slide, after the client deck's help-now slides (test_help_lines.py)
    slides = [slide for slide in list(presentation.slides)[1:-1] if not title_of(slide).startswith(HELP_NOW)]
    titles = [title_of(slide) for slide in slides if id(slide) not in references]
    assert without_repeats(titles) == without_repeats(expected)


def test_slides_start_with_a_title_and_end_with_the_address(presentation, audience: str) -> None:
    slides = list(presentation.slides)
    assert slides[0].slide_layout.name == "Title Slide"
    assert CONFIG["extra"]["audiences"][audience]["label"] in body_paragraphs(slides[0])
    assert SITE_URL + f"{audience}/" in body_paragraphs(slides[-1])


def test_every_placeholder_is_filled_and_all_text_is_in_placeholders(presentation) -> None:
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            if shape.is_placeholder and shape.has_text_frame:
                assert shape.text_frame.text.strip(), f"slide {number}: empty placeholder '{shape.name}'"
            elif shape.has_text_frame:
                assert not shape.text_frame.text.strip(), f"slide {number}: text outside a placeholder"


def test_content_slides_fit_and_have_notes(presentation, pages: list[BeautifulSoup]) -> None:
    references = {id(slide) for slide in reference_slides(presentation, pages)}
    content = [slide for slide in presentation.slides if slide.slide_layout.name == "Title and Content"]
    assert content
    for slide in content:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), title_of(slide)
        paragraphs = body_paragraphs(slide)
        assert 1 <= len(paragraphs) <= MAX_BULLETS, title_of(slide)
        if id(slide) not in references:
            assert max(len(text) for text in paragraphs) <= MAX_BULLET_CHARS, title_of(slide)


def test_notes_hold_the_full_text_of_the_pages(presentation, pages: list[BeautifulSoup]) -> None:
    notes = words(" ".join(slide.notes_slide.notes_text_frame.text for slide in presentation.slides))
    for page in pages:
        for paragraph in page.select("article.md-content__inner > p"):
            assert words(paragraph.get_text(" ")) in notes, paragraph.get_text()[:80]


def test_a_references_slide_lists_every_cited_work(presentation, pages: list[BeautifulSoup]) -> None:
    cited = {words(reference) for page in pages for reference in page_references(page)}
    slides = reference_slides(presentation, pages)
    if not cited:
        pytest.skip("these pages cite nothing")
    assert slides, "no references slide"
    shown = {words(text) for slide in slides for text in body_paragraphs(slide)}
    assert cited == shown


def test_closing_slide_has_a_qr_code_of_the_audience_address(presentation, audience: str, tmp_path: Path) -> None:
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    image_module = pytest.importorskip("PIL.Image")
    pictures = [shape for shape in list(presentation.slides)[-1].shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0].width == pictures[0].height, "a QR code must stay square"
    assert SITE_URL in pictures[0]._element.nvPicPr.cNvPr.get("descr"), "the QR code needs alternative text"
    codes = pyzbar.decode(image_module.open(io.BytesIO(pictures[0].image.blob)))
    assert [code.data.decode() for code in codes] == [SITE_URL + f"{audience}/"]


def test_libreoffice_impress_opens_every_slide(deck_file: Path, presentation, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice not found: run `make test`, which installs libreoffice-impress")
    # A profile of its own, so the test neither waits for nor disturbs another LibreOffice.
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck_file)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    # soffice exits 0 even when it cannot read a file: the PDF and its page count are the evidence.
    converted = tmp_path / deck_file.with_suffix(".pdf").name
    assert converted.is_file(), "LibreOffice Impress could not convert the deck"
    assert len(pypdf.PdfReader(converted).pages) == len(presentation.slides)


# The deck module on small inputs


def test_long_sections_continue_on_more_slides_and_keep_all_text_in_the_notes() -> None:
    items = "".join(f"<li>Point {n}. " + "Some words to make it longer. " * 8 + "</li>" for n in range(20))
    outline = deck.Outline.from_html(f"<h1>Page</h1><p>Intro.</p><h2>Long list</h2><ul>{items}</ul>")
    spec = deck_spec(outline)
    slides = [slide for slide in deck.plan(spec) if slide.title.startswith("Long list")]
    assert len(slides) > 2
    assert [slide.title for slide in slides[1:]] == ["Long list" + CONTINUED] * (len(slides) - 1)
    assert all(len(slide.body) <= MAX_BULLETS for slide in slides)
    assert all(len(item.text) <= MAX_BULLET_CHARS for slide in slides for item in slide.body)
    notes = " ".join(slide.notes for slide in slides)
    assert all(f"Point {n}. " + "Some words to make it longer. " * 7 in notes for n in range(20))


def test_outline_reads_lists_notes_questions_tables_and_skips_the_reference_list() -> None:
    html = """
      <h1 id="p">Page<a class="headerlink" href="#p">¶</a></h1>
      <div class="admonition note"><p class="admonition-title">Content note</p><p>Hard things. More.</p></div>
      <h2 id="a">Steps</h2>
      <ol><li>First. Then more.</li><li>Second<ul><li>detail</li></ul></li></ol>
      <details><summary>Will it hurt?</summary><p>No. It may feel hard.</p></details>
      <table><thead><tr><th>Name</th><th>Dose</th></tr></thead><tbody><tr><td>A</td><td>8</td></tr></tbody></table>
      <section class="references"><h2 id="r">Sources</h2><ul><li>Holmes, E. (2007). A title.</li></ul></section>
    """
    outline = deck.Outline.from_html(html)
    assert [(s.level, s.title) for s in outline.sections] == [(1, "Page"), (2, "Steps")]
    assert outline.references == ("Holmes, E. (2007). A title.",)
    assert outline.references_title == "Sources"
    intro, steps = outline.sections
    assert [item.text for item in intro.items] == ["Content note: Hard things. More."]
    assert [(i.text, i.level, i.number) for i in steps.items] == [
        ("First. Then more.", 0, 1), ("Second", 0, 2), ("detail", 1, None), ("Will it hurt?", 0, None),
        ("No. It may feel hard.", 1, None), ("A: 8", 0, None),
    ]
    assert steps.items[-1].note == "Name: A. Dose: 8"


def test_a_long_paragraph_keeps_its_opening_sentences_on_the_slide() -> None:
    sentence = "A longer sentence that goes on for a while. "
    shown = deck.key_text("A short first sentence. " + sentence * 5)
    assert shown == ("A short first sentence. " + sentence * 2).strip()
    assert len(shown) <= MAX_BULLET_CHARS
    assert deck.key_text("word " * 60).endswith("…")
    assert len(deck.key_text("word " * 60)) <= MAX_BULLET_CHARS


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
        build = run_build(config_file, tmp_path / "site")
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


def deck_spec(outline: deck.Outline) -> deck.DeckSpec:
    """A deck of one page, with made-up facts around it."""
    return deck.DeckSpec(
        title="A deck", subtitle="For testing", url="https://example.org/client/",
        edition=datetime.date(2026, 1, 1), site_name="Site", author="Team", subject="What it is about",
        keywords="a, b", licence="CC BY-SA 4.0", language="en", pages=(("A page about things.", outline),),
    )

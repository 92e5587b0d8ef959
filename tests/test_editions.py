"""The Spanish and Arabic editions (languages/<code>/): every translated page keeps its English page's safety
elements, reads plainly, is found by search in its language, and comes as PDFs and a deck in its language, right to
left for Arabic. One build per edition for the session (conftest.edition_build)."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import textstat
import yaml
from bs4 import BeautifulSoup
from test_readability import prose_of
from translations.pages import SafetyElements

from conftest import FORM_BLOCK, ROOT, Build

pypdf = pytest.importorskip("pypdf")

EDITIONS = ["es", "ar"]
# What each edition translates (the layout every translator follows).
PAGES = ["index.md", "help-now.md", "downloads.md"] + [
    f"client/{name}.md"
    for name in ("index", "how-it-helps", "sessions", "story", "questions", "right-for-me", "worksheet",
                 "family-and-friends")
]
MIN_FERNANDEZ_HUERTA = 70  # Spanish client pages, textstat 0.7.8
MAX_SENTENCE_WORDS = 25
SENTENCE_END = re.compile(r"(?:(?<=[.!?؟])|(?<=[.!?؟][\"'”’»)\]]))\s+")
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def source(code: str, page: str) -> Path:
    return ROOT / "languages" / code / "docs" / page


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def client_pages(build: Build) -> list[str]:
    return sorted(str(path.relative_to(build.site_dir)) for path in (build.site_dir / "client").rglob("index.html"))


# Sources


@pytest.mark.parametrize("code", EDITIONS)
def test_every_page_of_the_layout_is_translated(code: str) -> None:
    missing = [page for page in PAGES if not source(code, page).is_file()]
    assert not missing, f"{code}: no translation of {missing}"


@pytest.mark.parametrize("code", EDITIONS)
def test_every_translated_page_keeps_the_safety_elements_of_its_english_page(code: str) -> None:
    problems = []
    for page in PAGES:
        translated = source(code, page)
        english = ROOT / "docs" / front_matter(translated)["translation"]["source"]
        lost = SafetyElements.from_markdown(english.read_text(encoding="utf-8")).missing_from(
            SafetyElements.from_markdown(translated.read_text(encoding="utf-8"))
        )
        problems += [f"{code}/{page}: {problem}" for problem in lost]
    assert not problems, "\n".join(problems)


def test_the_safety_comparison_sees_what_the_pages_hold() -> None:
    elements = SafetyElements.from_markdown(source("es", "client/worksheet.md").read_text(encoding="utf-8"))
    english = (ROOT / "docs" / "client" / "worksheet.md").read_text(encoding="utf-8")
    names = [field["name"] for block in FORM_BLOCK.findall(english) for field in yaml.safe_load(block)["fields"]]
    assert [name.split(".", 1)[1] for name in elements.fields] == names
    assert "tip" in elements.admonitions


# Reading


@pytest.fixture(scope="module")
def prose(edition_build) -> dict[str, dict[str, str]]:
    """Each edition's client pages as running prose (the readability tests' own reader)."""
    texts = {}
    for code in EDITIONS:
        build = edition_build(code)
        pages = client_pages(build)
        texts[code] = {page: prose_of((build.site_dir / page).read_text(encoding="utf-8")) for page in pages}
    return texts


def test_spanish_client_pages_read_easily(prose: dict[str, dict[str, str]]) -> None:
    textstat.set_lang("es")
    try:
        scores = {page: textstat.fernandez_huerta(text) for page, text in prose["es"].items()}
    finally:
        textstat.set_lang("en_US")
    assert len(scores) == 8
    hard = {page: score for page, score in scores.items() if score < MIN_FERNANDEZ_HUERTA}
    assert not hard, hard


@pytest.mark.parametrize("code", EDITIONS)
def test_no_sentence_is_over_25_words(prose: dict[str, dict[str, str]], code: str) -> None:
    long = [
        f"{page}: {len(WORD.findall(sentence))} words: {sentence}"
        for page, text in prose[code].items()
        for sentence in SENTENCE_END.split(text)
        if len(WORD.findall(sentence)) > MAX_SENTENCE_WORDS
    ]
    assert not long, "\n".join(long)


# Search


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_has_a_search_index_in_its_language(edition_build, code: str) -> None:
    index = json.loads((edition_build(code).site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [code]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"", "client/", "client/worksheet/", "help-now/"} <= locations


# Downloads


@pytest.mark.parametrize("code", EDITIONS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_client_pdf_is_in_the_language_with_labelled_fields(edition_build, code: str, paper: str) -> None:
    pdf = edition_build(code).site_dir / "downloads" / f"imagery-rescripting-{code}-client-{paper}.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == code
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    width = round(float(reader.pages[0].mediabox.width))
    assert width == (595 if paper == "a4" else 612)
    text = source(code, "client/worksheet.md").read_text(encoding="utf-8")
    labels = {field["name"]: field["label"] for block in FORM_BLOCK.findall(text)
              for field in yaml.safe_load(block)["fields"]}
    fields = reader.get_fields()
    assert {name: fields[name].get("/TU") for name in labels if name in fields} == {
        name: label for name, label in labels.items() if name in fields}
    assert set(labels) <= set(fields)


def test_arabic_pdf_text_comes_back_in_reading_order(edition_build) -> None:
    """pdftotext (poppler) returns Arabic as presentation forms; NFKC folds them to letters. A sentence of the
    Arabic worksheet page must come back whole, its words in order."""
    pdf = edition_build("ar").site_dir / "downloads" / "imagery-rescripting-ar-client-a4.pdf"
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(unicodedata.normalize("NFKC", result.stdout).split())
    page = BeautifulSoup((edition_build("ar").site_dir / "client" / "index.html").read_text("utf-8"), "html.parser")
    sentence = " ".join(page.select_one("article h1").get_text(" ", strip=True).replace("¶", "").split())
    assert sentence in text, sentence
    paragraphs = [" ".join(p.get_text(" ", strip=True).split()) for p in page.select("article > p")]
    first = next(p for p in paragraphs if len(p.split()) > 6 and "[" not in p and "(" not in p)
    words = first.split()[:6]
    assert " ".join(words) in text, words


@pytest.mark.parametrize("code", EDITIONS)
def test_client_deck_is_in_the_language(edition_build, code: str) -> None:
    deck = edition_build(code).site_dir / "downloads" / f"imagery-rescripting-{code}-client.pptx"
    with zipfile.ZipFile(deck) as archive:
        slides = [archive.read(name).decode("utf-8") for name in archive.namelist()
                  if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)]
    title = {"es": "Si necesitas ayuda ahora", "ar": "إذا كنت بحاجة إلى مساعدة الآن"}[code]
    assert any(title in slide for slide in slides)
    assert all(f'lang="{code}"' in slide for slide in slides[1:])
    paragraphs = [p for slide in slides for p in re.findall(r"<a:p>.*?</a:p>|<a:p .*?</a:p>", slide)]
    right_to_left = [p for p in paragraphs if 'rtl="1"' in p]
    if code == "ar":
        assert len(right_to_left) == len(paragraphs), "every Arabic paragraph reads right to left"
        assert all('tblPr' not in slide or re.search(r'<a:tblPr[^>]*rtl="1"', slide) for slide in slides)
    else:
        assert not right_to_left

"""The Spanish and Arabic editions (languages/<code>/): every translated page keeps its English page's safety
elements, reads plainly, is found by search in its language, and comes as PDFs and a deck in its language, right to
left for Arabic. One build per edition for the session (conftest.edition_build)."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import textstat
import yaml
from bs4 import BeautifulSoup
from handouts.translations.pages import SafetyElements
from test_readability import prose_of

from conftest import FORM_BLOCK, ROOT, VIEWPORTS, Build, Tab, axe_violations, html_pages, load_config, serve, visit

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
def prose(edition_build) -> Callable[[str], dict[str, str]]:
    """An edition's client pages as running prose (the readability tests' own reader): prose("es")."""

    @functools.cache
    def of(code: str) -> dict[str, str]:
        site = edition_build(code).site_dir
        return {page: prose_of((site / page).read_text(encoding="utf-8")) for page in client_pages(edition_build(code))}

    return of


def test_spanish_client_pages_read_easily(prose: Callable[[str], dict[str, str]]) -> None:
    textstat.set_lang("es")
    try:
        scores = {page: textstat.fernandez_huerta(text) for page, text in prose("es").items()}
    finally:
        textstat.set_lang("en_US")
    assert len(scores) == 8
    hard = {page: score for page, score in scores.items() if score < MIN_FERNANDEZ_HUERTA}
    assert not hard, hard


@pytest.mark.parametrize("code", EDITIONS)
def test_no_sentence_is_over_25_words(prose: Callable[[str], dict[str, str]], code: str) -> None:
    long = [
        f"{page}: {len(WORD.findall(sentence))} words: {sentence}"
        for page, text in prose(code).items()
        for sentence in SENTENCE_END.split(text)
        if len(WORD.findall(sentence)) > MAX_SENTENCE_WORDS
    ]
    assert not long, "\n".join(long)


@pytest.mark.parametrize("code", EDITIONS)
def test_every_link_of_a_translated_page_leads_to_a_page(edition_build, code: str) -> None:
    # The edition has the client pages only: a link to an English-only page (the footer's statements, the
    # professional pages) must go to the English site, not to a missing page of the edition.
    site = edition_build(code).site_dir
    root = urlparse(load_config()["site_url"]).path + f"{code}/"  # the edition's address: the English one's + code/
    missing = set()
    for page in html_pages(site):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a[href]"):
            href = urlparse(link["href"])
            if href.scheme or href.netloc or not href.path:
                continue
            # The 404 page links from the site's root, since it may be shown at any address
            here = site if href.path.startswith("/") else (site / page).parent
            target = here / href.path.removeprefix(root)
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.add(f"{page}: {link['href']}")
    assert not missing, sorted(missing)[:20]
    footer = BeautifulSoup((site / "client" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Published by" not in footer.select_one(".site-footer").get_text()


# Search


@pytest.mark.parametrize("code", EDITIONS)
def test_the_print_templates_stay_out_of_the_edition(edition_build, code: str) -> None:
    # The edition's theme folder is named through '..' (../../overrides): the print stylesheets must still be known
    # as the theme's, and left out of the website.
    site = edition_build(code).site_dir
    assert not (site / "pdf").exists(), sorted(path.name for path in (site / "pdf").iterdir())


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


def arabic_words(text: str) -> str:
    """Text as a reader hears it, for comparing: presentation forms folded to letters (NFKC), without bidi marks,
    vowel marks (pdftotext puts them after a space) or punctuation, on one line."""
    text = BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text))
    text = VOWEL_MARKS.sub("", text)
    return " ".join(PUNCTUATION.sub(" ", text).split())


def test_arabic_pdf_text_comes_back_in_reading_order(edition_build) -> None:
    """pdftotext (poppler) returns Arabic as presentation forms; NFKC folds them to letters. The opening sentences of
    the Arabic client home page come back with their words whole and in reading order."""
    pdf = edition_build("ar").site_dir / "downloads" / "imagery-rescripting-ar-client-a4.pdf"
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = arabic_words(result.stdout)
    page = BeautifulSoup((edition_build("ar").site_dir / "client" / "index.html").read_text("utf-8"), "html.parser")
    title = arabic_words(page.select_one("article h1").get_text(" ", strip=True).replace("¶", ""))
    assert title in text, title
    paragraphs = [arabic_words(p.get_text(" ", strip=True)) for p in page.select("article > p")]
    opening = [p for p in paragraphs if len(p.split()) > 6 and not re.search(r"[A-Za-z]", p)][:3]
    assert opening
    for paragraph in opening:
        words = " ".join(paragraph.split()[:6])
        assert words in text, words


BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
VOWEL_MARKS = re.compile("\\s*[\u064b-\u0652\u0670]")
PUNCTUATION = re.compile("[\u060c\u061b\u061f.,;:!?\"'«»“”()\\[\\]]")


@pytest.mark.parametrize("code", EDITIONS)
def test_client_deck_is_in_the_language(edition_build, code: str) -> None:
    deck = edition_build(code).site_dir / "downloads" / f"imagery-rescripting-{code}-client.pptx"
    with zipfile.ZipFile(deck) as archive:
        slides = [archive.read(name).decode("utf-8") for name in archive.namelist()
                  if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)]
    title = {"es": "Si necesita ayuda ahora", "ar": "احصل على المساعدة الآن"}[code]
    assert any(title in slide for slide in slides)
    assert all(f'lang="{code}"' in slide for slide in slides[1:])
    paragraphs = [p for slide in slides for p in re.findall(r"<a:p>.*?</a:p>|<a:p .*?</a:p>", slide)]
    right_to_left = [p for p in paragraphs if 'rtl="1"' in p]
    if code == "ar":
        assert len(right_to_left) == len(paragraphs), "every Arabic paragraph reads right to left"
        assert all('tblPr' not in slide or re.search(r'<a:tblPr[^>]*rtl="1"', slide) for slide in slides)
    else:
        assert not right_to_left


# In a browser


@pytest.fixture(scope="module")
def edition_url(edition_build) -> Iterator[Callable[[str], str]]:
    """Serve an edition on a free loopback port under its address on the real host (…/imagery-rescripting/es/)."""
    with contextlib.ExitStack() as servers:
        urls: dict[str, str] = {}

        def url(code: str) -> str:
            if code not in urls:
                prefix = urlparse(load_config()["site_url"]).path + f"{code}/"
                urls[code] = servers.enter_context(serve(edition_build(code).site_dir, prefix))
            return urls[code]

        yield url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("code", EDITIONS)
def test_every_translated_page_is_accessible(browser, axe, edition_build, edition_url, code, viewport, scheme) -> None:
    """Every page of an edition in one viewport and colour scheme, in one tab."""
    site = edition_build(code).site_dir
    pages = [path for path in html_pages(site) if path != "404.html"]
    report = []
    with Tab(browser, viewport=viewport, scheme=scheme) as tab:
        for path in pages:
            url = edition_url(code) + path.removesuffix("index.html")
            response = tab.open(url, wait_until="load")
            page, problems = tab.page, tab.problems
            assert response.status == 200, url
            assert page.evaluate("document.documentElement.lang") == code
            assert page.evaluate("document.body.dir") == ("rtl" if code == "ar" else "ltr")
            if page.evaluate("document.documentElement.scrollWidth") > page.evaluate("innerWidth"):
                problems.append("wider than the screen")
            if violations := axe_violations(axe, page):
                problems.append(violations)
            page.wait_for_load_state("networkidle")  # every request the page makes is in `problems` by now
            if problems:
                report.append(f"{code}/{path} ({viewport}, {scheme}):\n  " + "\n  ".join(problems))
    assert not report, "\n".join(report)


# A word (or the start of one: Material searches by prefix) that only one translated page holds.
SEARCHES = {"es": ("gritand", "client/story/"), "ar": ("بالكرة", "client/story/")}


@pytest.mark.browser
@pytest.mark.parametrize("code", list(SEARCHES))
def test_search_finds_a_word_of_one_page_in_the_language(browser, edition_build, edition_url, code: str) -> None:
    query, expected = SEARCHES[code]
    index = json.loads((edition_build(code).site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    holding = {doc["location"].split("#")[0] for doc in index["docs"]
               if query in BeautifulSoup(doc["text"], "html.parser").get_text(" ").lower()}
    assert holding == {expected}, holding
    context, page, _, problems = visit(browser, edition_url(code))
    try:
        box = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__list > .md-search-result__item")
        for _ in range(20):
            box.fill("")
            box.fill(query)
            box.press("End")
            page.wait_for_timeout(300)
            if results.count():
                break
        links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
        assert links, f"no result for {query!r}"
        assert all(expected in link for link in links), links
        assert not problems, problems
    finally:
        context.close()


# The English site, pointing to the editions


def test_professional_pages_offer_the_client_pages_in_every_language(site_build: Build) -> None:
    base = load_config()["site_url"]
    box = site_build.page("professional/index.html").select_one(".client-languages")
    items = {item["lang"]: item for item in box.select("li")}
    assert list(items) == ["en", *EDITIONS]
    assert items["ar"]["dir"] == "rtl"
    for code, item in items.items():
        prefix = "" if code == "en" else f"{code}/"
        links = [a["href"] for a in item.select("a")]
        stem = "imagery-rescripting" + ("" if code == "en" else f"-{code}")
        assert links == [f"{base}{prefix}client/", f"{base}{prefix}downloads/{stem}-client-a4.pdf",
                         f"{base}{prefix}downloads/{stem}-client-letter.pdf"], links
    assert [a.get_text(strip=True) for a in box.select("li > a:first-child")] == ["English", "Español", "العربية"]


def test_english_client_pages_name_their_translations(site_build: Build) -> None:
    base = load_config()["site_url"]
    page = site_build.page("client/worksheet/index.html")
    head = {link["hreflang"]: link["href"] for link in page.select("head link[hreflang]")}
    assert head == {"en": f"{base}client/worksheet/", **{code: f"{base}{code}/client/worksheet/" for code in EDITIONS}}
    menu = {a["hreflang"]: a["href"] for a in page.select(".md-select__link")}
    assert menu == head
    about = {a["hreflang"]: a["href"] for a in site_build.page("about/index.html").select(".md-select__link")}
    assert about == {"en": f"{base}about/", **{code: f"{base}{code}/" for code in EDITIONS}}

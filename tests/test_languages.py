"""The language pipeline, on a small site given a language the project does not have (French): a config entry and
translated files give it its pages, search, PDFs and deck; its pages link to each other and to English; a lost
safety element, a missing help-line string or a changed English page are caught."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from language_site import CODE, ENGLISH, TRANSLATED, UNIQUE_WORD, build_language_site, make_language_site

from conftest import assert_clean_failure, run_build

pypdf = pytest.importorskip("pypdf")

BASE = "https://open-therapy-handouts.github.io/imagery-rescripting/"


@pytest.fixture(scope="module")
def language_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site in both languages, with every download (one build each for the whole module)."""
    root = tmp_path_factory.mktemp("languages")
    make_language_site(root)
    # Narration is English-only and tested on the session build; here it would only add minutes.
    english, french = build_language_site(root, NARRATION="off")
    assert english.returncode == 0, english.output
    assert french.returncode == 0, french.output
    assert "WARNING" not in english.output + french.output
    return root / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_a_new_language_gets_its_pages_in_its_language(language_site: Path) -> None:
    page = soup(language_site, f"{CODE}/client/index.html")
    assert page.html["lang"] == CODE
    assert page.select_one("article h1").get_text(strip=True).startswith("Un guide simple")
    assert (language_site / CODE / "index.html").is_file()
    # Only the translated pages: no French About page
    assert not (language_site / CODE / "about").exists()


def test_a_new_language_gets_its_own_search_index(language_site: Path) -> None:
    index = json.loads((language_site / CODE / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [CODE]
    found = [doc["location"] for doc in index["docs"] if UNIQUE_WORD in doc["text"]]
    assert found and all(location.startswith("client/") for location in found), found
    english = json.loads((language_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert not any(UNIQUE_WORD in doc["text"] for doc in english["docs"])


def test_a_new_language_gets_its_pdfs_and_deck_under_its_own_names(language_site: Path) -> None:
    folder = language_site / CODE / "downloads"
    names = sorted(path.name for path in folder.iterdir())
    assert names == [f"imagery-rescripting-{CODE}-client-a4.pdf", f"imagery-rescripting-{CODE}-client-letter.pdf",
                     f"imagery-rescripting-{CODE}-client.pptx"]
    for paper in ("a4", "letter"):
        reader = pypdf.PdfReader(folder / f"imagery-rescripting-{CODE}-client-{paper}.pdf")
        assert reader.trailer["/Root"]["/Lang"] == CODE
        text = "".join(page.extract_text() for page in reader.pages)
        assert UNIQUE_WORD in text
        labels = [field.get("/TU") for field in reader.get_fields().values()]
        assert "Comment vous sentez-vous ?" in labels, labels
    with zipfile.ZipFile(folder / f"imagery-rescripting-{CODE}-client.pptx") as deck:
        parts = [name for name in deck.namelist() if name.startswith(("ppt/slides/", "ppt/notesSlides/"))]
        slides = " ".join(deck.read(name).decode("utf-8") for name in parts)
    assert UNIQUE_WORD in slides
    assert f'lang="{CODE}"' in slides
    # The English files are still there, under their own names: the editions never share a cache entry.
    assert (language_site / "downloads" / "imagery-rescripting-client-a4.pdf").is_file()
    cache = language_site.parent / ".cache" / "downloads"
    assert any(path.name.startswith(f"imagery-rescripting-{CODE}-client-a4-") for path in (cache / "pdf").iterdir())
    assert any(path.name.startswith("imagery-rescripting-client-a4-") for path in (cache / "pdf").iterdir())


def test_the_language_menu_leads_to_the_same_page_or_the_home_page(language_site: Path) -> None:
    french = soup(language_site, f"{CODE}/client/index.html")
    links = {a["hreflang"]: a["href"] for a in french.select(".md-select__link")}
    assert links == {"en": f"{BASE}client/", CODE: f"{BASE}{CODE}/client/"}
    about = soup(language_site, "about/index.html")  # no French About page: its menu leads to the French home
    links = {a["hreflang"]: a["href"] for a in about.select(".md-select__link")}
    assert links == {"en": f"{BASE}about/", CODE: f"{BASE}{CODE}/"}


def test_pages_in_several_languages_name_each_other_in_head_and_sitemap(language_site: Path) -> None:
    for path in ("client/index.html", f"{CODE}/client/index.html"):
        head = soup(language_site, path).select("head link[rel=alternate][hreflang]")
        assert {(link["hreflang"], link["href"]) for link in head} == {
            ("en", f"{BASE}client/"), (CODE, f"{BASE}{CODE}/client/")}, path
    assert not soup(language_site, "about/index.html").select("head link[hreflang]")
    for sitemap in ("sitemap.xml", f"{CODE}/sitemap.xml"):
        xml = BeautifulSoup((language_site / sitemap).read_text(encoding="utf-8"), "xml")
        entry = next(url for url in xml.find_all("url") if url.loc.text.endswith("/client/"))
        alternates = {(link["hreflang"], link["href"]) for link in entry.find_all("link")}
        assert alternates == {("en", f"{BASE}client/"), (CODE, f"{BASE}{CODE}/client/")}, sitemap


def test_links_to_pages_with_no_translation_go_to_the_english_page(language_site: Path) -> None:
    links = [a["href"] for a in soup(language_site, f"{CODE}/client/index.html").select("article a[href]")]
    assert f"{BASE}about/" in links  # no French About page
    assert "../" in links  # the French home page exists
    assert not any("about" in link and CODE in link for link in links)


def test_a_translated_page_says_it_is_not_yet_reviewed_and_links_to_english(language_site: Path) -> None:
    notice = soup(language_site, f"{CODE}/client/index.html").select_one(".translation-notice")
    assert notice is not None
    assert "No clinician who reads Français has checked this translation yet" in notice.get_text(" ", strip=True)
    assert notice.select_one("a")["href"] == f"{BASE}client/"
    assert soup(language_site, "client/index.html").select_one(".translation-notice") is None


def test_a_changed_english_page_is_reported_without_failing_the_build(tmp_path: Path) -> None:
    config = make_language_site(tmp_path)
    english = tmp_path / "docs" / "client" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new English sentence.\n", encoding="utf-8")
    build = run_build(config, tmp_path / "site" / CODE, DOWNLOADS="off")
    assert build.returncode == 0, build.output
    assert re.search(r"INFO .*TRANSLATION MAY BE OUT OF DATE: 'languages/fr/docs/client/index.md'", build.output)
    assert "fr/docs/index.md" not in build.output
    notice = build.page("client/index.html").select_one(".translation-notice--outdated")
    assert "may be out of date" in notice.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('!!! tip "Faites une pause"\n    Respirez.\n', ""), "admonitions"),
        (("!!! note", "!!! warning"), "admonitions"),
        (("- name: feeling", "- name: sentiment"), "form fields"),
        ((" [@arntz2012]", ""), "citations"),
        (("<!-- help-lines-short -->", ""), "markers"),
    ],
    ids=["pause point", "content note kind", "form field", "citation", "help-lines marker"],
)
def test_a_translation_that_loses_a_safety_element_fails(tmp_path: Path, change: tuple[str, str],
                                                         problem: str) -> None:
    text = TRANSLATED["client/index.md"]
    assert change[0] in text
    config = make_language_site(tmp_path, translated={"client/index.md": text.replace(*change, 1)})
    build = run_build(config, tmp_path / "site" / CODE, DOWNLOADS="off")
    assert_clean_failure(build, "languages/fr/docs/client/index.md", "safety elements", problem)


def test_a_help_line_string_with_no_translation_fails_naming_it(tmp_path: Path) -> None:
    config = make_language_site(tmp_path, catalogue_skip="Ireland")
    build = run_build(config, tmp_path / "site" / CODE, DOWNLOADS="off")
    assert_clean_failure(build, "Couldn't find a translation of the help-line text 'Ireland'", "help-lines.yml")


def test_the_help_lines_are_in_the_language(language_site: Path) -> None:
    box = soup(language_site, f"{CODE}/client/index.html").select_one(".help-now")
    assert "Ireland (fr)" in box.get_text(" ", strip=True)


def test_a_page_without_a_translation_block_fails(tmp_path: Path) -> None:
    text = re.sub(r"translation:\n(  .*\n)+", "", TRANSLATED["client/index.md"])
    config = make_language_site(tmp_path, translated={"client/index.md": text})
    build = run_build(config, tmp_path / "site" / CODE, DOWNLOADS="off")
    assert_clean_failure(build, "Page 'languages/fr/docs/client/index.md' has no 'translation:' block")


def test_the_english_pages_are_unchanged_by_the_pipeline(language_site: Path) -> None:
    english = soup(language_site, "client/index.html")
    assert english.html["lang"] == "en"
    assert "Changing a memory can help" in english.select_one("article").get_text(" ", strip=True)
    assert set(ENGLISH) >= {"client/index.md"}

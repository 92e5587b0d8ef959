"""Citations: the parser, the pages and References page they produce, and the errors that name file and key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from handouts.citations import KEY, Cite, find_citations, replace_citations
from hypothesis import given
from hypothesis import strategies as st

from conftest import HOLMES, ROOT, Build, assert_clean_failure, load_config, page_text

ENTRIES = [
    HOLMES,
    {
        "id": "arntz2012",
        "type": "article-journal",
        "author": [{"family": "Arntz", "given": "A."}],
        "issued": {"date-parts": [[2012]]},
        "title": "Imagery rescripting as a therapeutic technique",
        "container-title": "Journal of Experimental Psychopathology",
    },
]
BIBLIOGRAPHY = "bibliography/references.json"


def keys(markdown: str) -> list[list[str]]:
    """The keys of each citation found, in order."""
    return [[cite.key for cite in citation.cites] for citation in find_citations(markdown)]


# The parser


def test_parenthetical_narrative_and_locator() -> None:
    citations = find_citations("As @arntz2012 showed [@holmes2007; @arntz2012, p. 300].")
    assert [(c.narrative, c.cites) for c in citations] == [
        (True, (Cite("arntz2012"),)),
        (False, (Cite("holmes2007"), Cite("arntz2012", "p. 300"))),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "Write to editors@example.org.",
        "See https://example.org/@someone for more.",
        "Inline `[@holmes2007]` code.",
        "```\n[@holmes2007]\n```\n",
        "    ~~~text\n    @holmes2007\n    ~~~\n",
        "<!-- [@holmes2007] -->",
        '<img alt="@holmes2007" src="x.png">',
        "A link [@holmes2007](https://example.org).",
    ],
)
def test_not_citations(markdown: str) -> None:
    assert find_citations(markdown) == []
    assert replace_citations(markdown, lambda citation: pytest.fail("replaced")) == markdown


def test_citations_in_tables_admonitions_and_after_code() -> None:
    markdown = "| A | [@holmes2007] |\n\n!!! note\n    Indented [@arntz2012].\n\n```\n@x\n```\n\nAfter @arntz2012.\n"
    assert keys(markdown) == [["holmes2007"], ["arntz2012"], ["arntz2012"]]
    assert [citation.line for citation in find_citations(markdown)] == [1, 4, 10]


@given(st.text().filter(lambda text: "@" not in text))
def test_text_without_at_sign_is_unchanged(text: str) -> None:
    assert replace_citations(text, lambda citation: "CITATION") == text


@given(st.lists(st.from_regex(KEY, fullmatch=True), min_size=1, max_size=4), st.integers(1, 999))
def test_every_well_formed_key_round_trips(cited: list[str], page: int) -> None:
    assert keys(f"Text [{'; '.join('@' + key for key in cited)}].") == [cited]
    assert keys(f"As @{cited[0]} wrote.") == [[cited[0]]]
    assert find_citations(f"[@{cited[0]}, p. {page}]")[0].cites == (Cite(cited[0], f"p. {page}"),)


# Built pages


def bibliography(entries: list[dict] = ENTRIES) -> dict[str, str]:
    return {BIBLIOGRAPHY: json.dumps(entries, indent=2)}


def without(entry: dict, field: str) -> dict:
    return {key: value for key, value in entry.items() if key != field}


def test_pages_cite_and_list_their_references(mini_site) -> None:
    body = (
        "\nAs @arntz2012 showed [@holmes2007, p. 300; @arntz2012].\n\n"
        "| Claim | Source |\n|---|---|\n| Works | [@holmes2007] |\n"
    )
    build = mini_site(
        {
            "professional/a.md": page_text("Pro page", audience=None) + body,
            "client/b.md": page_text("Client page", audience=None) + "\nIt can help [@holmes2007].\n",
        },
        files=bibliography(),
    )
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output

    pro = build.page("professional/a/index.html")
    paragraph = pro.select("article p")
    assert any(p.get_text() == "As Arntz (2012) showed (Arntz, 2012; Holmes et al., 2007, p. 300)." for p in paragraph)
    assert pro.select_one("td a.citation").get_text() == "Holmes et al., 2007"
    link = pro.select_one('a.citation[href="#ref-holmes2007"]')
    assert link["title"].startswith("Holmes, E. A., Arntz, A., & Smucker, M. R. (2007).")
    section = pro.select_one("section.references")
    assert section.h2.get_text() == "References"
    assert [li["id"] for li in section.select("li")] == ["ref-arntz2012", "ref-holmes2007"]
    assert section.select_one("#ref-holmes2007 a")["href"] == "https://doi.org/10.1016/j.jbtep.2007.10.007"

    client = build.page("client/b/index.html")
    assert client.select_one("section.references h2").get_text() == "Where this information comes from"

    references = build.page("references/index.html")
    entry = references.select_one("#ref-holmes2007")
    assert entry.select_one("a[href^='https://doi.org/']")
    assert {a["href"] for a in entry.select(".cited-on a")} == {"../client/b/", "../professional/a/"}
    assert references.select_one(".cite-this pre").get_text().startswith("@misc{")


def test_site_without_citations_needs_no_bibliography(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None)}, files={BIBLIOGRAPHY: "not json"})
    assert build.returncode == 0, build.output
    assert not (build.site_dir / "references").exists()


def test_unknown_key_names_file_line_and_key(mini_site) -> None:
    text = page_text("A", audience=None) + "\nFine [@holmes2007].\n\nBut not [@holmes2008].\n"
    line = text.splitlines().index("But not [@holmes2008].") + 1
    build = mini_site({"client/a.md": text}, files=bibliography())
    assert_clean_failure(build, "client/a.md", f"line {line}", "holmes2008", "did you mean 'holmes2007'")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "holmes2007",}]', ["Couldn't read the bibliography", "line 1, column"]),
        (json.dumps([ENTRIES[0], ENTRIES[0]]), ["Duplicate key 'holmes2007'"]),
        (json.dumps([without(ENTRIES[0], "author")]), ["Couldn't find 'author'", "holmes2007"]),
        (json.dumps([{**ENTRIES[0], "issued": {"date-parts": [["soon"]]}}]), ["Invalid 'issued'", "holmes2007"]),
        (json.dumps([{**ENTRIES[0], "type": "journal"}]), ["Unknown CSL type 'journal'", "holmes2007"]),
    ],
    ids=["malformed", "duplicate", "missing-field", "no-year", "unknown-type"],
)
def test_bad_bibliography_names_file_and_entry(mini_site, content: str, expected: list[str]) -> None:
    page = page_text("A", audience=None) + "\n[@holmes2007]\n"
    build = mini_site({"client/a.md": page}, files={BIBLIOGRAPHY: content})
    assert_clean_failure(build, BIBLIOGRAPHY, *expected)


def test_uncited_entry_is_a_warning(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None) + "\n[@holmes2007]\n"}, files=bibliography())
    assert_clean_failure(build, "WARNING", BIBLIOGRAPHY, "no page cites: arntz2012")


# The real site


def test_references_page_lists_every_cited_work(site_build: Build) -> None:
    page = site_build.page("references/index.html")
    entries = page.select("section.references li[id^='ref-']")
    assert entries, "the References page lists no works"
    for entry in entries:
        assert entry.select(".cited-on a"), f"{entry['id']} names no citing page"
        for doi in entry.select("a[href*='doi.org']"):
            assert doi["href"].startswith("https://doi.org/10."), doi
    assert page.select_one(".cite-this pre")
    assert "References" in [a.get_text(strip=True) for a in page.select(".md-nav a")]


def test_every_citation_links_to_an_entry_on_its_page(site_build: Build) -> None:
    cited = 0
    for path in sorted(site_build.site_dir.rglob("index.html")):
        page = site_build.page(path.relative_to(site_build.site_dir).as_posix())
        for link in page.select("a.citation"):
            cited += 1
            assert page.select_one(f"section.references li{link['href']}"), f"{path}: {link} has no entry"
    assert cited, "no page cites anything"


# How to cite this resource


def test_citation_cff_validates_and_matches_the_site() -> None:
    cffconvert = Path(sys.executable).parent / "cffconvert"
    result = subprocess.run(
        [str(cffconvert), "--validate", "--infile", str(ROOT / "CITATION.cff")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cff, site = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")), load_config()
    assert cff["title"] == site["site_name"]
    assert cff["authors"] == [{"name": site["site_author"]}]
    assert cff["url"] == site["site_url"]
    assert cff["repository-code"] == site["repo_url"]

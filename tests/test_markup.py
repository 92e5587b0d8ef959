"""Valid, reachable markup on every built page: the HTML rules an independent check found broken (issue 14)."""

from __future__ import annotations

from conftest import Build, html_pages, load_config, page_text

CONFIG = load_config()
# HTML: an `a` or `button` may hold no interactive content and no element with `tabindex` (nested interactive
# content); a `summary` is the reader's tab stop too, so nothing inside it takes focus either.
CONTROLS = "a[href], button, summary"
INTERACTIVE = (
    "a[href], button, input, select, textarea, details, iframe, embed, label, audio[controls], video[controls]"
)


def test_no_interactive_content_inside_links_buttons_or_summaries(site_build: Build) -> None:
    found = []
    for path in html_pages(site_build.site_dir):
        for control in site_build.page(path).select(CONTROLS):
            inner = control.select(f"{INTERACTIVE}, [tabindex]")
            found += [f"{path}: <{tag.name} {tag.attrs}> inside <{control.name}>" for tag in inner[:1]]
    assert not found, "\n".join(found)


def test_glossary_terms_take_focus_only_outside_links(mini_site) -> None:
    text = page_text("Terms") + "\nPTSD is common. See [what PTSD means](#terms).\n\n*[PTSD]: Post-traumatic stress.\n"
    build = mini_site({"client/index.md": text})
    assert build.returncode == 0, build.output
    terms = build.page("client/index.html").select("article abbr")
    assert [term.get("tabindex") for term in terms] == ["0", None], terms


def test_a_glossary_term_is_defined_at_its_first_use_only(mini_site) -> None:
    uses = "\nPTSD is common. PTSD can be treated.\n\nMore on PTSD.\n"
    text = page_text("Terms") + uses + "\n*[PTSD]: Post-traumatic stress.\n"
    build = mini_site({"client/index.md": text})
    assert build.returncode == 0, build.output
    article = build.page("client/index.html").select_one("article")
    assert [term.get_text() for term in article.select("abbr[title]")] == ["PTSD"]
    assert article.get_text().count("PTSD") >= 3


def test_every_code_block_can_be_scrolled_from_the_keyboard(site_build: Build) -> None:
    blocks = [
        (path, code) for path in html_pages(site_build.site_dir) for code in site_build.page(path).select("pre > code")
    ]
    assert blocks, "the References page shows how to cite the site in a code block"
    assert not [path for path, code in blocks if code.get("tabindex") != "0"]


def test_citation_brackets_stay_with_their_first_work(site_build: Build) -> None:
    pages = html_pages(site_build.site_dir)
    leads = [(path, lead) for path in pages for lead in site_build.page(path).select(".citation-lead")]
    assert len(leads) > 20
    for path, lead in leads:
        assert lead.get_text().startswith("(") and lead.select_one("a.citation"), f"{path}: {lead}"


def test_table_cells_carry_their_column_heading_for_phones(site_build: Build) -> None:
    cells = [
        (path, td)
        for path in html_pages(site_build.site_dir)
        for table in site_build.page(path).select(".table-scroll table:has(thead)")
        for td in table.select("tbody td")
    ]
    assert len(cells) > 50
    assert not [f"{path}: {td}" for path, td in cells if td.get("data-label") is None]


def test_repository_link_in_the_header_only_for_professionals_and_in_every_footer(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        page = site_build.page(path)
        professional = page.select_one(".audience-bar--professional") is not None
        assert bool(page.select(f'.md-header a[href="{CONFIG["repo_url"]}"]')) == professional, path
        assert page.select(f'.md-footer a[href="{CONFIG["repo_url"]}"]'), path

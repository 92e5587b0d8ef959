"""The "Download or send" panel on every page and the Downloads page: in the HTML, then in a real Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from conftest import VIEWPORTS, Build, Tab, axe_violations, html_pages, load_config, page_text, visit

CONFIG = load_config()
AUDIENCES = list(CONFIG["extra"]["audiences"])
SITE_URL = CONFIG["site_url"]
SITE_PATH = urlparse(SITE_URL).path  # the 404 page links from the site's root path
FACTS = re.compile(r"^(\d+(?:\.\d)?) (KB|MB), (\d+) (pages?|slides?|min)$")
FILE = re.compile(r"imagery-rescripting-(?P<audience>[a-z]+)(?:-(?P<paper>a4|letter))?\.(?P<format>pdf|pptx|mp3)$")
JS_BUTTONS = "[data-share-copy], [data-share-native], [data-share-file], [data-share-print]"
# Help now keeps to its numbers (front matter `hide: [downloads]`); the Downloads page lists its files in tables.
NO_PANEL = {"help-now/index.html"}
FILES_IN_TABLES = "downloads/index.html"


# Helper functions


def panel(build: Build, path: str):
    """The panel of one built page; exactly one per page."""
    panels = build.page(path).select("aside.download-panel")
    assert len(panels) == 1, f"{path}: {len(panels)} panels"
    return panels[0]


def panel_pages(build: Build) -> list[str]:
    """Every page that ends with the panel."""
    return [path for path in html_pages(build.site_dir) if path not in NO_PANEL]


def audience_of(build: Build, path: str) -> str:
    """A built page's audience, from the label its audience bar shows (none: everyone)."""
    label = build.page(path).select_one(".audience-bar .audience-label")
    labels = {CONFIG["extra"]["audiences"][name]["label"]: name for name in AUDIENCES}
    return labels[label.get_text(strip=True)] if label else "everyone"


def local_file(build: Build, page_path: str, href: str) -> Path:
    """The file in site_dir that a relative or root-relative link of a page points to."""
    target = urlparse(href).path
    if target.startswith("/"):
        relative = target.removeprefix(SITE_PATH)
    else:
        relative = str(PurePosixPath(page_path).parent / target)
    parts: list[str] = []
    for part in PurePosixPath(unquote(relative)).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    path = build.site_dir.joinpath(*parts)
    return path / "index.html" if path.is_dir() else path


def linked_files(build: Build, path: str, selector: str = "aside.download-panel a[download]") -> list[tuple]:
    """(audience, format, paper, file) of every download a page links to, in order."""
    files = []
    for link in build.page(path).select(selector):
        file = local_file(build, path, link["href"])
        match = FILE.search(file.name)
        assert match, f"{path}: unexpected download {link['href']}"
        files.append((match["audience"], match["format"], match["paper"], file))
    return files


def length_of(file: Path) -> int:
    """Pages of a PDF, slides of a deck, or minutes of audio (issue 16)."""
    if file.suffix == ".mp3":
        return max(1, round(pytest.importorskip("mutagen.mp3").MP3(file).info.length / 60))
    if file.suffix == ".pdf":
        return len(pytest.importorskip("pypdf").PdfReader(file).pages)
    return len(pytest.importorskip("pptx").Presentation(str(file)).slides)


def page_url(build: Build, path: str) -> str:
    """The published address of a page (the 404 page stands for the home page)."""
    canonical = build.page(path).select_one('link[rel="canonical"]')
    return canonical["href"] if canonical and path != "404.html" else SITE_URL


# The HTML of every page


def test_every_page_has_the_panel_with_its_own_address(site_build: Build) -> None:
    for path in panel_pages(site_build):
        aside = panel(site_build, path)
        assert aside.select_one("h2").get_text(strip=True) == "Download or send", path
        copy = aside.select_one("#download-panel-send ~ .download-panel__actions [data-share-copy]")
        assert copy["data-share-copy"] == page_url(site_build, path), path


def test_every_panel_link_resolves_to_a_file_of_the_site(site_build: Build) -> None:
    for path in panel_pages(site_build):
        for link in panel(site_build, path).select("a[href]"):
            href = link["href"]
            if href.startswith(("mailto:", "http://", "https://")):
                continue
            assert local_file(site_build, path, href).is_file(), f"{path}: {href} is not in the site"


def test_files_show_their_real_size_and_length(site_build: Build) -> None:
    lengths: dict[Path, int] = {}
    for path in panel_pages(site_build):
        for item in panel(site_build, path).select(".download-panel__files li"):
            link = item.select_one("a[download]")
            file = local_file(site_build, path, link["href"])
            facts = FACTS.match(item.select_one(".download-panel__facts").get_text(strip=True))
            assert facts, f"{path}: {item.get_text(' ', strip=True)}"
            size = float(facts[1]) * (1000 if facts[2] == "KB" else 1_000_000)
            assert abs(size - file.stat().st_size) <= (500 if facts[2] == "KB" else 50_000), f"{path}: {file.name}"
            if file not in lengths:
                lengths[file] = length_of(file)
            assert int(facts[3]) == lengths[file], f"{path}: {file.name}"
            assert facts[4].startswith({".pptx": "slide", ".mp3": "min"}.get(file.suffix, "page"))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pages_offer_their_audience_pdfs_and_deck(site_build: Build, audience: str) -> None:
    pages = [path for path in html_pages(site_build.site_dir) if audience_of(site_build, path) == audience]
    assert pages
    for path in pages:
        own = [(a, f, p) for a, f, p, _ in linked_files(site_build, path) if a == audience]
        audio = [(audience, "mp3", None)] if audience == "client" else []  # the narrated guide (issue 16)
        assert own == [(audience, "pdf", "a4"), (audience, "pdf", "letter"), (audience, "pptx", None), *audio], path


def test_professional_pages_also_offer_the_client_pdfs_and_link(site_build: Build) -> None:
    pages = [path for path in html_pages(site_build.site_dir) if audience_of(site_build, path) == "professional"]
    for path in pages:
        aside = panel(site_build, path)
        client = [(a, f, p) for a, f, p, _ in linked_files(site_build, path) if a == "client"]
        assert client == [("client", "pdf", "a4"), ("client", "pdf", "letter")], path
        group = next(g for g in aside.select(".download-panel__group") if g.select("[data-share-copy]")
                     and g.select_one("h3").get_text(strip=True) == "For your clients")
        link = group.select_one("p a[href]")["href"]
        assert link.startswith(SITE_URL + "client/"), f"{path}: {link}"
        assert (site_build.site_dir / link.removeprefix(SITE_URL) / "index.html").is_file(), f"{path}: {link}"
        assert group.select_one("[data-share-copy]")["data-share-copy"] == link
        assert link in unquote(group.select_one('a[href^="mailto:"]')["href"])


def test_pages_for_everyone_and_the_404_page_offer_both_audiences(site_build: Build) -> None:
    pages = [path for path in panel_pages(site_build) if audience_of(site_build, path) == "everyone"]
    pages.remove(FILES_IN_TABLES)
    assert "404.html" in pages and "index.html" in pages
    for path in pages:
        audiences = [a for a, *_ in linked_files(site_build, path)]
        assert sorted(set(audiences)) == sorted(AUDIENCES), path


def test_email_link_has_a_subject_and_a_body_with_the_address(site_build: Build) -> None:
    for path in panel_pages(site_build):
        mail = panel(site_build, path).select_one("#download-panel-send ~ .download-panel__actions a[href^='mailto:']")
        query = parse_qs(urlparse(mail["href"]).query)
        assert query["subject"][0].strip(), path
        assert page_url(site_build, path) in query["body"][0], path
        assert "\r\n" in query["body"][0], path


def test_buttons_that_need_javascript_start_hidden_and_no_code_is_inline(site_build: Build) -> None:
    for path in panel_pages(site_build):
        aside = panel(site_build, path)
        buttons = aside.select(JS_BUTTONS)
        assert buttons and all(button.name == "button" and button.has_attr("hidden") for button in buttons), path
        assert not aside.select("script, [style]"), path
        assert not [name for tag in aside.find_all(True) for name in tag.attrs if name.startswith("on")], path
        scripts = [s["src"] for s in site_build.page(path).select("script[src]")]
        assert any(src.endswith("assets/share.js") for src in scripts), path


def test_the_qr_code_is_an_inline_image_behind_a_disclosure(site_build: Build) -> None:
    for path in panel_pages(site_build):
        details = panel(site_build, path).select_one("details")
        assert details.select_one("summary").get_text(strip=True), path
        svg = details.select_one("svg[role='img']")
        assert svg is not None and page_url(site_build, path) in svg["aria-label"], path


def test_downloads_page_lists_every_file_with_its_facts(site_build: Build) -> None:
    made = sorted(p for p in (site_build.site_dir / "downloads").iterdir() if p.suffix in (".pdf", ".pptx", ".mp3"))
    assert len(made) == 3 * len(AUDIENCES) + 1  # and the narrated client guide (issue 16)
    page = site_build.page("downloads/index.html")
    rows = page.select("section.downloads-list table tbody tr")
    listed = sorted(local_file(site_build, "downloads/index.html", row.select_one("a")["href"]) for row in rows)
    assert listed == made
    for row in rows:
        name, file_format, size, length, edition = (cell.get_text(" ", strip=True) for cell in row.select("td"))
        assert file_format.startswith(("PDF, A4", "PDF, US Letter", "PowerPoint", "MP3")), name
        assert re.fullmatch(r"\d+(\.\d)? (KB|MB)", size), name
        assert re.fullmatch(r"\d+ (pages|slides|min)", length), name
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", edition), name
        assert row.select_one("time")["datetime"]


def test_downloads_page_lists_each_file_once_and_its_panel_offers_this_page(site_build: Build) -> None:
    links = [link["href"] for link in site_build.page(FILES_IN_TABLES).select("article a[download]")]
    assert links and len(links) == len(set(links)), links
    aside = panel(site_build, FILES_IN_TABLES)
    assert not aside.select("a[download], [data-share-file]")
    assert aside.select_one("#download-panel-send ~ .download-panel__actions [data-share-copy]")


def test_every_table_cell_of_the_downloads_page_names_its_column(site_build: Build) -> None:
    table = site_build.page(FILES_IN_TABLES).select_one("section.downloads-list table")
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    for row in table.select("tbody tr"):
        assert [td["data-label"] for td in row.select("td")] == headings


def test_every_page_with_a_panel_links_to_it_before_its_main_heading(site_build: Build) -> None:
    for path in panel_pages(site_build):
        if path == "404.html":  # a few lines long: its panel is in sight already
            continue
        page = site_build.page(path)
        jump = page.select_one(".jump-to-panel a")
        assert jump is not None and jump.get_text(strip=True) == "Download or send", path
        target = page.select_one(jump["href"])
        assert target.name == "h2" and target.find_parent("aside", class_="download-panel"), path
        assert jump.find_next("h1") is not None, f"{path}: the link should come before the main heading"


def test_help_now_has_no_reading_time_downloads_or_next_link(site_build: Build) -> None:
    for path in NO_PANEL:
        page = site_build.page(path)
        assert not page.select("aside.download-panel, .jump-to-panel, .reading-time"), path
        assert not page.select(".md-footer__inner:not([hidden]) .md-footer__link--next"), path
    other = site_build.page("client/index.html")  # the same selectors find all three on other pages
    for selector in (".jump-to-panel", ".reading-time", ".md-footer__inner:not([hidden]) .md-footer__link--next"):
        assert other.select(selector), selector


def test_the_panel_offers_this_page_before_the_whole_guide(site_build: Build) -> None:
    aside = panel(site_build, "client/sessions/index.html")
    headings = [h3.get_text(strip=True) for h3 in aside.select("h3")]
    assert headings[:2] == ["This page", "The whole guide"], headings
    assert aside.select_one("#download-panel-send ~ .download-panel__actions [data-share-print]")


def test_downloads_page_is_in_the_navigation(site_build: Build) -> None:
    nav = [link.get("href") for link in site_build.page("index.html").select(".md-nav--primary a")]
    assert any(href and href.rstrip("/").endswith("downloads") for href in nav), nav


def test_downloads_off_leaves_the_sending_options(mini_site) -> None:
    build = mini_site({"client/index.md": page_text("Only page")})
    assert build.returncode == 0, build.output
    aside = panel(build, "client/index.html")
    assert not aside.select("a[download]")
    assert aside.select_one("a[href^='mailto:']") and aside.select_one("[data-share-copy]")


# In a real browser

MISSING = "no-such-page/"  # served with the site's 404 page, as GitHub Pages does
SAMPLES = ["client/sessions/", "professional/techniques/", "", "downloads/", MISSING]


def open_page(browser, url: str, *, scheme: str = "light", viewport: str = "desktop", **options):
    """A fresh context and page that may use the clipboard, with every problem a visitor would see recorded."""
    context, page, _, problems = visit(browser, url, scheme=scheme, viewport=viewport, **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context, page, problems


@pytest.mark.browser
@pytest.mark.parametrize("sample", SAMPLES)
def test_panel_links_respond(browser, site_url, sample: str) -> None:
    context, page, problems = open_page(browser, site_url + sample)
    try:
        hrefs = page.eval_on_selector_all(
            ".download-panel a[href]:not([href^='mailto:']), .downloads-list a[href]",
            "links => links.map(link => link.href)",
        )
        assert hrefs
        for href in hrefs:
            if href.startswith(SITE_URL):  # the published address of a page, not this test server
                href = site_url + href.removeprefix(SITE_URL)
            response = page.request.get(href)
            assert response.status == 200, href
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("sample", ["client/sessions/", "professional/techniques/"])
def test_copy_link_copies_the_address_and_says_so(browser, site_url, sample: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    context, page, problems = open_page(browser, site_url + sample)
    try:
        button = page.get_by_role("button", name="Copy link", exact=True)
        expect(button).to_be_visible()
        button.click()
        status = page.locator(".download-panel [role='status']")
        expect(status).to_contain_text("Link copied")
        expect(status).to_be_visible()
        expected = SITE_URL + sample
        assert page.evaluate("navigator.clipboard.readText()") == expected
        expect(status).to_contain_text(expected)
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.browser
def test_buttons_appear_only_with_javascript(browser, site_url) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    context, page, _ = open_page(browser, site_url + "client/sessions/")
    try:
        expect(page.get_by_role("button", name="Print this page", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="E-mail a link", exact=True)).to_be_visible()
    finally:
        context.close()
    context, page, _ = open_page(browser, site_url + "client/sessions/", java_script_enabled=False)
    try:
        assert page.locator(".download-panel button:visible").count() == 0
        expect(page.get_by_role("link", name="E-mail a link", exact=True)).to_be_visible()
        expect(page.locator(".download-panel a[download]").first).to_be_visible()
    finally:
        context.close()


# Stands in for a phone's share sheet (headless Chromium has none) and records what it is given.
FAKE_SHARE_SHEET = """
window.shared = [];
navigator.canShare = () => true;
navigator.share = (data) => {
  window.shared.push({title: data.title, url: data.url, files: (data.files || []).map(f => [f.name, f.type, f.size])});
  return Promise.resolve();
};
"""


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "paper"), [("en-GB", "a4"), ("en-US", "letter")])
def test_share_sheet_gets_the_link_and_the_local_pdf(browser, site_url, built_site: Path, locale, paper) -> None:
    context = browser.new_context(locale=locale)
    context.add_init_script(FAKE_SHARE_SHEET)
    page = context.new_page()
    try:
        page.goto(site_url + "client/sessions/", wait_until="networkidle")
        page.get_by_role("button", name="Share…").click()
        page.get_by_role("button", name="Share the guide as a PDF").click()
        for _ in range(50):  # the PDF is fetched first
            shared = page.evaluate("window.shared")
            if len(shared) == 2:
                break
            page.wait_for_timeout(100)
        assert shared[0]["url"] == SITE_URL + "client/sessions/"
        name = f"imagery-rescripting-client-{paper}.pdf"
        size = (built_site / "downloads" / name).stat().st_size
        assert shared[1]["files"] == [[name, "application/pdf", size]]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("sample", ["client/sessions/", "professional/techniques/"])
def test_qr_code_on_screen_opens_the_page(browser, site_url, sample: str) -> None:
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    image_module = pytest.importorskip("PIL.Image")
    context, page, _ = open_page(browser, site_url + sample, scheme="dark")
    try:
        page.get_by_text("Show a QR code of this page").click()
        shot = page.locator(".download-panel__code").screenshot()
        codes = pyzbar.decode(image_module.open(io.BytesIO(shot)))
        assert [code.data.decode() for code in codes] == [SITE_URL + sample]
    finally:
        context.close()


# Resolves once the page has drawn two more frames and every transition then running has ended (3 s at most).
SETTLED = """new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))).then(() => Promise.race([
  Promise.all(document.getAnimations().map((animation) => animation.finished)),
  new Promise((done) => setTimeout(done, 3000)),
]))"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_panel_has_no_axe_violations(browser, axe, site_url, scheme: str, viewport: str) -> None:
    report = []
    with Tab(browser, viewport=viewport, scheme=scheme) as tab:
        for sample in SAMPLES:
            tab.open(site_url + sample)
            page, problems = tab.page, tab.problems
            page.locator(".download-panel details summary").click()
            page.locator(".download-panel").scroll_into_view_if_needed()
            # Scrolling fades the theme's "Back to top" button in and its tabs out, a frame or two after the scroll:
            # let those transitions start, then end, before measuring contrast.
            page.evaluate(SETTLED)
            if violations := axe_violations(axe, page):
                problems.append(violations)
            if problems:
                report.append(f"{sample or 'home'} ({scheme}, {viewport}):\n  " + "\n  ".join(problems))
    assert not report, "\n".join(report)

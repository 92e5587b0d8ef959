"""Budgets that keep pages light (issues 7 and 14).

A page's weight is everything a fresh Chromium fetches for it until the network is idle, as `make bench` measures it:
the HTML, the theme's bundle and styles, our assets, icons, the search worker, and whatever scripts fetch after
loading; each response gzip-compressed (level 6, as GitHub Pages serves it). The search index is fetched when a
reader starts to search (docs/assets/search-on-demand.js), so it has a budget of its own.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT, Tab, html_pages, load_config, visit

# Tests


@pytest.mark.browser
def test_every_page_loads_at_most_100_kb_gzip_in_a_browser(browser, built_site: Path, site_url: str) -> None:
    weights, kinds = {}, set()
    with Tab(browser) as tab:
        tab.context.new_cdp_session(tab.page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        for page in html_pages(built_site):
            url = site_url + ("no-such-page/" if page == "404.html" else page.removesuffix("index.html"))
            loaded = page_load(tab, url)
            weights[page] = sum(loaded.values())
            kinds |= {kind for kind, _ in loaded}
    assert len(weights) > 10 and min(weights.values()) > 0, weights
    assert {"document", "script", "stylesheet"} <= kinds, kinds  # the theme's bundle and styles are counted
    heavy = {page: f"{size / 1024:.1f} KB" for page, size in weights.items() if size > BUDGET_BYTES}
    assert not heavy, f"pages over the {BUDGET_BYTES // 1024} KB gzip budget: {heavy}"


@pytest.mark.browser
def test_search_index_loads_when_a_reader_searches_and_stays_small(browser, site_url: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    context, page, _, problems = visit(browser, site_url + "client/sessions/")
    try:
        index = []
        page.on("response", lambda response: response.url.endswith(SEARCH_INDEX) and index.append(response))
        page.wait_for_timeout(500)
        assert not index, "the search index was fetched before the reader searched"
        page.get_by_role("textbox", name="Search").focus()
        page.get_by_role("textbox", name="Search").press_sequentially("worksheet", delay=50)
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        assert len(index) == 1 and gzip_bytes(index[0].body()) <= SEARCH_INDEX_BUDGET, index
        assert not problems, problems
    finally:
        context.close()


def test_pages_load_no_script_or_stylesheet_but_the_theme_bundle_and_ours(built_site: Path) -> None:
    own = {f"assets/{path.name}" for path in (ROOT / "docs" / "assets").iterdir() if path.suffix in (".css", ".js")}
    extra, loaded = {}, set()
    for page in html_pages(built_site):
        soup = parse(built_site, page)
        refs = [tag["href"] for tag in soup.select(STYLESHEETS)] + [tag["src"] for tag in soup.select("script[src]")]
        for ref in refs:
            name = site_path(page, ref) or ref
            loaded.add(name)
            if name not in own and not THEME_BUNDLE.fullmatch(name):
                extra.setdefault(page, []).append(name)
        # The theme's inline bootstrap snippets are a few hundred characters; a library would not fit.
        for script in soup.select("script:not([src])"):
            if script.get("type") not in DATA_SCRIPTS and len(script.get_text()) > INLINE_SCRIPT_MAX:
                extra.setdefault(page, []).append(f"inline script of {len(script.get_text())} characters")
        if soup.select("style"):
            extra.setdefault(page, []).append("<style> element")
    assert "assets/share.js" in loaded and any(THEME_BUNDLE.fullmatch(name) for name in loaded), loaded
    assert not extra, f"scripts or styles beyond the theme's bundle and docs/assets: {extra}"


def test_images_are_svg_or_compressed_and_sized(built_site: Path) -> None:
    images, problems = 0, []
    for page in html_pages(built_site):
        for img in parse(built_site, page).select("img[src], link[rel~='icon'][href]"):
            images += 1
            source = img.get("src") or img["href"]
            if source.startswith("data:image/svg+xml") or urlsplit(source).path.endswith(".svg"):
                continue
            path = site_path(page, source)
            if path is None or not (built_site / path).is_file():
                problems.append(f"{page}: {source} is not a file of the site")
                continue
            if img.name == "img" and not (img.get("width") and img.get("height")):
                problems.append(f"{page}: {source} has no width and height")
            with Image.open(built_site / path) as picture:
                kind, pixels = picture.format, picture.width * picture.height
            size = (built_site / path).stat().st_size
            if kind not in COMPRESSED_FORMATS or size > pixels * MAX_BYTES_PER_PIXEL:
                problems.append(f"{page}: {source} is {kind}, {size} bytes for {pixels} pixels")
    assert images > 0
    assert not problems, problems


def test_qr_codes_are_svg(built_site: Path) -> None:
    codes = []
    for page in html_pages(built_site):
        codes += [(page, tag) for tag in parse(built_site, page).select(QR_CODES)]
    assert len(codes) > 10
    raster = [page for page, tag in codes if tag.name != "svg" and not tag.get("src", "").startswith("data:image/svg")]
    assert not raster, f"QR codes that are not SVG: {raster}"


# Helper functions


def page_load(tab: Tab, url: str) -> dict[tuple[str, str], int]:
    """Everything the browser fetches from the site for one page until the network is idle, as `make bench` does
    in a fresh context: {(resource type, url): gzip bytes}, the search worker included. The tab's cache is turned
    off (as DevTools' "Disable cache" does), so each page is fetched whole, as a first visit is."""
    responses = []

    def record(response) -> None:
        responses.append(response)

    tab.context.on("response", record)  # the context's, as the search worker's requests are not the page's
    try:
        tab.open(url)
    finally:
        tab.context.remove_listener("response", record)
    local = urlsplit(url).netloc
    return {
        (response.request.resource_type, response.url): gzip_bytes(response.body())
        for response in responses
        if urlsplit(response.url).netloc == local and response.status in (200, 404)
    }


def site_path(page: str, ref: str) -> str | None:
    """The site file a reference in `page` names ('../assets/x.css' -> 'assets/x.css'), or None for other hosts
    and data URIs."""
    url = urlsplit(ref)
    if url.scheme or url.netloc or not url.path:
        return None
    path = urljoin(SITE_PREFIX + page, url.path)
    if not path.startswith(SITE_PREFIX):
        return None
    path = path[len(SITE_PREFIX) :]
    return path + "index.html" if path.endswith("/") or not path else path


def parse(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def gzip_bytes(data: bytes) -> int:
    """Bytes after gzip at the level most web servers use."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# Data

BUDGET_BYTES = 100 * 1024
SEARCH_INDEX = "/search/search_index.json"
# The index is fetched only when a reader searches, and grows with the text (42 KB after the clinical review's
# additions); reference lists, 'Cited on' lines and the BibTeX block stay out of it.
SEARCH_INDEX_BUDGET = 48 * 1024
SITE_PREFIX = urlsplit(load_config()["site_url"]).path  # absolute links (the 404 page) start with it
STYLESHEETS = "link[rel~='stylesheet'][href]"
THEME_BUNDLE = re.compile(
    r"assets/stylesheets/(main|palette)\.[0-9a-f]{8}\.min\.css|assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"
)
DATA_SCRIPTS = {"application/json", "application/ld+json"}
INLINE_SCRIPT_MAX = 1000  # characters
COMPRESSED_FORMATS = {"PNG", "JPEG", "WEBP", "AVIF", "GIF"}
MAX_BYTES_PER_PIXEL = 1  # raw RGB is 3; a compressed picture stays well below 1
QR_CODES = ".qr-code, [aria-label*='QR code' i], img[alt*='QR code' i]"

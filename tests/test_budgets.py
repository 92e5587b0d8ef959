"""Budgets that keep pages light (issue 7), computed from the built files so they hold on any machine.

A page's weight here is its HTML plus every same-site file it references (stylesheets, scripts, icons, images, and
the fonts and images those stylesheets use), each gzip-compressed. What the theme's script fetches after loading
(the search worker and index) is not referenced by the HTML: `make bench` measures it in a real browser.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT, html_pages, load_config

# Tests


def test_every_page_loads_at_most_100_kb_gzip(built_site: Path) -> None:
    weights = {page: sum(map(gzip_size, page_files(built_site, page))) for page in html_pages(built_site)}
    assert len(weights) > 10 and min(weights.values()) > 0, weights
    heavy = {page: f"{size / 1024:.1f} KB" for page, size in weights.items() if size > BUDGET_BYTES}
    assert not heavy, f"pages over the {BUDGET_BYTES // 1024} KB gzip budget: {heavy}"


def test_pages_load_no_script_or_stylesheet_but_the_theme_bundle_and_ours(built_site: Path) -> None:
    own = {f"assets/{path.name}" for path in (ROOT / "docs" / "assets").glob("*.css")} | {"assets/share.js"}
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


def page_files(site: Path, page: str) -> list[Path]:
    """The page and every same-site file it loads, each once: what the HTML references, then what its CSS uses."""
    soup = parse(site, page)
    refs = [tag["href"] for tag in soup.select(f"{STYLESHEETS}, link[rel~='icon'][href], link[rel~='preload']")]
    refs += [tag["src"] for tag in soup.select("script[src], img[src], source[src]")]
    files = {site / page} | {site / path for ref in refs if (path := site_path(page, ref))}
    for stylesheet in [file for file in files if file.suffix == ".css"]:
        css = stylesheet.read_text(encoding="utf-8")
        from_css = stylesheet.relative_to(site).as_posix()
        refs = [match[1] or match[2] for match in CSS_URL.finditer(css)]
        files |= {site / path for ref in refs if (path := site_path(from_css, ref))}
    missing = [str(file) for file in files if not file.is_file()]
    assert not missing, f"{page} references files the site does not have: {missing}"
    return sorted(files)


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


def gzip_size(path: Path) -> int:
    """Bytes after gzip at the level most web servers use."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


# Data

BUDGET_BYTES = 100 * 1024
SITE_PREFIX = urlsplit(load_config()["site_url"]).path  # absolute links (the 404 page) start with it
STYLESHEETS = "link[rel~='stylesheet'][href]"
THEME_BUNDLE = re.compile(
    r"assets/stylesheets/(main|palette)\.[0-9a-f]{8}\.min\.css|assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"
)
DATA_SCRIPTS = {"application/json", "application/ld+json"}
INLINE_SCRIPT_MAX = 1000  # characters
CSS_URL = re.compile(r"""url\(\s*['"]?(?!data:)([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
COMPRESSED_FORMATS = {"PNG", "JPEG", "WEBP", "AVIF", "GIF"}
MAX_BYTES_PER_PIXEL = 1  # raw RGB is 3; a compressed picture stays well below 1
QR_CODES = ".qr-code, [aria-label*='QR code' i], img[alt*='QR code' i]"

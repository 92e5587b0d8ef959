"""The built site's HTML: titles, headings, language, audience, descriptions, link previews, privacy."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, Build, content_pages, html_pages, load_config

CONFIG = load_config()
AUDIENCE_LABELS = {name: audience["label"] for name, audience in CONFIG["extra"]["audiences"].items()}
# Attributes through which a page could make the browser fetch something.
FETCHING = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
            "audio": "src", "embed": "src", "object": "data"}


def test_build_is_strict_and_clean(site_build: Build) -> None:
    assert "WARNING" not in site_build.output, site_build.output


def test_every_page_in_nav_is_built(site_build: Build) -> None:
    pages = content_pages(site_build)
    assert "index.html" in pages
    assert any(page.startswith("client/") for page in pages)
    assert any(page.startswith("professional/") for page in pages)


def test_each_page_has_one_h1_a_title_and_a_language(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        page = site_build.page(path)
        assert len(page.select("article h1")) == 1, f"{path}: expected exactly one h1"
        assert page.html["lang"] == "en", path
        title = page.title.get_text(strip=True)
        assert title and title.endswith(CONFIG["site_name"]), f"{path}: title {title!r}"


def test_titles_are_unique(site_build: Build) -> None:
    titles = [site_build.page(path).title.get_text(strip=True) for path in content_pages(site_build)]
    assert len(titles) == len(set(titles)), titles


def test_each_content_page_describes_itself_for_search_and_previews(site_build: Build) -> None:
    for path in content_pages(site_build):
        page = site_build.page(path)
        description = page.select_one('meta[name="description"]')["content"]
        assert description != CONFIG["site_description"].strip(), f"{path} uses the site-wide description"
        assert 40 <= len(description) <= 200, f"{path}: description is {len(description)} characters"
        assert page.select_one('meta[property="og:description"]')["content"] == description
        assert page.select_one('meta[property="og:title"]')["content"]
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith(CONFIG["site_url"]), canonical
        assert page.select_one('meta[property="og:url"]')["content"] == canonical


@pytest.mark.parametrize("audience", ["client", "professional"])
def test_audience_pages_show_their_label(site_build: Build, audience: str) -> None:
    pages = [path for path in content_pages(site_build) if path.startswith(f"{audience}/")]
    assert pages
    for path in pages:
        label = site_build.page(path).select_one(".audience-bar .audience-label")
        assert label is not None and label.get_text(strip=True) == AUDIENCE_LABELS[audience], path


def test_counterparts_link_to_each_other(site_build: Build) -> None:
    linked = 0
    for path in content_pages(site_build):
        link = site_build.page(path).select_one(".counterpart-link a")
        if link is None:
            continue
        linked += 1
        target = (Path(path).parent / link["href"]).as_posix()
        target = re.sub(r"(^|/)\./", r"\1", target)
        target_page = site_build.page(str(Path(target) / "index.html") if not target.endswith(".html") else target)
        own = "client" if path.startswith("client/") else "professional"
        other = "professional" if own == "client" else "client"
        expected = CONFIG["extra"]["audiences"][other]["counterpart_link"]
        assert link.get_text(strip=True) == expected, path
        assert target_page.select_one(".audience-bar .audience-label").get_text(strip=True) == AUDIENCE_LABELS[other]
    assert linked >= 2, "no page links to its counterpart"


def test_client_pages_and_landing_page_show_help_now(site_build: Build) -> None:
    for path in ["index.html", *[p for p in content_pages(site_build) if p.startswith("client/")]]:
        box = site_build.page(path).select_one("aside.help-now")
        assert box is not None, f"{path} has no help-now box"
        assert "999" in box.get_text() and "911" in box.get_text(), path
        assert box.select_one('a[href*="help-now"]') is not None, path


def test_landing_page_has_two_doors(site_build: Build) -> None:
    page = site_build.page("index.html")
    doors = {a.get_text(strip=True): a["href"] for a in page.select(".door a.md-button")}
    assert any("clients" in text for text in doors), doors
    assert any("professionals" in text for text in doors), doors
    assert sorted(doors.values()) == ["client/", "professional/"]


def test_nothing_is_fetched_from_another_host(site_build: Build) -> None:
    for path in [*html_pages(site_build.site_dir)]:
        page = site_build.page(path)
        for tag, attribute in FETCHING.items():
            for element in page.find_all(tag):
                url = element.get(attribute)
                if not url or (tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}):
                    continue
                assert not urlparse(url).netloc, f"{path}: <{tag}> loads {url}"
    for css in site_build.site_dir.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", css.read_text(encoding="utf-8")):
            assert not urlparse(url).netloc, f"{css.name} loads {url}"


def test_no_google_fonts_or_analytics_in_config() -> None:
    assert CONFIG["theme"]["font"] is False
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in CONFIG["plugins"]]
    assert not {"privacy", "social", "offline"} & set(plugins)
    assert "analytics" not in CONFIG.get("extra", {})


def test_sitemap_robots_and_404(site_build: Build) -> None:
    site = site_build.site_dir
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{CONFIG['site_url']}client/" in sitemap
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {CONFIG['site_url']}sitemap.xml" in robots
    not_found = site_build.page("404.html")
    hrefs = [a["href"] for a in not_found.select("article a")]
    assert any(href.endswith("help-now/") for href in hrefs), hrefs
    assert any(href.endswith("client/") for href in hrefs), hrefs


def test_reading_time_follows_the_main_heading_of_every_content_page(site_build: Build) -> None:
    for path in content_pages(site_build):
        if path == "help-now/index.html":  # the numbers come first there (front matter `hide: [reading-time]`)
            continue
        time = site_build.page(path).select_one(".reading-time")
        assert re.fullmatch(r"About \d+ minutes? to read", time.get_text().strip()), path
        assert time.find_previous("h1") is not None and time.find_next("h1") is None, path


def test_root_config_files_exist() -> None:
    for name in ("mkdocs.yml", "pyproject.toml", "Makefile", "README.md", ".ci/run"):
        assert (ROOT / name).is_file(), name


def test_glossary_terms_are_defined_and_reachable_by_keyboard(site_build: Build) -> None:
    assert "content.tooltips" in CONFIG["theme"]["features"]
    terms = 0
    for path in content_pages(site_build):
        for abbr in site_build.page(path).select("article abbr"):
            terms += 1
            assert abbr.get("title"), f"{path}: {abbr} has no definition"
            # Inside a link the link is the tab stop: a focusable term there would be nested interactive content.
            inside_control = abbr.find_parent(["a", "button", "summary", "label"]) is not None
            assert abbr.get("tabindex") == (None if inside_control else "0"), f"{path}: {abbr} focus is wrong"
    assert terms > 0, "no glossary term is used anywhere"


def test_tables_scroll_in_a_labelled_focusable_region(site_build: Build) -> None:
    tables = 0
    for path in content_pages(site_build):
        for table in site_build.page(path).select("article table"):
            tables += 1
            region = table.find_parent("div", class_="table-scroll")
            assert region is not None, f"{path}: a table is not wrapped"
            assert region["tabindex"] == "0" and region["role"] == "region" and region["aria-label"], path
    assert tables > 0

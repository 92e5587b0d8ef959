"""Trust: review dates, authorship, licence and feedback on every page; statement pages; JSON-LD; overdue reviews;
and printing a page with its address and review date."""

from __future__ import annotations

import datetime
import io
import json
import posixpath
import re
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import (
    HOLMES,
    ROOT,
    Build,
    assert_clean_failure,
    content_pages,
    html_pages,
    load_config,
    page_text,
    yaml_dates,
)

CONFIG = load_config()
EDITORIAL = CONFIG["extra"]["editorial"]
LICENCE = CONFIG["extra"]["licence"]
PUBLISHER = CONFIG["extra"]["publisher"]
HOLMES_DOI = "https://doi.org/" + HOLMES["DOI"]
STATEMENT_PAGES = ["about", "accessibility", "privacy", "feedback", "help-now"]
JSON_LD_KEYS = {"@context", "@type", "name", "description", "url", "inLanguage", "audience", "about", "lastReviewed",
                "author", "reviewedBy", "license"}


def facts(page: BeautifulSoup) -> dict[str, BeautifulSoup]:
    """The page-meta facts as {label: <dd>}."""
    block = page.select_one("footer.page-meta")
    assert block is not None, "no page-meta footer"
    return {div.dt.get_text(strip=True): div.dd for div in block.select(".page-meta__facts > div")}


def json_ld(page: BeautifulSoup) -> dict:
    """The page's one JSON-LD block, parsed."""
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1, f"expected one JSON-LD block, found {len(scripts)}"
    return json.loads(scripts[0].string)


def iso(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# Every page of the real site


def test_every_content_page_shows_dates_authors_reviewers_and_licence(site_build: Build) -> None:
    for path in content_pages(site_build):
        page = site_build.page(path)
        shown = facts(page)
        assert {"Last reviewed", "Next review due", "Licence"} <= set(shown), path
        # One team that writes and reviews is named once; otherwise each role has its own line.
        roles = ["Written and reviewed by"] if "Written and reviewed by" in shown else ["Written by", "Reviewed by"]
        last = iso(shown["Last reviewed"].time["datetime"])
        due = iso(shown["Next review due"].time["datetime"])
        assert due > last, path
        assert shown["Last reviewed"].get_text(strip=True) == f"{last.day} {last:%B %Y}", path
        assert all(shown[role].get_text(strip=True) for role in roles), path
        assert shown["Licence"].select_one('a[rel="license"]')["href"] == LICENCE["content"]["url"], path
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert shown["Web address"].get_text(strip=True) == canonical, path


def test_pages_without_named_authors_credit_the_editorial_team(site_build: Build) -> None:
    shown = facts(site_build.page("client/index.html"))
    assert EDITORIAL["authors"] == EDITORIAL["reviewers"]
    assert shown["Written and reviewed by"].get_text(strip=True) == ", ".join(EDITORIAL["authors"])
    assert "Written by" not in shown and "Reviewed by" not in shown


def test_every_content_page_asks_was_this_page_helpful(site_build: Build) -> None:
    for path in content_pages(site_build):
        page = site_build.page(path)
        prompt = page.select_one("footer.page-meta .page-feedback")
        assert prompt is not None and "Was this page helpful?" in prompt.get_text(), path
        mails = [urlparse(a["href"]) for a in prompt.select('a[href^="mailto:"]')]
        assert len(mails) == 2, path
        for mail in mails:
            assert mail.path == PUBLISHER["email"], path
            assert parse_qs(mail.query)["subject"][0].endswith(": " + page_title(page)), path
        if path != "feedback/index.html":
            assert any(a["href"].endswith("feedback/") for a in prompt.select("a")), path
        assert not prompt.select("script, img, iframe"), f"{path}: the prompt must not track"


def page_title(page: BeautifulSoup) -> str:
    """The page's own title, as in <title> before the site name."""
    return page.title.get_text(strip=True).rsplit(" - ", 1)[0]


def test_every_page_has_the_footer_with_publisher_licences_and_statements(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        footer = site_build.page(path).select_one("footer.md-footer .md-copyright")
        assert footer is not None, path
        assert PUBLISHER["name"] in footer.get_text(), path
        hrefs = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
        assert hrefs[LICENCE["content"]["name"]] == LICENCE["content"]["url"], path
        assert hrefs[LICENCE["code"]["name"]] == LICENCE["code"]["url"], path
        for label, slug in [("About", "about"), ("Accessibility", "accessibility"), ("Privacy", "privacy"),
                            ("Feedback", "feedback")]:
            href = hrefs[label]
            # The 404 page links from the site's root path, as it is shown at any address.
            target = urlparse(href).path if path == "404.html" else posixpath.join(posixpath.dirname(path), href)
            assert posixpath.normpath(target).endswith(slug), (path, label, href)
            if path != "404.html":
                assert (site_build.site_dir / posixpath.normpath(target) / "index.html").is_file(), (path, href)


def test_statement_pages_exist_for_everyone_and_are_in_the_nav(site_build: Build) -> None:
    nav = json.dumps(CONFIG["nav"])
    for slug in STATEMENT_PAGES:
        page = site_build.page(f"{slug}/index.html")
        assert len(page.select("article h1")) == 1, slug
        assert page.select_one(".audience-label") is None, f"{slug} is for everyone"
        assert f"{slug}.md" in nav, slug
        assert json_ld(page)["audience"] == [{"@type": "Patient"},
                                             {"@type": "MedicalAudience", "audienceType": "Clinician"}]


def test_feedback_routes_come_from_the_config(site_build: Build) -> None:
    for slug in ("feedback", "accessibility"):
        routes = site_build.page(f"{slug}/index.html").select_one("article .contact-routes")
        assert routes is not None, slug
        hrefs = [a["href"] for a in routes.select("a")]
        assert f"mailto:{PUBLISHER['email']}" in hrefs, slug
        assert f"{CONFIG['repo_url'].rstrip('/')}/issues/new" in hrefs, slug
    for path in content_pages(site_build):
        assert "<!-- contact -->" not in (site_build.site_dir / path).read_text(encoding="utf-8"), path


def test_statements_say_what_the_code_does(site_build: Build) -> None:
    privacy = site_build.page("privacy/index.html").select_one("article").get_text(" ")
    for fact in ("No cookies", "No tracking", "__palette", "local storage", "GitHub", "IP address"):
        assert fact in privacy, fact
    accessibility = site_build.page("accessibility/index.html").select_one("article").get_text(" ")
    for fact in ("WCAG", "2.2", "AA", "axe-core", "Chromium", "phone", "dark", "keyboard", "pypdf", "qpdf",
                 "Known limitations", "another format"):
        assert fact in accessibility, fact
    about = site_build.page("about/index.html").select_one("article").get_text(" ")
    for fact in ("editorial team", "Conflicts of interest", "no advertising", "How to cite", "CC BY-SA 4.0", "MIT",
                 "Next review due"):
        assert fact in about, fact


def test_help_now_lists_the_verified_numbers(site_build: Build) -> None:
    text = site_build.page("help-now/index.html").select_one("article").get_text(" ")
    # Checked against each service's own or government pages (data/help-lines.yml; tests/test_help_lines.py checks
    # every line). Text About It (50808) left the page: its number could not be confirmed on its own site.
    for number in ("999", "112", "911", "000", "111", "116 123", "85258", "988", "13 11 14", "0477 13 11 14",
                   "1737", "0808 808 8000"):
        assert number in text, number


def test_every_content_page_has_valid_medical_web_page_json_ld(site_build: Build) -> None:
    for path in content_pages(site_build):
        page = site_build.page(path)
        data = json_ld(page)
        assert set(data) >= JSON_LD_KEYS, (path, JSON_LD_KEYS - set(data))
        assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage", path
        assert data["url"] == page.select_one('link[rel="canonical"]')["href"], path
        assert data["description"] == page.select_one('meta[name="description"]')["content"], path
        assert data["inLanguage"] == page.html["lang"], path
        assert data["license"] == LICENCE["content"]["url"], path
        assert data["about"]["@type"] == "MedicalTherapy" and data["about"]["name"] == "Imagery rescripting", path
        assert data["lastReviewed"] == facts(page)["Last reviewed"].time["datetime"], path
        for role in ("author", "reviewedBy"):
            assert data[role] and all(who["@type"] == "Organization" and who["name"] for who in data[role]), path
        expected = {"client": {"@type": "Patient"},
                    "professional": {"@type": "MedicalAudience", "audienceType": "Clinician"}}
        if path.split("/")[0] in expected:
            assert data["audience"] == expected[path.split("/")[0]], path
        if path != "references/index.html":  # that page lists every work; it cites none itself
            listed = page.select("section.references li")
            assert len(data.get("citation", [])) == len(listed), path
        for work in data.get("citation", []):
            assert work["@type"] == "CreativeWork" and (work.get("url") or work.get("name")), path


def test_the_404_page_has_no_page_data(site_build: Build) -> None:
    page = site_build.page("404.html")
    assert page.select_one('script[type="application/ld+json"]') is None
    assert page.select_one("footer.page-meta") is None


def test_no_page_of_the_real_site_is_overdue_today(site_build: Build) -> None:
    assert "REVIEW OVERDUE" not in site_build.output, "a page is past its review date: review it and update its dates"


# Small sites: validation, overdue notices and authorship


def test_overdue_review_shows_a_notice_and_logs_without_failing(mini_site) -> None:
    build = mini_site(
        {
            "client/old.md": page_text("Old page", audience=None, last_reviewed="2020-01-01", next_review="2021-01-01"),
            "client/new.md": page_text("New page", audience=None),
        }
    )
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    line = next(line for line in build.output.splitlines() if "REVIEW OVERDUE" in line)
    assert line.startswith("INFO") and "'client/old.md'" in line and "2021-01-01" in line, line
    notice = build.page("client/old/index.html").select_one("article .review-notice")
    assert notice is not None
    assert "due for its regular review" in notice.get_text()
    assert notice.select_one('time[datetime="2021-01-01"]').get_text() == "1 January 2021"
    assert build.page("client/new/index.html").select_one(".review-notice") is None
    assert "'client/new.md'" not in build.output


@pytest.mark.parametrize(("today", "overdue"), [("2027-11-26", False), ("2027-11-27", True)])
def test_a_page_becomes_overdue_the_day_after_its_review_date(mini_site, today: str, overdue: bool) -> None:
    # SOURCE_DATE_EPOCH fixes the build date (as for reproducible builds); the page's next_review is 2027-11-26.
    epoch = int(datetime.datetime.fromisoformat(f"{today}T12:00:00+00:00").timestamp())
    build = mini_site({"client/a.md": page_text("A", audience=None)}, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert build.returncode == 0, build.output
    logged = "REVIEW OVERDUE: 'client/a.md' was due for review on 2027-11-26" in build.output
    shown = build.page("client/a/index.html").select_one(".review-notice") is not None
    assert (logged, shown) == (overdue, overdue), build.output


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"last_reviewed": None}, "'last_reviewed'"),
        ({"next_review": None}, "'next_review'"),
        ({"last_reviewed": "26/11/2026"}, "'26/11/2026' is not a date written YYYY-MM-DD"),
        ({"next_review": "2027-02-30"}, "'2027-02-30' is not a real date"),
        ({"next_review": "next year"}, "not a date written YYYY-MM-DD"),
        ({"last_reviewed": "2026-11-26", "next_review": "2026-11-26"}, "on or before last_reviewed"),
        ({"last_reviewed": "2026-11-26", "next_review": "2025-11-26"}, "on or before last_reviewed"),
        ({"authors": 42}, "'authors'"),
        ({"reviewers": []}, "'reviewers'"),
    ],
)
def test_bad_review_front_matter_names_the_file(mini_site, front: dict, expected: str) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None, **front)})
    assert_clean_failure(build, "client/a.md", expected)


def test_unquoted_yaml_dates_are_accepted(mini_site) -> None:
    text = yaml_dates(page_text("A", audience=None))
    assert "last_reviewed: 2026-11-26\n" in text
    build = mini_site({"client/a.md": text})
    assert build.returncode == 0, build.output
    assert facts(build.page("client/a/index.html"))["Next review due"].get_text(strip=True) == "26 November 2027"


def test_named_authors_and_reviewers_replace_the_defaults(mini_site) -> None:
    build = mini_site(
        {"professional/a.md": page_text("A", audience=None, authors="Jane Writer",
                                        reviewers=["Clinical review group", "Lived experience panel"])}
    )
    assert build.returncode == 0, build.output
    page = build.page("professional/a/index.html")
    shown = facts(page)
    assert shown["Written by"].get_text(strip=True) == "Jane Writer"
    assert shown["Reviewed by"].get_text(strip=True) == "Clinical review group, Lived experience panel"
    data = json_ld(page)
    assert [who["name"] for who in data["author"]] == ["Jane Writer"]
    assert [who["name"] for who in data["reviewedBy"]] == ["Clinical review group", "Lived experience panel"]
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}


def test_json_ld_cites_the_works_the_page_cites(mini_site) -> None:
    build = mini_site(
        {"client/a.md": page_text("A", audience=None) + "\nIt can help [@holmes2007].\n"},
        files={"bibliography/references.json": json.dumps([HOLMES])},
    )
    assert build.returncode == 0, build.output
    data = json_ld(build.page("client/a/index.html"))
    assert data["audience"] == {"@type": "Patient"}
    [work] = data["citation"]
    assert work == {"@type": "CreativeWork", "@id": HOLMES_DOI, "url": HOLMES_DOI}


def test_json_ld_names_a_cited_work_that_has_no_address(mini_site) -> None:
    undated = {key: value for key, value in HOLMES.items() if key not in ("DOI", "URL")}
    build = mini_site(
        {"client/a.md": page_text("A", audience=None) + "\nIt can help [@holmes2007].\n"},
        files={"bibliography/references.json": json.dumps([undated])},
    )
    assert build.returncode == 0, build.output
    [work] = json_ld(build.page("client/a/index.html"))["citation"]
    assert "url" not in work and work["name"].startswith("Holmes, E. A., Arntz, A., & Smucker, M. R. (2007).")


def test_an_overdue_page_that_cites_does_not_break_the_build(mini_site) -> None:
    # The generated References page takes its dates from the pages that cite: it must stay valid when one is late.
    cites = "\nIt can help [@holmes2007].\n"
    old = yaml_dates(page_text("Old", audience=None, last_reviewed="2020-01-01", next_review="2021-01-01"))
    build = mini_site(
        {"client/old.md": old + cites, "client/new.md": yaml_dates(page_text("New", audience=None)) + cites},
        files={"bibliography/references.json": json.dumps([HOLMES])},
    )
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    assert "'client/old.md'" in build.output
    assert build.page("references/index.html").select_one(".review-notice") is not None


def test_json_ld_cannot_break_out_of_its_script(mini_site) -> None:
    # Markup in a description fails the build (tests/test_untrusted.py); what plain text may hold stays exact.
    description = "A description where 1 < 2 & 3 > 2, with ‘quotes’, that still ends here and stays text."
    build = mini_site({"client/a.md": page_text("A", audience=None, description=description)})
    assert build.returncode == 0, build.output
    raw = (build.site_dir / "client/a/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.DOTALL).group(1)
    assert json.loads(block)["description"] == description


# Printing a page


@pytest.mark.browser
def test_a_printed_page_ends_with_its_address_review_date_and_licence(browser, site_build: Build, site_url) -> None:
    pypdf = pytest.importorskip("pypdf")
    page_path = "client/index.html"
    built = site_build.page(page_path)
    canonical = built.select_one('link[rel="canonical"]')["href"]
    reviewed = facts(built)["Last reviewed"].get_text(strip=True)
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_url + page_path.removesuffix("index.html"), wait_until="networkidle")
        page.emulate_media(media="print")
        assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
        assert page.locator(".page-meta__address").is_visible()
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    finally:
        context.close()
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", canonical) in flat, text[-800:]
    assert re.sub(r"\s+", "", reviewed) in flat, text[-800:]
    assert "CCBY-SA4.0" in flat, text[-800:]
    assert "Wasthispagehelpful" not in flat, "the feedback prompt is for screens only"


def test_print_stylesheet_is_loaded_on_every_page(site_build: Build) -> None:
    assert (ROOT / "docs" / "assets" / "print.css").is_file()
    for path in html_pages(site_build.site_dir):
        links = [link["href"] for link in site_build.page(path).select('link[rel="stylesheet"]')]
        assert any(href.endswith("assets/print.css") for href in links), path

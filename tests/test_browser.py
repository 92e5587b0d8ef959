"""The built site in a real Chromium: no errors, nothing fetched from elsewhere, zero axe violations."""

from __future__ import annotations

import pytest

from conftest import AXE_TAGS, VIEWPORTS, html_pages, visit

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe():
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


def search(page, query: str):
    """Type into the site search and return the first result (typing again while the index is still loading)."""
    box = page.get_by_role("textbox", name="Search")
    results = page.locator(".md-search-result__list > .md-search-result__item")
    for _ in range(20):
        box.fill("")
        box.fill(query)
        box.press("End")  # the theme reads the box on a key press, so a bare fill can go unseen
        page.wait_for_timeout(300)
        if results.count():
            break
    return results.first


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_is_clean_and_accessible(browser, axe, built_site, site_url, viewport, scheme) -> None:
    report = []
    for path in html_pages(built_site):
        url = site_url + ("no-such-page/" if path == "404.html" else path.removesuffix("index.html"))
        context, page, response, problems = visit(browser, url, viewport=viewport, scheme=scheme)
        try:
            assert response.status == (404 if path == "404.html" else 200), url
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == ("slate" if scheme == "dark" else "default"), f"{url}: scheme {shown}"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                problems.append(results.generate_report())
            if problems:
                report.append(f"{path} ({viewport}, {scheme}):\n  " + "\n  ".join(problems))
        finally:
            context.close()
    assert not report, "\n".join(report)


@pytest.mark.parametrize(
    ("query", "audience_folder", "label"),
    [("worksheet", "/client/", "For clients and families"), ("formulation", "/professional/", "For professionals")],
)
def test_search_finds_pages_and_says_who_they_are_for(browser, site_url, query, audience_folder, label) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    context, page, _, problems = visit(browser, site_url)
    try:
        first = search(page, query)
        assert audience_folder in first.locator("a").first.get_attribute("href")
        expect(first.locator(".md-tag").first).to_have_text(label)
        assert not problems, problems
    finally:
        context.close()


def test_theme_toggle_switches_scheme(browser, site_url) -> None:
    context, page, _, problems = visit(browser, site_url)
    try:
        page.locator("label.md-header__button[title='Switch to dark mode']:visible").click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert not problems, problems
    finally:
        context.close()


def test_help_now_numbers_are_big_enough_to_tap_on_a_phone(browser, site_url) -> None:
    """WCAG 2.2 target size: every tel: and sms: link on Help now is at least 24 by 24 CSS px at 390 px wide (we aim
    for 44), and the numbers read as text, not as a table that scrolls sideways."""
    context, page, _, problems = visit(browser, site_url + "help-now/", viewport="phone")
    try:
        links = page.locator("article a[href^='tel:'], article a[href^='sms:']")
        assert links.count() > 10
        small = []
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            if box is None or box["width"] < 44 or box["height"] < 44:
                small.append((links.nth(index).get_attribute("aria-label"), box))
        assert not small, small
        assert page.locator("article table a[href^='tel:']").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not problems, problems
    finally:
        context.close()

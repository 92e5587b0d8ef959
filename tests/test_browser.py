"""The built site in a real Chromium: no errors, nothing fetched from elsewhere, zero axe violations, and pages that
read well on a phone (nothing wider than the screen, safety text at body size, tap targets big enough)."""

from __future__ import annotations

import pytest

from conftest import VIEWPORTS, Tab, axe_violations, html_pages, visit

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
# Safety text: content notes, "Pause here", "This site cannot give emergency help" (admonitions), the answers in
# questions (details), the help-now box and the overdue-review notice. The panel's QR disclosure is not one of them.
SAFETY_TEXT = ".md-content .admonition, .md-content details:not(.download-panel__qr), .help-now, .review-notice"
# What a page looks like on the screen, measured in the page: sizes in CSS pixels.
LAYOUT = """(safety) => {
  const width = document.documentElement.clientWidth;
  const body = parseFloat(getComputedStyle(document.querySelector(".md-content .md-typeset")).fontSize);
  const hasText = (el) => [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
  const small = [...document.querySelectorAll(safety)]
    .flatMap((box) => [box, ...box.querySelectorAll("*")])
    .filter((el) => hasText(el) && !el.closest("code, sup, sub"))
    .filter((el) => parseFloat(getComputedStyle(el).fontSize) < body - 0.01)
    .map((el) => `${getComputedStyle(el).fontSize} "${el.textContent.trim().slice(0, 40)}"`);
  const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
  const outside = [...document.querySelectorAll(".md-main *")].filter((el) => {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 1 || box.left >= width) {
      return false;
    }
    for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (scrolls(parent)) {
        return false;
      }
    }
    return true;
  }).map((el) => `<${el.tagName} class="${el.className}"> ends at ${el.getBoundingClientRect().right}`);
  const tables = [...document.querySelectorAll(".table-scroll")]
    .filter((region) => region.scrollWidth > region.clientWidth + 1).length;
  const bracketAlone = (lead) => {
    const bracket = document.createRange();
    bracket.setStart(lead.firstChild, 0);
    bracket.setEnd(lead.firstChild, 1);
    return Math.abs(bracket.getBoundingClientRect().top - lead.querySelector("a").getClientRects()[0].top) > 2;
  };
  const brokenCitations = [...document.querySelectorAll(".citation-lead")].filter(bracketAlone).length;
  return {
    sideways: document.documentElement.scrollWidth - width, body, small, outside: outside.slice(0, 3), tables,
    brokenCitations,
  };
}"""
# WCAG 2.2, 2.5.8: a target is at least 24 by 24 CSS pixels, or a 24-pixel circle on its centre touches no other.
TARGETS = """() => {
  const boxes = [...document.querySelectorAll(".md-content a[href], .md-content button")]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
    .map((el) => ({name: el.textContent.trim().slice(0, 40), box: el.getBoundingClientRect()}));
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const gap = ([x, y], box) =>
    Math.hypot(Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const small = (box) => box.width < 24 || box.height < 24;
  const distance = (a, b) => Math.hypot(centre(a)[0] - centre(b)[0], centre(a)[1] - centre(b)[1]);
  const crowded = (box) => boxes.some((other) => other.box !== box
    && (small(other.box) ? distance(box, other.box) < 24 : gap(centre(box), other.box) < 12));
  return boxes.filter(({box}) => small(box) && crowded(box))
    .map(({name, box}) => `${name}: ${Math.round(box.width)} x ${Math.round(box.height)}`);
}"""



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
    """Every page in one viewport and colour scheme, in one tab."""
    report = []
    with Tab(browser, viewport=viewport, scheme=scheme) as tab:
        for path in html_pages(built_site):
            url = site_url + ("no-such-page/" if path == "404.html" else path.removesuffix("index.html"))
            response = tab.open(url, wait_until="load")
            page, problems = tab.page, tab.problems
            assert response.status == (404 if path == "404.html" else 200), url
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == ("slate" if scheme == "dark" else "default"), f"{url}: scheme {shown}"
            layout = page.evaluate(LAYOUT, SAFETY_TEXT)
            if layout["small"]:
                problems.append(f"safety text below the body's {layout['body']}px: {layout['small'][:3]}")
            if layout["sideways"] > 0 or layout["outside"]:
                problems.append(f"wider than the screen by {layout['sideways']}px: {layout['outside']}")
            if viewport == "phone" and layout["tables"]:
                problems.append(f"{layout['tables']} tables scroll sideways instead of fitting")
            if layout["brokenCitations"]:
                problems.append(f"{layout['brokenCitations']} citations split after their opening bracket")
            if violations := axe_violations(axe, page):
                problems.append(violations)
            page.wait_for_load_state("networkidle")  # every request the page makes is in `problems` by now
            if problems:
                report.append(f"{path} ({viewport}, {scheme}):\n  " + "\n  ".join(problems))
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


def test_every_link_on_help_now_is_big_enough_to_tap(browser, site_url) -> None:
    context, page, _, problems = visit(browser, site_url + "help-now/", viewport="phone")
    try:
        assert page.locator(".md-content a[href]").count() > 0
        too_small = page.evaluate(TARGETS)
        assert not too_small, f"targets under 24 by 24 px and crowded (WCAG 2.5.8): {too_small}"
        assert not problems, problems
    finally:
        context.close()

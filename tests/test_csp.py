"""Content-Security-Policy: a strict policy on every page that allows exactly its own inline scripts, and a site
that still works fully, with no violation, in a real browser."""

from __future__ import annotations

import base64
import hashlib
import importlib
import re
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import Build, assert_clean_failure, html_pages, page_text

REQUIRED = {
    "default-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'none'"},
    "img-src": {"'self'", "data:"},
    "style-src": {"'self'"},
}
JAVASCRIPT_TYPES = {None, "", "text/javascript", "application/javascript", "module"}
DESKTOP = {"width": 1366, "height": 900}
# Recorded before any page script runs, so nothing the page does can hide a violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${event.sample}`);
});
"""


def policy_of(page: BeautifulSoup) -> dict[str, list[str]]:
    """The page's <meta> policy as {directive: [sources]}."""
    metas = page.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, f"expected one policy, found {len(metas)}"
    directives = [part.split() for part in metas[0]["content"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(raw: str) -> list[str]:
    """The text of every inline script that runs, exactly as served (read from the raw file, not a parse tree)."""
    scripts = []
    for attributes, text in re.findall(r"<script(\s[^>]*)?>(.*?)</script>", raw, re.DOTALL | re.IGNORECASE):
        tag = BeautifulSoup(f"<script{attributes}></script>", "html.parser").script
        if tag.get("src") is None and tag.get("type") in JAVASCRIPT_TYPES:
            scripts.append(text)
    return scripts


# Every page of the real site


def test_every_page_has_a_strict_policy_first_in_its_head(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        page = site_build.page(path)
        head = [element for element in page.head.children if element.name]
        assert head[0].name == "meta" and head[0].get("charset"), f"{path}: the charset must come first"
        assert head[1].get("http-equiv") == "Content-Security-Policy", f"{path}: the policy must come next"
        assert head[2].get("name") == "referrer" and head[2]["content"] == "no-referrer", path
        policy = policy_of(page)
        for directive, sources in REQUIRED.items():
            assert set(policy.get(directive, [])) == sources, (path, directive, policy.get(directive))
        script_src = policy["script-src"]
        assert script_src[0] == "'self'", path
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"} & set(script_src), path
        assert "frame-ancestors" not in policy, f"{path}: frame-ancestors is ignored in <meta>; send it as a header"


def test_script_hashes_match_the_inline_scripts_exactly(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        raw = (site_build.site_dir / path).read_text(encoding="utf-8")
        scripts = inline_scripts(raw)
        assert scripts, f"{path}: expected the theme's inline scripts"
        hashes = {source for source in policy_of(site_build.page(path))["script-src"] if source.startswith("'sha")}
        assert hashes == {sha256(text) for text in scripts}, path


def test_no_inline_styles_or_event_handlers_slip_through(site_build: Build) -> None:
    for path in html_pages(site_build.site_dir):
        page = site_build.page(path)
        policy = policy_of(page)
        if page.select("[style]") or page.select("style"):
            assert len(policy["style-src"]) > 1, f"{path}: inline styles need their hashes"
        else:
            assert policy["style-src"] == ["'self'"], path
        handlers = [(el.name, attr) for el in page.find_all(True) for attr in el.attrs if attr.startswith("on")]
        assert not handlers, (path, handlers)


# Small sites: what the hook does with unusual pages


def test_style_attributes_are_allowed_by_hash_only(mini_site) -> None:
    text = page_text("A", audience=None) + '\n<p markdown="0"><span style="color: #00695c">Teal</span></p>\n'
    build = mini_site({"client/a.md": text})
    assert build.returncode == 0, build.output
    style_src = policy_of(build.page("client/a/index.html"))["style-src"]
    assert style_src == ["'self'", "'unsafe-hashes'", sha256("color: #00695c")]


def test_inline_event_handlers_fail_the_build_naming_the_file(mini_site) -> None:
    text = page_text("A", audience=None) + '\n<p><button type="button" onclick="go()">Go</button></p>\n'
    build = mini_site({"client/a.md": text})
    assert_clean_failure(build, "client/a.md", "line 12", "onclick")


def test_an_inline_script_in_a_page_fails_the_build_naming_the_file_and_line(mini_site) -> None:
    script = 'document.documentElement.dataset.ok = "yes";'
    build = mini_site({"client/a.md": page_text("A", audience=None) + f"\n<script>{script}</script>\n"})
    assert_clean_failure(build, "client/a.md", "line 12", "inline <script>")


# In the browser


def open_page(browser, url: str, **options):
    """A fresh page that records policy violations and CSP messages in the console."""
    context = browser.new_context(viewport=DESKTOP, **options)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and console.append(msg.text))
    return context, page, console


def violations(page, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__cspViolations"), *console]


@pytest.mark.browser
def test_no_page_violates_the_policy(browser, built_site, site_url) -> None:
    report = []
    context, page, console = open_page(browser, site_url)
    try:
        for path in html_pages(built_site):
            url = site_url + ("no-such-page/" if path == "404.html" else path.removesuffix("index.html"))
            page.goto(url, wait_until="networkidle")
            assert page.evaluate("typeof __md_get") == "function", f"{url}: the theme's inline script did not run"
            found = violations(page, console)
            if found:
                report.append(f"{path}: {found}")
            console.clear()
    finally:
        context.close()
    assert not report, "\n".join(report)


@pytest.mark.browser
def test_search_theme_toggle_forms_and_sharing_work_under_the_policy(browser, built_site, site_url) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    permissions = ["clipboard-read", "clipboard-write"]
    context, page, console = open_page(browser, site_url, color_scheme="light", permissions=permissions)
    try:
        page.goto(site_url, wait_until="networkidle")

        # Search runs in a Web Worker that loads the index: both must be allowed.
        # The theme reads the query on keyup (or just after focus), so a bare fill() can go unseen: press a key too.
        search = page.get_by_role("textbox", name="Search")
        search.fill("rescripting")
        search.press("End")
        expect(page.locator(".md-search-result__item a").first).to_be_visible(timeout=10_000)

        # The theme toggle is driven by the theme's bundle and an inline script.
        page.goto(site_url, wait_until="networkidle")
        page.locator("label.md-header__button[title='Switch to dark mode']:visible").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.reload(wait_until="networkidle")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")

        # A worksheet: typing and pressing Enter stays on the page (form-action 'none' would block a submission).
        worksheets = [p for p in html_pages(built_site) if BeautifulSoup(
            (built_site / p).read_text(encoding="utf-8"), "html.parser").select_one("form.worksheet input[type=text]")]
        if worksheets:
            page.goto(site_url + worksheets[0].removesuffix("index.html"), wait_until="networkidle")
            before = page.url
            field = page.locator("form.worksheet input[type=text]").first
            field.fill("My answer")
            field.press("Enter")
            page.wait_for_timeout(300)
            assert page.url == before and field.input_value() == "My answer"

        # The share panel's script is a file in docs/assets/: its copy button must work.
        page.goto(site_url + "client/", wait_until="networkidle")
        copy = page.locator("[data-share-copy]:visible").first
        if copy.count():
            copy.click()
            expect(page.locator("[data-share-status]").first).not_to_be_empty()
            assert page.evaluate("navigator.clipboard.readText()").startswith("http")

        assert not violations(page, console), violations(page, console)
        assert urlparse(page.url).netloc == urlparse(site_url).netloc
    finally:
        context.close()


def test_only_a_live_preview_allows_inline_scripts() -> None:
    csp = importlib.import_module("csp")
    security = importlib.import_module("handouts.security")
    code = security.InlineCode.of(
        '<head><meta charset="utf-8"><script>go()</script><script src="a.js"></script></head>'
    )
    assert code.scripts == ["go()"]
    try:
        csp.on_startup(command="build", dirty=False)
        assert "script-src 'self' " + sha256("go()") + ";" in security.policy(code)
        csp.on_startup(command="serve", dirty=False)
        assert "script-src 'self' 'unsafe-inline';" in security.policy(code)
    finally:
        security.STATE.serving = False

"""Worksheet forms on the web: accessible HTML from ```form blocks, clean build failures, and a real browser."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlparse

import pytest

from conftest import Build, assert_clean_failure, axe_violations, page_text, worksheet_fields

FIELDS = worksheet_fields()
PAGES = sorted({field.page for field in FIELDS})
NOTE = "Nothing you type here is saved or sent."


def built_path(page: str) -> str:
    """'client/worksheet.md' -> 'client/worksheet/index.html'."""
    return page.removesuffix(".md").removesuffix("index").rstrip("/") + "/index.html"


def form_page(*blocks: str, title: str = "Worksheet") -> str:
    """A valid page (its audience from its folder) holding the given ```form blocks."""
    return page_text(title, audience=None) + "".join(f"\n```form\n{block.strip()}\n```\n" for block in blocks)


FORM_A = """
name: form-a
legend: Form A
fields:
  - name: same-name
    label: A question
    type: text
"""


# The real site


def test_the_docs_have_forms_for_both_audiences() -> None:
    assert {field.audience for field in FIELDS} >= {"client", "professional"}
    assert {field.type for field in FIELDS} == {"text", "longtext", "rating", "checkbox"}


@pytest.mark.parametrize("page", PAGES)
def test_every_field_has_a_visible_label_in_a_fieldset(site_build: Build, page: str) -> None:
    html = site_build.page(built_path(page))
    fields = [field for field in FIELDS if field.page == page]
    for field in fields:
        control = html.select_one(f'[name="{field.name}"]')
        assert control is not None, f"{page}: no control named {field.name}"
        label = html.select_one(f'label[for="{control["id"]}"]')
        assert label is not None and label.get_text(strip=True) == field.label, field.name
        fieldset = control.find_parent("fieldset")
        assert fieldset is not None and fieldset["id"] == field.form, field.name
        assert fieldset.find("legend", recursive=False).get_text(strip=True)
        assert control.find_parent("form", class_="worksheet") is not None, field.name


@pytest.mark.parametrize("page", PAGES)
def test_help_text_is_linked_with_aria_describedby(site_build: Build, page: str) -> None:
    html = site_build.page(built_path(page))
    for field in (field for field in FIELDS if field.page == page):
        control = html.select_one(f'[name="{field.name}"]')
        if field.help is None:
            assert not control.get("aria-describedby"), field.name
            continue
        help_element = html.find(id=control["aria-describedby"])
        assert help_element is not None and help_element.get_text(strip=True) == field.help, field.name


@pytest.mark.parametrize("page", PAGES)
def test_each_type_becomes_the_right_control(site_build: Build, page: str) -> None:
    html = site_build.page(built_path(page))
    for field in (field for field in FIELDS if field.page == page):
        control = html.select_one(f'[name="{field.name}"]')
        if field.type == "text":
            assert (control.name, control["type"]) == ("input", "text"), field.name
        elif field.type == "longtext":
            assert control.name == "textarea", field.name
        elif field.type == "checkbox":
            assert (control.name, control["type"]) == ("input", "checkbox"), field.name
        else:
            assert control.name == "select", field.name
            values = [option["value"] for option in control.find_all("option")]
            assert values == ["", *map(str, range(11))], field.name


@pytest.mark.parametrize("page", PAGES)
def test_forms_send_nothing_and_say_so(site_build: Build, page: str) -> None:
    html = site_build.page(built_path(page))
    forms = html.select("article form")
    assert forms
    for form in forms:
        assert "worksheet" in form["class"]
        assert not form.get("action"), "a worksheet must not send its answers anywhere"
        assert form["method"] == "dialog", "Enter in a field must not submit the form"
        assert form["autocomplete"] == "off"
        assert not form.select('button, input[type="submit"], input[type="image"]')
    notes = html.select(".worksheet-note")
    assert len(notes) == 1 and NOTE in notes[0].get_text(" ", strip=True)


def test_field_names_are_unique_in_each_audience() -> None:
    names = defaultdict(list)
    for field in FIELDS:
        names[field.audience, field.name].append(field.page)
    assert not [key for key, pages in names.items() if len(pages) > 1]


# Small sites: what authors can get wrong


def test_a_form_in_a_small_site_builds_cleanly(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A)})
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    html = build.page("client/a/index.html")
    assert html.select_one('form.worksheet fieldset#form-a label[for="field-same-name"]').get_text() == "A question"


def test_form_blocks_inside_other_fences_stay_code(mini_site) -> None:
    example = "\n````markdown\n```form\nname: example\nlegend: Example\nfields: []\n```\n````\n"
    build = mini_site({"client/a.md": page_text("A", audience=None) + example})
    assert build.returncode == 0, build.output
    html = build.page("client/a/index.html")
    assert not html.select("article form")
    assert "```form" in html.select_one("article pre").get_text()


def test_the_same_field_name_on_two_pages_of_one_audience_fails(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A), "client/b.md": form_page(FORM_A.replace("form-a", "form-b"))})
    assert_clean_failure(build, "client/b.md", "same-name", "client/a.md")


def test_the_same_field_name_in_two_audiences_is_fine(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A), "professional/b.md": form_page(FORM_A, title="Pro")})
    assert build.returncode == 0, build.output


def test_a_duplicate_field_name_on_one_page_fails(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A, FORM_A.replace("form-a", "form-b"))})
    assert_clean_failure(build, "client/a.md", "same-name")


def test_an_unknown_field_type_fails_naming_the_file(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A.replace("type: text", "type: slider"))})
    assert_clean_failure(build, "client/a.md", "'type'", "slider")


def test_a_missing_label_fails_naming_the_file(mini_site) -> None:
    build = mini_site({"client/a.md": form_page(FORM_A.replace("    label: A question\n", ""))})
    assert_clean_failure(build, "client/a.md", "'label'")


def test_broken_yaml_fails_naming_the_file_and_line(mini_site) -> None:
    text = form_page("name: [unclosed\nlegend: x")
    line = text.split("\n").index("```form") + 1
    build = mini_site({"client/a.md": text})
    assert_clean_failure(build, "client/a.md", f"line {line}", "YAML")


def test_two_forms_with_one_name_on_a_page_fail(mini_site) -> None:
    second = FORM_A.replace("same-name", "other-name")
    build = mini_site({"client/a.md": form_page(FORM_A, second)})
    assert_clean_failure(build, "client/a.md", "form-a")


# In a real browser



@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_the_form_is_fillable_by_label_and_sends_nothing(browser, site_url, page_path) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        url = site_url + built_path(page_path).removesuffix("index.html")
        page.goto(url, wait_until="networkidle")
        requests.clear()
        for field in (field for field in FIELDS if field.page == page_path):
            # Within its fieldset: a label can repeat in another group (before and after ratings).
            control = page.locator(f"fieldset#{field.form}").get_by_label(field.label, exact=True)
            if field.type == "checkbox":
                control.check()
                expect(control).to_be_checked()
            elif field.type == "rating":
                control.select_option("7")
                expect(control).to_have_value("7")
            else:
                control.fill("the kitchen")
                expect(control).to_have_value("the kitchen")
        # Enter in a single-line field would submit an ordinary form; a worksheet stays put and keeps its answers.
        text_field = next(field for field in FIELDS if field.page == page_path and field.type == "text")
        text_control = page.locator(f"fieldset#{text_field.form}").get_by_label(text_field.label, exact=True)
        text_control.press("Enter")
        page.wait_for_timeout(300)
        assert urlparse(page.url).query == "" and page.url == url
        expect(text_control).to_have_value("the kitchen")
        assert not [request for request in requests if "kitchen" in request], requests
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_worksheet_forms_have_no_axe_violations(browser, axe, site_url, page_path, scheme) -> None:
    """The forms and their note; test_browser.py scans every whole page."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url + built_path(page_path).removesuffix("index.html"), wait_until="networkidle")
        # Focus a field so its focus style is on screen too.
        page.locator("form.worksheet input, form.worksheet textarea").first.focus()
        scope = {"include": [["form.worksheet"], [".worksheet-note"]]}
        assert not (violations := axe_violations(axe, page, context=scope)), violations
    finally:
        context.close()

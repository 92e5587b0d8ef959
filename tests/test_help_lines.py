"""Crisis and help lines: one checked data file, and the same numbers on the Help now page, in the client PDF and in
the client deck, each number a tel: or sms: link named after its service on the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from handouts import help_lines
from mkdocs.exceptions import PluginError

from conftest import ROOT, Build, assert_clean_failure, load_config, page_text

DATA = ROOT / load_config()["extra"]["help_lines"]
COUNTRIES = help_lines.load_help_lines(DATA)
LINES = [line for country in COUNTRIES for line in country.lines]
# Every number the file holds, as people read it ("116 123").
NUMBERS = {n.number for country in COUNTRIES for n in country.emergency} | {
    n.number for line in LINES for n in line.numbers
}
# Phone-like runs of digits in text: three or more digits, groups joined by single spaces.
PHONE_LIKE = re.compile(r"(?<![\d.,])(?:\d{3,}(?: \d+)*|\d{2,}(?: \d+)+)(?![\d%]|[.,]\d)")


def flat(text: str) -> str:
    """Text with every run of white space made one space."""
    return " ".join(text.split())


def phone_like(text: str) -> set[str]:
    """The phone-like numbers in some text, longest match first so '116 123' is one number, not two."""
    return {match.group(0) for match in PHONE_LIKE.finditer(text)}


def test_the_data_file_holds_every_country_and_the_lines_the_issue_asks_for() -> None:
    names = {line.name for line in LINES}
    assert {country.name for country in COUNTRIES} >= {"United Kingdom", "Ireland", "United States", "Canada",
                                                       "Australia", "New Zealand"}
    assert "Lifeline" in names and any(line.area == "Northern Ireland" for line in LINES)
    assert "National Domestic Abuse Helpline" in names
    assert any("Rape Crisis" in name for name in names)
    for line in LINES:
        assert line.checked_at.startswith("https://"), line.name
        assert line.numbers, line.name


# The Help now page


@pytest.fixture(scope="module")
def help_now(site_build: Build) -> BeautifulSoup:
    return site_build.page("help-now/index.html").select_one("article")


def test_help_now_shows_the_numbers_first(help_now: BeautifulSoup) -> None:
    first_heading = help_now.find(["h2"])
    assert first_heading is not None and first_heading.get_text(strip=True).startswith(COUNTRIES[0].name)
    assert help_now.select_one(".help-lines") is not None


def test_every_line_of_the_file_is_on_the_help_now_page(help_now: BeautifulSoup) -> None:
    links = {(a["href"], a.get("aria-label", "")) for a in help_now.select("a[href^='tel:'], a[href^='sms:']")}
    for country in COUNTRIES:
        for number in country.emergency:
            assert any(href == number.href and country.name in label for href, label in links), (country.name, number)
        for line in country.lines:
            for number in line.numbers:
                assert (number.href, label_of(line, number)) in links, (line.label, number.number)


def test_every_number_on_the_help_now_page_comes_from_the_file(help_now: BeautifulSoup) -> None:
    for link in help_now.select("a[href^='tel:'], a[href^='sms:']"):
        assert link.get_text(strip=True) in NUMBERS, link
    text = flat(help_now.select_one(".help-lines").get_text(" "))
    assert phone_like(text) <= NUMBERS, phone_like(text) - NUMBERS


def test_each_number_is_a_link_named_after_its_service(help_now: BeautifulSoup) -> None:
    for link in help_now.select("a[href^='tel:'], a[href^='sms:']"):
        label, shown = link.get("aria-label", ""), link.get_text(strip=True)
        assert label.startswith(("Call ", "Text ")), link
        assert shown in label, f"the accessible name must include the number shown: {link}"
    assert not help_now.select("table a[href^='tel:'], table a[href^='sms:']"), "numbers are not inside a table"


def label_of(line: help_lines.HelpLine, number: help_lines.Number) -> str:
    """The accessible name the template gives a number of a line."""
    if number.kind == "call":
        return f"Call {line.label} on {number.number}"
    if number.keyword:
        return f"Text {line.label}: send {number.keyword} to {number.number}"
    return f"Text {line.label} on {number.number}"


def test_client_pages_show_real_numbers_in_the_help_now_box(site_build: Build) -> None:
    box = site_build.page("client/index.html").select_one("aside.help-now")
    shown = {a.get_text(strip=True) for a in box.select("a[href^='tel:'], a[href^='sms:']")}
    assert shown and shown <= NUMBERS
    for country in COUNTRIES:
        assert {n.number for n in country.emergency} <= shown, country.name
        for line in country.short_lines:
            assert {n.number for n in line.numbers} <= shown, line.label


# The client PDF and the client deck


def test_the_client_pdf_lists_every_line_and_only_numbers_from_the_file(built_site: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(built_site / "downloads" / "imagery-rescripting-client-a4.pdf")
    text = flat(" ".join(page.extract_text() or "" for page in reader.pages))
    start = text.index("If you need help now")
    box = text[start:text.index("Anywhere else, a doctor", start)]
    for line in LINES:
        assert flat(line.label) in box, line.label
        for number in line.numbers:
            assert number.number in box, (line.label, number.number)
    for country in COUNTRIES:
        assert all(n.number in box for n in country.emergency), country.name
    assert phone_like(box) <= NUMBERS, phone_like(box) - NUMBERS


def test_the_client_deck_has_help_now_slides_with_every_line(built_site: Path) -> None:
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation(str(built_site / "downloads" / "imagery-rescripting-client.pptx"))
    slides = [slide for slide in deck.slides if slide.shapes.title is not None
              and slide.shapes.title.text.startswith("If you need help now")]
    assert slides, "no help-now slide in the client deck"
    assert list(deck.slides).index(slides[0]) == 1, "the help-now slides come straight after the title slide"
    cells = [flat(cell.text) for slide in slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]
    text = " | ".join(cells)
    for line in LINES:
        assert flat(f"{line.label}: {line.ways}") in text, line.label
    for country in COUNTRIES:
        assert country.name in cells, country.name
        assert all(n.number in text for n in country.emergency), country.name
    assert phone_like(text) <= NUMBERS, phone_like(text) - NUMBERS


def test_the_professional_deck_has_no_help_now_slide(built_site: Path) -> None:
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation(str(built_site / "downloads" / "imagery-rescripting-professional.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert not any(title.startswith("If you need help now") for title in titles)


# Bad data and bad markers fail cleanly, naming the file


def write_data(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "help-lines.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["countries"][0]["lines"][0].update(call=["116-123"]), "'116-123' is not a phone number"),
        (lambda d: d["countries"][0]["lines"][0].pop("checked_at"), "'checked_at'"),
        (lambda d: d["countries"][0]["lines"][0].update(call=[], text=None), "has no number to call or text"),
        (lambda d: d["countries"][0]["lines"][1]["text"].update(keyword="shout now"), "is not one word"),
        (lambda d: d["countries"][0]["lines"][0].update(phone="116 123"), "'phone'"),
        (lambda d: d["countries"][0]["emergency"].update(numbers=[]), "has no emergency number"),
    ],
)
def test_the_schema_rejects_a_bad_entry_naming_the_file_and_the_entry(tmp_path: Path, change, expected) -> None:
    path = write_data(tmp_path, change)
    with pytest.raises(PluginError) as error:
        help_lines.load_help_lines(path)
    message = str(error.value)
    assert str(path) in message and expected in message, message
    assert "United Kingdom" in message, message


def test_a_missing_data_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="Couldn't find the help lines file"):
        help_lines.load_help_lines(tmp_path / "nowhere.yml")


def test_an_unknown_marker_stops_the_build_naming_the_page(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A") + "\n<!-- help-lines-everywhere -->\n"})
    assert_clean_failure(build, "help-lines-everywhere", "client/a.md")

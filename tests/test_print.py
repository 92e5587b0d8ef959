"""Print quality of the real PDFs (issue 13): pages that are used, forms that photocopy, one reference list, no
screen-only text, crisis numbers wherever print says help now, a cover whose address stays in its box, and
checkboxes that every viewer draws. Read from the session build's PDFs (tests/conftest.py): no extra builds."""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handouts.help_lines import help_lines_path, load_help_lines

from conftest import ROOT, PdfEdition, load_config

pypdf = pytest.importorskip("pypdf")
Image = pytest.importorskip("PIL.Image")

CONFIG = load_config()
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 20 * MM, 18 * MM  # overrides/pdf/print.css, @page
# The share of its text area a page must use (the cover and the last page excepted). Not higher: the page before a
# worksheet, the help lines or the reference list may end a chapter short, since those start on a fresh page.
MIN_FILL = 0.15
# The pages a form may take: the client worksheet one double-sided sheet, the session record two pages.
FORM_PAGES = {"client": ("My worksheet", 2), "professional": ("Imagery rescripting session record", 2)}
HELP_NOW = re.compile(r"help now|crisis lines?|free lines", re.IGNORECASE)
# "(page 3)" after a link, or a line of the contents: "Getting help now ..... 38".
PAGE_REFERENCE = re.compile(r"\(page (\d+)\)|help now \.{3,} ?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float




@cache
def words(path: Path) -> list[list[Word]]:
    """Every word of every page with its box (poppler's pdftotext -bbox)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in BeautifulSoup(xhtml, "html.parser").find_all("page"):
        pages.append([
            Word(w.get_text(), *(float(w[key]) for key in ("xmin", "ymin", "xmax", "ymax")))
            for w in page.find_all("word")
        ])
    return pages


def fill(edition: PdfEdition, number: int) -> float:
    """How far down its text area page `number` (0-based) is used, by its lowest word or form field."""
    page = edition.reader.pages[number]
    height = float(page.mediabox.height)
    bottoms = [w.y1 for w in words(edition.path)[number] if w.y0 >= TOP_MARGIN and w.y1 <= height - BOTTOM_MARGIN]
    for annotation in page.get("/Annots", []) or []:
        rect = [float(v) for v in annotation.get_object()["/Rect"]]
        bottoms.append(height - min(rect[1], rect[3]))
    return (max(bottoms, default=TOP_MARGIN) - TOP_MARGIN) / (height - TOP_MARGIN - BOTTOM_MARGIN)


def widgets(reader) -> list:
    return [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object()["/Subtype"] == "/Widget"
    ]


# Pagination


def test_no_page_is_nearly_empty(edition: PdfEdition) -> None:
    last = len(edition.reader.pages) - 1
    sparse = {n + 1: round(fill(edition, n), 2) for n in range(1, last) if fill(edition, n) < MIN_FILL}
    assert not sparse, f"pages under {MIN_FILL:.0%} used: {sparse}"


def test_forms_take_the_pages_they_should(edition: PdfEdition) -> None:
    title, most = FORM_PAGES[edition.audience]
    outline = {item["/Title"]: edition.reader.get_destination_page_number(item) for item in edition.reader.outline
               if not isinstance(item, list)}
    titles = list(outline)
    first = outline[title]
    following = titles[titles.index(title) + 1]
    pages = outline[following] - first  # the next chapter starts on a fresh page after a form
    assert 1 <= pages <= most, f"{title}: {pages} pages"


def test_checkboxes_have_well_formed_rectangles_of_a_pen_size(edition: PdfEdition) -> None:
    boxes = [w for w in widgets(edition.reader) if w.get("/FT") == "/Btn"]
    if edition.audience == "client" or edition.audience == "professional":
        assert boxes
    for box in boxes:
        left, bottom, right, top = (float(v) for v in box["/Rect"])
        assert left < right and bottom < top, (box["/T"], box["/Rect"])
        assert 4 * MM <= right - left <= 5.2 * MM and 4 * MM <= top - bottom <= 5.2 * MM, box["/Rect"]


# What print says


def test_one_reference_list_at_the_end(edition: PdfEdition) -> None:
    titles = [item["/Title"] for item in edition.reader.outline if not isinstance(item, list)]
    lists = [t for t in titles if t in ("References", "Where this information comes from")]
    assert len(lists) == 1, titles
    assert titles.index(lists[0]) == len(titles) - 2  # then only the licence
    # Works are linked (DOIs) from their entry only: every such link sits in the one list at the end.
    start = next(edition.reader.get_destination_page_number(item) for item in edition.reader.outline
                 if not isinstance(item, list) and item["/Title"] == lists[0])
    doi_pages = [number for number, page in enumerate(edition.reader.pages)
                 for annotation in page.get("/Annots", []) or []
                 if "doi.org" in str(annotation.get_object().get("/A", {}).get("/URI", ""))]
    assert doi_pages and min(doi_pages) >= start, (start, sorted(set(doi_pages)))


def test_no_screen_only_text_in_print(edition: PdfEdition) -> None:
    body = " ".join(edition.texts)
    for source in (ROOT / "docs" / edition.audience).glob("*.md"):
        for sentence in screen_only_sentences(source):
            assert sentence not in body, f"{source.name}: {sentence!r}"
    assert "Choose 0 to 10" not in body


def test_every_page_that_says_help_now_gives_the_numbers(edition: PdfEdition) -> None:
    numbers = {number.number for country in load_help_lines(help_lines_path_of()) for line in country.lines
               for number in line.numbers}
    texts = edition.texts
    has_numbers = [sum(number in text for number in numbers) >= 3 for text in texts]
    for index, text in enumerate(texts[1:], start=1):
        if not HELP_NOW.search(text) or has_numbers[index]:
            continue
        pointed = [int(a or b) for a, b in PAGE_REFERENCE.findall(text)]
        assert pointed and all(has_numbers[n - 1] for n in pointed), f"page {index + 1}: {text[:300]}"


def test_cover_address_sits_inside_its_box(edition: PdfEdition, tmp_path: Path) -> None:
    short_url = (CONFIG["site_url"] + edition.audience + "/").split("://", 1)[1].rstrip("/")
    cover_words = words(edition.path)[0]
    url_words = [w for w in cover_words if w.text in short_url and ("." in w.text or "/" in w.text)]
    assert url_words, [w.text for w in cover_words]
    left, top, right, bottom = panel_box(edition, tmp_path)
    for word in url_words:
        inside = left < word.x0 and word.x1 < right and top < word.y0 and word.y1 < bottom
        assert inside, (word, (left, top, right, bottom))


def test_client_cover_has_fillable_hand_over_fields(edition: PdfEdition) -> None:
    names = {str(w["/T"]) for w in widgets(edition.reader) if w.get("/P") == edition.reader.pages[0].indirect_reference}
    if edition.audience != "client":
        assert not names
        return
    assert names == {"cover-prepared-for", "cover-prepared-by", "cover-next-session", "cover-therapist-contact",
                     "cover-local-crisis-line"}
    # The cover is used: the hand-over fields fill what was empty.
    assert fill(edition, 0) > 0.85


def test_lines_are_about_75_characters_or_fewer(edition: PdfEdition) -> None:
    lengths = sorted(length for page in words(edition.path)[2:-1] for length in line_lengths(page))
    assert lengths and lengths[len(lengths) // 2] <= 75 and lengths[int(len(lengths) * 0.9)] <= 85, lengths[-20:]


# Helper functions


def help_lines_path_of() -> Path:
    class Config(dict):
        config_file_path = str(ROOT / "mkdocs.yml")

    config = Config(CONFIG)
    config.extra = CONFIG["extra"]
    return help_lines_path(config)


def screen_only_sentences(source: Path) -> list[str]:
    """The paragraphs a page marks `{ .screen-only }` in its Markdown."""
    lines = source.read_text(encoding="utf-8").splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.strip() == "{ .screen-only }" and index and lines[index - 1].strip():
            found.append(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", lines[index - 1].strip()))
    return found


def line_lengths(page: list[Word]) -> list[int]:
    """The characters of each line of running text: words on one baseline with no wide gap (a table's columns)."""
    lines: dict[float, list[Word]] = {}
    for word in page:
        lines.setdefault(round(word.y1), []).append(word)
    lengths = []
    for line in lines.values():
        line.sort(key=lambda word: word.x0)
        gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line)]
        if len(line) > 5 and max(gaps) < 12:
            lengths.append(sum(len(word.text) + 1 for word in line) - 1)
    return lengths


def panel_box(edition: PdfEdition, tmp_path: Path) -> tuple[float, float, float, float]:
    """The QR panel's border on the cover, in points from the top left: the longest accent-coloured lines of the
    rendered page below its title band."""
    prefix = tmp_path / "cover"
    dpi = 200
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(edition.path),
                    str(prefix)], check=True)
    image = Image.open(f"{prefix}.png").convert("RGB")
    width, height = image.size
    pixels = image.load()
    accent = pixels[width // 2, 5]  # the title band is the accent colour

    def is_accent(x: int, y: int) -> bool:
        return sum(abs(a - b) for a, b in zip(pixels[x, y], accent, strict=True)) < 60

    rows = [y for y in range(height // 2, height) if sum(is_accent(x, y) for x in range(width)) > width * 0.5]
    # The last two runs of such rows are the panel's top and bottom borders (a form above it has its own).
    runs = [y for index, y in enumerate(rows) if index == 0 or rows[index - 1] != y - 1]
    top, bottom = runs[-2], rows[-1]
    columns = [x for x in range(width) if sum(is_accent(x, y) for y in range(top, bottom)) > (bottom - top) * 0.6]
    left, right = min(columns), max(columns)
    scale = 72 / dpi
    return left * scale, top * scale, right * scale, bottom * scale


# The browser's own print of a web page


@pytest.mark.parametrize(("path", "most"), [("client/worksheet/", 4), ("professional/session-record/", 6)])
def test_the_browser_prints_a_form_to_write_on(browser, site_url: str, tmp_path: Path, path: str, most: int) -> None:
    from conftest import visit

    visit_ = visit(browser, site_url + path)
    printed = tmp_path / "printed.pdf"
    visit_.page.pdf(path=str(printed), format="Letter")
    visit_.context.close()
    reader = pypdf.PdfReader(printed)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) <= most, len(reader.pages)
    assert "0 1 2 3 4 5 6 7 8 9 10" in text  # a rating to circle
    assert "Choose 0 to 10" not in text
    for hidden in ("Download or send", "Skip to content", "Search"):
        assert hidden not in text, hidden
    # Sections share pages: no page but the last is left mostly empty.
    for number, page_words in enumerate(words(printed)[:-1]):
        height = float(reader.pages[number].mediabox.height)
        assert max(word.y1 for word in page_words) > height / 2, f"page {number + 1} is mostly empty"

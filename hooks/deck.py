"""python-pptx, and only python-pptx: the pages of one audience become an editable 16:9 slide deck.

Not a hook: hooks/slides.py imports it, and so could a post-build script of another site generator. The input is
plain data (a `DeckSpec`, made from each page's HTML with `Outline.from_html`), so the same pages always give the
same deck, and `fingerprint` tells whether a cached deck is still good.

Every piece of text sits in a layout placeholder filled by `idx`, so a presenter can edit it and restyle the whole
deck from the slide master. Nothing here decides what the deck says: that comes from the pages.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from itertools import zip_longest
from pathlib import Path

import downloads_common
import lxml.html
import pptx
import qr
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

# Helper functions: reading a page


@dataclass(frozen=True)
class Item:
    """One bullet of a slide (empty `text` for content that only goes to the notes) and the full text behind it."""

    text: str
    note: str
    level: int = 0
    number: int | None = None  # position in an ordered list, so the slide keeps the numbering


@dataclass(frozen=True)
class Section:
    """A heading of a page (h1 or h2) and what follows it up to the next one."""

    level: int
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Outline:
    """What a deck takes from one page: its sections in order, and the references it cites."""

    sections: tuple[Section, ...]
    references: tuple[str, ...]
    references_title: str = ""  # the heading of the page's own reference list, e.g. "References"

    @classmethod
    def from_html(cls, html: str) -> Outline:
        """Split the HTML of a page (page.content) at its h1 and h2 headings."""
        root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        for permalink in by_class(root, "headerlink", "a"):
            permalink.drop_tree()
        boxes = by_class(root, "references")
        references = tuple(text_of(li) for box in boxes for li in box.iter("li"))
        headings = [text_of(heading) for box in boxes for heading in box.xpath(".//h2 | .//h3")]
        sections: list[tuple[int, str, list[Item]]] = []
        for element in top_level_blocks(root):
            if element.tag in SECTION_TAGS:
                sections.append((SECTION_TAGS[element.tag], text_of(element), []))
            elif sections:
                sections[-1][2].extend(items_of(element, 0))
        return cls(
            tuple(Section(level, title, tuple(items)) for level, title, items in sections),
            references,
            headings[0] if headings else "",
        )


def top_level_blocks(root: lxml.html.HtmlElement) -> Iterable[lxml.html.HtmlElement]:
    """The blocks of a page in order, looking inside plain wrappers (md_in_html divs) that hold headings."""
    for element in root:
        if not isinstance(element.tag, str) or is_skipped(element):
            continue
        if element.tag in ("div", "section") and not is_box(element) and element.xpath(".//h1 | .//h2"):
            yield from top_level_blocks(element)
        else:
            yield element


def items_of(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """The bullets one block of HTML gives, by its kind."""
    if not isinstance(element.tag, str) or is_skipped(element):
        return []
    for matches, reader in READERS:
        if matches(element):
            return reader(element, min(level, MAX_LEVEL))
    return paragraph_items(element, level)


def paragraph_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A paragraph gives its opening sentences as a bullet; the whole paragraph goes to the notes."""
    text = text_of(element)
    return [Item(key_text(text), text, level)] if text else []


def list_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """Each list item is a bullet, nested lists one level down; ordered lists keep their numbers."""
    ordered = element.tag == "ol"
    start = int(element.get("start", "1")) if (element.get("start") or "").isdigit() else 1
    items: list[Item] = []
    for position, li in enumerate(element.findall("li"), start=start):
        own = copy.deepcopy(li)
        for nested in [child for child in own if child.tag in LIST_TAGS]:
            nested.drop_tree()
        text = text_of(own)
        if text:
            items.append(Item(key_text(text), text, level, position if ordered else None))
        for nested in [child for child in li if child.tag in LIST_TAGS]:
            items.extend(list_items(nested, min(level + 1, MAX_LEVEL)))
    return items


def heading_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A minor heading (h3 to h6) is a bullet of its own."""
    text = text_of(element)
    return [Item(key_text(text), text, level)] if text else []


def admonition_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A note or tip is one bullet, 'Title: opening sentences'."""
    title_element = first(by_class(element, "admonition-title"))
    title = text_of(title_element) if title_element is not None else ""
    body = " ".join(text_of(child) for child in element if child is not title_element)
    body = " ".join(body.split())
    text = f"{title}: {body}" if title and body else title or body
    note = f"{title}. {body}" if title and body else text
    return [Item(key_text(text), note, level)] if text else []


def details_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A collapsible question is a bullet, with its answer's opening sentences one level down."""
    summary = first(element.findall("summary"))
    question = text_of(summary) if summary is not None else ""
    answer = " ".join(" ".join(text_of(child) for child in element if child is not summary).split())
    items = [Item(key_text(question), question, level)] if question else []
    if answer:
        items.append(Item(key_text(answer), answer, min(level + 1, MAX_LEVEL)))
    return items


def table_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """Each table row is a bullet; the notes read each cell with its column heading."""
    headers = [text_of(th) for th in element.xpath(".//thead//th")]
    items = []
    for row in element.xpath(".//tbody/tr") or element.xpath(".//tr")[1:]:
        cells = [text_of(cell) for cell in row if isinstance(cell.tag, str)]
        if not any(cells):
            continue
        labelled = [f"{header}: {cell}" if header else cell for header, cell in zip_longest(headers, cells) if cell]
        first_cell, *others = [cell for cell in cells if cell]
        text = f"{first_cell}: {'; '.join(others)}" if others else first_cell
        items.append(Item(key_text(text), ". ".join(labelled), level))
    return items


def form_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A worksheet is its group titles with their questions one level down; help texts go to the notes."""
    items = []
    for fieldset in element.iter("fieldset"):
        legend = first(fieldset.findall("legend"))
        if legend is not None and text_of(legend):
            items.append(Item(key_text(text_of(legend)), text_of(legend), level))
        for label in fieldset.iter("label"):
            helps = [text_of(p) for p in by_class(label.getparent(), "worksheet__help")]
            note = " ".join([text_of(label), *helps])
            items.append(Item(key_text(text_of(label)), note, min(level + 1, MAX_LEVEL)))
    return items


def container_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """A plain wrapper (div, blockquote, tabs) gives the bullets of what it holds."""
    items = [item for child in element for item in items_of(child, level)]
    if not items and text_of(element):
        return paragraph_items(element, level)
    return items


def notes_only_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """Code and other preformatted text stays off the slide but goes to the notes."""
    text = element.text_content().strip()
    return [Item("", text, level)] if text else []


def no_items(element: lxml.html.HtmlElement, level: int) -> list[Item]:
    """Pictures, rules and scripts give nothing."""
    return []


def text_of(element: lxml.html.HtmlElement | None) -> str:
    """The visible text of an element on one line."""
    if element is None:
        return ""
    return " ".join(element.text_content().split())


def key_text(text: str, limit: int | None = None) -> str:
    """As many opening sentences as fit in `limit` characters; a long first sentence is cut at a word."""
    limit = limit or BULLET_CHARS
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if len(kept) >= limit // 3:
        return kept
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def is_box(element: lxml.html.HtmlElement) -> bool:
    """Whether a div is an admonition, which reads as one bullet."""
    return "admonition" in element.classes


def is_skipped(element: lxml.html.HtmlElement) -> bool:
    """Whether a block belongs to the web page only (the reference list, screen-reader-only text)."""
    return bool(set(element.classes) & SKIPPED_CLASSES)


def by_class(element: lxml.html.HtmlElement, name: str, tag: str = "*") -> list[lxml.html.HtmlElement]:
    """Descendants of an element that have a class (lxml's CSS selectors need a package we do not install)."""
    return element.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def first(elements: list) -> lxml.html.HtmlElement | None:
    """The first of a list of elements, or None."""
    return elements[0] if elements else None


# Helper functions: planning the slides


@dataclass(frozen=True)
class SlideSpec:
    """One slide: which layout, its title, its body paragraphs and its speaker notes."""

    kind: str  # a key of LAYOUTS
    title: str
    body: tuple[Item, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class DeckSpec:
    """Everything a deck is made from, as plain data."""

    title: str
    subtitle: str  # the audience, e.g. "For clients and families"
    url: str  # the audience's web version: the closing slide's QR code and address
    edition: datetime.date
    site_name: str
    author: str
    subject: str
    keywords: str
    licence: str
    language: str
    pages: tuple[tuple[str, Outline], ...]  # (description, outline) of each page, in navigation order
    help_now: tuple[Item, ...] = ()  # crisis and help lines (data/help-lines.yml); empty for decks without them

    @property
    def all_references(self) -> tuple[str, ...]:
        """Every reference the pages cite, once each, in alphabetical order."""
        cited = {reference for _, outline in self.pages for reference in outline.references}
        return tuple(sorted(cited, key=str.casefold))

    @property
    def references_title(self) -> str:
        """What the pages call their reference lists (plain words for clients), or 'References'."""
        titles = [outline.references_title for _, outline in self.pages if outline.references_title]
        return titles[0] if titles else REFERENCES_TITLE


def plan(spec: DeckSpec) -> list[SlideSpec]:
    """The slides of a deck in order: title, each page's sections, references, and the closing slide."""
    slides = [title_slide(spec), *help_now_slides(spec.help_now)]
    for description, outline in spec.pages:
        for section in outline.sections:
            slides.extend(section_slides(section, description))
    slides.extend(reference_slides(spec.all_references, spec.references_title))
    slides.append(closing_slide(spec))
    return slides


def title_slide(spec: DeckSpec) -> SlideSpec:
    """The deck's title, audience, edition and address."""
    lines = (spec.subtitle, spec.site_name, f"Edition of {long_date(spec.edition)}")
    return SlideSpec("title", spec.title, tuple(Item(line, line) for line in lines), spec.subject)


def help_now_slides(items: tuple[Item, ...]) -> list[SlideSpec]:
    """Where to get help now, with every number, right after the title: over as many slides as the lines need."""
    chunks = paginate(list(items), BODY) if items else []
    return [
        SlideSpec("content", HELP_NOW_TITLE + (CONTINUED if index else ""), tuple(chunk), "\n\n".join(
            item.note for item in chunk))
        for index, chunk in enumerate(chunks)
    ]


def section_slides(section: Section, description: str) -> list[SlideSpec]:
    """Slides for one heading: a page (h1) opens with a section slide, then each heading gets the slides it needs."""
    items = list(section.items)
    slides = []
    if section.level == 1:
        opening = page_opening(items, description)
        slides.append(SlideSpec("section", section.title, (opening,), opening.note))
    if not any(item.text for item in items):
        notes = "\n\n".join(item.note for item in items if item.note)
        return slides if section.level == 1 and not notes else [
            *slides, SlideSpec("title_only", section.title, (), notes or section.title)]
    continued = section.level == 1
    for chunk in paginate(items, BODY):
        notes = "\n\n".join(item.note for item in chunk if item.note)
        title = f"{section.title}{CONTINUED}" if continued else section.title
        slides.append(SlideSpec("content", title, tuple(item for item in chunk if item.text), notes or title))
        continued = True
    return slides


def page_opening(items: list[Item], description: str) -> Item:
    """The text under a page's title slide: its first bullet (taken out of `items`), or else its description."""
    for index, item in enumerate(items):
        if item.text:
            del items[index]
            return Item(item.text, item.note, 0)
    return Item(description, description)


def reference_slides(references: tuple[str, ...], title: str) -> list[SlideSpec]:
    """The cited works, in a smaller type, over as many slides as they need."""
    items = [Item(reference, reference) for reference in references]
    chunks = paginate(items, REFERENCES) if items else []
    return [
        SlideSpec("references", title + (CONTINUED if index else ""), tuple(chunk), "\n\n".join(
            item.note for item in chunk))
        for index, chunk in enumerate(chunks)
    ]


def closing_slide(spec: DeckSpec) -> SlideSpec:
    """Where to read the guide online, with a QR code of the address, and the licence."""
    body = (Item(CLOSING_HINT, CLOSING_HINT), Item(spec.url, spec.url, 1), Item(spec.licence, spec.licence))
    notes = f"Scan the QR code or go to {spec.url} for the web version, the PDFs and this deck. {spec.licence}"
    return SlideSpec("closing", CLOSING_TITLE, tuple(item for item in body if item.text), notes)


@dataclass(frozen=True)
class Budget:
    """How much text fits in a body placeholder at the master's type size."""

    bullets: int
    lines: float
    chars_per_line: int


def paginate(items: list[Item], budget: Budget) -> list[list[Item]]:
    """Split items into as few slides as the budget allows, with the bullets spread evenly over them."""
    chunks = fill(items, budget)
    if len(chunks) > 1:
        bullets = sum(1 for item in items if item.text)
        balanced = fill(items, replace(budget, bullets=math.ceil(bullets / len(chunks))))
        if len(balanced) == len(chunks):
            return balanced
    return chunks


def fill(items: list[Item], budget: Budget) -> list[list[Item]]:
    """Fill slides in turn up to the budget; a parent bullet never ends a slide without its first child."""
    chunks: list[list[Item]] = [[]]
    used = 0.0
    for item in items:
        cost = lines_of(item, budget)
        chunk = chunks[-1]
        bullets = sum(1 for i in chunk if i.text)
        if item.text and bullets and (bullets >= budget.bullets or used + cost > budget.lines):
            carried = carry_parent(chunk, item)
            chunks.append(carried)
            used = sum(lines_of(i, budget) for i in carried)
        chunks[-1].append(item)
        used += cost
    return [chunk for chunk in chunks if any(i.text for i in chunk)] or [chunks[0]]


def carry_parent(chunk: list[Item], item: Item) -> list[Item]:
    """Move a parent bullet to the next slide when its first child would start that slide."""
    bullets = [i for i in chunk if i.text]
    if item.level > 0 and len(bullets) > 1 and bullets[-1].level < item.level and chunk[-1] is bullets[-1]:
        return [chunk.pop()]
    return []


def lines_of(item: Item, budget: Budget) -> float:
    """Estimated lines an item takes, with the space between paragraphs."""
    if not item.text:
        return 0.0
    width = budget.chars_per_line - INDENT_CHARS * item.level
    return math.ceil(len(item.text) / width) + PARAGRAPH_GAP


def long_date(day: datetime.date) -> str:
    """A date as people write it, e.g. '26 November 2026'."""
    return f"{day.day} {day:%B %Y}"


# Helper functions: writing the deck


def fingerprint(spec: DeckSpec) -> str:
    """A hash of everything that decides the deck: its content, this module and python-pptx's version."""
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(spec), default=str, sort_keys=True).encode("utf-8"))
    for module in (__file__, qr.__file__):
        digest.update(Path(module).read_bytes())
    digest.update(f"{pptx.__version__} {qr.segno.__version__}".encode("ascii"))
    return digest.hexdigest()


def write_deck(spec: DeckSpec, target: Path) -> int:
    """Make the deck at `target`, atomically; return its number of slides."""
    presentation = widescreen(Presentation(), spec.language)
    slides = plan(spec)
    for slide_spec in slides:
        add_slide(presentation, slide_spec, spec)
    set_properties(presentation, spec)
    downloads_common.write_atomically(target, presentation.save)
    return len(slides)


def widescreen(presentation: pptx.presentation.Presentation, language: str) -> pptx.presentation.Presentation:
    """Make the default template 16:9 with its placeholders still centred, and set type sizes and colours."""
    factor = WIDTH / presentation.slide_width
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    master = presentation.slide_master
    for part in (master, *master.slide_layouts):
        for offset in part.element.iter(qn("a:off")):
            offset.set("x", str(round(int(offset.get("x")) * factor)))
        for extent in part.element.iter(qn("a:ext")):
            if extent.get("cx") is not None:
                extent.set("cx", str(round(int(extent.get("cx")) * factor)))
    style_master(master.element, language)
    restyle_layouts(presentation.slide_layouts)
    return presentation


def style_master(master: etree._Element, language: str) -> None:
    """Type sizes for text-heavy slides, the site's colour for titles and the language for spelling and speech."""
    styles = master.find(qn("p:txStyles"))
    for path, size in MASTER_SIZES.items():
        for properties in styles.iterfind(path, NAMESPACES):
            properties.set("sz", str(size * 100))
    for properties in styles.iter(qn("a:defRPr")):
        properties.set("lang", language)
    title = styles.find("p:titleStyle/a:lvl1pPr/a:defRPr", NAMESPACES)
    fill = title.find(qn("a:solidFill"))
    fill.clear()
    etree.SubElement(fill, qn("a:srgbClr"), val=TITLE_COLOUR)


def restyle_layouts(layouts: pptx.slide.SlideLayouts) -> None:
    """Full-contrast text, a plain section header with its title above the text, master sizes for two columns."""
    for layout in layouts:
        for tint in list(layout.element.iter(qn("a:tint"))):
            tint.getparent().remove(tint)
    section = layouts.get_by_name(LAYOUTS["section"])
    for idx, (top, height, anchor) in SECTION_BOXES.items():
        placeholder = section.placeholders[idx]
        placeholder.top, placeholder.height = Emu(top), Emu(height)
        placeholder.text_frame._bodyPr.set("anchor", anchor)
        forget_sizes(placeholder.element, ("cap", "b", "sz"))
    forget_sizes(layouts.get_by_name(LAYOUTS["closing"]).element, ("sz",))
    title = layouts.get_by_name(LAYOUTS["title"]).placeholders[TITLE_IDX]
    level = etree.SubElement(title.element.find(".//" + qn("a:lstStyle")), qn("a:lvl1pPr"))
    etree.SubElement(level, qn("a:defRPr"), sz=str(COVER_TITLE_SIZE * 100))


def forget_sizes(element: etree._Element, attributes: tuple[str, ...]) -> None:
    """Drop a layout's own text attributes so its text follows the master."""
    for properties in element.iter(qn("a:defRPr")):
        for attribute in attributes:
            properties.attrib.pop(attribute, None)


def add_slide(presentation: pptx.presentation.Presentation, slide_spec: SlideSpec, spec: DeckSpec) -> None:
    """Add one slide on its layout and fill its placeholders by idx."""
    layout = presentation.slide_layouts.get_by_name(LAYOUTS[slide_spec.kind])
    slide = presentation.slides.add_slide(layout)
    slide.placeholders[TITLE_IDX].text_frame.text = slide_spec.title
    if slide_spec.body:
        fill_body(slide.placeholders[BODY_IDX].text_frame, slide_spec)
    if slide_spec.kind == "closing":
        add_qr_picture(slide, slide.placeholders[PICTURE_IDX], spec.url)
    slide.notes_slide.notes_text_frame.text = slide_spec.notes


def fill_body(frame: pptx.text.text.TextFrame, slide_spec: SlideSpec) -> None:
    """Write the bullets, keeping list levels and numbering; references are set smaller."""
    for index, item in enumerate(slide_spec.body):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = item.level
        run = paragraph.add_run()
        run.text = item.text
        if slide_spec.kind == "references":
            run.font.size = Pt(REFERENCES_SIZE)
        if item.number is not None:
            properties = paragraph._p.get_or_add_pPr()
            etree.SubElement(properties, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(item.number))


def add_qr_picture(slide: pptx.slide.Slide, placeholder: pptx.shapes.placeholder.SlidePlaceholder, url: str) -> None:
    """Put a square QR code of `url` where the layout's second column is, with alternative text."""
    left, top, width, height = placeholder.left, placeholder.top, placeholder.width, placeholder.height
    placeholder.element.getparent().remove(placeholder.element)
    image = io.BytesIO()
    qr.make(url).save(image, kind="png", scale=QR_SCALE, border=4, dark=qr.DARK, light=qr.LIGHT)
    image.seek(0)
    side = min(width, height)
    picture = slide.shapes.add_picture(image, left + (width - side) // 2, top + (height - side) // 2, side, side)
    picture.name = "QR code"
    picture._element.nvPicPr.cNvPr.set("descr", f"QR code of {url}")


def set_properties(presentation: pptx.presentation.Presentation, spec: DeckSpec) -> None:
    """Title, author, subject, keywords, language and the edition date, for file browsers and search."""
    properties = presentation.core_properties
    properties.title = f"{spec.title} ({spec.subtitle})"
    properties.author = spec.author
    properties.last_modified_by = spec.author
    properties.subject = spec.subject
    properties.keywords = spec.keywords
    properties.language = spec.language
    properties.category = spec.subtitle
    properties.revision = 1
    edition = datetime.datetime.combine(spec.edition, datetime.time())
    properties.created = properties.modified = edition


# Data

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}

# Reading pages
SECTION_TAGS = {"h1": 1, "h2": 2}
LIST_TAGS = ("ul", "ol")
MAX_LEVEL = 1  # bullets and one level of sub-bullets
BULLET_CHARS = 140  # a bullet longer than this keeps its opening sentences; the notes keep it all
# A sentence ends at . ! or ? (perhaps inside quotes or brackets) after a letter, never after a number ("1. Find").
SENTENCE_END = re.compile(r"(?:(?<=[^\d\s][.!?])|(?<=[^\d\s][.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
SKIPPED_CLASSES = {"references", "md-visually-hidden", "visually-hidden", "headerlink", "download-panel"}
READERS: list[tuple[Callable[[lxml.html.HtmlElement], bool], Callable[..., list[Item]]]] = [
    (lambda e: e.tag in LIST_TAGS, list_items),
    (lambda e: e.tag in ("h3", "h4", "h5", "h6"), heading_items),
    (lambda e: e.tag == "div" and is_box(e), admonition_items),
    (lambda e: e.tag == "details", details_items),
    (lambda e: e.tag == "table", table_items),
    (lambda e: e.tag == "form", form_items),
    (lambda e: e.tag in ("pre", "code"), notes_only_items),
    (lambda e: e.tag in ("img", "hr", "script", "style", "svg", "figure", "input", "br", "template"), no_items),
    (lambda e: e.tag in ("div", "blockquote", "section", "dl"), container_items),
]

# Planning slides
CONTINUED = " (continued)"
REFERENCES_TITLE = "References"
CLOSING_TITLE = "Read, print and share"
HELP_NOW_TITLE = "If you need help now"
CLOSING_HINT = "Scan the code with a phone camera, or go to:"
BODY = Budget(bullets=7, lines=11, chars_per_line=62)  # body text at 24 pt in a 12-inch placeholder
REFERENCES = Budget(bullets=7, lines=17, chars_per_line=96)  # references at REFERENCES_SIZE
REFERENCES_SIZE = 16  # points
INDENT_CHARS = 6  # a sub-bullet's indent, in characters
PARAGRAPH_GAP = 0.25  # space before each paragraph, in lines

# Writing decks: 16:9 in EMU, the default template's layout names and placeholder idx values
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)
LAYOUTS = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "title_only": "Title Only",
    "references": "Title and Content",
    "closing": "Two Content",
}
TITLE_IDX, BODY_IDX, PICTURE_IDX = 0, 1, 2  # PICTURE_IDX: the closing slide's second column, where the QR code goes
# Section header: title box above the description, as (top, height, anchor) by placeholder idx, in EMU
SECTION_BOXES = {TITLE_IDX: (1600200, 1828800, "b"), BODY_IDX: (3566160, 1600200, "t")}
COVER_TITLE_SIZE = 44  # points
MASTER_SIZES = {  # points, by text style level
    "p:titleStyle/a:lvl1pPr/a:defRPr": 36,
    "p:bodyStyle/a:lvl1pPr/a:defRPr": 24,
    "p:bodyStyle/a:lvl2pPr/a:defRPr": 20,
    "p:bodyStyle/a:lvl3pPr/a:defRPr": 18,
}
TITLE_COLOUR = "00695C"  # the site's teal
QR_SCALE = 12  # pixels per module: sharp on a projector

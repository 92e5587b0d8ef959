"""What a deck says: the content model of an audience's pages made into a presentation, slide by slide.

A deck presents the handout; it is not the web page cut into slides. Each page gets a slide of its key points (its
sections' headings, each with one short, whole sentence), continued on a second slide only when it must; tables
become table slides with their header row; worksheet forms become worksheet slides with room to write; a content
note gets a slide of its own before the page it warns about; the full text of every slide goes to its notes.
handouts/deck.py draws the slides; text is measured here with the metrics of the deck's font, so nothing overflows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from PIL import ImageFont

from handouts.content import (
    Admonition,
    Block,
    Figure,
    Form,
    ListBlock,
    PageContent,
    Paragraph,
    Preformatted,
    Question,
    Run,
    Section,
    Table,
    Text,
    for_medium,
)

# Records


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0
    number: int | None = None  # position in an ordered list
    question: bool = False  # the question of a collapsible answer
    size: int | None = None  # points, when not the master's size for the level


@dataclass(frozen=True)
class Grid:
    """A table to draw: header rows, body rows and each column's share of the width."""

    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    row_heights: tuple[float, ...] = ()  # minimum heights of body rows in points (room to write)


@dataclass(frozen=True)
class SlideSpec:
    """One slide: its kind (the layout it uses), title, bullets or table, and speaker notes."""

    kind: str  # "title", "content", "note", "table", "worksheet", "references", "closing"
    title: str
    bullets: tuple[Bullet, ...] = ()
    grid: Grid | None = None
    notes: str = ""


@dataclass(frozen=True)
class HelpLine:
    """One way to get help now: where, which service, and its numbers."""

    country: str
    service: str
    numbers: str


@dataclass(frozen=True)
class Labels:
    """The deck's own words, in the deck's language (English by default; handouts/deck_spec.py takes them from the
    interface text of overrides/partials/strings/<code>.html)."""

    content_note: str = "Content note"  # the title of the boxes that get a slide of their own
    continued: str = " (continued)"
    edition: str = ""  # "Edition of 26 November 2026"; empty: made from the date in English
    answer: str = "Your answer"
    checkbox: str = "\u2610 Yes"
    closing_title: str = "Read, print and share"
    closing_hint: str = "Scan the code with a phone camera, or go to:"


ENGLISH = Labels()


@dataclass(frozen=True)
class DeckSpec:
    """Everything one deck is made from: its facts and the content of its pages in order."""

    title: str
    subtitle: str
    url: str
    edition: datetime.date
    site_name: str
    author: str
    subject: str
    keywords: str
    licence: str
    language: str
    accent: str  # the audience's colour, "RRGGBB"
    pages: tuple[PageContent, ...]
    help_title: str = ""
    help_headers: tuple[str, ...] = ()
    help_lines: tuple[HelpLine, ...] = ()
    direction: str = "ltr"  # "rtl" for a language written right to left
    labels: Labels = ENGLISH


# Helper functions: the slides of a deck

Item = tuple[list[Bullet], str]  # bullets that stay on one slide, and their notes


def plan(spec: DeckSpec) -> list[SlideSpec]:
    """The slides in order: title, help now, each page's slides, references, and where to read it all."""
    slides = [title_slide(spec)]
    if spec.help_lines:
        slides.extend(help_now_slides(spec.help_title, spec.help_headers, spec.help_lines, spec.labels.continued))
    for page in spec.pages:
        slides.extend(page_slides(page, spec.labels))
    slides.extend(reference_slides(spec.pages, spec.labels))
    slides.append(closing_slide(spec))
    return slides


def title_slide(spec: DeckSpec) -> SlideSpec:
    lines = (spec.subtitle, spec.labels.edition or f"Edition of {long_date(spec.edition)}")
    return SlideSpec("title", spec.title, tuple(Bullet(line) for line in lines), notes=spec.subject)


def help_now_slides(title: str, headers: tuple[str, ...], lines: tuple[HelpLine, ...],
                    continued: str = ENGLISH.continued) -> list[SlideSpec]:
    """Crisis numbers as a table, a row per country: a column for each service named in `headers` after the first
    (its numbers alone), the other services with their names in the last column."""
    columns = list(headers[1:]) or [""]
    countries: dict[str, list[list[str]]] = {}
    for line in lines:
        cells = countries.setdefault(line.country, [[] for _ in columns])
        if line.service in columns[:-1]:
            cells[columns.index(line.service)].append(line.numbers)
        else:
            cells[-1].append(f"{line.service}: {line.numbers}" if line.service else line.numbers)
    rows = tuple((country, *("\n".join(cell) for cell in cells)) for country, cells in countries.items())
    notes = "\n".join(" ".join(line for line in (f"{country}:", *(" ".join(c) for c in cells))) for country, cells
                      in countries.items())
    return table_slides(title, (tuple(headers),), rows, notes, continued=continued)


def page_slides(page: PageContent, labels: Labels = ENGLISH) -> list[SlideSpec]:
    """A page's slides: content notes first, then its key points, tables and worksheets in page order."""
    notes_slides: list[SlideSpec] = []
    points: list[Point] = []
    extras: list[SlideSpec] = []
    for heading, blocks in section_groups(page):
        blocks = for_medium(blocks, MEDIUM)
        notes_slides.extend(content_note_slides(blocks, labels))
        notes = "\n\n".join(filter(None, [heading, *(notes_text(block) for block in blocks)]))
        own = [block for block in blocks if isinstance(block, (Table, Form))]
        points.append(Point(heading, key_points(blocks), notes, bool(own)))
        for block in own:
            if isinstance(block, Table):
                extras.extend(table_slides(heading or page.title, *table_grid(block), continued=labels.continued))
            else:
                extras.extend(worksheet_slides(block, labels))
    key = key_point_slides(page.title, points, labels.continued)
    sections_shown = [point for point in points[1:] if point.bullets or not point.has_own_slides]
    if extras and (not sections_shown or sum(bool(b) for b, _ in key_items(points)) < MIN_BULLETS):
        # Too little for a slide of its own: the page's text goes to the notes of its first table or worksheet.
        text = "\n\n".join(slide.notes for slide in key)
        extras[0] = replace(extras[0], notes=f"{text}\n\n{extras[0].notes}".strip())
        key = []
    return notes_slides + key + extras


@dataclass(frozen=True)
class Point:
    """What one section gives the page's key-point slide."""

    heading: str
    bullets: list[Bullet]
    notes: str
    has_own_slides: bool  # its tables or worksheets have slides of their own


def section_groups(page: PageContent) -> list[tuple[str, tuple[Block, ...]]]:
    """The page's opening (its h1 and text before the first h2), then each h2 with its h3 to h6 folded in."""
    groups: list[tuple[str, list[Block]]] = []
    for section in page.sections:
        if section.level <= 1 or not groups:
            if not groups:
                groups.append(("", []))
            groups[0][1].extend(section.blocks)
        elif section.level == 2:
            groups.append((section.title, list(section.blocks)))
        else:
            groups[-1][1].extend(minor_heading(section))
    return [(heading, tuple(blocks)) for heading, blocks in groups]


def minor_heading(section: Section) -> list[Block]:
    """An h3 (or lower) inside an h2: its title as a paragraph, then its blocks."""
    return [Paragraph(Text((Run(section.title),)), ""), *section.blocks]


def content_note_slides(blocks: tuple[Block, ...], labels: Labels) -> list[SlideSpec]:
    """A slide of its own for each 'Content note' box, shown before the material it warns about."""
    slides = []
    for block in blocks:
        if isinstance(block, Admonition) and block.title.strip().lower() == labels.content_note.lower():
            text = " ".join(notes_text(child) for child in block.blocks)
            bullets = tuple(Bullet(sentence) for sentence in sentences(text))
            slides.append(SlideSpec("note", block.title, bullets, notes=f"{block.title}. {text}"))
    return slides


def key_points(blocks: tuple[Block, ...]) -> list[Bullet]:
    """The short, whole sentences that sum up some blocks: the first of each paragraph, item and question."""
    bullets = []
    for block in blocks:
        if isinstance(block, Paragraph) and SENTENCE_CLOSE.search(block.text.plain()):  # not a heading or label
            bullets.extend(Bullet(s) for s in [key_sentence(block.text)] if s)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                sentence = key_sentence(item.text)
                if sentence:
                    bullets.append(Bullet(sentence, 0, number if block.ordered else None))
        elif isinstance(block, Question):
            bullets.extend(Bullet(s, question=True) for s in [key_sentence(block.question)] if s)
    return bullets


def key_point_slides(title: str, points: list[Point], continued: str) -> list[SlideSpec]:
    """A page's key points: each section's heading with its first key sentence, on as few slides as fit."""
    return pack(title, key_items(points), continued)


def key_items(points: list[Point]) -> list[Item]:
    """The groups of bullets of a page's key points, with their notes. A page without sections shows its
    questions, or else its opening sentences."""
    opening, sections = points[0], points[1:]
    items: list[Item] = []
    if sections:
        items.append(([], opening.notes))
        for point in sections:
            shown = [Bullet(point.heading)] + ([Bullet(point.bullets[0].text, 1)] if point.bullets else [])
            items.append((shown if point.bullets or not point.has_own_slides else [], point.notes))
    else:
        questions = [bullet for bullet in opening.bullets if bullet.question]
        items.extend(([bullet], "") for bullet in (questions or opening.bullets[:MAX_OPENING]))
        items.append(([], opening.notes))
    return items


def pack(title: str, items: list[Item], continued: str) -> list[SlideSpec]:
    """Fill as few slides as fit with groups of bullets, spread evenly; each group and its notes stay together."""
    if not any(bullets for bullets, _ in items):
        return []
    chunks = even_split(items, len(split_to_fit(items)))
    slides = []
    for index, chunk in enumerate(chunks):
        name = title if index == 0 else f"{title}{continued}"
        notes = "\n\n".join(notes for _, notes in chunk if notes) or name
        slides.append(SlideSpec("content", name, tuple(b for bullets, _ in chunk for b in bullets), notes=notes))
    return slides


def split_to_fit(items: list[Item]) -> list[list[Item]]:
    """Items on successive slides, first fit, each slide's bullets within the body's height."""
    chunks: list[list[Item]] = [[]]
    used = 0.0
    for item in items:
        cost = sum(bullet_height(b) for b in item[0])
        if any(bullets for bullets, _ in chunks[-1]) and cost and used + cost > body_height():
            chunks.append([])
            used = 0.0
        chunks[-1].append(item)
        used += cost
    return chunks


def even_split(items: list[Item], count: int) -> list[list[Item]]:
    """The items over `count` slides with about the same number of bullet groups on each, if that fits."""
    if count <= 1:
        return [items]
    shown = [index for index, (bullets, _) in enumerate(items) if bullets]
    size = -(-len(shown) // count)
    cuts = [shown[start] for start in range(size, len(shown), size)]
    chunks = [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)], strict=True)]
    if all(sum(bullet_height(b) for bullets, _ in chunk for b in bullets) <= body_height() for chunk in chunks):
        return chunks
    return split_to_fit(items)


def table_grid(table: Table) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], str]:
    """A content table's header, body and notes, as text without citations."""
    header = tuple(tuple(cell.plain(citations=False, medium=MEDIUM) for cell in row) for row in table.header)
    rows = tuple(tuple(cell.plain(citations=True, medium=MEDIUM) or "" for cell in row) for row in table.body)
    shown = tuple(tuple(cell.plain(citations=False, medium=MEDIUM) for cell in row) for row in table.body)
    notes = notes_text(table)
    return header, shown if any(any(r) for r in shown) else rows, notes


def table_slides(title: str, header: tuple[tuple[str, ...], ...], rows: tuple[tuple[str, ...], ...], notes: str,
                 kind: str = "table", *, continued: str) -> list[SlideSpec]:
    """A table over as few slides as it needs, its header row on each; the widest columns give way (to the
    notes) when the table would otherwise need more than MAX_TABLE_SLIDES slides."""
    columns = list(range(max(len(row) for row in (*header, *rows))))
    while True:
        head = tuple(tuple(row[c] if c < len(row) else "" for c in columns) for row in header)
        body = tuple(tuple(row[c] if c < len(row) else "" for c in columns) for row in rows)
        widths = column_widths(head, body)
        chunks = rows_to_fit(head, body, widths)
        if chunks is not None and (len(chunks) <= MAX_TABLE_SLIDES or len(columns) <= 2):
            break
        columns.remove(max(columns[1:], key=lambda c: sum(len(row[c]) for row in rows if c < len(row))))
    slides = []
    for index, chunk in enumerate(chunks):
        name = title if index == 0 else f"{title}{continued}"
        slides.append(SlideSpec(kind, name, grid=Grid(head, chunk, widths), notes=notes or name))
    return slides


def rows_to_fit(header: tuple, rows: tuple, widths: tuple[float, ...], minimum: tuple[float, ...] = ()
                ) -> list[tuple] | None:
    """Body rows split over slides under the header row; None when one row alone is taller than a slide."""
    available = body_height() - sum(row_height(row, widths) for row in header)
    chunks: list[list] = [[]]
    used = 0.0
    for index, row in enumerate(rows):
        height = max(row_height(row, widths), minimum[index] if minimum else 0)
        if height > available:
            return None
        if chunks[-1] and used + height > available:
            chunks.append([])
            used = 0.0
        chunks[-1].append(row)
        used += height
    return balanced_rows(rows, [tuple(chunk) for chunk in chunks], lambda chunk: sum(
        max(row_height(row, widths), minimum[rows.index(row)] if minimum else 0) for row in chunk) <= available)


def balanced_rows(rows: tuple, chunks: list[tuple], fits: Callable[[tuple], bool]) -> list[tuple]:
    """The same number of slides with the rows spread evenly (no slide of one lonely row), when that fits."""
    if len(chunks) < 2:
        return chunks
    size = -(-len(rows) // len(chunks))
    even = [rows[start : start + size] for start in range(0, len(rows), size)]
    return even if len(even) == len(chunks) and all(fits(chunk) for chunk in even) else chunks


def column_widths(header: tuple, rows: tuple) -> tuple[float, ...]:
    """Each column's share of the width: by the square root of its text, and wide enough for its longest word
    (in bold, for the header) when the slide allows."""
    count = max(len(row) for row in (*header, *rows))
    weights, least = [], []
    for column in range(count):
        texts = [row[column] for row in (*header, *rows) if column < len(row)]
        words = [(word, row in header) for row in (*header, *rows) if column < len(row) for word in row[column].split()]
        longest = max((text_width(word, TABLE_SIZE, bold) for word, bold in words), default=0.0)
        weights.append(max(sum(len(text) for text in texts) ** 0.5, 1.0))
        least.append((longest + CELL_PADDING + WRAP_SLACK) / BODY_WIDTH)
    shares = [weight / sum(weights) for weight in weights]
    if sum(least) < 1:
        # Give narrow columns their longest word, taken from the columns with room to spare.
        short = [index for index, share in enumerate(shares) if share < least[index]]
        needed = sum(least[index] - shares[index] for index in short)
        spare = {index: shares[index] - least[index] for index in range(count) if index not in short}
        room = sum(spare.values())
        if short and room > needed:
            shares = [least[i] if i in short else shares[i] - needed * spare[i] / room for i in range(count)]
    return tuple(shares)


def worksheet_slides(form: Form, labels: Labels) -> list[SlideSpec]:
    """A worksheet form as a table: each question beside an empty cell, tall enough to write in."""
    header = ((form.legend, labels.answer),)
    rows, heights = [], []
    for field in form.fields:
        checkbox = labels.checkbox if field.type == "checkbox" else ""
        answer = CHOICE_JOIN.join(field.choices) if field.choices else checkbox
        rows.append((field.label, answer))
        heights.append(WRITE_HEIGHTS.get(field.type, WRITE_HEIGHTS["text"]))
    widths = (0.45, 0.55)
    notes = "\n".join(f"{field.label}{'. ' + field.help if field.help else ''}" for field in form.fields)
    slides: list[SlideSpec] = []
    start = 0
    chunks = rows_to_fit(header, tuple(rows), widths, tuple(heights)) or [tuple(rows)]
    for index, chunk in enumerate(chunks):
        count = len(chunk)
        grid = Grid(header, chunk, widths, tuple(heights[start : start + count]))
        name = form.legend if index == 0 else f"{form.legend}{labels.continued}"
        slides.append(SlideSpec("worksheet", name, grid=grid, notes=notes))
        start += count
    return slides


def reference_slides(pages: tuple[PageContent, ...], labels: Labels) -> list[SlideSpec]:
    """The works the pages cite, once each, in a short form; the full references go to the notes."""
    seen: dict[str, str] = {}
    title = next((page.references_title for page in pages if page.references_title), "")
    for page in pages:
        for reference in page.references:
            seen.setdefault(reference.id or reference.text.plain(), reference.text.plain())
    full = sorted(seen.values(), key=str.lower)
    if not full:
        return []
    # A room reads author and year, not a bibliography: short citations, several to a line; the notes hold the rest.
    labels = [cited_as(text) for text in full]
    groups = [labels[start:start + CITATIONS_PER_LINE] for start in range(0, len(labels), CITATIONS_PER_LINE)]
    notes = [full[start:start + CITATIONS_PER_LINE] for start in range(0, len(full), CITATIONS_PER_LINE)]
    items = [([Bullet("; ".join(group), size=REFERENCE_SIZE)], "\n\n".join(texts))
             for group, texts in zip(groups, notes, strict=True)]
    slides = []
    for index, chunk in enumerate(even_split(items, len(split_to_fit(items)))):
        name = title if index == 0 else f"{title}{labels.continued}"
        bullets = tuple(b for bullets, _ in chunk for b in bullets)
        slides.append(SlideSpec("references", name, bullets, notes="\n\n".join(notes for _, notes in chunk)))
    return slides


def cited_as(text: str) -> str:
    """'Holmes, E. A., Arntz, A., & Smucker, M. R. (2007). Imagery rescripting...' -> 'Holmes et al. (2007)'
    (the whole reference when it cannot be read)."""
    match = APA.match(text)
    if match is None:
        return text
    names = [name.strip() for name in AUTHOR_SPLIT.split(match["authors"]) if name.strip()]
    surnames = [name.split(",")[0].strip() for name in names]
    if len(surnames) >= 3:
        who = f"{surnames[0]} et al."
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = surnames[0] if surnames else match["authors"]
    return f"{who} ({match['year']})"


def closing_slide(spec: DeckSpec) -> SlideSpec:
    """Where to read the guide online: a QR code and the address on one line, and the licence."""
    address = spec.url.split("://", 1)[-1].rstrip("/")
    hint = spec.labels.closing_hint
    body = (Bullet(hint), Bullet(address, 1), Bullet(spec.licence))
    notes = f"{hint} {spec.url} {spec.licence}"
    return SlideSpec("closing", spec.labels.closing_title, tuple(b for b in body if b.text), notes=notes)


# Helper functions: text


def notes_text(block: Block) -> str:
    """The full text of a block for the speaker notes, citations kept."""
    if isinstance(block, Paragraph):
        return block.text.plain(medium=MEDIUM)
    if isinstance(block, ListBlock):
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            mark = f"{number}." if block.ordered else "-"
            nested = " ".join(notes_text(child) for child in item.children)
            lines.append(f"{mark} {item.text.plain(medium=MEDIUM)} {nested}".rstrip())
        return "\n".join(lines)
    if isinstance(block, Table):
        headers = [cell.plain(medium=MEDIUM) for cell in block.header[-1]] if block.header else []
        lines = [block.caption.plain(medium=MEDIUM)] if block.caption else []
        for row in block.body:
            cells = [cell.plain(medium=MEDIUM) for cell in row]
            labelled = zip(headers + [""] * len(cells), cells, strict=False)
            lines.append(". ".join(f"{h}: {c}" if h else c for h, c in labelled if c))
        return "\n".join(lines)
    if isinstance(block, Admonition):
        inner = " ".join(notes_text(child) for child in for_medium(block.blocks, MEDIUM))
        return f"{block.title}. {inner}" if block.title else inner
    if isinstance(block, Question):
        inner = " ".join(notes_text(child) for child in for_medium(block.blocks, MEDIUM))
        return f"{block.question.plain(medium=MEDIUM)} {inner}"
    if isinstance(block, Form):
        return "\n".join(f"{block.legend}: {field.label}" for field in block.fields)
    if isinstance(block, Figure):
        return block.caption.plain(medium=MEDIUM) or block.alt
    if isinstance(block, Preformatted):
        return block.text
    return ""


def key_sentence(text: Text) -> str:
    """The opening whole sentences of some text, enough to say something (at least MIN_KEY characters) and short
    enough for a bullet (at most MAX_KEY); '' when the first sentence alone is too long."""
    chosen = ""
    for sentence in sentences(text.plain(citations=False, medium=MEDIUM)):
        candidate = f"{chosen} {sentence}".strip()
        if len(candidate) > MAX_KEY:
            break
        chosen = candidate
        if len(chosen) >= MIN_KEY:
            break
    # A fragment of a list ("a memory keeps coming back;") or a lead-in to one ("You may be asked:") says too little.
    starts_a_sentence = bool(chosen) and (chosen[0].isupper() or chosen[0].isdigit() or chosen[0] in "\"“‘'")
    return chosen if starts_a_sentence and not chosen.endswith((":", ";")) else ""


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def long_date(day: datetime.date) -> str:
    """A date as people write it, e.g. '26 November 2026'."""
    return f"{day.day} {day:%B %Y}"


# Helper functions: measuring text in the deck's font


@cache
def font(bold: bool = False) -> ImageFont.FreeTypeFont:
    """The metrics of the deck's font (Arial; Liberation Sans has the same widths) at 100 points."""
    return ImageFont.truetype(FONT_FILES[bold], 100)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in points."""
    return font(bold).getlength(text) * size / 100


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines a text takes when wrapped at words into `width` points (each newline starts a line)."""
    total = 0
    for paragraph in text.split("\n"):
        lines, current = 1, ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and text_width(trial, size, bold) > width:
                lines += 1
                current = word
            else:
                current = trial
        total += lines
    return total


def bullet_height(bullet: Bullet) -> float:
    """Height of a bullet in the body placeholder, in points, with the space before it."""
    size, indent = LEVELS[min(bullet.level, len(LEVELS) - 1)]
    size = bullet.size or size
    width = BODY_WIDTH - 2 * INSET - indent - BULLET_INDENT
    return line_count(bullet.text, width, size) * size * LINE_SPACING + size * SPACE_BEFORE


def row_height(row: tuple[str, ...], widths: tuple[float, ...]) -> float:
    """Height of a table row in points: its tallest cell, with the cell margins."""
    tallest = 0.0
    for text, share in zip(row, widths, strict=False):
        inner = share * BODY_WIDTH - CELL_PADDING - WRAP_SLACK
        tallest = max(tallest, line_count(text, inner, TABLE_SIZE) * TABLE_SIZE * TABLE_LINE_SPACING)
    return tallest + CELL_MARGINS


def body_height() -> float:
    return (BODY_HEIGHT - 2 * INSET) * FILL


# Data

MEDIUM = "print"  # a deck is static, like paper: it leaves out what is for the screen only
CHOICE_JOIN = "  "
MAX_OPENING = 4  # bullets from a page's opening when it has no sections
MIN_BULLETS = 2  # groups of bullets: no slide holds a single point
MIN_KEY, MAX_KEY = 30, 110  # characters of a key sentence
MAX_TABLE_SLIDES = 2
# A sentence ends at . ! or ? (perhaps inside quotes or brackets) after a letter, never after a number ("1. Find").
SENTENCE_END = re.compile(r"(?:(?<=[^\d\s][.!?])|(?<=[^\d\s][.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
SENTENCE_CLOSE = re.compile(r"[.!?:;][\"'”’)]*$")
APA = re.compile(r"(?P<authors>.+?) \((?P<year>[^)]+)\)\. (?P<title>.+?[.?!])(?= |$)")
AUTHOR_SPLIT = re.compile(r",\s*(?:&\s*)?(?=[^,]+,\s*(?:[A-Z]\.|$))|,?\s*&\s*")

# Geometry of the deck in points (16:9, 960 by 540), shared with hooks/handouts/deck.py, which draws the master
SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0
MARGIN = 43.2  # 0.6 inch
TITLE_TOP, TITLE_HEIGHT = 30.0, 72.0
BODY_TOP, BODY_HEIGHT = 114.0, 366.0
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN
FOOTER_TOP, FOOTER_HEIGHT = 492.0, 36.0
INSET = 7.2  # text inset inside a placeholder (0.1 inch)
FILL = 0.97  # keep a little room: renderers differ (the LibreOffice test checks the real extents)
LINE_SPACING = 1.17  # line height of Liberation Sans / Arial, in ems
SPACE_BEFORE = 0.25  # space before each paragraph, in ems
TITLE_SIZE, COVER_TITLE_SIZE, FOOTER_SIZE = 32, 44, 18
LEVELS = ((24, 0.0), (20, 27.0), (18, 54.0))  # body text: (size, extra indent) by level
BULLET_INDENT = 27.0  # points between a bullet and its text
REFERENCE_SIZE = 18
CITATIONS_PER_LINE = 3  # short citations to a bullet on a references slide
TABLE_SIZE = 18
TABLE_LINE_SPACING = 1.17
CELL_PADDING = 14.4  # left and right cell margins together
WRAP_SLACK = 6.0  # points: LibreOffice wraps a little sooner than the font metrics say
CELL_MARGINS = 7.2 + 5  # top and bottom cell margins together, and what LibreOffice adds to a row
WRITE_HEIGHTS = {"longtext": 56.0, "text": 30.0, "choice": 30.0, "checkbox": 28.0}  # room to write, in points
FONT_NAME = "Arial"
FONT_FILES = {
    False: "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    True: "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
}

"""The content model: a page's structure, read once from its rendered HTML and handed to every output.

hooks/content.py reads each page when the citation, glossary, table and form hooks are done with its HTML, and
keeps it here; outputs ask for it with `page_content(src_uri)` and render it with their own rules, so none of them
parses HTML. Inline text keeps its runs (plain text, links, citations), so an output can drop citations or links
as it needs. Text meant for one medium carries the class `screen-only` or `print-only` in Markdown or a template;
each block and run records it in `media`, and outputs leave out what is not for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Records: inline text


@dataclass(frozen=True)
class Run:
    """A stretch of inline text: plain, a link, or a citation of a cited work."""

    text: str
    kind: str = "text"  # "text", "link" or "citation"
    target: str = ""  # where a link or citation points
    narrative: bool = False  # a citation that is part of the sentence ("Arntz (2012) found"), kept when others go
    media: str = ""  # "screen" or "print" when meant for one medium only, else ""
    style: str = ""  # "em" or "strong" for emphasised text (the innermost of the two), else ""


@dataclass(frozen=True)
class Text:
    """Inline text as runs."""

    runs: tuple[Run, ...] = ()

    def plain(self, *, citations: bool = True, medium: str = "") -> str:
        """The text on one line; without parenthetical citations when `citations` is False, and without runs meant
        for another medium when `medium` ("screen" or "print") is given."""
        # A dropped run leaves a mark, so that only the space it leaves before punctuation goes: a space the writer
        # typed there stays (French puts one before "?").
        pieces = [run.text if keeps(run, citations=citations, medium=medium) else DROPPED for run in self.runs]
        text = DROPPED_BEFORE_PUNCTUATION.sub(r"\1", "".join(pieces)).replace(DROPPED, "")
        return " ".join(text.split())

    @property
    def links(self) -> tuple[Run, ...]:
        return tuple(run for run in self.runs if run.kind == "link")

    @property
    def citations(self) -> tuple[Run, ...]:
        return tuple(run for run in self.runs if run.kind == "citation")

    def __bool__(self) -> bool:
        return bool(self.plain())

    def __str__(self) -> str:
        return self.plain()


# Records: blocks


@dataclass(frozen=True)
class Paragraph:
    KIND: ClassVar[str] = "paragraph"  # how a template tells the blocks apart
    text: Text
    media: str = ""


@dataclass(frozen=True)
class ListItem:
    """One item of a list, and the lists nested in it."""

    text: Text
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    KIND: ClassVar[str] = "list"
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    media: str = ""


@dataclass(frozen=True)
class Table:
    """A table: its caption, header rows and body rows, each row a tuple of cells."""

    KIND: ClassVar[str] = "table"
    header: tuple[tuple[Text, ...], ...]
    body: tuple[tuple[Text, ...], ...]
    caption: Text = Text()
    media: str = ""


@dataclass(frozen=True)
class Figure:
    KIND: ClassVar[str] = "figure"
    src: str
    alt: str
    caption: Text = Text()
    media: str = ""


@dataclass(frozen=True)
class FormField:
    """One field of a worksheet: `type` is "text", "longtext", "choice" or "checkbox"."""

    name: str
    label: str
    type: str
    help: str = ""
    choices: tuple[str, ...] = ()  # the values of a "choice" field


@dataclass(frozen=True)
class Form:
    """A worksheet form: one group of fields under a legend."""

    KIND: ClassVar[str] = "form"
    name: str
    legend: str
    fields: tuple[FormField, ...]
    media: str = ""


@dataclass(frozen=True)
class Admonition:
    """A note, tip or warning box: `kind` is its type ("note", "tip", "warning"...)."""

    KIND: ClassVar[str] = "admonition"
    kind: str
    title: str
    blocks: tuple[Block, ...]
    media: str = ""


@dataclass(frozen=True)
class Question:
    """A collapsible question (details/summary) and its answer."""

    KIND: ClassVar[str] = "question"
    question: Text
    blocks: tuple[Block, ...]
    kind: str = ""
    media: str = ""


@dataclass(frozen=True)
class Preformatted:
    KIND: ClassVar[str] = "preformatted"
    text: str
    media: str = ""


Block = Paragraph | ListBlock | Table | Figure | Form | Admonition | Question | Preformatted


# Records: a page


@dataclass(frozen=True)
class Section:
    """A heading (h1 to h6) and the blocks up to the next heading."""

    level: int
    title: str
    id: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Reference:
    """One entry of the page's own reference list."""

    id: str
    text: Text


@dataclass(frozen=True)
class PageContent:
    """What one page says, in order: its sections, and the works it cites."""

    src_uri: str
    title: str
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()
    references_title: str = ""

    @classmethod
    def from_html(cls, html: str, *, src_uri: str = "", title: str = "") -> PageContent:
        """Read a page's rendered HTML (page.content)."""
        body = BeautifulSoup(html or "", "lxml").body
        reader = _Reader()
        if body is not None:
            reader.read(body, media="")
        sections = tuple(Section(level, heading, id_, tuple(blocks)) for level, heading, id_, blocks in reader.sections)
        return cls(src_uri, title, sections, tuple(reader.references), reader.references_title)

    @property
    def links(self) -> tuple[Run, ...]:
        """Every link of the page's text, in order."""
        return tuple(run for text in self.texts() for run in text.links)

    @property
    def citations(self) -> tuple[Run, ...]:
        """Every in-text citation, in order."""
        return tuple(run for text in self.texts() for run in text.citations)

    def texts(self) -> list[Text]:
        """Every piece of inline text of the page, in reading order."""
        return [text for section in self.sections for block in section.blocks for text in texts_of(block)]


def texts_of(block: Block) -> list[Text]:
    """The inline text of one block, in reading order."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, ListBlock):
        return [text for item in block.items for text in (item.text, *texts_of_lists(item.children))]
    if isinstance(block, Table):
        return [block.caption, *(cell for row in (*block.header, *block.body) for cell in row)]
    if isinstance(block, Figure):
        return [block.caption]
    if isinstance(block, Admonition):
        return [text for child in block.blocks for text in texts_of(child)]
    if isinstance(block, Question):
        return [block.question, *(text for child in block.blocks for text in texts_of(child))]
    return []


def texts_of_lists(lists: tuple[ListBlock, ...]) -> list[Text]:
    return [text for nested in lists for text in texts_of(nested)]


def keeps(run: Run, *, citations: bool = True, medium: str = "") -> bool:
    """Whether a run stays in an output that drops citations (unless narrative) or is for `medium` only."""
    if not citations and run.kind == "citation" and not run.narrative:
        return False
    return not (medium and run.media and run.media != medium)


def for_medium(blocks: tuple[Block, ...], medium: str) -> tuple[Block, ...]:
    """The blocks an output for `medium` ("screen" or "print") shows."""
    return tuple(block for block in blocks if not block.media or block.media == medium)


def tidy(text: str) -> str:
    """Text on one line, without the space that a dropped run leaves before punctuation."""
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))


# The one place that registers and hands out each page's content


def reset() -> None:
    """Forget the previous build (`mkdocs serve` keeps modules loaded)."""
    _PAGES.clear()


def remember(content: PageContent) -> None:
    """Keep a page's content for the outputs, by its src_uri."""
    _PAGES[content.src_uri] = content


def page_content(src_uri: str) -> PageContent:
    """The content of a page of this build, by its src_uri (e.g. 'client/index.md')."""
    try:
        return _PAGES[src_uri]
    except KeyError:
        raise LookupError(f"no content was read for the page '{src_uri}' (is hooks/content.py listed?)") from None


# Helper functions: reading HTML


class _Reader:
    """Walks a page's HTML once, collecting sections and the reference list."""

    def __init__(self) -> None:
        self.sections: list[tuple[int, str, str, list[Block]]] = []
        self.references: list[Reference] = []
        self.references_title = ""

    def read(self, parent: Tag, media: str, skip: Tag | None = None) -> None:
        """Read the children of `parent` (but `skip`) in order: headings open sections, blocks join the current one."""
        for node in parent.children:
            if node is skip or isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if node.strip():
                    self.add(Paragraph(Text(runs_of_string(node, media)), media))
                continue
            if not isinstance(node, Tag) or is_skipped(node):
                continue
            own = media_of(node) or media
            if node.name in HEADINGS:
                self.sections.append((HEADINGS[node.name], text_of(node), node.get("id", ""), []))
            elif "references" in classes(node):
                self.read_references(node)
            elif is_wrapper(node):
                self.read(node, own)
            else:
                block = block_of(node, own)
                if block is not None:
                    self.add(block)

    def add(self, block: Block) -> None:
        if not self.sections:  # text before the first heading
            self.sections.append((0, "", "", []))
        blocks = self.sections[-1][3]
        # A paragraph of bold text just before a table is the table's caption ("Table 1. ...").
        if isinstance(block, Table) and not block.caption and blocks and is_caption(blocks[-1]):
            block = Table(block.header, block.body, blocks.pop().text, block.media)
        blocks.append(block)

    def read_references(self, element: Tag) -> None:
        heading = element.find(HEADINGS)
        self.references_title = text_of(heading) if heading else self.references_title
        for item in element.find_all("li"):
            self.references.append(Reference(item.get("id", "").removeprefix("ref-"), inline_text(item, "")))


def block_of(element: Tag, media: str) -> Block | None:
    """The block one element is, by its kind; None for what carries no text (scripts, rules, pictures without alt)."""
    name = element.name
    if name in ("ul", "ol"):
        return list_of(element, media)
    if name == "table":
        return table_of(element, media)
    if name == "form":
        return form_of(element, media)
    if name == "details":
        return question_of(element, media)
    if name == "div" and "admonition" in classes(element):
        return admonition_of(element, media)
    if name in ("figure", "img") or is_lone_image(element):
        return figure_of(element, media)
    if name == "pre":
        return Preformatted(element.get_text(), media)
    if name == "dl":
        return definitions_of(element, media)
    if name in NO_TEXT:
        return None
    text = inline_text(element, media)
    return Paragraph(text, media) if text else None


def list_of(element: Tag, media: str) -> ListBlock:
    """A list; each item's own text apart from the lists nested in it."""
    items = []
    for li in element.find_all("li", recursive=False):
        nested = [child for child in li.find_all(("ul", "ol"), recursive=False)]
        own = Text(tuple(run for child in li.children if child not in nested for run in runs_of(child, media)))
        items.append(ListItem(group_citations(own), tuple(list_of(child, media) for child in nested)))
    start = element.get("start", "1")
    return ListBlock(tuple(items), element.name == "ol", int(start) if start.isdigit() else 1, media)


def table_of(element: Tag, media: str) -> Table:
    """A table's header rows (in thead, or a first row of th cells) and body rows."""
    caption_tag = element.find("caption")
    caption = inline_text(caption_tag, media) if caption_tag else Text()
    rows = element.find_all("tr")
    header = [row for row in rows if row.find_parent("thead") is not None]
    if not header and rows and not rows[0].find("td"):
        header = rows[:1]
    body = [row for row in rows if row not in header]
    return Table(
        tuple(cells_of(row, media) for row in header), tuple(cells_of(row, media) for row in body), caption, media
    )


def cells_of(row: Tag, media: str) -> tuple[Text, ...]:
    return tuple(inline_text(cell, media) for cell in row.find_all(("th", "td"), recursive=False))


def form_of(element: Tag, media: str) -> Form:
    """A worksheet form: its legend and each field's label, kind and help text."""
    legend = element.find("legend")
    fields = []
    for control in element.find_all(("input", "textarea", "select")):
        if control.get("type") in ("hidden", "submit", "button"):
            continue
        label = element.find("label", attrs={"for": control.get("id")}) if control.get("id") else None
        help_ids = (control.get("aria-describedby") or "").split()
        helps = [element.find(id=help_id) for help_id in help_ids]
        fields.append(
            FormField(
                name=control.get("name", ""),
                label=text_of(label) if label else "",
                type=field_type(control),
                help=" ".join(text_of(tag) for tag in helps if tag is not None),
                choices=tuple(o.get("value") for o in control.find_all("option") if o.get("value")),
            )
        )
    return Form(element.get("data-form") or element.get("id", ""), text_of(legend) if legend else "", tuple(fields),
                media)


def field_type(control: Tag) -> str:
    if control.name == "textarea":
        return "longtext"
    if control.name == "select":
        return "choice"
    return "checkbox" if control.get("type") == "checkbox" else "text"


def question_of(element: Tag, media: str) -> Question:
    """A collapsible question: its summary, and its answer read like a small page of blocks."""
    summary = element.find("summary")
    blocks = blocks_in(element, media, skip=summary)
    kind = next((name for name in classes(element) if name not in MEDIA_CLASSES), "")
    return Question(inline_text(summary, media) if summary else Text(), blocks, kind, media)


def admonition_of(element: Tag, media: str) -> Admonition:
    """A note box: its kind (its other class), its title, and what it holds."""
    title = element.find(class_="admonition-title", recursive=False)
    blocks = blocks_in(element, media, skip=title)
    kind = next((name for name in classes(element) if name not in ("admonition", *MEDIA_CLASSES)), "note")
    return Admonition(kind, text_of(title) if title else "", blocks, media)


def blocks_in(element: Tag, media: str, skip: Tag | None) -> tuple[Block, ...]:
    """The blocks inside a box (a note, a question's answer), headings included as plain paragraphs."""
    reader = _Reader()
    reader.sections.append((0, "", "", []))
    reader.read(element, media, skip=skip)
    return tuple(block for _, heading, _, blocks in reader.sections for block in (
        *([Paragraph(Text((Run(heading),)), media)] if heading else []), *blocks))


def figure_of(element: Tag, media: str) -> Figure | None:
    image = element if element.name == "img" else element.find("img")
    caption_tag = element.find("figcaption") if element.name == "figure" else None
    caption = inline_text(caption_tag, media) if caption_tag else Text()
    if image is None and not caption:
        return None
    return Figure(image.get("src", "") if image else "", image.get("alt", "") if image else "", caption, media)


def is_lone_image(element: Tag) -> bool:
    """A paragraph that holds only an image (Markdown's `![alt](src)` on a line of its own) is a figure."""
    return element.name == "p" and element.find("img") is not None and not element.get_text(strip=True)


def definitions_of(element: Tag, media: str) -> ListBlock:
    """A definition list, as a list of 'term: definition' items."""
    items = []
    for term in element.find_all("dt", recursive=False):
        definition = term.find_next_sibling("dd")
        runs = runs_of(term, media) + ((Run(": "), *runs_of(definition, media)) if definition else ())
        items.append(ListItem(group_citations(Text(tuple(runs)))))
    return ListBlock(tuple(items), media=media)


def inline_text(element: Tag, media: str) -> Text:
    """An element's inline text as runs, with each parenthetical citation as one run."""
    return group_citations(Text(runs_of(element, media)))


def runs_of(node: object, media: str, style: str = "") -> tuple[Run, ...]:
    """The runs of a node and its descendants: links and citations as their own runs, emphasis as a style."""
    if isinstance(node, Comment):
        return ()
    if isinstance(node, NavigableString):
        return runs_of_string(node, media, style)
    if not isinstance(node, Tag) or is_skipped(node) or node.name in ("script", "style", "template", "svg"):
        return ()
    own = media_of(node) or media
    if node.name == "br":
        return (Run(" ", media=own),)
    if node.name == "a":
        kind = "citation" if "citation" in classes(node) else "link"
        return (Run(node.get_text(), kind, node.get("href", ""), media=own, style=style),)
    own_style = STYLES.get(node.name, style)
    return tuple(run for child in node.children for run in runs_of(child, own, own_style))


def runs_of_string(node: NavigableString, media: str, style: str = "") -> tuple[Run, ...]:
    return (Run(str(node), media=media, style=style),) if str(node) else ()


def group_citations(text: Text) -> Text:
    """Join '(' citation '; ' citation ')' into one parenthetical citation run; mark the others as narrative."""
    runs = list(text.runs)
    out: list[Run] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if run.kind != "citation":
            out.append(run)
            index += 1
            continue
        end = index
        while end + 2 < len(runs) and SEPARATOR.fullmatch(runs[end + 1].text) and runs[end + 2].kind == "citation":
            end += 2
        before = out[-1] if out and out[-1].kind == "text" else None
        after = runs[end + 1] if end + 1 < len(runs) and runs[end + 1].kind == "text" else None
        if before and after and before.text.rstrip().endswith("(") and after.text.lstrip().startswith(")"):
            out[-1] = Run(before.text.rstrip()[:-1], media=before.media, style=before.style)
            inner = "".join(r.text for r in runs[index : end + 1])
            out.append(Run(f" ({inner})", "citation", run.target, media=run.media))
            runs[end + 1] = Run(after.text.lstrip()[1:], media=after.media, style=after.style)
        else:
            out.extend(Run(r.text, r.kind, r.target, narrative=r.kind == "citation", media=r.media)
                       for r in runs[index : end + 1])
        index = end + 1
    return Text(tuple(run for run in out if run.text))


def text_of(element: Tag) -> str:
    """An element's text on one line (permalinks left out)."""
    return Text(runs_of(element, "")).plain()


def classes(element: Tag) -> list[str]:
    return list(element.get("class") or [])


def media_of(element: Tag) -> str:
    return next((MEDIA_CLASSES[name] for name in classes(element) if name in MEDIA_CLASSES), "")


def is_skipped(element: Tag) -> bool:
    """Permalinks and text hidden from every reader."""
    return bool(SKIPPED_CLASSES.intersection(classes(element))) or element.name in ("script", "style", "template")


def is_wrapper(element: Tag) -> bool:
    """A plain container (an md_in_html div, a table's scroll region, a media block) whose children are blocks."""
    if element.name not in ("div", "section", "article", "main", "blockquote", "aside"):
        return False
    return "admonition" not in classes(element)


def is_caption(block: Block) -> bool:
    """A paragraph like '**Table 1. What it shows.**' just before a table is read as the table's caption."""
    return isinstance(block, Paragraph) and CAPTION.match(block.text.plain()) is not None


# Data

STYLES = {"em": "em", "i": "em", "cite": "em", "strong": "strong", "b": "strong"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MEDIA_CLASSES = {"screen-only": "screen", "print-only": "print"}
SKIPPED_CLASSES = {"headerlink", "md-visually-hidden", "visually-hidden"}
NO_TEXT = {"hr", "input", "button", "iframe", "video", "audio", "canvas", "svg", "noscript"}
CAPTION = re.compile(r"Table \d+[.:] ")
SEPARATOR = re.compile(r"\s*[;,]\s*")
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
# Where Text.plain left out a run, and the space before the punctuation that followed it
DROPPED = "\x00"
DROPPED_BEFORE_PUNCTUATION = re.compile(r"\s*\x00[\s\x00]*([.,;:!?)])")

# This build's pages by src_uri: filled by hooks/content.py, reset in its on_config.
_PAGES: dict[str, PageContent] = {}

"""Slide decks: one editable 16:9 deck per audience, planned by handouts/deck_plan.py from a `DeckSpec`
(handouts/deck_spec.py), drawn with python-pptx and kept in the cache (handouts/cache.py).

The slide master is designed here from python-pptx's default template: the
audience's colour as the theme's accent (titles, table headers), the logo, a footer with the deck's title and the
slide number, one title position for every slide, and text of 18 points or more. Every piece of text sits in a
layout placeholder filled by `idx`, tables included, so a presenter can edit it and restyle the deck from its master.
"""

from __future__ import annotations

import copy
import datetime
import io
import json
from dataclasses import asdict
from pathlib import Path

import pptx
from lxml import etree
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.picture import CT_Picture
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Pt

from handouts import cache, content, deck_plan, deck_spec, editions, qr
from handouts.deck_plan import DeckSpec, Grid, SlideSpec

log = get_plugin_logger("hooks/slides")

# Helper functions: the decks of a build


def make_decks(config: MkDocsConfig, site_pages: list[Page]) -> list[tuple[editions.Edition, cache.CachedFile]]:
    """Make (or take from the cache) one deck per audience that has pages."""
    settings = editions.read_settings(config)
    return [
        make_deck(config, settings, audience, pages)
        for audience, pages in editions.pages_by_audience(config, site_pages, "deck").items()
    ]


def make_deck(
    config: MkDocsConfig, settings: editions.Settings, audience: str, pages: list[Page]
) -> tuple[editions.Edition, cache.CachedFile]:
    """One audience's deck in the cache, made only when its fingerprint is new; return its Edition and cached file."""
    spec = deck_spec.spec_for(config, settings, audience, pages)
    name = f"{settings['file_stem']}-{audience}.{FORMAT}"
    folder = editions.cache_dir(config, settings, FORMAT)
    cached = cache.CachedFile(folder, Path(name).stem, f".{FORMAT}", fingerprint(spec))
    if not cached.is_cached():
        log.debug(f"Making {name}")
        try:
            write_deck(spec, cached)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise PluginError(f"Couldn't make the deck '{name}' for the {audience} pages: {error}") from None
    edition = editions.Edition(
        stem=settings["file_stem"],
        audience=audience,
        language=spec.language,
        format=FORMAT,
        paper=None,
        path=f"{settings['folder']}/{name}",
        size_bytes=cached.path.stat().st_size,
        pages=cached.facts()["slides"],
        edition=spec.edition,
        review=editions.review_date(pages),
    )
    return edition, cached


# Helper functions: python-pptx


def fingerprint(spec: DeckSpec) -> str:
    """The cache key of a deck: a fingerprint of its content, the modules that make it and python-pptx's version."""
    modules = (__file__, qr.__file__, deck_plan.__file__, content.__file__)
    return cache.fingerprint([
        json.dumps(asdict(spec), default=str, sort_keys=True),
        *(Path(module).read_bytes() for module in modules),
        f"{pptx.__version__} {qr.segno.__version__}",
    ])


def write_deck(spec: DeckSpec, target: cache.CachedFile) -> int:
    """Make the deck into the cache, its slide count as its facts; return the slide count."""
    slides = deck_plan.plan(spec)
    target.store(lambda part: render(slides, spec).save(part), {"slides": len(slides)})
    return len(slides)


def render(slides: list[SlideSpec], spec: DeckSpec) -> pptx.presentation.Presentation:
    """The slides drawn on the designed master."""
    presentation = designed(Presentation(), spec)
    for number, slide_spec in enumerate(slides, start=1):
        add_slide(presentation, slide_spec, spec, number)
    set_properties(presentation, spec)
    return presentation


# Helper functions: the master


def designed(presentation: pptx.presentation.Presentation, spec: DeckSpec) -> pptx.presentation.Presentation:
    """The default template made 16:9 and ours: theme colour and font, type sizes, placeholder boxes, logo."""
    presentation.slide_width, presentation.slide_height = pt(deck_plan.SLIDE_WIDTH), pt(deck_plan.SLIDE_HEIGHT)
    master = presentation.slide_master
    style_theme(master, spec.accent)
    style_text(master.element, spec.language)
    for name, boxes in LAYOUT_BOXES.items():
        layout = presentation.slide_layouts.get_by_name(name)
        for placeholder in [*layout.placeholders]:
            idx = placeholder.placeholder_format.idx
            if idx in boxes:
                placeholder.left, placeholder.top, placeholder.width, placeholder.height = (pt(v) for v in boxes[idx])
            elif idx == DATE_IDX:
                placeholder.element.getparent().remove(placeholder.element)
    table_layout = presentation.slide_layouts.get_by_name(LAYOUTS["table"])
    table_layout.name = TABLE_LAYOUT_NAME
    table_layout.placeholders[BODY_IDX].element.nvSpPr.nvPr.ph.set("type", "tbl")
    table_layout.placeholders[BODY_IDX].element.nvSpPr.nvPr.ph.attrib.pop("orient", None)
    style_cover(presentation.slide_layouts.get_by_name(LAYOUTS["title"]))
    add_master_art(master, spec.accent)
    return presentation


def style_theme(master: pptx.slide.SlideMaster, accent: str) -> None:
    """The audience's colour as accent 1 (titles and table styles follow it) and Arial as the theme font."""
    theme_part = master.part.part_related_by(pptx.opc.constants.RELATIONSHIP_TYPE.THEME)
    theme = etree.fromstring(theme_part.blob)
    colour = theme.find(".//a:clrScheme/a:accent1", NAMESPACES)
    colour.clear()
    etree.SubElement(colour, qn("a:srgbClr"), val=accent)
    for latin in theme.iterfind(".//a:fontScheme//a:latin", NAMESPACES):
        latin.set("typeface", deck_plan.FONT_NAME)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def style_text(master: etree._Element, language: str) -> None:
    """Sizes of titles, body levels and footers; accent-coloured bold titles; the language for spelling and speech."""
    styles = master.find(qn("p:txStyles"))
    title = styles.find("p:titleStyle/a:lvl1pPr/a:defRPr", NAMESPACES)
    title.set("sz", str(deck_plan.TITLE_SIZE * 100))
    title.set("b", "1")
    title.getparent().set("algn", "l")
    fill = title.find(qn("a:solidFill"))
    fill.clear()
    etree.SubElement(fill, qn("a:schemeClr"), val="accent1")
    for level in range(1, 10):
        properties = styles.find(f"p:bodyStyle/a:lvl{level}pPr", NAMESPACES)
        size, indent = deck_plan.LEVELS[min(level - 1, len(deck_plan.LEVELS) - 1)]
        properties.set("marL", str(pt(indent + BULLET_INDENT)))
        properties.set("indent", str(-pt(BULLET_INDENT)))
        before = properties.find(qn("a:spcBef"))
        before.clear()
        etree.SubElement(before, qn("a:spcPts"), val=str(round(size * deck_plan.SPACE_BEFORE * 100)))
        properties.find(qn("a:defRPr")).set("sz", str(size * 100))
    for properties in styles.iter(qn("a:defRPr")):
        properties.set("lang", language)
    for placeholder in master.iter(qn("p:sp")):
        ph = placeholder.find(".//" + qn("p:ph"))
        if ph is not None and ph.get("type") in ("ftr", "sldNum"):
            for properties in placeholder.iter(qn("a:defRPr")):
                properties.set("sz", str(deck_plan.FOOTER_SIZE * 100))
                fill = properties.find(qn("a:solidFill"))
                if fill is not None:
                    fill.clear()
                    etree.SubElement(fill, qn("a:srgbClr"), val=FOOTER_COLOUR)
    for placeholder in master.iter(qn("p:sp")):
        ph = placeholder.find(".//" + qn("p:ph"))
        if ph is not None and ph.get("type") == "ftr":
            for paragraph in placeholder.iter(qn("a:lvl1pPr")):
                paragraph.set("algn", "l")


def style_cover(layout: pptx.slide.SlideLayout) -> None:
    """The title slide: the accent colour behind white text."""
    background = etree.SubElement(layout.element.find(qn("p:cSld")), qn("p:bg"))
    layout.element.find(qn("p:cSld")).insert(0, background)
    properties = etree.SubElement(background, qn("p:bgPr"))
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val="accent1")
    etree.SubElement(properties, qn("a:effectLst"))
    for idx, size in ((TITLE_IDX, deck_plan.COVER_TITLE_SIZE), (BODY_IDX, 24)):
        frame = layout.placeholders[idx].element
        styles = frame.find(".//" + qn("a:lstStyle"))
        for child in list(styles):
            styles.remove(child)
        level = etree.SubElement(styles, qn("a:lvl1pPr"), algn="l")
        properties = etree.SubElement(level, qn("a:defRPr"), sz=str(size * 100))
        colour = etree.SubElement(properties, qn("a:solidFill"))
        etree.SubElement(colour, qn("a:srgbClr"), val="FFFFFF")
    layout.placeholders[TITLE_IDX].text_frame._bodyPr.set("anchor", "b")
    layout.placeholders[BODY_IDX].text_frame._bodyPr.set("anchor", "t")
    add_logo(layout, "FFFFFF", (deck_plan.MARGIN, 60.0, 96.0))


def add_master_art(master: pptx.slide.SlideMaster, accent: str) -> None:
    """A band of the accent colour along the top and the logo at the top right, behind every content slide."""
    tree = master.shapes._spTree
    element = CT_Shape.new_autoshape_sp(tree._next_shape_id, "Accent band", "rect", 0, 0, pt(deck_plan.SLIDE_WIDTH),
                                        pt(BAND_HEIGHT))
    tree.insert(2, element)  # behind the placeholders
    band = Shape(element, master.shapes)
    band.line.fill.background()
    band.fill.solid()
    band.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
    band.shadow.inherit = False
    left = deck_plan.SLIDE_WIDTH - deck_plan.MARGIN - LOGO_SIZE
    add_logo(master, accent, (left, deck_plan.TITLE_TOP + 12, LOGO_SIZE))


def add_logo(owner: pptx.slide._BaseSlide, colour: str, box: tuple[float, float, float]) -> None:
    """The logo as a decorative picture of a master or layout (python-pptx adds pictures to slides only)."""
    left, top, side = box
    _, rel_id = owner.part.get_or_add_image_part(logo_png(colour))
    tree = owner.shapes._spTree
    picture = CT_Picture.new_pic(tree._next_shape_id, "Logo", "", rel_id, pt(left), pt(top), pt(side), pt(side))
    tree.insert(2, picture)


def logo_png(colour: str) -> io.BytesIO:
    """The site's logo (docs/assets/logo.svg: a speech bubble with a tick) in `colour`, as a PNG.

    python-pptx takes raster images only, so Pillow redraws the SVG's shapes from its own 24-unit coordinates."""
    scale = 40
    image = Image.new("RGBA", (24 * scale, 24 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), 255)
    draw.ellipse([4 * scale, 3 * scale, 20 * scale, 17.5 * scale], fill=ink)
    draw.polygon([(7.1 * scale, 14.6 * scale), (6.5 * scale, 20 * scale), (11 * scale, 16.8 * scale)], fill=ink)
    tick = [(11, 13.5), (8, 10.5), (9.4, 9.1), (11, 10.7), (15.6, 6.1), (17, 7.5)]
    draw.polygon([(x * scale, y * scale) for x, y in tick], fill=(0, 0, 0, 0))
    image = image.resize((24 * 8, 24 * 8), Image.LANCZOS)
    data = io.BytesIO()
    image.save(data, format="PNG")
    data.seek(0)
    return data


# Helper functions: slides


def add_slide(presentation: pptx.presentation.Presentation, slide_spec: SlideSpec, spec: DeckSpec,
              number: int) -> None:
    """Add one slide on its layout and fill its placeholders by idx."""
    layout = presentation.slide_layouts.get_by_name(LAYOUT_NAMES[slide_spec.kind])
    slide = presentation.slides.add_slide(layout)
    slide.placeholders[TITLE_IDX].text_frame.text = slide_spec.title
    if slide_spec.grid is not None:
        fill_table(slide.placeholders[BODY_IDX], slide_spec.grid)
    elif slide_spec.bullets:
        fill_body(slide.placeholders[BODY_IDX].text_frame, slide_spec)
    if slide_spec.kind == "closing":
        add_qr_picture(slide, slide.placeholders[PICTURE_IDX], spec.url)
    if slide_spec.kind != "title":
        add_footer(slide, layout, spec.title, number, spec.language)
    slide.notes_slide.notes_text_frame.text = slide_spec.notes
    if spec.direction == "rtl":
        right_to_left(slide, spec.language)


def right_to_left(slide: pptx.slide.Slide, language: str) -> None:
    """A slide in a right-to-left script (python-pptx has no API for it): every paragraph reads right to left and
    is right-aligned (centred ones stay centred), every run is marked with the language, and tables are mirrored."""
    for tree in (slide.shapes._spTree, slide.notes_slide.shapes._spTree):
        for paragraph in tree.iter(qn("a:p")):
            properties = paragraph.get_or_add_pPr()
            properties.set("rtl", "1")
            if properties.get("algn") != "ctr":
                properties.set("algn", "r")
        for run in tree.iter(qn("a:r")):
            run.get_or_add_rPr().set("lang", language)
        for table in tree.iter(qn("a:tblPr")):
            table.set("rtl", "1")


def fill_body(frame: pptx.text.text.TextFrame, slide_spec: SlideSpec) -> None:
    """Write the bullets, keeping list levels and numbering; the closing slide's address stays on one line."""
    for index, bullet in enumerate(slide_spec.bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = bullet.level
        run = paragraph.add_run()
        run.text = bullet.text
        if bullet.number is not None:
            properties = paragraph._p.get_or_add_pPr()
            etree.SubElement(properties, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(bullet.number))
        if slide_spec.kind in ("title", "note", "closing"):
            paragraph._p.get_or_add_pPr().insert(0, etree.Element(qn("a:buNone")))
            paragraph._p.get_or_add_pPr().set("marL", "0")
            paragraph._p.get_or_add_pPr().set("indent", "0")
        if bullet.size:
            run.font.size = Pt(bullet.size)
        if slide_spec.kind == "closing" and bullet.level == 1:
            run.font.size = Pt(address_size(bullet.text))
            run.font.bold = True


def address_size(address: str) -> float:
    """The largest size, down to 18 points, at which the address fits one line of the closing slide's text box."""
    width = CLOSING_TEXT_WIDTH - 2 * deck_plan.INSET  # the closing slide's paragraphs have no bullet or indent
    for size in (24, 22, 20, 18):
        if deck_plan.text_width(address, size, bold=True) <= width:
            return size
    return 18


def fill_table(placeholder: pptx.shapes.placeholder.SlidePlaceholder, grid: Grid) -> None:
    """Put a real table in the slide's table placeholder: header rows first, widths and heights as planned."""
    rows = len(grid.header) + len(grid.rows)
    columns = len(grid.widths)
    frame = placeholder.insert_table(rows, columns)
    table = frame.table
    table.first_row = bool(grid.header)
    width = deck_plan.BODY_WIDTH
    for index, share in enumerate(grid.widths):
        table.columns[index].width = pt(width * share)
    total = 0.0
    for index, cells in enumerate([*grid.header, *grid.rows]):
        body_index = index - len(grid.header)
        minimum = grid.row_heights[body_index] if 0 <= body_index < len(grid.row_heights) else 0.0
        height = max(deck_plan.row_height(cells, grid.widths), minimum)
        table.rows[index].height = pt(height)
        total += height
        for column in range(columns):
            text = cells[column] if column < len(cells) else ""
            write_cell(table.cell(index, column), text, bold=index < len(grid.header))
    frame.height = pt(total)


def write_cell(cell: pptx.table._Cell, text: str, bold: bool) -> None:
    """Cell text at the table size, one paragraph per line of the planned text."""
    frame = cell.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n") or [""]):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(deck_plan.TABLE_SIZE)
        run.font.bold = bold or None
    if not text:
        frame.paragraphs[0].add_run().font.size = Pt(deck_plan.TABLE_SIZE)
        end = frame.paragraphs[0]._p.get_or_add_endParaRPr()
        end.set("sz", str(deck_plan.TABLE_SIZE * 100))


def footer_properties(properties: etree._Element) -> None:
    """Footer text: grey, in the theme's body font."""
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=FOOTER_COLOUR)
    etree.SubElement(properties, qn("a:latin"), typeface="+mn-lt")


def add_footer(slide: pptx.slide.Slide, layout: pptx.slide.SlideLayout, title: str, number: int,
               language: str) -> None:
    """The layout's footer and slide-number placeholders on the slide: the deck's title and a live slide number."""
    for placeholder in layout.placeholders:
        kind = placeholder.element.nvSpPr.nvPr.ph.get("type")
        if kind not in ("ftr", "sldNum"):
            continue
        element = copy.deepcopy(placeholder.element)
        for child in list(element.spPr):
            element.spPr.remove(child)
        body = element.find(qn("p:txBody"))
        for paragraph in body.findall(qn("a:p")):
            body.remove(paragraph)
        paragraph = etree.SubElement(body, qn("a:p"))
        etree.SubElement(paragraph, qn("a:pPr"), algn="l" if kind == "ftr" else "r")
        if kind == "ftr":
            run = etree.SubElement(paragraph, qn("a:r"))
        else:
            run = etree.SubElement(paragraph, qn("a:fld"), id=SLIDE_NUMBER_FIELD, type="slidenum")
        footer_properties(etree.SubElement(run, qn("a:rPr"), lang=language, sz=str(deck_plan.FOOTER_SIZE * 100)))
        etree.SubElement(run, qn("a:t")).text = title if kind == "ftr" else str(number)
        slide.shapes._spTree.append(element)


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


def pt(points: float) -> Emu:
    return Emu(round(points * 12700))


# Data

FORMAT = "pptx"

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
TITLE_IDX, BODY_IDX, PICTURE_IDX, DATE_IDX, FOOTER_IDX, NUMBER_IDX = 0, 1, 2, 10, 11, 12
# The default template's layouts each kind of slide uses; the vertical-text layout becomes the table layout.
LAYOUTS = {"title": "Title Slide", "content": "Title and Content", "table": "Title and Vertical Text",
           "closing": "Two Content"}
TABLE_LAYOUT_NAME = "Title and Table"
LAYOUT_NAMES = {
    "title": LAYOUTS["title"], "content": LAYOUTS["content"], "note": LAYOUTS["content"],
    "references": LAYOUTS["content"], "table": TABLE_LAYOUT_NAME, "worksheet": TABLE_LAYOUT_NAME,
    "closing": LAYOUTS["closing"],
}
_M, _W = deck_plan.MARGIN, deck_plan.BODY_WIDTH
LOGO_SIZE = 48.0
TITLE_BOX = (_M, deck_plan.TITLE_TOP, _W - LOGO_SIZE - 12, deck_plan.TITLE_HEIGHT)
BODY_BOX = (_M, deck_plan.BODY_TOP, _W, deck_plan.BODY_HEIGHT)
FOOTER_BOXES = {
    FOOTER_IDX: (_M, deck_plan.FOOTER_TOP, _W - 120, deck_plan.FOOTER_HEIGHT),
    NUMBER_IDX: (_M + _W - 110, deck_plan.FOOTER_TOP, 110, deck_plan.FOOTER_HEIGHT),
}
CLOSING_TEXT_WIDTH = 620.0
LAYOUT_BOXES = {  # (left, top, width, height) in points, by placeholder idx
    LAYOUTS["title"]: {TITLE_IDX: (_M, 170.0, _W, 150.0), BODY_IDX: (_M, 330.0, _W, 130.0)},
    LAYOUTS["content"]: {TITLE_IDX: TITLE_BOX, BODY_IDX: BODY_BOX, **FOOTER_BOXES},
    LAYOUTS["table"]: {TITLE_IDX: TITLE_BOX, BODY_IDX: BODY_BOX, **FOOTER_BOXES},
    LAYOUTS["closing"]: {
        TITLE_IDX: TITLE_BOX,
        BODY_IDX: (_M, deck_plan.BODY_TOP, CLOSING_TEXT_WIDTH, deck_plan.BODY_HEIGHT),
        PICTURE_IDX: (_M + CLOSING_TEXT_WIDTH + 20, deck_plan.BODY_TOP, _W - CLOSING_TEXT_WIDTH - 20,
                      deck_plan.BODY_HEIGHT),
        **FOOTER_BOXES,
    },
}
BAND_HEIGHT = 10.0
BULLET_INDENT = deck_plan.BULLET_INDENT
FOOTER_COLOUR = "4D4D4D"
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
QR_SCALE = 12  # pixels per module: sharp on a projector

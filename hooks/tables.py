"""Wide content on phones: tables reflow into one card per row, and code blocks scroll in a region a keyboard reaches.

Each table sits in a focusable, labelled scroll region (for the few that must still scroll) and each body cell carries
its column's heading as `data-label`, which docs/assets/site.css shows beside the cell when the table reflows.
"""

from __future__ import annotations

import html as markup
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Label and wrap each table (WCAG 2.1.1 for content wider than the screen); make code blocks focusable."""
    if "<table" not in html and "<pre" not in html:
        return None
    count = iter(range(1, 1000))
    html = TABLE.sub(lambda match: wrap(label_cells(match.group(0)), next(count)), html)
    # A code block wider than a phone scrolls inside its <code> (the theme's CSS): keyboard users must reach it.
    return CODE_BLOCK.sub(r'\1<code tabindex="0"', html)


# Helper functions


def wrap(table: str, number: int) -> str:
    """Return the table inside its scroll region."""
    return f'<div class="table-scroll" role="region" tabindex="0" aria-label="Table {number}">{table}</div>'


def label_cells(table: str) -> str:
    """Give every body cell its column heading as `data-label` (plain text), for the one-card-per-row layout."""
    head = THEAD.search(table)
    if head is None:
        return table
    headings = [" ".join(markup.unescape(TAG.sub("", cell)).split()) for cell in HEADING.findall(head.group(0))]

    def label_row(row: re.Match[str]) -> str:
        cells = iter(headings)
        return CELL.sub(lambda cell: f'<td data-label="{markup.escape(next(cells, ""))}"', row.group(0))

    body_start = head.end()
    return table[:body_start] + ROW.sub(label_row, table[body_start:])


# Data

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
THEAD = re.compile(r"<thead\b.*?</thead>", re.DOTALL)
HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
ROW = re.compile(r"<tr\b.*?</tr>", re.DOTALL)
CELL = re.compile(r"<td(?=[\s>])")
TAG = re.compile(r"<[^>]+>")
CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code(?=[\s>])(?![^>]*\btabindex=)")

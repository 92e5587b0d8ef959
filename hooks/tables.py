"""Wide tables scroll sideways on phones inside a region that keyboard users can reach and screen readers name."""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Wrap each table in a focusable, labelled scroll region (WCAG 2.1.1 for content wider than the screen)."""
    if "<table" not in html:
        return None
    count = iter(range(1, 1000))
    return TABLE.sub(lambda match: wrap(match.group(0), next(count)), html)


# Helper functions


def wrap(table: str, number: int) -> str:
    """Return the table inside its scroll region."""
    return f'<div class="table-scroll" role="region" tabindex="0" aria-label="Table {number}">{table}</div>'


# Data

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)

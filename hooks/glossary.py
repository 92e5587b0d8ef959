"""Glossary terms (Markdown abbreviations from includes/glossary.md) open their tooltip on keyboard focus too."""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Make each defined term focusable, so the theme's tooltip is not for mouse users only."""
    if "<abbr title=" not in html:
        return None
    return focusable_terms(html)


# Helper functions


def focusable_terms(html: str) -> str:
    """Give each term a tab stop, except inside a link, button, summary or label: HTML forbids anything focusable
    there (nested interactive content), and the enclosing control is already the reader's tab stop."""
    pieces, done = [], 0
    for control in INTERACTIVE.finditer(html):
        pieces += [html[done : control.start()].replace(TERM, FOCUSABLE_TERM), control.group(0)]
        done = control.end()
    pieces.append(html[done:].replace(TERM, FOCUSABLE_TERM))
    return "".join(pieces)


# Data

TERM = "<abbr title="
FOCUSABLE_TERM = '<abbr tabindex="0" title='
# Elements that may not hold focusable content; none of them can contain another of its own kind.
INTERACTIVE = re.compile(r"<(a|button|summary|label)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)

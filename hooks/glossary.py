"""Glossary terms (Markdown abbreviations from includes/glossary.md): defined at their first use on a page, where the
tooltip opens on keyboard focus too."""

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
    return first_uses_only(focusable_terms(html))


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


def first_uses_only(html: str) -> str:
    """Keep each term's definition at its first use outside a control, and drop it from later uses: the reader meets
    the definition once (WCAG technique G102), a keyboard user gets one tab stop per term rather than one per use,
    and a long page carries each definition once instead of dozens of times."""
    seen = set()

    def once(use: re.Match) -> str:
        if use.group("term") in seen:
            return use.group("term")
        seen.add(use.group("term"))
        return use.group(0)

    return FOCUSABLE_USE.sub(once, html)


# Data

TERM = "<abbr title="
FOCUSABLE_TERM = '<abbr tabindex="0" title='
# Elements that may not hold focusable content; none of them can contain another of its own kind.
INTERACTIVE = re.compile(r"<(a|button|summary|label)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# A term's use outside a control, once focusable_terms has given it a tab stop
FOCUSABLE_USE = re.compile(r'<abbr tabindex="0" title="[^"]*">(?P<term>[^<]*)</abbr>')

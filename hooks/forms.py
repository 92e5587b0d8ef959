"""Worksheet forms: ```form blocks of YAML become accessible HTML forms that store and send nothing.

The same HTML reaches the PDFs, where WeasyPrint turns every field into an AcroForm field of the same name, so a
field name must be unique across all the pages of an audience. handouts/worksheets.py reads, checks and renders them.
"""

from __future__ import annotations

from handouts import required_hooks, worksheets
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the field names of the previous build (`mkdocs serve` keeps this module loaded)."""
    worksheets.forget_build()
    required_hooks.check(config)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace each ```form block with the form's HTML, leaving every other fence untouched."""
    return worksheets.with_forms(markdown, page, config)


@event_priority(-50)
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Fail on an id used twice in a page, e.g. a form or field named like a heading: its label and links would
    find the wrong element, and WeasyPrint stops at it in the PDF ("Anchor defined twice")."""
    worksheets.check_unique_ids(html, page)
    return None

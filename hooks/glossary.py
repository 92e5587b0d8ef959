"""Glossary terms (Markdown abbreviations from includes/glossary.md) open their tooltip on keyboard focus too."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Make each defined term focusable, so the theme's tooltip is not for mouse users only."""
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')

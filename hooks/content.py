"""The content model: each page's structure, read once from its finished HTML for every output.

The model and its accessor live in hooks/handouts/content.py.

Listed after the hooks that shape a page's HTML (citations, tables, glossary, forms) and before the ones that make
outputs from it (downloads, slides).
"""

from __future__ import annotations

from handouts import content
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the previous build's pages (`mkdocs serve` keeps this module loaded)."""
    content.reset()


# Last of the page-content hooks, whatever their order in mkdocs.yml: the model is read from the finished HTML.
@event_priority(-100)
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read the page's structure and keep it for the outputs."""
    content.remember(content.PageContent.from_html(html, src_uri=page.file.src_uri, title=page.title or ""))

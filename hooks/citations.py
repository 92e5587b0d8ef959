"""Citations: `[@key]` in Markdown becomes an APA 7 link, each page lists what it cites, a References page lists all.

Every page's citations are checked against the bibliography (bibliography/references.json, read by
handouts/bibliography.py) before any page is rendered; handouts/citations.py reads and writes them, and the HTML is
in overrides/partials/references.html and cite-this.html.
"""

from __future__ import annotations

from handouts import citations, required_hooks
from handouts.bibliography import Bibliography
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the last build's bibliography (module state survives `mkdocs serve` rebuilds)."""
    STATE.clear()
    required_hooks.check(config)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Check every citation in every page against the bibliography, and add the References page."""
    checked = citations.check_site(files, config)
    if checked:
        STATE["bibliography"], references = checked
        files.append(references)
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Turn each citation into links to the page's reference list, and note the works the page cites."""
    return citations.link_citations(markdown, page, STATE.get("bibliography"), config=config)


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """End each page that cites with the list of the works it cites (so it reaches the PDFs too)."""
    return citations.add_page_list(html, page, config=config)


# Data

# Module state for one build, cleared in on_config
STATE: dict[str, Bibliography] = {}

"""Help lines: every crisis and help line the site shows, read from one checked data file (`extra.help_lines`).

The file is validated when the build loads it (handouts/help_lines.py). The lines then reach every medium from the
same data: templates read them from `config.extra.help_now` (the short help-now box on client pages and the client
PDF, through overrides/partials/help-now.html), the Help now page asks for the full list with the marker
`<!-- help-lines -->`, and hooks/slides.py turns them into the client deck's help-now slides.
"""

from __future__ import annotations

from handouts import help_lines
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Read and check the help lines once per build, and share them with every template."""
    config.extra["help_now"] = help_lines.load_help_lines(help_lines.help_lines_path(config))


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace each help-lines marker with the lines it names; an unknown marker stops the build."""
    if help_lines.MARKER_START not in html:
        return None
    return help_lines.replace_markers(html, page, config)

"""Per-audience PDFs: each audience's pages, in navigation order, as tagged, fillable PDFs in A4 and US Letter.

The print document is a Jinja template (overrides/pdf/document.html, filled by handouts/print_document.py) and its
design is CSS (overrides/pdf/*.css); handouts/pdf.py makes them, one WeasyPrint call per file, through the cache.
PDFs are made in `on_env`, once every page's HTML exists and before any page is rendered, so the download panel can
show their size and page count. `DOWNLOADS=off` switches them off for quick previews.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from handouts import editions, pdf, print_document, qr, required_hooks
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Check the download settings and forget the previous build (`mkdocs serve` keeps this module loaded)."""
    _state.clear()
    required_hooks.check(config)
    editions.read_settings(config)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Keep the print templates and stylesheets out of the website (they live in the theme's custom_dir)."""
    for file in [f for f in files if f.src_uri.startswith(f"{print_document.PRINT_DIR}/") and f.abs_src_path]:
        if Path(file.abs_src_path).resolve().is_relative_to(print_document.overrides_dir(config)):
            files.remove(file)
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the order of every download."""
    _state["pages"] = list(nav.pages)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Offer the QR filters to every template, then make the PDFs (every page's HTML is ready now)."""
    env.filters.update(qr.FILTERS)
    if editions.downloads_enabled():
        _state["made"] = pdf.make_pdfs(config, _state.get("pages", []))
        editions.registry(config).add(*(edition for edition, _ in _state["made"]))
    return env


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Copy each PDF from the cache into site_dir, atomically."""
    editions.publish(config, [(edition.path, cached.path) for edition, cached in _state.get("made", [])])


# Data

# This build's pages in navigation order, and the PDFs made: reset in on_config.
_state: dict = {}

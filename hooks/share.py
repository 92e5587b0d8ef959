"""Download or send: what the panel on every page and the Downloads page offer, read from the downloads registry.

The files themselves come from the PDF, deck and narration hooks, which add them to this build's registry
(`handouts.editions.registry`) in `on_env`; this hook runs after them and only decides which files and links each
page offers (handouts/share.py). The HTML is in overrides/partials/download-panel.html and overrides/downloads.html;
the buttons that need JavaScript are switched on by docs/assets/share.js.
"""

from __future__ import annotations

import jinja2
from handouts import qr, share
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the previous build's pages (`mkdocs serve` keeps this module loaded)."""
    _state.clear()


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the first of an audience is the link a professional gives a client.
    (Their front matter is not read yet: `home_of` asks their page info once the pages are made.)"""
    _state["pages"] = nav.pages


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Offer the QR code filters to the templates."""
    env.filters.update(qr.FILTERS)
    return env


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Tell the panel what this page offers; the downloads are all made by now."""
    context["share"] = share.Share.for_page(page, config, _state.get("pages", ()))
    context["share_all"] = share.every_group(config)
    return context


def on_template_context(context: dict, /, *, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page is rendered without a page: it offers the home page and every file."""
    if template_name == share.NOT_FOUND:
        context["share"] = share.Share.for_page(None, config, _state.get("pages", ()))
    return context


# Data

# This build's pages in navigation order: reset in on_config.
_state: dict = {}

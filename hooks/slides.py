"""PowerPoint: one editable 16:9 deck per audience, made from the content model of its pages (hooks/content.py).

handouts/deck_spec.py gathers what a deck is made from, handouts/deck_plan.py decides what each slide says and
handouts/deck.py draws it with python-pptx, through the cache. Decks are made in `on_env`, once every page's HTML
exists and before any page is rendered, so the download panel can show their size and slide count; `on_post_build`
copies them into site_dir. `DOWNLOADS=off` switches them off for quick previews.
"""

from __future__ import annotations

import jinja2
from handouts import deck, editions
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the previous build (`mkdocs serve` keeps this module loaded)."""
    _state.clear()


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the order of the slides."""
    _state["pages"] = list(nav.pages)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    """Make the decks now that every page's HTML is ready, and list them for the download panel."""
    if editions.downloads_enabled():
        _state["made"] = deck.make_decks(config, _state.get("pages", []))
        editions.registry(config).add(*(edition for edition, _ in _state["made"]))


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Copy each deck from the cache into site_dir, atomically."""
    editions.publish(config, [(edition.path, cached.path) for edition, cached in _state.get("made", [])])


# Data

# This build's pages in navigation order and the decks made: reset in on_config.
_state: dict = {}

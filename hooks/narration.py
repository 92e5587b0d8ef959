"""Listen: the English client pages and Help now, narrated at build time with a Piper voice (each page in Opus, with
MP3 as the fallback and the download), and the whole client guide as one MP3 with a chapter per page.

The script of each page comes from the content model (handouts/narration.py decides what is said; handouts/listen.py
runs it for the build): audio is made in `on_env`, in parallel worker processes, only for pages whose fingerprint is
new (handouts/cache.py), and copied into site_dir in `on_post_build`. The player is overrides/partials/audio.html.
Settings are `extra.narration` in mkdocs.yml: which voice reads which language (a language without one gets no
player). Both `DOWNLOADS=off` and `NARRATION=off` skip narration.
"""

from __future__ import annotations

import jinja2
from handouts import editions, listen
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Check the narration settings and forget the previous build (`mkdocs serve` keeps this module loaded)."""
    _state.clear()
    _state["settings"] = listen.read_settings(config)


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the order of the whole guide's chapters."""
    _state["pages"] = list(nav.pages)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    """Narrate the pages that need it (every page's HTML is read by now) and list the whole guide for the panel."""
    settings = _state["settings"]
    voice_name = settings["voices"].get(config.theme["language"] or "en")
    if not (voice_name and listen.narration_enabled()):
        return
    pages = listen.narrated_pages(config, settings, _state.get("pages", []))
    if not pages:
        return
    voice = listen.find_voice(voice_name, settings, config)
    audio = listen.narrate_pages(config, settings, voice, pages)
    _state["audio"] = audio
    guide = listen.make_guide(config, settings, pages, audio)
    _state["guide"] = guide
    editions.registry(config).add(guide[0])


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give the player its file, length and size on a narrated page."""
    context["narration"] = _state.get("audio", {}).get(page.file.src_uri)
    return context


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Copy every page's audio and the whole guide from the cache into site_dir, atomically."""
    copies = [
        copy for audio in _state.get("audio", {}).values()
        for copy in ((audio.path, audio.cached), (audio.opus_path, audio.opus_cached))
    ]
    if "guide" in _state:
        copies.append((_state["guide"][0].path, _state["guide"][1]))
    editions.publish(config, copies)


# Data

# This build's settings, pages, audio and whole-guide file: reset in on_config.
_state: dict = {}

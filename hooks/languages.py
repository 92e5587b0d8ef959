"""Languages: one build per language, each told which language it is, linked to the others, and honest about
its translation.

The languages come from `extra.languages` in the root mkdocs.yml (handouts/translations/settings.py checks them). In a
translated build this hook sets the site's address (the root's plus `<code>/`), gives the downloads a file name of
their own, puts the help lines into the language, sends links to pages with no translation to the English page,
records each page's translation (handouts/translations/pages.py) and fails when a page lost a safety element of its
English page. Every build offers templates `edition_of(page)` (the language switcher, hreflang links, the
translation notice) and `ui` (our interface text, from overrides/partials/strings/<code>.html). The logic lives in
handouts/translations/site.py.
"""

from __future__ import annotations

import functools

import jinja2
from handouts.translations import site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, which also builds the other languages after each build."""
    site.remember_command(command)


def on_config(config: MkDocsConfig) -> None:
    """Find this build's language, and set what follows from it before the other hooks read the config."""
    site.configure(config)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files | None:
    """A translated edition uses the English site's assets (stylesheets, scripts, logo), unless it has its own."""
    return site.with_english_assets(files, config)


# After hooks/audience.py has made the page info (also 50, listed first), before the hooks that read the translation.
@event_priority(50)
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """On a translated page: record its translation, check its safety elements, and send links to pages that have
    no translation to the English page."""
    return site.translate_page(markdown, page, files)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give every template the page's edition and our interface text in this language."""
    env.globals["edition_of"] = site.edition_of
    env.globals["site_page"] = functools.partial(site.site_page, files=files)
    env.globals["client_editions"] = site.client_editions
    env.globals["language_homes"] = site.language_homes
    return env


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when a translation changes, so the other languages served at /<code>/ stay current."""
    for folder in site.translation_folders():
        server.watch(folder)
    return server


@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """While serving the default language, build the other languages into its site too (at /es/, /ar/ ...)."""
    site.build_other_languages(config)

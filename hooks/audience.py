"""Audience model: every page says who it is for, describes itself, and links to its counterpart; its page info
(hooks/handouts/page_info.py) is made here, once, before any other hook reads it. Each page's source is checked
first (hooks/handouts/front_matter.py)."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from handouts import front_matter, required_hooks
from handouts.page_info import build_page_info, fill_page_info, page_info, reset_page_info
from handouts.settings import site_settings
from handouts.translations import settings as editions
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_startup(*, command: str, dirty: bool) -> None:
    """Note a dirty `mkdocs serve`: its rebuilds read only the pages that changed, so the others keep their info."""
    STATE.keep_page_info = dirty


def on_config(config: MkDocsConfig) -> None:
    """Fail early when a hook the site depends on has been taken out of mkdocs.yml, or a setting is wrong; forget
    the last build's page info."""
    required_hooks.check(config)
    site_settings(config)
    if not STATE.keep_page_info:
        reset_page_info()


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files | None:
    """Check every page's text and front matter before any hook or MkDocs reads them (this hook runs first)."""
    for file in files.documentation_pages():
        if file.abs_src_path:
            front_matter.check_source(file)
    return None


# After Material's meta plugin, which adds a folder's .meta.yml to the front matter (50, and plugins run before
# hooks), and before every hook that reads the page's info (hooks/languages.py runs at 50, listed after this one).
@event_priority(50)
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Read and check the page's front matter once (audience, description, counterpart, review dates, authorship)
    into the page info every hook and template reads."""
    build_page_info(page, config=config, files=files, translated=editions.is_translation(config))
    return None


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Estimate reading time from the words a reader will actually see."""
    fill_page_info(page, reading_minutes=front_matter.reading_minutes(html))
    return None


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Let every template read a page's info: `{% set info = page_info(page) %}`."""
    env.globals["page_info"] = page_info
    return env


# Data


@dataclass
class State:
    """What this hook keeps between builds of one `mkdocs serve`."""

    keep_page_info: bool = False  # a dirty rebuild makes the info of the changed pages only


STATE = State()

"""Audience model: every page says who it is for, describes itself, and links to its counterpart."""

from __future__ import annotations

import math
import re

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Check the page's audience, description and counterpart before it is rendered."""
    check_front_matter(markdown, page)
    audiences = config.extra["audiences"]
    audience = page.meta.get("audience")
    src = page.file.src_uri
    if audience is None:
        raise PluginError(
            f"Page '{src}' has no audience.\n"
            f"  --> put it in a folder with a .meta.yml that sets 'audience', or add 'audience:' to its front matter "
            f"(one of: {', '.join([*audiences, EVERYONE])})"
        )
    if audience != EVERYONE and audience not in audiences:
        raise PluginError(
            f"Page '{src}' has an unknown audience '{audience}'.\n  --> use one of: {', '.join([*audiences, EVERYONE])}"
        )
    check_description(page)
    resolve_counterpart(page, files)
    return None


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Estimate reading time from the words a reader will actually see."""
    words = len(WORD.findall(TAG.sub(" ", html)))
    page.meta["reading_minutes"] = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return None


# Helper functions


def check_front_matter(markdown: str, page: Page) -> None:
    """Fail on front matter that MkDocs could not read (it would silently treat it as text)."""
    match = FRONT_MATTER.match(markdown)
    if match is None:
        return
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise PluginError(f"Page '{page.file.src_uri}' has broken front matter:\n{error}") from None
    if not isinstance(data, dict):
        raise PluginError(
            f"Page '{page.file.src_uri}' has front matter that is not a set of 'key: value' lines."
        )


def check_description(page: Page) -> None:
    """Fail when a page has no usable meta description."""
    description = page.meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PluginError(
            f"Page '{page.file.src_uri}' has no description.\n"
            "  --> add 'description:' (50 to 160 characters) to its front matter: search engines and link "
            "previews show it"
        )


def resolve_counterpart(page: Page, files: Files) -> None:
    """Replace the front-matter counterpart path with its File, or fail naming both files."""
    target = page.meta.get("counterpart")
    if target is None:
        return
    counterpart = files.get_file_from_path(str(target)) if isinstance(target, str) else None
    if counterpart is None or not counterpart.is_documentation_page():
        raise PluginError(
            f"Page '{page.file.src_uri}' names a counterpart '{target}' that does not exist.\n"
            "  --> give the path of a page relative to docs/, e.g. 'professional/index.md'"
        )
    page.meta["counterpart_file"] = counterpart


# Data

EVERYONE = "everyone"
WORDS_PER_MINUTE = 200
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’-]\w+)*")

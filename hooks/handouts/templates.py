"""Theme templates for the hooks: one Jinja environment per build, not a new one for every page.

`Theme.get_env()` builds a fresh environment (and recompiles templates) on each call; pages call the hooks dozens of
times a build. The cache holds the theme object, which MkDocs makes anew for each build, so `mkdocs serve`
rebuilds still see edited templates.
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme


def get_template(config: MkDocsConfig, name: str) -> jinja2.Template:
    """A template of this build's theme (overrides/ first, then Material's)."""
    return theme_env(config.theme).get_template(name)


def theme_env(theme: Theme) -> jinja2.Environment:
    """The theme's Jinja environment, made once per build (a Theme is a mapping, so it cannot key an lru_cache)."""
    cached = _LAST.get("theme")
    if cached is not theme:
        _LAST.update(theme=theme, env=theme.get_env())
    return _LAST["env"]


# The last build's theme and its environment.
_LAST: dict = {}

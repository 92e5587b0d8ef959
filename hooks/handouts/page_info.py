"""Page info: what the hooks and templates know about one page, as one typed record read through `page_info(page)`.

The front matter is read here, once per page, when hooks/audience.py calls `build_page_info` (first of every hook's
on_page_markdown). Facts that later hooks work out fill their own field with `fill_page_info`: the works a page cites
(hooks/citations.py), its forms (hooks/forms.py), its translation (hooks/languages.py), its reading time
(hooks/audience.py, once rendered). Reading a field before its hook has filled it fails naming the page and the
hook, so the order of `hooks:` in mkdocs.yml is a stated dependency, not a silent `None`.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from handouts.review_dates import ReviewDates
from handouts.settings import Names, site_settings

if TYPE_CHECKING:  # the records other modules make; only their types are needed here
    from handouts.bibliography import Reference
    from handouts.translations.pages import Translation

# Records


@dataclass(frozen=True)
class Pending:
    """A field no hook has filled yet: which hook fills it, and in which event."""

    producer: str


@dataclass(frozen=True)
class PageInfo:
    """One page as every hook and template knows it. The first fields come from the front matter, checked; the
    fields that default to `Pending` are filled by the hook named, later in the build."""

    src_uri: str
    audience: str  # one of the audiences of extra.audiences, or "everyone"
    description: str
    title: str | None  # the front matter's title, when it sets one (else the page's first heading is its title)
    counterpart: File | None  # the same topic for the other audience, in this build
    counterpart_path: str | None  # the counterpart as the front matter names it (a translation may lack the page)
    review_dates: ReviewDates
    authors: tuple[str, ...]
    reviewers: tuple[str, ...]
    overdue: bool  # the next review date has passed
    hidden: tuple[str, ...]  # front matter `hide:`: the theme's parts and ours ("reading-time", "downloads")
    translation_block: object  # the front matter's `translation:` block as written, for hooks/languages.py
    translation: Translation | Pending | None = Pending("hooks/languages.py (on_page_markdown)")
    references: tuple[Reference, ...] | Pending = Pending("hooks/citations.py (on_page_markdown)")
    forms: tuple[str, ...] | Pending = Pending("hooks/forms.py (on_page_markdown)")  # the names of its forms
    reading_minutes: int | Pending = Pending("hooks/audience.py (on_page_content)")

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if isinstance(value, Pending):
            raise PluginError(
                f"Page '{object.__getattribute__(self, 'src_uri')}': its '{name}' was read before "
                f"{value.producer} worked it out.\n"
                "  --> list the hook that reads it after that hook under 'hooks:' in mkdocs.yml"
            )
        return value

    @classmethod
    def from_page(cls, page: Page, *, config: MkDocsConfig, files: Files, today: datetime.date,
                  translated: bool = False) -> PageInfo:
        """Read and check the page's front matter (audience, description, counterpart, review dates, authorship);
        in a translated edition (`translated`) a counterpart with no translation is left to hooks/languages.py."""
        meta, src = page.meta, page.file.src_uri
        audience = checked_audience(meta.get("audience"), src, config)
        description = checked_description(meta.get("description"), src)
        counterpart_path = meta.get("counterpart")
        counterpart = resolve_counterpart(counterpart_path, src, files, translated=translated)
        dates = ReviewDates.from_meta(meta, page=describe(page))
        authorship = checked_authorship(meta, describe(page))
        editorial = site_settings(config).editorial
        title, hidden = meta.get("title"), meta.get("hide")
        return cls(
            src_uri=src,
            audience=audience,
            description=description,
            title=title if isinstance(title, str) else None,
            counterpart=counterpart,
            counterpart_path=counterpart_path if isinstance(counterpart_path, str) else None,
            review_dates=dates,
            authors=tuple(authorship.authors or editorial.authors),
            reviewers=tuple(authorship.reviewers or editorial.reviewers),
            overdue=dates.next_review < today,
            hidden=tuple(hidden) if isinstance(hidden, list) else (),
            translation_block=meta.get("translation"),
        )

    def filled(self, **values: object) -> PageInfo:
        """The same record with the given fields filled (`dataclasses.replace` would read the pending ones)."""
        unknown = set(values) - {field.name for field in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"PageInfo has no field {sorted(unknown)[0]!r}")
        current = {field.name: object.__getattribute__(self, field.name) for field in dataclasses.fields(self)}
        return PageInfo(**{**current, **values})


class AuthorshipConfig(base.Config):
    """The optional front-matter keys naming who wrote and reviewed a page."""

    authors = c.Optional(Names())
    reviewers = c.Optional(Names())


# The store: one record per page of this build


def reset_page_info() -> None:
    """Forget the last build's pages (`mkdocs serve` keeps this module loaded); called in on_config."""
    _pages.clear()


def build_page_info(page: Page, *, config: MkDocsConfig, files: Files, translated: bool = False) -> PageInfo:
    """Make and keep the page's record; hooks/audience.py calls this once per page, before any hook reads it."""
    info = PageInfo.from_page(page, config=config, files=files, today=get_build_datetime().date(),
                              translated=translated)
    _pages[page.file.src_uri] = info
    return info


def fill_page_info(page: Page, **values: object) -> PageInfo:
    """Record what a hook worked out about the page, e.g. `fill_page_info(page, references=(...))`."""
    info = page_info(page).filled(**values)
    _pages[page.file.src_uri] = info
    return info


@overload
def page_info(page: Page) -> PageInfo: ...
@overload
def page_info(page: None) -> None: ...
def page_info(page: Page | None) -> PageInfo | None:
    """The record of a page (a Jinja global too); None where there is no page, as on the 404 page."""
    if not isinstance(page, Page):  # None, or Jinja's Undefined for a template rendered without a page
        return None
    info = _pages.get(page.file.src_uri)
    if info is None:
        raise PluginError(
            f"Page {describe(page)} was read before its page info was made.\n"
            "  --> keep hooks/audience.py first under 'hooks:' in mkdocs.yml: it makes every page's info"
        )
    return info


# Helper functions: checking the front matter


def checked_audience(audience: object, src: str, config: MkDocsConfig) -> str:
    """The page's audience, or a failure naming the page and the audiences it may name."""
    audiences = [*site_settings(config).audiences, EVERYONE]
    if audience is None:
        raise PluginError(
            f"Page '{src}' has no audience.\n"
            f"  --> put it in a folder with a .meta.yml that sets 'audience', or add 'audience:' to its front matter "
            f"(one of: {', '.join(audiences)})"
        )
    if audience not in audiences:
        raise PluginError(
            f"Page '{src}' has an unknown audience '{audience}'.\n  --> use one of: {', '.join(audiences)}"
        )
    return str(audience)


def checked_description(description: object, src: str) -> str:
    """The page's meta description, or a failure when it has none."""
    if not isinstance(description, str) or not description.strip():
        raise PluginError(
            f"Page '{src}' has no description.\n"
            "  --> add 'description:' (50 to 160 characters) to its front matter: search engines and link "
            "previews show it"
        )
    return description


def resolve_counterpart(target: object, src: str, files: Files, *, translated: bool) -> File | None:
    """The counterpart page's file, or a failure naming both files. A translated edition may lack the page: its
    readers are sent to the English one (hooks/languages.py)."""
    if target is None:
        return None
    counterpart = files.get_file_from_path(target) if isinstance(target, str) else None
    if counterpart is None and translated and isinstance(target, str):
        return None
    if counterpart is None or not counterpart.is_documentation_page():
        raise PluginError(
            f"Page '{src}' names a counterpart '{target}' that does not exist.\n"
            "  --> give the path of a page relative to docs/, e.g. 'professional/index.md'"
        )
    return counterpart


def checked_authorship(meta: dict, page: str) -> AuthorshipConfig:
    """The page's own authors and reviewers (either may be missing), or a failure naming the page and the key."""
    authorship = AuthorshipConfig()
    authorship.load_dict({key: meta.get(key) for key in AUTHORSHIP_KEYS})
    failed, _ = authorship.validate()
    if failed:
        key, error = failed[0]
        raise PluginError(
            f"Page {page} has a problem with '{key}' in its front matter: {error}.\n  --> {AUTHORSHIP_HINTS[key]}"
        )
    return authorship


def describe(page: Page) -> str:
    """The page as an error names it: its file, and the hook that wrote it when it is generated."""
    generated = f" (generated by {page.file.generated_by})" if page.file.generated_by else ""
    return f"'{page.file.src_uri}'{generated}"


# Data

EVERYONE = "everyone"
AUTHORSHIP_KEYS = ("authors", "reviewers")
AUTHORSHIP_HINTS = {
    "authors": "write 'authors:' as a name or a list of names, or leave it out for extra.editorial in mkdocs.yml",
    "reviewers": "write 'reviewers:' as a name or a list of names, or leave it out for extra.editorial in mkdocs.yml",
}

# This build's records, by source path: reset in on_config.
_pages: dict[str, PageInfo] = {}

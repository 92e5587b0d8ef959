"""Download or send: what the panel on every page and the Downloads page offer, read from the downloads registry.

The files themselves come from the PDF, deck and narration hooks, which add them to this build's registry
(`handouts.editions.registry`) in `on_env`; this hook runs after them and only decides which files and links each
page offers. The HTML is in overrides/partials/download-panel.html and overrides/downloads.html; the buttons that
need JavaScript are switched on by docs/assets/share.js.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

import jinja2
from handouts import editions, qr
from handouts.page_info import page_info
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
    context["share"] = Share.for_page(page, config)
    context["share_all"] = every_group(config)
    return context


def on_template_context(context: dict, /, *, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page is rendered without a page: it offers the home page and every file."""
    if template_name == NOT_FOUND:
        context["share"] = Share.for_page(None, config)
    return context


# Helper functions


@dataclass(frozen=True)
class Group:
    """Files offered under one heading, e.g. the client PDFs on a professional page."""

    heading: str
    downloads: list[editions.Edition]
    link: str | None = None  # a web address to give along with the files
    link_title: str | None = None
    audience: str = ""


@dataclass(frozen=True)
class Share:
    """What the panel of one page offers: its address, files to download, and a file to share from a phone."""

    url: str
    title: str
    description: str
    groups: list[Group] = field(default_factory=list)
    share_files: list[editions.Edition] = field(default_factory=list)  # the page's own PDFs

    @classmethod
    def for_page(cls, page: Page | None, config: MkDocsConfig) -> Share:
        """The offer of one page, by its audience; None stands for the 404 page."""
        audiences = config.extra["audiences"]
        info = page_info(page)
        audience = info.audience if info else None
        url = (page.canonical_url if page else None) or config.site_url or ""
        title = (info.title or page.title if info else None) or config.site_name
        description = (info.description if info else None) or config.site_description or ""
        if audience in audiences:
            groups = [Group(GROUP_OWN, editions.registry(config).for_audience(audience))]
            groups += [client_group(page, config, other) for other in GIVE_TO.get(audience, ())]
            share_files = pdfs(editions.registry(config).for_audience(audience))
        else:
            groups = every_group(config)
            share_files = []
        groups = [group for group in groups if group.downloads or group.link]
        return cls(url, title, " ".join(description.split()), groups, share_files)


def every_group(config: MkDocsConfig) -> list[Group]:
    """Every audience's files under the audience's label, for pages meant for everyone and the Downloads page."""
    audiences = config.extra["audiences"]
    files = editions.registry(config)
    return [Group(audiences[name]["label"], files.for_audience(name), audience=name) for name in audiences]


def client_group(page: Page, config: MkDocsConfig, audience: str) -> Group:
    """What a professional gives a client: the client PDFs, and the client version of this page or the guide."""
    counterpart = page_info(page).counterpart
    target = counterpart.page if counterpart and counterpart.page else None
    if target is None or page_info(target).audience != audience:
        target = home_of(audience)
    link = (target.canonical_url if target else None) or urljoin(config.site_url or "", f"{audience}/")
    link_title = (target.title if target else None) or config.extra["audiences"][audience]["label"]
    return Group(GROUP_GIVE, pdfs(editions.registry(config).for_audience(audience)), link, link_title)


def home_of(audience: str) -> Page | None:
    """The first page of an audience in the navigation."""
    return next((page for page in _state.get("pages", ()) if page_info(page).audience == audience), None)


def pdfs(downloads: list[editions.Edition]) -> list[editions.Edition]:
    """Only the PDFs of a list of downloads."""
    return [download for download in downloads if download.format == "pdf"]


# Data

NOT_FOUND = "404.html"
# Keys of our interface text (overrides/partials/strings/<code>.html): the panel shows them in the build's language.
GROUP_OWN = "panel.group_own"
GROUP_GIVE = "panel.group_give"
# Pages of an audience also offer the files of these audiences (professionals hand the client guide out).
GIVE_TO = {"professional": ("client",)}

# This build's pages in navigation order: reset in on_config.
_state: dict = {}

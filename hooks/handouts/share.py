"""Download or send: what the panel of a page offers (its address, its audience's files, and what a professional gives
a client), read from this build's registry of downloads (for hooks/share.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from handouts import editions
from handouts.page_info import page_info

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
    def for_page(cls, page: Page | None, config: MkDocsConfig, pages: Sequence[Page]) -> Share:
        """The offer of one page, by its audience; None stands for the 404 page. `pages` are the site's pages in
        navigation order."""
        audiences = config.extra["audiences"]
        info = page_info(page)
        audience = info.audience if info else None
        url = (page.canonical_url if page else None) or config.site_url or ""
        title = (info.title or page.title if info else None) or config.site_name
        description = (info.description if info else None) or config.site_description or ""
        if audience in audiences:
            groups = [Group(GROUP_OWN, editions.registry(config).for_audience(audience))]
            groups += [client_group(page, config, other, pages) for other in GIVE_TO.get(audience, ())]
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


def client_group(page: Page, config: MkDocsConfig, audience: str, pages: Sequence[Page]) -> Group:
    """What a professional gives a client: the client PDFs, and the client version of this page or the guide."""
    counterpart = page_info(page).counterpart
    target = counterpart.page if counterpart and counterpart.page else None
    if target is None or page_info(target).audience != audience:
        target = home_of(audience, pages)
    link = (target.canonical_url if target else None) or urljoin(config.site_url or "", f"{audience}/")
    link_title = (target.title if target else None) or config.extra["audiences"][audience]["label"]
    return Group(GROUP_GIVE, pdfs(editions.registry(config).for_audience(audience)), link, link_title)


def home_of(audience: str, pages: Sequence[Page]) -> Page | None:
    """The first page of an audience in the navigation."""
    return next((page for page in pages if page_info(page).audience == audience), None)


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

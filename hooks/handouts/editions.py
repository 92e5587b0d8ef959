"""The files a build offers readers (PDF editions, slide decks, the narrated guide) and what making them shares.

An `Edition` describes one file; this build's `Registry` holds them all. The PDF, deck and narration hooks add their
files in `on_env`; the download panel (hooks/share.py) reads them by audience. Every file is made into a cache
(handouts/cache.py) and copied into site_dir by `publish`.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from handouts.cache import remove_abandoned_parts, write_atomically
from handouts.page_info import page_info
from handouts.settings import DownloadsConfig, site_settings
from handouts.settings import FileStem as FileStem
from handouts.settings import InsidePath as InsidePath
from handouts.settings import NotEmpty as NotEmpty

log = get_plugin_logger("downloads")


@dataclass(frozen=True)
class Edition:
    """One generated file offered to readers: a PDF in one paper size, a slide deck or the narrated guide."""

    stem: str  # the resource's file stem, e.g. "imagery-rescripting"
    audience: str  # a key of config.extra.audiences
    language: str  # theme.language of the build, e.g. "en"
    format: str  # "pdf", "pptx" or "mp3"
    paper: str | None  # "a4" or "letter" for PDFs, None otherwise
    path: str  # relative to site_dir, e.g. "downloads/imagery-rescripting-client-a4.pdf"
    size_bytes: int
    pages: int  # PDF pages, deck slides or the chapters of an audio file
    edition: datetime.date  # the latest review of its pages
    review: datetime.date | None = None  # when it is next due for review
    seconds: float = 0  # how long an audio file plays


class Registry:
    """The files of one build: added by the hooks that make them, read by audience."""

    def __init__(self) -> None:
        self._editions: list[Edition] = []

    def add(self, *editions: Edition) -> None:
        self._editions.extend(editions)

    def for_audience(self, audience: str) -> list[Edition]:
        """The files of one audience, PDFs first, A4 before Letter, then the deck and the audio."""
        return sorted(
            (edition for edition in self._editions if edition.audience == audience),
            key=lambda edition: (FORMAT_ORDER.get(edition.format, len(FORMAT_ORDER)), edition.paper or ""),
        )

    def __iter__(self) -> Iterator[Edition]:
        return iter(self._editions)


def registry(config: MkDocsConfig) -> Registry:
    """This build's registry, made the first time a build asks for it: `mkdocs serve` loads a new config for every
    rebuild, so a rebuild never sees the files of the one before."""
    if _BUILD.get("config") is not config:
        _BUILD.update(config=config, registry=Registry())
    return _BUILD["registry"]


def downloads_enabled() -> bool:
    """False when the DOWNLOADS environment variable switches downloads off (off, 0, false or no) for previews."""
    return os.environ.get("DOWNLOADS", "on").strip().lower() not in {"off", "0", "false", "no"}


def pages_by_audience(config: MkDocsConfig, pages: list[Page], what: str) -> dict[str, list[Page]]:
    """Each audience's pages in navigation order, leaving out audiences with no pages, and those a dirty rebuild
    did not render in full (their `what`, e.g. "PDFs", is skipped with a note)."""
    grouped = {}
    for audience in site_settings(config).audiences:
        chosen = [page for page in pages if page_info(page).audience == audience]
        if any(page.content is None for page in chosen):
            log.info(f"Skipping the {audience} {what}: a dirty rebuild did not render every page.")
        elif chosen:
            grouped[audience] = chosen
    return grouped


def read_settings(config: MkDocsConfig) -> Settings:
    """The `extra.downloads` settings of mkdocs.yml, with their defaults, or a failure naming the setting."""
    return site_settings(config).downloads


def cache_dir(config: MkDocsConfig, settings: Settings, kind: str) -> Path:
    """The cache of one kind of file ('pdf', 'pptx'), cleared of the partial files of builds that were killed: in
    the folder DOWNLOADS_CACHE names when set (tests build with a throwaway cache, so they never write into the
    checkout), else in `extra.downloads.cache` beside mkdocs.yml, ignored by git."""
    elsewhere = os.environ.get(CACHE_VARIABLE, "").strip()
    if elsewhere and not Path(elsewhere).is_absolute():
        raise PluginError(
            f"Couldn't use the download cache '{elsewhere}' named by {CACHE_VARIABLE}: it is not an absolute path.\n"
            f"  --> give a full path, e.g. {CACHE_VARIABLE}=/tmp/downloads-cache, or unset it for "
            "extra.downloads.cache in mkdocs.yml"
        )
    root = Path(elsewhere) if elsewhere else Path(config.config_file_path).parent / settings["cache"]
    cache = root / kind
    remove_abandoned_parts(cache)
    return cache


def edition_date(pages: list[Page]) -> datetime.date:
    """The date of an edition: the latest review of any of its pages."""
    return max(page_info(page).review_dates.last_reviewed for page in pages)


def review_date(pages: list[Page]) -> datetime.date:
    """When an edition is due for review: the earliest next review of any of its pages."""
    return min(page_info(page).review_dates.next_review for page in pages)


def publish(config: MkDocsConfig, files: Iterable[tuple[str, Path]]) -> None:
    """Copy each cached file to its path inside site_dir, atomically."""
    for path, cached in files:
        try:
            write_atomically(Path(config.site_dir) / path, lambda part, source=cached: shutil.copyfile(source, part))
        except OSError as error:
            raise PluginError(f"Couldn't copy '{path}' into the site: {error}") from None


# The settings live with the others in handouts/settings.py; these names stay importable from here.
Settings = DownloadsConfig

# Data

CACHE_VARIABLE = "DOWNLOADS_CACHE"  # an absolute folder that replaces extra.downloads.cache for one build
FORMAT_ORDER = {"pdf": 0, "pptx": 1, "mp3": 2}  # the order of an audience's files in the panel

# The build the registry belongs to, and the registry.
_BUILD: dict = {}

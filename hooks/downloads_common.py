"""What the download hooks share: the description of one generated file, and the list of them for this build."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger("downloads")


@dataclass(frozen=True)
class Download:
    """One generated file offered to readers (a PDF edition or a slide deck)."""

    audience: str  # a key of config.extra.audiences
    format: str  # "pdf" or "pptx"
    paper: str | None  # "a4" or "letter" for PDFs, None for decks
    path: str  # relative to site_dir, e.g. "downloads/imagery-rescripting-client-a4.pdf"
    size_bytes: int
    pages: int  # PDF pages or deck slides
    edition: datetime.date


# Filled by the download hooks during a build; reset in their on_config so `mkdocs serve` starts afresh.
REGISTRY: list[Download] = []


def downloads_for(audience: str) -> list[Download]:
    """The files of one audience, PDFs first, A4 before Letter."""
    order = {"pdf": 0, "pptx": 1}
    return sorted(
        (d for d in REGISTRY if d.audience == audience), key=lambda d: (order.get(d.format, 9), d.paper or "")
    )


def downloads_enabled() -> bool:
    """False when the DOWNLOADS environment variable switches downloads off (off, 0, false or no) for previews."""
    return os.environ.get("DOWNLOADS", "on").strip().lower() not in {"off", "0", "false", "no"}


def pages_by_audience(config: MkDocsConfig, pages: list[Page], what: str) -> dict[str, list[Page]]:
    """Each audience's pages in navigation order, leaving out audiences with no pages, and those a dirty rebuild
    did not render in full (their `what`, e.g. "PDFs", is skipped with a note)."""
    grouped = {}
    for audience in config.extra["audiences"]:
        chosen = [page for page in pages if page.meta.get("audience") == audience]
        if any(page.content is None for page in chosen):
            log.info(f"Skipping the {audience} {what}: a dirty rebuild did not render every page.")
        elif chosen:
            grouped[audience] = chosen
    return grouped


def read_settings(config: MkDocsConfig) -> Settings:
    """The `extra.downloads` settings of mkdocs.yml, with their defaults."""
    settings = Settings()
    settings.load_dict(dict(config.extra.get("downloads") or {}))
    errors, warnings = settings.validate()
    if errors or warnings:
        problems = "\n  ".join(f"'{key}': {error}" for key, error in [*errors, *warnings])
        raise PluginError(f"mkdocs.yml, extra.downloads:\n  {problems}")
    return settings


def cache_dir(config: MkDocsConfig, settings: Settings, kind: str) -> Path:
    """The cache of one kind of file ('pdf', 'pptx') beside mkdocs.yml, ignored by git."""
    return Path(config.config_file_path).parent / settings["cache"] / kind


# The dates come from hooks/trust.py, which checks every page's review dates and stores them as dates.


def edition_date(pages: list[Page]) -> datetime.date:
    """The date of an edition: the latest review of any of its pages."""
    return max(page.meta["last_reviewed"] for page in pages)


def review_date(pages: list[Page]) -> datetime.date:
    """When an edition is due for review: the earliest next review of any of its pages."""
    return min(page.meta["next_review"] for page in pages)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write a file through `write(temporary_path)` in the same folder, then rename it into place, so a failure
    never leaves a truncated file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    part = Path(name)
    try:
        write(part)
        part.chmod(FILE_MODE)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def publish(config: MkDocsConfig, made: list[tuple[Download, Path]]) -> None:
    """Copy each cached file into site_dir, atomically."""
    for download, cached in made:
        try:
            target = Path(config.site_dir) / download.path
            write_atomically(target, lambda part, source=cached: shutil.copyfile(source, part))
        except OSError as error:
            raise PluginError(f"Couldn't copy '{download.path}' into the site: {error}") from None


def remove_stale(cache: Path, stem: str, *, keep: Path) -> None:
    """Delete older cached versions of one file (same name, another fingerprint)."""
    for old in cache.glob(f"{stem}-*.*"):
        if old.stem != keep.stem and STALE.fullmatch(old.name[len(stem) + 1 :]):
            old.unlink(missing_ok=True)


class Settings(base.Config):
    """`extra.downloads` in mkdocs.yml; every key is optional."""

    # What the documents are called
    title = c.Type(str, default="What Is Imagery Rescripting?")
    file_stem = c.Type(str, default="imagery-rescripting")
    keywords = c.ListOfItems(
        c.Type(str), default=["imagery rescripting", "psychotherapy", "trauma", "PTSD", "memories", "worksheet"]
    )
    # Which editions, and where they go
    papers = c.ListOfItems(c.Choice(("a4", "letter")), default=["a4", "letter"])
    folder = c.Type(str, default="downloads")  # inside site_dir
    cache = c.Type(str, default=".cache/downloads")  # beside mkdocs.yml, a folder per kind of file


# Data

FILE_MODE = 0o644  # mkstemp makes files only their owner can read; a website's files are for everyone
STALE = re.compile(r"[0-9a-f]{20}\.\w+")

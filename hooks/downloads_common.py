"""What the download hooks share: the description of one generated file, and the list of them for this build."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger("downloads")


@dataclass(frozen=True)
class Download:
    """One generated file offered to readers (a PDF edition, a slide deck or the narrated guide)."""

    audience: str  # a key of config.extra.audiences
    format: str  # "pdf" or "pptx"
    paper: str | None  # "a4" or "letter" for PDFs, None for decks
    path: str  # relative to site_dir, e.g. "downloads/imagery-rescripting-client-a4.pdf"
    size_bytes: int
    pages: int  # PDF pages or deck slides (chapters of an audio file)
    edition: datetime.date
    seconds: float = 0  # how long an audio file plays


# Filled by the download hooks during a build; reset in their on_config so `mkdocs serve` starts afresh.
REGISTRY: list[Download] = []


def downloads_for(audience: str) -> list[Download]:
    """The files of one audience, PDFs first, A4 before Letter."""
    order = {"pdf": 0, "pptx": 1, "mp3": 2}
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
    """The `extra.downloads` settings of mkdocs.yml, with their defaults, or a failure naming the setting."""
    data = config.extra.get("downloads")
    if data is not None and not isinstance(data, dict):
        raise PluginError(
            f"Couldn't read 'extra.downloads' in '{config.config_file_path}': expected settings, got {data!r}.\n"
            "  --> write 'downloads:' with indented settings under it (title, file_stem, papers, folder, cache), "
            "or leave it out for the defaults"
        )
    settings = Settings(config_file_path=config.config_file_path)
    settings.load_dict(dict(data or {}))
    errors, warnings = settings.validate()
    if errors or warnings:
        key, error = [*errors, *warnings][0]
        raise PluginError(
            f"Couldn't read 'extra.downloads.{key}' in '{config.config_file_path}': {error}.\n"
            f"  --> {SETTING_HINTS.get(key, 'see README, Downloads, for the settings and their defaults')}"
        )
    return settings


def cache_dir(config: MkDocsConfig, settings: Settings, kind: str) -> Path:
    """The cache of one kind of file ('pdf', 'pptx') beside mkdocs.yml, ignored by git, cleared of the partial files
    of builds that were killed."""
    cache = Path(config.config_file_path).parent / settings["cache"] / kind
    remove_abandoned_parts(cache)
    return cache


# The dates come from hooks/trust.py, which checks every page's review dates and stores them as dates.


def edition_date(pages: list[Page]) -> datetime.date:
    """The date of an edition: the latest review of any of its pages."""
    return max(page.meta["last_reviewed"] for page in pages)


def review_date(pages: list[Page]) -> datetime.date:
    """When an edition is due for review: the earliest next review of any of its pages."""
    return min(page.meta["next_review"] for page in pages)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write a file through `write(temporary_path)` in the same folder, then rename it into place, so a failure
    never leaves a truncated file. The temporary name holds the writer's process id, so that a later build can tell
    the part of a killed build from one still being written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part")
    os.close(handle)
    part = Path(name)
    try:
        write(part)
        part.chmod(FILE_MODE)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def remove_abandoned_parts(folder: Path) -> None:
    """Delete the hidden partial files that a build killed mid-write (SIGKILL, power cut) left behind."""
    for part in folder.glob(".*.part") if folder.is_dir() else []:
        writer = PART_WRITER.search(part.name)
        if writer is None or not process_is_running(int(writer[1])):
            part.unlink(missing_ok=True)


def process_is_running(pid: int) -> bool:
    """Whether a process with this id still runs (then its partial file may still be being written)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return pid != 0


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


class InsidePath(c.BaseConfigOption[str]):
    """A relative folder that stays inside the folder it is relative to: no absolute path, no '..'."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise c.ValidationError(f"expected a folder name, got {value!r}")
        path = PurePosixPath(value.strip().replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or PureWindowsPath(value).drive:
            raise c.ValidationError(f"'{value}' leaves the folder it must stay in")
        return path.as_posix()


class FileStem(c.BaseConfigOption[str]):
    """The start of every download's file name: letters, digits, '.', '_' and '-' only, so never a path."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not FILE_STEM.fullmatch(value):
            raise c.ValidationError(f"{value!r} is not a plain file name")
        return value


class NotEmpty(c.ListOfItems):
    """A list with at least one item: an empty one would silently switch a feature off."""

    def run_validation(self, value: object) -> list:
        items = super().run_validation(value)
        if not items:
            raise c.ValidationError("the list is empty")
        return items


class Settings(base.Config):
    """`extra.downloads` in mkdocs.yml; every key is optional."""

    # What the documents are called
    title = c.Type(str, default="What Is Imagery Rescripting?")
    file_stem = FileStem(default="imagery-rescripting")
    keywords = c.ListOfItems(
        c.Type(str), default=["imagery rescripting", "psychotherapy", "trauma", "PTSD", "memories", "worksheet"]
    )
    # Which editions, and where they go
    papers = NotEmpty(c.Choice(("a4", "letter")), default=["a4", "letter"])
    folder = InsidePath(default="downloads")  # inside site_dir
    cache = InsidePath(default=".cache/downloads")  # beside mkdocs.yml, a folder per kind of file

# Data

FILE_MODE = 0o644  # mkstemp makes files only their owner can read; a website's files are for everyone
STALE = re.compile(r"[0-9a-f]{20}\.\w+")
PART_WRITER = re.compile(r"\.(\d+)\.[^.]*\.part$")  # ".<name>.<pid>.<random>.part"
FILE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SETTING_HINTS = {
    "file_stem": "use letters, digits and hyphens only, e.g. 'imagery-rescripting'",
    "folder": "give a folder inside the site, e.g. 'downloads'",
    "cache": "give a folder beside mkdocs.yml, e.g. '.cache/downloads'",
    "papers": "list one or both of a4 and letter, e.g. 'papers: [a4, letter]'",
}

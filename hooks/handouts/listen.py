"""Narration of a build: which pages are read aloud, the voice that reads them, their audio made in parallel worker
processes through the cache (handouts/cache.py), and the whole guide as one MP3 with a chapter per page.
handouts/narration.py decides what each page says and makes its audio; hooks/narration.py wires this in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from handouts import cache, content, editions, narration, templates
from handouts.page_info import page_info

log = get_plugin_logger("hooks/narration")

# Helper functions


@dataclass(frozen=True)
class PageAudio:
    """One narrated page, as its player shows it."""

    path: str  # the MP3, relative to site_dir, e.g. "downloads/listen/client-sessions.mp3"
    seconds: float
    size_bytes: int
    cached: Path
    opus_path: str  # the Opus file, e.g. "downloads/listen/client-sessions.opus"
    opus_cached: Path

    @property
    def minutes(self) -> int:
        return int(self.seconds // 60)

    @property
    def rest_seconds(self) -> int:
        return round(self.seconds) % 60


def narration_enabled() -> bool:
    """Off with DOWNLOADS=off (every download) or NARRATION=off (audio only, for builds that time the rest)."""
    return editions.downloads_enabled() and os.environ.get("NARRATION", "on").strip().lower() not in OFF


def narrated_pages(config: MkDocsConfig, settings: Settings, pages: list[Page]) -> list[Page]:
    """The pages to narrate, in navigation order: those of the narrated audiences, and the pages named."""
    chosen = [
        page for page in pages
        if page_info(page).audience in settings["audiences"] or page.file.src_uri in settings["pages"]
    ]
    if any(page.content is None for page in chosen):
        log.info("Skipping narration: a dirty rebuild did not render every page.")
        return []
    return chosen


def narrate_pages(config: MkDocsConfig, settings: Settings, voice: narration.Voice, pages: list[Page]) -> dict:
    """Each page's audio: from the cache when its fingerprint is known, else made now in worker processes."""
    rules = speaking_rules(config, settings)
    encoding = narration.Encoding(settings["bitrate"], settings["sample_rate"], settings["opus_bitrate"])
    download_settings = editions.read_settings(config)
    folder = editions.cache_dir(config, download_settings, FORMAT)
    opus_folder = editions.cache_dir(config, download_settings, OPUS)
    jobs = {}
    for page in pages:
        page_rules = rules if page_info(page).audience in settings["audiences"] else without_intro(rules)
        try:
            page_content = content.page_content(page.file.src_uri)
        except LookupError as error:
            raise PluginError(f"Couldn't narrate '{page.file.src_uri}': {error}.\n  --> {CONTENT_HINT}") from None
        script = narration.script_of(page_content, page_rules)
        if not script.parts:
            continue
        key = narration.key_of(script, voice, encoding)
        target = cache.CachedFile(folder, slug(page), f".{FORMAT}", key)
        opus_target = cache.CachedFile(opus_folder, slug(page), f".{OPUS}", key)
        jobs[page.file.src_uri] = narration.Job(page.file.src_uri, script, voice, encoding, target, opus_target)
    run_jobs([job for job in jobs.values() if not job.is_cached()])
    base_path = f"{download_settings['folder']}/{settings['folder']}"
    return {
        src_uri: PageAudio(
            f"{base_path}/{job.target.stem}.{FORMAT}",
            job.target.facts()["seconds"],
            job.target.path.stat().st_size,
            job.target.path,
            f"{base_path}/{job.target.stem}.{OPUS}",
            job.opus_target.path,
        )
        for src_uri, job in jobs.items()
    }


def run_jobs(jobs: list[narration.Job]) -> None:
    """Narrate pages in parallel processes, one log line per page so that a first build never looks stuck."""
    if not jobs:
        log.info("Narration: every page's audio comes from the cache.")
        return
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    threads = max(1, (os.cpu_count() or 1) // workers)
    log.info(f"Narrating {len(jobs)} page(s) in {workers} process(es); the first build takes a few minutes.")
    # Longest first, so that no process is left with a long page after the others have finished
    jobs = sorted((dataclasses.replace(job, threads=threads) for job in jobs), key=lambda job: -job.script.words)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            running = {pool.submit(narration.narrate, job): job for job in jobs}
            for number, done in enumerate(as_completed(running), 1):
                facts = done.result()
                log.info(
                    f"Narrated {running[done].name} ({number}/{len(jobs)}): {facts['seconds']:.0f} s of audio "
                    f"in {facts['synthesis_seconds']:.0f} s"
                )
    except (OSError, ValueError, RuntimeError) as error:
        raise PluginError(f"Couldn't narrate the pages: {error}\n  --> {NARRATION_HINT}") from None


def make_guide(
    config: MkDocsConfig, settings: Settings, pages: list[Page], audio: dict[str, PageAudio]
) -> tuple[editions.Edition, Path]:
    """The whole client guide as one MP3, a chapter per page, made again only when a page's audio changed."""
    download_settings = editions.read_settings(config)
    audience = settings["audiences"][0]
    chapters = [
        narration.Chapter(page.title or page.file.src_uri, audio[page.file.src_uri].cached)
        for page in pages if page.file.src_uri in audio
    ]
    stem = f"{download_settings['file_stem']}-{audience}"
    title = f"{download_settings['title']} {config.extra['audiences'][audience]['label']}"
    folder = editions.cache_dir(config, download_settings, FORMAT)
    key = cache.fingerprint([narration.FORMAT_VERSION, title, *(f"{c.title}\n{c.path.name}" for c in chapters)])
    target = cache.CachedFile(folder, stem, f".{FORMAT}", key)
    if not target.is_cached():
        log.info(f"Joining {len(chapters)} pages into {stem}.{FORMAT}, a chapter per page")
        try:
            narration.join_with_chapters(chapters, target, title=title, author=config.site_author or config.site_name)
        except OSError as error:
            raise PluginError(f"Couldn't make the audio '{stem}.{FORMAT}': {error}") from None
    edition = editions.edition_date(pages)
    download = editions.Edition(
        stem=download_settings["file_stem"],
        audience=audience,
        language=config.theme["language"] or "en",
        format=FORMAT,
        paper=None,
        path=f"{download_settings['folder']}/{stem}.{FORMAT}",
        size_bytes=target.path.stat().st_size,
        pages=len(chapters),
        edition=edition,
        seconds=target.facts()["seconds"],
    )
    return download, target.path


def speaking_rules(config: MkDocsConfig, settings: Settings) -> narration.Rules:
    """The crisis numbers (read digit by digit), the pronunciation list and the help-now line said first."""
    countries = config.extra.get("help_now", ())
    numbers = {number.number for country in countries for number in country.emergency}
    numbers |= {number.number for country in countries for line in country.lines for number in line.numbers}
    template = templates.get_template(config, SPOKEN_TEMPLATE)
    intro = " ".join(template.module.help_now(countries).split())
    return narration.Rules(
        numbers=tuple(sorted(numbers)),
        pronunciations=read_pronunciations(Path(config.config_file_path).parent / settings["pronunciations"]),
        pause_titles=tuple(settings["pause_titles"]),
        pause_seconds=settings["pause_seconds"],
        intro=intro,
    )


def without_intro(rules: narration.Rules) -> narration.Rules:
    """Help now itself is all numbers: it needs no help-now line before it."""
    return narration.Rules(rules.numbers, rules.pronunciations, rules.pause_titles, rules.pause_seconds)


def read_pronunciations(path: Path) -> tuple[tuple[str, str], ...]:
    """The pronunciation list: `term: how to say it`, each term replaced as a whole word, as written."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(
            f"Couldn't read the pronunciation list '{path}': {error}\n  --> {PRONUNCIATION_HINT}"
        ) from None
    entries = (data or {}).get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not all(
        isinstance(term, str) and isinstance(say, str) and term.strip() and say.strip() for term, say in entries.items()
    ):
        raise PluginError(
            f"Couldn't read the pronunciation list '{path}': expected 'terms:' with lines of 'term: how to say it'.\n"
            f"  --> {PRONUNCIATION_HINT}"
        )
    return tuple((term.strip(), say.strip()) for term, say in entries.items())


def find_voice(name: str, settings: Settings, config: MkDocsConfig) -> narration.Voice:
    """The model of a voice package, checked against the sha256 in the settings before any use."""
    spec = settings["voice_models"].get(name)
    where = f"extra.narration.voice_models.{name}"
    if not isinstance(spec, dict) or not {"model", "sha256"} <= spec.keys():
        raise PluginError(
            f"Couldn't find '{where}' in '{config.config_file_path}'.\n"
            f"  --> give the voice's model file and its sha256: '{name}: {{model: NAME.onnx, sha256: HEX}}'"
        )
    try:
        files = importlib.metadata.distribution(name).files or []
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(
            f"Couldn't find the voice package '{name}' named in '{config.config_file_path}'.\n"
            "  --> install the project's dependencies: pip install --constraint constraints.txt ."
        ) from None
    found = [file for file in files if file.name == spec["model"]]
    if not found:
        raise PluginError(f"Couldn't find the model '{spec['model']}' in the voice package '{name}' ({where}).")
    model = Path(found[0].locate()).resolve()
    actual = sha256_of(model, model.stat().st_mtime_ns)
    if actual != spec["sha256"].lower():
        raise PluginError(
            f"The voice model '{model.name}' of '{name}' has the sha256 {actual}, not the one in '{where}.sha256' "
            f"({config.config_file_path}).\n  --> reinstall the pinned voice; change the setting only after checking "
            "the new model"
        )
    return narration.Voice(model, model.with_name(model.name + ".json"), actual, settings["pace"])


@lru_cache(maxsize=8)
def sha256_of(path: Path, mtime_ns: int) -> str:
    """The sha256 of a file, once per build and version of the file (`mtime_ns` is part of the cache key)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def slug(page: Page) -> str:
    """A file name for a page's audio from its URL: 'client/sessions/' -> 'client-sessions'."""
    return page.url.strip("/").replace("/", "-").removesuffix(".html") or "home"


def read_settings(config: MkDocsConfig) -> Settings:
    """The `extra.narration` settings of mkdocs.yml, with their defaults, or a failure naming the setting."""
    data = config.extra.get("narration")
    if data is not None and not isinstance(data, dict):
        raise PluginError(
            f"Couldn't read 'extra.narration' in '{config.config_file_path}': expected settings, got {data!r}.\n"
            "  --> see README, 'Narration', for the settings and their defaults"
        )
    settings = Settings(config_file_path=config.config_file_path)
    settings.load_dict(dict(data or {}))
    errors, warnings = settings.validate()
    if errors or warnings:
        key, error = [*errors, *warnings][0]
        raise PluginError(
            f"Couldn't read 'extra.narration.{key}' in '{config.config_file_path}': {error}.\n"
            "  --> see README, 'Narration', for the settings and their defaults"
        )
    unknown = [audience for audience in settings["audiences"] if audience not in config.extra["audiences"]]
    if unknown:
        raise PluginError(
            f"Couldn't find the audience '{unknown[0]}' of 'extra.narration.audiences' in 'extra.audiences' "
            f"({config.config_file_path}).\n  --> name an audience listed under extra.audiences"
        )
    return settings


class Settings(base.Config):
    """`extra.narration` in mkdocs.yml; every key is optional."""

    # Which voice reads which language (theme.language): a pip package bundling a Piper voice. No voice, no player.
    voices = c.DictOfItems(c.Type(str), default={})
    # Each voice package's model file and its sha256, checked before use
    voice_models = c.DictOfItems(c.Type(dict), default={})
    # What is narrated: the pages of these audiences (the first one's pages make the whole-guide file), and these
    audiences = editions.NotEmpty(c.Type(str), default=["client"])
    pages = c.ListOfItems(c.Type(str), default=["help-now.md"])
    # How it is said
    pronunciations = c.Type(str, default="data/pronunciations.yml")
    pause_titles = c.ListOfItems(c.Type(str), default=["Pause here"])
    pause_seconds = c.Type((int, float), default=5)
    pace = c.Type((int, float), default=1.1)  # Piper's length scale: above 1 is slower (about 150 words a minute)
    # How it is stored: Opus for the player (half the bytes), MP3 for the fallback and the download; mono
    opus_bitrate = c.Choice((6, 8, 10, 12, 16), default=8)  # kbit/s: 8 is about 57 KB a spoken minute
    bitrate = c.Choice((8, 16, 24, 32), default=16)  # kbit/s, of the MP3: below 16 it cannot be understood
    sample_rate = c.Choice((11025, 16000, 22050), default=22050)  # Hz
    folder = editions.InsidePath(default="listen")  # inside the downloads folder


# Data

FORMAT = "mp3"
OPUS = "opus"  # Opus in Ogg, served as audio/ogg
OFF = {"off", "0", "false", "no"}
SPOKEN_TEMPLATE = "partials/audio-script.html"
NARRATION_HINT = "check that piper-tts, lameenc, av and the voice package are installed (constraints.txt)"
CONTENT_HINT = "list hooks/content.py under 'hooks:' in mkdocs.yml, before hooks/narration.py"
PRONUNCIATION_HINT = "see data/pronunciations.yml: 'terms:' then one 'term: how to say it' a line"

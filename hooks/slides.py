"""PowerPoint: one editable 16:9 deck per audience, made from the content model of its pages (hooks/content.py).

hooks/handouts/deck_plan.py decides what each slide says; hooks/deck.py does the python-pptx work. Decks are
planned in `on_env`, once every page's HTML exists and before any page is rendered, so the download panel can
show their size and slide count; an unchanged deck comes from the cache. `on_post_build` copies them into site_dir.
`DOWNLOADS=off` switches them off for quick previews.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import jinja2

# The hooks folder is on sys.path while MkDocs imports a hook (MkDocs >= 1.6), so sibling modules import directly.
# `downloads` is the PDF hook: imported here only for its pure helpers, so decks and PDFs share settings and dates.
from handouts import content, deck, deck_plan, editions
from handouts.cache import remove_stale
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Forget the previous build (`mkdocs serve` keeps this module loaded)."""
    _state.clear()
    editions.REGISTRY[:] = [d for d in editions.REGISTRY if d.format != FORMAT]


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the order of the slides."""
    _state["pages"] = list(nav.pages)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    """Make the decks now that every page's HTML is ready, and list them for the download panel."""
    if not editions.downloads_enabled():
        return
    made = make_decks(config, _state.get("pages", []))
    _state["made"] = made
    editions.REGISTRY.extend(download for download, _ in made)


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Copy each deck from the cache into site_dir, atomically."""
    editions.publish(config, _state.get("made", []))


# Helper functions


def make_decks(config: MkDocsConfig, pages: list[Page]) -> list[tuple[editions.Download, Path]]:
    """Make (or take from the cache) one deck per audience that has pages."""
    settings = editions.read_settings(config)
    made = []
    for audience, audience_pages in editions.pages_by_audience(config, pages, "deck").items():
        spec = deck_spec(config, settings, audience, audience_pages)
        made.append(make_deck(config, settings, audience, spec))
    return made


def make_deck(
    config: MkDocsConfig, settings: editions.Settings, audience: str, spec: deck.DeckSpec
) -> tuple[editions.Download, Path]:
    """One deck in the cache, made only when its fingerprint is new; return its Download and cached path."""
    name = f"{settings['file_stem']}-{audience}.{FORMAT}"
    cache = editions.cache_dir(config, settings, FORMAT)
    key = deck.fingerprint(spec)[:20]
    cached = cache / f"{Path(name).stem}-{key}.{FORMAT}"
    facts = cached.with_suffix(".json")
    if not (cached.is_file() and facts.is_file()):
        log.debug(f"Making {name}")
        try:
            slides = deck.write_deck(spec, cached)
            editions.write_atomically(facts, lambda part: part.write_text(json.dumps({"slides": slides})))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise PluginError(f"Couldn't make the deck '{name}' for the {audience} pages: {error}") from None
        remove_stale(cache, Path(name).stem, keep=cached)
    slides = json.loads(facts.read_text(encoding="utf-8"))["slides"]
    path = f"{settings['folder']}/{name}"
    download = editions.Download(audience, FORMAT, None, path, cached.stat().st_size, slides, spec.edition)
    return download, cached


def deck_spec(
    config: MkDocsConfig, settings: editions.Settings, audience: str, pages: list[Page]
) -> deck_plan.DeckSpec:
    """Everything one audience's deck is made from: the content of its pages, and facts from mkdocs.yml."""
    if not config.site_url:
        raise PluginError(
            f"Couldn't make the QR code for the {audience} deck: 'site_url' is not set.\n"
            "  --> set site_url in mkdocs.yml (or the SITE_URL environment variable)"
        )
    labels = config.extra["audiences"][audience]
    help_title, help_headers, help_lines = help_now(config, audience)
    return deck_plan.DeckSpec(
        title=settings["title"],
        subtitle=labels["label"],
        url=urljoin(config.site_url, f"{audience}/"),
        edition=editions.edition_date(pages),
        site_name=config.site_name,
        author=config.site_author or config.site_name,
        subject=pages[0].meta.get("description", config.site_description or "").strip(),
        keywords=", ".join([*settings["keywords"], labels.get("tag", audience)]),
        licence=licence_line(config, editions.edition_date(pages)),
        language=config.theme["language"] or "en",
        direction=config.theme.get("direction") or "ltr",  # hooks/languages.py sets it from the language
        accent=accent_colour(config, audience),
        pages=tuple(content.page_content(page.file.src_uri) for page in pages),
        help_title=help_title,
        help_headers=help_headers,
        help_lines=help_lines,
        labels=deck_labels(config, editions.edition_date(pages)),
    )


def help_now(config: MkDocsConfig, audience: str) -> tuple[str, tuple[str, ...], tuple[deck_plan.HelpLine, ...]]:
    """The help-now slide of a client deck: its title, column headings and a line per number, from the one help-lines
    data file (hooks/help_lines.py) that the Help now page and the PDFs also read, in the build's language (the
    interface text of overrides/partials/strings/<code>.html, through hooks/languages.py)."""
    if audience not in HELP_NOW_AUDIENCES:
        return "", (), ()
    ui = config.extra["ui"]
    headers = (ui["deck.where"], ui["deck.emergency"], ui["deck.who"])
    lines = []
    for country in config.extra.get("help_now", ()):
        emergency = f" {ui['help_lines.or']} ".join(number.number for number in country.emergency)
        lines.append(deck_plan.HelpLine(country.name, headers[1], emergency))
        lines += [deck_plan.HelpLine(country.name, line.label, ways(line, ui)) for line in country.lines]
    return ui["deck.help_title"], headers, tuple(lines)


def ways(line: object, ui: dict) -> str:
    """How to reach a line, in plain text in the build's language: 'call 116 123; text SHOUT to 85258'."""
    return "; ".join(
        f"{ui['help_lines.call']} {n.number}" if n.kind == "call"
        else f"{ui['help_lines.text']} " + (f"{n.keyword} {ui['help_lines.text_to']} " if n.keyword else "") + n.number
        for n in line.numbers
    )


def deck_labels(config: MkDocsConfig, edition: datetime.date) -> deck_plan.Labels:
    """The deck's own words in the build's language, from our interface text (hooks/languages.py)."""
    ui = config.extra["ui"]
    month = ui["months"].split("|")[edition.month - 1]
    return deck_plan.Labels(
        content_note=ui["deck.content_note"],
        continued=f" ({ui['deck.continued']})",
        edition=ui["deck.edition"].format(date=ui["date"].format(day=edition.day, month=month, year=edition.year)),
        answer=ui["deck.answer"],
        checkbox=f"\u2610 {ui['deck.yes']}",
        closing_title=ui["deck.closing_title"],
        closing_hint=ui["deck.closing_hint"],
    )


def licence_line(config: MkDocsConfig, edition: datetime.date) -> str:
    """The deck's licence line in the build's language, as the PDFs' (our interface text, hooks/languages.py)."""
    licence = config.extra["licence"]
    return plain_text(config.extra["ui"]["licence.copyright"].format(
        year=edition.year, publisher=config.extra["publisher"]["name"],
        licence=licence["content"]["name"], code=licence["code"]["name"],
    ))


def accent_colour(config: MkDocsConfig, audience: str) -> str:
    """The audience's colour: the `--accent` of its print stylesheet (overrides/pdf/<audience>.css), one place for
    the colour of its PDF and its deck."""
    stylesheet = Path(config.theme.custom_dir or "overrides") / "pdf" / f"{audience}.css"
    match = ACCENT.search(stylesheet.read_text(encoding="utf-8")) if stylesheet.is_file() else None
    return match[1].upper() if match else DEFAULT_ACCENT


def plain_text(markup: str) -> str:
    """Text without tags or character references, on one line."""
    return " ".join(html.unescape(TAG.sub("", markup)).split())


# Data

FORMAT = "pptx"
TAG = re.compile(r"<[^>]+>")
HELP_NOW_AUDIENCES = ("client",)  # decks that open with the crisis numbers
ACCENT = re.compile(r"--accent:\s*#([0-9a-fA-F]{6})")
DEFAULT_ACCENT = "00695C"

# This build's pages in navigation order and the decks made: reset in on_config.
_state: dict = {}

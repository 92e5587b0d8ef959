"""What a deck is made from: one audience's pages (their content model) and the facts of mkdocs.yml, in the build's
language, as a `DeckSpec`. handouts/deck_plan.py decides what each slide says; handouts/deck.py draws it.
"""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from handouts import content, deck_plan, editions, print_document
from handouts.page_info import page_info

# Helper functions


def spec_for(
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
        subject=page_info(pages[0]).description.strip(),
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
    stylesheet = print_document.print_dir(config) / f"{audience}.css"
    match = ACCENT.search(stylesheet.read_text(encoding="utf-8")) if stylesheet.is_file() else None
    return match[1].upper() if match else DEFAULT_ACCENT


def plain_text(markup: str) -> str:
    """Text without tags or character references, on one line."""
    return " ".join(html.unescape(TAG.sub("", markup)).split())


# Data

TAG = re.compile(r"<[^>]+>")
HELP_NOW_AUDIENCES = ("client",)  # decks that open with the crisis numbers
ACCENT = re.compile(r"--accent:\s*#([0-9a-fA-F]{6})")
DEFAULT_ACCENT = "00695C"

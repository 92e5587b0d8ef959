"""Help lines: the checked data file of crisis and help lines (`extra.help_lines`) read into countries, lines and
numbers, and the `<!-- help-lines -->` markers of a page filled from it (for hooks/help_lines.py)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from handouts import templates

# Helper functions


@dataclass(frozen=True)
class Number:
    """One number to call or text, as people read it ("116 123"), and the link that dials it."""

    kind: str  # "call" or "text"
    number: str
    keyword: str | None = None

    @property
    def href(self) -> str:
        """A tel: or sms: link; a text keyword goes in the message body."""
        digits = re.sub(r"\D", "", self.number)
        if self.kind == "call":
            return f"tel:{digits}"
        return f"sms:{digits}" + (f"?body={self.keyword}" if self.keyword else "")


@dataclass(frozen=True)
class HelpLine:
    """A service people can call or text, who it is for, when it is open and where its number was checked."""

    name: str
    area: str | None
    numbers: tuple[Number, ...]
    open: str
    who: str
    short: bool
    checked_at: str

    @property
    def label(self) -> str:
        """The service's name with the part of the country it serves, e.g. 'Lifeline (Northern Ireland)'."""
        return f"{self.name} ({self.area})" if self.area else self.name

    @property
    def ways(self) -> str:
        """How to reach the line, in plain text: 'call 116 123; text SHOUT to 85258'."""
        return "; ".join(
            f"call {n.number}" if n.kind == "call" else f"text {n.keyword + ' to ' if n.keyword else ''}{n.number}"
            for n in self.numbers
        )


@dataclass(frozen=True)
class Country:
    """The emergency numbers and help lines of one country."""

    name: str
    emergency: tuple[Number, ...]
    emergency_checked_at: str
    lines: tuple[HelpLine, ...]

    @property
    def short_lines(self) -> tuple[HelpLine, ...]:
        """The lines the short help-now box shows."""
        return tuple(line for line in self.lines if line.short)


class TextOption(base.Config):
    """A number to text, with the word to send where the service asks for one."""

    number = c.Type(str)
    keyword = c.Optional(c.Type(str))


class LineOptions(base.Config):
    """One help line as written in the data file."""

    name = c.Type(str)
    area = c.Optional(c.Type(str))
    call = c.ListOfItems(c.Type(str), default=[])
    text = c.Optional(c.Type(dict))  # checked against TextOption, so an error can name the line
    open = c.Type(str)
    who = c.Type(str)
    short = c.Type(bool, default=False)
    checked_at = c.URL()
    note = c.Optional(c.Type(str))  # how the line was checked, for reviewers; not shown


class EmergencyOptions(base.Config):
    """A country's emergency numbers and the page they were checked on."""

    numbers = c.ListOfItems(c.Type(str))
    checked_at = c.URL()


class CountryOptions(base.Config):
    """One country as written in the data file; its lines are checked one by one so errors can name them."""

    name = c.Type(str)
    emergency = c.SubConfig(EmergencyOptions)
    lines = c.ListOfItems(c.Type(dict))


class FileOptions(base.Config):
    """The whole data file."""

    checked = c.Type(datetime.date)
    countries = c.ListOfItems(c.Type(dict))


def help_lines_path(config: MkDocsConfig) -> Path:
    """The data file named by `extra.help_lines`, relative to mkdocs.yml."""
    name = config.extra.get("help_lines")
    if not isinstance(name, str) or not name:
        raise PluginError(
            "Couldn't find the help lines: 'extra.help_lines' is not set.\n"
            "  --> set extra.help_lines in mkdocs.yml to the data file, e.g. data/help-lines.yml"
        )
    return Path(config.config_file_path).parent / name


def load_help_lines(path: Path) -> tuple[Country, ...]:
    """Every country and line in the file, checked; any problem is a PluginError naming the file and the entry."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PluginError(
            f"Couldn't find the help lines file '{path}'.\n  --> check extra.help_lines in mkdocs.yml"
        ) from None
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"Couldn't read the help lines file '{path}': {error}") from None
    top = validated(FileOptions, raw, path, "the file")
    countries = tuple(read_country(entry, path, index) for index, entry in enumerate(top.countries, start=1))
    if not countries:
        raise PluginError(f"Couldn't find any country in the help lines file '{path}'.")
    return countries


def read_country(entry: dict, path: Path, index: int) -> Country:
    """One country, with its emergency numbers and lines."""
    options = validated(CountryOptions, entry, path, f"country {index}")
    where = f"country '{options.name}'"
    emergency = tuple(Number("call", checked_number(n, path, where)) for n in options.emergency.numbers)
    if not emergency:
        raise PluginError(f"Couldn't read the help lines file '{path}': {where} has no emergency number.")
    lines = tuple(read_line(line, path, where, position) for position, line in enumerate(options.lines, start=1))
    return Country(options.name, emergency, options.emergency.checked_at, lines)


def read_line(entry: dict, path: Path, country: str, position: int) -> HelpLine:
    """One help line, with at least one number to call or text."""
    name = entry.get("name") if isinstance(entry, dict) else None
    where = f"{country}, line '{name}'" if isinstance(name, str) else f"{country}, line {position}"
    options = validated(LineOptions, entry, path, where)
    numbers = tuple(Number("call", checked_number(n, path, where)) for n in options.call)
    if options.text is not None:
        text = validated(TextOption, options.text, path, f"{where}, text")
        keyword = text.keyword
        if keyword is not None and not KEYWORD.fullmatch(keyword):
            raise PluginError(
                f"Couldn't read the help lines file '{path}': {where}: the text keyword '{keyword}' is not one word "
                "in capitals.\n  --> write it as people type it, e.g. SHOUT"
            )
        numbers += (Number("text", checked_number(text.number, path, where), keyword),)
    if not numbers:
        raise PluginError(
            f"Couldn't read the help lines file '{path}': {where} has no number to call or text.\n"
            "  --> add `call` or `text`, or leave the line out if its number could not be checked"
        )
    return HelpLine(options.name, options.area, numbers, options.open, options.who, options.short, options.checked_at)


def validated(schema: type[base.Config], raw: object, path: Path, where: str) -> base.Config:
    """A mapping checked against a schema; errors name the file and the entry, unknown keys are errors too."""
    if not isinstance(raw, dict):
        raise PluginError(f"Couldn't read the help lines file '{path}': {where} is not a mapping of options.")
    options = schema(config_file_path=str(path))
    options.load_dict(raw)
    errors, warnings = options.validate()
    problems = [f"'{key}': {error}" for key, error in errors] + [f"'{key}': {warning}" for key, warning in warnings]
    if problems:
        raise PluginError(
            f"Couldn't read the help lines file '{path}': {where}: " + "; ".join(problems) + "\n"
            "  --> see the rules at the top of the file"
        )
    return options


def checked_number(number: str, path: Path, where: str) -> str:
    """A phone number written as digits, with single spaces between groups."""
    if not NUMBER.fullmatch(number):
        raise PluginError(
            f"Couldn't read the help lines file '{path}': {where}: '{number}' is not a phone number.\n"
            "  --> write digits with single spaces, as people read it, e.g. 116 123"
        )
    return number


def replace_markers(html: str, page: Page, config: MkDocsConfig) -> str:
    """A page's HTML with each help-lines marker replaced by the lines it names; an unknown marker stops the build."""
    return MARKER.sub(lambda match: render_marker(match["name"], page, config), html)


def render_marker(name: str, page: Page, config: MkDocsConfig) -> str:
    """The HTML one marker asks for."""
    if name not in MARKERS:
        raise PluginError(
            f"Couldn't find the help-lines marker '{name}' in '{page.file.src_uri}'.\n"
            f"  --> use one of: {', '.join(sorted(MARKERS))}"
        )
    macros = templates.get_template(config, TEMPLATE).make_module({"config": config})  # text in its language
    countries = config.extra["help_now"]
    return str(getattr(macros, MARKERS[name])(countries)).strip()


# Data

TEMPLATE = "partials/help-lines.html"
MARKER_START = "<!-- help-lines"
MARKER = re.compile(r"<!-- (?P<name>help-lines(?:-[a-z]+)*) -->")
# Marker name -> the macro of TEMPLATE that renders it: every line (the Help now page), or the short list in a box.
MARKERS = {"help-lines": "page_list", "help-lines-short": "inline_box"}
NUMBER = re.compile(r"\d+(?: \d+)*")
KEYWORD = re.compile(r"[A-Z]+")

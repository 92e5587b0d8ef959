"""Citations in Markdown (`[@key]`, `@key`): read, checked against the bibliography, and written as APA 7 links, a
list at the end of each page that cites and a References page (for hooks/citations.py)."""

from __future__ import annotations

import datetime
import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2.environment import TemplateModule
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_build_datetime
from mkdocs.utils.meta import get_data

from handouts import templates
from handouts.bibliography import Bibliography, Reference
from handouts.page_info import fill_page_info, page_info
from handouts.review_dates import ReviewDates
from handouts.translations import settings as editions

log = get_plugin_logger("hooks/citations")

# Helper functions: a site and its pages


def check_site(files: Files, config: MkDocsConfig) -> tuple[Bibliography, File] | None:
    """Check every citation in every page against the bibliography: the bibliography and the References page, or
    None for a site that cites nothing (it needs no bibliography)."""
    sources = [Source.from_file(file) for file in files.documentation_pages()]
    for source in sources:
        check_written_well(source)
    if not any(source.citations for source in sources):
        return None
    bibliography = Bibliography.load(Path(config.config_file_path).parent / BIBLIOGRAPHY, name=BIBLIOGRAPHY)
    citing = cited_by(sources, bibliography)
    if not editions.is_translation(config):  # a translated edition has some pages only: English checks them all
        warn_unused(bibliography, citing)
    content = references_page(bibliography, citing, config=config)
    return bibliography, File.generated(config, REFERENCES_PAGE, content=content, inclusion=InclusionLevel.NOT_IN_NAV)


def link_citations(markdown: str, page: Page, bibliography: Bibliography | None, *, config: MkDocsConfig) -> str | None:
    """Each citation turned into links to the page's reference list; the works the page cites go into its page info."""
    cites = bibliography is not None and page.file.src_uri != REFERENCES_PAGE
    citations = find_citations(markdown) if cites else []
    if not citations:
        fill_page_info(page, references=())
        return None
    check_keys(citations, bibliography, page.file.src_uri, first_line(page.file.content_string, markdown))
    cited = bibliography.ordered({cite.key for citation in citations for cite in citation.cites})
    fill_page_info(page, references=tuple(cited))
    macros = template(config, REFERENCES_TEMPLATE)
    return replace_citations(
        markdown, lambda citation: in_text(citation, bibliography, macros.link, macros.parenthetical)
    )


def add_page_list(html: str, page: Page, *, config: MkDocsConfig) -> str | None:
    """A page that cites, ended with the list of the works it cites (so it reaches the PDFs too)."""
    info = page_info(page)
    if not info.references:
        return None
    module = template(config, REFERENCES_TEMPLATE)
    heading = str(module.heading(info.audience, config.extra["ui"])).strip()
    add_to_toc(page, AnchorLink(heading, LIST_ID, 2))
    return html + str(module.page_list(info.references, heading, LIST_ID))


# Helper functions: records


@dataclass(frozen=True)
class Cite:
    """One work inside a citation: its key and an optional locator, e.g. "p. 300"."""

    key: str
    locator: str = ""

    @classmethod
    def parse(cls, text: str) -> Cite:
        """Read `@key` or `@key, p. 300`."""
        key, _, locator = text.strip().removeprefix("@").partition(",")
        # The locator is text: "pp. 30&ndash;35" means an en dash, and the citation template escapes what it prints.
        return cls(key.strip(), html.unescape(locator.strip()))


@dataclass(frozen=True)
class Citation:
    """A citation as written: `[@a; @b, p. 3]` (parenthetical) or `@a` (narrative), and its line in the text."""

    cites: tuple[Cite, ...]
    narrative: bool
    line: int

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Citation:
        """Read a citation that TOKEN matched (not a code span)."""
        line = match.string.count("\n", 0, match.start()) + 1
        if match["narrative"]:
            return cls((Cite(match["narrative"]),), narrative=True, line=line)
        return cls(tuple(map(Cite.parse, CITE_SEPARATOR.split(match["cites"]))), narrative=False, line=line)


@dataclass(frozen=True)
class Source:
    """A page as written: its file, title and front matter, the file line its body starts on, and its citations."""

    file: File
    title: str
    meta: dict
    start: int
    citations: list[Citation]
    mistakes: list[tuple[int, str]]  # (line in the body, what is wrong) for citations that would print as typed

    @classmethod
    def from_file(cls, file: File) -> Source:
        """Read a Markdown file the way MkDocs will, before any hook has changed it."""
        text = file.content_string
        body, meta = get_data(text)
        heading = H1.search(body)
        title = meta.get("title") or (heading[1].strip() if heading else Path(file.src_uri).stem)
        return cls(file, str(title), meta, first_line(text, body), find_citations(body), find_mistakes(body))


# Helper functions: reading citations


def find_citations(markdown: str) -> list[Citation]:
    """Every citation in Markdown, outside code, comments and HTML tags."""
    return [Citation.from_match(match) for match in TOKEN.finditer(markdown)
            if match["code"] is None and match["broken"] is None]


def find_mistakes(markdown: str) -> list[tuple[int, str]]:
    """Citations that would reach readers as typed, or break the page: each as (line, what is wrong), in order."""
    link_texts = [range(*match.span()) for match in LINK_TEXT.finditer(markdown)]
    mistakes = []
    for match in TOKEN.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        if match["code"] is not None and FORM_FENCE.match(match["code"]):
            inside = CITATION_LIKE.search(match["code"])
            if inside:
                mistakes.append((
                    line + match["code"].count("\n", 0, inside.start()),
                    f"the citation '{inside[0]}' is inside a form, which prints it as typed; "
                    "cite the work in the text before the form",
                ))
        elif match["code"] is not None:
            continue
        elif match["broken"] is not None:
            mistakes.append((line, f"'{match['broken']}' is not a citation: write [@key] or [@key, p. 3], "
                                   "with a key from the bibliography and a closing ']'"))
        elif any(match.start() in text for text in link_texts):
            mistakes.append((line, f"the citation '{match[0]}' is inside the text of a link, which would put a "
                                   "link inside a link; move it out of the brackets"))
    return mistakes


def check_written_well(source: Source) -> None:
    """Fail on the first citation that would print as typed, naming the page and the line."""
    if source.mistakes:
        line, problem = source.mistakes[0]
        raise PluginError(
            f"Page '{source.file.src_uri}', line {source.start + line}: {problem}.\n"
            "  --> see 'Citations' in CONTRIBUTING.md"
        )


def replace_citations(markdown: str, render: Callable[[Citation], str]) -> str:
    """Markdown with each citation replaced by what `render` makes of it; code is left as written."""
    def replace(match: re.Match[str]) -> str:
        written_as_is = match["code"] is not None or match["broken"] is not None
        return match[0] if written_as_is else render(Citation.from_match(match))

    return TOKEN.sub(replace, markdown)


def first_line(text: str, body: str) -> int:
    """How many lines of the file come before its body (the front matter), to report file line numbers."""
    return text[: len(text) - len(body)].count("\n") if text.endswith(body) else 0


def check_keys(citations: list[Citation], bibliography: Bibliography, src_uri: str, start: int) -> None:
    """Fail on the first key that is not in the bibliography, naming the page, the line and the key."""
    for citation in citations:
        for cite in citation.cites:
            if cite.key not in bibliography:
                close = difflib.get_close_matches(cite.key, list(bibliography.references), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise PluginError(
                    f"Couldn't find the citation key '{cite.key}' cited in '{src_uri}' on line "
                    f"{start + citation.line}{hint}.\n"
                    f"  --> add the work to '{bibliography.name}', or correct the key"
                )


def cited_by(sources: list[Source], bibliography: Bibliography) -> dict[str, list[Source]]:
    """The pages that cite each key, failing on unknown keys."""
    citing: dict[str, list[Source]] = {}
    for source in sources:
        check_keys(source.citations, bibliography, source.file.src_uri, source.start)
        for key in dict.fromkeys(cite.key for citation in source.citations for cite in citation.cites):
            citing.setdefault(key, []).append(source)
    return citing


def warn_unused(bibliography: Bibliography, citing: dict[str, list[Source]]) -> None:
    """Warn once about entries no page cites (fatal under --strict, which keeps the bibliography honest)."""
    unused = [key for key in bibliography.references if key not in citing]
    if unused:
        log.warning(
            f"The bibliography '{bibliography.name}' has {len(unused)} entr{'ies' if len(unused) > 1 else 'y'} "
            f"that no page cites: {', '.join(unused)}.\n  --> cite them or remove them from the file"
        )


# Helper functions: writing citations and reference lists


def in_text(
    citation: Citation,
    bibliography: Bibliography,
    link: Callable[[Reference, str], str],
    enclose: Callable[[list[str]], str],
) -> str:
    """APA 7 in-text citation: "Arntz (2012)", or "(Arntz, 2012, 2015; Holmes et al., 2007, p. 300)"."""
    if citation.narrative:
        reference = bibliography[citation.cites[0].key]
        return str(link(reference, f"{reference.narrative} ({reference.year})"))
    parts: list[str] = []
    previous: Reference | None = None
    for cite in sorted(citation.cites, key=lambda cite: bibliography.position(cite.key)):
        reference = bibliography[cite.key]
        when = ", ".join(filter(None, [reference.year, cite.locator]))
        if previous is not None and previous.names == reference.names:
            parts[-1] += ", " + str(link(reference, when))  # same authors: "(Arntz, 2012, 2015)"
        else:
            parts.append(str(link(reference, f"{reference.names}, {when}")))
        previous = reference
    return str(enclose(parts))


def add_to_toc(page: Page, anchor: AnchorLink) -> None:
    """List a section added after rendering in the page's table of contents, under the page title."""
    items = page.toc.items
    if items and items[0].level == 1:
        items = items[0].children
    items.append(anchor)


def references_page(bibliography: Bibliography, citing: dict[str, list[Source]], *, config: MkDocsConfig) -> str:
    """The Markdown of the References page: every cited work in APA order, then how to cite this resource."""
    entries = [{"reference": reference, "pages": citing[reference.id]} for reference in bibliography.ordered(citing)]
    front_matter = {**REFERENCES_FRONT_MATTER, **review_dates([page for pages in citing.values() for page in pages])}
    return "\n\n".join([
        f"---\n{yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True)}---",
        f"# {REFERENCES_FRONT_MATTER['title']}",
        str(template(config, REFERENCES_TEMPLATE).all_references(entries)),
        str(template(config, CITE_THIS_TEMPLATE).cite_this(how_to_cite(config))),
    ]) + "\n"


def review_dates(sources: list[Source]) -> dict[str, datetime.date]:
    """The References page is only as fresh as the pages that cite: their earliest review and next review."""
    dates = [ReviewDates.from_meta(source.meta, page=f"'{source.file.src_uri}'") for source in sources]
    return {
        "last_reviewed": min(d.last_reviewed for d in dates),
        "next_review": min(d.next_review for d in dates),
    }


def how_to_cite(config: MkDocsConfig) -> dict[str, str]:
    """This resource as a reference: author, year, title and address from mkdocs.yml, and a BibTeX record."""
    author = config.site_author or config.site_name
    year = str(get_build_datetime().year)
    url = config.site_url or ""
    key = re.sub(r"\W", "", config.site_name.casefold()) + year
    bibtex = "\n".join([
        f"@misc{{{key},",
        f"  author = {{{{{author}}}}},",
        f"  title = {{{config.site_name}}},",
        f"  year = {{{year}}},",
        f"  url = {{{url}}},",
        "}",
    ])
    return {"author": author, "year": year, "title": config.site_name, "url": url, "bibtex": bibtex}


def template(config: MkDocsConfig, name: str) -> TemplateModule:
    """The macros of a theme template, e.g. those that write citations and reference lists."""
    return templates.get_template(config, name).module


# Data

BIBLIOGRAPHY = "bibliography/references.json"
REFERENCES_PAGE = "references.md"
REFERENCES_TEMPLATE = "partials/references.html"
CITE_THIS_TEMPLATE = "partials/cite-this.html"
LIST_ID = "references"
REFERENCES_FRONT_MATTER = {
    "title": "References",
    "description": (
        "Every work this resource cites, in APA 7th edition style, with links to the pages that cite it and how "
        "to cite this resource."
    ),
    "audience": "everyone",
}
# Pandoc citation keys: letters, digits and underscores, with internal ':', '.', '/' or '-'.
KEY = r"[A-Za-z0-9_]+(?:[:./-][A-Za-z0-9_]+)*"
# A locator after a comma, e.g. ", p. 300" or ", pp. 30&ndash;35" (an entity's ';' does not end the citation).
LOCATOR = r"(?:,(?:&#?\w+;|[^;\]\n])*)?"
BRACKETED = rf"\[(?P<cites>@{KEY}{LOCATOR}(?:;[ \t]*@{KEY}{LOCATOR})*)\](?![(\[])"
# A narrative citation starts a word: "foo@bar.org" (e-mail), "/@user" (URL) and "[@x](url)" (link) are not citations.
NARRATIVE = rf"(?<![\w@.\\/:+\[-])@(?P<narrative>{KEY})"
FENCED_CODE = r"^[ \t]*(?P<fence>`{3,}|~{3,}).*\n(?:.*\n)*?(?:[ \t]*(?P=fence)[`~]*[ \t]*$|.*\Z)"
INLINE_CODE = r"(?P<ticks>`+).*?(?P=ticks)"
HTML_COMMENT = r"<!--[\s\S]*?-->"
HTML_TAG = r"</?[A-Za-z][^>\n]*>"
# What starts like a bracketed citation but is not one: "[@key" never closed, "[@]", "[@key text]" (not a link).
BROKEN = r"(?P<broken>\[@[^\]\n]*(?:\]|$))(?![(\[])"
TOKEN = re.compile(
    rf"(?P<code>{FENCED_CODE}|{INLINE_CODE}|{HTML_COMMENT}|{HTML_TAG})|{BRACKETED}|{NARRATIVE}|{BROKEN}", re.MULTILINE
)
CITE_SEPARATOR = re.compile(r";[ \t]*(?=@)")  # not the ';' that ends an entity in a locator
FORM_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*form[ \t]*\n")
CITATION_LIKE = re.compile(rf"\[@[^\]\n]*\]?|{NARRATIVE}")
# The text of a link or image: brackets (holding at most one level of brackets) followed by "(" or "[".
LINK_TEXT = re.compile(r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\](?=[(\[])")
H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)

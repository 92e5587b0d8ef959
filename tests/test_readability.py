"""Plain-language standards for every client page of the built site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import textstat
from bs4 import BeautifulSoup, Comment

# Standards for client pages (plain-language norms: GOV.UK, PIF, NHS reading age 9 to 11)
MAX_GRADE = 6.5  # Flesch-Kincaid grade, textstat 0.7.8
MAX_AVERAGE_WORDS = 15.0  # average words per sentence
MAX_SENTENCE_WORDS = 25  # no single sentence longer than this
MIN_CLIENT_PAGES = 7  # so the tests cannot pass on an empty site

# Where prose lives, and what is not prose
ARTICLE = "article.md-content__inner"
SKIPPED = ", ".join(
    [
        ".help-now",
        ".page-meta",
        ".audience-bar",
        ".references",
        ".download-panel",
        "form",
        "nav",
        "pre",
        "code",
        "table",
        "figure",
        "details > summary",
        # Admonition titles ("Content note", "Pause here") are headings, not sentences.
        ".admonition-title",
    ]
)

SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
ENDS_SENTENCE = (".", "!", "?", ":")
CLOSERS = "\"'”’)]"  # a sentence may end inside quotes or brackets
DOCS_CLIENT = Path(__file__).resolve().parents[1] / "docs" / "client"


# Helper functions


def prose_of(html: str) -> str:
    """Return the reading text of a page: its paragraphs and list items, one sentence run."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one(ARTICLE)
    if article is None:
        return ""

    # Drop everything that is not running prose
    for element in article.select(SKIPPED):
        element.decompose()

    # Each p and li keeps only its own text, so nested lists are not counted twice
    texts = []
    for block in article.find_all(["p", "li"]):
        own = "".join(
            str(string)
            for string in block.find_all(string=True)
            if not isinstance(string, Comment) and string.find_parent(["p", "li"]) is block
        )
        text = " ".join(own.split())
        if not text:
            continue
        if not text.rstrip(CLOSERS).endswith(ENDS_SENTENCE):
            text += "."
        texts.append(text)
    # "et al." inside a citation does not end a sentence
    return " ".join(texts).replace("et al.", "et al")


def sentences_of(text: str) -> list[str]:
    """Split prose on sentence-ending punctuation, keeping only pieces with words."""
    return [piece.strip() for piece in SENTENCE_END.split(text) if WORD.search(piece)]


def words_in(sentence: str) -> int:
    """Count the words of one sentence."""
    return len(WORD.findall(sentence))


@dataclass(frozen=True)
class Readability:
    """The measured readability of one page."""

    grade: float
    average_words: float
    sentences: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Readability:
        """Measure prose with textstat's Flesch-Kincaid grade and plain sentence counts."""
        sentences = tuple(sentences_of(text))
        total = sum(words_in(sentence) for sentence in sentences)
        average = total / len(sentences) if sentences else 0.0
        return cls(textstat.flesch_kincaid_grade(text), average, sentences)

    def longest(self, count: int = 3) -> list[str]:
        """The longest sentences, longest first."""
        return sorted(self.sentences, key=words_in, reverse=True)[:count]

    def hardest(self, count: int = 3) -> list[str]:
        """The sentences with the highest grade of their own, hardest first."""
        return sorted(self.sentences, key=textstat.flesch_kincaid_grade, reverse=True)[:count]


def client_pages(site: Path) -> list[Path]:
    """Every built client page."""
    return sorted((site / "client").glob("**/index.html"))


def built_path(source: Path) -> str:
    """The built page (relative to the site) of a client Markdown file."""
    relative = source.relative_to(DOCS_CLIENT).with_suffix("")
    if relative.name == "index":
        relative = relative.parent
    return (Path("client") / relative / "index.html").as_posix()


def listing(sentences: list[str]) -> str:
    """Sentences as an indented list for a failure message."""
    return "\n".join(f"  - ({words_in(sentence)} words) {sentence}" for sentence in sentences)


# Data

PAGES = sorted(built_path(source) for source in DOCS_CLIENT.glob("**/*.md"))


@pytest.fixture(scope="module")
def measured(built_site: Path) -> dict[str, Readability]:
    """Readability of every built client page, keyed by its path in the site."""
    return {
        page.relative_to(built_site).as_posix(): Readability.of(prose_of(page.read_text(encoding="utf-8")))
        for page in client_pages(built_site)
    }


# Tests


def test_enough_client_pages_are_checked(built_site: Path, measured: dict[str, Readability]) -> None:
    """The site has the client pages, and every one of them is measured below."""
    found = sorted(measured)
    assert len(found) >= MIN_CLIENT_PAGES, f"only {len(found)} client pages built: {found}"
    unmeasured = sorted(set(found) - set(PAGES))
    assert not unmeasured, f"client pages with no Markdown source in docs/client: {unmeasured}"
    empty = [page for page, result in measured.items() if not result.sentences]
    assert not empty, f"client pages with no prose found in {ARTICLE}: {empty}"


@pytest.mark.parametrize("page", PAGES)
def test_grade_is_low_enough(page: str, measured: dict[str, Readability]) -> None:
    """Flesch-Kincaid grade of each client page is at most MAX_GRADE."""
    assert page in measured, f"{page} was not built"
    result = measured[page]
    assert result.grade <= MAX_GRADE, (
        f"{page}: Flesch-Kincaid grade {result.grade:.1f} is over {MAX_GRADE}. "
        f"Hardest sentences:\n{listing(result.hardest())}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_sentences_are_short_on_average(page: str, measured: dict[str, Readability]) -> None:
    """Average sentence length of each client page is at most MAX_AVERAGE_WORDS."""
    assert page in measured, f"{page} was not built"
    result = measured[page]
    assert result.average_words <= MAX_AVERAGE_WORDS, (
        f"{page}: average sentence is {result.average_words:.1f} words, over {MAX_AVERAGE_WORDS}. "
        f"Longest sentences:\n{listing(result.longest())}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_no_sentence_is_too_long(page: str, measured: dict[str, Readability]) -> None:
    """No sentence on a client page is over MAX_SENTENCE_WORDS words."""
    assert page in measured, f"{page} was not built"
    too_long = [s for s in measured[page].sentences if words_in(s) > MAX_SENTENCE_WORDS]
    assert not too_long, (
        f"{page}: {len(too_long)} sentence(s) over {MAX_SENTENCE_WORDS} words:\n{listing(too_long)}"
    )


def test_prose_of_reads_only_prose() -> None:
    """prose_of keeps p and li text once and leaves out boxes, forms, code and question titles."""
    html = """
    <article class="md-content__inner">
      <h1>Title</h1>
      <div class="help-now"><p>Call someone now</p></div>
      <p>First <abbr title="x">PTSD</abbr> line</p>
      <ul><li>Outer item<ul><li>Inner item</li></ul></li></ul>
      <ul><li><p>Loose item.</p></li></ul>
      <details class="question"><summary>Will it hurt?</summary><p>It can be hard.</p></details>
      <div class="admonition tip"><p class="admonition-title">Pause here</p><p>Breathe:</p></div>
      <form><p>Field help</p></form><p>Use <code>x.y</code> here?</p>
      <p>As shown (Smith et al., 2020).</p>
      <ul><li>"I am weak."</li></ul>
    </article>
    """
    assert prose_of(html) == (
        "First PTSD line. Outer item. Inner item. Loose item. It can be hard. Breathe: "
        "Use here? As shown (Smith et al, 2020). \"I am weak.\""
    )


def test_sentence_measures() -> None:
    """Sentences split on ending punctuation; words are counted per sentence."""
    result = Readability.of('She said "Stop." Then she left! Did it help? Yes.')
    assert result.sentences == ('She said "Stop."', "Then she left!", "Did it help?", "Yes.")
    assert result.average_words == 2.5
    assert result.longest(1) == ['She said "Stop."']

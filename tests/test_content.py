"""The clinical review's corrections stay corrected: numbers in line with the evidence brief, the safety split, and
wording that claims no more than the studies allow (issue 10)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from handouts import editions

from conftest import ROOT, Build

DOCS = ROOT / "docs"


def markdown(path: str) -> str:
    return (DOCS / path).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def section_texts(article: BeautifulSoup, level: str) -> dict[str, str]:
    """The text under each heading of one level, up to the next heading of that level or higher, by heading."""
    sections: dict[str, str] = {}
    stop = {"h2": ("h1", "h2"), "h3": ("h1", "h2", "h3")}[level]
    for heading in article.find_all(level):
        parts = []
        for sibling in heading.find_next_siblings():
            if sibling.name in stop:
                break
            parts.append(sibling.get_text(" "))
        sections[heading.get_text(" ", strip=True).rstrip("¶").strip()] = flat(" ".join(parts))
    return sections


# Numbers that must match the evidence brief (BRIEF.md, sections 2.4, 2.5 and 2.8)

# The sessions table of the professional FAQs: context -> what the brief gives.
SESSIONS = {
    "Trials pooled in one meta-analysis": "mean 4.5, range 1 to 16",
    "Social anxiety": "1 to 3",
    "Depression with intrusive memories": "mean 8.1",
    "Chronic PTSD, with exposure": "10 weekly",
    "PTSD after childhood trauma": "up to 12 twice-weekly 90-minute sessions",
}


def test_the_sessions_table_matches_the_brief(site_build: Build) -> None:
    article = site_build.page("professional/faqs/index.html").select_one("article")
    rows = {}
    for row in article.select("table tr"):
        cells = [flat(cell.get_text()) for cell in row.find_all(["td", "th"])]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    for context, sessions in SESSIONS.items():
        assert context in rows, f"no row for {context}"
        assert rows[context].startswith(sessions), (context, rows[context])
    assert "16 sessions" in rows["PTSD after childhood trauma"]


@pytest.mark.parametrize("path", ["professional/techniques.md", "professional/faqs.md", "client/questions.md"])
def test_social_anxiety_is_one_to_three_sessions_never_one(path: str) -> None:
    text = flat(markdown(path))
    assert "1 to 3" in text, path
    assert not re.search(r"\| 1 in the trials|\| Social anxiety \| 1 \[|a single session helped", text), path


@pytest.mark.parametrize("path", ["professional/guidance.md", "professional/offering-it.md",
                                  "professional/techniques.md", "client/sessions.md"])
def test_irem_sessions_lasted_90_minutes(path: str) -> None:
    assert re.search(r"90[- ]minute", markdown(path)), path


def test_evidence_figures_match_the_brief() -> None:
    evidence = flat(markdown("professional/evidence.md"))
    for figure in ("*d* = 1.72", "*d* = 1.73", "Dropout 7.7%", "*g* = 0.68", "*g* = −0.01", "0.18 to 1.18",
                   "−0.18 to 0.15", "Mean 8.1", "Up to 12 × 90 minutes, twice weekly"):
        assert figure in evidence, figure


# Safety


def test_right_for_me_keeps_current_danger_apart_from_the_judgement_calls(site_build: Build) -> None:
    article = site_build.page("client/right-for-me/index.html").select_one("article")
    sections = section_texts(article, "h3")
    danger = next(text for title, text in sections.items() if "straight away" in title)
    assert "hurting you now" in danger and "ending your life" in danger
    assert "not fixed rules" not in danger
    assert "Help now" in danger or "help now" in danger
    box = article.select_one(".help-now--inline")
    assert box is not None and box.select("a[href^='tel:']"), "the danger section gives real numbers"
    rules = next(text for text in sections.values() if "not fixed rules" in text)
    assert "hurting you" not in rules and "ending your life" not in rules


def test_guidance_deals_with_current_danger_before_the_judgement_calls() -> None:
    text = flat(markdown("professional/guidance.md"))
    danger = text.index("Current danger comes first")
    judgement = text.index("prompts for judgement, not gates")
    assert danger < judgement
    sentence = text[text.rindex(".", 0, judgement) + 1: text.index(".", judgement)]
    assert "Smucker's other criteria" in sentence, sentence


def test_guidance_separates_overwhelm_from_dissociation() -> None:
    text = flat(markdown("professional/guidance.md"))
    overwhelm = text[text.index("**Overwhelm"):text.index("**Dissociation")]
    assert "not a reason to stop" in overwhelm and "faster and more strongly" in overwhelm
    assert "ground" not in overwhelm.split("Dissociation")[0].replace("background", "")
    assert "keeps climbing" not in text
    assert "Never end at the hotspot" in text and "safe image" in text


# Claims no stronger than the evidence, and promises true for every reader


FORBIDDEN = {
    "client/how-it-helps.md": ["You are safe now", "It is often not true", "worked as well as", "as well as other",
                               "proven", "asked what helped them most"],
    "client/questions.md": ["No. You will still remember", "just as well", "harsh beliefs"],
    "professional/faqs.md": ["matched other active treatments", "works mostly through discussion",
                             "Does it help with trauma?"],
    "professional/offering-it.md": ['"No. The facts stay'],
    "professional/guidance.md": ["nearly all those interviewed"],
    "professional/evidence.md": ["uncontrolled report"],
    "professional/index.md": ["related but distinct"],
    "client/story.md": ["stressed and out of his depth"],
}


@pytest.mark.parametrize(("path", "phrases"), list(FORBIDDEN.items()))
def test_overclaims_found_by_the_review_are_gone(path: str, phrases: list[str]) -> None:
    text = flat(markdown(path))
    for phrase in phrases:
        assert phrase not in text, f"{path}: {phrase!r}"


def test_equivalence_is_stated_as_no_clear_difference() -> None:
    assert "no clear difference" in flat(markdown("client/how-it-helps.md"))


def test_memory_answers_say_research_is_still_going_on() -> None:
    assert "still studying" in markdown("client/questions.md")
    assert "still going on" in markdown("professional/faqs.md")


def test_clients_hear_about_recording_consent_and_the_days_after_a_session() -> None:
    client = flat(markdown("client/sessions.md") + markdown("client/questions.md"))
    assert "only happens if you agree" in client
    assert "For a few days" in client and "dream" in client


# Names that must agree


def test_the_landing_page_is_named_like_the_pdf_and_deck_covers(site_build: Build) -> None:
    h1 = site_build.page("index.html").select_one("article h1").get_text(strip=True).rstrip("¶")
    cover_title = editions.Settings.title.default
    assert h1.casefold() == cover_title.casefold(), (h1, cover_title)


def test_the_in_practice_page_was_renamed_everywhere() -> None:
    assert not (DOCS / "professional" / "in-practice.md").exists()
    for path in [*DOCS.rglob("*.md"), ROOT / "mkdocs.yml"]:
        assert "in-practice" not in path.read_text(encoding="utf-8"), path

"""The bibliography module: APA 7 output from citeproc-py, checked by hand against the APA 7 manual's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from handouts.bibliography import Bibliography, check_entries, read_entries
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent

HOLMES = {
    "id": "holmes2007",
    "type": "article-journal",
    "author": [
        {"family": "Holmes", "given": "Emily A."},
        {"family": "Arntz", "given": "Arnoud"},
        {"family": "Smucker", "given": "Mervin R."},
    ],
    "issued": {"date-parts": [[2007]]},
    "title": "Imagery rescripting in cognitive behaviour therapy: Images, treatment techniques and outcomes",
    "container-title": "Journal of Behavior Therapy and Experimental Psychiatry",
    "volume": "38",
    "issue": "4",
    "page": "297-305",
    "DOI": "10.1016/j.jbtep.2007.10.007",
}
BOOK = {
    "id": "arntzvangenderen2021",
    "type": "book",
    "author": [{"family": "Arntz", "given": "Arnoud"}, {"family": "van Genderen", "given": "Hannie"}],
    "issued": {"date-parts": [[2021]]},
    "title": "Schema therapy for borderline personality disorder",
    "edition": "2",
    "publisher": "John Wiley & Sons",
}
CHAPTER = {
    "id": "arntz2015chapter",
    "type": "chapter",
    "author": [{"family": "Arntz", "given": "Arnoud"}],
    "editor": [{"family": "Thoma", "given": "N. C."}, {"family": "McKay", "given": "D."}],
    "issued": {"date-parts": [[2015]]},
    "title": "Imagery rescripting for posttraumatic stress disorder",
    "container-title": "Working with emotion in cognitive-behavioral therapy",
    "page": "203-215",
    "publisher": "The Guilford Press",
    "publisher-place": "New York, NY",
}
WEBPAGE = {
    "id": "smucker_criteria",
    "type": "webpage",
    "author": [{"family": "Smucker", "given": "Mervin"}],
    "issued": {"literal": "n.d."},
    "title": "Recommended preconditions for imagery rescripting",
    "URL": "https://example.org/criteria",
}


def article(key: str, year: int, title: str, *families: str) -> dict:
    """A minimal journal article."""
    return {
        "id": key,
        "type": "article-journal",
        "author": [{"family": family, "given": "A."} for family in families],
        "issued": {"date-parts": [[year]]},
        "title": title,
        "container-title": "Journal",
    }


# APA 7 reference-list entries (Publication Manual, 7th ed., 10.1, 10.2, 10.3 and 9.8)


def test_journal_article() -> None:
    # Authors inverted with initials, "&" before the last; sentence-case title; italic journal and volume;
    # issue in parentheses; en dash in the page range; DOI as an https://doi.org/ address, no final full stop.
    reference = Bibliography.from_entries([HOLMES])["holmes2007"]
    assert reference.text == (
        "Holmes, E. A., Arntz, A., & Smucker, M. R. (2007). Imagery rescripting in cognitive behaviour therapy: "
        "Images, treatment techniques and outcomes. Journal of Behavior Therapy and Experimental Psychiatry, "
        "38(4), 297–305. https://doi.org/10.1016/j.jbtep.2007.10.007"
    )
    assert "<i>Journal of Behavior Therapy and Experimental Psychiatry</i>, <i>38</i>(4)" in reference.html
    assert reference.html.endswith(
        '<a href="https://doi.org/10.1016/j.jbtep.2007.10.007">https://doi.org/10.1016/j.jbtep.2007.10.007</a>'
    )
    assert reference.doi_url == "https://doi.org/10.1016/j.jbtep.2007.10.007"


def test_book_with_edition() -> None:
    # Italic title, edition in plain parentheses after it, publisher without location (APA 7 drops it).
    reference = Bibliography.from_entries([BOOK])["arntzvangenderen2021"]
    assert reference.text == (
        "Arntz, A., & van Genderen, H. (2021). Schema therapy for borderline personality disorder (2nd ed.). "
        "John Wiley & Sons."
    )
    assert "<i>Schema therapy for borderline personality disorder</i> (2nd ed.)" in reference.html
    assert "John Wiley &amp; Sons." in reference.html


def test_chapter_in_edited_book() -> None:
    # "In" + editors with initials first + "(Eds.)", italic book title, pages as "(pp. x-y)" with an en dash,
    # publisher, no location.
    reference = Bibliography.from_entries([CHAPTER])["arntz2015chapter"]
    assert reference.text == (
        "Arntz, A. (2015). Imagery rescripting for posttraumatic stress disorder. In N. C. Thoma & D. McKay (Eds.), "
        "Working with emotion in cognitive-behavioral therapy (pp. 203–215). The Guilford Press."
    )
    assert "<i>Working with emotion in cognitive-behavioral therapy</i> (pp. 203–215)" in reference.html


def test_undated_webpage() -> None:
    # "(n.d.)", italic title, URL; no "Retrieved" without a retrieval date.
    reference = Bibliography.from_entries([WEBPAGE])["smucker_criteria"]
    assert reference.text == (
        "Smucker, M. (n.d.). Recommended preconditions for imagery rescripting. https://example.org/criteria"
    )
    assert (reference.names, reference.year, reference.url) == ("Smucker", "n.d.", "https://example.org/criteria")


# In-text citations (APA 8.17, 8.19) and order of the reference list (9.44-9.47)


def test_in_text_parts() -> None:
    bibliography = Bibliography.from_entries([HOLMES, BOOK, CHAPTER])
    assert (bibliography["holmes2007"].names, bibliography["holmes2007"].year) == ("Holmes et al.", "2007")
    assert bibliography["arntzvangenderen2021"].names == "Arntz & van Genderen"
    assert bibliography["arntzvangenderen2021"].narrative == "Arntz and van Genderen"


def test_same_author_and_year_get_letters_in_title_order() -> None:
    bibliography = Bibliography.from_entries([
        article("wild_b", 2007, "When the present visits the past", "Wild"),
        article("wild_a", 2007, "Rescripting", "Wild"),
    ])
    assert [(r.id, r.year) for r in bibliography.references.values()] == [("wild_a", "2007a"), ("wild_b", "2007b")]
    assert bibliography["wild_a"].text.startswith("Wild, A. (2007a). Rescripting.")


def test_reference_list_sorts_as_apa_does() -> None:
    # One author before several; then by the second author's name, letter by letter ("nothing before something").
    bibliography = Bibliography.from_entries([
        article("weertman", 1999, "Treatment", "Arntz", "Weertman"),
        article("tiesema", 2007, "PTSD", "Arntz", "Tiesema", "Kindt"),
        article("alone2012", 2012, "Review", "Arntz"),
        article("alone2011", 2011, "Personality", "Arntz"),
        article("brown", 2020, "B", "Browning"),
        article("brow", 2020, "A", "Brown"),
    ])
    assert list(bibliography.references) == ["alone2011", "alone2012", "tiesema", "weertman", "brow", "brown"]


def test_meta_record_for_other_hooks() -> None:
    meta = Bibliography.from_entries([WEBPAGE])["smucker_criteria"].as_meta()
    assert set(meta) == {"id", "text", "html", "doi_url", "url"}
    assert meta["doi_url"] is None


# The checks (the build tests in test_citations.py show the same errors end to end)


def test_checks_list_every_problem(tmp_path: Path) -> None:
    entries = [HOLMES, {**BOOK, "type": "novel"}, {**CHAPTER, "author": []}, {**HOLMES}, {"id": "x", "type": "book"}]
    with pytest.raises(PluginError) as error:
        check_entries(entries, "refs.json")
    message = str(error.value)
    assert "Unknown CSL type 'novel' in entry 'arntzvangenderen2021'" in message
    assert "Invalid 'author' in entry 'arntz2015chapter'" in message
    assert "Duplicate key 'holmes2007' in entries 1 and 4" in message
    assert "Couldn't find 'title' in entry 'x'" in message
    assert "refs.json" in message


def test_unreadable_file_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([HOLMES], indent=2)[:-3] + "\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"Couldn't read the bibliography 'refs.json'.*line \d+, column \d+"):
        read_entries(path, "refs.json")


def test_the_repository_bibliography_holds_only_csl_fields() -> None:
    entries = json.loads((ROOT / "bibliography" / "references.json").read_text(encoding="utf-8"))
    leftovers = {"verified", "unverified_fields", "unverified_candidates", "verification_note", "sources"}
    assert not [entry["id"] for entry in entries if leftovers & set(entry)]

"""Review dates (hooks/handouts/review_dates.py) and their readers, called in the test process: quoted or not, a
page's dates mean the same day everywhere; a bad date fails naming the file."""

from __future__ import annotations

import datetime

import pytest
from handouts import citations, editions
from handouts.page_info import build_page_info
from handouts.review_dates import ReviewDates
from mkdocs.structure.files import Files

from conftest import assert_clean_failure, mkdocs_config, page_of, page_text, source_file, yaml_dates

DAY = datetime.date(2026, 11, 26)
NEXT = datetime.date(2027, 11, 26)


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "unquoted"])
def test_quoted_and_unquoted_dates_are_the_same_day(quoted: bool) -> None:
    text = page_text("A") if quoted else yaml_dates(page_text("A"))
    assert ("'2026-11-26'" in text) is quoted
    meta = citations.Source.from_file(source_file("client/a.md", text)).meta
    assert ReviewDates.from_meta(meta, page="'client/a.md'") == ReviewDates(DAY, NEXT)


def test_the_references_page_counts_a_citing_page_with_quoted_dates() -> None:
    # The bug: quoted dates were read as text and silently left out, so the References page took today's date.
    quoted = citations.Source.from_file(source_file("client/a.md", page_text("A", last_reviewed="2026-03-01")))
    unquoted = citations.Source.from_file(source_file("client/b.md", yaml_dates(page_text("B"))))
    assert citations.review_dates([quoted, unquoted]) == {
        "last_reviewed": datetime.date(2026, 3, 1),
        "next_review": NEXT,
    }


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"last_reviewed": "2026-13-45"}, "'last_reviewed'"),
        ({"last_reviewed": "26/11/2026"}, "is not a date written YYYY-MM-DD"),
        ({"next_review": None}, "'next_review'"),
        ({"next_review": "2025-01-01"}, "on or before last_reviewed"),
    ],
    ids=["impossible", "not-iso", "missing", "backwards"],
)
def test_a_bad_date_in_a_citing_page_names_the_file(front: dict, expected: str) -> None:
    source = citations.Source.from_file(source_file("client/bad.md", page_text("Bad", **front)))
    assert_clean_failure(lambda: citations.review_dates([source]), "'client/bad.md'", expected)


def test_edition_dates_need_no_hook_but_the_one_that_reads_the_front_matter() -> None:
    # The PDFs, decks and audio read the dates from each page's info, which hooks/audience.py makes from the front
    # matter (quoted or not): without hooks/trust.py they would once fail with a KeyError.
    config = mkdocs_config()
    files = [
        source_file("client/a.md", page_text("A", last_reviewed="2026-01-05", next_review="2027-06-01")),
        source_file("client/b.md", yaml_dates(page_text("B"))),
    ]
    pages = [page_of(file) for file in files]
    for page in pages:
        build_page_info(page, config=config, files=Files(files))
    assert editions.edition_date(pages) == DAY
    assert editions.review_date(pages) == datetime.date(2027, 6, 1)
    broken = source_file("client/c.md", page_text("C", next_review="soon"))
    assert_clean_failure(
        lambda: build_page_info(page_of(broken), config=config, files=Files([broken])), "'client/c.md'", "next_review"
    )

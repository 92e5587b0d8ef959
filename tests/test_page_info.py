"""Page info (hooks/handouts/page_info.py), called in the test process: one typed record per page, made from its
front matter once, filled by the hooks that work more out, and failing naming the page when read too early."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import audience
import jinja2
import pytest
from handouts import page_info as store
from handouts.bibliography import Bibliography
from handouts.page_info import PageInfo, build_page_info, fill_page_info, page_info
from handouts.review_dates import ReviewDates
from mkdocs.structure.files import Files

from conftest import (
    HOLMES,
    Build,
    assert_clean_failure,
    load_config,
    mkdocs_config,
    page_of,
    page_text,
    source_file,
    yaml_dates,
)

TODAY = datetime.date(2026, 12, 3)
EDITORIAL = load_config()["extra"]["editorial"]


@pytest.fixture(autouse=True)
def empty_store() -> Iterator[None]:
    """Each test starts with no page info, as a build does (hooks/audience.py resets it in on_config)."""
    store.reset_page_info()
    yield
    store.reset_page_info()


@pytest.fixture(scope="module")
def config():
    return mkdocs_config()


def info_of(text: str, config, *, src: str = "client/a.md", others: tuple[str, ...] = (), **options) -> PageInfo:
    """The page info of one page holding `text`, beside pages at the paths `others`."""
    file = source_file(src, text)
    files = Files([file, *(source_file(other) for other in others)])
    return PageInfo.from_page(page_of(file), config=config, files=files, today=TODAY, **options)


def test_the_front_matter_becomes_typed_fields(config) -> None:
    text = page_text("A", counterpart="professional/a.md", authors="A writer")
    info = info_of(text, config, others=("professional/a.md",))
    assert info.src_uri == "client/a.md"
    assert info.audience == "client"
    assert info.title == "A"
    assert info.description.startswith("A short description of the page called A")
    assert info.counterpart is not None and info.counterpart.src_uri == "professional/a.md"
    assert info.counterpart_path == "professional/a.md"
    assert info.review_dates == ReviewDates(datetime.date(2026, 11, 26), datetime.date(2027, 11, 26))
    assert info.authors == ("A writer",)
    assert info.reviewers == tuple(EDITORIAL["reviewers"])  # not in the front matter: the editorial team
    assert info.overdue is False
    assert info.hidden == ()
    assert info.translation_block is None


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "unquoted"])
def test_quoted_and_unquoted_review_dates_are_the_same_day(config, quoted: bool) -> None:
    text = page_text("A") if quoted else yaml_dates(page_text("A"))
    assert ("'2026-11-26'" in text) is quoted
    info = info_of(text, config)
    assert info.review_dates == ReviewDates(datetime.date(2026, 11, 26), datetime.date(2027, 11, 26))


def test_a_review_date_that_has_passed_makes_the_page_overdue(config) -> None:
    info = info_of(page_text("A", last_reviewed="2025-01-01", next_review="2026-01-01"), config)
    assert info.overdue is True


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"audience": None}, "has no audience"),
        ({"audience": "parents"}, "unknown audience 'parents'"),
        ({"description": "  "}, "has no description"),
        ({"counterpart": "professional/missing.md"}, "counterpart 'professional/missing.md' that does not exist"),
        ({"next_review": "soon"}, "'next_review'"),
        ({"authors": ["", 3]}, "'authors'"),
    ],
    ids=["no-audience", "unknown-audience", "no-description", "no-counterpart", "bad-date", "bad-authors"],
)
def test_bad_front_matter_fails_naming_the_page(config, front: dict, expected: str) -> None:
    text = page_text("Bad", **front)  # a None leaves the key out
    assert_clean_failure(lambda: info_of(text, config, src="client/bad.md"), "'client/bad.md'", expected)


def test_a_translation_may_lack_the_counterpart_page(config) -> None:
    # The translated page's readers are sent to the English counterpart (hooks/languages.py reads the path).
    info = info_of(page_text("A", counterpart="professional/a.md"), config, translated=True)
    assert info.counterpart is None
    assert info.counterpart_path == "professional/a.md"


def test_a_field_read_before_its_hook_has_run_fails_naming_the_page_and_the_hook(config) -> None:
    info = info_of(page_text("A"), config)
    for field, hook in [("references", "hooks/citations.py"), ("forms", "hooks/forms.py"),
                        ("reading_minutes", "hooks/audience.py"), ("translation", "hooks/languages.py")]:
        message = assert_clean_failure(lambda field=field: getattr(info, field), "'client/a.md'", f"'{field}'", hook)
        assert "hooks:" in message  # the hint: list the reading hook after it


def test_each_hook_fills_its_own_field_and_the_rest_stays(config) -> None:
    file = source_file("client/a.md", page_text("A"))
    page = page_of(file)
    made = build_page_info(page, config=config, files=Files([file]))
    assert page_info(page) is made
    holmes = Bibliography.from_entries([HOLMES])["holmes2007"]
    fill_page_info(page, references=(holmes,))
    fill_page_info(page, reading_minutes=3)
    info = page_info(page)
    assert info.references == (holmes,)
    assert info.references[0].doi_url == "https://doi.org/10.1016/j.jbtep.2007.10.007"
    assert info.reading_minutes == 3
    assert (info.audience, info.review_dates) == (made.audience, made.review_dates)
    assert_clean_failure(lambda: info.forms, "'client/a.md'", "hooks/forms.py")
    with pytest.raises(TypeError, match="reading_time"):
        fill_page_info(page, reading_time=3)


def test_a_page_read_before_its_info_is_made_fails_naming_the_page() -> None:
    page = page_of(source_file("client/early.md", page_text("Early")))
    assert_clean_failure(lambda: page_info(page), "'client/early.md'", "hooks/audience.py")


def test_templates_read_the_same_record(config) -> None:
    file = source_file("professional/a.md", page_text("A", audience="professional"))
    page = page_of(file)
    build_page_info(page, config=config, files=Files([file]))
    env = jinja2.Environment(autoescape=True)
    env.globals["page_info"] = page_info
    template = env.from_string(
        "{% set info = page_info(page) %}{{ info.audience if info else 'none' }} "
        "{{ info.review_dates.next_review if info else '' }}"
    )
    assert template.render(page=page) == "professional 2027-11-26"
    assert template.render(page=None) == "none "
    assert template.render() == "none "  # the 404 page is rendered without a page


def test_a_hook_listed_before_the_one_that_makes_the_page_info_fails_the_build_cleanly(mini_site) -> None:
    # hooks/languages.py reads the page info at the same priority as hooks/audience.py, so their order counts.
    hooks = [name for name in load_config()["hooks"] if name != "hooks/languages.py"]
    hooks.insert(hooks.index("hooks/audience.py"), "hooks/languages.py")
    build: Build = mini_site({"client/a.md": page_text("A")}, hooks=hooks)
    assert_clean_failure(build, "'client/a.md'", "keep hooks/audience.py first")


def test_a_professional_page_without_a_counterpart_offers_the_first_client_page(mini_site) -> None:
    # The panel once looked for each audience's first page before any front matter was read, so it never found one
    # and offered the audience's label; the page info knows every page's audience by then.
    pages = {
        "client/index.md": page_text("Client home"),
        "client/b.md": page_text("Client second"),
        "professional/a.md": page_text("Professional page", audience="professional"),
    }
    build = mini_site(pages)
    assert build.returncode == 0, build.output
    link = build.page("professional/a/index.html").select_one("aside.download-panel .download-panel__group p a[href]")
    assert link.get_text(strip=True) == "Client home"
    assert link["href"].endswith("/client/")


@pytest.mark.parametrize("dirty", [False, True], ids=["build", "dirty-serve"])
def test_a_new_build_forgets_the_page_info_unless_it_rebuilds_only_changed_pages(config, dirty: bool) -> None:
    # `mkdocs serve --dirty` reads only the pages that changed; the others' info must survive for their links.
    file = source_file("client/a.md", page_text("A"))
    page = page_of(file)
    build_page_info(page, config=config, files=Files([file]))
    audience.on_startup(command="serve", dirty=dirty)
    try:
        audience.on_config(config)
    finally:
        audience.on_startup(command="build", dirty=False)
    if dirty:
        assert page_info(page).audience == "client"
    else:
        assert_clean_failure(lambda: page_info(page), "'client/a.md'", "hooks/audience.py")

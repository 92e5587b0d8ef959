"""Bad input fails the build with a message that names the file, never a bare traceback."""

from __future__ import annotations

from conftest import assert_clean_failure, page_text


def test_a_small_valid_site_builds_without_warnings(mini_site) -> None:
    build = mini_site(
        {
            "index.md": page_text("Home", audience="everyone"),
            "client/a.md": page_text("Client page", audience=None, counterpart="professional/b.md"),
            "professional/b.md": page_text("Pro page", audience=None, counterpart="client/a.md"),
        }
    )
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    assert build.page("client/a/index.html").select_one(".counterpart-link a")["href"] == "../../professional/b/"


def test_missing_counterpart_names_the_file(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None, counterpart="professional/missing.md")})
    assert_clean_failure(build, "client/a.md", "professional/missing.md")


def test_missing_description_names_the_file(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None, description=None)})
    assert_clean_failure(build, "client/a.md", "no description")


def test_missing_audience_names_the_file(mini_site) -> None:
    build = mini_site({"about.md": page_text("About", audience=None)})
    assert_clean_failure(build, "about.md", "no audience")


def test_unknown_audience_names_the_file(mini_site) -> None:
    build = mini_site({"about.md": page_text("About", audience="patients")})
    assert_clean_failure(build, "about.md", "unknown audience 'patients'")


def test_broken_front_matter_names_the_file(mini_site) -> None:
    build = mini_site({"client/a.md": "---\ntitle: [unclosed\n---\n\n# A\n"})
    assert_clean_failure(build, "client/a.md")

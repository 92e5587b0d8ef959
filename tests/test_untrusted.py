"""Every contributed file (page, bibliography, settings) is untrusted input: it cannot run script on readers' pages,
cannot make a PDF carry files from the build machine, and fails with a clear message, never a traceback (issue 11)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import csp
import pytest
from bs4 import BeautifulSoup
from handouts import citations, editions, front_matter, pdf, print_document, security
from handouts.bibliography import Bibliography
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import (
    HOLMES,
    PRINT_ONLY,
    ROOT,
    assert_clean_failure,
    load_config,
    page_text,
    run_build,
    write_mini_site,
)

pypdf = pytest.importorskip("pypdf")

HOSTILE = "Evil <script>alert(1)</script> <b>bold</b> <iframe src=x></iframe> <i>never closed"


# Small real objects for in-process calls: a project folder with mkdocs.yml, a page in docs/, and MkDocs' own File,
# Page and config for it.


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://example.org/\n", encoding="utf-8")
    return tmp_path


def config_of(project: Path, **extra: object):
    """The project's config with the real site's `extra` settings, changed by `extra`."""
    config = load_mkdocs_config(str(project / "mkdocs.yml"))
    config.extra.update({**load_config()["extra"], **extra})
    return config


def page_in(project: Path, src: str, text: str | bytes = "# A\n") -> Page:
    path = project / "docs" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    config = config_of(project)
    return Page(None, File(src, config.docs_dir, config.site_dir, use_directory_urls=True), config)


def attached_files(path: Path) -> list[str]:
    """The names of the files a PDF carries, in its attachment list and on its pages (pypdf), checked against
    poppler's `pdfdetach -list` where it is installed."""
    reader = pypdf.PdfReader(path)
    names = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                names.append(str(annotation["/FS"].get_object().get("/UF") or annotation["/FS"].get_object()["/F"]))
    if shutil.which("pdfdetach"):
        listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True)
        assert listing.stdout.startswith(f"{len(names)} embedded files"), listing.stdout
    return sorted(names)


# Script and markup from content: the bibliography


def test_every_bibliography_field_is_text_in_the_html() -> None:
    entry = {**HOLMES, "title": HOSTILE, "container-title": "Journal <b>of</b> & Things",
             "author": [{"family": "Holmes <script>x()</script>", "given": "E. A."}]}
    reference = Bibliography.from_entries([entry])["holmes2007"]
    html = BeautifulSoup(reference.html, "html.parser")
    # citeproc's own markup (italics) and the DOI link are the only elements; the fields are text.
    assert {element.name for element in html.find_all(True)} <= {"i", "a"}, reference.html
    assert "<script>alert(1)</script>" in html.get_text()
    assert "<b>bold</b>" in html.get_text() and "<iframe src=x></iframe>" in html.get_text()
    assert "Journal <b>of</b> & Things" in html.get_text()
    assert "Holmes <script>x()</script>" in html.get_text()
    assert reference.text.startswith("Holmes <script>x()</script>, E. A. (2007). Evil <script>")


def test_bibliography_markup_comes_out_as_text_on_pages_in_the_pdf_and_in_the_deck(mini_site, tmp_path) -> None:
    entry = {**HOLMES, "title": HOSTILE}
    build = mini_site(
        {"client/a.md": page_text("A", audience=None) + "\nIt can help [@holmes2007].\n"},
        files={"bibliography/references.json": json.dumps([entry])},
        env=PRINT_ONLY,
    )
    assert build.returncode == 0, build.output
    for path in ("client/a/index.html", "references/index.html"):
        page = build.page(path)
        entries = page.select(".reference-list li")
        assert entries and HOSTILE in entries[0].get_text(), path
        assert not page.select(".reference-list script, .reference-list b, .reference-list iframe"), path
        assert "<script>alert(1)</script>" not in (build.site_dir / path).read_text(encoding="utf-8"), path
    printed = pypdf.PdfReader(build.site_dir / "downloads" / "imagery-rescripting-client-a4.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in printed.pages)
    assert "Evil <script>alert(1)</script> <b>bold</b>" in text
    # No file of the build machine, nor any other, is attached to a PDF.
    assert attached_files(build.site_dir / "downloads" / "imagery-rescripting-client-a4.pdf") == []
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation(str(build.site_dir / "downloads" / "imagery-rescripting-client.pptx"))
    # The references slide shows short citations; the full reference, title included, is in its speaker notes.
    notes_text = " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    assert "Evil <script>alert(1)</script> <b>bold</b>" in notes_text


# Script and markup from content: pages


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<script>alert(1)</script>", "inline <script>"),
        ('<svg><script>alert(1)</script></svg>', "inline <script>"),
        ("<!--> <script>alert(1)</script> -->", "inline <script>"),  # a browser ends the comment at '<!-->'
        ('<p><button type="button" onclick="go()">Go</button></p>', "'onclick'"),
        ('<script src="https://cdn.example.org/x.js"></script>', "outside the site's assets"),
        ('<script src="//cdn.example.org/x.js"></script>', "outside the site's assets"),
        ('<script src="../../../outside.js"></script>', "outside the site's assets"),
        ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<embed src="x.swf">', "<embed>"),
        ('<base href="https://example.org/">', "<base>"),
        ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "http-equiv=\"refresh\""),
        ('<p><a href="javascript:alert(1)">Open</a></p>', "would run code"),
    ],
)
def test_code_in_a_page_fails_naming_the_file_and_line(project: Path, markup: str, expected: str) -> None:
    text = "# A\n\nSome text.\n\n" + markup + "\n"
    page = page_in(project, "client/a.md", text)
    assert_clean_failure(
        lambda: csp.on_page_content(markup, page=page, config=config_of(project), files=Files([])),
        "'client/a.md', line 5", expected,
    )


def test_ordinary_content_and_our_own_scripts_pass(project: Path) -> None:
    config = config_of(project)
    page = page_in(project, "client/a.md")
    asset = File("assets/share.js", config.docs_dir, config.site_dir, use_directory_urls=True)
    html = (
        '<p>Code shows <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> as text.</p>'
        '<p><a href="https://example.org/">A link</a> <img src="../img.png" alt=""></p>'
        '<script src="../../assets/share.js"></script>'
    )
    assert csp.on_page_content(html, page=page, config=config, files=Files([asset])) is None


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: Sessions <script>alert(1)</script>", "line 2: 'title' holds HTML markup (<script>)"),
        ("title: '<img src=x onerror=alert(1)>'", "line 2: 'title' holds HTML markup"),
        ("title: A\ndescription: 'Fine words <script>alert(1)</script>'", "line 3: 'description' holds HTML markup"),
        ("description: 'x\" http-equiv=\"refresh'", "line 2: 'description' holds a straight double quote"),
    ],
)
def test_markup_in_a_title_or_description_fails_naming_the_line(project: Path, front: str, expected: str) -> None:
    page = page_in(project, "client/a.md", f"---\n{front}\n---\n\n# A\n")
    assert_clean_failure(lambda: front_matter.check_source(page.file), "Page 'client/a.md'", expected, "-->")


def test_only_the_theme_s_reviewed_inline_scripts_are_allowed(mini_site) -> None:
    # A title in mkdocs.yml's nav reaches every page: the final check catches what no page's Markdown holds.
    build = mini_site({"client/a.md": page_text("A", audience=None)},
                      nav=[{"<script>alert(1)</script>": "client/a.md"}])
    assert_clean_failure(build, "not one of the theme's reviewed scripts", "alert(1)")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "holds <meta http-equiv>"),
        ('<base href="https://example.org/">', "holds <base>"),
        ('<script src="https://cdn.example.org/x.js"></script>', "loads a script from another site"),
        ("<script>alert(1)</script>", "not one of the theme's reviewed scripts"),
    ],
)
def test_the_finished_page_is_checked_whatever_put_the_markup_there(head: str, expected: str) -> None:
    # What a setting or template printed raw (Material prints titles and descriptions unescaped) is caught here.
    page = f'<html><head><meta charset="utf-8">{head}</head><body></body></html>'
    assert_clean_failure(lambda: security.with_policy(page, where="client/a.md"), "Page 'client/a.md'", expected)


def test_a_changed_theme_script_must_be_reviewed_again(monkeypatch) -> None:
    env = load_mkdocs_config(str(ROOT / "mkdocs.yml")).theme.get_env()
    assert security.reviewed_scripts(env)  # the installed theme's scripts are the reviewed ones
    monkeypatch.setitem(security.REVIEWED_SCRIPTS, "partials/javascripts/palette.html", "0000000000000000")
    assert_clean_failure(
        lambda: security.reviewed_scripts(env), "partials/javascripts/palette.html", "REVIEWED_SCRIPTS"
    )


# Script and markup from content: what a PDF may read


@pytest.mark.parametrize(
    ("markup", "url", "reason"),
    [
        ('<p><a rel="attachment" href="file:///proc/self/environ">env</a></p>', "file:///proc/self/environ",
         "outside the project"),
        ('<link rel="attachment" href="file:///etc/passwd"><p>x</p>', "file:///etc/passwd", "outside the project"),
        ('<p><img src="https://example.org/a.png" alt=""></p>', "https://example.org/a.png", "another host"),
        ('<p style="background: url(file:///etc/hostname)">x</p>', "file:///etc/hostname", "outside the project"),
    ],
)
def test_a_pdf_reads_only_project_files(tmp_path: Path, markup: str, url: str, reason: str) -> None:
    target = tmp_path / "out.pdf"
    with pytest.raises(pdf.PdfError) as refused:
        pdf.write_pdf(f"<html lang=en><title>T</title>{markup}", target, base_url=tmp_path.as_uri() + "/",
                      stylesheets=[], roots=[tmp_path])
    assert refused.value.url == url and reason in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_reads_project_files_and_data_uris(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Notes", encoding="utf-8")
    dot = "data:image/png;base64," + base64.b64encode(DOT_PNG).decode("ascii")
    html = (f'<html lang=en><title>T</title><p><img src="{dot}" alt="A dot">'
            f'<a rel="attachment" href="{(tmp_path / "notes.txt").as_uri()}">Notes</a></p>')
    pages, messages = pdf.write_pdf(html, tmp_path / "out.pdf", base_url=tmp_path.as_uri() + "/", stylesheets=[],
                             roots=[tmp_path])
    assert pages == 1 and not messages
    assert attached_files(tmp_path / "out.pdf") == ["notes.txt"]


def test_a_build_machine_file_in_a_page_fails_the_pdf_build_naming_the_page(mini_site) -> None:
    text = page_text("A", audience=None) + '\n<p><a rel="attachment" href="file:///etc/passwd">Passwords</a></p>\n'
    build = mini_site({"client/a.md": text}, env=PRINT_ONLY)
    assert_clean_failure(build, "page 'client/a.md'", "file:///etc/passwd", "outside the project")
    assert not list(build.site_dir.rglob("*.pdf"))


# A clear error, never a traceback: pages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\nlast_reviewed: 2026-13-45\n---\n\n# A\n",
         "line 3: 'last_reviewed: 2026-13-45' is not a real date"),
        ("---\ntitle: [What happens, in sessions]\n---\n\n# A\n", "line 2: 'title' is not text"),
        ("---\ntitle: A\ndescription: About A\n\n# A\n", "never closed"),
        ("---\ntitle: [unclosed\n---\n\n# A\n", "broken front matter"),
        ("---\ntitle: A\n---\n\nCaf\xe9\n".encode("latin-1"), "is not UTF-8 text (line 5"),
    ],
)
def test_unreadable_pages_fail_naming_the_file(project: Path, text: str | bytes, expected: str) -> None:
    page = page_in(project, "client/sessions.md", text)
    assert_clean_failure(lambda: front_matter.check_source(page.file), "Page 'client/sessions.md'", expected, "-->")


def test_a_page_that_is_not_utf8_fails_the_build_before_any_hook_reads_it(tmp_path: Path) -> None:
    config_file = write_mini_site(tmp_path, {"client/a.md": page_text("A", audience=None)},
                                  files={"docs/client/b.md": "placeholder"}, nav=["client/a.md", "client/b.md"])
    (tmp_path / "docs" / "client" / "b.md").write_bytes(b"---\ntitle: B\n---\n\nCaf\xe9\n")
    build = run_build(config_file, tmp_path / "site", DOWNLOADS="off")
    assert_clean_failure(build, "Page 'client/b.md' is not UTF-8 text (line 5")


def test_a_list_title_with_a_counterpart_blames_its_own_page(mini_site) -> None:
    build = mini_site({
        "client/a.md": page_text("A", audience=None, counterpart="professional/b.md").replace(
            "title: A", "title: [What happens, in sessions]"),
        "professional/b.md": page_text("B", audience=None, counterpart="client/a.md"),
    })
    assert_clean_failure(build, "Page 'client/a.md', line 2: 'title' is not text")
    assert "professional/b.md" not in build.output.split("ERROR", 1)[-1]


# A clear error, never a traceback: the bibliography


def test_a_bibliography_that_is_not_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    path.write_bytes(b'[\n  {"id": "a",\n   "title": "Caf\xe9"}\n]\n')
    assert_clean_failure(lambda: Bibliography.load(path, name="bibliography/references.json"),
                         "'bibliography/references.json'", "not UTF-8 text (line 3")


def test_a_number_as_a_name_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "references.json"
    path.write_text(json.dumps([{**HOLMES, "author": [{"family": 5, "given": "A."}]}]), encoding="utf-8")
    assert_clean_failure(lambda: Bibliography.load(path, name="bibliography/references.json"),
                         "entry 'holmes2007'", "'family' must be text")


# A clear error, never a traceback: images in PDFs


def test_an_image_from_another_host_fails_naming_the_page(project: Path) -> None:
    page = page_in(project, "client/a.md")
    assert_clean_failure(
        lambda: print_document.resolve_source("https://example.org/photo.png", page, config_of(project)),
        "Page 'client/a.md'", "'https://example.org/photo.png' from another host",
    )


def test_a_missing_image_is_reported_under_its_path_in_docs(project: Path) -> None:
    page = page_in(project, "client/a.md")
    assert_clean_failure(
        lambda: print_document.resolve_source("img/missing.png", page, config_of(project)),
        "Page 'client/a.md'", "'img/missing.png'", "looked for 'docs/client/img/missing.png'",
    )


def test_a_present_image_is_found_from_the_page_s_address(project: Path) -> None:
    page = page_in(project, "client/a.md")
    (project / "docs" / "client" / "img").mkdir()
    (project / "docs" / "client" / "img" / "photo.png").write_bytes(b"png")
    # MkDocs rewrites the address of an image it found relative to the page's URL, client/a/.
    uri = print_document.resolve_source("../img/photo.png", page, config_of(project))
    assert uri == (project / "docs" / "client" / "img" / "photo.png").resolve().as_uri()


def test_an_image_from_another_host_fails_the_pdf_build(mini_site) -> None:
    text = page_text("A", audience=None) + '\n![A photo](https://example.org/photo.png)\n'
    build = mini_site({"client/a.md": text}, env=PRINT_ONLY)
    assert_clean_failure(build, "Page 'client/a.md'", "https://example.org/photo.png")


# A clear error, never a traceback: settings


# The download settings' bad values are tested with every other setting in tests/test_settings.py.


def test_download_settings_keep_files_inside_the_site(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None)},
                      extra={**load_config()["extra"], "downloads": {"folder": "../outside"}})
    assert_clean_failure(build, "'extra.downloads.folder'", "leaves the folder")
    assert not (build.site_dir.parent / "outside").exists()


def test_a_form_named_like_a_heading_fails_naming_the_form(mini_site) -> None:
    block = "name: notes\nlegend: Notes\nfields:\n  - name: a-field\n    label: A question\n    type: text\n"
    text = page_text("A", audience=None) + f"\n## Notes\n\n```form\n{block}```\n"
    build = mini_site({"client/a.md": text})
    assert_clean_failure(build, "Page 'client/a.md'", "the id 'notes' twice", "form 'notes' at line 14")


# Citations that fail quietly


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("Text.\n\nAs [@bosch2032 shows.\n", 14, "'[@bosch2032 shows.' is not a citation"),
        ("Text.\n\nAs shown [@].\n", 14, "'[@]' is not a citation"),
        ("```form\nname: f\nlegend: F\nfields:\n  - name: a\n    label: As [@holmes2007] says\n    type: text\n```\n",
         17, "inside a form"),
        ("See [the review by @holmes2007](https://example.org/).\n", 12, "inside the text of a link"),
        ("See [the review [@holmes2007]](https://example.org/).\n", 12, "inside the text of a link"),
    ],
)
def test_citations_that_would_print_as_typed_fail_naming_the_line(project: Path, body: str, line: int,
                                                                   expected: str) -> None:
    page = page_in(project, "client/a.md", page_text("A", audience=None) + "\n" + body)
    source = citations.Source.from_file(page.file)
    assert_clean_failure(lambda: citations.check_written_well(source), f"Page 'client/a.md', line {line}", expected)


def test_an_entity_in_a_locator_is_text() -> None:
    config = load_mkdocs_config(str(ROOT / "mkdocs.yml"))
    bibliography = Bibliography.from_entries([HOLMES])
    [citation] = citations.find_citations("As shown [@holmes2007, pp. 30&ndash;35].")
    module = citations.template(config, citations.REFERENCES_TEMPLATE)
    html = citations.in_text(citation, bibliography, module.link, module.parenthetical)
    assert BeautifulSoup(html, "html.parser").get_text() == "(Holmes et al., 2007, pp. 30\u201335)"


def test_an_unclosed_citation_fails_the_build(mini_site) -> None:
    build = mini_site({"client/a.md": page_text("A", audience=None) + "\nAs [@bosch2032 shows.\n"},
                      files={"bibliography/references.json": json.dumps([HOLMES])})
    assert_clean_failure(build, "Page 'client/a.md', line 12", "[@bosch2032")


# Faults


def test_parts_left_by_a_killed_build_are_removed(project: Path) -> None:
    cache = project / ".cache" / "downloads" / "pdf"
    target = cache / "a.pdf"
    writer = subprocess.Popen([sys.executable, "-c", (
        f"import sys, time; sys.path.insert(0, {str(ROOT / 'hooks')!r}); from handouts import cache; "
        f"cache.write_atomically(__import__('pathlib').Path({str(target)!r}), lambda part: time.sleep(60))"
    )])
    try:
        for _ in range(200):
            if list(cache.glob(".*.part")):
                break
            time.sleep(0.05)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait()
    assert len(list(cache.glob(".a.pdf.*.part"))) == 1, "a killed write leaves its hidden part"
    in_progress = cache / f".b.pdf.{os.getpid()}.x1y2.part"  # a part this (running) process is still writing
    in_progress.write_bytes(b"")
    (cache / ".c.pdf.z9.part").write_bytes(b"")  # the name older builds gave their parts
    settings = editions.read_settings(config_of(project))
    assert editions.cache_dir(config_of(project), settings, "pdf") == cache
    assert [path.name for path in cache.glob(".*.part")] == [in_progress.name]


def test_the_pdf_cache_survives_a_move_and_a_failing_build(tmp_path: Path) -> None:
    text = page_text("A", audience=None) + "\n![A dot](dot.png)\n"
    write_mini_site(tmp_path, {"client/a.md": text}, files={"docs/client/dot.png": "not really a png"})
    (tmp_path / "docs" / "client" / "dot.png").write_bytes(DOT_PNG)
    first = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", **PRINT_ONLY)
    assert first.returncode == 0, first.output
    cache = Path(".cache") / "downloads" / "pdf"
    good = {path.name: path.stat().st_mtime_ns for path in (tmp_path / cache).glob("*.pdf")}
    assert len(good) == 2, good

    # A moved checkout (or CI's fresh clone) finds the same keys and makes nothing again.
    moved = tmp_path.parent / f"{tmp_path.name}-moved"
    shutil.copytree(tmp_path, moved, symlinks=True)
    try:
        again = run_build(moved / "mkdocs.yml", moved / "site", **PRINT_ONLY)
        assert again.returncode == 0, again.output
        # copytree keeps modification times: the same names and times mean nothing was rendered again.
        assert {path.name: path.stat().st_mtime_ns for path in (moved / cache).glob("*.pdf")} == good
    finally:
        shutil.rmtree(moved)

    # A build that fails (a print stylesheet mistake) keeps the last good PDFs for the next build.
    with (tmp_path / "overrides" / "pdf" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.chapter { colour: red; }\n")
    failed = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", **PRINT_ONLY)
    assert failed.returncode != 0, failed.output
    assert set(good) <= {path.name for path in (tmp_path / cache).glob("*.pdf")}


# A 1x1 PNG, for an image that must reach the PDF.
DOT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082"
)

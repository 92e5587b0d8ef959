"""The PDFs of the real site: one per audience and paper size, tagged, fillable, with a QR code that works."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from handouts import cache, qr

from conftest import (
    PRINT_ONLY,
    ROOT,
    PdfEdition,
    assert_clean_failure,
    load_config,
    nav_pages,
    page_text,
    pdf_name,
    run_build,
    worksheet_fields,
    write_mini_site,
)

pypdf = pytest.importorskip("pypdf")

CONFIG = load_config()
AUDIENCES = CONFIG["extra"]["audiences"]
SITE_URL = CONFIG["site_url"]
PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
FIELDS = worksheet_fields()
TITLE = "What Is Imagery Rescripting?"
MULTILINE = 1 << 12
COMBO = 1 << 17




def nav_files(audience: str) -> list[Path]:
    """The Markdown files of one audience, in navigation order."""
    return [ROOT / "docs" / path for path in nav_pages(audience)]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def widgets(reader) -> list:
    return [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object()["/Subtype"] == "/Widget"
    ]


# The files


def test_each_edition_is_a_valid_pdf(edition: PdfEdition) -> None:
    assert edition.path.read_bytes()[:5] == b"%PDF-"
    check = subprocess.run(["qpdf", "--check", str(edition.path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def test_every_page_has_the_paper_size(edition: PdfEdition) -> None:
    width, height = PAPERS[edition.paper]
    for page in edition.reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)


def test_page_count_and_running_footer(edition: PdfEdition) -> None:
    count = len(edition.reader.pages)
    # Cover, contents, at least one page per web page, licence.
    assert count >= len(nav_files(edition.audience)) + 3
    assert f"Page {count} of {count}" in edition.reader.pages[-1].extract_text()
    assert f"Page 2 of {count}" in edition.reader.pages[1].extract_text()


def test_metadata(edition: PdfEdition) -> None:
    meta = edition.reader.metadata
    label = AUDIENCES[edition.audience]["label"]
    assert meta.title == f"{TITLE} {label}"
    assert meta.author == CONFIG["site_author"]
    assert len(meta.subject) > 40
    assert "imagery rescripting" in meta["/Keywords"]
    assert AUDIENCES[edition.audience]["tag"] in meta["/Keywords"]


def test_tagged_pdf_ua(edition: PdfEdition) -> None:
    root = edition.reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_fonts_are_embedded(edition: PdfEdition) -> None:
    listing = subprocess.run(["pdffonts", str(edition.path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object number, generation.
        assert row.split()[-5] == "yes", row


def test_bookmarks_follow_the_navigation(edition: PdfEdition, built_site: Path) -> None:
    top_level = [item["/Title"] for item in edition.reader.outline if not isinstance(item, list)]
    expected = []
    for path in nav_files(edition.audience):
        relative = path.relative_to(ROOT / "docs").with_suffix("").as_posix().removesuffix("index").rstrip("/")
        heading = BeautifulSoup((built_site / relative / "index.html").read_text("utf-8"), "html.parser").select_one(
            "article h1"
        )
        for permalink in heading.select(".headerlink"):
            permalink.decompose()
        expected.append(" ".join(heading.get_text().split()))
    assert [title for title in top_level if title in expected] == expected
    assert top_level[0] == "Contents" and top_level[-1] == "Licence and how to cite"


def test_cover_shows_the_edition_and_review_dates(edition: PdfEdition) -> None:
    metas = [front_matter(path) for path in nav_files(edition.audience)]
    edition_date = max(datetime.date.fromisoformat(str(meta["last_reviewed"])) for meta in metas)
    review_date = min(datetime.date.fromisoformat(str(meta["next_review"])) for meta in metas)
    cover = " ".join(edition.reader.pages[0].extract_text().split())
    assert f"{edition_date.day} {edition_date:%B %Y}" in cover
    assert f"{review_date.day} {review_date:%B %Y}" in cover
    assert AUDIENCES[edition.audience]["label"] in cover
    short_url = (SITE_URL + edition.audience + "/").split("://", 1)[1].rstrip("/")
    assert short_url in cover.replace(" ", "")


def test_qr_code_opens_the_audience_web_version(edition: PdfEdition, tmp_path: Path) -> None:
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    image_module = pytest.importorskip("PIL.Image")
    prefix = tmp_path / "cover"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(edition.path), str(prefix)],
        check=True,
    )
    codes = pyzbar.decode(image_module.open(f"{prefix}.png"))
    assert [code.data.decode() for code in codes] == [SITE_URL + edition.audience + "/"]


def test_links_are_live(edition: PdfEdition) -> None:
    uris, internal = set(), 0
    for page in edition.reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] != "/Link":
                continue
            action = annotation.get("/A", {})
            if "/URI" in action:
                uris.add(action["/URI"])
            elif "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
    assert SITE_URL + edition.audience + "/" in uris
    assert any(uri.startswith("mailto:") for uri in uris)
    # The contents links to every chapter inside the PDF.
    assert internal >= len(nav_files(edition.audience))


def test_licence_and_how_to_cite_end_the_document(edition: PdfEdition) -> None:
    text = " ".join(edition.reader.pages[-1].extract_text().split())
    assert "Licence and how to cite" in text
    assert "CC BY-SA 4.0" in text
    assert f"{TITLE} {AUDIENCES[edition.audience]['label']}" in text


def test_print_templates_stay_out_of_the_website(built_site: Path) -> None:
    assert not (built_site / "pdf").exists()


def test_qr_svg_filter_gives_a_labelled_image() -> None:
    svg = qr.qr_svg(SITE_URL, 'QR code of "this" page')
    assert svg.startswith('<svg role="img" aria-label="QR code of &quot;this&quot; page" ')
    assert 'aria-hidden="true"' in qr.qr_svg(SITE_URL)
    assert qr.qr_data_uri(SITE_URL).startswith("data:image/svg+xml")


# Form fields


def test_every_widget_has_an_accessible_name_and_a_structure_parent(edition: PdfEdition) -> None:
    for widget in widgets(edition.reader):
        assert str(widget.get("/TU", "")).strip(), widget.get("/T")
        assert "/StructParent" in widget, widget.get("/T")


def test_fields_match_the_markdown_forms(edition: PdfEdition) -> None:
    expected = {field.name: field for field in FIELDS if field.audience == edition.audience}
    # The client cover's hand-over fields are the PDF's own (tests/test_print.py checks them).
    found = {str(w["/T"]): w for w in widgets(edition.reader) if not str(w["/T"]).startswith("cover-")}
    assert set(found) == set(expected)
    for name, field in expected.items():
        widget = found[name]
        assert widget["/TU"] == field.label, name
        flags = int(widget.get("/Ff", 0))
        if field.type == "checkbox":
            assert widget["/FT"] == "/Btn", name
        elif field.type == "rating":
            assert widget["/FT"] == "/Ch" and flags & COMBO, name
            assert [str(option[0]) for option in widget["/Opt"]] == ["", *map(str, range(11))], name
        else:
            assert widget["/FT"] == "/Tx", name
            assert bool(flags & MULTILINE) == (field.type == "longtext"), name


def test_fields_can_be_filled_and_read_back(edition: PdfEdition) -> None:
    examples = {"text": "the kitchen", "longtext": "someone to believe me", "rating": "7", "checkbox": "/on"}
    values = {field.name: examples[field.type] for field in FIELDS if field.audience == edition.audience}
    if not values:
        pytest.skip("no form fields in this audience")
    writer = pypdf.PdfWriter(clone_from=edition.reader)
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    filled = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).get_fields()
    assert {name: filled[name].get("/V") for name in values} == values


# Builds: switch, cache, failures


def client_page_with_form() -> str:
    block = "name: a-form\nlegend: A form\nfields:\n  - name: a-field\n    label: A question\n    type: longtext\n"
    return page_text("Worksheet", audience=None) + f"\n```form\n{block}```\n"


def test_downloads_off_makes_no_pdfs(mini_site) -> None:
    build = mini_site({"client/a.md": client_page_with_form()})
    assert build.returncode == 0, build.output
    assert not (build.site_dir / "downloads").exists()


def test_pdfs_are_made_again_only_when_their_inputs_change(tmp_path: Path) -> None:
    write_mini_site(tmp_path, {"client/a.md": client_page_with_form()})
    config_file = tmp_path / "mkdocs.yml"
    first = run_build(config_file, tmp_path / "site", **PRINT_ONLY)
    assert first.returncode == 0, first.output
    assert "WARNING" not in first.output, first.output
    cache = tmp_path / ".cache" / "downloads" / "pdf"
    cached = {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pdf")}
    assert len(cached) == 2, cached
    site_pdfs = sorted(path.name for path in (tmp_path / "site" / "downloads").glob("*.pdf"))
    assert site_pdfs == [pdf_name("client", "a4"), pdf_name("client", "letter")]

    second = run_build(config_file, tmp_path / "site", **PRINT_ONLY)
    assert second.returncode == 0, second.output
    assert {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pdf")} == cached

    page = tmp_path / "docs" / "client" / "a.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    third = run_build(config_file, tmp_path / "site", **PRINT_ONLY)
    assert third.returncode == 0, third.output
    remade = {path.name for path in cache.glob("*.pdf")}
    assert len(remade) == 2 and not remade & set(cached), "stale PDFs must be replaced, not kept"
    assert not list((tmp_path / "site" / "downloads").glob(".*.part"))


def test_a_missing_print_stylesheet_fails_cleanly(tmp_path: Path) -> None:
    write_mini_site(tmp_path, {"client/a.md": client_page_with_form()})
    (tmp_path / "overrides" / "pdf" / "client.css").unlink()
    build = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", **PRINT_ONLY)
    assert_clean_failure(build, "client.css")
    assert not list((tmp_path / "site").rglob("*.pdf"))


def test_print_css_mistakes_fail_every_strict_build(tmp_path: Path) -> None:
    write_mini_site(tmp_path, {"client/a.md": client_page_with_form()})
    with (tmp_path / "overrides" / "pdf" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.chapter { colour: red; }\n")
    for _ in range(2):  # a PDF made with warnings is not cached, so the second build warns too
        build = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", **PRINT_ONLY)
        assert build.returncode != 0, build.output
        assert "WeasyPrint" in build.output and "colour" in build.output, build.output


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"

    def half_written(part: Path) -> None:
        part.write_bytes(b"%PDF-1.7 trunc")
        raise OSError("disk full")

    with pytest.raises(OSError):
        cache.write_atomically(target, half_written)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(autouse=True, scope="module")
def _tools_installed() -> None:
    missing = [tool for tool in ("qpdf", "pdffonts", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make test`, which installs them")

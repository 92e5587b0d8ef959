"""The content model (hooks/handouts/content.py), called in the test process on small pieces of page HTML."""

from __future__ import annotations

import pytest
from handouts import content
from handouts.content import Admonition, Form, ListBlock, PageContent, Paragraph, Question, Table

from conftest import ROOT  # noqa: F401 - puts hooks/ on sys.path


def read(html: str) -> PageContent:
    return PageContent.from_html(html, src_uri="client/a.md", title="A page")


def test_sections_keep_their_heading_level_and_id_without_the_permalink() -> None:
    page = read('<h1 id="a">Page<a class="headerlink" href="#a">¶</a></h1><p>Hi.</p><h2 id="b">Part</h2><p>Yo.</p>')
    assert [(s.level, s.title, s.id) for s in page.sections] == [(1, "Page", "a"), (2, "Part", "b")]
    assert [b.text.plain() for s in page.sections for b in s.blocks] == ["Hi.", "Yo."]


def test_parenthetical_citations_are_one_run_that_an_output_can_drop() -> None:
    page = read(
        '<h1>P</h1><p>Memories change (<a class="citation" href="#ref-a">Arntz, 2012</a>; '
        '<a class="citation" href="#ref-b">Brewin, 2009</a>). <a class="citation" href="#ref-c">Kip et al. (2023)</a>'
        ' agree, see <a href="../x/">this page</a>.</p>'
    )
    text = page.sections[0].blocks[0].text
    assert text.plain() == "Memories change (Arntz, 2012; Brewin, 2009). Kip et al. (2023) agree, see this page."
    assert text.plain(citations=False) == "Memories change. Kip et al. (2023) agree, see this page."
    assert [(run.target, run.narrative) for run in text.citations] == [("#ref-a", False), ("#ref-c", True)]
    assert [(run.text, run.target) for run in text.links] == [("this page", "../x/")]


def test_tables_keep_caption_header_rows_and_body_rows() -> None:
    page = read(
        "<h2>T</h2><p><strong>Table 1. Doses.</strong></p><div class='table-scroll'><table><thead><tr><th>Name</th>"
        "<th>Dose</th></tr></thead><tbody><tr><td>A</td><td>8</td></tr><tr><td>B</td><td>9</td></tr></tbody></table>"
        "</div>"
    )
    (table,) = page.sections[0].blocks
    assert isinstance(table, Table)
    assert table.caption.plain() == "Table 1. Doses."
    assert [[c.plain() for c in row] for row in table.header] == [["Name", "Dose"]]
    assert [[c.plain() for c in row] for row in table.body] == [["A", "8"], ["B", "9"]]


def test_lists_notes_questions_and_forms_are_typed() -> None:
    page = read(
        "<h2>S</h2><ol start='3'><li>One<ul><li>sub</li></ul></li><li>Two</li></ol>"
        "<div class='admonition warning'><p class='admonition-title'>Content note</p><p>Hard things.</p></div>"
        "<details class='question'><summary>Will it hurt?</summary><p>No.</p></details>"
        "<form data-form='f'><fieldset><legend>Before</legend><label for='x'>How upset?</label>"
        "<p id='x-help'>From 0 to 10.</p><select id='x' name='x' aria-describedby='x-help'><option value=''>Choose"
        "</option><option value='0'>0</option><option value='1'>1</option></select>"
        "<input type='checkbox' id='y' name='y'><label for='y'>Agreed</label></fieldset></form>"
    )
    listing, note, question, form = page.sections[0].blocks
    assert isinstance(listing, ListBlock) and listing.ordered and listing.start == 3
    assert [item.text.plain() for item in listing.items] == ["One", "Two"]
    assert listing.items[0].children[0].items[0].text.plain() == "sub"
    assert isinstance(note, Admonition) and (note.kind, note.title) == ("warning", "Content note")
    assert isinstance(note.blocks[0], Paragraph)
    assert isinstance(question, Question) and question.question.plain() == "Will it hurt?"
    assert isinstance(form, Form) and (form.name, form.legend) == ("f", "Before")
    assert [(f.name, f.label, f.type, f.help, f.choices) for f in form.fields] == [
        ("x", "How upset?", "choice", "From 0 to 10.", ("0", "1")), ("y", "Agreed", "checkbox", "", ())]


def test_text_for_one_medium_is_marked_and_filtered() -> None:
    page = read(
        '<h1>P</h1><p class="screen-only">Select a question to open it.</p><p>Both. <span class="print-only">'
        "Scan the code.</span></p>"
    )
    screen_note, both = page.sections[0].blocks
    assert screen_note.media == "screen"
    assert content.for_medium(page.sections[0].blocks, "print") == (both,)
    assert both.text.plain(medium="screen") == "Both."
    assert both.text.plain(medium="print") == "Both. Scan the code."


def test_the_reference_list_is_read_apart_from_the_sections() -> None:
    page = read(
        '<h1>P</h1><p>Text.</p><section class="references"><h2 id="r">Sources</h2><ul><li id="ref-holmes2007">'
        "Holmes, E. A. (2007). A title.</li></ul></section>"
    )
    assert [s.title for s in page.sections] == ["P"]
    assert page.references_title == "Sources"
    assert [(r.id, r.text.plain()) for r in page.references] == [("holmes2007", "Holmes, E. A. (2007). A title.")]


def test_the_registry_hands_out_each_page_once_read_and_forgets_on_reset() -> None:
    content.reset()
    content.remember(read("<h1>P</h1>"))
    assert content.page_content("client/a.md").title == "A page"
    content.reset()
    with pytest.raises(LookupError, match=r"client/a\.md"):
        content.page_content("client/a.md")


def test_emphasis_is_kept_as_a_style_of_its_runs() -> None:
    page = read("<h1>P</h1><p>It is <em>not</em> your <strong>fault</strong>, <b>really</b>.</p>")
    runs = page.sections[0].blocks[0].text.runs
    assert [(run.text, run.style) for run in runs if run.style] == [("not", "em"), ("fault", "strong"),
                                                                      ("really", "strong")]
    assert page.sections[0].blocks[0].text.plain() == "It is not your fault, really."


def test_each_block_kind_names_itself_for_templates() -> None:
    page = read("<h2>S</h2><p>a</p><ul><li>b</li></ul><table><tr><th>c</th></tr></table><pre>d</pre>")
    assert [block.KIND for block in page.sections[0].blocks] == ["paragraph", "list", "table", "preformatted"]


def test_print_plan_drops_screen_text_and_pairs_before_and_after_forms() -> None:
    from handouts import print_plan

    page = read(
        "<h1 id='r'>Record</h1><p class='screen-only'>Select a question.</p><p>Kept.</p>"
        "<form data-form='x-pre'><fieldset><legend>Before</legend><label for='a'>Before the imagery, distress</label>"
        "<input type='text' id='a' name='a'></fieldset></form>"
        "<form data-form='x-post'><fieldset><legend>After</legend><label for='b'>After the imagery, distress</label>"
        "<input type='text' id='b' name='b'><label for='c'>Belief in the new meaning</label>"
        "<input type='text' id='c' name='c'></fieldset></form>"
    )
    chapter = print_plan.chapter(page, chapter_id="page-r", url="r/")
    blocks = chapter.sections[0].blocks
    assert [block.KIND for block in blocks] == ["paragraph", "form-pair"]
    assert blocks[0].text.plain() == "Kept."
    rows = [(label, before and before.name, after and after.name) for label, before, after in blocks[1].rows]
    assert rows == [("Distress", "a", "b"), ("Belief in the new meaning", None, "c")]
    assert chapter.has_form


def test_print_plan_merges_the_reference_lists_of_all_pages() -> None:
    from handouts import print_plan

    first = read("<h1>A</h1><section class='references'><h2>Sources</h2><ul><li id='ref-b'>Brewin, C. (2009).</li>"
                 "<li id='ref-a'>Arntz, A. (2012).</li></ul></section>")
    second = read("<h1>B</h1><section class='references'><h2>Sources</h2><ul><li id='ref-a'>Arntz, A. (2012).</li>"
                  "</ul></section>")
    assert [ref.id for ref in print_plan.references([first, second])] == ["a", "b"]


def test_an_image_on_a_line_of_its_own_is_a_figure() -> None:
    page = read('<p><img src="../img/photo.png" alt="A photo"></p><p>Text with <img src="x.png" alt="x"> inside.</p>')
    figure, paragraph = page.sections[0].blocks
    assert isinstance(figure, content.Figure) and (figure.src, figure.alt) == ("../img/photo.png", "A photo")
    assert isinstance(paragraph, Paragraph)

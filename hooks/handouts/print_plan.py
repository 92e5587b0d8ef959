"""What a printed edition shows of each page, planned from the content model (hooks/handouts/content.py).

The PDF templates (overrides/pdf/) render these records: the blocks meant for print, each page's works merged into
one reference list at the end, and a worksheet's before and after ratings paired into one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from handouts.content import Block, Form, FormField, PageContent, Reference, Section, for_medium

MEDIUM = "print"


@dataclass(frozen=True)
class FormPair:
    """Two forms printed as one table: the ratings before (`before`) and after (`after`) the same step.

    A form named `<name>-post` pairs with the form `<name>-pre` of the same page: paper shows them side by side at
    the place of the first, so the change reads across one row.
    """

    KIND: ClassVar[str] = "form-pair"
    before: Form
    after: Form

    @property
    def rows(self) -> list[tuple[str, FormField | None, FormField | None]]:
        """(what is rated, field before, field after), matched by position; the longer form's extra rows keep
        their own label with an empty cell on the other side."""
        rows = []
        for index in range(max(len(self.before.fields), len(self.after.fields))):
            before = self.before.fields[index] if index < len(self.before.fields) else None
            after = self.after.fields[index] if index < len(self.after.fields) else None
            rows.append((row_label(before, after), before, after))
        return rows


@dataclass(frozen=True)
class Chapter:
    """One web page inside a PDF: its id there, its title and its sections with only what paper shows."""

    id: str
    src_uri: str
    url: str
    title: str
    sections: tuple[Section, ...]

    @property
    def has_form(self) -> bool:
        return any(block.KIND in ("form", "form-pair") for section in self.sections for block in section.blocks)


def chapter(content: PageContent, *, chapter_id: str, url: str) -> Chapter:
    """A page's sections for print: blocks for the screen left out, paired forms joined."""
    forms = {block.name: block for section in content.sections for block in section.blocks if isinstance(block, Form)}
    sections = tuple(
        Section(section.level, section.title, section.id, printed_blocks(section.blocks, forms))
        for section in content.sections
    )
    return Chapter(chapter_id, content.src_uri, url, content.title, sections)


def printed_blocks(blocks: tuple[Block, ...], forms: dict[str, Form]) -> tuple[Block | FormPair, ...]:
    """The blocks paper shows, with a `-pre` form and its `-post` partner as one FormPair where the first was."""
    printed: list[Block | FormPair] = []
    for block in for_medium(blocks, MEDIUM):
        if isinstance(block, Form) and block.name.endswith(PRE) and block.name[: -len(PRE)] + POST in forms:
            printed.append(FormPair(block, forms[block.name[: -len(PRE)] + POST]))
        elif isinstance(block, Form) and block.name.endswith(POST) and block.name[: -len(POST)] + PRE in forms:
            continue
        else:
            printed.append(block)
    return tuple(printed)


def references(pages: list[PageContent]) -> tuple[Reference, ...]:
    """Every work the pages cite, once, in the order of an APA list (by the entry's text)."""
    works = {}
    for content in pages:
        for reference in content.references:
            works.setdefault(reference.id, reference)
    return tuple(sorted(works.values(), key=lambda reference: reference.text.plain().casefold()))


def row_label(before: FormField | None, after: FormField | None) -> str:
    """What a paired row rates: the label both fields share once their 'Before/After …,' openings are gone."""
    field = before or after
    label = field.label if field else ""
    head, comma, rest = label.partition(", ")
    if comma and head.split(" ", 1)[0].lower() in ("before", "after"):
        return rest[:1].upper() + rest[1:]
    return label


# Data

PRE, POST = "-pre", "-post"

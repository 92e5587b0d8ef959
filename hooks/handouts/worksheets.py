"""Worksheet forms: each ```form block of a page's Markdown read and validated into a `Form`, rendered into accessible
HTML by overrides/partials/form.html, and field names checked to be unique across an audience (they become the
AcroForm fields of one PDF). hooks/forms.py wires this in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from handouts import templates
from handouts.page_info import fill_page_info, page_info

# Helper functions


def forget_build() -> None:
    """Forget the field names and form ids of the previous build."""
    _field_owners.clear()
    _form_ids.clear()


def with_forms(markdown: str, page: Page, config: MkDocsConfig) -> str | None:
    """The page's Markdown with each ```form block replaced by the form's HTML, every other fence untouched; None
    when it has no form."""
    if not FORM_FENCE.search(markdown):
        fill_page_info(page, forms=())
        return None
    offset = front_matter_lines(markdown, page)
    blocks = list(find_form_blocks(markdown, page, offset))
    forms = [Form.parse(block, page, offset) for block in blocks]
    check_unique_form_names(forms, page)
    fill_page_info(page, forms=tuple(form.name for form in forms))
    for form in forms:
        claim_field_names(form, page)
    _form_ids[page.file.src_uri] = {
        element_id: form for form in forms for element_id in (form.name, *(f.id for f in form.fields))
    }
    macros = templates.get_template(config, TEMPLATE).make_module({"config": config})  # notes in its language
    lines = markdown.split("\n")
    # Replace from the end so the line numbers of earlier blocks stay valid.
    for index in reversed(range(len(blocks))):
        html = macros.worksheet_form(forms[index], first=index == 0)
        lines[blocks[index].start : blocks[index].end + 1] = ["", *flatten_html(html), ""]
    return "\n".join(lines)


def check_unique_ids(html: str, page: Page) -> None:
    """Fail on an id used twice in a page's HTML, naming the form that uses it."""
    counts = Counter(ID.findall(html))
    repeated = next((element_id for element_id, count in counts.items() if count > 1), None)
    if repeated is None:
        return
    form = _form_ids.get(page.file.src_uri, {}).get(repeated)
    where = f" (form '{form.name}' at line {form.line}, and a heading or another element)" if form else ""
    raise PluginError(
        f"Page '{page.file.src_uri}' uses the id '{repeated}' twice{where}.\n"
        "  --> rename the form or field, or give the heading another id: '## Heading {#another-id}'"
    )


@dataclass(frozen=True)
class Block:
    """The YAML of one ```form block and where it sits in the page (0-based line numbers, fences included)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Field:
    """One field of a worksheet form."""

    name: str
    label: str
    type: str
    help: str | None = None

    @property
    def id(self) -> str:
        """HTML id of the input."""
        return f"field-{self.name}"

    @property
    def help_id(self) -> str:
        """HTML id of the help text, which the input names in aria-describedby."""
        return f"field-{self.name}-help"


@dataclass(frozen=True)
class Form:
    """One group of fields: a fieldset with a legend."""

    name: str
    legend: str
    fields: tuple[Field, ...]
    line: int  # 1-based line of the opening fence, for error messages

    @classmethod
    def parse(cls, block: Block, page: Page, offset: int = 0) -> Form:
        """Read and validate a block's YAML, or fail naming the page and the line (counted in the file)."""
        line = block.start + 1 + offset
        where = f"Page '{page.file.src_uri}', form block at line {line}"
        try:
            data = yaml.safe_load(block.text)
        except yaml.YAMLError as error:
            raise PluginError(f"{where}: the YAML cannot be read:\n{error}\n{HINT}") from None
        form = validated(FormSchema, data, where)
        if not form["fields"]:
            raise PluginError(f"{where}: the form '{form['name']}' has no fields.\n{HINT}")
        fields = []
        for number, item in enumerate(form["fields"], start=1):
            field = validated(FieldSchema, item, f"{where}, field {number}")
            fields.append(Field(field["name"], field["label"].strip(), field["type"], field["help"]))
        return cls(form["name"], form["legend"].strip(), tuple(fields), line)


def validated(schema: type[base.Config], data: object, where: str) -> base.Config:
    """Validate a mapping against a schema; errors and unknown keys fail the build."""
    if not isinstance(data, dict):
        raise PluginError(f"{where}: expected 'key: value' lines, got {type(data).__name__}.\n{HINT}")
    config = schema()
    config.load_dict(data)
    errors, warnings = config.validate()
    problems = [f"'{key}': {error}" for key, error in [*errors, *warnings]]
    for key in ("name", "label", "legend"):
        value = config.get(key) if key in config else None
        if isinstance(value, str) and not value.strip():
            problems.append(f"'{key}': must not be empty")
    name = config.get("name") if "name" in config else None
    if isinstance(name, str) and not NAME.fullmatch(name):
        problems.append(f"'name': '{name}' may hold only letters, digits and hyphens, starting with a letter")
    if problems:
        raise PluginError(f"{where}:\n  " + "\n  ".join(problems) + f"\n{HINT}")
    return config


def find_form_blocks(markdown: str, page: Page, offset: int = 0) -> Iterator[Block]:
    """Yield each ```form block at the left margin; code inside other fences is skipped."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = closing_line(lines, index, opening)
        is_form = opening["info"].strip() == "form"
        if is_form and not TOP_LEVEL.fullmatch(opening["indent"]):
            raise PluginError(
                f"Page '{page.file.src_uri}', line {index + 1 + offset}: a form block must start at the left margin, "
                "not inside a list, note or other block."
            )
        if is_form:
            if end == len(lines):
                raise PluginError(
                    f"Page '{page.file.src_uri}', line {index + 1 + offset}: the form block is never closed."
                )
            yield Block(index, end, "\n".join(lines[index + 1 : end]))
        index = end + 1


def closing_line(lines: list[str], start: int, opening: re.Match[str]) -> int:
    """Index of the fence closing the one opened at `start` (len(lines) when it is never closed)."""
    for index in range(start + 1, len(lines)):
        closing = FENCE.match(lines[index])
        # A closing fence has no info string and at least as many of the same character.
        if closing and not closing["info"].strip() and closing["fence"].startswith(opening["fence"]):
            return index
    return len(lines)


def claim_field_names(form: Form, page: Page) -> None:
    """Fail when a field name is already used on this page or another page of the same audience."""
    audience = page_info(page).audience
    owners = _field_owners.setdefault(audience, {})
    for field in form.fields:
        owner = owners.get(field.name)
        if owner is not None:
            raise PluginError(
                f"Page '{page.file.src_uri}', form '{form.name}' (line {form.line}): the field name '{field.name}' "
                f"is already used in '{owner[0]}' (line {owner[1]}).\n"
                f"  --> field names must be unique across the {audience} pages, because they all share one PDF"
            )
        owners[field.name] = (page.file.src_uri, form.line)


def check_unique_form_names(forms: list[Form], page: Page) -> None:
    """Fail when two forms on one page share a name (it is the fieldset's id)."""
    seen: dict[str, int] = {}
    for form in forms:
        if form.name in seen:
            raise PluginError(
                f"Page '{page.file.src_uri}': two forms are called '{form.name}' (lines {seen[form.name]} and "
                f"{form.line}).\n  --> give each form on a page its own name"
            )
        seen[form.name] = form.line


def front_matter_lines(markdown: str, page: Page) -> int:
    """How many lines of the file come before the Markdown a hook sees (front matter and the blank lines after)."""
    if not page.file.abs_src_path:
        return 0
    with open(page.file.abs_src_path, encoding="utf-8-sig") as source:
        total = len(source.read().splitlines())
    return max(0, total - len(markdown.splitlines()))


def flatten_html(html: str) -> list[str]:
    """Template output as lines Markdown passes through as raw HTML: no indentation, no blank lines."""
    return [line.strip() for line in html.split("\n") if line.strip()]


# Data

TEMPLATE = "partials/form.html"
FIELD_TYPES = ("text", "longtext", "rating", "checkbox")
# An opening or closing code fence: any indentation, then ``` or ~~~ (three or more), then an info string.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
FORM_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*form[ \t]*$", re.MULTILINE)
TOP_LEVEL = re.compile(r" {0,3}")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
ID = re.compile(r'(?<![\w-])id="([^"]+)"')


class FormSchema(base.Config):
    """What a ```form block holds."""

    name = c.Type(str)
    legend = c.Type(str)
    fields = c.Type(list)


class FieldSchema(base.Config):
    """What one entry of `fields:` holds."""

    name = c.Type(str)
    label = c.Type(str)
    type = c.Choice(FIELD_TYPES)
    help = c.Optional(c.Type(str))


HINT = "  --> see 'Worksheets and forms' in CONTRIBUTING.md for the form syntax"

# Field name -> (page, line) per audience, for this build (module state: reset by forget_build in on_config).
_field_owners: dict[str, dict[str, tuple[str, int]]] = {}
# Page -> the ids its forms give their fieldsets and fields, to name the form when an id is used twice.
_form_ids: dict[str, dict[str, Form]] = {}

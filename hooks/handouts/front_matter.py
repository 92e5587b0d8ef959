"""A contributed page's source, checked before MkDocs reads it (UTF-8, closed front matter, YAML, real dates, plain-text
title and description), and its reading time. hooks/audience.py wires this in.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# Helper functions


def reading_minutes(html: str) -> int:
    """Reading time in minutes, from the words a reader will actually see."""
    words = len(WORD.findall(TAG.sub(" ", html)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def check_source(file: File) -> None:
    """Read a contributed page as MkDocs will, failing where MkDocs would crash or quietly misread it."""
    src = file.src_uri
    data = Path(file.abs_src_path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PluginError(
            f"Page '{src}' is not UTF-8 text (line {line}, byte {error.start}).\n"
            "  --> save it as UTF-8 (most editors offer it under 'Save with encoding')"
        ) from None
    text = text.replace("\r\n", "\n")
    if not OPENING.match(text):
        return
    match = FRONT_MATTER.match(text)
    if match is None:
        raise PluginError(
            f"Page '{src}' opens front matter on line 1 that is never closed.\n"
            "  --> end the front matter with a line holding only '---'"
        )
    meta = read_front_matter(match.group(1), src)
    check_plain_text(meta, match.group(1), src)


def read_front_matter(text: str, src: str) -> dict:
    """The front matter's YAML as a mapping, or a failure naming the file and the line (counted in the file)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark else ""
        problem = getattr(error, "problem", None) or error
        raise PluginError(
            f"Page '{src}' has broken front matter{where}: {problem}.\n"
            "  --> write one 'key: value' per line; put values holding ':', '[' or '#' in quotes"
        ) from None
    except ValueError:  # a date-like value that is no date, e.g. 2026-13-45
        key, line, value = bad_date(text)
        raise PluginError(
            f"Page '{src}', line {line}: '{key}: {value}' is not a real date.\n"
            "  --> write dates as YYYY-MM-DD, e.g. 2026-11-26"
        ) from None
    if not isinstance(data, dict):
        raise PluginError(f"Page '{src}' has front matter that is not a set of 'key: value' lines.")
    return data


def bad_date(text: str) -> tuple[str, int, str]:
    """The first key whose value YAML reads as a date but no calendar has: its name, file line and value."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":timestamp"):
            try:
                yaml.safe_load(value.value)
            except ValueError:
                return key.value, value.start_mark.line + 2, value.value
    return "?", 1, "?"


def check_plain_text(meta: dict, text: str, src: str) -> None:
    """A title and a description are plain text: templates print them as they are into every page's navigation,
    <title> and <meta> elements, the PDFs and the decks."""
    for key in PLAIN_TEXT_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise PluginError(
                f"Page '{src}', line {key_line(text, key)}: '{key}' is not text but {type(value).__name__} "
                f"{value!r}.\n  --> put the {key} in quotes, e.g. {key}: \"What happens, in sessions\""
            )
        if '"' in value:
            raise PluginError(
                f"Page '{src}', line {key_line(text, key)}: '{key}' holds a straight double quote (\"), which "
                "would end the theme's <meta> attribute it is printed into.\n"
                "  --> use curly quotes “ ” or single quotes"
            )
        markup = MARKUP.search(value)
        if markup:
            raise PluginError(
                f"Page '{src}', line {key_line(text, key)}: '{key}' holds HTML markup ({markup[0]}).\n"
                f"  --> write the {key} as plain text: it is printed into every page's navigation and head, where "
                "markup would run"
            )


def key_line(text: str, key: str) -> int:
    """The file line of a top-level front-matter key (line 1 is the opening '---')."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = [name.start_mark.line + 2 for name, _ in root.value if name.value == key]
    return lines[0] if lines else 1


# Data

WORDS_PER_MINUTE = 200
# MkDocs' own front-matter pattern (mkdocs.utils.meta), so this module reads what MkDocs reads.
OPENING = re.compile(r"-{3}[ \t]*\n")
FRONT_MATTER = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
PLAIN_TEXT_KEYS = ("title", "description")
# An HTML tag, comment or declaration: '<' then a letter, '/', '!' or '?'.
MARKUP = re.compile(r"<[A-Za-z/!?][^>]*>?")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’-]\w+)*")

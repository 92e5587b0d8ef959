"""A translated page: what it was translated from and who reviewed it, and the safety elements it must keep.

The comparison reads the Markdown sources (the translated page and its English page), so it needs no English build.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

# Helper functions


class TranslationOptions(base.Config):
    """The `translation:` block of a translated page's front matter."""

    source = c.Type(str)
    source_sha256 = c.Type(str)
    translated = c.Type(datetime.date)
    translated_by = c.Type(str)
    reviewed_by = c.ListOfItems(c.Type(str), default=[])


@dataclass(frozen=True)
class Translation:
    """Where a translated page comes from, who reviewed it, and whether its English page has changed since."""

    source: str  # the English page, relative to docs/
    source_url: str  # the English page on the site
    translated: datetime.date
    translated_by: str
    reviewed_by: tuple[str, ...]
    outdated: bool  # the English page's text is no longer the text that was translated

    @classmethod
    def from_meta(cls, meta: object, *, src: str, english_docs: Path, english_url: str) -> Translation:
        """Read and check a page's `translation:` block; the English page must exist."""
        if not isinstance(meta, dict):
            raise PluginError(
                f"Page '{src}' has no 'translation:' block in its front matter.\n  --> {TRANSLATION_HINT}"
            )
        options = TranslationOptions()
        options.load_dict(meta)
        errors, warnings = options.validate()
        if errors or warnings:
            key, error = [*errors, *warnings][0]
            raise PluginError(f"Page '{src}': 'translation.{key}': {error}.\n  --> {TRANSLATION_HINT}")
        source = english_docs / options.source
        if not source.is_file():
            raise PluginError(
                f"Page '{src}' is translated from '{options.source}', which is not in '{english_docs}'.\n"
                "  --> give the English page's path relative to docs/, e.g. client/index.md"
            )
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        return cls(
            source=options.source,
            source_url=english_url,
            translated=options.translated,
            translated_by=options.translated_by,
            reviewed_by=tuple(options.reviewed_by),
            outdated=digest != options.source_sha256.strip().lower(),
        )


@dataclass(frozen=True)
class SafetyElements:
    """What a client must find in every language: help-lines markers, admonitions (content notes, pause points,
    questions) by kind and in order, form fields, and cited works."""

    markers: tuple[str, ...]
    admonitions: tuple[str, ...]
    fields: tuple[str, ...]
    citations: tuple[tuple[str, int], ...]

    @classmethod
    def from_markdown(cls, text: str) -> SafetyElements:
        """Read the elements from a page's Markdown (front matter included or not)."""
        body = FRONT_MATTER.sub("", text, count=1)
        fields = []
        for block in FORM_BLOCK.findall(body):
            form = yaml.safe_load(block) or {}
            fields += [f"{form.get('name')}.{field.get('name')}" for field in form.get("fields") or []]
        prose = FORM_BLOCK.sub("", body)
        return cls(
            markers=tuple(MARKER.findall(prose)),
            admonitions=tuple(ADMONITION.findall(prose)),
            fields=tuple(fields),
            citations=tuple(sorted(Counter(CITATION_KEY.findall(prose)).items())),
        )

    def missing_from(self, other: SafetyElements) -> list[str]:
        """What `other` (a translation) lacks or changes compared with this (the English page), in words."""
        problems = []
        for name, label in (("markers", "markers"), ("admonitions", "admonitions (kinds in order)"),
                            ("fields", "form fields"), ("citations", "citations")):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                problems.append(f"{label}: English has {describe(mine)}, the translation has {describe(theirs)}")
        return problems


def check_safety(src: str, translated: str, english: str, english_path: Path) -> None:
    """Fail naming the file when a translated page lost or changed a safety element of its English page."""
    problems = SafetyElements.from_markdown(english).missing_from(SafetyElements.from_markdown(translated))
    if problems:
        raise PluginError(
            f"Page '{src}' does not keep the safety elements of its English page '{english_path}': "
            + "; ".join(problems)
            + ".\n  --> keep every help-lines marker, admonition (same kind, same order), form field name and "
            "citation key exactly as in English; translate only titles and text"
        )


def describe(items: tuple) -> str:
    """A short list of elements for an error message; a citation shows how often it is cited."""
    shown = [f"{item[0]} x{item[1]}" if isinstance(item, tuple) else item for item in items]
    return "[" + ", ".join(shown) + "]" if shown else "none"


# Data

TRANSLATION_HINT = (
    "add 'translation:' with source (the English page, e.g. client/index.md), source_sha256 (`sha256sum` of that "
    "file), translated (YYYY-MM-DD), translated_by and reviewed_by (a list, [] until a clinician has reviewed it)"
)
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
FORM_BLOCK = re.compile(r"^[ \t]*```form[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!--\s*(help-lines(?:-[a-z]+)*)\s*-->")
# `!!! note "Title"`, `??? question "Title"`, `???+ tip`: the kind, whatever the title's language.
ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)", re.MULTILINE)
# A citation key after '@' inside brackets or as a narrative citation; never an e-mail address.
CITATION_KEY = re.compile(r"(?<![\w.@])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*[A-Za-z0-9_])")

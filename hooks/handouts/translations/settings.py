"""The languages of the site (`extra.languages` in the root mkdocs.yml), read and checked in this one place.

The first language is the default: it builds from the root mkdocs.yml into site/. Every other language builds from
`<folder>/mkdocs.yml` (which INHERITs the root one) into site/<code>/, at the root address plus `<code>/`.
Not a hook: hooks/languages.py and scripts/build-languages both read it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

# Helper functions


@dataclass(frozen=True)
class Language:
    """One edition's language: its code, its name in its own words, its folder and its writing direction."""

    code: str
    name: str
    folder: Path  # the project root for the default language, else the folder of its mkdocs.yml and docs/
    direction: str  # "ltr" or "rtl"
    countries_first: tuple[str, ...]  # help-line countries listed first for readers of this language
    default: bool

    @property
    def config_file(self) -> Path:
        return self.folder / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.folder / "docs"

    @property
    def prefix(self) -> str:
        """The language's folder on the site: '' for the default, 'es/' for Spanish."""
        return "" if self.default else f"{self.code}/"

    def site_url(self, base_url: str) -> str:
        """This language's address, from the default language's site_url."""
        return f"{base_url.rstrip('/')}/{self.prefix}" if base_url else ""

    def has_page(self, src_uri: str) -> bool:
        """Whether this language has its own version of a page (path relative to docs/)."""
        return (self.docs_dir / src_uri).is_file()


class LanguageOptions(base.Config):
    """One entry of `extra.languages`."""

    code = c.Type(str)
    name = c.Type(str)
    folder = c.Optional(c.Type(str))  # default: languages/<code> (the default language: the project root)
    dir = c.Choice(("ltr", "rtl"), default="ltr")
    countries_first = c.ListOfItems(c.Type(str), default=[])


def languages_of(config_file: str | Path) -> tuple[Language, ...]:
    """Every language of the project whose root (or language) mkdocs.yml is `config_file`."""
    return read_languages(root_config_file(Path(config_file)))


def root_config_file(config_file: Path) -> Path:
    """The root mkdocs.yml: the file a language's mkdocs.yml INHERITs, or the file itself."""
    config_file = config_file.resolve()
    inherit = load_raw(config_file, inherit=False).get("INHERIT")
    return (config_file.parent / inherit).resolve() if inherit else config_file


@lru_cache(maxsize=8)
def read_languages(root_file: Path) -> tuple[Language, ...]:
    """The checked `extra.languages` of a root mkdocs.yml; a single English edition when there is none."""
    entries = (load_raw(root_file).get("extra") or {}).get("languages")
    if entries is None:
        entries = [{"code": "en", "name": "English"}]
    if not isinstance(entries, list) or not entries:
        raise PluginError(
            f"Couldn't read 'extra.languages' in '{root_file}': expected a list of languages.\n  --> {HINT}"
        )
    languages = tuple(read_language(entry, root_file, index) for index, entry in enumerate(entries))
    codes = [language.code for language in languages]
    if len(set(codes)) != len(codes):
        raise PluginError(f"Couldn't read 'extra.languages' in '{root_file}': a language code is listed twice.")
    return languages


def read_language(entry: object, root_file: Path, index: int) -> Language:
    """One language entry, checked: the default's folder is the project root, the others need their mkdocs.yml."""
    where = f"'extra.languages' in '{root_file}', entry {index + 1}"
    if not isinstance(entry, dict):
        raise PluginError(f"Couldn't read {where}: expected code and name.\n  --> {HINT}")
    options = LanguageOptions(config_file_path=str(root_file))
    options.load_dict(entry)
    errors, warnings = options.validate()
    if errors or warnings:
        key, error = [*errors, *warnings][0]
        raise PluginError(f"Couldn't read {where}, '{key}': {error}.\n  --> {HINT}")
    default = index == 0
    folder = root_file.parent / (options.folder or ("." if default else f"languages/{options.code}"))
    language = Language(
        options.code, options.name, folder.resolve(), options.dir, tuple(options.countries_first), default
    )
    return language


def current_language(config_file: str | Path, theme_language: str) -> Language:
    """The language this build makes: the entry whose mkdocs.yml is being built."""
    path = Path(config_file).resolve()
    languages = languages_of(path)
    for language in languages:
        if language.config_file.resolve() == path:
            if language.code != theme_language:
                raise PluginError(
                    f"'{path}' builds the language '{language.code}' but sets theme.language to '{theme_language}'.\n"
                    f"  --> set theme.language: {language.code}"
                )
            return language
    raise PluginError(
        f"Couldn't find '{path}' among the languages of 'extra.languages'.\n"
        f"  --> a language's mkdocs.yml lives in its folder, languages/<code>/mkdocs.yml; {HINT}"
    )


def is_translation(config: MkDocsConfig) -> bool:
    """Whether a build makes a language other than the default (the first of `extra.languages`)."""
    return config.theme["language"] != languages_of(config.config_file_path)[0].code


def load_raw(path: Path, *, inherit: bool = True) -> dict:
    """A mkdocs.yml as data, with !ENV values resolved (and its parent merged in when `inherit`)."""
    try:
        with path.open("rb") as handle:
            if inherit:
                return yaml_load(handle) or {}
            return yaml.load(handle, Loader=RAW_LOADER) or {}
    except OSError as error:
        raise PluginError(f"Couldn't read '{path}': {error}") from None


def build_other_languages(config_file: str | Path, site_dir: str | Path, *, strict: bool = True) -> None:
    """Build every language but the default into site_dir/<code>/, one `mkdocs build` each (make site, serve);
    a language that fails does not stop the others, and the failure names every one that failed."""
    failed = []
    for language in languages_of(config_file):
        if language.default:
            continue
        if not language.config_file.is_file():
            raise PluginError(
                f"Couldn't find '{language.config_file}' for the language '{language.code}' of 'extra.languages'.\n"
                "  --> copy a language's mkdocs.yml (e.g. languages/es/mkdocs.yml) and change its language settings"
            )
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(language.config_file)]
        command += ["--site-dir", str(Path(site_dir) / language.code), *(["--strict"] if strict else [])]
        result = subprocess.run(command, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
        if result.returncode != 0:
            failed.append(f"'{language.code}' ({language.config_file})")
    if failed:
        raise PluginError(f"Couldn't build the edition(s) {', '.join(failed)}: see the messages above.")


# Data

# MkDocs' YAML loader (it resolves !ENV), also reading `!relative $config_dir/...` as its text: only INHERIT and the
# hooks are read from a language's file without MkDocs.
RAW_LOADER = get_yaml_loader()
RAW_LOADER.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))

HINT = (
    "list each language as '- code: es' with 'name: Español' (and 'dir: rtl' for a right-to-left script) under "
    "extra.languages in mkdocs.yml; see README, 'Languages'"
)

"""Site settings: the `extra` block of mkdocs.yml, validated in one place and read through `site_settings(config)`.

Each section is a MkDocs config schema (as Material's plugins declare theirs); a mistake fails the build with a
`PluginError` naming mkdocs.yml and the key, e.g. 'extra.licence.content.url'. Keys of `extra` not listed here
belong to other features (the theme's, the help lines', the languages') and are left to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# Options


class Names(c.BaseConfigOption[list[str]]):
    """One name or a list of names: people, or a team such as the editorial team."""

    def run_validation(self, value: object) -> list[str]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise c.ValidationError(f"expected a name or a list of names, got {value!r}")
        return [name.strip() for name in names]


class Text(c.BaseConfigOption[str]):
    """Text shown to readers: a string that is not blank."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise c.ValidationError(f"expected text, got {value!r}")
        return value.strip()


class InsidePath(c.BaseConfigOption[str]):
    """A relative folder that stays inside the folder it is relative to: no absolute path, no '..'."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise c.ValidationError(f"expected a folder name, got {value!r}")
        path = PurePosixPath(value.strip().replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or PureWindowsPath(value).drive:
            raise c.ValidationError(f"'{value}' leaves the folder it must stay in")
        return path.as_posix()


class FileStem(c.BaseConfigOption[str]):
    """The start of every download's file name: letters, digits, '.', '_' and '-' only, so never a path."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not FILE_STEM.fullmatch(value):
            raise c.ValidationError(f"{value!r} is not a plain file name")
        return value


class NotEmpty(c.ListOfItems):
    """A list with at least one item: an empty one would silently switch a feature off."""

    def run_validation(self, value: object) -> list:
        items = super().run_validation(value)
        if not items:
            raise c.ValidationError("the list is empty")
        return items


# Sections


class AudienceConfig(base.Config):
    """One audience under `extra.audiences` (its key, e.g. `client`, is what pages name in `audience:`)."""

    label = Text()  # the audience bar, the tabs and the downloads, e.g. "For clients and families"
    counterpart_link = Text()  # the link to the other audience's version of a page
    tag = Text()  # the tag its pages carry, and a keyword of its PDFs


class PublisherConfig(base.Config):
    """`extra.publisher`: who publishes the site, and where readers write to."""

    name = Text()
    email = c.Type(str)


class LicenceConfig(base.Config):
    """One licence: its short name and the address of its text."""

    name = Text()
    url = c.URL()


class LicencesConfig(base.Config):
    """`extra.licence`: the licence of the text, and of the code."""

    content = c.SubConfig(LicenceConfig)
    code = c.SubConfig(LicenceConfig)


class EditorialConfig(base.Config):
    """`extra.editorial`: who writes and reviews the pages that do not name anyone (teams, never invented people)."""

    authors = Names()
    reviewers = Names()


class DownloadsConfig(base.Config):
    """`extra.downloads`: the PDFs and decks; every key is optional."""

    # What the documents are called
    title = c.Type(str, default="What Is Imagery Rescripting?")
    file_stem = FileStem(default="imagery-rescripting")
    keywords = c.ListOfItems(
        c.Type(str), default=["imagery rescripting", "psychotherapy", "trauma", "PTSD", "memories", "worksheet"]
    )
    # Which editions, and where they go
    papers = NotEmpty(c.Choice(("a4", "letter")), default=["a4", "letter"])
    folder = InsidePath(default="downloads")  # inside site_dir
    cache = InsidePath(default=".cache/downloads")  # beside mkdocs.yml, a folder per kind of file


@dataclass(frozen=True)
class SiteSettings:
    """Every validated section of `extra`."""

    audiences: dict[str, AudienceConfig]
    publisher: PublisherConfig
    licence: LicencesConfig
    editorial: EditorialConfig
    downloads: DownloadsConfig

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> SiteSettings:
        """Validate the sections of `config.extra`, or fail naming mkdocs.yml and the key."""
        extra = config.extra
        audiences = extra.get("audiences")
        if not isinstance(audiences, dict) or not audiences:
            raise setting_error(config, "audiences", f"expected one or more audiences, got {audiences!r}")
        return cls(
            audiences={
                str(key): section(AudienceConfig, value, f"audiences.{key}", config=config)
                for key, value in audiences.items()
            },
            publisher=section(PublisherConfig, extra.get("publisher"), "publisher", config=config),
            licence=section(LicencesConfig, extra.get("licence"), "licence", config=config),
            editorial=section(EditorialConfig, extra.get("editorial"), "editorial", config=config),
            downloads=section(DownloadsConfig, optional(extra.get("downloads")), "downloads", config=config),
        )


# Accessor


def site_settings(config: MkDocsConfig) -> SiteSettings:
    """The validated `extra` settings of this build's config: checked at the first call, then kept (a new config,
    as `mkdocs serve` makes on a rebuild, or a changed `extra`, is checked again)."""
    # A hook may change `extra` after the first check (hooks/languages.py gives each language its own file names):
    # the settings follow it.
    if VALIDATED.config is not config or VALIDATED.extra != config.extra:
        VALIDATED.settings = SiteSettings.from_config(config)
        VALIDATED.config = config
        VALIDATED.extra = dict(config.extra)
    return VALIDATED.settings


# Helper functions


def section(schema: type[base.Config], data: object, key: str, *, config: MkDocsConfig) -> base.Config:
    """One section of `extra` validated against its schema; unknown keys are mistakes too (a misspelt key would
    otherwise be ignored without a word)."""
    if not isinstance(data, dict):
        raise setting_error(config, key, f"expected settings (indented 'name: value' lines), got {data!r}")
    settings = schema(config_file_path=config.config_file_path)
    settings.load_dict(dict(data))
    errors, warnings = settings.validate()
    for name, problem in [*errors, *warnings]:
        raise setting_error(config, f"{key}.{name}", str(problem).rstrip("."))
    return settings


def optional(data: object) -> object:
    """An optional section: left out, or written with nothing under it, it takes its defaults."""
    return {} if data is None else data


def setting_error(config: MkDocsConfig, key: str, problem: str) -> PluginError:
    """A failure naming mkdocs.yml, the key and the problem, with a hint for the section."""
    matching = [prefix for prefix in HINTS if key == prefix or key.startswith(f"{prefix}.")]
    hint = HINTS[max(matching, key=len)] if matching else "see the comments under 'extra:' in mkdocs.yml"
    return PluginError(f"Couldn't read 'extra.{key}' in '{config.config_file_path}': {problem}.\n  --> {hint}")


@dataclass
class Validated:
    """The last config checked, and its settings (module state survives `mkdocs serve` rebuilds)."""

    config: MkDocsConfig | None = None
    settings: SiteSettings | None = None
    extra: dict | None = None  # a shallow copy of the `extra` it was checked from


# Data

VALIDATED = Validated()
FILE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Hints by key; the longest matching key wins.
HINTS = {
    "audiences": "give each audience a label, a counterpart_link and a tag, e.g. 'client: {label: For clients, "
    "counterpart_link: Client version of this page, tag: Clients}'",
    "publisher": "give the publisher's name and e-mail, e.g. 'publisher: {name: Open Therapy Handouts, email: ...}'",
    "licence": "give 'content' and 'code', each with a name and a url, e.g. 'content: {name: CC BY-SA 4.0, url: "
    "https://creativecommons.org/licenses/by-sa/4.0/}'",
    "editorial": "give the team that writes and reviews pages, e.g. 'authors: [Open Therapy Handouts editorial team]'",
    "downloads": "write 'downloads:' with indented settings under it (title, file_stem, keywords, papers, folder, "
    "cache), or leave it out for the defaults",
    "downloads.file_stem": "use letters, digits and hyphens only, e.g. 'imagery-rescripting'",
    "downloads.folder": "give a folder inside the site, e.g. 'downloads'",
    "downloads.cache": "give a folder beside mkdocs.yml, e.g. '.cache/downloads'",
    "downloads.papers": "list one or both of a4 and letter, e.g. 'papers: [a4, letter]'",
}

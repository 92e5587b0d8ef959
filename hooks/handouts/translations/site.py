"""This build's language edition: which language it is and what follows from it (site address, download file
names, translated help lines, interface text), each page's translation and its links to the other languages, and
the Jinja globals the templates read it through (`edition_of`, `site_page`, `client_editions`, `language_homes`).
hooks/languages.py wires this in.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handouts import editions, templates
from handouts.page_info import fill_page_info, page_info
from handouts.translations import pages, settings

log = get_plugin_logger("hooks/languages")

# Helper functions


def remember_command(command: str) -> None:
    """Remember whether this is `mkdocs serve`, which also builds the other languages after each build."""
    _state["command"] = command


def configure(config: MkDocsConfig) -> None:
    """Find this build's language, and set what follows from it before the other hooks read the config."""
    command = _state.get("command")
    _state.clear()
    _state["command"] = command
    language = settings.current_language(config.config_file_path, config.theme["language"])
    languages = settings.languages_of(config.config_file_path)
    config.theme["direction"] = language.direction  # Material's dir="rtl", and the PDFs' and decks' direction
    base_url = config.site_url or ""
    download_settings = editions.read_settings(config)  # before this language's file names are set
    if not language.default:
        check_same_hooks(config, language)
        # The hooks after this one find the project's files (bibliography, download cache) beside the mkdocs.yml:
        # for a language, that is the root one it inherits, so every edition reads the same files.
        config.config_file_path = str(settings.root_config_file(Path(config.config_file_path)))
        base_url = base_url.removesuffix(language.prefix) if base_url.endswith(language.prefix) else base_url
        config.site_url = language.site_url(base_url)
        downloads = dict(config.extra.get("downloads") or {})
        # Its own file names, so its files and cache entries never replace the English ones
        downloads["file_stem"] = f"{download_settings['file_stem']}-{language.code}"
        config.extra["downloads"] = downloads
        config.extra["help_now"] = translated_help_lines(config.extra["help_now"], language)
    if len(languages) > 1:
        # Material shows its language menu when extra.alternate is set, and overrides/partials/alternate.html fills it
        # with links to this same page in each language. Not a list: Material would also print each language's home
        # page as the page's hreflang alternate; overrides/main.html prints the real ones.
        config.extra["alternate"] = True
    _state.update(language=language, languages=languages, base_url=base_url, editions={},
                  download_settings=download_settings)
    # Our interface text in this language, for every template: pages, the help lines, forms, the PDFs and decks.
    config.extra["ui"] = interface_strings(config)
    # The PDFs of a translated edition link to the original they were translated from.
    config.extra["default_site_url"] = default_language().site_url(base_url)


def with_english_assets(files: Files, config: MkDocsConfig) -> Files | None:
    """A translated edition uses the English site's assets (stylesheets, scripts, logo), unless it has its own."""
    if _state["language"].default:
        return None
    english = default_language().docs_dir
    for path in sorted((english / ASSETS).rglob("*")):
        src = path.relative_to(english).as_posix()
        if path.is_file() and files.get_file_from_path(src) is None:
            files.append(File(src, str(english), config.site_dir, config.use_directory_urls))
    return files


def translate_page(markdown: str, page: Page, files: Files) -> str:
    """On a translated page: record its translation, check its safety elements, and send links to pages that have
    no translation to the English page."""
    language, english = _state["language"], default_language()
    src = page.file.src_uri
    shown = f"{language.docs_dir.relative_to(english.folder).as_posix()}/{src}"  # the file as errors name it
    info = page_info(page)
    counterpart_url = None
    translation = None
    if not language.default and page.file.abs_src_path:
        if info.counterpart is None and info.counterpart_path is not None:  # only in English (hooks/audience.py)
            counterpart_url = english_url(info.counterpart_path)
        block = info.translation_block
        translation = pages.Translation.from_meta(
            block, src=shown, english_docs=english.docs_dir,
            english_url=english_url(str((block if isinstance(block, dict) else {}).get("source", src))),
        )
        if translation.outdated:
            # INFO, not WARNING: an English edit must not stop the translated sites from deploying (--strict).
            log.info(f"{OUTDATED_PREFIX}: '{shown}': its English page '{translation.source}' has "
                     "changed since it was translated; the page tells readers it may be out of date.")
        english_file = english.docs_dir / translation.source
        pages.check_safety(shown, markdown,
                           english_file.read_text(encoding="utf-8"), english_file)
        markdown = LINK.sub(lambda match: english_link(match, page, files), markdown)
    fill_page_info(page, translation=translation)
    _state["editions"][src] = Edition(translation, counterpart_url, alternates(page))
    return markdown


def translation_folders() -> list[str]:
    """The folders of the translated editions, watched while serving."""
    return [str(language.folder) for language in _state.get("languages", ()) if not language.default]


def build_other_languages(config: MkDocsConfig) -> None:
    """While serving the default language, build the other languages into its site too (at /es/, /ar/ ...)."""
    if _state.get("command") == "serve" and _state["language"].default:
        settings.build_other_languages(config.config_file_path, config.site_dir)


@dataclass(frozen=True)
class Alternate:
    """The same page in one language: its address, and whether it exists in that language (else its home)."""

    code: str
    name: str
    url: str
    exists: bool
    current: bool


@dataclass(frozen=True)
class Edition:
    """What the templates need to know about one page's language edition."""

    translation: pages.Translation | None
    counterpart_url: str | None  # the other audience's page, in English, when it has no translation
    alternates: tuple[Alternate, ...]

    @property
    def hreflang(self) -> tuple[Alternate, ...]:
        """The languages the page exists in, when more than one: its hreflang links and sitemap alternates."""
        present = tuple(alternate for alternate in self.alternates if alternate.exists)
        return present if len(present) > 1 else ()


@dataclass(frozen=True)
class ClientEdition:
    """The client pages in one language: the page to give, and its PDFs by paper."""

    code: str
    name: str
    direction: str
    url: str
    pdfs: tuple[tuple[str, str], ...]


def edition_of(page: Page | None) -> Edition | None:
    """The edition of a page (a Jinja global); None for pages without one (the 404 page)."""
    if page is None or page.file is None:
        return None
    return _state.get("editions", {}).get(page.file.src_uri)


def default_language() -> settings.Language:
    return next(language for language in _state["languages"] if language.default)


def alternates(page: Page) -> tuple[Alternate, ...]:
    """The page in every language: the same page where it exists, else that language's home page."""
    src, url = page.file.src_uri, page.url
    found = []
    for language in _state["languages"]:
        exists = language.has_page(src)
        target = language.site_url(_state["base_url"]) + (url if exists else "")
        found.append(Alternate(language.code, language.name, target, exists, language == _state["language"]))
    return tuple(found)


def language_homes() -> tuple[Alternate, ...]:
    """Every language's home page: the language menu of a page that is in no language's files (the 404 page)."""
    return tuple(
        Alternate(language.code, language.name, language.site_url(_state["base_url"]), True,
                  language == _state["language"])
        for language in _state["languages"]
    )


def english_url(src: str) -> str:
    """The English (default language) page of a source path, as an absolute address."""
    return default_language().site_url(_state["base_url"]) + page_url(src)


def page_url(src: str) -> str:
    """A page's address relative to the site, as MkDocs makes it with directory URLs: 'client/index.md' -> 'client/'."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def site_page(src: str, *, files: Files) -> str:
    """A page of the site for a template link: in this language when it has one (relative to the site, for the
    `url` filter), else the English page's absolute address."""
    return page_url(src) if files.get_file_from_path(src) is not None else english_url(src)


def client_editions(page: Page) -> list[ClientEdition]:
    """The client version of a professional page in every language, with the client PDFs when downloads are made:
    what a professional can give a client who reads another language."""
    counterpart = page_info(page).counterpart
    src = counterpart.src_uri if counterpart else CLIENT_HOME
    settings_ = _state["download_settings"]
    found = []
    for language in _state["languages"]:
        home = language.site_url(_state["base_url"])
        stem = settings_["file_stem"] + ("" if language.default else f"-{language.code}")
        pdfs = tuple(
            (paper, f"{home}{settings_['folder']}/{stem}-client-{paper}.pdf") for paper in settings_["papers"]
        ) if editions.downloads_enabled() else ()
        target = src if language.has_page(src) else CLIENT_HOME
        found.append(ClientEdition(language.code, language.name, language.direction, home + page_url(target), pdfs))
    return found


def english_link(match: re.Match, page: Page, files: Files) -> str:
    """A Markdown link to a page that has no translation, made absolute to the English page."""
    target, anchor = match["target"], match["anchor"] or ""
    src = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), target))
    if files.get_file_from_path(src) is not None or not default_language().has_page(src):
        return match[0]
    return f"{match['open']}{english_url(src)}{anchor}{match['close']}"


def check_same_hooks(config: MkDocsConfig, language: settings.Language) -> None:
    """A language's mkdocs.yml lists the root's hooks again (lists are not inherited): fail when they differ."""
    root = settings.root_config_file(Path(config.config_file_path))
    wanted = [Path(str(name)).name for name in settings.load_raw(root, inherit=False).get("hooks") or []]
    listed = [Path(str(name)).name for name in config["hooks"]]
    if listed != wanted:
        raise PluginError(
            f"The hooks of '{config.config_file_path}' are not the hooks of '{root}': {listed} != {wanted}.\n"
            "  --> list the root's hooks, in the same order, with paths from this folder (../../hooks/...)"
        )


def translated_help_lines(countries: tuple, language: settings.Language) -> tuple:
    """The help lines with their text in the language (from <folder>/help-lines.yml), ordered for its readers;
    a string with no translation stops the build, naming it."""
    path = language.folder / "help-lines.yml"
    catalogue = read_catalogue(path)

    def text(english: str | None, *, required: bool = True) -> str | None:
        if english is None:
            return None
        if english in catalogue:
            return catalogue[english]
        if required:
            raise PluginError(
                f"Couldn't find a translation of the help-line text '{english}' in '{path}'.\n"
                f'  --> add a line to it: "{english}": "<the {language.name} text>"'
            )
        return english

    translated = [
        dataclasses.replace(
            country,
            name=text(country.name),
            lines=tuple(
                dataclasses.replace(line, name=text(line.name, required=False), area=text(line.area),
                                    open=text(line.open), who=text(line.who))
                for line in country.lines
            ),
        )
        for country in countries
    ]
    first = [text(name) for name in language.countries_first]
    order = {name: index for index, name in enumerate(first)}
    return tuple(sorted(translated, key=lambda country: order.get(country.name, len(order))))


def read_catalogue(path: Path) -> dict[str, str]:
    """A language's help-line catalogue: English string -> translated string."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PluginError(
            f"Couldn't find the help-line translations '{path}'.\n"
            "  --> add it: one line per English string of data/help-lines.yml, e.g. \"Ireland\": \"Irlanda\""
        ) from None
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"Couldn't read the help-line translations '{path}': {error}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise PluginError(
            f"Couldn't read the help-line translations '{path}': expected lines of \"English\": \"translation\"."
        )
    return data


def interface_strings(config: MkDocsConfig) -> dict[str, str]:
    """Our interface text in this build's language, English where a string is not translated yet. The text lives in
    overrides/partials/strings/<code>.html (`{% set strings = {...} %}`), as Material keeps its own."""
    english = strings_in(config, "en")
    code = config.theme["language"]
    translated = strings_in(config, code) if code != "en" else {}
    unknown = sorted(set(translated) - set(english))
    if unknown:
        raise PluginError(
            f"Couldn't find the interface string '{unknown[0]}' of '{STRINGS.format(code=code)}' in English.\n"
            f"  --> use the keys of {STRINGS.format(code='en')}"
        )
    return {**english, **translated}


def strings_in(config: MkDocsConfig, code: str) -> dict[str, str]:
    """The strings of one language's template, or none when the language has no template yet."""
    try:
        module = templates.get_template(config, STRINGS.format(code=code)).module
    except jinja2.TemplateNotFound:
        return {}
    return dict(getattr(module, "strings", {}))


# Data

OUTDATED_PREFIX = "TRANSLATION MAY BE OUT OF DATE"
CLIENT_HOME = "client/index.md"  # the client version a professional page offers when it names no counterpart
STRINGS = "partials/strings/{code}.html"
ASSETS = "assets"  # the English site's folder of stylesheets, scripts and images, shared by every edition
# An inline Markdown link or image to a page: [text](target.md#anchor "title"); the target has no scheme.
LINK = re.compile(r"(?P<open>\]\()(?P<target>(?![a-z][a-z0-9+.-]*:)[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?(?P<close>[)\s])")

# This build's language, every language, the default site address and each page's edition: reset in on_config.
_state: dict = {}

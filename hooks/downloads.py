"""Per-audience PDFs: each audience's pages, in navigation order, as tagged, fillable PDFs in A4 and US Letter.

The print document is a Jinja template (overrides/pdf/document.html) and its design is CSS (overrides/pdf/*.css);
hooks/pdf.py makes the one WeasyPrint call per file. PDFs are made in `on_env`, once every page's HTML exists and
before any page is rendered, so the download panel can show their size and page count; unchanged inputs reuse the
cached file. `DOWNLOADS=off` switches them off for quick previews.
"""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

# The hooks folder is on sys.path while MkDocs imports a hook (MkDocs >= 1.6), so sibling modules import directly.
from handouts import content, editions, pdf, print_plan, qr, required_hooks
from handouts.cache import remove_stale
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Read the download settings and forget the previous build (`mkdocs serve` keeps this module loaded)."""
    _state.clear()
    required_hooks.check(config)
    _state["settings"] = editions.read_settings(config)
    editions.REGISTRY[:] = [d for d in editions.REGISTRY if d.format != "pdf"]


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Keep the print templates and stylesheets out of the website (they live in the theme's custom_dir)."""
    for file in [f for f in files if f.src_uri.startswith(f"{PRINT_DIR}/") and f.abs_src_path]:
        if Path(file.abs_src_path).is_relative_to(overrides_dir(config)):
            files.remove(file)
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    """Remember the pages in navigation order: the order of every download."""
    _state["pages"] = list(nav.pages)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Offer the QR filters to every template, then make the PDFs (every page's HTML is ready now)."""
    env.filters.update(qr.FILTERS)
    if editions.downloads_enabled():
        made = make_pdfs(config, _state.get("pages", []))
        _state["made"] = made
        editions.REGISTRY.extend(download for download, _ in made)
    return env


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Copy each PDF from the cache into site_dir, atomically."""
    editions.publish(config, _state.get("made", []))


# Helper functions


def make_pdfs(config: MkDocsConfig, pages: list[Page]) -> list[tuple[editions.Download, Path]]:
    """Make (or take from the cache) every audience's PDF in every paper size."""
    settings = _state["settings"]
    planned = []
    for audience, chapters_pages in editions.pages_by_audience(config, pages, "PDFs").items():
        document = print_document(config, audience, chapters_pages)
        edition = editions.edition_date(chapters_pages)
        planned += [plan_pdf(config, audience, paper, document, edition) for paper in settings["papers"]]
    pages_made = render_missing(config, [edition for edition in planned if not edition.is_cached()])
    return [(edition.download(settings, pages_made.get(edition.name)), edition.cached) for edition in planned]


@dataclass(frozen=True)
class Edition:
    """One PDF to offer: what it is made from, and where its cached copy lives."""

    name: str
    audience: str
    paper: str
    document: str
    edition: datetime.date
    stylesheets: tuple[Path, ...]
    cached: Path

    @property
    def facts(self) -> Path:
        """What the panel needs to know about the cached PDF (its page count), kept beside it."""
        return self.cached.with_suffix(".json")

    def is_cached(self) -> bool:
        return self.cached.is_file() and self.facts.is_file()

    def download(self, settings: editions.Settings, pages: int | None) -> editions.Download:
        """Describe the PDF for the panel; `pages` is known when it was just made, else read from its facts."""
        if pages is None:
            pages = json.loads(self.facts.read_text(encoding="utf-8"))["pages"]
        path = f"{settings['folder']}/{self.name}"
        size = self.cached.stat().st_size
        return editions.Download(self.audience, "pdf", self.paper, path, size, pages, self.edition)


def plan_pdf(config: MkDocsConfig, audience: str, paper: str, document: str, edition: datetime.date) -> Edition:
    """Name one PDF and find its cached copy from the fingerprint of everything it is made from."""
    settings = _state["settings"]
    name = f"{settings['file_stem']}-{audience}-{paper}.pdf"
    sheets = ("print.css", f"{audience}.css", f"{paper}.css")
    sheets += ("rtl.css",) if config.theme.get("direction") == "rtl" else ()  # set by hooks/languages.py
    stylesheets = tuple(print_dir(config) / sheet for sheet in sheets)
    missing = [str(sheet) for sheet in stylesheets if not sheet.is_file()]
    if missing:
        raise PluginError(f"Couldn't find the print stylesheet '{missing[0]}'.\n  --> see overrides/pdf/")
    cache = editions.cache_dir(config, settings, "pdf")
    key = pdf.fingerprint(document, stylesheets, root=Path(config.config_file_path).parent)[:20]
    return Edition(name, audience, paper, document, edition, stylesheets, cache / f"{Path(name).stem}-{key}.pdf")


def render_missing(config: MkDocsConfig, editions: list[Edition]) -> dict[str, int]:
    """Make the PDFs that are not in the cache, side by side on every core (each is one WeasyPrint call);
    return the page count of each by name."""
    base_url = print_dir(config).as_uri() + "/"
    roots = readable_folders(config)
    pages_made = {}
    jobs = [(edition.document, edition.cached, base_url, edition.stylesheets, roots) for edition in editions]
    for edition, outcome in zip(editions, pdf.write_pdfs(jobs), strict=True):
        if isinstance(outcome, pdf.PdfError):
            raise PluginError(
                f"Couldn't make '{edition.name}' for the {edition.audience} pages{citing_page(outcome.url)}: "
                f"{outcome}.\n  --> {PDF_HINT}"
            )
        pages, messages = outcome
        pages_made[edition.name] = pages
        for message in messages:
            log.warning(f"{edition.name}: WeasyPrint: {message}")
        # A PDF made with warnings is neither cached (the next build warns again) nor allowed to replace the last
        # good one: under --strict the warnings fail the build, and the good PDF must still be there for the next.
        if not messages:
            write_facts(edition.facts, pages)
            remove_stale(edition.cached.parent, Path(edition.name).stem, keep=edition.cached)
    return pages_made


def readable_folders(config: MkDocsConfig) -> tuple[Path, ...]:
    """The only folders a PDF may read files from: the pages and their images, the theme's print templates and
    stylesheets, and the build's own output."""
    return (Path(config.docs_dir), overrides_dir(config), Path(config.site_dir))


def citing_page(url: str | None) -> str:
    """' (page 'x.md' names '<url>')' for the page whose HTML holds a refused address, or ''."""
    if not url:
        return ""
    for page in _state.get("pages", []):
        if url in (page.content or "") or html.escape(url) in (page.content or ""):
            return f" (page '{page.file.src_uri}')"
    return ""


def write_facts(facts: Path, pages: int) -> None:
    """Keep what the panel needs to know about a cached PDF without opening it."""
    try:
        text = json.dumps({"pages": pages})
        editions.write_atomically(facts, lambda part: part.write_text(text, encoding="utf-8"))
    except OSError as error:
        raise PluginError(f"Couldn't write the PDF cache '{facts}': {error}") from None


def print_document(config: MkDocsConfig, audience: str, pages: list[Page]) -> str:
    """The whole print document of one audience, as HTML, rendered from the pages' content model."""
    settings = _state["settings"]
    chapter_ids = {page.url: chapter_id(page) for page in pages}
    contents = [content.page_content(page.file.src_uri) for page in pages]
    chapters = [
        print_plan.chapter(page_content, chapter_id=chapter_ids[page.url], url=page.url)
        for page, page_content in zip(pages, contents, strict=True)
    ]
    pages_by_url = {page.url: page for page in pages}
    references = print_plan.references(contents)
    web_url = urljoin(config.site_url or "", f"{audience}/")
    language = config.theme.get("language") or "en"
    env = config.theme.get_env()
    env.filters.update(qr.FILTERS)
    template = env.get_template(f"{PRINT_DIR}/document.html")
    return template.render(
        config=config,
        base_url=config.site_url or "",
        page=None,
        audience=audience,
        audience_label=config.extra["audiences"][audience]["label"],
        language=language,
        direction="rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr",
        title=settings["title"],
        subject=pages[0].meta.get("description", config.site_description or "").strip(),
        keywords=[*settings["keywords"], config.extra["audiences"][audience].get("tag", audience)],
        web_url=web_url,
        short_url=web_url.split("://", 1)[-1].rstrip("/"),
        edition=editions.edition_date(pages),
        review=editions.review_date(pages),
        chapters=chapters,
        references=references,
        references_title=next(
            (c.references_title for c in contents if c.references_title), config.extra["ui"]["references.title"]
        ),
        help_title=help_page_title(config),
        # A translated edition's PDF says who translated it and where its original is (hooks/languages.py checks
        # the block); the first page's stands for all, as they are translated together.
        translation=pages[0].meta.get("translation"),
        original_url=urljoin(config.extra.get("default_site_url") or config.site_url or "", f"{audience}/"),
        link=lambda target, chapter: resolve_link(
            refuse_build_machine_files(target, pages_by_url[chapter.url] if chapter else None),
            chapter.url if chapter else "", chapter_ids, config,
        ),
        image=lambda src, chapter: resolve_source(src, pages_by_url[chapter.url], config),
    )


def refuse_build_machine_files(href: str, page: Page | None) -> str:
    """A `file:` link reads nothing into the PDF, but it points readers at the build machine: a mistake or a probe, so
    the build fails naming the page."""
    if urlsplit(href).scheme.lower() == "file":
        where = f"page '{page.file.src_uri}'" if page else "the print document"
        raise PluginError(
            f"Couldn't make the PDFs: {where} links to '{href}', a file on the build machine, outside the project.\n"
            "  --> link to the file's web address, or put it in docs/ and link to it there"
        )
    return href


def resolve_link(href: str, page_url: str, chapter_ids: dict[str, str], config: MkDocsConfig) -> str:
    """Where a link goes in the PDF: a chapter of the same PDF, its reference list, its help lines, or the website;
    other schemes stay as they are."""
    if not href or href == "#" or urlsplit(href).scheme:
        return href
    if href.startswith("#ref-") or not page_url:
        return href  # a citation: the PDF's one reference list holds every work under its own id
    if href.startswith("#"):
        return f"#{chapter_ids[page_url]}--{href[1:]}"
    target = urlsplit(urljoin(page_url, href))
    path = normpath(target.path) + ("/" if target.path.endswith("/") else "")
    path = "" if path in ("./", ".") else path
    if path in chapter_ids:
        chapter = chapter_ids[path]
        return f"#{chapter}--{target.fragment}" if target.fragment else f"#{chapter}"
    if path == HELP_NOW_URL:
        return "#help-now"  # the printed help lines, with every number, in this PDF
    web = urljoin(config.site_url or "", path)
    return f"{web}#{target.fragment}" if target.fragment else web


def help_page_title(config: MkDocsConfig) -> str:
    """The title of the Help now page, which the PDF's own list of help lines takes."""
    page = next((p for p in _state.get("pages", []) if p.url == HELP_NOW_URL), None)
    return (page.title if page and page.title else "Getting help now")


def resolve_source(src: str, page: Page, config: MkDocsConfig) -> str:
    """An image in the PDF comes from docs_dir as a file (WeasyPrint reads project files only), or is a data: URI.
    An image from another host, or one that is missing, fails the build naming the page and the image."""
    scheme = urlsplit(src).scheme.lower()
    if not src or scheme in ("data", "file"):
        return src  # a file: address is judged by pdf.ProjectFetcher, which reads project files only
    if scheme or src.startswith("//"):
        raise PluginError(
            f"Page '{page.file.src_uri}' shows the image '{src}' from another host, which the PDFs (and the site's "
            "privacy promise) do not allow.\n  --> save the image in docs/assets/ and link to it there"
        )
    docs = Path(config.docs_dir)
    address = unquote(urlsplit(src).path)
    # MkDocs rewrites the address of an image it found relative to the page's URL, and leaves a missing one as
    # written, relative to the Markdown file.
    as_written = normpath(urljoin(page.file.src_uri, address))
    candidates = [docs / normpath(urljoin(page.url, address)), docs / as_written]
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        raise PluginError(
            f"Page '{page.file.src_uri}' shows the image '{src}', which is not there (looked for "
            f"'{docs.name}/{as_written}').\n"
            "  --> add the image, or correct its path (relative to the page's Markdown file)"
        )
    return found.resolve().as_uri()


def chapter_id(page: Page) -> str:
    """A PDF-wide id for a page, from its URL: 'client/worksheet/' -> 'client-worksheet'."""
    return "page-" + (page.url.strip("/").replace("/", "-").removesuffix(".html") or "home")


def overrides_dir(config: MkDocsConfig) -> Path:
    """The theme's custom_dir, where the print templates live."""
    return Path(config.theme.custom_dir or Path(config.config_file_path).parent / "overrides").resolve()


def print_dir(config: MkDocsConfig) -> Path:
    """The folder of the print template and stylesheets."""
    return overrides_dir(config) / PRINT_DIR


# Data


PDF_HINT = (
    "a PDF reads only the site's own files: keep images and attachments in docs/ and link to them with relative "
    "paths (README, 'Security')"
)
PRINT_DIR = "pdf"  # overrides/pdf/: document.html, print.css, <audience>.css, <paper>.css
# The Help now page, which the help-now box of every client page also links to (overrides/partials/help-now.html).
HELP_NOW_URL = "help-now/"
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}

# This build's settings, pages in navigation order, and the PDFs made: reset in on_config.
_state: dict = {}

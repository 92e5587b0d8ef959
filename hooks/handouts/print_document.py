"""The print document of one audience: its pages' content model as one HTML document (overrides/pdf/document.html),
with links and images resolved for a PDF. handouts/pdf.py makes the PDFs from it.
"""

from __future__ import annotations

from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from handouts import content, editions, print_plan, qr
from handouts.page_info import page_info

# Helper functions


def render(config: MkDocsConfig, audience: str, pages: list[Page], *, site_pages: list[Page]) -> str:
    """The whole print document of one audience, as HTML, rendered from the pages' content model; `site_pages`
    are every page of the site, in navigation order."""
    settings = editions.read_settings(config)
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
        subject=page_info(pages[0]).description.strip(),
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
        help_title=help_page_title(site_pages),
        # A translated edition's PDF says who translated it and where its original is (hooks/languages.py checks
        # the block); the first page's stands for all, as they are translated together.
        translation=page_info(pages[0]).translation,
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


def help_page_title(site_pages: list[Page]) -> str:
    """The title of the Help now page, which the PDF's own list of help lines takes."""
    page = next((p for p in site_pages if p.url == HELP_NOW_URL), None)
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

PRINT_DIR = "pdf"  # overrides/pdf/: document.html, print.css, <audience>.css, <paper>.css
# The Help now page, which the help-now box of every client page also links to (overrides/partials/help-now.html).
HELP_NOW_URL = "help-now/"
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}

"""PDF editions: each audience's print document (handouts/print_document.py) made into a tagged, fillable PDF in
every paper size by WeasyPrint, in forked worker processes, through the cache (handouts/cache.py).

Only this module calls WeasyPrint, so a post-build script of another site generator could call it too.
"""

from __future__ import annotations

import datetime
import functools
import logging
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

import pydyf
import weasyprint
import weasyprint.urls
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from handouts import cache, editions, print_document

log = get_plugin_logger("hooks/downloads")

# Helper functions: the PDFs of a build


@dataclass(frozen=True)
class PdfJob:
    """One PDF to offer: what it is made from, and its place in the cache."""

    name: str  # e.g. "imagery-rescripting-client-a4.pdf"
    audience: str
    paper: str
    document: str  # the print document's HTML
    stylesheets: tuple[Path, ...]
    cached: cache.CachedFile
    edition: datetime.date
    review: datetime.date


def make_pdfs(config: MkDocsConfig, site_pages: list[Page]) -> list[tuple[editions.Edition, cache.CachedFile]]:
    """Make (or take from the cache) every audience's PDF in every paper size; `site_pages` are every page of the
    site in navigation order."""
    settings = editions.read_settings(config)
    jobs = []
    for audience, pages in editions.pages_by_audience(config, site_pages, "PDFs").items():
        document = print_document.render(config, audience, pages, site_pages=site_pages)
        jobs += [plan_pdf(config, settings, audience, paper, document, pages) for paper in settings["papers"]]
    pages_made = render_missing(config, [job for job in jobs if not job.cached.is_cached()], site_pages)
    return [(edition_of(config, settings, job, pages_made.get(job.name)), job.cached) for job in jobs]


def plan_pdf(
    config: MkDocsConfig, settings: editions.Settings, audience: str, paper: str, document: str, pages: list[Page]
) -> PdfJob:
    """Name one PDF and find its place in the cache from the fingerprint of everything it is made from."""
    name = f"{settings['file_stem']}-{audience}-{paper}.pdf"
    sheets = ("print.css", f"{audience}.css", f"{paper}.css")
    sheets += ("rtl.css",) if config.theme.get("direction") == "rtl" else ()  # set by hooks/languages.py
    stylesheets = tuple(print_document.print_dir(config) / sheet for sheet in sheets)
    missing = [str(sheet) for sheet in stylesheets if not sheet.is_file()]
    if missing:
        raise PluginError(f"Couldn't find the print stylesheet '{missing[0]}'.\n  --> see overrides/pdf/")
    folder = editions.cache_dir(config, settings, "pdf")
    key = fingerprint(document, stylesheets, root=Path(config.config_file_path).parent)
    cached = cache.CachedFile(folder, Path(name).stem, ".pdf", key)
    return PdfJob(
        name, audience, paper, document, stylesheets, cached, editions.edition_date(pages), editions.review_date(pages)
    )


def render_missing(config: MkDocsConfig, jobs: list[PdfJob], site_pages: list[Page]) -> dict[str, int]:
    """Make the PDFs that are not in the cache, side by side on every core (each is one WeasyPrint call);
    return the page count of each by name."""
    base_url = print_document.print_dir(config).as_uri() + "/"
    roots = readable_folders(config)
    pages_made = {}
    work = [(job.document, job.cached.path, base_url, job.stylesheets, roots) for job in jobs]
    for job, outcome in zip(jobs, write_pdfs(work), strict=True):
        if isinstance(outcome, PdfError):
            raise PluginError(
                f"Couldn't make '{job.name}' for the {job.audience} pages{citing_page(outcome.url, site_pages)}: "
                f"{outcome}.\n  --> {PDF_HINT}"
            )
        pages, messages = outcome
        pages_made[job.name] = pages
        for message in messages:
            log.warning(f"{job.name}: WeasyPrint: {message}")
        # A PDF made with warnings gets no facts, so it is not cached (the next build warns again), and the last good
        # one is not removed as stale: under --strict the warnings fail the build, and the good PDF must still be
        # there for the next.
        if not messages:
            try:
                job.cached.record({"pages": pages})
            except OSError as error:
                raise PluginError(f"Couldn't write the PDF cache '{job.cached.facts_path}': {error}") from None
    return pages_made


def edition_of(config: MkDocsConfig, settings: editions.Settings, job: PdfJob, pages: int | None) -> editions.Edition:
    """Describe a PDF for the panel; `pages` is known when it was just made, else read from its facts."""
    return editions.Edition(
        stem=settings["file_stem"],
        audience=job.audience,
        language=config.theme.get("language") or "en",
        format="pdf",
        paper=job.paper,
        path=f"{settings['folder']}/{job.name}",
        size_bytes=job.cached.path.stat().st_size,
        pages=job.cached.facts()["pages"] if pages is None else pages,
        edition=job.edition,
        review=job.review,
    )


def readable_folders(config: MkDocsConfig) -> tuple[Path, ...]:
    """The only folders a PDF may read files from: the pages and their images, the theme's print templates and
    stylesheets, and the build's own output."""
    return (Path(config.docs_dir), print_document.overrides_dir(config), Path(config.site_dir))


def citing_page(url: str | None, site_pages: Iterable[Page]) -> str:
    """' (page 'x.md' names '<url>')' for the page whose HTML holds a refused address, or ''."""
    if not url:
        return ""
    for page in site_pages:
        if url in (page.content or "") or escape(url) in (page.content or ""):
            return f" (page '{page.file.src_uri}')"
    return ""


# Helper functions: WeasyPrint


class PdfError(Exception):
    """WeasyPrint could not make the PDF; the message says why, and `url` names the address it refused, if any."""

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message, url)  # both in args, so the error survives the trip back from a worker process
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return self.message


class RefusedURL(weasyprint.urls.FatalURLFetchingError):
    """An address the PDF may not read: WeasyPrint lets only this kind of error stop the rendering."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason


class ProjectFetcher(weasyprint.URLFetcher):
    """WeasyPrint's fetcher, limited to data: URIs and files inside the given folders (the project's docs, theme and
    build output). Pages are contributed: a link or image that names any other file (/etc/passwd, ~/.ssh/...) or
    another host must fail the build, never reach the PDF (`rel="attachment"` embeds whatever it names)."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(url, "it is on another host, and a PDF is made from the project's own files only")
        path = Path(url2pathname(urlsplit(url).path)).resolve()  # resolved: a symbolic link counts where it points
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL(url, "it is a file outside the project's docs, theme and build folders")
        if not path.is_file():
            raise RefusedURL(url, "there is no such file")
        return super().fetch(url, headers)


def write_pdf(
    html: str, target: Path, *, base_url: str, stylesheets: Sequence[Path], roots: Sequence[Path]
) -> tuple[int, list[str]]:
    """Render `html` to a tagged PDF/UA-1 with form fields at `target`, reading only files inside `roots`; return
    its page count and WeasyPrint's warnings. A failure raises PdfError and leaves no file behind."""
    with weasyprint_messages() as messages:
        try:
            fetcher = ProjectFetcher(roots)
            source = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            document = source.render(
                stylesheets=[weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in stylesheets],
                **OPTIONS,
            )
            finish = functools.partial(finish_fields, labels=field_labels(source.etree_element))
            cache.write_atomically(target, lambda part: document.write_pdf(part, finisher=finish, **OPTIONS))
        except RefusedURL as refused:
            raise PdfError(f"it may not read '{refused.url}': {refused.reason}", refused.url) from None
        except weasyprint.urls.FatalURLFetchingError as error:  # a BaseException: `except Exception` misses it
            raise PdfError(f"WeasyPrint could not read a file: {error} ({error.__cause__})") from None
        except Exception as error:  # WeasyPrint's own errors have no common base class: report any of them
            raise PdfError(f"WeasyPrint failed: {type(error).__name__}: {error}") from error
    return len(document.pages), messages


def finish_fields(document: weasyprint.Document, pdf: pydyf.PDF, *, labels: dict[str, str]) -> None:
    """Store every form field's rectangle bottom-left to top-right: WeasyPrint writes it top above bottom, and
    poppler-based viewers (Evince, Okular, pdftoppm) then never draw a ticked checkbox. And give each field its
    label's text as its accessible name (/TU): WeasyPrint takes the label as laid out, which loses the space where
    a label wraps onto a second line."""
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary):
            continue
        if item.get("Subtype") == "/Widget" and "Rect" in item:
            left, bottom, right, top = item["Rect"]
            item["Rect"] = pydyf.Array([min(left, right), min(bottom, top), max(left, right), max(bottom, top)])
        name = item.get("T")
        if "TU" in item and isinstance(name, pydyf.String) and name.string in labels:
            item["TU"] = pydyf.String(labels[name.string])


def field_labels(root: ElementTree.Element) -> dict[str, str]:
    """Each form control's label text on one line, by the control's name."""
    names = {
        element.get("id"): element.get("name")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] in CONTROLS and element.get("id") and element.get("name")
    }
    return {
        names[label.get("for")]: " ".join("".join(label.itertext()).split())
        for label in root.iter()
        if label.tag.rsplit("}", 1)[-1] == "label" and label.get("for") in names
    }


def write_pdfs(
    jobs: Sequence[tuple[str, Path, str, Sequence[Path], Sequence[Path]]],
) -> list[tuple[int, list[str]] | PdfError]:
    """Run `write_pdf(html, target, base_url, stylesheets, roots)` for each job, in parallel processes where the
    system can fork (a PDF takes seconds of CPU; the site has several). Each result is (pages, warnings) or the
    PdfError."""
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [attempt(*job) for job in jobs]
    # Fork, not spawn: the children inherit this module without needing hooks/ on their sys.path.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1), mp_context=context) as pool:
        return list(pool.map(attempt, *zip(*jobs, strict=True)))


def attempt(
    html: str, target: Path, base_url: str, stylesheets: Sequence[Path], roots: Sequence[Path]
) -> tuple[int, list[str]] | PdfError:
    """write_pdf, with its failure returned rather than raised, so one bad PDF does not hide the others'."""
    try:
        return write_pdf(html, target, base_url=base_url, stylesheets=stylesheets, roots=roots)
    except PdfError as error:
        return error


def fingerprint(html: str, stylesheets: Sequence[Path], *, root: Path) -> str:
    """The cache key of a PDF: a fingerprint of everything that decides its bytes (the HTML, the stylesheets, every
    project file the HTML names, WeasyPrint and its options). It holds no location: `root` (the project folder) is
    taken out of every address, so a moved checkout or a fresh clone in CI finds the same key."""
    prefix = Path(root).resolve().as_uri()
    inputs: list[str | bytes] = [
        html.replace(prefix, "project:"), weasyprint.__version__, repr(sorted(OPTIONS.items())),
    ]
    for path in stylesheets:
        inputs += [path.name, path.read_bytes()]
    for url in sorted(set(FILE_URL.findall(html))):
        path = Path(url2pathname(urlsplit(url).path))
        if path.is_file():
            inputs.append(path.read_bytes())  # an image changed under the same name makes a new PDF
    return cache.fingerprint(inputs)


class MessageList(logging.Handler):
    """A logging handler that keeps the text of each message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors (bad CSS, missing files) while the block runs."""
    handler = MessageList()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


# Data

PDF_HINT = (
    "a PDF reads only the site's own files: keep images and attachments in docs/ and link to them with relative "
    "paths (README, 'Security')"
)
FILE_URL = re.compile(r"file://[^\s\"'<>)]+")
# The elements WeasyPrint makes into form fields
CONTROLS = ("input", "textarea", "select")
# Tagged PDF/UA-1 (tags, /Lang, XMP, title shown), AcroForm fields from the <form>s, and compression.
OPTIONS = {"pdf_forms": True, "pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}

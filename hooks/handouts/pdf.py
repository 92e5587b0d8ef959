"""WeasyPrint, and only WeasyPrint: a print document becomes a tagged, fillable PDF, written atomically.

Not a hook: hooks/downloads.py imports it, and so could a post-build script of another site generator.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

import pydyf
import weasyprint
import weasyprint.urls

from handouts import editions

# Helper functions


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
            editions.write_atomically(target, lambda part: document.write_pdf(part, finisher=finish, **OPTIONS))
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
    """A hash of everything that decides the PDF's bytes: the HTML, the stylesheets, every project file the HTML
    names, WeasyPrint and its options. It holds no location: `root` (the project folder) is taken out of every
    address, so a moved checkout or a fresh clone in CI finds the same key."""
    prefix = Path(root).resolve().as_uri()
    digest = hashlib.sha256()
    for part in (html.replace(prefix, "project:"), weasyprint.__version__, repr(sorted(OPTIONS.items()))):
        digest.update(part.encode("utf-8") + b"\0")
    for path in stylesheets:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for url in sorted(set(FILE_URL.findall(html))):
        path = Path(url2pathname(urlsplit(url).path))
        if path.is_file():
            digest.update(path.read_bytes() + b"\0")  # an image changed under the same name makes a new PDF
    return digest.hexdigest()


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


FILE_URL = re.compile(r"file://[^\s\"'<>)]+")
# The elements WeasyPrint makes into form fields
CONTROLS = ("input", "textarea", "select")
# Tagged PDF/UA-1 (tags, /Lang, XMP, title shown), AcroForm fields from the <form>s, and compression.
OPTIONS = {"pdf_forms": True, "pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}

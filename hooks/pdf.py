"""WeasyPrint, and only WeasyPrint: a print document becomes a tagged, fillable PDF, written atomically.

Not a hook: hooks/downloads.py imports it, and so could a post-build script of another site generator.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import downloads_common
import weasyprint

# Helper functions


class PdfError(Exception):
    """WeasyPrint could not make the PDF; the message says why."""


def write_pdf(html: str, target: Path, *, base_url: str, stylesheets: Sequence[Path]) -> tuple[int, list[str]]:
    """Render `html` to a tagged PDF/UA-1 with form fields at `target`; return its page count and WeasyPrint's
    warnings. A failure raises PdfError and leaves no file behind."""
    with weasyprint_messages() as messages:
        try:
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=local_fetcher()).render(
                stylesheets=[weasyprint.CSS(filename=str(path)) for path in stylesheets], **OPTIONS
            )
            downloads_common.write_atomically(target, lambda part: document.write_pdf(part, **OPTIONS))
        except Exception as error:  # WeasyPrint's own errors have no common base class: report any of them
            raise PdfError(f"WeasyPrint failed: {type(error).__name__}: {error}") from error
    return len(document.pages), messages


def write_pdfs(jobs: Sequence[tuple[str, Path, str, Sequence[Path]]]) -> list[tuple[int, list[str]] | PdfError]:
    """Run `write_pdf(html, target, base_url, stylesheets)` for each job, in parallel processes where the system
    can fork (a PDF takes seconds of CPU; the site has several). Each result is (pages, warnings) or the PdfError."""
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [attempt(*job) for job in jobs]
    # Fork, not spawn: the children inherit this module without needing hooks/ on their sys.path.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1), mp_context=context) as pool:
        return list(pool.map(attempt, *zip(*jobs, strict=True)))


def attempt(html: str, target: Path, base_url: str, stylesheets: Sequence[Path]) -> tuple[int, list[str]] | PdfError:
    """write_pdf, with its failure returned rather than raised, so one bad PDF does not hide the others'."""
    try:
        return write_pdf(html, target, base_url=base_url, stylesheets=stylesheets)
    except PdfError as error:
        return error


def fingerprint(html: str, stylesheets: Sequence[Path]) -> str:
    """A hash of everything that decides the PDF's bytes: the HTML, the stylesheets, WeasyPrint and its options."""
    digest = hashlib.sha256()
    for part in (html, weasyprint.__version__, repr(sorted(OPTIONS.items())), *map(str, stylesheets)):
        digest.update(part.encode("utf-8") + b"\0")
    for path in stylesheets:
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def local_fetcher() -> weasyprint.URLFetcher:
    """A fetcher for files and data URIs only: making a PDF never touches the network."""
    return weasyprint.URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


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


# Tagged PDF/UA-1 (tags, /Lang, XMP, title shown), AcroForm fields from the <form>s, and compression.
OPTIONS = {"pdf_forms": True, "pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}

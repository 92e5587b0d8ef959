"""What the download hooks share: the description of one generated file, and the list of them for this build."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    """One generated file offered to readers (a PDF edition or a slide deck)."""

    audience: str  # a key of config.extra.audiences
    format: str  # "pdf" or "pptx"
    paper: str | None  # "a4" or "letter" for PDFs, None for decks
    path: str  # relative to site_dir, e.g. "downloads/imagery-rescripting-client-a4.pdf"
    size_bytes: int
    pages: int  # PDF pages or deck slides
    edition: datetime.date


# Filled by the download hooks during a build; reset in their on_config so `mkdocs serve` starts afresh.
REGISTRY: list[Download] = []


def downloads_for(audience: str) -> list[Download]:
    """The files of one audience, PDFs first, A4 before Letter."""
    order = {"pdf": 0, "pptx": 1}
    return sorted(
        (d for d in REGISTRY if d.audience == audience), key=lambda d: (order.get(d.format, 9), d.paper or "")
    )


def downloads_enabled() -> bool:
    """False when the DOWNLOADS environment variable switches downloads off (off, 0, false or no) for previews."""
    return os.environ.get("DOWNLOADS", "on").strip().lower() not in {"off", "0", "false", "no"}

"""The files a build offers (hooks/handouts/editions.py), in-process: one registry per build, read by audience."""

from __future__ import annotations

import datetime

from handouts import editions
from mkdocs.config.defaults import MkDocsConfig


def edition(audience: str, format: str, paper: str | None = None) -> editions.Edition:
    path = f"downloads/guide-{audience}{'-' + paper if paper else ''}.{format}"
    return editions.Edition("guide", audience, "en", format, paper, path, 100, 3, datetime.date(2026, 1, 5))


def test_an_audience_gets_its_own_files_pdfs_first_a4_before_letter() -> None:
    files = editions.Registry()
    files.add(edition("client", "mp3"), edition("client", "pptx"), edition("professional", "pdf", "a4"))
    files.add(edition("client", "pdf", "letter"), edition("client", "pdf", "a4"))
    offered = [(e.format, e.paper) for e in files.for_audience("client")]
    assert offered == [("pdf", "a4"), ("pdf", "letter"), ("pptx", None), ("mp3", None)]
    assert [e.audience for e in files.for_audience("professional")] == ["professional"]
    assert files.for_audience("nobody") == []


def test_each_build_has_one_registry_and_a_rebuild_starts_empty() -> None:
    first = MkDocsConfig()
    editions.registry(first).add(edition("client", "pdf", "a4"))
    assert editions.registry(first) is editions.registry(first), "every hook of a build shares one registry"
    rebuild = MkDocsConfig()  # `mkdocs serve` loads the config again for every rebuild
    assert editions.registry(rebuild).for_audience("client") == []

"""Search engines and link previews: robots.txt pointing at the sitemap MkDocs already writes."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

# Hooks


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Add a robots.txt that welcomes crawlers and names the sitemap."""
    files.append(File.generated(config, "robots.txt", content=robots_txt(config.site_url or "")))
    return files


# Helper functions


def robots_txt(site_url: str) -> str:
    """Return robots.txt text; without a site URL there is no absolute sitemap address to give."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"

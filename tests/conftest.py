"""Shared fixtures: one real build of the site, small throwaway sites, a local server and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these flags Chromium phones home (updates, sync, field trials) even in headless mode.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build --strict`."""

    returncode: int
    output: str
    site_dir: Path

    def page(self, path: str) -> BeautifulSoup:
        """Parse one built HTML file, e.g. 'client/sessions/index.html'."""
        return BeautifulSoup((self.site_dir / path).read_text(encoding="utf-8"), "html.parser")


def run_build(config_file: Path, site_dir: Path, **env: str) -> Build:
    """Build a site strictly, as `make site` does, and keep what MkDocs printed."""
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env={**BUILD_ENV, **env},
        cwd=config_file.parent,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, site_dir)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole session with every download."""
    build = run_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def built_site(site_build: Build) -> Path:
    """Folder of the real built site."""
    return site_build.site_dir


def html_pages(site_dir: Path) -> list[str]:
    """Every content page of a built site, as paths relative to it (the 404 page included)."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    return [p for p in pages if not p.startswith(("assets/", "search/"))] + ["404.html"]


# Small sites in tmp_path, made from the real theme, hooks and settings


@pytest.fixture
def mini_site(tmp_path: Path) -> Callable[..., Build]:
    """Build a tiny copy of the site from the given pages ({'client/a.md': text}) and nav."""

    def build(pages: dict[str, str], nav: list | None = None, **config_overrides: object) -> Build:
        for folder in ("overrides", "hooks", "includes", "bibliography"):
            if (ROOT / folder).exists():
                shutil.copytree(ROOT / folder, tmp_path / folder, dirs_exist_ok=True)
        docs = tmp_path / "docs"
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
        for meta in ROOT.glob("docs/*/.meta.yml"):
            target = docs / meta.relative_to(ROOT / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(meta, target)
        for name, text in pages.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(text, encoding="utf-8")
        config = load_config()
        config["nav"] = nav if nav is not None else list(pages)
        config.update(config_overrides)
        config_file = tmp_path / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return run_build(config_file, tmp_path / "site", DOWNLOADS="off")

    return build


def load_config() -> dict:
    """The project's mkdocs.yml as plain data, with `!ENV` values resolved to their defaults."""
    loader = type("EnvLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ldr, node: ldr.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)


def page_text(title: str, audience: str | None = "client", **front: object) -> str:
    """A minimal valid content page; pass a key as None to leave it out."""
    meta = {
        "title": title,
        "description": f"A short description of the page called {title}, long enough to be useful.",
        "audience": audience,
        "last_reviewed": "2026-11-26",
        "next_review": "2027-11-26",
        **front,
    }
    meta = {key: value for key, value in meta.items() if value is not None}
    return f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n# {title}\n\nA sentence about {title}.\n"


# Browser


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on a free loopback port."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file server that keeps test output clean."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (it cannot download a browser of its own here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it, or set CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

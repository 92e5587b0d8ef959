"""Shared fixtures: one real build of the site, small throwaway sites, a local server and Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from chromium import CHROMIUM, CHROMIUM_ARGS
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
# MkDocs loads hooks with hooks/ on sys.path; tests import their modules the same way (hooks/ is not a package).
sys.path.insert(0, str(ROOT / "hooks"))
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Hypothesis keeps its database of examples in the current folder by default: the checkout, which tests never write.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "imagery-hypothesis"))
# A build's PDFs and decks without its audio, for the tests of print and of untrusted input: narrating even a short
# page loads the voice and costs seconds.
PRINT_ONLY = {"DOWNLOADS": "on", "NARRATION": "off"}
# A cache named in the caller's environment is left out: each test chooses where its build caches downloads.
BUILD_ENV = {**{k: v for k, v in os.environ.items() if k != "DOWNLOADS_CACHE"}, "NO_MKDOCS_2_WARNING": "1"}


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
    """Build a site strictly, as `make site` does, and keep what MkDocs printed. A build without downloads runs in
    the test process (MkDocs' own build, as `mkdocs serve` runs it: seconds faster than a new Python); one with
    downloads runs as its own process, as the PDFs are written by forked workers."""
    if env.get("DOWNLOADS", "on") == "off":
        return build_in_process(config_file, site_dir, env)
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env={**BUILD_ENV, **env},
        cwd=config_file.parent,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, site_dir)


def build_in_process(config_file: Path, site_dir: Path, env: dict[str, str]) -> Build:
    """`mkdocs build --strict` called in this process, as the command line calls it, with its log and outcome: an
    Abort (a BuildError, or warnings under --strict) fails cleanly; any other exception is a traceback."""
    saved_env = dict(os.environ)
    logger = logging.getLogger("mkdocs")
    saved_level = logger.level
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    os.environ.clear()
    os.environ.update({**BUILD_ENV, **env})
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    returncode = 0
    try:
        config = mkdocs_load_config(str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        returncode = 1
        log.write(f"{error}\n")
    except Exception:
        returncode = 1
        log.write(traceback.format_exc())
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        os.environ.clear()
        os.environ.update(saved_env)
    return Build(returncode, log.getvalue(), site_dir)


@dataclass(frozen=True)
class SessionBuild:
    """The real site's build, and the files of the checkout that the real builds added or changed (there must be
    none)."""

    build: Build
    checkout_changes: list[str]


class RealBuilds:
    """The real site and every translated edition, each built once per test run with every download, into and with
    temporary folders only (the Pages workflow runs the tests as root, then builds the site as its own user in the
    same checkout). They are most of the suite's work, so the first test process that needs them starts them all
    side by side in background threads while its other tests go on; under pytest-xdist the other workers read the
    same builds from the run's shared folder, and each waits only when a test needs one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def start(self, codes: list[str]) -> threading.Thread | None:
        """Start these builds ('en', 'es', ...), unless another test process of this run already has: the thread to
        join, or None."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(self.folder / "started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return None
        thread = threading.Thread(target=self.build_all, args=(codes,), name="real-builds", daemon=True)
        thread.start()
        return thread

    def build_all(self, codes: list[str]) -> None:
        # Side by side: a build leaves cores idle while MkDocs renders pages one by one, and another can use them.
        before = checkout_files()
        with ThreadPoolExecutor(max_workers=len(codes)) as pool:
            list(pool.map(self.build, codes))
        after = checkout_files()
        changed = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))
        self.record("checkout", {"changed": changed})

    def build(self, code: str) -> None:
        try:
            build = run_build(REAL_BUILDS[code], self.site_dir(code), **throwaway_cache(self.folder / code / "cache"))
            outcome = {"returncode": build.returncode, "output": build.output}
        except Exception:  # a test waiting for this build must see why it never came
            outcome = {"returncode": 1, "output": traceback.format_exc()}
        self.record(code, outcome)

    def record(self, name: str, facts: dict) -> None:
        """Write what a build left, atomically: a waiting process reads it whole or not at all."""
        part = self.folder / f"{name}.json.part"
        part.write_text(json.dumps(facts), encoding="utf-8")
        part.replace(self.folder / f"{name}.json")

    def result(self, code: str) -> Build:
        """One build ('en', 'es', ...), once it is done."""
        facts = self.wait_for(code)
        return Build(facts["returncode"], facts["output"], self.site_dir(code))

    def checkout_changes(self) -> list[str]:
        """The files of the checkout that the real builds added or changed, once they are all done."""
        return self.wait_for("checkout")["changed"]

    def wait_for(self, name: str) -> dict:
        path = self.folder / f"{name}.json"
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not path.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"The real build '{name}' did not finish within {BUILD_TIMEOUT} s ({self.folder})")
            time.sleep(0.5)
        return json.loads(path.read_text(encoding="utf-8"))

    def site_dir(self, code: str) -> Path:
        return self.folder / code / "site"


REAL_BUILDS = {"en": ROOT / "mkdocs.yml"} | {
    config.parent.name: config for config in sorted(ROOT.glob("languages/*/mkdocs.yml"))
}
BUILD_TIMEOUT = 1800  # seconds: a build that takes longer has hung


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that need no real build first, then those of the translated editions, then those that read the
    English site: the order in which the background builds become ready (the English one narrates its pages), and
    the order in which pytest-xdist hands the tests out."""
    items.sort(key=lambda item: [name in item.fixturenames for name in ("session_build", "edition_build")])


@pytest.fixture(scope="session", autouse=True)
def real_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealBuilds]:
    """The run's real builds, started as the session starts: those that the tests selected need."""
    base = tmp_path_factory.getbasetemp()
    builds = RealBuilds((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "real-builds")
    needed = {name for item in request.session.items for name in item.fixturenames}
    codes = [code for code in REAL_BUILDS if ("edition_build" if code != "en" else "session_build") in needed]
    thread = builds.start(codes) if codes else None
    yield builds
    if thread is not None:
        thread.join()


@pytest.fixture(scope="session")
def session_build(real_builds: RealBuilds) -> SessionBuild:
    """The real site, built once for the whole run with every download."""
    build = real_builds.result("en")
    assert build.returncode == 0, build.output
    return SessionBuild(build, real_builds.checkout_changes())


@pytest.fixture(scope="session")
def site_build(session_build: SessionBuild) -> Build:
    """The real site, built once for the whole run with every download."""
    return session_build.build


def throwaway_cache(folder: Path) -> dict[str, str]:
    """The environment for a build that writes nothing beside its mkdocs.yml: its downloads cached in `folder`, and
    no Python bytecode written next to the hooks."""
    return {"DOWNLOADS_CACHE": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}


def checkout_files() -> dict[str, tuple[int, int]]:
    """Every file of the checkout (but git's and the virtualenv's) with its modification time and size."""
    files = {}
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if not (folder == str(ROOT) and name in (".git", ".venv"))]
        for name in names:
            path = Path(folder, name)
            stat = path.lstat()
            files[path.relative_to(ROOT).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return files


@pytest.fixture(scope="session")
def edition_build(real_builds: RealBuilds) -> Callable[[str], Build]:
    """A translated edition (languages/<code>/mkdocs.yml) with every download: edition_build("es")."""

    def build(code: str) -> Build:
        outcome = real_builds.result(code)
        assert outcome.returncode == 0, outcome.output
        return outcome

    return build


@pytest.fixture(scope="session")
def built_site(site_build: Build) -> Path:
    """Folder of the real built site."""
    return site_build.site_dir


def content_pages(build: Build) -> list[str]:
    """Pages that come from Markdown in docs/ (everything but the 404 page)."""
    return [page for page in html_pages(build.site_dir) if page != "404.html"]


def html_pages(site_dir: Path) -> list[str]:
    """Every content page of a built site, as paths relative to it (the 404 page included)."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    return [p for p in pages if not p.startswith(("assets/", "search/"))] + ["404.html"]


def assert_clean_failure(outcome: Build | Callable[[], object], *expected: str) -> str:
    """Bad input failed cleanly: a build failed (non-zero exit) or a call raised PluginError, the message holds every
    `expected` text (the file, the problem), no traceback was printed, and no half-written file was left in site/ or
    the download cache. Returns the message."""
    if isinstance(outcome, Build):
        assert outcome.returncode != 0, outcome.output
        message = outcome.output
        assert "Traceback" not in message, message
        leftovers = [
            path for folder in (outcome.site_dir, outcome.site_dir.parent / ".cache") if folder.exists()
            for path in folder.rglob("*") if path.name.endswith(".part")
        ]
        assert not leftovers, leftovers
    else:
        with pytest.raises(PluginError) as caught:
            outcome()
        message = str(caught.value)
    for text in expected:
        assert text in message, message
    return message


# One bibliography entry for tests that need a small valid bibliography (checked by hand against the source).
HOLMES = {
    "id": "holmes2007",
    "type": "article-journal",
    "author": [{"family": "Holmes", "given": "E. A."}, {"family": "Arntz", "given": "A."},
               {"family": "Smucker", "given": "M. R."}],
    "issued": {"date-parts": [[2007]]},
    "title": "Imagery rescripting in cognitive behaviour therapy",
    "container-title": "Journal of Behavior Therapy and Experimental Psychiatry",
    "DOI": "10.1016/j.jbtep.2007.10.007",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Violations only: the passes and inapplicable rules of a full result cost a third of axe's time; no test reads them.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


# Small sites in tmp_path, made from the real theme, hooks and settings


@pytest.fixture
def mini_site(tmp_path: Path) -> Callable[..., Build]:
    """Build a tiny copy of the site from the given pages ({'client/a.md': text}) and nav; `files` adds or replaces
    other files by their path from the site root, e.g. {'bibliography/references.json': text}; `env` adds environment
    variables for the build, e.g. {'SOURCE_DATE_EPOCH': '...'} to fix the build date."""

    def build(
        pages: dict[str, str],
        nav: list | None = None,
        files: dict[str, str] | None = None,
        env: dict[str, str] | None = None,
        **config_overrides: object,
    ) -> Build:
        config_file = write_mini_site(tmp_path, pages, nav, files, **config_overrides)
        return run_build(config_file, tmp_path / "site", **{"DOWNLOADS": "off", **(env or {})})

    return build


def write_mini_site(
    folder: Path,
    pages: dict[str, str],
    nav: list | None = None,
    files: dict[str, str] | None = None,
    **config_overrides: object,
) -> Path:
    """Write a tiny copy of the site into `folder` (the real theme, hooks, data and settings, with these pages) and
    return its mkdocs.yml."""
    for name in ("overrides", "hooks", "includes", "bibliography", "data"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, folder / name, dirs_exist_ok=True, ignore=NO_BYTECODE)
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    docs = folder / "docs"
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
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


NO_BYTECODE = shutil.ignore_patterns("__pycache__")


def mkdocs_config(**overrides: object) -> MkDocsConfig:
    """The project's mkdocs.yml loaded and validated by MkDocs in the test process, with top-level `overrides`
    (e.g. hooks=[...], extra={...}), for unit tests of the hooks' modules that need a real config."""
    with (ROOT / "mkdocs.yml").open("rb") as file:
        return mkdocs_load_config(file, **overrides)


def load_config() -> dict:
    """The project's mkdocs.yml as plain data, with `!ENV` values resolved to their defaults."""
    loader = type("EnvLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ldr, node: ldr.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)


def source_file(src_uri: str, text: str = "") -> File:
    """A Markdown file as MkDocs hands it to the hooks, holding `text`."""
    file = File(src_uri, src_dir=None, dest_dir="/nowhere", use_directory_urls=True)
    file.content_string = text
    return file


def page_of(file: File) -> Page:
    """A page whose front matter MkDocs has read, as hooks see it in on_page_markdown."""
    page = Page(None, file, {})  # type: ignore[arg-type] - reading the source needs no config
    page.markdown, page.meta = get_data(file.content_string)
    return page


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


def yaml_dates(text: str) -> str:
    """Unquote the front matter's dates (page_text quotes them), so YAML reads them as dates, as in a hand-written
    page."""
    return QUOTED_DATE.sub(r"\1", text)


QUOTED_DATE = re.compile(r"'(\d{4}-\d{2}-\d{2})'")


# Worksheet forms as written in docs/ (CONTRIBUTING.md, "Worksheets and forms"), for tests of HTML and PDFs


@dataclass(frozen=True)
class FormField:
    """One field of a ```form block in docs/."""

    page: str  # path relative to docs/, e.g. 'client/worksheet.md'
    audience: str
    form: str
    name: str
    label: str
    type: str
    help: str | None


def worksheet_fields() -> list[FormField]:
    """Every field of every ```form block in docs/, read straight from the Markdown."""
    fields = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        audience = page_audience(path, text)
        for block in FORM_BLOCK.findall(text):
            form = yaml.safe_load(block)
            page = path.relative_to(ROOT / "docs").as_posix()
            for field in form["fields"]:
                name, label, kind, help_text = field["name"], field["label"], field["type"], field.get("help")
                fields.append(FormField(page, audience, form["name"], name, label, kind, help_text))
    return fields


def nav_pages(audience: str) -> list[str]:
    """The Markdown files of one audience, relative to docs/, in navigation order."""

    def flatten(items: list) -> list[str]:
        paths = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            paths.extend(flatten(value) if isinstance(value, list) else [value])
        return paths

    docs = ROOT / "docs"
    pages = [path for path in flatten(load_config()["nav"]) if path.endswith(".md") and (docs / path).exists()]
    return [path for path in pages if page_audience(docs / path, (docs / path).read_text("utf-8")) == audience]


def page_audience(path: Path, text: str) -> str:
    """A page's audience: its front matter, else its folder's .meta.yml, else everyone."""
    front = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
    meta = path.parent / ".meta.yml"
    folder = yaml.safe_load(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    return (front or {}).get("audience") or (folder or {}).get("audience") or "everyone"


FORM_BLOCK = re.compile(r"^```form\n(.*?)^```$", re.MULTILINE | re.DOTALL)


# Browser


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on a free loopback port, under the same path as on the real host."""
    with serve(built_site, urlparse(load_config()["site_url"]).path) as url:
        yield url


@contextlib.contextmanager
def serve(folder: Path, prefix: str) -> Iterator[str]:
    """Serve a built site on a free loopback port below `prefix`, as GitHub Pages does; yields its address."""
    handler = functools.partial(PagesHandler, directory=str(folder), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files like GitHub Pages: below a path prefix, with the site's 404.html for anything missing."""

    def __init__(self, *args: object, prefix: str, **kwargs: object) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):  # type: ignore[override] - same contract as the base class
        path = self.path.split("?", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix):]
            if Path(self.translate_path(self.path)).exists():
                return super().send_head()
        not_found = Path(self.directory) / "404.html"
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Tab:
    """A browser tab in a context of its own that opens page after page, and records for the page it has open
    every problem a visitor's browser would see: console errors, script errors, failed requests and requests to any
    other host. The pages of one tab share the browser's cache, as a reader's pages do; a check of every page runs
    in one tab per viewport and scheme, which costs Chromium half the work of a fresh context for each page."""

    def __init__(self, browser, *, viewport: str = "desktop", scheme: str = "light", **options) -> None:
        self.context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, **options)
        self.page = self.context.new_page()
        self.url = ""
        self.problems: list[str] = []
        # The 404 page's own status is reported as a console error; anything else is a real fault.
        self.page.on(
            "console",
            lambda msg: msg.type == "error" and msg.location.get("url") != self.url
            and self.problems.append(f"console: {msg.text}"),
        )
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        self.page.on(
            "request",
            lambda request: urlparse(request.url).scheme in ("http", "https")
            and urlparse(request.url).netloc != urlparse(self.url).netloc
            and self.problems.append(f"off-machine request: {request.url}"),
        )

    def open(self, url: str, *, wait_until: str = "networkidle"):
        """Go to `url` with a new list of problems: the response. A check that reads the problems of a page opened
        at "load" waits for the network to go quiet first (`page.wait_for_load_state("networkidle")`), so that its
        own checks overlap the page's last requests and none of them is counted against the next page."""
        self.url = url
        self.problems = []
        return self.page.goto(url, wait_until=wait_until)

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


def visit(
    browser, url: str, *, viewport: str = "desktop", scheme: str = "light", wait_until: str = "networkidle", **options
) -> Visit:
    """Open one page in a fresh context and record every problem a visitor's browser would see (see Tab)."""
    tab = Tab(browser, viewport=viewport, scheme=scheme, **options)
    response = tab.open(url, wait_until=wait_until)
    return Visit(tab.context, tab.page, response, tab.problems)


class Visit(NamedTuple):
    """A page open in its own browser context, and what went wrong while it loaded (and since)."""

    context: object
    page: object
    response: object
    problems: list[str]


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


@pytest.fixture(scope="session")
def axe():
    """axe-core, injected into a page and run there by axe-playwright-python."""
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


def axe_violations(axe, page, **context: object) -> str:
    """axe-core's report of the page's WCAG 2.2 AA violations (within `context`, if given), or "" if there are none."""
    results = axe.run(page, options=AXE_OPTIONS, **context)
    return results.generate_report() if results.violations_count else ""


# PDFs


@dataclass(frozen=True)
class PdfEdition:
    """One PDF of the real site (an audience on one paper size), opened with pypdf."""

    audience: str
    paper: str
    path: Path
    reader: object  # pypdf.PdfReader

    @property
    def texts(self) -> list[str]:
        """Each page's text, its white space collapsed."""
        return [" ".join(page.extract_text().split()) for page in self.reader.pages]


def pdf_name(audience: str, paper: str) -> str:
    return f"imagery-rescripting-{audience}-{paper}.pdf"


PDF_EDITIONS = [(audience, paper) for audience in load_config()["extra"]["audiences"] for paper in ("a4", "letter")]


@pytest.fixture(scope="module", params=PDF_EDITIONS, ids=[f"{a}-{p}" for a, p in PDF_EDITIONS])
def edition(request: pytest.FixtureRequest, built_site: Path) -> PdfEdition:
    """Each PDF of the real site in turn."""
    import pypdf  # a test dependency, like the browser's

    audience, paper = request.param
    path = built_site / "downloads" / pdf_name(audience, paper)
    assert path.is_file(), f"missing {path.name}"
    return PdfEdition(audience, paper, path, pypdf.PdfReader(path))

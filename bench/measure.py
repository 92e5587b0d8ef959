"""The measurements of `make bench`, one function each; every one returns a dataclass and prints nothing.

All work happens in copies under bench/work/: the real docs/, .cache/ and site/ are never touched.
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from serve import gzip_size

# The Chromium flags the tests use too (scripts/chromium.py).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"

# Results


@dataclass(frozen=True)
class Stats:
    """Several runs of one measurement: their median, min and max, and every run."""

    median: float
    min: float
    max: float
    runs: list[float]

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        runs = [round(value, 3) for value in values]
        return cls(round(statistics.median(runs), 3), min(runs), max(runs), runs)


@dataclass(frozen=True)
class Timing:
    """One build: wall-clock seconds (what a maintainer waits) and CPU seconds (barely moved by other work on the
    machine; a build is one single-threaded process, so on an idle machine the two agree)."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class BuildTimes:
    """Wall-clock seconds for a build with downloads and without them; ratios of the medians, wall and CPU."""

    with_downloads: Stats
    without: Stats
    ratio: float
    cpu_ratio: float


@dataclass(frozen=True)
class FullBuild:
    """Clean builds: downloads made from scratch (cache cleared) vs switched off; and from a warm cache."""

    cold: BuildTimes
    warm: BuildTimes


@dataclass(frozen=True)
class EditRebuild:
    """Rebuild after changing one sentence of a page; which downloads were made again."""

    page: str
    times: BuildTimes
    regenerated: list[str]  # file names made again (new cache entries), over all runs
    expected: list[str]  # the downloads that include the page: those of its audience
    only_those: bool


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF holds."""

    file: str
    pages: int
    size_bytes: int
    form_fields: int
    tagged: bool  # has a StructTreeRoot
    lang: str | None


@dataclass(frozen=True)
class PdfEngine:
    """One audience's PDF (A4): our hooks vs mkdocs-with-pdf, same pages, same venv; the CPU seconds each PDF adds
    to a build (a difference of wall-clock times would mostly measure whatever else the machine is doing)."""

    pages: list[str]
    base_build: Stats  # wall-clock seconds: the same site without any PDF
    ours_build: Stats  # wall-clock seconds: with our PDF
    theirs_build: Stats  # wall-clock seconds: with mkdocs-with-pdf's PDF
    ours: Stats  # CPU seconds of the build with our PDF minus the base build, run by run
    theirs: Stats  # CPU seconds of the build with mkdocs-with-pdf minus the base build, run by run
    ratio: float
    ours_pdf: PdfFacts
    theirs_pdf: PdfFacts


@dataclass(frozen=True)
class PageLoad:
    """What one page loads in a fresh browser: bytes as decoded (raw) and gzip-compressed, and requests."""

    raw: int
    gzip: int
    requests: int
    third_party: int  # requests to other hosts (blocked here, so not counted in the bytes)
    by_type: dict[str, int] = field(default_factory=dict)  # gzip bytes per resource type


@dataclass(frozen=True)
class PageWeight:
    """One page of our site next to the same Markdown built with untouched Material."""

    page: str
    ours: PageLoad
    material: PageLoad | None


@dataclass(frozen=True)
class LighthousePage:
    """Lighthouse (mobile) scores out of 100 and paint times in ms for one page, over several runs."""

    name: str
    path: str
    performance: Stats
    accessibility: Stats
    best_practices: Stats
    seo: Stats
    fcp_ms: Stats
    lcp_ms: Stats
    failing_audits: list[str]  # audits that cost points in any category, in any run


@dataclass(frozen=True)
class Lighthouse:
    """Lighthouse for the measured pages, or why it could not run."""

    version: str | None
    pages: list[LighthousePage]
    error: str | None = None


class BenchError(Exception):
    """A measurement could not be made; the message says why."""


# Measurements


def full_build(repo: Path, runs: int) -> FullBuild:
    """Clean `make site` builds: with every download from an empty cache, from a warm cache, and switched off."""
    build(repo, downloads=False)  # warm-up: bytecode compiled, files in the OS cache
    cold, warm, off = [], [], []
    for _ in range(runs):
        shutil.rmtree(repo / CACHE, ignore_errors=True)
        cold.append(build(repo))
        warm.append(build(repo))
        off.append(build(repo, downloads=False))
    return FullBuild(times(cold, off), times(warm, off))


def edit_rebuild(repo: Path, runs: int, page: str = "client/sessions.md", audience: str = "client") -> EditRebuild:
    """Change one sentence of a page, then rebuild with downloads (warm cache) and without; note what was remade."""
    source = repo / "docs" / page
    original = source.read_text(encoding="utf-8")
    build(repo)  # the cache holds every download of the unedited site
    with_downloads, without, regenerated = [], [], set()
    try:
        for run in range(runs):
            source.write_text(edit_sentence(original, run), encoding="utf-8")
            without.append(build(repo, downloads=False))
            before = cached_downloads(repo)
            with_downloads.append(build(repo))
            regenerated |= {download_name(path) for path in cached_downloads(repo) - before}
    finally:
        source.write_text(original, encoding="utf-8")
    expected = {download_name(path) for path in cached_downloads(repo) if f"-{audience}" in path.name}
    return EditRebuild(
        page, times(with_downloads, without), sorted(regenerated), sorted(expected), regenerated == expected
    )


def pdf_engine(repo: Path, runs: int, python: Path, audience: str = "client") -> PdfEngine:
    """Time the PDF of one audience's pages (A4) made by our hooks and by mkdocs-with-pdf, in the same virtualenv."""
    pages = write_pdf_configs(repo, audience)
    build(repo, python=python, config=OURS_CONFIG, site="site-base", downloads=False)  # warm-up
    ours, base, theirs = [], [], []
    for _ in range(runs):
        shutil.rmtree(repo / CACHE, ignore_errors=True)
        ours.append(build(repo, python=python, config=OURS_CONFIG, site="site-ours"))
        base.append(build(repo, python=python, config=OURS_CONFIG, site="site-base", downloads=False))
        # mkdocs-with-pdf turns its link warnings (links to pages outside its PDF) into errors under strict.
        theirs.append(
            build(repo, python=python, config=THEIRS_CONFIG, site="site-theirs", downloads=False, strict=False)
        )
    ours_added = Stats.of([o.cpu - b.cpu for o, b in zip(ours, base, strict=True)])
    theirs_added = Stats.of([t.cpu - b.cpu for t, b in zip(theirs, base, strict=True)])
    ours_pdf = next((repo / "site-ours" / "downloads").glob(f"*-{audience}-a4.pdf"))
    return PdfEngine(
        pages,
        Stats.of([b.wall for b in base]),
        Stats.of([o.wall for o in ours]),
        Stats.of([t.wall for t in theirs]),
        ours_added,
        theirs_added,
        round(ours_added.median / theirs_added.median, 2),
        pdf_facts(ours_pdf),
        pdf_facts(repo / "site-theirs" / WITH_PDF_OUTPUT),
    )


def page_weights(browser: object, origin: str, ours: str, material: str, pages: list[str]) -> list[PageWeight]:
    """Every page loaded in a fresh browser context from our site and from the plain Material site."""
    weights = []
    for page in pages:
        ours_load = page_load(browser, f"{origin}{ours}{page_url(page)}")
        material_load = page_load(browser, f"{origin}{material}{page_url(page)}", missing_ok=True)
        weights.append(PageWeight(page, ours_load, material_load))
    return weights


def search_index_size(site: Path) -> int:
    """Gzip bytes of the search index, which a page fetches only once the reader starts to search."""
    return gzip_size((site / "search" / "search_index.json").read_bytes())


def lighthouse(origin: str, pages: dict[str, str], runs: int) -> Lighthouse:
    """Lighthouse 12 (default mobile emulation) on each page, several runs each."""
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return Lighthouse(None, [], f"{binary.relative_to(ROOT)} is missing: `npm install lighthouse@12` failed")
    if not Path(CHROMIUM).exists():
        return Lighthouse(None, [], f"Chromium not found at {CHROMIUM}")
    version = command_output([str(binary), "--version"])
    measured = []
    try:
        for name, path in pages.items():
            reports = [run_lighthouse(binary, origin + path) for _ in range(runs)]
            measured.append(lighthouse_page(name, path, reports))
    except BenchError as error:
        return Lighthouse(version, measured, str(error))
    return Lighthouse(version, measured)


# Helper functions: builds


def build(
    repo: Path,
    *,
    python: Path | str = sys.executable,
    config: str = "mkdocs.yml",
    site: str = "site",
    downloads: bool = True,
    strict: bool = True,
) -> Timing:
    """Time one clean `mkdocs build` (what `make site` runs), with downloads on or off."""
    command = [str(python), "-m", "mkdocs", "build", "--clean", "--config-file", config, "--site-dir", site]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOWNLOADS": "on" if downloads else "off"}
    cpu_before, start = children_cpu(), time.perf_counter()
    result = subprocess.run(
        [*command, "--strict"] if strict else command, cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    timing = Timing(time.perf_counter() - start, children_cpu() - cpu_before)
    if result.returncode:
        raise BenchError(f"`{' '.join(command)}` failed in {repo}:\n{result.stderr[-4000:]}")
    return timing


def children_cpu() -> float:
    """CPU seconds (user and system) used so far by the finished child processes of the bench."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def times(with_downloads: list[Timing], without: list[Timing]) -> BuildTimes:
    """Two sets of builds: wall-clock times, and the ratios of their medians (wall and CPU)."""
    ours, baseline = Stats.of([t.wall for t in with_downloads]), Stats.of([t.wall for t in without])
    cpu = statistics.median(t.cpu for t in with_downloads) / statistics.median(t.cpu for t in without)
    return BuildTimes(ours, baseline, round(ours.median / baseline.median, 2), round(cpu, 2))


def copy_repo(target: Path) -> Path:
    """A fresh copy of the working tree (tracked and unignored files, never bench/) to build and edit freely."""
    shutil.rmtree(target, ignore_errors=True)
    listing = command_output(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if name.startswith("bench/") or not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    return target


def plain_material_site(repo: Path, target: Path) -> Path:
    """The same Markdown built with untouched Material: no hooks, overrides, extra CSS/JS or theme settings."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(repo / "docs", target / "docs")
    shutil.copytree(repo / "includes", target / "includes")
    # Our pages name templates that exist only in our overrides.
    for page in (target / "docs").rglob("*.md"):
        page.write_text(TEMPLATE_KEY.sub("", page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    config = read_config(repo / "mkdocs.yml")
    # site_url only places the 404 page's absolute links below the folder the bench serves it from.
    plain = {
        "site_name": config["site_name"],
        "site_url": f"http://127.0.0.1{MATERIAL_PREFIX}",
        "theme": {"name": "material"},
    }
    plain["markdown_extensions"] = config["markdown_extensions"]  # the Markdown's own syntax (snippets, tabs …)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    build(target, downloads=False, strict=False)
    return target / "site"


def write_pdf_configs(repo: Path, audience: str) -> list[str]:
    """mkdocs.yml variants with only one audience's pages: ours (one PDF, A4, no decks) and with mkdocs-with-pdf."""
    config = read_config(repo / "mkdocs.yml")
    pages = [page for page in nav_pages(config["nav"]) if page.startswith(f"{audience}/")]
    config["nav"] = pages
    config["validation"]["nav"]["omitted_files"] = "info"  # the other pages are built, just not listed
    config["hooks"] = [hook for hook in config["hooks"] if not hook.endswith("slides.py")]
    config["extra"]["downloads"] = {"papers": ["a4"]}
    (repo / OURS_CONFIG).write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    plugin = {"output_path": WITH_PDF_OUTPUT, "author": config["site_author"], "copyright": config["copyright"]}
    theirs = {**config, "strict": False, "plugins": [*config["plugins"], {"with-pdf": plugin}]}
    (repo / THEIRS_CONFIG).write_text(yaml.safe_dump(theirs, sort_keys=False), encoding="utf-8")
    return pages


def read_config(path: Path) -> dict:
    """A mkdocs.yml as plain data, with `!ENV` values resolved to their defaults."""
    loader = type("EnvLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ldr, node: ldr.construct_sequence(node)[-1])
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def nav_pages(nav: object) -> list[str]:
    """Every Markdown path in a nav, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    return []


def edit_sentence(text: str, run: int) -> str:
    """The page with its first body sentence changed (differently on each run, so each run misses the cache)."""
    front, body = text.split("\n---\n", 1) if text.startswith("---") else ("", text)
    body = SENTENCE.sub(lambda m: f"{m[1]}, as edit {run + 1} says.", body, count=1)
    return f"{front}\n---\n{body}" if front else body


def cached_downloads(repo: Path) -> set[Path]:
    """Every PDF and deck in the downloads cache."""
    return {path for path in (repo / CACHE).rglob("*") if path.suffix in {".pdf", ".pptx"}}


def download_name(path: Path) -> str:
    """A cached file's published name: 'x-client-a4-0123….pdf' -> 'x-client-a4.pdf'."""
    return FINGERPRINT.sub("", path.name)


def pdf_facts(path: Path) -> PdfFacts:
    """Pages, size, form fields, tagging and language of a PDF."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    fields = [value for value in (reader.get_fields() or {}).values() if value.get("/FT")]
    lang = str(root["/Lang"]) if "/Lang" in root else None
    return PdfFacts(path.name, len(reader.pages), path.stat().st_size, len(fields), "/StructTreeRoot" in root, lang)


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a path relative to it (404 included; no theme or search files)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [p for p in pages if not p.startswith(("assets/", "search/"))] + ["404.html"]


def page_url(page: str) -> str:
    """The URL path of a built page relative to the site root: 'client/index.html' -> 'client/'."""
    return page.removesuffix("index.html")


def write_bare_page(site: Path, page: str, target: Path) -> None:
    """The text of a built page (its article) in a bare HTML page: no CSS, no JavaScript, no theme."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    if article is None:
        raise BenchError(f"{page} has no <article>")
    for tag in article.select("script, style, a.headerlink"):
        tag.decompose()
    description = soup.select_one('meta[name="description"]')
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        BARE_PAGE.format(
            title=html.escape(soup.title.get_text() if soup.title else page),
            description=html.escape(description["content"] if description else ""),
            body=str(article),
        ),
        encoding="utf-8",
    )


# Helper functions: browsers


def page_load(browser: object, url: str, *, missing_ok: bool = False) -> PageLoad | None:
    """Load a page in a fresh context (empty cache) and add up every response, until the network is idle."""
    context = browser.new_context()
    responses, third_party = [], []
    context.on("response", lambda response: responses.append(response))
    context.on("request", lambda request: third_party.append(request.url) if not is_local(request.url) else None)
    page = context.new_page()
    try:
        status = page.goto(url, wait_until="networkidle")
        if status is None or status.status != 200:
            if missing_ok:
                return None
            raise BenchError(f"{url} answered {status.status if status else 'nothing'}")
        raw = compressed = 0
        by_type: dict[str, int] = {}
        for response in responses:
            if not is_local(response.url) or response.status != 200:
                continue
            body = response.body()
            raw += len(body)
            compressed += gzip_size(body)
            kind = response.request.resource_type
            by_type[kind] = by_type.get(kind, 0) + gzip_size(body)
        local = len([r for r in responses if is_local(r.url)])
        return PageLoad(raw, compressed, local, len(third_party), by_type)
    finally:
        context.close()


def is_local(url: str) -> bool:
    """A request to the bench's own server (data: URIs are not requests)."""
    return urlsplit(url).hostname in {"127.0.0.1", None}


def run_lighthouse(binary: Path, url: str) -> dict:
    """One Lighthouse run as its JSON report."""
    command = [
        str(binary),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={' '.join(LIGHTHOUSE_CHROME_FLAGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"Lighthouse took over 5 minutes on {url}") from None
    if result.returncode:
        raise BenchError(f"Lighthouse failed on {url}: {result.stderr.strip()[-2000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise BenchError(f"Lighthouse could not measure {url}: {report['runtimeError']['message']}")
    return report


def lighthouse_page(name: str, path: str, reports: list[dict]) -> LighthousePage:
    """Scores and paint times of one page over its runs."""

    def score(category: str) -> Stats:
        return Stats.of([round(report["categories"][category]["score"] * 100) for report in reports])

    def metric(audit: str) -> Stats:
        return Stats.of([report["audits"][audit]["numericValue"] for report in reports])

    failing = set()
    for report in reports:
        for category in report["categories"].values():
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                    failing.add(f"{category['id']}: {ref['id']}")
    return LighthousePage(
        name,
        path,
        score("performance"),
        score("accessibility"),
        score("best-practices"),
        score("seo"),
        metric("first-contentful-paint"),
        metric("largest-contentful-paint"),
        sorted(failing),
    )


def command_output(command: list[str], cwd: Path | None = None) -> str:
    """What a command prints, or a failure naming it."""
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if result.returncode:
        raise BenchError(f"`{' '.join(command)}` failed: {result.stderr.strip()}")
    return result.stdout.strip()


# Data

CACHE = ".cache/downloads"  # beside mkdocs.yml (extra.downloads.cache)
FINGERPRINT = re.compile(r"-[0-9a-f]{20}(?=\.)")
SENTENCE = re.compile(r"^([A-Z][^\n]*?)\.(?=\s)", re.MULTILINE)  # a paragraph's first sentence, without its full stop
TEMPLATE_KEY = re.compile(r"^template: .*\n", re.MULTILINE)
OURS_CONFIG = "bench-pdf-ours.yml"
THEIRS_CONFIG = "bench-pdf-with-pdf.yml"
WITH_PDF_OUTPUT = "downloads/with-pdf.pdf"
MATERIAL_PREFIX = "/material/"  # where the bench serves the untouched Material site
# Other hosts (untouched Material asks Google Fonts) fail at once instead of waiting on a network.
OFFLINE_RESOLVER = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
# Lighthouse splits --chrome-flags on spaces unless a value is quoted.
LIGHTHOUSE_CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS, OFFLINE_RESOLVER.replace("=", '="', 1) + '"']
BARE_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="data:,">
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

"""`make bench`: measure builds, the PDF engine, page weight and Lighthouse scores; write the results.

Writes bench/results.json (the newest run, in full) and appends a table to BENCHMARKS.md. Everything is built in
copies under bench/work/. Usage: `.venv/bin/python bench/run.py [--runs 3] [--lighthouse-runs 3]`; see bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

# bench/ is on sys.path when this file runs as a script, so sibling modules import directly.
import measure
import narration
import report
from measure import ROOT, WORK
from playwright.sync_api import sync_playwright
from serve import serving

log = logging.getLogger("bench")


@dataclass(frozen=True)
class Target:
    """One target of issue 7, as measured; `passed` is None when it could not be measured."""

    name: str
    measured: str
    passed: bool | None


@dataclass(frozen=True)
class Results:
    """Everything one `make bench` run measured."""

    date: str
    machine: dict[str, str]
    versions: dict[str, str]
    runs: int
    full_build: measure.FullBuild
    edit_rebuild: measure.EditRebuild
    pdf_engine: measure.PdfEngine
    page_weight: list[measure.PageWeight]
    search_index: int  # gzip bytes a reader's first search adds (the index is fetched only then)
    lighthouse: measure.Lighthouse
    targets: list[Target]
    minutes: float


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, then write bench/results.json and append to BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each build measurement (default 3)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--only-page-weight", action="store_true", help="measure page weight only (about a minute)")
    parser.add_argument("--only-narration", action="store_true", help="measure narration only (cold builds: minutes)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s")
    started = time.perf_counter()

    host = machine()
    repo = measure.copy_repo(WORK / "repo")
    if args.only_page_weight:
        return page_weight_only(repo, host, started)
    if args.only_narration:
        return narration_only(repo, host)
    log.info("1/5 full build")
    full = measure.full_build(repo, args.runs)
    log.info("2/5 edit and rebuild")
    edit = measure.edit_rebuild(repo, args.runs)
    log.info("3/5 PDF engine vs mkdocs-with-pdf")
    engine = measure.pdf_engine(repo, args.runs, WITH_PDF_PYTHON)
    log.info("4/5 page weight")
    measure.build(repo)  # the site as published, every download in its panel (warm cache)
    site = repo / "site"
    material = measure.plain_material_site(repo, WORK / "material")
    measure.write_bare_page(site, CLIENT_PAGE + "index.html", WORK / "bare" / "index.html")
    prefix = urlsplit(measure.read_config(repo / "mkdocs.yml")["site_url"]).path
    mounts = {prefix: site, measure.MATERIAL_PREFIX: material, BARE_PREFIX: WORK / "bare"}
    with serving(mounts) as origin:
        weights = page_weights(origin, prefix, measure.site_pages(site))
        log.info("5/5 Lighthouse")
        pages = {"Landing page": prefix, "Client page": prefix + CLIENT_PAGE}
        pages |= {"Professional page": prefix + PROFESSIONAL_PAGE, "Bare HTML (floor)": BARE_PREFIX}
        pages["Untouched Material, client page (reference)"] = measure.MATERIAL_PREFIX + CLIENT_PAGE
        scores = measure.lighthouse(origin, pages, args.lighthouse_runs)

    results = Results(
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=host,
        versions=versions(),
        runs=args.runs,
        full_build=full,
        edit_rebuild=edit,
        pdf_engine=engine,
        page_weight=weights,
        search_index=measure.search_index_size(site),
        lighthouse=scores,
        targets=targets(full, edit, engine, weights, scores),
        minutes=round((time.perf_counter() - started) / 60, 1),
    )
    RESULTS.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
    report.append(BENCHMARKS, results)
    log.info(f"wrote {RESULTS.relative_to(ROOT)} and appended to {BENCHMARKS.relative_to(ROOT)}")
    return 0


def page_weight_only(repo: Path, host: dict[str, str], started: float) -> int:
    """Measure page weight alone (step 4), e.g. while working on it; appends a shorter section to BENCHMARKS.md."""
    log.info("page weight only")
    measure.build(repo)
    site = repo / "site"
    material = measure.plain_material_site(repo, WORK / "material")
    prefix = urlsplit(measure.read_config(repo / "mkdocs.yml")["site_url"]).path
    with serving({prefix: site, measure.MATERIAL_PREFIX: material}) as origin:
        weights = page_weights(origin, prefix, measure.site_pages(site))
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    minutes = round((time.perf_counter() - started) / 60, 1)
    text = report.weight_only_section(date, host, versions(), weights, measure.search_index_size(site), minutes)
    report.append_text(BENCHMARKS, text)
    log.info(f"appended page weight to {BENCHMARKS.relative_to(ROOT)}")
    return 0


def narration_only(repo: Path, host: dict[str, str]) -> int:
    """Measure narration alone (issue 16) and append its section to BENCHMARKS.md."""
    log.info("narration only: four builds, two of them cold")
    result = narration.measure_narration(repo)
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.append_text(BENCHMARKS, narration.section(date, host, result))
    log.info(f"appended narration to {BENCHMARKS.relative_to(ROOT)}")
    return 0


def page_weights(origin: str, prefix: str, pages: list[str]) -> list[measure.PageWeight]:
    """Every page's load, ours and plain Material's, in Debian's Chromium with other hosts unreachable."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=measure.CHROMIUM, args=[*measure.CHROMIUM_ARGS, measure.OFFLINE_RESOLVER]
        )
        try:
            return measure.page_weights(browser, origin, prefix, measure.MATERIAL_PREFIX, pages)
        finally:
            browser.close()


def targets(
    full: measure.FullBuild,
    edit: measure.EditRebuild,
    engine: measure.PdfEngine,
    weights: list[measure.PageWeight],
    scores: measure.Lighthouse,
) -> list[Target]:
    """The targets and budget of issue 7, each passed or failed as measured."""
    heaviest = max(weights, key=lambda weight: weight.ours.gzip)
    found = [
        Target("Full build with downloads ≤ 1.5x without", f"{full.cold.ratio}x", full.cold.ratio <= 1.5),
        Target("Edit-rebuild with downloads ≤ 1.3x without", f"{edit.times.ratio}x", edit.times.ratio <= 1.3),
        Target(
            "Editing a page remakes only the downloads that include it",
            ", ".join(edit.regenerated) or "nothing",
            edit.only_those,
        ),
        Target(
            "Our PDF ≤ 1.0x the time of mkdocs-with-pdf, and fillable and tagged",
            f"{engine.ratio}x, {engine.ours_pdf.form_fields} fields, tagged: {engine.ours_pdf.tagged}",
            engine.ratio <= 1.0 and engine.ours_pdf.form_fields > 0 and engine.ours_pdf.tagged,
        ),
        Target(
            "Every page loads ≤ 100 KB gzip in a browser (everything it requests)",
            f"heaviest {heaviest.page}: {heaviest.ours.gzip / 1024:.1f} KB",
            heaviest.ours.gzip <= 100 * 1024,
        ),
    ]
    if scores.error or not scores.pages:
        return [*found, Target("Lighthouse targets", f"not measured: {scores.error}", None)]
    floor = next(page for page in scores.pages if page.path == BARE_PREFIX)
    for page in scores.pages:
        if page is floor or page.path.startswith(measure.MATERIAL_PREFIX):
            continue
        categories = [page.accessibility.median, page.best_practices.median, page.seo.median]
        found.append(
            Target(
                f"Lighthouse {page.name}: accessibility, best practices, SEO 100; performance ≥ 99",
                f"{page.performance.median:.0f} / {page.accessibility.median:.0f} / "
                f"{page.best_practices.median:.0f} / {page.seo.median:.0f}",
                all(score == 100 for score in categories) and page.performance.median >= 99,
            )
        )
        ratio = page.fcp_ms.median / floor.fcp_ms.median
        found.append(
            Target(
                f"Lighthouse {page.name}: FCP ≤ 1.3x bare HTML",
                f"{page.fcp_ms.median:.0f} ms vs {floor.fcp_ms.median:.0f} ms ({ratio:.2f}x)",
                ratio <= 1.3,
            )
        )
    return found


def machine() -> dict[str, str]:
    """The machine the numbers come from."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    memory = next((line.split()[1] for line in read_lines("/proc/meminfo") if line.startswith("MemTotal")), "0")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{int(memory) / 1024 / 1024:.0f} GB",
        "os": os_name(),
        "python": platform.python_version(),
        # Timings suffer when other work shares the machine: the load average when the bench started says so.
        "load average (1, 5, 15 min)": ", ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def os_name() -> str:
    """The operating system's name, e.g. 'Debian GNU/Linux 12 (bookworm)'."""
    try:
        return platform.freedesktop_os_release()["PRETTY_NAME"]
    except (OSError, KeyError):
        return platform.platform()


def versions() -> dict[str, str]:
    """Versions of everything measured."""
    found = {"site": output(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])}
    found |= {name: importlib.metadata.version(name) for name in PACKAGES}
    found["mkdocs-with-pdf"] = output([str(WITH_PDF_PYTHON), "-c", VERSION_OF.format("mkdocs-with-pdf")])
    found["weasyprint (mkdocs-with-pdf venv)"] = output([str(WITH_PDF_PYTHON), "-c", VERSION_OF.format("weasyprint")])
    found["lighthouse"] = output([str(WORK / "node_modules" / ".bin" / "lighthouse"), "--version"])
    found["chromium"] = output([measure.CHROMIUM, "--version"])
    found["node"] = output(["node", "--version"])
    return found


def output(command: list[str]) -> str:
    """A command's first line of output, or 'not available'."""
    if not shutil.which(command[0]) and not Path(command[0]).exists():
        return "not available"
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return (result.stdout.strip().splitlines() or ["not available"])[0] if result.returncode == 0 else "not available"


def read_lines(path: str) -> list[str]:
    """A system file's lines, or none where it does not exist (not Linux)."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


# Data

RESULTS = ROOT / "bench" / "results.json"
BENCHMARKS = ROOT / "BENCHMARKS.md"
WITH_PDF_PYTHON = WORK / "with-pdf-venv" / "bin" / "python"
CLIENT_PAGE = "client/sessions/"
BARE_PREFIX = "/bare/"  # where the bench serves the bare HTML page
PROFESSIONAL_PAGE = "professional/techniques/"
PACKAGES = ["mkdocs", "mkdocs-material", "weasyprint", "pypdf", "playwright"]
VERSION_OF = "import importlib.metadata as m; print(m.version('{}'))"

if __name__ == "__main__":
    sys.exit(main())

"""BENCHMARKS.md: one Markdown section per `make bench` run, appended, newest last."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from measure import BuildTimes, Lighthouse, PageLoad, PageWeight, PdfEngine, Stats
    from run import Results

# Helper functions


def append(path: Path, results: Results) -> None:
    """Add this run's section to BENCHMARKS.md, creating the file with its introduction if needed."""
    append_text(path, section(results))


def append_text(path: Path, markdown: str) -> None:
    """Add a section to BENCHMARKS.md, creating the file with its introduction if needed."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + markdown, encoding="utf-8")


def weight_only_section(
    date: str, machine: dict[str, str], v: dict[str, str], weights: list[PageWeight], index: int, minutes: float
) -> str:
    """The Markdown of a page-weight-only run (`bench/run.py --only-page-weight`)."""
    heaviest = max(weights, key=lambda w: w.ours.gzip)
    verdict = VERDICT[heaviest.ours.gzip <= 100 * 1024]
    parts = [
        f"## {date} · site {v['site']} · page weight only",
        f"Only the page-weight measurement ran (`bench/run.py --only-page-weight`), {minutes} minutes. Machine: "
        f"{machine['cpu']}, {machine['cores']} cores, {machine['os']}. Versions: MkDocs {v['mkdocs']}, "
        f"Material {v['mkdocs-material']}, {v['chromium']}, Playwright {v['playwright']}.",
        f"Target: every page loads ≤ 100 KB gzip in a browser (everything it requests): heaviest "
        f"`{heaviest.page}`, {kb(heaviest.ours.gzip)} KB: {verdict}.",
        weight_table(weights, index),
    ]
    return "\n\n".join(parts) + "\n"


def section(results: Results) -> str:
    """The Markdown of one run."""
    machine, v = results.machine, results.versions
    parts = [
        f"## {results.date} · site {v['site']}",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, {machine['os']}, "
        f"Python {machine['python']}, load average {machine['load average (1, 5, 15 min)']} at the start. "
        f"Versions: MkDocs {v['mkdocs']}, Material {v['mkdocs-material']}, "
        f"WeasyPrint {v['weasyprint']}, mkdocs-with-pdf {v['mkdocs-with-pdf']} (WeasyPrint "
        f"{v['weasyprint (mkdocs-with-pdf venv)']} in its own virtualenv), Lighthouse {v['lighthouse']}, "
        f"{v['chromium']}, Node {v['node']}, Playwright {v['playwright']}. Each build measurement ran "
        f"{results.runs} times: median (min–max). The whole bench took {results.minutes} minutes.",
        targets_table(results),
        builds_table(results),
        pdf_table(results.pdf_engine),
        lighthouse_table(results.lighthouse),
        weight_table(results.page_weight, results.search_index),
    ]
    return "\n\n".join(parts) + "\n"


def targets_table(results: Results) -> str:
    rows = [f"| {t.name} | {t.measured} | {VERDICT[t.passed]} |" for t in results.targets]
    return "\n".join(["### Targets", "", "| Target | Measured | Result |", "|---|---|---|", *rows])


def builds_table(results: Results) -> str:
    full, edit = results.full_build, results.edit_rebuild
    rows = [
        build_row("Clean build, downloads made from scratch (cache cleared)", full.cold),
        build_row("Clean build, downloads from a warm cache", full.warm),
        build_row(f"Rebuild after changing one sentence of `docs/{edit.page}`", edit.times),
    ]
    remade = ", ".join(f"`{name}`" for name in edit.regenerated) or "nothing"
    expected = ", ".join(f"`{name}`" for name in edit.expected)
    return "\n".join(
        [
            "### Build times (wall-clock seconds, `mkdocs build --strict --clean`)",
            "",
            "Targets use the wall-clock ratio; the CPU-time ratio is the check when the machine was busy.",
            "",
            "| Build | With downloads | Downloads off | Ratio | Ratio of CPU time |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Made again after the edit: {remade}; the downloads that include the page: {expected}.",
        ]
    )


def build_row(name: str, times: BuildTimes) -> str:
    return f"| {name} | {stats(times.with_downloads)} | {stats(times.without)} | {times.ratio}x | {times.cpu_ratio}x |"


def pdf_table(engine: PdfEngine) -> str:
    ours, theirs = engine.ours_pdf, engine.theirs_pdf
    rows = [
        ("CPU seconds the PDF adds to a build", stats(engine.ours), stats(engine.theirs)),
        ("Build with the PDF, wall-clock seconds", stats(engine.ours_build), stats(engine.theirs_build)),
        ("Pages", ours.pages, theirs.pages),
        ("Size", f"{ours.size_bytes / 1024:.0f} KB", f"{theirs.size_bytes / 1024:.0f} KB"),
        ("Form fields", ours.form_fields, theirs.form_fields),
        ("Tagged (StructTreeRoot)", yes(ours.tagged), yes(theirs.tagged)),
        ("Language (/Lang)", ours.lang or "none", theirs.lang or "none"),
    ]
    return "\n".join(
        [
            f"### One audience's PDF: our hooks vs mkdocs-with-pdf ({len(engine.pages)} client pages, A4)",
            "",
            "| | Our hooks (WeasyPrint) | mkdocs-with-pdf |",
            "|---|---|---|",
            *(f"| {name} | {a} | {b} |" for name, a, b in rows),
            "",
            f"Ratio {engine.ratio}x (CPU seconds added). Both in one virtualenv, the same pages; the build without "
            f"any PDF took {stats(engine.base_build)} s wall-clock, and its CPU time is subtracted run by run.",
        ]
    )


def lighthouse_table(scores: Lighthouse) -> str:
    title = f"### Lighthouse {scores.version or ''} (mobile emulation, served with gzip)"
    if scores.error and not scores.pages:
        return f"{title}\n\nNot measured: {scores.error}"
    rows = [
        f"| {p.name} | {stats(p.performance, 0)} | {stats(p.accessibility, 0)} | {stats(p.best_practices, 0)} | "
        f"{stats(p.seo, 0)} | {stats(p.fcp_ms, 0)} | {stats(p.lcp_ms, 0)} |"
        for p in scores.pages
    ]
    failing = [f"- {p.name}: {', '.join(p.failing_audits)}" for p in scores.pages if p.failing_audits]
    lines = [
        title,
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | FCP (ms) | LCP (ms) |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    if failing:
        lines += ["", "Audits that cost points:", "", *failing]
    if scores.error:
        lines += ["", f"Stopped early: {scores.error}"]
    return "\n".join(lines)


def weight_table(weights: list[PageWeight], search_index: int) -> str:
    rows = [f"| `{w.page}` | {load(w.ours)} | {load(w.material) if w.material else 'not built'} |" for w in weights]
    heaviest = max(weights, key=lambda w: w.ours.gzip)
    data = heaviest.ours.by_type.get("xhr", 0) + heaviest.ours.by_type.get("fetch", 0)
    return "\n".join(
        [
            "### Page weight (KB a fresh browser loads: gzip level 6, then raw)",
            "",
            "Untouched Material is the same Markdown built with `theme: material` only (no hooks, overrides or extra "
            "CSS/JS). Its Google Fonts requests are counted as requests but could not be loaded here (offline).",
            "",
            "| Page | Ours: gzip / raw KB, requests | Untouched Material: gzip / raw KB, requests (+ other hosts) |",
            "|---|---|---|",
            *rows,
            "",
            f"Heaviest: `{heaviest.page}`, {kb(heaviest.ours.gzip)} KB gzip, of which {kb(data)} KB is data fetched "
            f"by script. By type (KB gzip): "
            + ", ".join(f"{kind} {kb(size)}" for kind, size in sorted(heaviest.ours.by_type.items())),
            "",
            f"The search index ({kb(search_index)} KB gzip) is fetched only when a reader starts to search, so it is "
            f"not in the page loads above: a reader's first search adds it once.",
        ]
    )


def load(page: PageLoad) -> str:
    others = f" (+ {page.third_party})" if page.third_party else ""
    return f"{kb(page.gzip)} / {kb(page.raw)}, {page.requests}{others}"


def stats(value: Stats, digits: int = 2) -> str:
    return f"{value.median:.{digits}f} ({value.min:.{digits}f}–{value.max:.{digits}f})"


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


# Data

HEADER = """# Benchmarks

Written by `make bench` (`bench/run.py`, see `bench/README.md`): every run appends a section, newest last, and
`bench/results.json` holds the newest run in full. Targets come from issue 7; a failed target is reported, not tuned
away.
"""
VERDICT = {True: "pass", False: "**fail**", None: "not measured"}

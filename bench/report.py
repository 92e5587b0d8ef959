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
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + section(results), encoding="utf-8")


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
        weight_table(results.page_weight),
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


def weight_table(weights: list[PageWeight]) -> str:
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
            f"by script (the search index). By type (KB gzip): "
            + ", ".join(f"{kind} {kb(size)}" for kind, size in sorted(heaviest.ours.by_type.items())),
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

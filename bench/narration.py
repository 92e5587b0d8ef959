"""`make bench` for narration (issue 16): the cold build with narration against without, the warm build, the real-time
factor of narrating each page, and the bytes of each audio file (Opus and MP3). Run alone with
`bench/run.py --only-narration`."""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import measure

CACHE = Path(".cache") / "downloads"


@contextmanager
def narration(on: bool):
    """Builds with narration switched on or off (NARRATION=off keeps PDFs and decks)."""
    before = os.environ.get("NARRATION")
    os.environ["NARRATION"] = "on" if on else "off"
    try:
        yield
    finally:
        os.environ.pop("NARRATION") if before is None else os.environ.__setitem__("NARRATION", before)


def measure_narration(repo: Path) -> dict:
    """Cold and warm builds with and without narration, then what the cache says of each page's audio."""
    shutil.rmtree(repo / CACHE, ignore_errors=True)
    with narration(False):
        cold_off = measure.build(repo)  # PDFs and decks from scratch
        warm_off = measure.build(repo)
    shutil.rmtree(repo / CACHE, ignore_errors=True)
    with narration(True):
        cold_on = measure.build(repo)  # the same, plus every page narrated
        warm_on = measure.build(repo)
    return {
        "cold_without": round(cold_off.wall, 1), "cold_with": round(cold_on.wall, 1),
        "warm_without": round(warm_off.wall, 1), "warm_with": round(warm_on.wall, 1),
        "warm_ratio": round(warm_on.wall / warm_off.wall, 2),
        "files": [file for kind in ("opus", "mp3") for file in audio_files(repo / CACHE / kind, kind)],
    }


def audio_files(folder: Path, kind: str) -> list[dict]:
    """What the cache says of each audio file of one kind ('opus', 'mp3'): length, bytes, real-time factor."""
    files = []
    for facts_path in sorted(folder.glob("*.json")):
        facts = json.loads(facts_path.read_text(encoding="utf-8"))
        audio = facts_path.with_suffix(f".{kind}")
        size = audio.stat().st_size
        files.append({
            "file": audio.name.rsplit("-", 1)[0] + f".{kind}",
            "seconds": facts["seconds"],
            "bytes": size,
            "kb_per_minute": round(size / 1000 / (facts["seconds"] / 60), 1),
            "real_time_factor": round(facts["synthesis_seconds"] / facts["seconds"], 3)
            if "synthesis_seconds" in facts else None,
        })
    return files


def section(date: str, host: dict[str, str], result: dict) -> str:
    """The BENCHMARKS.md section for one narration run."""
    lines = [
        f"## Narration, {date}", "",
        f"Machine: {', '.join(f'{key} {value}' for key, value in host.items())}. One run each; other builds were",
        "running on the machine at the same time, so wall times are noisy.", "",
        "| Build | Without narration | With narration |", "| --- | --- | --- |",
        f"| Cold (empty download cache) | {result['cold_without']} s | {result['cold_with']} s |",
        f"| Warm (nothing changed) | {result['warm_without']} s | {result['warm_with']} s "
        f"({result['warm_ratio']}x; target ≤ 1.1x) |", "",
        "| Audio file | Length | Size | KB per minute | Real-time factor (synthesis ÷ audio, both files) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for file in result["files"]:
        factor = file["real_time_factor"] if file["real_time_factor"] is not None else "(joined, not synthesised)"
        lines.append(f"| {file['file']} | {file['seconds']:.0f} s | {file['bytes'] / 1000:.0f} KB | "
                     f"{file['kb_per_minute']} | {factor} |")
    return "\n".join(lines) + "\n"

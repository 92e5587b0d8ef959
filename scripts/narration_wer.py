"""How intelligible is the narration? Speak pages of the built site with the site's voice and encoder, transcribe
both files the build makes of one synthesis (MP3 and Opus) with pocketsphinx (its bundled en-US model) and print
each one's word error rate against the spoken text.

Nobody on the project can listen to every page; a recogniser's errors are a lower bound on clarity (it makes
mistakes a person would not, especially on low-bitrate audio), so compare settings with it, not absolute scores.

    .venv/bin/python scripts/narration_wer.py SITE_DIR client/worksheet/ client/family-and-friends/ \
        [--bitrate 16] [--opus-bitrate 8]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import miniaudio  # noqa: E402
import yaml  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from handouts import cache, content, narration  # noqa: E402

# What the site's templates add around a page's own text (not part of its content model)
CHROME = (
    ".audience-bar, .audience-label, .md-tags, .reading-time, .review-notice, .help-now, .listen, .page-meta, "
    ".download-panel, .headerlink, .md-source-file"
)
DIGITS = dict(enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+", help="page URLs relative to the site, e.g. client/worksheet/")
    parser.add_argument("--bitrate", type=int, default=16)
    parser.add_argument("--sample-rate", type=int, default=22050)
    parser.add_argument("--opus-bitrate", type=int, default=8)
    args = parser.parse_args(argv)
    encoding = narration.Encoding(args.bitrate, args.sample_rate, args.opus_bitrate)
    results = [row for page in args.pages for row in wer_of_page(args.site, page, encoding)]
    print(json.dumps(results, indent=1))
    return 0


def wer_of_page(site: Path, url: str, encoding: narration.Encoding) -> list[dict]:
    """Narrate one page as the build does, transcribe its MP3 and its Opus file, and compare each."""
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    for chrome in article.select(CHROME):
        chrome.decompose()
    page = content.PageContent.from_html(str(article), src_uri=url, title=url)
    script = narration.script_of(page, rules())
    voice = site_voice()
    with tempfile.TemporaryDirectory() as folder:
        key = narration.key_of(script, voice, encoding)
        target = cache.CachedFile(Path(folder), "page", ".mp3", key)
        opus_target = cache.CachedFile(Path(folder) / "opus", "page", ".opus", key)
        facts = narration.narrate(narration.Job(url, script, voice, encoding, target, opus_target, threads=2))
        heard = {
            f"mp3 {encoding.bitrate} kbit/s": (transcribe(target.path), target.path.stat().st_size),
            f"opus {encoding.opus_bitrate} kbit/s": (transcribe(opus_target.path), opus_target.path.stat().st_size),
        }
    reference = words(script.text)
    return [
        {
            "page": url, "format": name, "words": len(reference), "seconds": facts["seconds"],
            "kb_per_minute": round(size / 1000 / (facts["seconds"] / 60), 1),
            "wer": round(edit_distance(reference, words(text)) / len(reference), 3),
        }
        for name, (text, size) in heard.items()
    ]


def rules() -> narration.Rules:
    terms = yaml.safe_load((ROOT / "data" / "pronunciations.yml").read_text(encoding="utf-8"))["terms"]
    return narration.Rules(pronunciations=tuple(terms.items()))


def site_voice() -> narration.Voice:
    """The voice mkdocs.yml names for English, checked like the build checks it."""
    import importlib.metadata

    loader = type("EnvLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ldr, node: ldr.construct_sequence(node)[-1])
    settings = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)["extra"]["narration"]
    name = settings["voices"]["en"]
    spec = settings["voice_models"][name]
    found = next(f for f in importlib.metadata.distribution(name).files if f.name == spec["model"])
    model = Path(found.locate()).resolve()
    return narration.Voice(model, model.with_name(model.name + ".json"), spec["sha256"], settings.get("pace", 1.1))


def transcribe(audio_file: Path) -> str:
    """The words pocketsphinx hears in an MP3 or Opus file (decoded to 16 kHz mono)."""
    from pocketsphinx import Decoder

    decoder = Decoder(samprate=16000, loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm_16k(audio_file), full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def pcm_16k(audio_file: Path) -> bytes:
    """16-bit mono samples at 16 kHz: MP3 through miniaudio (as before), Opus through PyAV (miniaudio has no Opus)."""
    if audio_file.suffix == ".mp3":
        audio = miniaudio.decode_file(str(audio_file), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                                      sample_rate=16000)
        return audio.samples.tobytes()
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=16000)
    with av.open(str(audio_file)) as container:
        frames = [out for frame in container.decode(audio=0) for out in resampler.resample(frame)]
    frames += resampler.resample(None)
    return b"".join(bytes(frame.planes[0])[: frame.samples * 2] for frame in frames)


def words(text: str) -> list[str]:
    """Lower-case words, digits said as words (the recogniser writes 'nine', not '9')."""
    text = re.sub(r"\d", lambda m: f" {DIGITS[int(m[0])]} ", text.lower())
    return re.findall(r"[a-z']+", text)


def edit_distance(reference: list[str], heard: list[str]) -> int:
    """Word-level Levenshtein distance: substitutions, deletions and insertions."""
    previous = list(range(len(heard) + 1))
    for i, word in enumerate(reference, 1):
        current = [i]
        for j, other in enumerate(heard, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]


if __name__ == "__main__":
    sys.exit(main())

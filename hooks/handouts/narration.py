"""Narration: a page's spoken script, made from the content model, and its audio, made with a Piper voice.

The script is what a listener needs of the page: its headings, prose, lists item by item, tables row by row,
questions and notes (content notes included). Citations, reference lists, the addresses of links, form controls and
text meant for the screen or paper only are left out. A pause point (a note titled "Pause here") is followed by
real silence. Crisis numbers are read digit by digit, and words the voice says wrongly go through the pronunciation
list (data/pronunciations.yml). Synthesis runs in worker processes (`narrate`), each loading the voice once; the
audio is encoded twice from the same samples, to Opus (PyAV's libopus: half the bytes of MP3 for speech) and to MP3
(lameenc: the fallback, and the download, as every player plays it), and both are stored through handouts.cache
under the same key. Piper and PyAV are imported only in the workers.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from handouts import cache
from handouts.content import (
    Admonition,
    Block,
    Figure,
    ListBlock,
    PageContent,
    Paragraph,
    Question,
    Run,
    Table,
    Text,
    tidy,
)

# Records: the script


@dataclass(frozen=True)
class Speech:
    """Words to say, one sentence or more."""

    text: str


@dataclass(frozen=True)
class Silence:
    seconds: float


Part = Speech | Silence


@dataclass(frozen=True)
class Script:
    """What one page says aloud, in order."""

    title: str
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        """Everything spoken, one part a line."""
        return "\n".join(part.text for part in self.parts if isinstance(part, Speech))

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))

    @property
    def silence(self) -> float:
        """Seconds of silence the script asks for (pauses and gaps; the voice's own breaths come on top)."""
        return sum(part.seconds for part in self.parts if isinstance(part, Silence))

    def to_json(self) -> str:
        """A stable text of the script: part of its audio's fingerprint."""
        return json.dumps([dataclasses.astuple(part) for part in self.parts], ensure_ascii=False)


@dataclass(frozen=True)
class Rules:
    """How a page becomes speech: what is read digit by digit, what is said differently, where to pause."""

    numbers: tuple[str, ...] = ()  # crisis numbers as written ("116 123"), read digit by digit
    pronunciations: tuple[tuple[str, str], ...] = ()  # (term as written, how the voice should be told to say it)
    pause_titles: tuple[str, ...] = ("Pause here",)  # notes after which the listener gets a real pause
    pause_seconds: float = 5.0
    intro: str = ""  # said before the page (the help-now line on client pages)

    def say(self, text: str) -> str:
        """Text as the voice should read it: one line, numbers digit by digit, terms respelled, a full stop."""
        text = tidy(DASHES.sub(", ", text))
        for number in sorted(self.numbers, key=len, reverse=True):
            # A number followed by a new sentence on screen ("call 116 123 Any time") ends one when spoken.
            text = re.sub(rf"(?<!\d){re.escape(number)}(?!\d)( (?=[A-Z]))?",
                          lambda found, n=number: digit_by_digit(n) + (". " if found[1] else ""), text)
        for term, spoken in self.pronunciations:
            text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", spoken, text)
        return text if not text or text.rstrip(CLOSING)[-1:] in tuple(".?!:;") else f"{text}."


def digit_by_digit(number: str) -> str:
    """'116 123' -> '1 1 6, 1 2 3': each digit a word, each group a breath."""
    return ", ".join(" ".join(group) for group in number.split())


# Building a script


def script_of(page: PageContent, rules: Rules) -> Script:
    """The spoken script of a page: headings announced, blocks in reading order, gaps and pauses as silence."""
    parts: list[Part] = []
    if rules.intro:
        parts += [Speech(rules.say(rules.intro)), Silence(GAP_SECTION)]
    for section in page.sections:
        if section.title:
            parts += [Speech(rules.say(section.title)), Silence(GAP_HEADING)]
        for block in section.blocks:
            parts += parts_of(block, rules)
    return Script(page.title, tuple(trim(parts)))


def parts_of(block: Block, rules: Rules) -> list[Part]:
    """One block as speech, followed by a short gap; what is not for the ear gives nothing."""
    if block.media:
        return []  # meant for the screen or for paper only
    if isinstance(block, Paragraph):
        spoken = [spoken_text(block.text)]
    elif isinstance(block, ListBlock):
        return list_parts(block, rules)
    elif isinstance(block, Table):
        spoken = [spoken_text(block.caption), *table_rows(block)]
    elif isinstance(block, Figure):
        spoken = [spoken_text(block.caption)]
    elif isinstance(block, Admonition):
        return admonition_parts(block, rules)
    elif isinstance(block, Question):
        inner = [part for child in block.blocks for part in parts_of(child, rules)]
        return [Speech(rules.say(spoken_text(block.question))), Silence(GAP_ITEM), *inner]
    else:
        return []  # forms (their controls are for filling in) and preformatted text
    speeches = [Speech(rules.say(text)) for text in spoken if text]
    return [*speeches, Silence(GAP_BLOCK)] if speeches else []


def list_parts(block: ListBlock, rules: Rules) -> list[Part]:
    """A list item by item, numbered when the list is, with a breath between items."""
    parts: list[Part] = []
    for number, item in enumerate(block.items, start=block.start):
        text = spoken_text(item.text)
        if text:
            parts += [Speech(rules.say(f"{number}. {text}" if block.ordered else text)), Silence(GAP_ITEM)]
        for nested in item.children:
            parts += list_parts(nested, rules)
    return [*parts, Silence(GAP_BLOCK)] if parts else []


def admonition_parts(block: Admonition, rules: Rules) -> list[Part]:
    """A note: its title, what it holds, and after a pause point the pause itself."""
    parts: list[Part] = [Speech(rules.say(block.title)), Silence(GAP_ITEM)] if block.title else []
    parts += [part for child in block.blocks for part in parts_of(child, rules)]
    if block.title.strip() in rules.pause_titles:
        parts.append(Silence(rules.pause_seconds))
    return parts


def table_rows(table: Table) -> list[str]:
    """Each body row as 'heading: cell; heading: cell', so a listener knows which column is which."""
    headings = [spoken_text(cell) for cell in table.header[-1]] if table.header else []
    rows = []
    for row in table.body:
        cells = [spoken_text(cell) for cell in row]
        padded = [*headings, *[""] * len(cells)]
        pairs = [f"{head}: {cell}" if head else cell for head, cell in zip(padded, cells, strict=False)]
        rows.append("; ".join(pair for pair, cell in zip(pairs, cells, strict=True) if cell))
    return rows


def spoken_text(text: Text) -> str:
    """Inline text as heard: no citations (a narrative one keeps its authors), no addresses, nothing for one medium."""
    return tidy("".join(spoken_run(run) for run in text.runs))


def spoken_run(run: Run) -> str:
    if run.media:
        return ""
    if run.kind == "citation":
        return YEAR.sub("", run.text) if run.narrative else ""
    if run.kind == "link" and ADDRESS.fullmatch(run.text.strip()):
        return ""  # a bare web or e-mail address: the page shows it, the voice would spell it out
    return run.text


def trim(parts: list[Part]) -> list[Part]:
    """No silence at the end, and never two silences in a row (the longer one stays)."""
    kept: list[Part] = []
    for part in parts:
        if isinstance(part, Silence) and kept and isinstance(kept[-1], Silence):
            kept[-1] = Silence(max(kept[-1].seconds, part.seconds))
        else:
            kept.append(part)
    while kept and isinstance(kept[-1], Silence):
        kept.pop()
    return kept


# Synthesis (in worker processes)


@dataclass(frozen=True)
class Voice:
    """A Piper voice model (.onnx) and its settings file (.onnx.json)."""

    model: Path
    config: Path
    sha256: str  # of the model file, checked before use
    pace: float = 1.0  # Piper's length scale: 1.1 speaks a tenth slower than the voice's own pace


@dataclass(frozen=True)
class Encoding:
    """MP3 and Opus settings: speech needs little (mono, a low bitrate)."""

    bitrate: int = 16  # kbit/s, of the MP3
    sample_rate: int = 22050  # Hz, of the MP3
    opus_bitrate: int = 8  # kbit/s, of the Opus file (wideband: Opus codes 16 kHz speech from the voice's samples)

    def describe(self) -> str:
        return (f"mp3 mono {self.sample_rate} Hz {self.bitrate} kbit/s; "
                f"opus {OPUS_APPLICATION} mono {OPUS_SAMPLE_RATE} Hz {self.opus_bitrate} kbit/s")


@dataclass(frozen=True)
class Job:
    """One page to narrate into its cached file."""

    name: str  # for the log, e.g. 'client/sessions.md'
    script: Script
    voice: Voice
    encoding: Encoding
    target: cache.CachedFile  # the MP3
    opus_target: cache.CachedFile  # the Opus file, with the same key
    threads: int = 1

    def is_cached(self) -> bool:
        return self.target.is_cached() and self.opus_target.is_cached()


def key_of(script: Script, voice: Voice, encoding: Encoding) -> str:
    """The fingerprint of a page's audio: its spoken text (pronunciations applied), voice, voice settings, encoder."""
    voice_settings = voice.config.read_bytes() if voice.config.is_file() else b""
    return cache.fingerprint(
        [FORMAT_VERSION, script.to_json(), voice.sha256, voice_settings, str(voice.pace), encoding.describe()]
    )


def narrate(job: Job) -> dict:
    """Speak a script, encode it to Opus and MP3 and store both in the cache; return the facts of the speech (seconds,
    words, time taken)."""
    from piper.config import SynthesisConfig  # piper loads only in the workers

    started = time.perf_counter()
    voice = load_voice(job.voice, job.threads)
    speaking = SynthesisConfig(length_scale=job.voice.pace)
    pcm = io.BytesIO()
    for part in job.script.parts:
        if isinstance(part, Silence):
            pcm.write(silence(part.seconds, voice.config.sample_rate))
            continue
        for chunk in voice.synthesize(part.text, speaking):
            pcm.write(chunk.audio_int16_bytes)
            pcm.write(silence(GAP_SENTENCE, voice.config.sample_rate))
    audio = pcm.getvalue()
    mp3 = encode(audio, voice.config.sample_rate, job.encoding)
    opus = encode_opus(audio, voice.config.sample_rate, job.encoding)
    facts = {
        "seconds": round(len(audio) / 2 / voice.config.sample_rate, 2),
        "words": job.script.words,
        "title": job.script.title,
        "synthesis_seconds": round(time.perf_counter() - started, 2),
    }
    job.opus_target.store(lambda part: part.write_bytes(opus), facts)
    job.target.store(lambda part: part.write_bytes(mp3), facts)
    return facts


def load_voice(voice: Voice, threads: int):
    """The Piper voice, loaded once per worker process, with as many inference threads as it was given."""
    key = (voice.model, threads)
    if key not in _voices:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(voice.model), sess_options=options, providers=CPU)
        config = PiperConfig.from_dict(json.loads(voice.config.read_text(encoding="utf-8")))
        _voices[key] = PiperVoice(session=session, config=config)
    return _voices[key]


def encode(pcm: bytes, sample_rate: int, encoding: Encoding) -> bytes:
    """16-bit mono PCM as constant-bitrate MP3 (LAME, through lameenc)."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(encoding.sample_rate)
    encoder.set_channels(1)
    encoder.set_bit_rate(encoding.bitrate)
    encoder.set_quality(2)  # 2 is LAME's "high quality" search; speed hardly matters next to synthesis
    return bytes(encoder.encode(pcm) + encoder.flush())


def encode_opus(pcm: bytes, sample_rate: int, encoding: Encoding) -> bytes:
    """16-bit mono PCM as Opus in Ogg (libopus, through PyAV), tuned for speech ("voip"); PyAV resamples the voice's
    samples to the encoder's rate."""
    import av
    import numpy

    frame = av.AudioFrame.from_ndarray(numpy.frombuffer(pcm, dtype=numpy.int16).reshape(1, -1), format="s16",
                                       layout="mono")
    frame.sample_rate = sample_rate
    out = io.BytesIO()
    with av.open(out, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=OPUS_SAMPLE_RATE, layout="mono",
                                      options={"application": OPUS_APPLICATION})
        stream.bit_rate = encoding.opus_bitrate * 1000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return out.getvalue()


def silence(seconds: float, sample_rate: int) -> bytes:
    return bytes(2 * round(seconds * sample_rate))


# The whole guide in one file


@dataclass(frozen=True)
class Chapter:
    """One page inside the whole guide's audio."""

    title: str
    path: Path  # its cached MP3


def join_with_chapters(chapters: list[Chapter], target: cache.CachedFile, *, title: str, author: str) -> None:
    """One MP3 of every page in turn, with an ID3 chapter (CHAP) per page and a table of contents (CTOC).

    MP3 frames of one encoder setting can follow each other as they are, so the pages' files are joined, not
    encoded again; each chapter starts where the frames of the one before end."""
    from mutagen.id3 import CHAP, CTOC, ID3, TALB, TIT2, TPE1, CTOCFlags
    from mutagen.mp3 import MP3

    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title]))
    tags.add(TALB(encoding=3, text=[title]))
    tags.add(TPE1(encoding=3, text=[author]))
    ids = [f"chapter{number}" for number in range(1, len(chapters) + 1)]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text=[title])]))
    start = 0.0
    for element_id, chapter in zip(ids, chapters, strict=True):
        end = start + MP3(chapter.path).info.length
        tags.add(CHAP(element_id=element_id, start_time=round(start * 1000), end_time=round(end * 1000),
                      sub_frames=[TIT2(encoding=3, text=[chapter.title])]))
        start = end

    def write(part: Path) -> None:
        with part.open("wb") as out:
            for chapter in chapters:
                out.write(chapter.path.read_bytes())
        tags.save(part, v2_version=4)

    target.store(write, {"seconds": round(start, 2), "chapters": len(chapters), "title": title})


# Data

OPUS_SAMPLE_RATE = 16000  # Hz: wideband speech, all a voice needs
OPUS_APPLICATION = "voip"  # libopus' tuning for speech
FORMAT_VERSION = "narration-1"  # change when the way a script becomes audio changes, to make every page again
GAP_HEADING = 0.7  # seconds after a heading
GAP_SECTION = 1.0  # after the introduction
GAP_BLOCK = 0.6  # after a paragraph, list or table
GAP_ITEM = 0.35  # between list items, after a note's title
GAP_SENTENCE = 0.25  # after each sentence the voice says
CPU = ["CPUExecutionProvider"]
WORD = re.compile(r"[\w'’]+")
YEAR = re.compile(r"\s*\((?:\d{4}[a-z]?|n\.d\.)(?:, [^)]*)?\)")
ADDRESS = re.compile(r"(?:https?://|www\.|mailto:)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|[\w-]+(?:\.[\w-]+)+/\S*")
DASHES = re.compile(r"\s+[–—]\s+")
CLOSING = "\"'”’)"  # closing quotes and brackets: "She asked, 'Why?'" needs no full stop after them

# Voices loaded in this worker process, by model and thread count.
_voices: dict = {}

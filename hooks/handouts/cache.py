"""One cache protocol for every generated file: PDFs, decks and audio.

A cached file is named `<stem>-<key>.<suffix>`, where the key is a fingerprint of every input it is made from, and
has a facts file (`<stem>-<key>.json`) beside it holding what a page needs to know without opening it (pages,
duration...). A file is made only when its key is new; it is published atomically (a temporary file in the same
folder, then `os.replace`), facts last, so a file counts as cached only once both exist; older keys of the same stem
are then removed. Nothing here knows MkDocs: callers turn `OSError` into their own `PluginError`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


def fingerprint(inputs: Iterable[str | bytes]) -> str:
    """A sha256 over every input, each prefixed by its length so that ('ab', 'c') and ('a', 'bc') differ."""
    digest = hashlib.sha256()
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedFile:
    """One generated file in a cache folder, named by its stem, suffix and the fingerprint of its inputs."""

    folder: Path
    stem: str  # e.g. "imagery-rescripting-client"
    suffix: str  # e.g. ".mp3"
    key: str  # fingerprint() of every input

    @property
    def path(self) -> Path:
        return self.folder / f"{self.stem}-{self.key[:KEY_LENGTH]}{self.suffix}"

    @property
    def facts_path(self) -> Path:
        return self.path.with_suffix(".json")

    def is_cached(self) -> bool:
        """Whether the file and its facts are both there (the facts are written last)."""
        return self.path.is_file() and self.facts_path.is_file()

    def facts(self) -> dict:
        """What was recorded about the file when it was made."""
        return json.loads(self.facts_path.read_text(encoding="utf-8"))

    def store(self, write: Callable[[Path], object], facts: dict) -> None:
        """Make the file through `write(temporary_path)`, then its facts, each atomically; then drop older keys."""
        remove_abandoned_parts(self.folder)
        write_atomically(self.path, write)
        self.record(facts)

    def record(self, facts: dict) -> None:
        """Write the facts of a file already made at `path` (by another process, say), which makes it count as
        cached, then drop older keys. A file left without facts is made again by the next build."""
        text = json.dumps(facts, indent=1, sort_keys=True)
        write_atomically(self.facts_path, lambda part: part.write_text(text, encoding="utf-8"))
        remove_stale(self.folder, self.stem, keep=self.path)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write a file through `write(temporary_path)` in the same folder, then rename it into place, so a failure
    never leaves a truncated file. The temporary name holds the writer's process id, so that a later build can tell
    the part of a killed build from one still being written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part")
    os.close(handle)
    part = Path(name)
    try:
        write(part)
        part.chmod(FILE_MODE)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def remove_stale(folder: Path, stem: str, *, keep: Path) -> None:
    """Delete older versions of one file and their facts (same stem, another key)."""
    for old in folder.glob(f"{stem}-*.*"):
        if old.stem != keep.stem and STALE.fullmatch(old.name[len(stem) + 1 :]):
            old.unlink(missing_ok=True)


def remove_abandoned_parts(folder: Path) -> None:
    """Delete the hidden partial files that a build killed mid-write (SIGKILL, power cut) left behind."""
    for part in folder.glob(".*.part") if folder.is_dir() else []:
        writer = PART_WRITER.search(part.name)
        if writer is None or not process_is_running(int(writer[1])):
            part.unlink(missing_ok=True)


def process_is_running(pid: int) -> bool:
    """Whether a process with this id still runs (then its partial file may still be being written)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return pid != 0


# Data

KEY_LENGTH = 20  # hex digits of the fingerprint in a file name: enough to never collide within one stem
FILE_MODE = 0o644  # mkstemp makes files only their owner can read; a website's files are for everyone
STALE = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}\.\w+")
PART_WRITER = re.compile(r"\.(\d+)\.[^.]*\.part$")  # ".<name>.<pid>.<random>.part"

"""The one cache protocol (hooks/handouts/cache.py), in-process: fingerprints, atomic publishing, stale removal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from handouts import cache


def test_fingerprint_covers_every_input_and_its_boundaries() -> None:
    assert cache.fingerprint(["ab", "c"]) != cache.fingerprint(["a", "bc"])
    assert cache.fingerprint(["a", b"b"]) == cache.fingerprint([b"a", "b"])
    assert cache.fingerprint(["a"]) != cache.fingerprint(["a", ""])


def test_a_file_is_cached_only_with_its_facts(tmp_path: Path) -> None:
    target = cache.CachedFile(tmp_path, "guide", ".mp3", cache.fingerprint(["one"]))
    assert not target.is_cached()
    target.store(lambda part: part.write_bytes(b"audio"), {"seconds": 1.5})
    assert target.is_cached()
    assert target.path.name == f"guide-{target.key[:20]}.mp3"
    assert target.path.read_bytes() == b"audio"
    assert target.facts() == {"seconds": 1.5}
    assert oct(target.path.stat().st_mode & 0o777) == "0o644"
    target.facts_path.unlink()
    assert not target.is_cached()


def test_a_new_fingerprint_removes_the_old_file_but_not_other_stems(tmp_path: Path) -> None:
    old = cache.CachedFile(tmp_path, "guide", ".mp3", cache.fingerprint(["old"]))
    other = cache.CachedFile(tmp_path, "guide-client", ".mp3", cache.fingerprint(["other"]))
    old.store(lambda part: part.write_bytes(b"old"), {})
    other.store(lambda part: part.write_bytes(b"other"), {})
    new = cache.CachedFile(tmp_path, "guide", ".mp3", cache.fingerprint(["new"]))
    new.store(lambda part: part.write_bytes(b"new"), {})
    assert not old.path.exists() and not old.facts_path.exists()
    assert new.is_cached() and other.is_cached()


def test_a_file_made_elsewhere_counts_once_its_facts_are_recorded(tmp_path: Path) -> None:
    # A PDF is written by a worker process; the build records its facts only when WeasyPrint gave no warning.
    good = cache.CachedFile(tmp_path, "guide-a4", ".pdf", cache.fingerprint(["good"]))
    good.store(lambda part: part.write_bytes(b"%PDF good"), {"pages": 3})
    warned = cache.CachedFile(tmp_path, "guide-a4", ".pdf", cache.fingerprint(["warned"]))
    cache.write_atomically(warned.path, lambda part: part.write_bytes(b"%PDF warned"))
    assert not warned.is_cached() and good.is_cached(), "a file without facts leaves the last good one in place"
    warned.record({"pages": 4})
    assert warned.is_cached() and warned.facts() == {"pages": 4}
    assert not good.path.exists() and not good.facts_path.exists()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = cache.CachedFile(tmp_path, "guide", ".mp3", cache.fingerprint(["x"]))

    def fail(part: Path) -> None:
        part.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        target.store(fail, {})
    assert list(tmp_path.iterdir()) == []


def test_parts_of_killed_builds_are_removed_but_not_those_being_written(tmp_path: Path) -> None:
    dead = tmp_path / ".guide.mp3.999999999.abc.part"
    alive = tmp_path / f".guide.mp3.{os.getpid()}.abc.part"
    dead.write_bytes(b"")
    alive.write_bytes(b"")
    cache.remove_abandoned_parts(tmp_path)
    assert not dead.exists() and alive.exists()

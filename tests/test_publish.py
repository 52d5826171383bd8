"""The published generation: one build's text and media together, switched atomically, kept
for open pages, named by content; the server follows it without a restart."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import shutil
import time

import pytest
from bs4 import BeautifulSoup
from mutagen.mp3 import MP3

from app import create_app
from app.build import NarrationOptions, build
from app.publish import KEEP_GENERATIONS, load_published, prune
from tests.conftest import BASE_DECK
from tests.publish_support import SECONDS_PER_CHARACTER, Tone, current_manifest

SLIDES = [
    {"heading": f"Slide heading {n}", "caption": f"Caption number {n}{'.' * n}"}
    for n in range(1, 7)
]
SLIDES[1] |= {"image": "images/a.jpg", "placeholder": True, "alt": "A harbour at dawn."}
SLIDES[4] |= {"image": "images/b.jpg", "placeholder": True, "alt": "A market at noon."}


@pytest.fixture
def site(make_deck, tmp_path):
    """A six-slide deck with two stand-in pictures, built with the fast tone engine."""

    def write(slides):
        make_deck("essay", slides=slides)

    write(SLIDES)
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}

    def rebuild(engine=None):
        report = build(config, NarrationOptions(engine=engine or Tone(), progress=False))
        assert report.ok, report.errors
        return report

    rebuild()
    client = create_app({"TESTING": True, **config}).test_client()
    return config, client, write, rebuild


def fetch(client, url: str) -> tuple[int, bytes]:
    """Return a file's status and bytes, closing the response (files are streamed)."""
    with client.get(url) as response:
        return response.status_code, response.data


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def media_urls(page: BeautifulSoup) -> list[str]:
    """Return every published file a page refers to."""
    urls = [a["src"] for a in page.select("audio[src]")]
    urls += [img["src"] for img in page.select("img[src]")]
    for tag in page.select("source[srcset], img[srcset]"):
        urls += [part.split()[0] for part in tag["srcset"].split(",")]
    urls += [link["href"] for link in page.select('link[rel="prefetch"]')]
    return sorted(set(urls))


def test_rebuild_while_serving_never_mixes_two_builds(site):
    config, client, write, rebuild = site
    old_page = soup(client.get("/essay/slides/5/"))
    old_media = {url: fetch(client, url) for url in media_urls(old_page)}
    assert len(old_media) >= 8  # narration, 9 image variants, prefetch...

    slides = copy.deepcopy(SLIDES)
    slides[4]["caption"] = "A much longer caption for the fifth slide, rewritten after publishing."
    slides.insert(1, {"heading": "Inserted", "caption": "Inserted slide."})
    write(slides)
    rebuild()

    manifest = current_manifest(config["OUTPUT_DIR"] / "essay")
    assert len(manifest["images"]) == len(slides) == 7
    for number, slide in enumerate(slides, start=1):
        page = soup(client.get(f"/essay/slides/{number}/"))
        assert page.h1.get_text() == slide["heading"]
        shown = page.select_one(".slide__caption-text, .slide__text").get_text()
        assert shown == slide["caption"]
        clip = manifest["narration"]["clips"][number - 1]
        audio = page.select_one("audio")["src"]
        assert audio == f"/essay/media/{clip['file']}" and slide["caption"] in clip["text"]
        spoken = MP3(io.BytesIO(fetch(client, audio)[1])).info.length
        assert spoken == pytest.approx(SECONDS_PER_CHARACTER * len(slide["caption"]), abs=0.1)
        image = manifest["images"][number - 1]
        if image is None:
            assert page.select_one("figure img") is None
            continue
        img = page.select_one("figure img")
        assert img["alt"] == slide["alt"]
        assert img["src"].rsplit("/", 1)[1] in {v["file"] for v in image["variants"]}
    for url, (status, data) in old_media.items():  # the page opened before keeps its media
        assert status == 200 and fetch(client, url) == (200, data)


def test_before_any_build_a_deck_is_served_from_content_without_media(make_deck, tmp_path):
    make_deck("fresh")
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}
    client = create_app({"TESTING": True, **config}).test_client()
    page = soup(client.get("/fresh/slides/2/"))
    assert page.select_one("audio") is None and page.select_one("figure img") is None
    assert page.select_one(".slide__image-missing").get_text() == BASE_DECK["slides"][1]["alt"]
    assert build(config, NarrationOptions(engine=Tone(), progress=False)).ok
    page = soup(client.get("/fresh/slides/2/"))  # same server, no restart
    assert page.select_one("audio[src]") and page.select_one("figure img[src]")


def test_server_reads_the_deck_text_from_the_generation_not_content(site):
    _, client, write, _ = site
    write([{"heading": "Unpublished", "caption": "Not built yet."}])
    page = soup(client.get("/essay/slides/1/"))
    assert page.h1.get_text() == SLIDES[0]["heading"]
    assert client.get("/essay/slides/6/").status_code == 200
    items = soup(client.get("/essay/")).select("ol.contents > li")
    assert len(items) == len(SLIDES)


def test_published_names_are_the_hash_of_their_bytes(site):
    config, *_ = site
    deck_out = config["OUTPUT_DIR"] / "essay"
    for name in current_manifest(deck_out)["files"]:
        data = (deck_out / "media" / name).read_bytes()
        assert name.split(".")[0] == hashlib.sha256(data).hexdigest()[:20]


def test_lost_cache_gives_new_urls_and_old_urls_keep_their_bytes(site):
    config, client, _, rebuild = site
    deck_out = config["OUTPUT_DIR"] / "essay"
    rebuild(Tone(noise=True))
    before = current_manifest(deck_out)["narration"]["clips"][0]["file"]
    old_bytes = fetch(client, f"/essay/media/{before}")[1]
    shutil.rmtree(deck_out / "narration")  # the build's cache is lost, the published files stay
    rebuild(Tone(noise=True))  # same inputs, different bytes (like Piper)
    after = current_manifest(deck_out)["narration"]["clips"][0]["file"]
    assert after != before
    assert fetch(client, f"/essay/media/{before}") == (200, old_bytes)


def test_warm_rebuild_synthesizes_nothing_and_republishes_the_same_names(site):
    config, _, _, rebuild = site
    deck_out = config["OUTPUT_DIR"] / "essay"
    before = current_manifest(deck_out)
    engine = Tone(noise=True)
    rebuild(engine)
    after = current_manifest(deck_out)
    assert engine.calls == []
    assert after["generation"] != before["generation"]
    assert after["files"] == before["files"]
    index = json.loads((deck_out / "publish-index.json").read_text())
    assert {entry["published"] for entry in index.values()} == set(after["files"])


def test_old_generations_are_pruned_but_recent_ones_kept(site):
    config, client, write, rebuild = site
    deck_out = config["OUTPUT_DIR"] / "essay"
    first_clip = current_manifest(deck_out)["narration"]["clips"][0]["file"]
    for round_ in range(1, 5):
        slides = copy.deepcopy(SLIDES)
        slides[0]["caption"] = f"Caption of round {round_}" + "!" * round_
        write(slides)
        rebuild()
    generations = sorted(p.name for p in (deck_out / "generations").iterdir())
    assert len(generations) == 5  # all younger than a day: kept
    assert fetch(client, f"/essay/media/{first_clip}")[0] == 200

    removed = prune(deck_out, now=time.time() + 2 * 24 * 3600)
    kept = sorted(p.name for p in (deck_out / "generations").iterdir())
    assert kept == generations[-KEEP_GENERATIONS:]
    assert f"media/{first_clip}" in removed
    assert fetch(client, f"/essay/media/{first_clip}")[0] == 404
    current = current_manifest(deck_out)
    assert current["generation"] == kept[-1]
    for name in current["files"]:
        assert fetch(client, f"/essay/media/{name}")[0] == 200
    assert load_published(config["OUTPUT_DIR"], "essay").generation == kept[-1]


def test_a_failed_build_leaves_the_last_generation_serving(site, monkeypatch):
    config, client, write, _ = site
    before = current_manifest(config["OUTPUT_DIR"] / "essay")
    write([{"heading": "Changed", "caption": "A changed line."}])

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("app.publish.write._write_generation", broken)
    with pytest.raises(RuntimeError):
        build(config, NarrationOptions(engine=Tone(), progress=False))
    assert current_manifest(config["OUTPUT_DIR"] / "essay") == before
    assert soup(client.get("/essay/slides/1/")).h1.get_text() == SLIDES[0]["heading"]

"""The build end to end on a small deck: published files, manifest, serving, failure safety."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.build import NarrationOptions, build
from app.narration import NarrationError
from tests.publish_support import current_manifest


@pytest.fixture
def site(make_deck, tmp_path):
    """A small deck built once (real Piper narration, real stand-in images)."""
    make_deck("small")
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "audio"}
    report = build(config, NarrationOptions(progress=False))
    assert report.ok, report.errors
    app = create_app({"TESTING": True, **config})
    return config, report, app.test_client()


def manifest(config) -> dict:
    return current_manifest(config["OUTPUT_DIR"] / "small")


def media(config, name: str):
    return config["OUTPUT_DIR"] / "small" / "media" / name


def test_build_publishes_every_file_the_manifest_names(site):
    config, report, _ = site
    [done] = report.built
    assert done.summary().startswith("Built small: 3 slides: 1 images (0 cached), 3 narrations")
    data = manifest(config)
    assert data["files"]
    for name in data["files"]:
        assert media(config, name).stat().st_size > 0
    assert data["images"][0] is None and data["images"][1]["placeholder"] is True
    assert [clip is not None for clip in data["narration"]["clips"]] == [True, True, True]


def test_slide_page_uses_the_built_image_and_narration(site):
    _, _, client = site
    page = BeautifulSoup(client.get("/small/slides/2/").data, "html.parser")
    img = page.select_one("figure picture img")
    assert img["alt"] == "Fishing boats moored in a small harbour at dawn."
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert {s["type"] for s in page.select("picture source")} == {"image/avif", "image/webp"}
    audio = page.select_one("audio#narration-audio")
    assert audio.has_attr("controls") and not audio.has_attr("autoplay")
    assert "Spoken version" in page.select_one("#narration-label").get_text()


def test_media_is_served_with_range_and_immutable_caching(site):
    config, _, client = site
    clip = manifest(config)["narration"]["clips"][0]["file"]
    url = f"/small/media/{clip}"
    with client.get(url) as whole:
        assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
        assert "immutable" in whole.headers["Cache-Control"]
        size = len(whole.data)
    with client.get(url, headers={"Range": "bytes=100-199"}) as part:
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
        assert len(part.data) == 100


def test_only_published_files_are_served(site):
    config, _, client = site
    data = manifest(config)
    work_clip = next((config["OUTPUT_DIR"] / "small" / "narration").glob("*.mp3"))
    assert work_clip.name not in data["files"]  # work files are named by inputs, not served
    assert client.get(f"/small/media/{work_clip.name}").status_code == 404
    assert client.get(f"/small/media/narration/{work_clip.name}").status_code == 404
    stray = media(config, "stray.mp3")
    stray.write_bytes(b"not published")
    assert client.get("/small/media/stray.mp3").status_code == 404
    for name in ("manifest.json", "current.json", "publish-index.json", "deck.json"):
        assert client.get(f"/small/media/{name}").status_code == 404


def test_missing_clip_shows_narration_not_available(site):
    config, _, client = site
    clip = manifest(config)["narration"]["clips"][2]["file"]
    media(config, clip).unlink()
    page = BeautifulSoup(client.get("/small/slides/3/").data, "html.parser")
    assert page.select_one("audio") is None
    assert (
        page.select_one(".narration__missing").get_text()
        == "Narration not available for this slide."
    )


def test_failed_build_leaves_the_last_good_output_serving(site, monkeypatch, make_deck):
    config, _, client = site
    before = manifest(config)
    make_deck("small", slides=[{"heading": "Changed", "caption": "A changed line."}])

    def broken_engine(*args, **kwargs):
        raise NarrationError(1, "engine crashed")

    monkeypatch.setattr("app.build.narrate_deck", broken_engine)
    report = build(config, NarrationOptions(progress=False))
    assert not report.ok and "slide 1" in str(report.errors[0])
    assert manifest(config) == before
    for name in before["files"]:
        with client.get(f"/small/media/{name}") as response:
            assert response.status_code == 200


def test_warm_rebuild_reuses_everything(site):
    config, _, _ = site
    report = build(config, NarrationOptions(progress=False))
    [done] = report.built
    assert done.narration.synthesized_count == 0
    assert all(image.cached for image in done.images if image)


def test_next_slide_image_is_prefetched_in_page_and_fragment(site):
    config, _, client = site
    variants = manifest(config)["images"][1]["variants"]
    expected = next(v["file"] for v in variants if v["format"] == "avif" and v["width"] == 960)
    for headers in ({}, {"HX-Request": "true"}):
        page = BeautifulSoup(client.get("/small/slides/1/", headers=headers).data, "html.parser")
        [link] = page.select('link[rel="prefetch"]')
        assert link["href"] == f"/small/media/{expected}" and link["as"] == "image"
    page = BeautifulSoup(client.get("/small/slides/2/").data, "html.parser")
    assert page.select('link[rel="prefetch"]') == []  # slide 3 has no picture


def test_a_narration_override_is_shown_as_its_transcript(make_deck, tmp_path):
    slides = [{"heading": "Spoken", "caption": "Shown.", "narration": "Said differently."}]
    make_deck("spoken", slides=slides)
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "audio"}
    assert build(config, NarrationOptions(progress=False)).ok
    client = create_app({"TESTING": True, **config}).test_client()
    page = BeautifulSoup(client.get("/spoken/slides/1/").data, "html.parser")
    script = page.select_one(".narration__script").get_text(" ", strip=True)
    assert script == "The narration says: Said differently."

"""Damaged build output reads as "not built" (pages show all text), is logged, and never 500s."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.build import NarrationOptions, build
from tests.conftest import BASE_DECK
from tests.publish_support import Tone


@pytest.fixture
def built(make_deck, tmp_path):
    """A small deck built once; returns its config and output folder."""
    make_deck("small")
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}
    assert build(config, NarrationOptions(engine=Tone(), progress=False)).ok
    deck_out = config["OUTPUT_DIR"] / "small"
    generation = json.loads((deck_out / "current.json").read_text())["generation"]
    return config, deck_out, deck_out / "generations" / generation


def manifest_with(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


DAMAGE = {
    "manifest is a list": lambda d, g: (g / "manifest.json").write_text("[]"),
    "manifest is a string": lambda d, g: (g / "manifest.json").write_text('"abc"'),
    "manifest is not JSON": lambda d, g: (g / "manifest.json").write_text("{"),
    "images is a string": lambda d, g: manifest_with(
        g / "manifest.json", lambda m: m.update(images="abc")
    ),
    "clip without duration": lambda d, g: manifest_with(
        g / "manifest.json", lambda m: m["narration"]["clips"][0].pop("duration")
    ),
    "clip file escapes": lambda d, g: manifest_with(
        g / "manifest.json", lambda m: m["narration"]["clips"][0].update(file="../../deck.toml")
    ),
    "too few images": lambda d, g: manifest_with(
        g / "manifest.json", lambda m: m.update(images=m["images"][:1])
    ),
    "deck is a list": lambda d, g: (g / "deck.json").write_text("[]"),
    "deck lost its slides": lambda d, g: manifest_with(g / "deck.json", lambda m: m.pop("slides")),
    "generation missing": lambda d, g: shutil.rmtree(g),
    "pointer is a list": lambda d, g: (d / "current.json").write_text("[]"),
    "pointer names a path": lambda d, g: (d / "current.json").write_text(
        json.dumps({"generation": "../../etc"})
    ),
    "pointer is a folder": lambda d, g: (
        (d / "current.json").unlink(),
        (d / "current.json").mkdir(),
    ),
    "output path is a file": lambda d, g: (shutil.rmtree(d), d.write_text("not a folder")),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_output_is_served_as_not_built(built, damage, caplog):
    config, deck_out, generation = built
    damage(deck_out, generation)
    client = create_app({"TESTING": True, **config}).test_client()
    with caplog.at_level(logging.ERROR):
        for number, slide in enumerate(BASE_DECK["slides"], start=1):
            response = client.get(f"/small/slides/{number}/")
            assert response.status_code == 200
            page = BeautifulSoup(response.data, "html.parser")
            assert page.h1.get_text() == slide["heading"]
            assert slide["caption"] in page.select_one("#slide").get_text()
            assert page.select_one("audio") is None
            assert page.select_one(".narration__missing")
        assert "Fishing boats" in page_text(client, "/small/slides/2/")  # alt shown as text
        assert client.get("/small/").status_code == 200
        assert client.get("/").status_code == 200
    assert "published output damaged, serving it as not built" in caplog.text


def page_text(client, url: str) -> str:
    return BeautifulSoup(client.get(url).data, "html.parser").get_text()


def test_a_500_is_shown_in_the_site_layout(make_deck, tmp_path, monkeypatch):
    make_deck("small")
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers

    def explode(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("app.views.load_published", explode)
    response = app.test_client().get("/small/slides/1/")
    assert response.status_code == 500
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == "en" and page.select_one("main#main-content")
    assert page.h1.get_text() == "Something went wrong"
    assert "RuntimeError" not in response.text and "unexpected" not in response.text
    assert page.select_one(".skip-link") and page.title.string.startswith("Something went wrong")

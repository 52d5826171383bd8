"""`glimpse import` on Markdown: titles and italic lines as captions, exact deck expected."""

from __future__ import annotations

from app.importer import import_essay
from tests.import_support import lay_out, make_picture, read_deck

PICTURES = {
    "images/lens.jpg": (1200, 800),
    "images/logbook.jpg": (800, 1000),
    "images/stairs.jpg": (600, 900),
    "images/logo.png": (200, 80),
}


def test_markdown_becomes_exactly_the_expected_deck(tmp_path):
    folder = lay_out("markdown", tmp_path, PICTURES)
    report = import_essay(folder / "essay.md", "lighthouse", tmp_path / "content")
    assert read_deck(tmp_path / "content", "lighthouse") == {
        "title": "The lighthouse keepers",
        "language": "en",
        "credit": "Photo: Ruth Evans",
        "intro": "The last keepers left in 1998; these pictures were made in their final year.",
        "slides": [
            {
                "heading": "The lamp",
                "image": "images/01.jpg",
                "alt": "The great lens of the lighthouse, lit from inside.",
                "caption": "The lens weighs four tonnes.",
            },
            {
                "heading": "Picture 2",
                "image": "images/02.jpg",
                "alt": "A keeper in a woollen jumper writes in a logbook.",
                "caption": "Every hour, the weather goes in the book.",
            },
            {
                "heading": "Picture 3",
                "image": "images/03.jpg",
                "alt": "",
                "caption": "The 137 steps to the lamp room.",
            },
            {
                "heading": "Picture 4",
                "image": "images/04.png",
                "placeholder": True,
                "alt": "Gulls over the rocks at the foot of the tower.",
            },
        ],
    }
    assert [(s.image, s.reason) for s in report.skipped] == [
        ("https://img.shields.example/badge/build-passing-green.svg", "icon"),
        ("images/logo.png", "logo"),
    ]
    assert report.remote == [(4, "https://photos.example/ruth/gulls.png")]
    assert (report.figures, report.with_alt) == (4, 3)
    copied = tmp_path / "content/lighthouse/images/01.jpg"
    assert copied.read_bytes() == (folder / "images/lens.jpg").read_bytes()


def test_byline_is_the_credit_when_no_picture_is_credited(tmp_path):
    source = tmp_path / "walk.md"
    source.write_text("# A walk\n\nBy Ann Lee\n\n![Fog on a hill.](fog.png)\n", encoding="utf-8")
    make_picture(tmp_path / "fog.png", (640, 480))
    import_essay(source, "walk", tmp_path / "content")
    text = (tmp_path / "content/walk/deck.toml").read_text()
    assert 'credit = "Ann Lee"' in text
    assert "# credit: from the page's byline; check that it names who made the pictures." in text


def test_pictures_outside_the_source_folder_are_never_copied(tmp_path):
    secret = make_picture(tmp_path / "private/secret.png", (640, 480))
    essay = tmp_path / "essay/walk.md"
    essay.parent.mkdir()
    (essay.parent / "link.png").symlink_to(secret)
    make_picture(essay.parent / "ok.png", (640, 480))
    essay.write_text(
        "# A walk\n\n![Escapes.](../private/secret.png)\n\n![Links out.](link.png)\n\n"
        "![Stays.](ok.png)\n",
        encoding="utf-8",
    )
    report = import_essay(essay, "walk", tmp_path / "content")
    reason = "no picture file beside the Markdown file, and not a web address"
    assert [(s.image, s.reason) for s in report.skipped] == [
        ("../private/secret.png", reason),
        ("link.png", reason),
    ]
    assert [p.name for p in (tmp_path / "content/walk/images").iterdir()] == ["01.png"]

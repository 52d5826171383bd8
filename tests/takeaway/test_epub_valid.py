"""The talking book passes EPUBCheck 5 and DAISY Ace with nothing to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.takeaway import build_epub

from .conftest import Built, with_sentences
from .epub_support import ace, epubcheck


@pytest.mark.parametrize("timed", [False, True], ids=["one-par-per-slide", "par-per-sentence"])
def test_epubcheck_reports_no_errors_and_no_warnings(built: Built, tmp_path: Path, timed: bool):
    manifest = with_sentences(built.manifest, built.deck) if timed else built.manifest
    book = tmp_path / "book.epub"
    book.write_bytes(build_epub(built.deck, manifest, built.media_dir))
    report = epubcheck(book)
    checker = report["checker"]
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    assert checker["checkerVersion"].startswith("5."), checker["checkerVersion"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    assert report["publication"]["hasAudio"] is True
    assert report["publication"]["ePubVersion"] == "3.3"


def test_ace_reports_no_violations(built: Built, tmp_path: Path):
    book = tmp_path / "book.epub"
    book.write_bytes(
        build_epub(built.deck, with_sentences(built.manifest, built.deck), built.media_dir)
    )
    report = ace(book, tmp_path / "ace")
    violations = [
        f"{item['earl:test']['dct:title']}: {item['earl:test']['dct:description']}"
        for group in report["assertions"]
        for item in group["assertions"]
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    present = set(report["a11y-metadata"]["present"])
    assert {"schema:accessMode", "schema:accessibilityFeature", "dcterms:conformsTo"} <= present

"""The talking book's content: pages, overlays and their timings, metadata, same bytes."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
import soundfile as sf
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image

from app.takeaway import TakeawayError, build_epub
from app.takeaway.opf import BOOK_NAMESPACE

from .conftest import Built, without_sentences
from .epub_support import OPF, XHTML, element_text, metas, overlay_pars, package, unzip

TOLERANCE = 0.030  # seconds: each clip boundary within 30 ms of the audio


@pytest.fixture(scope="module")
def timed_book(built: Built) -> tuple[dict[str, bytes], object]:
    manifest = built.manifest  # real sentence timings from the narration build
    return unzip(build_epub(built.deck, manifest, built.media_dir)), manifest


def test_same_input_gives_same_bytes_with_mimetype_first_and_stored(built: Built):
    first = build_epub(built.deck, built.manifest, built.media_dir)
    assert build_epub(built.deck, built.manifest, built.media_dir) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED and infos[0].extra == b""
    assert first[30:38] == b"mimetype" and first[38:58] == b"application/epub+zip"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [info.filename for info in infos[2:]]
    assert names == sorted(names)


def test_one_page_per_slide_with_picture_alt_caption_description_and_note(built: Built):
    files = unzip(build_epub(built.deck, built.manifest, built.media_dir))
    from lxml import etree

    page = etree.fromstring(files["EPUB/slide-002.xhtml"])
    slide = built.deck.slide(2)
    assert page.findtext(".//h:h1", namespaces=XHTML) == slide.heading
    image = page.find(".//h:figure/h:img", XHTML)
    assert image.get("alt") == slide.alt
    assert files[f"EPUB/{image.get('src')}"][:3] == b"\xff\xd8\xff"  # a JPEG from our pipeline
    caption = page.find(".//h:figcaption", XHTML)
    assert "".join(caption.itertext()) == slide.caption
    text = "".join(page.itertext())
    assert slide.description in text and slide.note in text
    assert page.get("lang") == "en-GB"
    assert sorted(n for n in files if n.endswith(".xhtml")) == [
        "EPUB/nav.xhtml",
        "EPUB/slide-001.xhtml",
        "EPUB/slide-002.xhtml",
        "EPUB/slide-003.xhtml",
        "EPUB/title.xhtml",
    ]


def test_nav_has_every_slide_in_the_toc_and_landmarks(built: Built):
    from lxml import etree

    files = unzip(build_epub(built.deck, built.manifest, built.media_dir))
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    epub_type = "{http://www.idpf.org/2007/ops}type"
    navs = {n.get(epub_type): n for n in nav.iterfind(".//h:nav", XHTML)}
    toc = [a.text for a in navs["toc"].iterfind(".//h:a", XHTML)]
    assert toc == [built.deck.title] + [s.heading for s in built.deck.slides]
    marks = {a.get(epub_type) for a in navs["landmarks"].iterfind(".//h:a", XHTML)}
    assert {"toc", "bodymatter"} <= marks


def test_each_sentence_is_a_par_whose_clip_matches_the_manifest_and_the_audio(timed_book):
    files, manifest = timed_book
    for number, clip in enumerate(manifest.narration["clips"], start=1):
        audio = files[f"EPUB/audio/slide-{number:03d}.mp3"]
        decoded, rate = sf.read(io.BytesIO(audio))
        real = len(decoded) / rate
        assert abs(real - clip["duration"]) <= TOLERANCE
        assert MP3(io.BytesIO(audio)).info.bitrate_mode == BitrateMode.CBR
        pars = overlay_pars(files, f"slide-{number:03d}.smil")
        assert len(pars) == len(clip["sentences"])
        for (src, begin, end, audio_src), sentence in zip(pars, clip["sentences"], strict=True):
            assert audio_src == f"audio/slide-{number:03d}.mp3"
            assert abs(begin - sentence["start"]) <= TOLERANCE
            assert abs(end - sentence["end"]) <= TOLERANCE
            assert 0 <= begin < end <= real + TOLERANCE
            assert element_text(files, src) == sentence["text"]


def test_without_sentence_timings_each_slide_is_one_par_over_its_whole_clip(built: Built):
    untimed = without_sentences(built.manifest)
    files = unzip(build_epub(built.deck, untimed, built.media_dir))
    for number, clip in enumerate(untimed.narration["clips"], start=1):
        pars = overlay_pars(files, f"slide-{number:03d}.smil")
        assert len(pars) == 1
        src, begin, end, _ = pars[0]
        assert src == f"slide-{number:03d}.xhtml#slide-{number}"
        assert begin == 0 and abs(end - clip["duration"]) <= TOLERANCE


def test_metadata_title_language_date_credit_rights_identifier_and_accessibility(built: Built):
    opf = package(unzip(build_epub(built.deck, built.manifest, built.media_dir)))
    dc = {
        name: opf.findtext(f".//dc:{name}", namespaces=OPF)
        for name in ("title", "language", "date", "creator", "rights", "identifier", "source")
    }
    name = "harbour-town\nA harbour town"
    expected_id = f"urn:uuid:{uuid.uuid5(BOOK_NAMESPACE, name)}"
    assert dc == {
        "title": "A harbour town",
        "language": "en-GB",
        "date": "2014-05-02",
        "creator": "Photographs by A. Tester",
        "rights": "© 2014 A. Tester. All rights reserved.",
        "identifier": expected_id,
        "source": "The Test Gazette",
    }
    assert metas(opf, "schema:accessMode") == ["textual", "visual", "auditory"]
    assert metas(opf, "schema:accessModeSufficient") == ["textual", "auditory", "textual,visual"]
    assert set(metas(opf, "schema:accessibilityFeature")) == {
        "alternativeText",
        "longDescription",
        "synchronizedAudioText",
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
    }
    assert metas(opf, "schema:accessibilityHazard") == ["none"]
    assert metas(opf, "schema:accessibilitySummary")[0]
    assert metas(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert metas(opf, "a11y:certifiedBy")[0]


def _clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_overlay_durations_add_up_and_the_active_class_is_styled(built: Built):
    files = unzip(build_epub(built.deck, built.manifest, built.media_dir))
    opf = package(files)
    durations = opf.findall(".//opf:meta[@property='media:duration']", OPF)
    per_overlay = [meta for meta in durations if meta.get("refines")]
    (total,) = [meta for meta in durations if not meta.get("refines")]
    clips = built.manifest.narration["clips"]
    assert len(per_overlay) == len(clips)
    for meta, clip in zip(per_overlay, clips, strict=True):
        assert abs(_clock(meta.text) - clip["duration"]) <= TOLERANCE
    assert abs(_clock(total.text) - sum(_clock(m.text) for m in per_overlay)) < 0.0005
    active = metas(opf, "media:active-class")[0]
    assert f".{active}" in files["EPUB/book.css"].decode()
    items = {i.get("id"): i for i in opf.iterfind(".//opf:item", OPF)}
    assert items["page-2"].get("media-overlay") == "smil-2"


def test_a_missing_published_clip_names_the_deck_and_slide(built: Built, tmp_path):
    broken = tmp_path / "media"
    broken.mkdir()
    with pytest.raises(TakeawayError) as failure:
        build_epub(built.deck, built.manifest, broken)
    assert failure.value.deck == "harbour-town" and failure.value.slide == 1


def test_the_book_has_a_portrait_cover_with_its_title_declared_as_the_cover_image(built: Built):
    files = unzip(build_epub(built.deck, built.manifest, built.media_dir))
    opf = package(files)
    covers = opf.findall(".//opf:item[@properties='cover-image']", namespaces=OPF)
    assert [(item.get("href"), item.get("media-type")) for item in covers] == [
        ("cover.png", "image/png")
    ]
    with Image.open(io.BytesIO(files["EPUB/cover.png"])) as cover:
        assert cover.format == "PNG"
        width, height = cover.size
        assert height > width >= 1400
        # drawn, not blank: the title's white text covers a real share of the card
        white = cover.convert("L").point(lambda value: 255 if value > 200 else 0).histogram()[255]
        assert white > 0.005 * width * height

"""`glimpse export`: a complete static site from the published snapshot, written incrementally."""

from __future__ import annotations

import copy
import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask

from app import create_app
from app.cli import main
from app.export import ExportError, export_site, headers_file, nginx_config, normalize_base
from app.export.pages import render_pages
from app.export.sync import MARKER
from tests.export_support import NGINX_RECIPE, broken_links, page_links, small_site


@pytest.fixture
def site(tmp_path: Path):
    """A three-slide deck with one real photograph and one stand-in, built with the tone engine."""
    return small_site(tmp_path)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return every file of an export: bytes and mtime in nanoseconds."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_export_holds_every_page_the_404_the_media_and_the_assets(site, tmp_path):
    config, _, _ = site
    report = export_site(config, tmp_path / "site")
    files = snapshot(tmp_path / "site")
    pages = {
        "index.html",
        "accessibility/index.html",
        "essay/index.html",
        "essay/listen/index.html",
        "404.html",
    }
    pages.add("podcast-cover.png")  # routed by the take-away formats: found in the URL map
    pages |= {f"essay/slides/{n}/index.html" for n in (1, 2, 3)}
    assert pages <= set(files) and report.pages == len(pages)
    assert b"Page not found" in files["404.html"][0]
    assert sum(name.startswith("static/") and "." in name[7:] for name in files) >= 3
    media = [name for name in files if name.startswith("essay/media/")]
    assert any(name.endswith(".mp3") for name in media)
    assert any(name.endswith(".avif") for name in media)
    assert "_headers" in files and MARKER in files
    assert report.files == len(files) - 1  # everything but the marker


def test_export_holds_nothing_unpublished(site, tmp_path):
    config, _, _ = site
    export_site(config, tmp_path / "site")
    source_photo = (config["CONTENT_DIR"] / "essay" / "images" / "photo.jpg").read_bytes()
    secrets = [str(config["CONTENT_DIR"]), str(config["OUTPUT_DIR"]), str(Path.home()) + "/"]
    secrets.append(str(tmp_path))
    for name, (body, _) in snapshot(tmp_path / "site").items():
        assert not name.endswith(("deck.toml", "deck.json", "manifest.json", "current.json"))
        assert body != source_photo, name
        text = _decoded(name, body)
        for secret in secrets:
            assert secret.encode() not in text, (name, secret)


def _decoded(name: str, body: bytes) -> bytes:
    if name.endswith(".br"):
        return brotli.decompress(body)
    if name.endswith(".gz"):
        return gzip.decompress(body)
    return body


PUBLIC = "https://essays.example.org"


@pytest.mark.parametrize("base", ["/", "/glimpse/"])
def test_no_broken_links_or_media(site, tmp_path, base):
    config, _, _ = site
    folder = tmp_path / "site"
    export_site({**config, "PUBLIC_URL": PUBLIC + base}, folder)
    checked, broken = broken_links(folder, base)
    assert broken == []
    assert checked > 50  # pages, pager, srcsets, audio, htmx, CSS and JS were all seen


def test_without_a_public_url_the_feed_and_its_link_are_left_out(site, tmp_path):
    """A feed needs absolute URLs, so without GLIMPSE_PUBLIC_URL it is left out (and said so),
    and no page links to it: the export has no broken link."""
    config, _, _ = site
    report = export_site(config, tmp_path / "site")
    assert not (tmp_path / "site" / "feed.xml").exists()
    assert any(w.startswith("not exported: /feed.xml") for w in report.warnings)
    assert broken_links(tmp_path / "site")[1] == []
    assert b"/feed.xml" not in (tmp_path / "site" / "essay" / "index.html").read_bytes()
    with_feed = export_site({**config, "PUBLIC_URL": PUBLIC + "/"}, tmp_path / "public")
    assert (tmp_path / "public" / "feed.xml").is_file() and not with_feed.warnings
    assert b"/feed.xml" in (tmp_path / "public" / "essay" / "index.html").read_bytes()


def test_link_checker_finds_a_broken_link(site, tmp_path):
    config, _, _ = site
    folder = tmp_path / "site"
    export_site({**config, "PUBLIC_URL": PUBLIC + "/"}, folder)
    page = folder / "essay" / "slides" / "2" / "index.html"
    page.write_text(page.read_text().replace("/essay/slides/3/", "/essay/slides/4/", 1))
    assert broken_links(folder)[1] == ["essay/slides/2/index.html: /essay/slides/4/"]


def test_under_a_base_url_every_url_is_prefixed(site, tmp_path):
    config, _, _ = site
    folder = tmp_path / "site"
    export_site(config, folder, "glimpse")
    for name in ("index.html", "404.html", "essay/slides/2/index.html"):
        links = page_links((folder / name).read_text())
        local = [link for link in links if not link.startswith("#")]
        assert local and all(link.startswith("/glimpse/") for link in local), (name, local)
    assert "/glimpse/static/*" in (folder / "_headers").read_text()


def test_404_page_links_work_from_any_depth(site, tmp_path):
    config, _, _ = site
    export_site(config, tmp_path / "site")
    links = page_links((tmp_path / "site" / "404.html").read_text())
    assert links and all(link.startswith(("/", "#")) for link in links)


def test_text_files_have_smaller_br_and_gz_siblings_that_decompress_to_them(site, tmp_path):
    config, _, _ = site
    folder = tmp_path / "site"
    export_site(config, folder)
    files = snapshot(folder)
    packed = [name for name in files if name.endswith((".br", ".gz"))]
    assert len(packed) > 10
    for name in packed:
        original = files[name[:-3]][0]
        assert _decoded(name, files[name][0]) == original, name
        assert len(files[name][0]) < len(original), name
    for name in ("index.html", "essay/slides/2/index.html"):
        assert {f"{name}.br", f"{name}.gz"} <= set(files)
    compressed_binary = [n for n in packed if n[:-3].endswith((".mp3", ".jpg", ".avif", ".webp"))]
    assert compressed_binary == []


def test_a_second_export_without_changes_writes_nothing(site, tmp_path):
    config, _, _ = site
    folder = tmp_path / "site"
    export_site(config, folder)
    before = snapshot(folder)
    report = export_site(config, folder)
    assert report.written == [] and report.removed == []
    assert snapshot(folder) == before  # same bytes, same mtimes


def test_after_one_changed_caption_only_changed_files_are_written(site, tmp_path):
    config, data, rebuild = site
    folder = tmp_path / "site"
    export_site(config, folder)
    before = snapshot(folder)
    slides = copy.deepcopy(data["slides"])
    slides[2]["caption"] = "A different closing line."
    rebuild(slides)
    report = export_site(config, folder)
    after = snapshot(folder)
    changed = {name for name in after if name not in before or after[name][0] != before[name][0]}
    assert set(report.written) == changed
    assert {"essay/slides/3/index.html", "essay/index.html"} <= changed  # slide and transcript
    # Every slide page names its deck's build (data-generation, so a reader's prefetch cache is
    # dropped on a republish): the deck's other slide pages change in that attribute only.
    for name in ("essay/slides/1/index.html", "essay/slides/2/index.html"):
        assert re.sub(rb'data-generation="[^"]*"', b"", after[name][0]) == re.sub(
            rb'data-generation="[^"]*"', b"", before[name][0]
        )
    assert not {"index.html", "accessibility/index.html", "404.html"} & changed
    assert not {name for name in changed if name.startswith("static/")}
    for name in set(after) - changed:
        assert after[name][1] == before[name][1], f"{name} was rewritten with the same bytes"
    # The previous generation is kept by the build, so its narration stays for open pages.
    assert set(before) - set(after) == set() and report.removed == []


def test_files_no_longer_exported_are_removed_and_foreign_files_kept(site, tmp_path):
    config, data, rebuild = site
    folder = tmp_path / "site"
    export_site(config, folder)
    (folder / "CNAME").write_text("essays.example.org\n")
    rebuild(data["slides"][:2])
    report = export_site(config, folder)
    assert "essay/slides/3/index.html" in report.removed
    assert not (folder / "essay" / "slides" / "3").exists()
    assert (folder / "CNAME").read_text() == "essays.example.org\n"


def test_a_folder_that_is_not_an_export_is_refused(site, tmp_path, runner, monkeypatch):
    config, _, _ = site
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not empty and not written by `glimpse export`"):
        export_site(config, folder)
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(config["CONTENT_DIR"]))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(config["OUTPUT_DIR"]))
    result = runner.invoke(main, ["export", str(folder)])
    assert result.exit_code == 1 and "choose an empty folder" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_cli_exports_and_reports(site, tmp_path, runner, monkeypatch):
    config, _, _ = site
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(config["CONTENT_DIR"]))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(config["OUTPUT_DIR"]))
    result = runner.invoke(main, ["export", str(tmp_path / "out-site"), "--base-url", "/x/"])
    assert result.exit_code == 0, result.output
    assert "9 pages" in result.output and "written" in result.output
    assert (tmp_path / "out-site" / "essay" / "slides" / "1" / "index.html").is_file()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("/", "/"), ("", "/"), ("glimpse", "/glimpse/"), ("/a/b", "/a/b/"), ("/a/b/", "/a/b/")],
)
def test_base_urls_are_normalized(given, expected):
    assert normalize_base(given) == expected


@pytest.mark.parametrize("bad", ["https://example.org/x/", "/a b/", "/../", "/a?b/"])
def test_bad_base_urls_are_refused_clearly(bad, runner):
    with pytest.raises(ExportError, match="--base-url"):
        normalize_base(bad)
    result = runner.invoke(main, ["nginx-config", "--base-url", bad])
    assert result.exit_code == 1 and "--base-url" in result.output


def test_pages_come_from_the_url_map_so_new_routes_are_exported(site):
    """A page another part of the app registers is exported without touching the export."""
    config, _, _ = site
    app: Flask = create_app({**config, "TESTING": True})
    app.add_url_rule("/extra.json", "extra", lambda: ("[]", 200, {"Content-Type": "text/json"}))
    app.add_url_rule("/<slug>/echo/", "echo", lambda slug: f"<p>echo {slug}</p>")
    app.add_url_rule("/<slug>/odd/<thing>/", "odd", lambda slug, thing: "")
    pages, left_out = render_pages(app, "http://localhost/")
    files = {page.file: page.body for page in pages}
    assert files["extra.json"] == b"[]" and files["essay/echo/index.html"] == b"<p>echo essay</p>"
    assert "/<slug>/odd/<thing>/: unknown URL arguments" in left_out


def test_a_page_url_a_static_host_cannot_serve_is_refused(site):
    config, _, _ = site
    app: Flask = create_app({**config, "TESTING": True})
    app.add_url_rule("/about", "about", lambda: "about")
    with pytest.raises(ExportError, match="/about: a page URL must end in / or name a file"):
        render_pages(app, "http://localhost/")


def test_headers_file_carries_the_live_policy():
    text = headers_file("/")
    assert "/*\n  Content-Security-Policy: default-src 'self';" in text
    assert "/static/*\n  Cache-Control: public, max-age=31536000, immutable" in text
    assert "/:deck/media/*\n  Cache-Control: public, max-age=31536000, immutable" in text


def test_deploy_nginx_conf_is_what_the_generator_makes():
    assert NGINX_RECIPE.read_text("utf-8") == nginx_config("/srv/glimpse")


def test_with_a_public_url_the_feed_points_there_under_its_path(site, tmp_path):
    config, _, _ = site
    public = {**config, "PUBLIC_URL": "https://essays.example.org/glimpse/"}
    folder = tmp_path / "site"
    export_site(public, folder)
    feed = (folder / "feed.xml").read_text()
    assert "https://essays.example.org/glimpse/" in feed and "localhost" not in feed
    assert broken_links(folder, "/glimpse/")[1] == []
    with pytest.raises(ExportError, match="differs from the path of GLIMPSE_PUBLIC_URL"):
        export_site(public, folder, "/other/")

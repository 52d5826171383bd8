"""Range requests on published media as RFC 9110 says (section 14)."""

from __future__ import annotations

import pytest

from app.ranges import rfc9110_range
from tests.serving_support import build_site, media_files, media_path, site_app


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """A client and the URL and bytes of a real published narration clip."""
    config = build_site(tmp_path_factory.mktemp("site"))
    name = media_files(config)["mp3"]
    data = media_path(config, name).read_bytes()
    assert len(data) > 1000
    return site_app(config).test_client(), f"/small/media/{name}", data


def get(client, url, value):
    with client.get(url, headers={"Range": value}) as response:
        return response.status_code, response.headers, response.data


def test_suffix_longer_than_the_file_is_the_whole_file(clip):
    client, url, data = clip
    status, headers, body = get(client, url, f"bytes=-{len(data) + 500}")
    assert status == 206 and body == data
    assert headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"


def test_suffix_shorter_than_the_file_is_its_tail(clip):
    client, url, data = clip
    status, headers, body = get(client, url, "bytes=-100")
    assert status == 206 and body == data[-100:]
    assert headers["Content-Range"] == f"bytes {len(data) - 100}-{len(data) - 1}/{len(data)}"


@pytest.mark.parametrize("ranges", ["0-9,20-29", "0-99, -50", "5-9,999999999-"])
def test_satisfiable_multi_range_answers_the_whole_file(clip, ranges):
    client, url, data = clip
    status, headers, body = get(client, url, f"bytes={ranges}")
    assert status == 200 and body == data and "Content-Range" not in headers


def test_single_ranges_still_work(clip):
    client, url, data = clip
    assert get(client, url, "bytes=100-199")[2] == data[100:200]
    status, _headers, body = get(client, url, f"bytes={len(data) - 10}-")
    assert status == 206 and body == data[-10:]


@pytest.mark.parametrize(
    "value", ["bytes={n}-", "bytes={n}-{m}", "bytes={n}-{m},{m}-{k}", "bytes=9-2", "bytes=abc"]
)
def test_unsatisfiable_or_malformed_ranges_still_get_416(clip, value):
    client, url, data = clip
    n = len(data)
    status, headers, _ = get(client, url, value.format(n=n, m=n + 5, k=n + 9))
    assert status == 416
    assert "Content-Security-Policy" in headers


def test_an_unknown_range_unit_is_ignored(clip):
    client, url, data = clip
    status, _, body = get(client, url, "items=0-1")
    assert status == 200 and body == data


@pytest.mark.parametrize(
    ("value", "length", "expected"),
    [
        ("bytes=-50", 10, "bytes=0-"),
        ("bytes=-10", 10, "bytes=-10"),
        ("bytes=-5", 10, "bytes=-5"),
        ("bytes=0-1,3-4", 10, None),
        ("bytes=20-30,40-", 10, "bytes=20-30,40-"),
        ("bytes=-5,20-", 10, None),
        ("bytes=0-", 10, "bytes=0-"),
        ("bytes=x", 10, "bytes=x"),
        ("lines=1-2", 10, None),
        ("", 10, ""),
    ],
)
def test_rfc9110_range(value, length, expected):
    assert rfc9110_range(value, length) == expected


def test_media_carry_their_name_as_etag_and_no_dated_headers(clip):
    """The name is the content hash: it is the validator; Cache-Control says how long to keep it,
    so Expires, Last-Modified and Content-Disposition would only add bytes."""
    client, url, data = clip
    with client.get(url) as response:
        assert response.headers["ETag"] == f'"{url.rsplit("/", 1)[1].split(".")[0]}"'
        for name in ("Expires", "Last-Modified", "Content-Disposition"):
            assert name not in response.headers
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        etag = response.headers["ETag"]
    with client.get(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""
    with client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag}) as part:
        assert part.status_code == 206 and part.data == data[:10]

"""Trusted hosts and the public URL: no request header ever ends up in a Location."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.hosts import trusted_hosts
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG

PUBLIC = "https://example.org/essays/"


@pytest.fixture
def public_client(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": BUNDLED_CONTENT,
            "OUTPUT_DIR": tmp_path,
            "PUBLIC_URL": PUBLIC,
        }
    )
    return app.test_client()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.1:5000", "localhost:8080"])
def test_local_runs_keep_working(client, host):
    response = client.get(f"/{BUNDLED_SLUG}/", headers={"Host": host})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "localhost.evil.example", "a b"]
)
def test_an_untrusted_host_gets_a_clear_400_page_in_the_site_layout(client, host):
    response = client.get(f"/{BUNDLED_SLUG}", headers={"Host": host})
    assert response.status_code == 400
    assert "Location" not in response.headers
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == "en" and page.select_one("main#main-content")
    assert page.h1.get_text() == "Bad request"
    assert "host name" in page.main.get_text()
    assert b"evil" not in response.data


def test_redirects_are_path_only_and_ignore_forwarded_headers(client):
    headers = {
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "https",
        "Forwarded": "host=evil.example",
    }
    response = client.get(f"/{BUNDLED_SLUG}", headers=headers)
    assert response.status_code == 308
    assert response.headers["Location"] == f"/{BUNDLED_SLUG}/"


def test_slide_redirects_are_path_only(client):
    headers = {"Host": "127.0.0.1:5000", "X-Forwarded-Host": "evil.example"}
    response = client.get(f"/{BUNDLED_SLUG}/slides/03", headers=headers)
    assert response.status_code == 301
    assert response.headers["Location"] == f"/{BUNDLED_SLUG}/slides/3/"


def test_public_url_sets_redirect_target_links_and_trusted_host(public_client):
    for path in (f"/essays/{BUNDLED_SLUG}", f"/{BUNDLED_SLUG}"):  # proxy keeps or strips the prefix
        response = public_client.get(
            path, headers={"Host": "example.org", "X-Forwarded-Host": "evil.example"}
        )
        assert response.status_code == 308
        assert response.headers["Location"] == f"{PUBLIC}{BUNDLED_SLUG}/"
    slide = public_client.get(f"/essays/{BUNDLED_SLUG}/slides/2", headers={"Host": "example.org"})
    assert slide.headers["Location"] == f"{PUBLIC}{BUNDLED_SLUG}/slides/2/"
    page = public_client.get("/essays/", headers={"Host": "example.org"})
    assert page.status_code == 200
    links = [a["href"] for a in BeautifulSoup(page.data, "html.parser").select(".deck-list a")]
    assert links == [f"/essays/{BUNDLED_SLUG}/"]


def test_public_url_still_refuses_other_hosts_and_serves_loopback(public_client):
    assert public_client.get("/essays/", headers={"Host": "evil.example"}).status_code == 400
    local = public_client.get(f"/{BUNDLED_SLUG}", headers={"Host": "127.0.0.1:5000"})
    assert local.headers["Location"] == f"{PUBLIC}{BUNDLED_SLUG}/"


def test_trusted_hosts_from_the_public_url():
    assert trusted_hosts("") == ["127.0.0.1", "localhost"]
    assert trusted_hosts(PUBLIC)[-1] == "example.org"
    assert trusted_hosts("http://localhost:8000/") == ["127.0.0.1", "localhost"]

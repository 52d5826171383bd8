"""Canonical slide URLs: one address per slide; other spellings answer 301, never echoing Host."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app.urls import slide_number
from tests.conftest import BUNDLED_SLUG

EVIL = {"Host": "evil.example"}


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("1", 1),
        ("01/", 1),
        ("001/", 1),
        ("001", 1),
        ("١/", 1),  # Arabic-Indic digit one
        ("١", 1),
        ("１/", 1),  # full-width digit one
        ("०७/", 7),  # Devanagari
        ("12", 12),
        ("012/", 12),
    ],
)
def test_other_spellings_of_a_slide_answer_301_to_the_canonical_url(client, path, target):
    response = client.get(f"/{BUNDLED_SLUG}/slides/{path}", headers=EVIL)
    assert response.status_code == 301
    assert response.headers["Location"] == f"/{BUNDLED_SLUG}/slides/{target}/"
    followed = client.get(response.headers["Location"])
    assert followed.status_code == 200
    page = BeautifulSoup(followed.data, "html.parser")
    assert page.select_one("#slide")["data-number"] == str(target)


@pytest.mark.parametrize(
    "url",
    [
        f"/{BUNDLED_SLUG}",
        f"/{BUNDLED_SLUG}/slides/3",
        f"/{BUNDLED_SLUG}/slides/03/",
        f"/{BUNDLED_SLUG}//slides/3/",
        "//evil.example/",
    ],
)
def test_no_redirect_names_the_request_host(client, url):
    for headers in (EVIL, {"Host": "evil.example:8080"}, {"X-Forwarded-Host": "evil.example"}):
        response = client.get(url, headers=headers)
        location = response.headers.get("Location", "")
        assert "evil" not in location, (url, headers, location)
        if location:
            assert location.startswith("/") and not location.startswith("//")


def test_canonical_slide_url_answers_200_without_redirect(client):
    response = client.get(f"/{BUNDLED_SLUG}/slides/2/")
    assert response.status_code == 200 and "Location" not in response.headers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", (1, True)),
        ("29", (29, True)),
        ("01", (1, False)),
        ("١٢", (12, False)),
        ("１", (1, False)),
        ("0", (0, False)),
        ("²", (None, False)),  # a superscript is a digit but not a decimal digit
        ("", (None, False)),
        ("1a", (None, False)),
        ("+1", (None, False)),
        (" 1", (None, False)),
    ],
)
def test_slide_number_parsing(text, expected):
    assert slide_number(text) == expected

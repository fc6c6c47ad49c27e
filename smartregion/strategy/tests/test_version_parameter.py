"""``?fassung=N`` on the strategy page and its PDF and DOCX: only a plain number names a version."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/strategie/"
PAGES = ["", "strategie.pdf", "strategie.docx"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "fassung",
    [
        "²",  # a digit to str.isdigit(), not to int()
        "١",  # Arabic-Indic one: int() reads it as 1
        "1" * 5000,  # more digits than int() converts
        "9" * 30,  # more than any database integer
        " 1",
        "1 ",
        "+1",
        "1_0",
        "0x1",
        "1\x00",
    ],
)
def test_anything_but_a_plain_number_names_no_version(client, strategy, page, fassung):
    response = client.get(f"{BASE}{page}", {"fassung": fassung})

    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_plain_number_names_the_version(client, strategy, page):
    response = client.get(f"{BASE}{page}", {"fassung": "1"})

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_without_a_number_the_current_text_is_shown(client, strategy, page):
    assert client.get(f"{BASE}{page}").status_code == 200

"""The confirmation step of removals (core/confirm.py): what counts as confirmed, the page, and the
sentences that say what else a deletion takes along."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory

from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.core import confirm
from smartregion.regions.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "data", "confirmed"),
    [
        ("get", {"bestaetigt": "1"}, False),  # a link (or a prefetching browser) never removes
        ("post", {}, False),
        ("post", {"bestaetigt": "ja"}, False),
        ("post", {"bestaetigt": ""}, False),
        ("post", {"bestaetigt": "1"}, True),
    ],
)
def test_only_the_confirmation_pages_post_counts(method, data, confirmed):
    request = getattr(RequestFactory(), method)("/", data)

    assert confirm.is_confirmed(request) is confirmed


def test_the_page_asks_and_offers_a_way_back_without_javascript():
    request = RequestFactory().get("/r/x/ding/1/entfernen/")
    request.user = AnonymousUser()
    removal = confirm.Removal(
        title="„Offenheit“ entfernen?",
        cancel_url="/r/x/ding/",
        back_label="Strategie bearbeiten",
        consequences=["Der Eintrag verschwindet.", "Frühere Fassungen behalten ihn."],
    )

    response = confirm.page(request, removal)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert '<h1 class="kern-heading-x-large">„Offenheit“ entfernen?</h1>' in html
    assert '<li class="kern-body">Frühere Fassungen behalten ihn.</li>' in html
    assert '<form method="post" action="/r/x/ding/1/entfernen/"' in html
    assert '<input type="hidden" name="bestaetigt" value="1">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Ja, entfernen" in html
    assert '<a class="kern-link" href="/r/x/ding/">Abbrechen</a>' in html


def test_a_deletion_names_rows_that_go_with_it_links_that_go_and_references_that_are_emptied():
    region = RegionFactory()
    person = UserFactory()
    MembershipFactory(user=person, region=region, role=Role.READER)
    MembershipFactory(user=person, region=RegionFactory(), role=Role.READER)
    person.groups.add(Group.objects.create(name="Redaktion"))

    sentences = confirm.cascade_consequences(person)

    assert "Ebenfalls entfernt werden: 2 Mitgliedschaften." in sentences
    assert "Nicht mehr damit verbunden sind: 1 Gruppe." in sentences


def test_a_deletion_that_takes_nothing_along_says_nothing_more():
    municipality = MunicipalityFactory()

    assert confirm.cascade_consequences(municipality) == []


def test_counting_what_goes_changes_nothing():
    person = UserFactory()
    MembershipFactory(user=person, region=RegionFactory(), role=Role.READER)

    confirm.cascade_consequences(person)

    person.refresh_from_db()
    assert person.memberships.count() == 1

"""Invitations on the to-do lists: those sent and not yet accepted (for coordinators), and those
addressed to the person themselves."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from smartregion.accounts import services
from smartregion.accounts.models import Invitation, Role, User
from smartregion.accounts.selectors import dashboard_items, open_invitations_for
from smartregion.accounts.tests.factories import InvitationFactory, UserFactory
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db


def test_coordinators_see_open_invitations_due_by_the_first_to_expire(
    steinfurt: Region, coesfeld: Region, coordinator: User, reader: User
) -> None:
    soon = timezone.now() + datetime.timedelta(days=2)
    InvitationFactory(region=steinfurt, email="a@example.org", expires_at=soon)
    InvitationFactory(region=steinfurt, email="b@example.org")
    InvitationFactory(region=steinfurt, email="c@example.org", expired=True)
    InvitationFactory(region=steinfurt, email="d@example.org", accepted_at=timezone.now())
    InvitationFactory(region=coesfeld, email="e@example.org")

    (item,) = dashboard_items(steinfurt, coordinator)

    assert (item.label, item.count, item.due) == (
        "Einladungen, die noch nicht angenommen wurden",
        2,
        timezone.localdate(soon),
    )
    assert item.url == "/r/kreis-steinfurt/verwaltung/mitglieder/#invitations-heading"
    assert dashboard_items(steinfurt, reader) == []


def test_no_open_invitation_gives_a_count_of_zero(steinfurt: Region, coordinator: User) -> None:
    (item,) = dashboard_items(steinfurt, coordinator)

    assert (item.count, item.due) == (0, None)


def test_a_person_sees_only_open_invitations_to_their_own_address(
    steinfurt: Region, coesfeld: Region
) -> None:
    person = UserFactory(email="neu@example.org")
    mine = InvitationFactory(region=coesfeld, email="NEU@example.org", role=Role.READER)
    InvitationFactory(region=steinfurt, email="neu@example.org", expired=True)
    InvitationFactory(region=steinfurt, email="jemand@example.org")

    assert list(open_invitations_for(person)) == [mine]

    services.accept_invitation(invitation=mine, user=person)
    assert list(open_invitations_for(person)) == []


def test_one_query_however_many_invitations(
    steinfurt: Region, coordinator: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        InvitationFactory(region=steinfurt, email=f"p{number}@example.org")
    dashboard_items(steinfurt, coordinator)  # reads the roles

    with django_assert_max_num_queries(1):
        (item,) = dashboard_items(steinfurt, coordinator)

    assert item.count == Invitation.objects.filter(region=steinfurt).count() == 30

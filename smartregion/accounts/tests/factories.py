"""Factories for people, memberships and invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from smartregion.accounts.models import Invitation, Membership, Role, User
from smartregion.regions.tests.factories import RegionFactory

PASSWORD = "ein-langes-test-passwort-2024"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        password = kwargs.pop("password", PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = Role.READER
    municipality = None
    organisation = None


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"eingeladen{n}@example.org")
    role = Role.READER
    invited_by = factory.SubFactory(UserFactory)

    class Params:
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)))

"""Migration 0003 (several roles per person) on a copy of the demo database: nothing is lost."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_api_token")]
AFTER = [("accounts", "0003_several_roles_per_person")]


def _rows(apps) -> set[tuple]:
    Membership = apps.get_model("accounts", "Membership")
    return set(
        Membership.objects.values_list(
            "user__email", "region__slug", "role", "municipality__slug", "organisation_id"
        )
    )


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_memberships_survive_the_migration_and_may_then_be_several(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    try:
        old = _migrate(BEFORE)
        before = _rows(old)
        assert len(before) == 15

        new = _migrate(AFTER)

        assert _rows(new) == before
        Membership = new.get_model("accounts", "Membership")
        committee = Membership.objects.get(user__email="lenkungsausschuss.steinfurt@demo.smartregion.example")
        greven = new.get_model("regions", "Municipality").objects.get(slug="greven", region=committee.region)
        Membership.objects.create(
            user=committee.user, region=committee.region, role="officer", municipality=greven
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=committee.user, region=committee.region, role="committee")
    finally:
        _migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()

"""Migrations roadmap 0002 and portfolio 0005: what profiles said about costs, personnel and
financing moves into the new structures without loss, and back."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("roadmap", None)]  # and with it portfolio 0005, which needs roadmap 0002
OLD_PORTFOLIO = ("portfolio", "0004_ideas_moved_to_their_own_app")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    known = [target for target in targets if target[1] is not None] or [OLD_PORTFOLIO]
    return executor.loader.project_state(known).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_costs_personnel_and_financing_text_survive_the_move_and_the_way_back():
    try:
        old = _migrate(BEFORE)
        Region = old.get_model("regions", "Region")
        Organisation = old.get_model("regions", "Organisation")
        Project = old.get_model("portfolio", "Project")
        region = Region.objects.create(
            name="Kreis Steinfurt", slug="kreis-steinfurt", federal_state="NW", official_key="05566"
        )
        office = Organisation.objects.create(
            region=region, name="Smart Region Büro", slug="srb", kind="other"
        )
        figures = Project.objects.create(
            region=region,
            title="IoT",
            slug="iot",
            lead_organisation=office,
            start_date=datetime.date(2025, 3, 1),
            estimated_costs=Decimal("125000.50"),
            personnel_need="1,5 Stellen",
            financing_outline="Smart Cities, 65 % Förderquote",
        )
        words = Project.objects.create(
            region=region, title="SIL", slug="sil", personnel_need="0,5 Stellen für zwei Jahre"
        )
        Project.objects.create(region=region, title="Leer", slug="leer")

        new = _migrate(_leaves())

        CostLine = new.get_model("roadmap", "CostLine")
        PersonnelNeed = new.get_model("roadmap", "PersonnelNeed")
        PlanNote = new.get_model("roadmap", "PlanNote")
        assert list(CostLine.objects.values_list("project_id", "year", "investment", "running")) == [
            (figures.pk, 2025, Decimal("125000.50"), Decimal("0.00"))
        ]
        assert list(PersonnelNeed.objects.values_list("project_id", "organisation_id", "year", "fte")) == [
            (figures.pk, office.pk, 2025, Decimal("1.50"))
        ]
        notes = {note.project_id: note for note in PlanNote.objects.all()}
        assert notes[figures.pk].financing == "Smart Cities, 65 % Förderquote"
        assert "geschätzte Kosten 125.000,50 €" in notes[figures.pk].costs
        assert notes[words.pk].personnel == "0,5 Stellen für zwei Jahre"  # not one number: kept as it was
        assert len(notes) == 2

        back = _migrate(BEFORE)
        Project = back.get_model("portfolio", "Project")
        restored = Project.objects.get(pk=figures.pk)
        assert restored.estimated_costs == Decimal("125000.50")
        assert restored.financing_outline == "Smart Cities, 65 % Förderquote"
        assert restored.personnel_need == "1,50 VZÄ (2025)"
        assert Project.objects.get(pk=words.pk).personnel_need == "0,5 Stellen für zwei Jahre"
    finally:
        _migrate(_leaves())

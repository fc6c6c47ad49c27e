"""The ideas left the portfolio app: on a copy of the demo database nothing is lost on the way."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("portfolio", "0003_search_indexes"), ("ideas", None)]
# What the state before the move needs (the app "ideas" has no migration there yet).
BEFORE_STATE = [
    ("portfolio", "0003_search_indexes"),
    ("core", "0001_initial"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def _migrate(targets, state=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(state or targets).apps


def _counts(apps, app_label: str) -> tuple[int, int, int, int]:
    Idea = apps.get_model(app_label, "Idea")
    Project = apps.get_model("portfolio", "Project")
    links = sum(project.source_ideas.count() for project in Project.objects.all())
    comments = apps.get_model(app_label, "IdeaComment").objects.count()
    supports = apps.get_model(app_label, "IdeaSupport").objects.count()
    return Idea.objects.count(), comments, supports, links


@pytest.mark.django_db(transaction=True)
def test_ideas_comments_supports_and_links_survive_the_move(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE, BEFORE_STATE)
        before = _counts(old, "portfolio")
        audit = old.get_model("core", "AuditEvent")
        assert audit.objects.filter(object_type="portfolio.idea").exists()

        new = _migrate(leaves)

        assert _counts(new, "ideas") == before
        assert before[0] >= 10
        audit = new.get_model("core", "AuditEvent")
        assert not audit.objects.filter(object_type__startswith="portfolio.idea").exists()
        content_types = new.get_model("contenttypes", "ContentType").objects
        assert content_types.filter(app_label="ideas", model="idea").count() == 1
        assert not content_types.filter(app_label="portfolio", model="idea").exists()
    finally:
        _migrate(leaves)

"""Full-text search indexes on PostgreSQL (German stemming) for the project list, the catalogue
and the idea list; the same expressions as ``selectors._search``, so the planner uses them.

Other databases search by substring and get no index here.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# As in smartregion/portfolio/selectors.py at the time of this migration (frozen here).
SEARCH_CONFIG = "german"
PROJECT_SEARCH_FIELDS = ("title", "summary", "goals", "measures")
IDEA_SEARCH_FIELDS = ("title", "description")

INDEXES = (
    ("Project", GinIndex(SearchVector(*PROJECT_SEARCH_FIELDS, config=SEARCH_CONFIG), name="project_search_de")),
    ("Idea", GinIndex(SearchVector(*IDEA_SEARCH_FIELDS, config=SEARCH_CONFIG), name="idea_search_de")),
)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("portfolio", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.remove_index(apps.get_model("portfolio", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0002_one_adoption_per_target")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]

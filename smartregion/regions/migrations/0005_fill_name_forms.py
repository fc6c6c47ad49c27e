"""Existing regions get the grammatical forms of their names ("im Kreis …", "des Kreises …")."""

from django.db import migrations

from smartregion.regions.grammar import name_forms


def fill(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for region in Region.objects.filter(name_dative="") | Region.objects.filter(name_genitive=""):
        forms = name_forms(region.name)
        region.name_dative = region.name_dative or forms.dative
        region.name_genitive = region.name_genitive or forms.genitive
        region.save(update_fields=["name_dative", "name_genitive"])


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0004_legal_details_and_name_forms"),
    ]

    operations = [
        # Backwards the fields are dropped by the previous migration; nothing to undo here.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""Re-apply the shipped reference data: the welding skills gained synonyms used by search."""

from django.db import migrations


def load(apps, schema_editor):
    from bontang_aker.reference.services import reference_load

    reference_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

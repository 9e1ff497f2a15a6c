"""A migration the database never got: /readyz must answer 503 while it is pending."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_ops_task_incidents")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

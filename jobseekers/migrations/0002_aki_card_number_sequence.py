from django.db import migrations


class Migration(migrations.Migration):
    """AK/I numbers come from a sequence so two officers issuing at once never collide."""

    dependencies = [("jobseekers", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS jobseekers_aki_card_number_seq",
            "DROP SEQUENCE IF EXISTS jobseekers_aki_card_number_seq",
        )
    ]

"""The public vacancy list at 100,000 rows: one index per sort, and the title for relevance (issue 7)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_field_limits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="vacancy",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("title", config="indonesian"), name="vacancy_title_search"
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                include=("close_date",),
                name="vacancy_published_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["close_date", "id"],
                name="vacancy_published_closing",
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-wage_min", "-id"],
                include=("close_date",),
                name="vacancy_published_wage",
            ),
        ),
    ]

"""Full-text search: a stored tsvector on vacancies, indexed for the published ones only."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations
from django.db.models import Q


def fill_search_vectors(apps, schema_editor):
    from employers.search import vacancy_search_refresh

    vacancy_search_refresh()


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("reference", "0003_skill_synonyms_for_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=Q(("status", "published")), fields=["search_vector"], name="vacancy_search_published"
            ),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
    ]

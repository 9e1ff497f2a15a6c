from django.db import migrations


def sync(apps, schema_editor):
    """The report permissions moved from placements to the reports app (roles.py)."""
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    # Every app whose permissions roles.py lists, at its latest migration, so each permission exists.
    dependencies = [
        ("accounts", "0007_matching_role_permissions"),
        ("auditlog", "0017_add_actor_email"),
        ("employers", "0012_sanction_resolution_limit"),
        ("jobseekers", "0009_willing_to_work_outside_bontang"),
        ("placements", "0011_report_moved_to_reports"),
        ("matching", "0005_word_skills_index"),
        ("reference", "0003_skill_synonyms_for_search"),
        ("reports", "0002_ready_versions_are_immutable"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

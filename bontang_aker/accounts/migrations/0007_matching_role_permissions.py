from django.db import migrations


def sync(apps, schema_editor):
    """Both staff groups read the matches and their feedback; officers mark feedback reviewed (roles.py)."""
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    # Every app whose permissions roles.py lists, at its latest migration, so each permission exists.
    dependencies = [
        ("accounts", "0006_supervisors_view_nik_conflicts_and_callups"),
        ("auditlog", "0017_add_actor_email"),
        ("employers", "0012_sanction_resolution_limit"),
        ("jobseekers", "0009_willing_to_work_outside_bontang"),
        ("placements", "0010_match_moved_to_matching"),
        ("matching", "0001_initial"),
        ("reference", "0003_skill_synonyms_for_search"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

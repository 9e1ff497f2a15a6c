from django.db import migrations


def sync(apps, schema_editor):
    """Both staff groups may read the NIK conflicts and the call-ups (bontang_aker/accounts/roles.py)."""
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    # Every app whose permissions roles.py lists, at its latest migration, so each permission exists.
    dependencies = [
        ("accounts", "0005_audit_role_permissions"),
        ("auditlog", "0017_add_actor_email"),
        ("employers", "0012_sanction_resolution_limit"),
        ("jobseekers", "0008_transparency_results_consent"),
        ("placements", "0009_rotation_role_permissions"),
        ("reference", "0003_skill_synonyms_for_search"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

from django.db import migrations


def sync(apps, schema_editor):
    """The staff groups get the rotation pools' permissions (bontang_aker/accounts/roles.py)."""
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    # Every app whose permissions roles.py lists, at its latest migration, so each permission exists.
    dependencies = [
        ("placements", "0008_rotation_pools"),
        ("employers", "0011_sanctions_role_permissions"),
        ("accounts", "0004_h_accounts_email_verification"),
        ("reference", "0003_skill_synonyms_for_search"),
        ("jobseekers", "0007_h_docs_certificates"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

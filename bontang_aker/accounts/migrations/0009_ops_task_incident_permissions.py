from django.db import migrations


def sync(apps, schema_editor):
    """Both staff groups see the failed and retried background tasks (roles.py)."""
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_report_role_permissions"),
        ("ops", "0001_ops_task_incidents"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

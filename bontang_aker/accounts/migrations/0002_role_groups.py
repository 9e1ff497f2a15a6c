from django.db import migrations


def sync(apps, schema_editor):
    from bontang_aker.accounts.roles import sync_role_groups

    sync_role_groups(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("reference", "0002_load_reference_data"),
        ("jobseekers", "0001_initial"),
        ("employers", "0001_initial"),
        ("placements", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

from django.db import migrations

SANCTION_MODELS = ("sanctioncase", "sanctioncaseevent", "sanctionstep")


def sync(apps, schema_editor):
    """The staff groups get the sanction permissions listed in bontang_aker/accounts/roles.py.

    Only those: a full `sync_role_groups` here could name permissions of models that later
    migrations create (other apps' migrations depend on this one); they sync the rest.
    """
    from django.contrib.auth.management import create_permissions

    from bontang_aker.accounts.roles import ROLE_PERMISSIONS

    app_config = apps.get_app_config("employers")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    sanction_codes = {"manage_sanction_case", "escalate_sanction"} | {
        f"{action}_{model}" for model in SANCTION_MODELS for action in ("add", "change", "delete", "view")
    }
    for group_name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for code in codes:
            app_label, codename = code.split(".")
            if app_label == "employers" and codename in sanction_codes:
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0010_sanctions_sanction_cases"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

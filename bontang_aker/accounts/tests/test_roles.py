import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS
from bontang_aker.accounts.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db

PETUGAS_ONLY = {
    "employers.verify_company",
    "employers.moderate_vacancy",
    "jobseekers.verify_akicard",
    "placements.refer_candidate",
    "placements.review_placement",
}
KABID_ONLY = {
    "employers.impose_sanction",
    "reports.generate_report",
    "reference.change_kecamatan",
}


def sync_roles() -> str:
    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    return out.getvalue()


def group_codes(name: str) -> set[str]:
    permissions = Group.objects.get(name=name).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@pytest.mark.parametrize("group_name", sorted(ROLE_PERMISSIONS))
def test_each_group_has_exactly_its_listed_permissions(group_name):
    # given the groups created by migration 0002_role_groups
    # when their permissions are read back
    codes = group_codes(group_name)
    # then they are exactly the table, nothing more and nothing less
    assert codes == set(ROLE_PERMISSIONS[group_name])


def test_role_table_names_the_two_staff_groups():
    assert set(ROLE_PERMISSIONS) == {GROUP_PETUGAS, GROUP_KEPALA_BIDANG}


def test_petugas_verifies_refers_and_reviews_but_does_not_sanction_or_report(petugas):
    # given a petugas antar kerja
    # when their effective permissions are checked
    # then they hold the front-line permissions
    for code in PETUGAS_ONLY:
        assert petugas.has_perm(code), code
    # and none of the head of division's
    for code in KABID_ONLY:
        assert not petugas.has_perm(code), code


def test_kabid_sanctions_reports_and_edits_reference_data_but_does_not_verify(kabid):
    # given a kepala bidang
    # when their effective permissions are checked
    # then they hold the supervisory permissions
    for code in KABID_ONLY:
        assert kabid.has_perm(code), code
    # and none of the front-line ones
    for code in PETUGAS_ONLY:
        assert not kabid.has_perm(code), code


def test_both_groups_can_view_every_model_but_not_delete_anything():
    for group_name in ROLE_PERMISSIONS:
        codes = group_codes(group_name)
        assert "placements.view_placement" in codes
        assert not any(code.split(".")[1].startswith("delete_") for code in codes)


def test_sync_roles_is_idempotent():
    # given groups already in sync
    before = {name: group_codes(name) for name in ROLE_PERMISSIONS}
    group_ids = set(Group.objects.filter(name__in=ROLE_PERMISSIONS).values_list("pk", flat=True))
    # when the command runs twice
    sync_roles()
    sync_roles()
    # then nothing changed: same groups, same permissions
    assert {name: group_codes(name) for name in ROLE_PERMISSIONS} == before
    assert set(Group.objects.filter(name__in=ROLE_PERMISSIONS).values_list("pk", flat=True)) == group_ids


def test_sync_roles_restores_a_removed_permission_and_drops_an_added_one():
    # given someone edited the petugas group by hand
    group = Group.objects.get(name=GROUP_PETUGAS)
    group.permissions.remove(Permission.objects.get(content_type__app_label="employers", codename="verify_company"))
    group.permissions.add(Permission.objects.get(content_type__app_label="employers", codename="impose_sanction"))
    assert "employers.verify_company" not in group_codes(GROUP_PETUGAS)
    # when the roles are synced
    sync_roles()
    # then the group matches the table again
    assert group_codes(GROUP_PETUGAS) == set(ROLE_PERMISSIONS[GROUP_PETUGAS])


def test_sync_roles_recreates_a_deleted_group():
    # given the kepala bidang group was deleted
    Group.objects.filter(name=GROUP_KEPALA_BIDANG).delete()
    # when the roles are synced
    sync_roles()
    # then it is back with its permissions
    assert group_codes(GROUP_KEPALA_BIDANG) == set(ROLE_PERMISSIONS[GROUP_KEPALA_BIDANG])


def test_sync_roles_leaves_the_app_registry_intact():
    # given the live app registry
    from django.apps import apps

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    # when the command runs in this process
    sync_roles()
    # then every app still knows its models module (post_migrate handlers rely on it)
    assert {config.label: config.models_module for config in apps.get_app_configs()} == before

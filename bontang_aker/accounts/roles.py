"""What each Disnaker staff group may do, as model permissions ("app_label.codename").

Applied by migration 0002_role_groups and re-applied by `manage.py sync_roles`; tests
check each group against this table.
"""

_VIEW_ALL = [
    "accounts.view_user",
    "reference.view_kecamatan",
    "reference.view_kelurahan",
    "reference.view_educationlevel",
    "reference.view_kblicategory",
    "reference.view_kbjigroup",
    "reference.view_skill",
    "jobseekers.view_jobseekerprofile",
    "jobseekers.view_educationentry",
    "jobseekers.view_experienceentry",
    "jobseekers.view_document",
    "jobseekers.view_akicard",
    "jobseekers.view_akicardevent",
    # NIK conflicts and call-ups: supervisors follow them too (resolving and calling up stay with the officers).
    "jobseekers.view_nikconflict",
    "jobseekers.view_nikconflictevent",
    "employers.view_company",
    "employers.view_companyevent",
    "employers.view_companymember",
    "employers.view_vacancy",
    "employers.view_vacancyevent",
    "employers.view_sanctioncase",
    "employers.view_sanctioncaseevent",
    "employers.view_sanctionstep",
    "placements.view_application",
    "placements.view_applicationevent",
    "placements.view_referral",
    "placements.view_referralevent",
    "placements.view_placement",
    "placements.view_placementevent",
    # Matching: the computed matches and what people said was wrong with them.
    "matching.view_match",
    "matching.view_matchfeedback",
    # Statutory reports: every version, its files and its history.
    "reports.view_report",
    "reports.view_reportevent",
    "reports.view_reportfile",
    "placements.view_callup",
    "placements.view_callupevent",
    # Fair rotation for TA work: the pools, the proposals and their history (supervisors see it).
    "placements.view_rotationpool",
    "placements.view_rotationproposal",
    "placements.view_rotationproposalevent",
    # Background tasks that failed or were retried (bontang_aker.ops), counted per day.
    "ops.view_taskincident",
]

ROLE_PERMISSIONS = {
    # Front-line officers: verify jobseekers, companies and vacancies, refer, review placements.
    "petugas_antar_kerja": _VIEW_ALL
    + [
        "reference.change_skill",
        "reference.add_skill",
        "jobseekers.change_jobseekerprofile",
        "jobseekers.verify_akicard",
        "employers.change_company",
        "employers.verify_company",
        "employers.moderate_vacancy",
        "placements.refer_candidate",
        "placements.review_placement",
        "matching.review_matchfeedback",
        # Opens a sanction case and gives the verbal warning; written warnings are the head's.
        "employers.manage_sanction_case",
    ],
    # Head of the division: supervises (sees everything), sanctions companies, owns reports and reference data.
    "kepala_bidang": _VIEW_ALL
    + [
        "reference.add_kecamatan",
        "reference.change_kecamatan",
        "reference.add_kelurahan",
        "reference.change_kelurahan",
        "reference.add_educationlevel",
        "reference.change_educationlevel",
        "reference.add_kblicategory",
        "reference.change_kblicategory",
        "reference.add_kbjigroup",
        "reference.change_kbjigroup",
        "reference.add_skill",
        "reference.change_skill",
        "employers.impose_sanction",
        "employers.manage_sanction_case",
        "employers.escalate_sanction",
        "reports.generate_report",
        # The audit trail across all records (who changed what, before → after); everyone else
        # sees the history only on the pages of the records they may view.
        "auditlog.view_logentry",
    ],
}


def sync_role_groups(*, apps) -> None:
    """Create the staff groups and set exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Migration-state app configs have no models_module, and create_permissions skips those.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            # A model a later migration creates: that migration syncs again once it exists (test_roles
            # checks the end result against this table, so a misspelt code still fails there).
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)

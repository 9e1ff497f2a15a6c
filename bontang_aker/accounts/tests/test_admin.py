import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import KbjiGroup
from employers.models import CompanyEvent, VacancyEvent
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCardEvent, ConsentAcceptance, DeletionRequest, ExperienceEntry, ProfileAccess
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, EducationEntryFactory, JobseekerProfileFactory
from matching.models import Match
from placements.models import (
    ApplicationEvent,
    Placement,
    PlacementEvent,
    ReferralEvent,
)
from placements.tests.factories import ApplicationFactory, ReferralFactory
from reports.models import Report, ReportEvent, ReportFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(petugas):
    """At least one row in every registered model, so lists and change pages render real values."""
    company = CompanyFactory(verified=True)
    CompanyEvent.objects.create(company=company, actor=petugas, from_status="pending", to_status="verified")
    CompanyMemberFactory(company=company)
    vacancy = VacancyFactory(company=company, published=True)
    VacancyEvent.objects.create(vacancy=vacancy, actor=petugas, from_status="in_review", to_status="published")
    profile = JobseekerProfileFactory()
    AccountMail.objects.create(user=profile.user, kind=AccountMail.Kind.VERIFY, address=profile.user.email)
    EducationEntryFactory(jobseeker=profile)
    ExperienceEntry.objects.create(
        jobseeker=profile, employer_name="PT Pupuk", position="Operator", start_date=datetime.date(2020, 1, 1)
    )
    DocumentFactory(jobseeker=profile)
    ConsentAcceptance.objects.create(jobseeker=profile, version=1)
    ProfileAccess.objects.create(
        profile=profile, viewer=petugas, viewer_role="staff", viewer_label=petugas.full_name, what="profile"
    )
    DeletionRequest.objects.create(
        jobseeker=JobseekerProfileFactory(), erase_after=timezone.now() + datetime.timedelta(days=30)
    )
    card = AkiCardFactory(jobseeker=profile, active=True)
    AkiCardEvent.objects.create(card=card, actor=petugas, from_status="requested", to_status="active")
    referral = ReferralFactory(application__jobseeker=profile, application__vacancy=vacancy, referred_by=petugas)
    ApplicationEvent.objects.create(application=referral.application, actor=petugas, to_status="referred")
    ReferralEvent.objects.create(referral=referral, actor=petugas, to_status="referred")
    ApplicationFactory(vacancy=vacancy)
    placement = Placement.objects.create(
        jobseeker=profile,
        company=company,
        vacancy=vacancy,
        referral=referral,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=timezone.localdate(),
        is_local=True,
        reported_by=company.members.first().user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    PlacementEvent.objects.create(placement=placement, actor=petugas, to_status="reported")
    Match.objects.create(
        vacancy=vacancy,
        jobseeker=profile,
        score=80,
        explanation={},
        among_vacancy_best=True,
        computed_at=timezone.now(),
    )
    report = Report.objects.create(
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 1, 31),
        requested_by=petugas,
    )
    ReportEvent.objects.create(report=report, actor=petugas, to_status="requested")
    ReportFile.objects.create(report=report, format=ReportFile.Format.CSV, file="reports/2025/01/ipk.csv")


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_model_of_the_project_is_registered():
    # given every model of the project's own apps
    from django.apps import apps

    project_apps = {"accounts", "reference", "employers", "jobseekers", "placements", "reports"}
    models = {m for m in apps.get_models() if m._meta.app_label in project_apps}
    # then each has an admin
    assert models - set(admin.site._registry) == set()


def test_every_changelist_loads_with_a_search_and_a_filter(client, superuser, one_of_each):
    # given a superuser and a row in every model
    client.force_login(superuser)
    for model, model_admin in admin.site._registry.items():
        url = changelist_url(model)
        # when the list is opened
        response = client.get(url)
        # then it renders
        assert response.status_code == 200, url
        # and a search runs (the admin ignores q when it has no search fields)
        response = client.get(url, {"q": "bontang"})
        assert response.status_code == 200, f"{url}?q"
        # and the first filter's first real choice applies without an error redirect (?e=1)
        changelist: ChangeList = response.context["cl"]
        if changelist.filter_specs:
            choices = list(changelist.filter_specs[0].choices(changelist))
            if len(choices) > 1:  # else the fixture has no row that offers a choice
                query = choices[1]["query_string"]
                response = client.get(url + query)
                assert response.status_code == 200, url + query
        # and the date drill-down works where there is one
        if model_admin.date_hierarchy:
            query = {f"{model_admin.date_hierarchy}__year": timezone.localdate().year}
            assert client.get(url, query).status_code == 200, f"{url} {query}"


def test_every_change_page_and_allowed_add_page_renders(client, superuser, one_of_each):
    # given a superuser and a row in every model
    client.force_login(superuser)
    request = client.get(reverse("admin:index")).wsgi_request
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        obj = model._default_manager.first()
        # when the change page of a row is opened
        if obj is not None:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            response = client.get(url)
            # then it renders
            assert response.status_code == 200, url
        # and so does the add page where adding is offered
        if model_admin.has_add_permission(request):
            url = reverse("admin:{}_{}_add".format(*info))
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("trait", ["jobseeker", "employer"])
def test_portal_users_are_sent_to_the_admin_login(client, trait):
    # given a jobseeker or an employer account (not staff)
    user = UserFactory(employer=True) if trait == "employer" else UserFactory()
    client.force_login(user)
    # when they open the admin
    response = client.get(changelist_url(User))
    # then they are redirected to the admin login
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_user_add_form_has_email_and_no_username(client, superuser):
    # given a superuser on the add-user page
    client.force_login(superuser)
    url = reverse("admin:accounts_user_add")
    response = client.get(url)
    # then the form asks for an email and has no username
    content = response.content.decode()
    assert 'name="email"' in content
    assert 'name="username"' not in content
    # when a user is added
    response = client.post(
        url,
        {
            "email": "Petugas.Baru@Disnaker.example.id",
            "full_name": "Petugas Baru",
            "role": User.Role.STAFF,
            "usable_password": "true",
            "password1": "kata-sandi-kuat-2025",
            "password2": "kata-sandi-kuat-2025",
        },
    )
    # then it exists with its email in lower case and can log in
    assert response.status_code == 302
    user = User.objects.get(email="petugas.baru@disnaker.example.id")
    assert user.check_password("kata-sandi-kuat-2025")


def test_user_add_refuses_an_email_differing_only_in_case(client, superuser):
    # given an existing user
    UserFactory(email="ada@example.id")
    client.force_login(superuser)
    # when another is added with the same email in capitals
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "ADA@example.id", "role": User.Role.JOBSEEKER, "usable_password": "false"},
    )
    # then the form shows an error and no user is added
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert User.objects.filter(email__iexact="ada@example.id").count() == 1


def test_user_change_form_has_no_username_and_read_only_dates(client, superuser):
    # given a user
    user = UserFactory()
    client.force_login(superuser)
    # when a superuser opens it
    response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    # then email is editable, there is no username and the dates are not inputs
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in content
    assert 'name="username"' not in content
    assert 'name="date_joined' not in content
    assert 'name="last_login' not in content


def test_staff_see_users_read_only(client, petugas):
    # given a petugas (view permission on users only)
    user = UserFactory()
    client.force_login(petugas)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    # when they open a user and try to make them a superuser
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": user.email, "is_superuser": "on", "is_staff": "on"})
    # then it is refused and nothing changes
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_staff_log_in_to_the_admin_with_their_email(client, petugas):
    # given a petugas with the test password
    # when they log in through the admin login form
    response = client.post(
        reverse("admin:login"), {"username": petugas.email, "password": TEST_PASSWORD, "next": "/admin/"}
    )
    # then they reach the admin index
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_reference_rows_are_deactivated_not_deleted(client, kabid):
    # given the head of division on the skills list
    from bontang_aker.reference.models import Skill

    skill = Skill.objects.order_by("pk").first()
    client.force_login(kabid)
    # when they deactivate a skill
    response = client.post(
        changelist_url(Skill), {"action": "deactivate", "_selected_action": [skill.pk], "index": "0"}
    )
    # then it is inactive, still there, and delete is not offered
    assert response.status_code == 302
    skill.refresh_from_db()
    assert not skill.is_active
    response = client.get(changelist_url(Skill))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert "deactivate" in actions


def test_account_mails_are_read_only_in_the_admin(client, superuser):
    # given
    mail = AccountMail.objects.create(user=UserFactory(), kind=AccountMail.Kind.PASSWORD_RESET, address="x@example.id")
    client.force_login(superuser)
    # when
    changelist = client.get(changelist_url(AccountMail), {"kind": "password_reset"})
    change = client.get(reverse("admin:accounts_accountmail_change", args=[mail.pk]))
    add = client.get(reverse("admin:accounts_accountmail_add"))
    # then
    assert changelist.status_code == 200
    assert "x@example.id" in changelist.content.decode()
    assert change.status_code == 200
    assert 'name="address"' not in change.content.decode()  # shown, not editable
    assert add.status_code == 403


def test_the_user_page_shows_when_the_address_was_verified_without_letting_it_be_edited(client, superuser):
    # given
    user = UserFactory()
    client.force_login(superuser)
    # when
    content = client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    # then
    assert "Email verified at" in content or "Email diverifikasi pada" in content
    assert 'name="email_verified_at"' not in content

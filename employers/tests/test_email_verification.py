"""An employer's sign-up mails the link that verifies the account's address (issue 8)."""

import pytest

from bontang_aker.accounts.models import AccountMail
from bontang_aker.accounts.tests.conftest import run_mail_tasks  # noqa: F401 (a fixture)
from employers import services
from employers.tests.test_services import company_fields

pytestmark = pytest.mark.django_db


def test_employer_sign_up_mails_the_verification_link_after_commit(
    run_mail_tasks,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        company = services.employer_register(
            account_email="HRD.Baru@Example.id", password="Perusahaan-Bontang-26", full_name="Rina", **company_fields()
        )
    # then
    user = company.members.get().user
    assert user.email_verified_at is None
    assert AccountMail.objects.get(user=user).kind == AccountMail.Kind.VERIFY
    assert [message.to for message in mailoutbox] == [["hrd.baru@example.id"]]
    assert "/akun/verifikasi-email/" in mailoutbox[0].body

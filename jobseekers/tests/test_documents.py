"""Uploaded documents are served only through the download view, which checks and logs access."""

import importlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from jobseekers.models import DocumentAccess
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 KTP Budi Santoso"
UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
STORED_NAME = re.compile(rf"jobseekers/[0-9a-f]{{2,32}}/{UUID4}\.pdf")


def download_url(document) -> str:
    return reverse("jobseekers:document_download", args=[document.pk])


@pytest.fixture
def document():
    return DocumentFactory(file__filename="KTP Budi Santoso.PDF", file__data=PDF)


def test_the_owner_downloads_their_document(client, document):
    # given the jobseeker who uploaded the document
    client.force_login(document.jobseeker.user)
    # when they open it
    response = client.get(download_url(document))
    # then they get its bytes under its original name, with headers that keep it private and inert
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="KTP Budi Santoso.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    # and the owner's own views are not logged as staff access
    assert not DocumentAccess.objects.exists()


def test_another_jobseeker_gets_404(client, document):
    # given another jobseeker
    client.force_login(JobseekerProfileFactory().user)
    # when they try the first jobseeker's document
    response = client.get(download_url(document))
    # then it looks as if it did not exist
    assert response.status_code == 404
    assert not DocumentAccess.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, document):
    # when someone not logged in opens the link
    response = client.get(download_url(document))
    # then they are asked to log in and get no bytes
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_employer_gets_404(client, document):
    # given an employer account
    client.force_login(UserFactory(employer=True))
    # when it tries a jobseeker's document
    response = client.get(download_url(document))
    # then nothing is revealed
    assert response.status_code == 404


def test_staff_without_the_view_permission_get_404(client, document):
    # given a staff account in no group
    client.force_login(UserFactory(role=User.Role.STAFF, is_staff=True))
    # when it opens the document
    response = client.get(download_url(document))
    # then it is refused like anyone else
    assert response.status_code == 404


def test_a_user_with_the_permission_but_no_staff_status_gets_404(client, document):
    # given a jobseeker account that was somehow given the permission
    user = JobseekerProfileFactory().user
    user.user_permissions.add(Permission.objects.get(codename="view_document", content_type__app_label="jobseekers"))
    client.force_login(user)
    # then the permission alone does not open other people's documents
    assert client.get(download_url(document)).status_code == 404


def test_a_missing_document_is_404_for_staff_too(client, petugas, document):
    client.force_login(petugas)
    assert client.get(reverse("jobseekers:document_download", args=[document.pk + 1000])).status_code == 404


def test_petugas_opens_a_document_and_the_access_is_logged(client, petugas, document):
    # given a petugas antar kerja verifying a card request
    client.force_login(petugas)
    # when they open the jobseeker's document
    response = client.get(download_url(document), REMOTE_ADDR="10.1.2.3")
    # then they get the file
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # and one access row names them, the document and their address
    access = DocumentAccess.objects.get()
    assert access.document == document
    assert access.viewer == petugas
    assert access.ip_address == "10.1.2.3"
    assert access.accessed_at is not None


def test_kepala_bidang_may_open_documents_too(client, kabid, document):
    client.force_login(kabid)
    assert client.get(download_url(document)).status_code == 200
    assert DocumentAccess.objects.filter(viewer=kabid).count() == 1


def test_stored_name_reveals_neither_the_jobseeker_nor_the_original_name(document):
    # given a document uploaded as "KTP Budi Santoso.PDF"
    name = document.file.name
    # then it is stored under random names with the lowercased extension
    assert STORED_NAME.fullmatch(name), name
    assert str(document.jobseeker_id) not in name.split("/")
    assert "Budi" not in name and "KTP" not in name and "documents" not in name
    # and the original name is kept for the download
    assert document.original_name == "KTP Budi Santoso.PDF"


def test_two_uploads_of_the_same_file_get_different_names():
    first = DocumentFactory(file__filename="ijazah.pdf")
    second = DocumentFactory(jobseeker=first.jobseeker, file__filename="ijazah.pdf")
    assert first.file.name != second.file.name


def test_images_open_inline_with_their_own_type(client):
    # given a photo
    photo = DocumentFactory(kind="photo", file__filename="foto.JPG", file__data=b"\xff\xd8\xff\xe0 jpeg")
    client.force_login(photo.jobseeker.user)
    # when it is opened
    response = client.get(download_url(photo))
    # then the browser shows it as a JPEG, and can never treat it as a page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_crafted_original_name_cannot_change_type_or_headers(client):
    # given a document whose original name tries a path, quotes and a different extension
    document = DocumentFactory(file__filename="ktp.pdf")
    document.original_name = '../../evil"\r\nX-Injected: 1.html'
    document.save(update_fields=["original_name"])
    client.force_login(document.jobseeker.user)
    # when it is downloaded
    response = client.get(download_url(document))
    # then the name is cleaned and keeps the stored extension
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    assert disposition.endswith('.pdf"')
    assert not response.has_header("X-Injected")
    assert response["Content-Type"] == "application/pdf"


def test_a_file_missing_from_storage_is_404_not_500(client, document):
    # given a document whose file has gone from the disk
    document.file.storage.delete(document.file.name)
    client.force_login(document.jobseeker.user)
    # then the download is a plain 404
    assert client.get(download_url(document)).status_code == 404


def test_no_url_serves_the_media_directory(document):
    with pytest.raises(Resolver404):
        resolve(f"/media/{document.file.name}")


@pytest.fixture
def debug_urls(settings):
    """The site URLs as `DJANGO_DEBUG=1` builds them."""
    import bontang_aker.urls

    settings.DEBUG = True
    importlib.reload(bontang_aker.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(bontang_aker.urls)
    clear_url_caches()


def test_media_is_404_even_in_debug_mode(client, debug_urls, document):
    # given the dev run's URLs and a stored document
    assert document.file.storage.exists(document.file.name)
    # when its file is requested under /media/, even by its owner
    client.force_login(document.jobseeker.user)
    response = client.get(f"/media/{document.file.name}")
    # then nothing is served
    assert response.status_code == 404
    with pytest.raises(Resolver404):
        resolve(f"/media/{document.file.name}")


@pytest.mark.parametrize("viewer", ["superuser", "petugas", "kabid"])
def test_the_jobseeker_admin_page_links_to_the_download_view(client, request, viewer, document):
    # given staff who may edit (superuser) or only see (petugas, kepala bidang) the documents
    client.force_login(request.getfixturevalue(viewer))
    # when the jobseeker's admin page is opened
    response = client.get(reverse("admin:jobseekers_jobseekerprofile_change", args=[document.jobseeker_id]))
    # then the document links to the checked download, never to /media/
    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{download_url(document)}"' in content
    assert "/media/" not in content
    assert document.file.name not in content


@pytest.mark.parametrize("viewer", ["superuser", "petugas"])
def test_the_document_admin_page_links_to_the_download_view(client, request, viewer, document):
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(reverse("admin:jobseekers_document_change", args=[document.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{download_url(document)}"' in content
    assert "/media/" not in content


def test_the_card_page_links_documents_to_the_download_view(client, petugas):
    # given a card request with a KTP
    card = AkiCardFactory()
    document = DocumentFactory(jobseeker=card.jobseeker)
    client.force_login(petugas)
    # when the petugas opens the card to verify it
    content = client.get(reverse("admin:jobseekers_akicard_change", args=[card.pk])).content.decode()
    # then the KTP opens through the download view
    assert f'href="{download_url(document)}"' in content
    assert "/media/" not in content


def test_access_log_is_read_only_in_the_admin(client, superuser, petugas, document):
    # given a logged staff access
    client.force_login(petugas)
    client.get(download_url(document))
    access = DocumentAccess.objects.get()
    client.force_login(superuser)
    # when the log is listed and searched by the viewer's email
    listing = client.get(reverse("admin:jobseekers_documentaccess_changelist"), {"q": petugas.email})
    # then the access is there
    assert listing.status_code == 200
    assert access in listing.context["cl"].result_list
    # and it can be neither added, changed nor deleted
    assert client.get(reverse("admin:jobseekers_documentaccess_add")).status_code == 403
    change = client.get(reverse("admin:jobseekers_documentaccess_change", args=[access.pk]))
    assert change.status_code == 200
    assert 'name="viewer"' not in change.content.decode()
    delete = client.post(reverse("admin:jobseekers_documentaccess_delete", args=[access.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert DocumentAccess.objects.filter(pk=access.pk).exists()

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# The docs page must load Swagger UI from our own static files (drf-spectacular-sidecar), not
# from a CDN. That needs "drf_spectacular_sidecar" in INSTALLED_APPS and the SIDECAR entries in
# SPECTACULAR_SETTINGS; until settings/base.py has them these tests are expected to fail, and
# once it does they must pass (strict xfail turns an unexpected pass into a failure).
SIDECAR_INSTALLED = "drf_spectacular_sidecar" in settings.INSTALLED_APPS
needs_sidecar = pytest.mark.xfail(
    not SIDECAR_INSTALLED,
    reason="settings: add drf_spectacular_sidecar to INSTALLED_APPS and SIDECAR to SPECTACULAR_SETTINGS",
    strict=True,
)


@pytest.fixture
def client() -> APIClient:
    return APIClient()


# Schema -------------------------------------------------------------------------------------


def test_schema_is_an_openapi_document_with_the_v1_endpoints(client):
    # when
    response = client.get(reverse("api:schema"))

    # then
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/vacancies/", "/api/v1/vacancies/{id}/", "/api/v1/auth/token/", "/api/v1/auth/me/"} <= set(
        document["paths"]
    )


def test_schema_documents_the_vacancy_filters(client):
    # when
    document = yaml.safe_load(client.get(reverse("api:schema")).content)

    # then
    parameters = {p["name"] for p in document["paths"]["/api/v1/vacancies/"]["get"]["parameters"]}
    assert {
        "q",
        "occupation",
        "min_education",
        "kelurahan",
        "kecamatan",
        "employment_type",
        "company",
        "wage_min_gte",
        "closing_before",
        "closing_after",
        "published_after",
        "ordering",
        "page",
    } <= parameters


def test_schema_is_valid_and_generates_without_warnings(tmp_path):
    # when / then: --fail-on-warn raises on any warning, --validate on an invalid document
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


# Docs ---------------------------------------------------------------------------------------


def test_docs_page_is_html(client):
    # when
    response = client.get(reverse("api:docs"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert reverse("api:schema") in response.content.decode()


@needs_sidecar
def test_docs_page_loads_nothing_from_other_hosts(client):
    # when
    body = client.get(reverse("api:docs")).content.decode()

    # then
    for host_hint in ("cdn", "jsdelivr", "unpkg"):
        assert host_hint not in body.lower()
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not re.match(r"^(?:[a-z]+:)?//", url), url


@needs_sidecar
def test_swagger_ui_files_are_served_from_static():
    # when / then: collectstatic and whitenoise will find them
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")


# Public reference lists ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("api:kelurahan-list", {"code": "64.74.01.1001", "name": "Bontang Kuala"}),
        ("api:education-level-list", {"code": "TTSD", "name": "Tidak tamat SD"}),
        ("api:occupation-list", {"code": "0", "name": "TNI dan Polri"}),
    ],
)
def test_reference_lists_are_public_and_whole(client, name, first):
    # when
    response = client.get(reverse(name))

    # then
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list)
    assert {k: rows[0][k] for k in first} == first


def test_reference_lists_hide_deactivated_rows(client):
    # given
    from bontang_aker.reference.models import Skill

    Skill.objects.filter(code="blasting").update(is_active=False)

    # when
    codes = {row["code"] for row in client.get(reverse("api:skill-list")).json()}

    # then
    assert "blasting" not in codes
    assert "las-smaw" in codes


def test_kelurahan_list_names_the_kecamatan(client):
    # when
    rows = client.get(reverse("api:kelurahan-list")).json()

    # then
    assert len(rows) == 15
    assert {row["kecamatan"]["code"] for row in rows} == {"64.74.01", "64.74.02", "64.74.03"}

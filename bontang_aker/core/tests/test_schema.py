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
    # Swagger UI's init script is a file of its own (no inline script under the CSP); it names the schema.
    init_script = client.get(reverse("api:docs"), {"script": ""})

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert f'<script src="{reverse("api:docs")}?script="></script>' in response.content.decode()
    assert reverse("api:schema") in init_script.content.decode()


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


# Error answers and parameter bounds -----------------------------------------------------------


@pytest.fixture
def document(client) -> dict:
    return yaml.safe_load(client.get(reverse("api:schema")).content)


def responses(document, path, method="get") -> dict:
    return document["paths"][path][method]["responses"]


def parameter(document, name, path="/api/v1/vacancies/") -> dict:
    return next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name)


def error_schema_of(response) -> dict:
    return response["content"]["application/json"]["schema"]


def test_the_vacancy_list_documents_its_errors(document):
    # when
    answers = responses(document, "/api/v1/vacancies/")

    # then: invalid filters, a bad token, a page past the end
    assert {"200", "400", "401", "404"} <= set(answers)
    assert error_schema_of(answers["400"]) == {
        "anyOf": [{"$ref": "#/components/schemas/ValidationError"}, {"$ref": "#/components/schemas/Error"}]
    }
    assert error_schema_of(answers["404"]) == {"$ref": "#/components/schemas/Error"}


def test_a_vacancy_by_id_documents_404_and_an_integer_id(document):
    # when
    answers = responses(document, "/api/v1/vacancies/{id}/")
    path_parameter = document["paths"]["/api/v1/vacancies/{id}/"]["get"]["parameters"][0]

    # then
    assert {"200", "401", "404"} <= set(answers)
    assert path_parameter["schema"]["type"] == "integer"


def test_signing_in_documents_401_and_403(document):
    # when
    answers = responses(document, "/api/v1/auth/me/")

    # then
    assert {"200", "401", "403"} <= set(answers)


def test_the_token_endpoint_documents_its_error_bodies(document):
    # when
    answers = responses(document, "/api/v1/auth/token/", "post")

    # then: declared in the view with a description only, they still get their JSON shape
    assert error_schema_of(answers["429"]) == {"$ref": "#/components/schemas/Error"}
    assert "ValidationError" in str(error_schema_of(answers["400"]))


def test_every_error_answer_has_a_json_body(document):
    # when
    errors = [
        (path, method, code, response)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for code, response in operation["responses"].items()
        if code >= "400"
    ]

    # then
    assert errors
    assert [(path, method, code) for path, method, code, response in errors if "content" not in response] == []


def test_the_error_shapes_are_components(document):
    # when
    components = document["components"]["schemas"]

    # then
    assert components["Error"]["required"] == ["detail", "code"]
    assert components["ValidationError"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    ("name", "bounds"),
    [
        ("company", {"minimum": 1, "maximum": 2**63 - 1}),
        ("wage_min_gte", {"minimum": 0, "maximum": 2**63 - 1}),
        ("page", {"minimum": 1}),
    ],
)
def test_number_parameters_have_the_bounds_their_form_fields_enforce(document, name, bounds):
    # when
    schema = parameter(document, name)["schema"]

    # then
    assert schema["type"] == "integer"
    assert {key: schema.get(key) for key in bounds} == bounds


def test_the_search_text_has_its_maximum_length(document):
    assert parameter(document, "q")["schema"]["maxLength"] == 200


def test_the_employment_type_is_an_enum(document):
    assert set(parameter(document, "employment_type")["schema"]["enum"]) >= {"pkwtt", "pkwt", "daily"}


@pytest.mark.parametrize("name", ["employment_type", "closing_before", "company", "occupation", "page"])
def test_empty_filters_are_documented_as_allowed(document, name):
    assert parameter(document, name)["allowEmptyValue"] is True


@pytest.mark.parametrize("name", ["employment_type", "closing_before", "closing_after", "company", "page"])
def test_an_empty_filter_is_accepted_as_documented(client, name):
    # when
    response = client.get(reverse("api:vacancy-list"), {name: ""})

    # then: the same answer as without the parameter
    assert response.status_code == 200
    assert response.json() == client.get(reverse("api:vacancy-list")).json()


@pytest.mark.parametrize(("name", "value"), [("company", "0"), ("wage_min_gte", "-1"), ("employment_type", "S")])
def test_a_value_outside_the_documented_bounds_is_a_400(client, name, value):
    # when
    response = client.get(reverse("api:vacancy-list"), {name: value})

    # then
    assert response.status_code == 400
    assert list(response.json()) == [name]

"""Security headers on every page: a strict Content-Security-Policy and a Permissions-Policy.

The policy allows no inline script or style, so the templates must not use any: the last tests
read every template the project ships and fail on the first inline one.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


def assert_permissions_policy(response):
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (reverse("home"), 200),
        (reverse("accounts:login"), 200),
        (reverse("jobseekers:register"), 200),
        (reverse("employers:register"), 200),
        (reverse("admin:login"), 200),
        ("/no-such-page/", 404),
    ],
)
def test_every_page_has_the_strict_policy_and_the_permissions_policy(client, url, status):
    # when
    response = client.get(url)

    # then
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert policy(response) == STRICT_POLICY
    assert_permissions_policy(response)


def test_the_500_page_allows_only_its_own_inline_style(client):
    # given: every query fails, as during a database outage
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    client.raise_request_exception = False

    # when
    with connection.execute_wrapper(refuse):
        response = client.get(reverse("home"))

    # then (a database outage is answered 503 with the same page, bontang_aker.core.views):
    # the nonce in the header is the one on the page's <style>, and nothing else is widened
    assert response.status_code == 503
    assert '<p class="code">503</p>' in response.content.decode()
    directives = policy(response)
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", directives.pop("style-src")).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert directives == {k: v for k, v in STRICT_POLICY.items() if k != "style-src"}
    assert_permissions_policy(response)


def test_the_api_has_the_headers_too(client):
    # when
    response = client.get(reverse("api:kelurahan-list"))

    # then
    assert policy(response) == STRICT_POLICY
    assert_permissions_policy(response)


def test_the_api_docs_page_renders_under_the_strict_policy(client):
    # when
    page = client.get(reverse("api:docs"))
    body = page.content.decode()
    script_urls = re.findall(r'<script src="([^"]+)"', body)
    init_script = client.get(script_urls[-1].replace("&amp;", "&"))

    # then: Swagger UI's init script is a file of our own, and the page has no inline script or style
    assert page.status_code == 200
    assert policy(page) == STRICT_POLICY
    assert_permissions_policy(page)
    assert "<style" not in body
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
    assert init_script.status_code == 200
    assert init_script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init_script.content.decode()


# Templates ----------------------------------------------------------------------------------


def project_templates() -> list[Path]:
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [path for path in Path(settings.BASE_DIR).glob("*/templates")]
    folders += [path for path in Path(settings.BASE_DIR).glob("bontang_aker/*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    # A data block (JSON-LD, json_script) is never executed, and CSP does not apply to it.
    "inline script": re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style element without the CSP nonce": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I),
}


def test_the_project_has_templates_to_check():
    assert len(project_templates()) > 10


def is_mail_style(path: Path, kind: str) -> bool:
    """The HTML part of an e-mail is never served under the site's CSP, and mail programs ignore
    style sheets: its inline style attributes are the only styling that reaches the reader."""
    return kind == "style attribute" and "email" in path.parts


@pytest.mark.parametrize("kind", INLINE)
def test_no_template_uses_inline_script_or_style(kind):
    # when
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in project_templates()
        if INLINE[kind].search(path.read_text(encoding="utf-8")) and not is_mail_style(path, kind)
    ]

    # then
    assert offenders == []

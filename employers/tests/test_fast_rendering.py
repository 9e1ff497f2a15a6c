"""The hand-written fast paths of the public search page and the API list give exactly what the slow ones gave.

- the API list's rows (`vacancy_list_data`) equal `VacancySerializer`'s output;
- `{% vacancy_cards %}` equals `employers/_vacancy_card.html`, card by card;
- `FastSelect` equals Django's `Select` rendered through its templates.
"""

import json
from urllib.parse import urlencode

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from bontang_aker.reference.models import Kelurahan, Skill
from employers.api.filters import FastSelect, VacancyFilter
from employers.api.serializers import VacancySerializer
from employers.models import Vacancy
from employers.public_views import VacancySearchView
from employers.selectors import vacancy_list_public, vacancy_rows
from employers.templatetags.vacancy_cards import vacancy_card, vacancy_cards
from employers.tests.factories import CompanyFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_and_bare():
    """One vacancy with every optional field set, one with none."""
    full = VacancyFactory(
        published=True,
        title='Teknisi <Listrik> & "Instrumen"',
        openings_male=2,
        openings_female=1,
        sex_requirement=Vacancy.SexRequirement.MALE,
        sex_justification="Pekerjaan di ketinggian.",
        competencies="K3 listrik",
        other_information="Mess disediakan.",
        wage_max=9_000_000,
        wage_period=Vacancy.WagePeriod.DAY,
        skills=list(Skill.objects.order_by("-name")[:3]),
    )
    bare = VacancyFactory(
        published=True,
        company=CompanyFactory(verified=True, kelurahan=None),
        majors="",
        wage_max=None,
        work_kelurahan=None,
    )
    return full, bare


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_api_list_rows_equal_the_serializer(full_and_bare, language):
    # when
    response = APIClient().get(reverse("api:vacancy-list"), HTTP_ACCEPT_LANGUAGE=language)

    # then: the same JSON text, key order included
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {vacancy.pk for vacancy in full_and_bare}
    with translation.override(language):
        for vacancy in full_and_bare:
            expected = VacancySerializer(vacancy_rows([vacancy.pk])[0]).data
            assert JSONRenderer().render(rows[vacancy.pk]) == JSONRenderer().render(
                json.loads(JSONRenderer().render(expected))
            )
    assert len(rows[full_and_bare[0].pk]["skills"]) == 3 and rows[full_and_bare[1].pk]["skills"] == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_cards_equal_the_card_template(full_and_bare, language):
    # given: also a wage range that is one amount
    same_wage = VacancyFactory(published=True, wage_min=5_000_000, wage_max=5_000_000)
    ids = [vacancy.pk for vacancy in (*full_and_bare, same_wage)]

    with translation.override(language):
        rows = vacancy_rows(ids, with_skills=False)
        from_template = [render_to_string("employers/_vacancy_card.html", {"vacancy": row}) for row in rows]

        # then
        assert [vacancy_card(row) for row in rows] == from_template
        assert vacancy_cards(rows) == "".join(from_template)
    assert "Teknisi &lt;Listrik&gt; &amp; &quot;Instrumen&quot;" in from_template[0]


def _django_select(widget: FastSelect) -> forms.Select:
    plain = forms.Select(attrs=widget.attrs, choices=widget.choices)
    plain.is_required = widget.is_required
    return plain


@pytest.mark.parametrize(
    "params", [{}, {"occupation": "7", "min_education": "SMK", "employment_type": "pkwt"}, {"occupation": "zzz"}]
)
def test_the_fast_selects_equal_django_s(full_and_bare, params):
    # given: the search form's selects, as the page sets them up
    form = VacancySearchView.content_context(QueryDict(urlencode(params)))["form"]

    for name in ("occupation", "min_education", "kecamatan", "employment_type"):
        bound = form[name]
        assert isinstance(bound.field.widget, FastSelect)
        # when / then: the whole field, and the widget alone against Django's templates
        attrs = bound.build_widget_attrs({"id": bound.auto_id})
        value = bound.field.widget.format_value(bound.value())
        fast = bound.field.widget.render(bound.html_name, value, attrs)
        assert fast == _django_select(bound.field.widget).render(bound.html_name, value, attrs)
        assert str(bound).startswith(f'<select name="{name}"')


def test_a_fast_select_with_groups_and_boolean_attributes_equals_django_s():
    choices = [("", "— any —"), ("Group <A>", [("a", "A & a"), (1, "One")]), ("b", "B")]
    attrs = {"id": "id_x", "required": True, "disabled": False, "data-x": 'q"uote'}
    fast = FastSelect(choices=choices).render("x", ["1"], attrs)
    assert fast == forms.Select(choices=choices).render("x", ["1"], attrs)
    assert "<optgroup" in fast and " selected" in fast


def test_the_filter_form_still_reads_codes():
    # the widget is only how the field is drawn: the values are read as before
    filterset = VacancyFilter({"kelurahan": Kelurahan.objects.first().code}, queryset=vacancy_list_public())
    assert filterset.is_valid()

"""`{% vacancy_card vacancy %}`: one vacancy of a result list, as `employers/_vacancy_card.html` shows it.

A search page shows 20 of them; through the template (an include, a URL, five translations,
two dates and two amounts each) they cost about as much CPU as the rest of the page. Here the
same HTML, byte for byte, is built in Python. The template stays the readable description of
the markup: change both together (a test renders both and compares them,
employers/tests/test_fast_rendering.py).
"""

from __future__ import annotations

import html

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from bontang_aker.core.templatetags.portal import rupiah

register = template.Library()


def _text(value) -> str:
    """A value as `{{ value }}` prints it: localized, then escaped."""
    return conditional_escape(localize(value))


def _escape(text: str) -> str:
    """A plain (not safe) string as `{{ text }}` prints it: django.utils.html.escape without its lazy wrapper."""
    return html.escape(text)


@register.simple_tag
def vacancy_card(vacancy) -> SafeString:
    """One card: `{% vacancy_card vacancy %}`."""
    return mark_safe(_card(vacancy, _labels(), {}))  # noqa: S308 - every value is escaped


@register.simple_tag
def vacancy_cards(vacancies) -> SafeString:
    """The cards of a list, one after the other: `{% vacancy_cards vacancies %}` (the labels translated once)."""
    labels, dates = _labels(), {}
    return mark_safe("".join(_card(vacancy, labels, dates) for vacancy in vacancies))  # noqa: S308


def _labels() -> dict[str, str]:
    words = ("Location", "Minimum education", "Wage", "Openings", "Apply by")
    return {word: _text(gettext(word)) for word in words}


def _card(vacancy, labels: dict[str, str], dates: dict) -> str:
    pk = _text(vacancy.pk)
    url = _escape(reverse("vacancies:detail", args=[vacancy.pk]))
    kelurahan = vacancy.work_kelurahan
    place = f" ({_text(kelurahan.name)})" if kelurahan else ""
    wage = f'<span class="nowrap">{_escape(rupiah(vacancy.wage_min))}</span>'
    if vacancy.wage_max and vacancy.wage_max != vacancy.wage_min:
        wage += f' – <span class="nowrap">{_escape(rupiah(vacancy.wage_max))}</span>'
    close_date = vacancy.close_date
    if close_date not in dates:
        dates[close_date] = (_text(date_filter(close_date, "Y-m-d")), _text(date_filter(close_date, "j F Y")))
    iso_date, long_date = dates[close_date]
    return (
        "\n"
        '<li class="vacancy">\n'
        f'  <article aria-labelledby="vacancy-{pk}-title">\n'
        f'    <h3 class="vacancy__title" id="vacancy-{pk}-title"><a href="{url}">{_text(vacancy.title)}</a></h3>\n'
        f'    <p class="vacancy__company">{_text(vacancy.company.name)}</p>\n'
        '    <dl class="vacancy__facts">\n'
        f"      <div><dt>{labels['Location']}</dt>\n"
        f"        <dd>{_text(vacancy.work_location)}{place}</dd></div>\n"
        f"      <div><dt>{labels['Minimum education']}</dt><dd>{_text(vacancy.min_education.name)}</dd></div>\n"
        f"      <div><dt>{labels['Wage']}</dt>\n"
        f"        <dd>{wage} {_escape(str(vacancy.get_wage_period_display()))}</dd></div>\n"
        f"      <div><dt>{labels['Openings']}</dt><dd>{_text(vacancy.openings)}</dd></div>\n"
        f"      <div><dt>{labels['Apply by']}</dt>"
        f'<dd><time datetime="{iso_date}">{long_date}</time></dd></div>\n'
        "    </dl>\n"
        "  </article>\n"
        "</li>\n"
    )

"""Full-text vacancy search: Indonesian stemming, skill synonyms, ranking, and the index."""

import pytest
from django.db import connection
from django.urls import reverse

from bontang_aker.reference.models import Skill
from employers import services
from employers.models import Vacancy
from employers.search import build_search_query, vacancy_search_refresh
from employers.selectors import vacancy_list_public
from employers.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def search(text: str) -> list[str]:
    query = build_search_query(text)
    return sorted(vacancy_list_public().filter(search_vector=query).values_list("title", flat=True))


@pytest.fixture
def welding_vacancies():
    VacancyFactory(published=True, title="Juru Las", description="Mengelas pipa di area pabrik.")
    VacancyFactory(published=True, title="Tenaga Pengelasan Konstruksi", description="Proyek tangki.")
    VacancyFactory(published=True, title="Welder 6G", description="Sertifikat 6G wajib.")
    VacancyFactory(published=True, title="Guru Kelas SD", description="Mengajar kelas 1.")
    VacancyFactory(published=True, title="Operator Produksi", description="Shift.")


@pytest.mark.parametrize("word", ["las", "welder", "pengelasan", "LAS", "Welding"])
def test_every_name_of_welding_finds_the_same_vacancies(welding_vacancies, word):
    # when
    found = search(word)
    # then
    assert found == ["Juru Las", "Tenaga Pengelasan Konstruksi", "Welder 6G"]


def test_las_does_not_find_kelas(welding_vacancies):
    assert "Guru Kelas SD" not in search("las")
    assert search("kelas") == ["Guru Kelas SD"]


def test_all_words_must_match(welding_vacancies):
    assert search("las konstruksi") == ["Tenaga Pengelasan Konstruksi"]


def test_a_vacancy_found_through_its_skills_and_company():
    # given: the word is neither in the title nor in the description
    vacancy = VacancyFactory(published=True, title="Teknisi", description="Perawatan.")
    vacancy.skills.set([Skill.objects.get(code="las-smaw")])
    VacancyFactory(published=True, title="Teknisi", description="Perawatan.", company__name="PT Kaltim Methanol")
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    # then
    assert vacancy_list_public().filter(search_vector=build_search_query("welder")).get() == vacancy
    assert vacancy_list_public().filter(search_vector=build_search_query("methanol")).count() == 1


def test_title_ranks_above_description(client):
    # given
    VacancyFactory(published=True, title="Operator", description="Dibutuhkan pengalaman sebagai mekanik.")
    VacancyFactory(published=True, title="Mekanik Alat Berat", description="Perawatan unit.")
    # when
    response = client.get(reverse("api:vacancy-list"), {"q": "mekanik"})
    # then
    titles = [row["title"] for row in response.json()["results"]]
    assert titles == ["Mekanik Alat Berat", "Operator"]


def test_api_q_uses_full_text_search(client, welding_vacancies):
    response = client.get(reverse("api:vacancy-list"), {"q": "pengelasan"})
    assert response.status_code == 200
    assert sorted(row["title"] for row in response.json()["results"]) == [
        "Juru Las",
        "Tenaga Pengelasan Konstruksi",
        "Welder 6G",
    ]


@pytest.mark.parametrize("text", ["!!!", "   ", "& | ! ( ) :* '", "yang dan", "a" * 200])
def test_odd_queries_never_fail(client, welding_vacancies, text):
    response = client.get(reverse("api:vacancy-list"), {"q": text})
    assert response.status_code == 200


def test_published_vacancy_gets_a_vector_on_publish(petugas):
    # given: a report reviewed and published through the services
    vacancy = VacancyFactory(in_review=True, title="Juru Masak")
    Vacancy.objects.filter(pk=vacancy.pk).update(search_vector=None)
    # when
    services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    # then
    assert search("masak") == ["Juru Masak"]


def test_search_uses_the_partial_gin_index(welding_vacancies):
    # given: 2,000 more published vacancies that do not match, and fresh statistics
    template = VacancyFactory(published=True, title="Operator Produksi", description="Shift.")
    columns = [f.column for f in Vacancy._meta.concrete_fields if f.column != "id"]
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO employers_vacancy ({column_list}) SELECT {column_list} FROM employers_vacancy, "
            "generate_series(1, 2000) WHERE id = %s",
            [template.pk],
        )
        # New GIN entries wait in a pending list until vacuum; the planner prices that in.
        cursor.execute("SELECT gin_clean_pending_list('vacancy_search_published')")
        cursor.execute("ANALYZE employers_vacancy")
        # A table this small is cheaper to walk, or to read through the status index, than to
        # search; at 100,000 rows it is not. Take both other paths away (rolled back with the test).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'employers_vacancy' "
            "AND indexdef LIKE '%%btree (status%%'"
        )
        for (index_name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{index_name}"')
        # when
        query = Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED, search_vector=build_search_query("las"))
        sql, params = query.order_by().values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # The statistics outlive the rollback (list counts are estimated from them): leave them as they were.
        cursor.execute("DELETE FROM employers_vacancy WHERE id > %s", [template.pk])
        cursor.execute("ANALYZE employers_vacancy")
    # then
    assert "vacancy_search_published" in plan, plan

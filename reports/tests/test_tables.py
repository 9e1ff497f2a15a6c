"""Every table of March 2026 against numbers computed by hand from reports/tests/scenario.py."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from bontang_aker.reference.models import EducationLevel, KbliCategory, Kecamatan
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry
from reports.rollup import rollup
from reports.tables import NONE, ReportImbalance, month_tables
from reports.tests import scenario

pytestmark = pytest.mark.django_db


def by_key(tables):
    return {table.key: table for table in tables}


def cell(table, row_code, column_key):
    keys = [column.key for column in table.columns]
    row = table.total if row_code == "total" else next(row for row in table.rows if row.code == row_code)
    return row.values[keys.index(column_key)]


def cells(table, row_code, *column_keys):
    return [cell(table, row_code, key) for key in column_keys]


def education(code):
    return str(EducationLevel.objects.get(code=code).pk)


def sector(code):
    return str(KbliCategory.objects.get(code=code).pk)


def kecamatan(name):
    return str(Kecamatan.objects.get(name=name).pk)


@pytest.fixture
def history():
    return scenario.build()


@pytest.fixture
def march(history):
    with translation.override("id"):
        return by_key(month_tables(year=2026, month=3))


def test_iii_1_jobseekers_by_age_group_and_sex(march):
    table = march["iii_1_jobseekers"]
    # J1 (M, 25) carried over and placed; J2 (F, 22) registered and placed in the month
    assert cells(table, "20-29", "carried_over_M", "registered_F", "out_placed_M", "out_placed_F") == [1, 1, 1, 1]
    assert cell(table, "20-29", "carried_forward_all") == 0
    # J7 (M, 30) carried over and forward; J3 (F, 40) registered and removed in the month
    assert [cell(table, "30-44", key) for key in ("carried_over_M", "registered_F", "out_removed_F")] == [1, 1, 1]
    assert (cell(table, "30-44", "carried_forward_M"), cell(table, "30-44", "carried_forward_F")) == (1, 0)
    # J4 (M, 50) lapsed in February and is registered again; J5 (F, 19) at 23:30 WITA on 31 March
    assert (cell(table, "45-54", "registered_M"), cell(table, "45-54", "carried_forward_M")) == (1, 1)
    assert (cell(table, "15-19", "registered_F"), cell(table, "15-19", "carried_forward_F")) == (1, 1)
    # and the totals: 2 + 4 = 6; 2 placed + 1 removed = 3; 6 − 3 = 3 (J6, 00:10 on 1 April, is April's)
    totals = [cell(table, "total", f"{group}_all") for group in (
        "carried_over", "registered", "in_total", "out_placed", "out_removed", "out_total", "carried_forward",
    )]  # fmt: skip
    assert totals == [2, 4, 6, 2, 1, 3, 3]
    assert (cell(table, "total", "carried_over_M"), cell(table, "total", "carried_over_F")) == (2, 0)


def test_iii_1_vacancies_in_openings(march):
    table = march["iii_1_vacancies"]
    # V1 (3 openings, either sex) was published in February with one hire: 2 carried over, both filled in March
    assert (cell(table, "true", "carried_over_any"), cell(table, "true", "out_placed_any")) == (2, 2)
    # V2 (2, men) registered, 1 filled, 1 removed when it closed; V3 (5, women) registered and still open
    assert [cell(table, "true", key) for key in ("registered_M", "out_placed_M", "out_removed_M")] == [2, 1, 1]
    assert (cell(table, "true", "registered_F"), cell(table, "true", "carried_forward_F")) == (5, 5)
    assert [cell(table, "total", f"{group}_all") for group in (
        "carried_over", "registered", "in_total", "out_placed", "out_removed", "out_total", "carried_forward",
    )] == [2, 7, 9, 3, 1, 4, 5]  # fmt: skip


def test_iii_2_and_iii_3_jobseekers_by_education_and_occupation(march):
    table = march["iii_2_jobseekers_education"]
    assert (cell(table, education("SMK"), "carried_over_M"), cell(table, education("SMK"), "out_placed_M")) == (1, 1)
    assert (cell(table, education("SMK"), "registered_F"), cell(table, education("SMK"), "carried_forward_F")) == (1, 1)
    assert (cell(table, education("S1"), "registered_F"), cell(table, education("S1"), "out_placed_F")) == (1, 1)
    assert [cell(table, education("SMA"), key) for key in ("carried_over_M", "registered_F", "out_removed_F")] == [
        1,
        1,
        1,
    ]
    assert (cell(table, education("SD"), "registered_M"), cell(table, education("SD"), "carried_forward_M")) == (1, 1)
    assert cell(table, education("S3"), "carried_forward_all") == 0  # every level has its row
    # nobody chose a preferred occupation: all of them are "not given"
    occupation = march["iii_3_jobseekers_occupation"]
    assert cell(occupation, NONE, "registered_all") == 4 and cell(occupation, NONE, "carried_forward_all") == 3
    assert len(occupation.rows) == 11  # ten KBJI major groups and "not given"


def test_iii_4_to_iii_6_vacancies_by_education_occupation_and_sector(march):
    by_education = march["iii_4_vacancies_education"]
    assert (
        cell(by_education, education("SMK"), "carried_over_any"),
        cell(by_education, education("SMK"), "out_placed_any"),
    ) == (2, 2)
    assert [cell(by_education, education("S1"), key) for key in ("registered_M", "out_placed_M", "out_removed_M")] == [
        2,
        1,
        1,
    ]
    assert cell(by_education, education("SMA"), "carried_forward_F") == 5
    by_occupation = march["iii_5_vacancies_occupation"]
    occupation_rows = {row.label.split(" — ")[0]: row.code for row in by_occupation.rows}
    assert cell(by_occupation, occupation_rows["8"], "carried_over_all") == 2
    assert cell(by_occupation, occupation_rows["2"], "registered_all") == 2
    assert cell(by_occupation, occupation_rows["5"], "carried_forward_all") == 5
    by_sector = march["iii_6_vacancies_sector"]
    assert (cell(by_sector, sector("C"), "carried_over_all"), cell(by_sector, sector("C"), "registered_all")) == (2, 2)
    assert (cell(by_sector, sector("G"), "registered_all"), cell(by_sector, sector("G"), "carried_forward_all")) == (
        5,
        5,
    )


def test_iii_7_and_iii_8_placements(march):
    by_sector = march["iii_7_placements_sector"]
    assert [cell(by_sector, sector("C"), key) for key in ("placed_M", "placed_F", "placed_all", "local")] == [
        2,
        2,
        4,
        3,
    ]
    assert cell(by_sector, sector("C"), "local_share") == 75.0
    assert cell(by_sector, sector("G"), "local_share") is None  # nothing to divide
    by_type = march["iii_8_placements"]
    # J1 (M, SMK) and J9 (F, SMK, no card: her profile) AKL; J2 (F, S1) AKL; J8 (M, SMA, no card) AKAD
    assert (cell(by_type, education("SMK"), "akl_M"), cell(by_type, education("SMK"), "akl_F")) == (1, 1)
    assert cell(by_type, education("S1"), "akl_F") == 1
    assert cell(by_type, education("SMA"), "akad_M") == 1
    assert [cell(by_type, "total", key) for key in ("akl_all", "akad_all", "akan_all", "all_all")] == [3, 1, 0, 4]
    # J10's hire was verified in February
    assert cell(by_type, "total", "all_M") == 2


def test_bontang_company_table_three_of_four_local(march, history):
    table = march["bontang_companies"]
    alpha = f"company:{history.companies['A'].pk}"
    # V2 first published in March (V1 in February); four hire reports received and verified, three local
    assert cells(table, alpha, "vacancies", "openings", "hire_reports", "hires", "local", "non_local") == [
        1,
        2,
        4,
        4,
        3,
        1,
    ]
    assert cell(table, alpha, "local_share") == 75.0
    # since 1 January: J10 in February too, 4 of 5 local
    assert cells(table, alpha, "year_hires", "year_local", "year_local_share") == [5, 4, 80.0]
    beta = f"company:{history.companies['B'].pk}"
    assert [cell(table, beta, key) for key in ("vacancies", "openings", "hires", "local_share")] == [1, 5, 0, None]
    assert "75%" in table.note


def test_bontang_kecamatan_and_disability_tables(march):
    table = march["bontang_kecamatan"]
    # registered in March: J2 Selatan, J3 and J5 Barat, J4 outside Bontang
    assert [
        cell(table, kecamatan(name), "registered") for name in ("Bontang Utara", "Bontang Selatan", "Bontang Barat")
    ] == [0, 1, 2]
    assert cell(table, NONE, "registered") == 1
    # in the register at the end: J7 Selatan, J5 Barat, J4 outside
    assert [cell(table, kecamatan(name), "carried_forward") for name in ("Bontang Selatan", "Bontang Barat")] == [1, 1]
    assert cell(table, NONE, "carried_forward") == 1
    # placements: J1 and J9 Utara, J2 Selatan, J8 outside
    assert [cell(table, kecamatan(name), "placed") for name in ("Bontang Utara", "Bontang Selatan")] == [2, 1]
    assert cell(table, NONE, "placed") == 1
    disability = march["bontang_disability"]
    assert cell(disability, "true", "placed_all") == 0  # J4 has a disability and was not placed
    assert (cell(disability, "false", "placed_all"), cell(disability, "false", "local")) == (4, 3)


def test_february_feeds_march(history):
    with translation.override("id"):
        february = by_key(month_tables(year=2026, month=2))
        march = by_key(month_tables(year=2026, month=3))
    # J7 and J4 carried over, J1 registered, J4 lapsed: 2 + 1 − 1 = 2, which March carries over
    jobseekers = february["iii_1_jobseekers"]
    assert [
        cell(jobseekers, "total", f"{group}_all")
        for group in ("carried_over", "registered", "out_removed", "carried_forward")
    ] == [2, 1, 1, 2]
    assert cell(march["iii_1_jobseekers"], "total", "carried_over_all") == 2
    vacancies = february["iii_1_vacancies"]
    assert [cell(vacancies, "total", f"{group}_all") for group in ("registered", "out_placed", "carried_forward")] == [
        3,
        1,
        2,
    ]


def test_a_quarter_is_its_months_rolled_up(history):
    with translation.override("id"):
        quarter = by_key(rollup([month_tables(year=2026, month=month) for month in (1, 2, 3)]))
    jobseekers = quarter["iii_1_jobseekers"]
    # at 1 January only J7; J4 (Jan), J1 (Feb), J2, J3, J4 again, J5 (Mar) registered;
    # 2 placed, J4 lapsed and J3 removed
    assert [cell(jobseekers, "total", f"{group}_all") for group in (
        "carried_over", "registered", "out_placed", "out_removed", "carried_forward",
    )] == [1, 6, 2, 2, 3]  # fmt: skip
    vacancies = quarter["iii_1_vacancies"]
    assert [cell(vacancies, "total", f"{group}_all") for group in (
        "carried_over", "registered", "out_placed", "out_removed", "carried_forward",
    )] == [0, 10, 4, 1, 5]  # fmt: skip
    companies = quarter["bontang_companies"]
    alpha = next(row.code for row in companies.rows if "Alpha" in row.label)
    # hires add up over the months; the share is computed again from the sums (4 of 5), the year to date is March's
    assert (cell(companies, alpha, "hires"), cell(companies, alpha, "local_share")) == (5, 80.0)
    assert cell(companies, alpha, "year_hires") == 5


def test_a_past_month_computes_the_same_after_the_records_change(history, march):
    # given the records change after March: J2 gains a degree, J7's card is removed, V3 closes, J5 moves
    EducationEntry.objects.create(
        jobseeker=history.people["J2"], level=EducationLevel.objects.get(code="S3"), institution="Universitas"
    )
    card = history.cards["J7"]
    AkiCard.objects.filter(pk=card.pk).update(status="removed")
    AkiCardEvent.objects.create(card=card, from_status="active", to_status="removed")
    history.vacancies["V3"].events.create(from_status="published", to_status="closed")
    history.people["J5"].kelurahan_id = history.people["J1"].kelurahan_id
    history.people["J5"].save()
    # when March is computed again
    with translation.override("id"):
        again = by_key(month_tables(year=2026, month=3))
    # then every table is the same
    assert {key: table.as_dict() for key, table in again.items()} == {
        key: table.as_dict() for key, table in march.items()
    }


def test_an_inconsistent_history_fails_the_balance_check(history):
    # given a removal in March of a card that only became active in April
    card = history.cards["J6"]
    event = AkiCardEvent.objects.create(card=card, from_status="active", to_status="removed")
    AkiCardEvent.objects.filter(pk=event.pk).update(created_at=scenario.at(3, 15))
    # when March is computed, then it fails and says where
    with pytest.raises(ReportImbalance) as failure, translation.override("id"):
        month_tables(year=2026, month=3)
    # (J6 is 33: III/1 counts 30–44 men 1 − 1 = 0 from the flows, while J7 is still counted in the register)
    with translation.override("id"):
        expected = gettext("%(table)s %(row)s %(sex)s: %(flows)s from the flows, %(counted)s counted") % {
            "table": "IPK III/1a", "row": "30–44", "sex": "M", "flows": 0, "counted": 1,
        }  # fmt: skip
    assert expected in failure.value.problems
    with translation.override("id"):
        negative = gettext("%(table)s %(row)s %(sex)s: negative carried forward %(flows)s") % {
            "table": "IPK III/2", "row": "SMK", "sex": "M", "flows": -1,
        }  # fmt: skip
    assert negative in failure.value.problems


def test_the_month_follows_the_wita_calendar(history):
    # J5's card at 23:30 WITA on 31 March is 15:30 UTC: March;
    # J6's at 00:10 WITA on 1 April is 16:10 UTC on 31 March: April
    assert timezone.localtime(history.cards["J6"].issued_at).date() == datetime.date(2026, 4, 1)
    with translation.override("id"):
        april = by_key(month_tables(year=2026, month=4))
    table = april["iii_1_jobseekers"]
    assert cell(table, "30-44", "registered_M") == 1  # J6, 33
    assert cell(table, "total", "carried_over_all") == 3

"""The SQL behind the statutory tables: GROUP BY queries over the dated event rows.

Every figure of a period [start, end) comes from events dated before `end`, never from a record's
current status, so a past month computes the same however the records changed since:

- **Jobseekers** are AK/I cards. A card is in the register while active: it enters when it
  becomes active (issued, or active again after lapsing) and leaves when it is placed (placed)
  or lapses or is removed (removed). It is counted under its holder as at the first issue
  (`AkiCard.holder_*`).
- **Vacancies** are counted in openings, from the first publication of a vacancy to its first
  closing (closed or filled; an extension's review in between keeps it in). Each verified hire
  of the vacancy in that span fills one opening (at most its openings); what is left when it
  closes leaves as removed. A vacancy counts under the sex it asks for (men, women, either).
- **Placements** are hires verified by Disnaker, dated by their verification.

Each query returns plain tuples; `reports.tables` turns them into tables. `stock_*` compute the
register at one instant another way (each card's or vacancy's state at that instant), which is
what the generator's balance check compares the flows against.
"""

from __future__ import annotations

import datetime

from django.db import connection

WITA = "Asia/Makassar"

AGE_GROUP_SQL = """CASE
    WHEN card.holder_age_at_issue IS NULL THEN ''
    WHEN card.holder_age_at_issue < 20 THEN '15-19'
    WHEN card.holder_age_at_issue < 30 THEN '20-29'
    WHEN card.holder_age_at_issue < 45 THEN '30-44'
    WHEN card.holder_age_at_issue < 55 THEN '45-54'
    ELSE '55+' END"""

# The card dimensions, each grouped with the holder's sex: (name, SQL expression).
CARD_DIMENSIONS = (
    ("age_group", AGE_GROUP_SQL),
    ("education", "card.holder_education_id"),
    ("occupation", "card.holder_occupation_id"),
    ("kecamatan", "card.holder_kecamatan_id"),
    ("disability", "coalesce(card.holder_has_disability, false)"),
)

CARD_LEDGER_SQL = """
SELECT event.card_id, event.created_at,
    CASE WHEN event.to_status = 'active' THEN 1 ELSE -1 END AS delta,
    CASE WHEN event.to_status = 'active' THEN 'in'
         WHEN event.to_status = 'placed' THEN 'placed'
         ELSE 'removed' END AS kind
FROM jobseekers_akicardevent event
WHERE event.created_at < %(end)s
  AND event.from_status IS DISTINCT FROM event.to_status
  AND (event.to_status = 'active' OR event.from_status = 'active')
"""


def _grouping_sets(dimensions, *, sex: str) -> tuple[str, str]:
    """The SELECT list (sex, each dimension, a GROUPING bit mask) and the GROUPING SETS clause."""
    expressions = [expression for _, expression in dimensions]
    select = ", ".join(f"{expression} AS {name}" for name, expression in dimensions)
    mask = f"GROUPING({', '.join(expressions)})"
    sets = ", ".join(f"({sex}, {expression})" for expression in expressions)
    return f"{sex} AS sex, {select}, {mask} AS grouping_mask", sets


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _by_dimension(rows: list[tuple], dimensions) -> dict[str, list[tuple]]:
    """Split the rows of a GROUPING SETS query by the dimension each was grouped by.

    A row is (sex, value of each dimension…, grouping mask, figures…); in the mask, a set bit is a
    dimension that row is not grouped by (the leftmost dimension is the highest bit).
    """
    names = [name for name, _ in dimensions]
    count = len(names)
    split: dict[str, list[tuple]] = {name: [] for name in names}
    for row in rows:
        sex, values, mask, figures = row[0], row[1 : 1 + count], row[1 + count], row[2 + count :]
        for index, name in enumerate(names):
            if not mask & (1 << (count - 1 - index)):
                split[name].append((sex, values[index], *figures))
    return split


def card_flows(*, start: datetime.datetime, end: datetime.datetime) -> dict[str, list[tuple]]:
    """Per dimension: (sex, value, carried over, registered, placed, removed)."""
    select, sets = _grouping_sets(CARD_DIMENSIONS, sex="card.holder_sex")
    sql = f"""
    WITH ledger AS ({CARD_LEDGER_SQL})
    SELECT {select},
        coalesce(sum(ledger.delta) FILTER (WHERE ledger.created_at < %(start)s), 0),
        count(*) FILTER (WHERE ledger.created_at >= %(start)s AND ledger.kind = 'in'),
        count(*) FILTER (WHERE ledger.created_at >= %(start)s AND ledger.kind = 'placed'),
        count(*) FILTER (WHERE ledger.created_at >= %(start)s AND ledger.kind = 'removed')
    FROM ledger JOIN jobseekers_akicard card ON card.id = ledger.card_id
    GROUP BY GROUPING SETS ({sets})
    """
    return _by_dimension(_fetch(sql, {"start": start, "end": end}), CARD_DIMENSIONS)


def card_stock(*, at: datetime.datetime) -> dict[str, list[tuple]]:
    """Per dimension: (sex, value, cards whose last event before `at` left them active)."""
    select, sets = _grouping_sets(CARD_DIMENSIONS, sex="card.holder_sex")
    sql = f"""
    WITH last_event AS (
        SELECT DISTINCT ON (event.card_id) event.card_id, event.to_status
        FROM jobseekers_akicardevent event
        WHERE event.created_at < %(at)s
        ORDER BY event.card_id, event.created_at DESC, event.id DESC
    )
    SELECT {select}, count(*)
    FROM last_event JOIN jobseekers_akicard card ON card.id = last_event.card_id
    WHERE last_event.to_status = 'active'
    GROUP BY GROUPING SETS ({sets})
    """
    return _by_dimension(_fetch(sql, {"at": at}), CARD_DIMENSIONS)


# The vacancy dimensions, each grouped with the sex asked for (M, F or "any"). "all" is every
# vacancy (an expression true for all: GROUPING SETS take no constants).
VACANCY_DIMENSIONS = (
    ("all", "(vacancy.id IS NOT NULL)"),
    ("education", "vacancy.min_education_id"),
    ("occupation", "major.id"),
    ("sector", "company.kbli_category_id"),
)

VACANCY_SPANS_SQL = """
first_publication AS (
    SELECT event.vacancy_id, min(event.created_at) AS published_at
    FROM employers_vacancyevent event
    WHERE event.to_status = 'published' AND event.created_at < %(end)s
    GROUP BY event.vacancy_id
),
span AS (
    SELECT publication.vacancy_id, publication.published_at, (
        SELECT min(event.created_at) FROM employers_vacancyevent event
        WHERE event.vacancy_id = publication.vacancy_id AND event.to_status IN ('closed', 'filled')
          AND event.created_at >= publication.published_at
    ) AS ended_at
    FROM first_publication publication
),
hire AS (
    SELECT placement.vacancy_id, event.created_at AS verified_at,
        row_number() OVER (PARTITION BY placement.vacancy_id ORDER BY event.created_at, event.id) AS number
    FROM placements_placement placement
    JOIN placements_placementevent event ON event.placement_id = placement.id AND event.to_status = 'verified'
    JOIN span ON span.vacancy_id = placement.vacancy_id
    WHERE event.created_at >= span.published_at AND (span.ended_at IS NULL OR event.created_at < span.ended_at)
)
"""

VACANCY_JOINS_SQL = """
JOIN employers_vacancy vacancy ON vacancy.id = span.vacancy_id
JOIN employers_company company ON company.id = vacancy.company_id
JOIN reference_kbjigroup occupation ON occupation.id = vacancy.occupation_id
LEFT JOIN reference_kbjigroup major ON major.code = left(occupation.code, 1)
"""


def vacancy_flows(*, start: datetime.datetime, end: datetime.datetime) -> dict[str, list[tuple]]:
    """Per dimension: (sex asked, value, carried over, registered, filled, removed), in openings."""
    select, sets = _grouping_sets(VACANCY_DIMENSIONS, sex="vacancy.sex_requirement")
    sql = f"""
    WITH {VACANCY_SPANS_SQL},
    filled AS (
        SELECT hire.vacancy_id, hire.verified_at FROM hire
        JOIN employers_vacancy vacancy ON vacancy.id = hire.vacancy_id
        WHERE hire.number <= vacancy.openings
    ),
    filled_count AS (SELECT vacancy_id, count(*) AS filled FROM filled GROUP BY vacancy_id),
    ledger AS (
        SELECT span.vacancy_id, span.published_at AS at, 'in' AS kind, vacancy.openings AS quantity
        FROM span JOIN employers_vacancy vacancy ON vacancy.id = span.vacancy_id
        UNION ALL
        SELECT filled.vacancy_id, filled.verified_at, 'filled', 1 FROM filled
        UNION ALL
        SELECT span.vacancy_id, span.ended_at, 'removed', vacancy.openings - coalesce(filled_count.filled, 0)
        FROM span JOIN employers_vacancy vacancy ON vacancy.id = span.vacancy_id
        LEFT JOIN filled_count ON filled_count.vacancy_id = span.vacancy_id
        WHERE span.ended_at IS NOT NULL
    )
    SELECT {select},
        coalesce(sum(CASE WHEN ledger.kind = 'in' THEN ledger.quantity ELSE -ledger.quantity END)
            FILTER (WHERE ledger.at < %(start)s), 0),
        coalesce(sum(ledger.quantity) FILTER (WHERE ledger.at >= %(start)s AND ledger.kind = 'in'), 0),
        coalesce(sum(ledger.quantity) FILTER (WHERE ledger.at >= %(start)s AND ledger.kind = 'filled'), 0),
        coalesce(sum(ledger.quantity) FILTER (WHERE ledger.at >= %(start)s AND ledger.kind = 'removed'), 0)
    FROM ledger JOIN span ON span.vacancy_id = ledger.vacancy_id
    {VACANCY_JOINS_SQL}
    WHERE ledger.at < %(end)s
    GROUP BY GROUPING SETS ({sets})
    """
    return _by_dimension(_fetch(sql, {"start": start, "end": end}), VACANCY_DIMENSIONS)


def vacancy_stock(*, at: datetime.datetime) -> dict[str, list[tuple]]:
    """Per dimension: (sex asked, value, openings open at `at`), from each vacancy's span and hires."""
    select, sets = _grouping_sets(VACANCY_DIMENSIONS, sex="vacancy.sex_requirement")
    sql = f"""
    WITH {VACANCY_SPANS_SQL}
    , hired AS (SELECT vacancy_id, count(*) AS hires FROM hire WHERE verified_at < %(at)s GROUP BY vacancy_id)
    SELECT {select},
        coalesce(sum(vacancy.openings - least(vacancy.openings, coalesce(hired.hires, 0))), 0)
    FROM span {VACANCY_JOINS_SQL}
    LEFT JOIN hired ON hired.vacancy_id = span.vacancy_id
    WHERE span.published_at < %(at)s AND (span.ended_at IS NULL OR span.ended_at >= %(at)s)
    GROUP BY GROUPING SETS ({sets})
    """
    return _by_dimension(_fetch(sql, {"at": at, "end": at}), VACANCY_DIMENSIONS)


# The placed person's facts: from their latest issued card (as at its issue), else the profile now.
PLACED_PERSON_SQL = """
JOIN jobseekers_jobseekerprofile person ON person.id = placement.jobseeker_id
LEFT JOIN reference_kelurahan person_kelurahan ON person_kelurahan.id = person.kelurahan_id
LEFT JOIN LATERAL (
    SELECT card.holder_sex, card.holder_education_id, card.holder_kecamatan_id, card.holder_has_disability
    FROM jobseekers_akicard card
    WHERE card.jobseeker_id = placement.jobseeker_id AND card.issued_at IS NOT NULL AND card.holder_sex <> ''
    ORDER BY card.issued_at DESC LIMIT 1
) card ON true
LEFT JOIN LATERAL (
    SELECT entry.level_id FROM jobseekers_educationentry entry
    JOIN reference_educationlevel level ON level.id = entry.level_id
    WHERE entry.jobseeker_id = placement.jobseeker_id AND card.holder_sex IS NULL
    ORDER BY level.rank DESC, entry.id LIMIT 1
) education ON true
"""

# Without a card, the profile as it is now.
PLACED_EDUCATION_SQL = "CASE WHEN card.holder_sex IS NULL THEN education.level_id ELSE card.holder_education_id END"

PLACEMENT_DIMENSIONS = (
    ("type_education", f"placement.placement_type || ':' || coalesce(({PLACED_EDUCATION_SQL})::text, '')"),
    ("sector", "company.kbli_category_id"),
    (
        "kecamatan",
        "coalesce(card.holder_kecamatan_id, CASE WHEN card.holder_sex IS NULL THEN person_kelurahan.kecamatan_id END)",
    ),
    ("disability", "coalesce(card.holder_has_disability, person.has_disability)"),
)


def placement_counts(*, start: datetime.datetime, end: datetime.datetime) -> dict[str, list[tuple]]:
    """Per dimension: (sex, value, verified placements, of which local)."""
    select, sets = _grouping_sets(PLACEMENT_DIMENSIONS, sex="coalesce(card.holder_sex, person.sex)")
    sql = f"""
    SELECT {select},
        count(*), count(*) FILTER (WHERE placement.is_local)
    FROM placements_placement placement
    JOIN placements_placementevent event ON event.placement_id = placement.id AND event.to_status = 'verified'
    JOIN employers_company company ON company.id = placement.company_id
    {PLACED_PERSON_SQL}
    WHERE event.created_at >= %(start)s AND event.created_at < %(end)s
    GROUP BY GROUPING SETS ({sets})
    """
    return _by_dimension(_fetch(sql, {"start": start, "end": end}), PLACEMENT_DIMENSIONS)


def company_figures(*, start: datetime.datetime, end: datetime.datetime, year_start: datetime.datetime) -> list[tuple]:
    """Per company with anything in the period: (company id, name, NIB, vacancies first published,
    their openings, hire reports received, hires verified, of which local, verified since the
    start of the year, of which local)."""
    sql = """
    WITH published AS (
        SELECT vacancy.company_id, count(*) AS vacancies, sum(vacancy.openings) AS openings
        FROM (
            SELECT event.vacancy_id FROM employers_vacancyevent event WHERE event.to_status = 'published'
            GROUP BY event.vacancy_id HAVING min(event.created_at) >= %(start)s AND min(event.created_at) < %(end)s
        ) first JOIN employers_vacancy vacancy ON vacancy.id = first.vacancy_id
        GROUP BY vacancy.company_id
    ),
    reported AS (
        SELECT placement.company_id, count(*) AS reports
        FROM placements_placement placement
        JOIN placements_placementevent event ON event.placement_id = placement.id
            AND event.from_status = '' AND event.to_status = 'reported'
        WHERE event.created_at >= %(start)s AND event.created_at < %(end)s
        GROUP BY placement.company_id
    ),
    verified AS (
        SELECT placement.company_id,
            count(*) FILTER (WHERE event.created_at >= %(start)s) AS hires,
            count(*) FILTER (WHERE event.created_at >= %(start)s AND placement.is_local) AS local_hires,
            count(*) AS year_hires,
            count(*) FILTER (WHERE placement.is_local) AS year_local_hires
        FROM placements_placement placement
        JOIN placements_placementevent event ON event.placement_id = placement.id AND event.to_status = 'verified'
        WHERE event.created_at >= %(year_start)s AND event.created_at < %(end)s
        GROUP BY placement.company_id
    ),
    active AS (
        SELECT company_id FROM published UNION SELECT company_id FROM reported
        UNION SELECT company_id FROM verified WHERE hires > 0
    )
    SELECT company.id, company.name, company.nib,
        coalesce(published.vacancies, 0), coalesce(published.openings, 0), coalesce(reported.reports, 0),
        coalesce(verified.hires, 0), coalesce(verified.local_hires, 0),
        coalesce(verified.year_hires, 0), coalesce(verified.year_local_hires, 0)
    FROM active JOIN employers_company company ON company.id = active.company_id
    LEFT JOIN published ON published.company_id = company.id
    LEFT JOIN reported ON reported.company_id = company.id
    LEFT JOIN verified ON verified.company_id = company.id
    ORDER BY company.name, company.id
    """
    return _fetch(sql, {"start": start, "end": end, "year_start": year_start})

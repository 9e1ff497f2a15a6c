"""The score of (vacancy, jobseeker) pairs: one SQL formula over the facts tables, for both directions.

Hard conditions leave a pair out: the vacancy's minimum education, its age range, its sex
requirement (always justified, employers.forms), work outside Bontang only for those willing,
and for the vacancy's candidate list an active AK/I card. Every other component is a fraction
from 0 to 1 multiplied by its weight (`MATCHING_WEIGHTS`, scaled to add up to 100):

- skills: the share of the vacancy's skill groups the person has (a related skill, or the skill's
  name in the profile's words only, counts half; without skill groups, whether the title's words
  or their skill synonyms appear in the profile);
- certificates: a valid certificate that names what the vacancy's competencies ask (full when the
  vacancy asks none);
- occupation: KBJI 2014, the same unit group 1, minor 0.7, sub-major 0.5, major group 0.3;
- education: meeting the minimum 0.7, plus 0.3 when a major fits the fields of study asked;
- experience: years against the minimum asked (full when none is asked);
- local: a KTP address in Bontang (the Perda priority);
- waiting: time since the active AK/I card was issued, full after a year;
- priority: PKP household, SMK graduate, disability: half each, at most full;
- wage: the expected wage within the offer, less the further above it;
- activity: the last login or profile change, full within 30 days, nothing after 180.

Only pairs with something in common are scored: a shared skill (listed, or named in the profile's
words), the same KBJI major group, and for the vacancy's list also the title's words in the
profile. The same expressions serve the vacancy's candidates and the jobseeker's vacancies, so a
pair has one score whichever side asked.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bontang_aker.reference.models import EducationLevel
from matching.facts import MAX_SKILL_GROUPS

COMPONENTS = (
    "skills",
    "certificates",
    "occupation",
    "education",
    "experience",
    "local",
    "waiting",
    "priority",
    "wage",
    "activity",
)

# Arithmetic in double precision throughout (float8 constants, date_part rather than extract, which
# returns numeric): numeric arithmetic cost several microseconds per pair.
_FRACTIONS = {
    "skills": """CASE WHEN v.skill_group_count > 0 THEN coalesce(sk.total, 0.0::float8) / v.skill_group_count
                      WHEN v.title_query IS NOT NULL AND f.profile_vector @@ v.title_query THEN 1.0::float8
                      ELSE 0.0::float8 END""",
    "certificates": """CASE WHEN v.certificate_query IS NULL THEN 1.0::float8
                            WHEN f.certificate_vector @@ v.certificate_query THEN 1.0::float8 ELSE 0.0::float8 END""",
    "occupation": """CASE WHEN v.occupation_code = ANY(f.occupation_codes) THEN 1.0::float8
                          WHEN v.occupation_3 = ANY(f.occupation_codes) THEN 0.7::float8
                          WHEN v.occupation_2 = ANY(f.occupation_codes) THEN 0.5::float8
                          WHEN v.occupation_1 = ANY(f.occupation_codes) THEN 0.3::float8
                          ELSE 0.0::float8 END""",
    "education": """CASE WHEN v.majors_query IS NULL OR f.majors_vector @@ v.majors_query THEN 1.0::float8
                         ELSE 0.7::float8 END""",
    "experience": """CASE WHEN v.experience_years_min = 0 THEN 1.0::float8
                          ELSE least(1.0::float8, f.experience_months / (12.0::float8 * v.experience_years_min)) END""",
    "local": "CASE WHEN f.is_local THEN 1.0::float8 ELSE 0.0::float8 END",
    "waiting": """CASE WHEN f.card_issued_at IS NULL THEN 0.0::float8
                       ELSE least(1.0::float8, greatest(0.0::float8,
                            date_part('epoch', %(now)s - f.card_issued_at) / 31536000.0::float8)) END""",
    "priority": """least(1.0::float8, 0.5::float8 * (f.is_poor_household::int + f.is_smk_graduate::int
                                                    + f.has_disability::int))""",
    "wage": """CASE WHEN f.expected_wage IS NULL OR v.monthly_wage_offer IS NULL
                         OR f.expected_wage <= v.monthly_wage_offer THEN 1.0::float8
                    ELSE greatest(0.0::float8,
                                  1.0::float8 - (f.expected_wage - v.monthly_wage_offer)::float8 / v.monthly_wage_offer)
               END""",
    "activity": """CASE WHEN f.last_active_at IS NULL THEN 0.0::float8
                        ELSE least(1.0::float8, greatest(0.0::float8,
                            (180.0::float8 - date_part('epoch', %(now)s - f.last_active_at) / 86400.0::float8)
                            / 150.0::float8)) END""",
}


def vacancies_sql(condition: str = "true") -> str:
    """The vacancies' facts (those meeting `condition`, on `vf`) with what the formula derives from
    them, once per vacancy rather than once per pair (`OFFSET 0` keeps PostgreSQL from putting the
    expressions back into the join): the occupation's prefixes (NULL where the code is no longer)
    and the birth dates the age range allows. One vacancy's callers filter inside, not after."""
    return f"""(
    SELECT vf.*,
        left(vf.occupation_code, 1)::varchar AS occupation_1,
        CASE WHEN length(vf.occupation_code) > 2 THEN left(vf.occupation_code, 2) END::varchar AS occupation_2,
        CASE WHEN length(vf.occupation_code) > 3 THEN left(vf.occupation_code, 3) END::varchar AS occupation_3,
        (%(today)s::date - make_interval(years => vf.age_min))::date AS born_by,
        (%(today)s::date - make_interval(years => vf.age_max + 1))::date AS born_after
    FROM matching_vacancyfacts AS vf
    WHERE {condition}
    OFFSET 0
)"""


# The pair must pass every hard condition (the card is added for the vacancy's candidate list).
_HARD_CONDITIONS = """
    (v.min_education_rank <= %(lowest_rank)s OR f.education_rank >= v.min_education_rank)
    AND (v.born_by IS NULL OR f.birth_date <= v.born_by)
    AND (v.born_after IS NULL OR f.birth_date > v.born_after)
    AND (v.sex = 'any' OR v.sex = f.sex)
    AND (NOT v.outside_bontang OR f.willing_outside_bontang)
"""

# Something in common, seen from the jobseeker: a shared skill (listed, or named in the profile's
# words) or the same KBJI major group. The vacancy's list also takes the title's words in the
# profile (indexed there: the GIN index of the profile vectors).
_RELEVANT = """
    (v.skill_ids && f.skill_ids OR v.skill_ids && f.word_skill_ids
     OR v.occupation_1 = ANY(f.occupation_codes))
"""

# One skill group's credit: the skill itself 1, a related skill or the skill named in words 0.5.
_CREDIT = """CASE WHEN f.skill_ids && {skills} THEN 1.0::float8
                 WHEN f.skill_ids && {related} OR f.word_skill_ids && {skills} THEN 0.5::float8 ELSE 0.0::float8 END"""

# The credits of every group of the vacancy, from the group matrices of its facts row (no table
# read per pair; `&&` compares elements whatever the dimensions, and the 0 padding matches nothing).
_GROUP_CREDIT = _CREDIT.format(skills="v.group_skills[{i}:{i}]", related="v.group_related[{i}:{i}]")

# Their sum, for the score of every pair the jobseeker side considers: unrolled up to the most
# groups a vacancy has (facts.MAX_SKILL_GROUPS), a group past the vacancy's count costing one
# comparison; a subquery per pair cost several times more.
_SKILL_TOTAL = (
    "CROSS JOIN LATERAL (SELECT "
    + " + ".join(
        f"CASE WHEN v.skill_group_count >= {i} THEN {_GROUP_CREDIT.format(i=i)} ELSE 0.0::float8 END"
        for i in range(1, MAX_SKILL_GROUPS + 1)
    )
    + " AS total, NULL::float8[] AS credits) AS sk"
)

# Each group's credit, in order (for the explanation): computed only for the pairs kept.
_SKILL_CREDITS = (
    """
LEFT JOIN LATERAL (
    SELECT sum(c.credit) AS total, array_agg(c.credit ORDER BY c.i) AS credits
    FROM (SELECT i, """
    + _GROUP_CREDIT.format(i="i")
    + """ AS credit FROM generate_subscripts(v.group_skills, 1) AS i) AS c
) AS sk ON true
"""
)


# The vacancy's facts columns the formula reads, with their SQL types: one vacancy's values are
# put in as constants (best_candidates_query) in place of `v.<column>`.
_VACANCY_COLUMNS = {
    "vacancy_id": "bigint",
    "occupation_code": "varchar",
    "min_education_rank": "int",
    "age_min": "int",
    "age_max": "int",
    "sex": "varchar",
    "outside_bontang": "boolean",
    "skill_group_count": "int",
    "title_query": "tsquery",
    "certificate_query": "tsquery",
    "majors_query": "tsquery",
    "experience_years_min": "int",
    "monthly_wage_offer": "bigint",
    "occupation_1": "varchar",
    "occupation_2": "varchar",
    "occupation_3": "varchar",
    "born_by": "date",
    "born_after": "date",
}


def _vacancy_constants(sql: str) -> str:
    """The SQL with each `v.<column>` replaced by the parameter `v_<column>`, cast to its type."""
    return re.sub(r"\bv\.(\w+)\b", lambda found: f"(%(v_{found[1]})s::{_VACANCY_COLUMNS[found[1]]})", sql)


def _constant_skill_credits(groups: list[tuple[list[int], list[int]]], params: dict) -> tuple[str, str]:
    """The same credits for one vacancy whose groups are known, as constants: no table read per pair.

    Returns the LATERAL giving each pair's total (a plain sum), and the credits array expression,
    computed for the stored pairs only (best_candidates_query).
    """
    if not groups:
        return "CROSS JOIN LATERAL (SELECT 0.0::float8 AS total, NULL::float8[] AS credits) AS sk", "'{}'::float[]"
    credits = []
    for index, (skills, related) in enumerate(groups):
        params[f"group_{index}_skills"], params[f"group_{index}_related"] = skills, related
        credits.append(
            _CREDIT.format(skills=f"%(group_{index}_skills)s::int[]", related=f"%(group_{index}_related)s::int[]")
        )
    total = " + ".join(f"({credit})" for credit in credits)
    return (
        f"CROSS JOIN LATERAL (SELECT {total} AS total, NULL::float8[] AS credits) AS sk",
        "ARRAY[" + ", ".join(credits) + "]::float[]",
    )


def weights() -> dict[str, float]:
    """The component weights from settings, scaled so that they add up to 100."""
    configured = {name: float(settings.MATCHING_WEIGHTS.get(name, 0)) for name in COMPONENTS}
    total = sum(configured.values())
    if total <= 0:
        raise ValueError("MATCHING_WEIGHTS must add up to more than 0")
    return {name: value * 100.0 / total for name, value in configured.items()}


def scored_sql(source: str) -> str:
    """`SELECT vacancy_id, jobseeker_id, score, <one column per component>, skill_credits FROM …`.

    `source` is the FROM clause joining `matching_vacancyfacts AS v`, `matching_jobseekerfacts AS
    f` and the skill credits `sk`, with its WHERE. Each component is computed once per pair, and
    the score once from them: `OFFSET 0` keeps PostgreSQL from merging the subquery into the outer
    query, which would compute every component again inside the score.
    """
    weight = weights()
    fractions = ",\n        ".join(f"({_FRACTIONS[name]})::float AS {name}" for name in COMPONENTS)
    total = " + ".join(f"{weight[name]:.6f} * s.{name}" for name in COMPONENTS)
    return f"""
SELECT s.*, least(100, greatest(0, round({total})))::int AS score FROM (
    SELECT v.vacancy_id AS vacancy_id, f.jobseeker_id,
        {fractions},
        coalesce(sk.credits, '{{}}')::float[] AS skill_credits
    {source}
    OFFSET 0
) AS s
"""


@dataclass(frozen=True)
class ScoredPair:
    vacancy_id: int
    jobseeker_id: int
    score: int
    fractions: dict[str, float]
    skill_credits: list[float]


def _params(today: datetime.date | None, now: datetime.datetime | None) -> dict:
    lowest = EducationLevel.objects.order_by("rank").values_list("rank", flat=True).first() or 0
    return {"today": today or timezone.localdate(), "now": now or timezone.now(), "lowest_rank": lowest}


def _rows(sql: str, params: dict) -> list[ScoredPair]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return [
        ScoredPair(
            vacancy_id=row["vacancy_id"],
            jobseeker_id=row["jobseeker_id"],
            score=row["score"],
            fractions={name: row[name] for name in COMPONENTS},
            skill_credits=[float(credit) for credit in row["skill_credits"]],
        )
        for row in rows
    ]


def best_candidates_query(
    *,
    vacancy_id: int,
    limit: int,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    by_occupation: bool = True,
) -> tuple[str, dict] | None:
    """The SQL of the vacancy's best `limit` candidates with an active AK/I card; None without facts.

    With `by_occupation=False` only those who share a skill (or a related one, or name one in
    words) or whose profile has the title's words are scored: far fewer rows than everyone in the
    same KBJI major group. Those left out score 0 for skills, so at most `occupation_only_ceiling()`:
    when the narrow list is full and its lowest score is above that, it is the exact answer.
    """
    with connection.cursor() as cursor:
        columns = ", ".join(f"{name}::text" if kind == "tsquery" else name for name, kind in _VACANCY_COLUMNS.items())
        cursor.execute(
            f"SELECT skill_ids, {columns} FROM {vacancies_sql('vf.vacancy_id = %(vacancy_id)s')} AS v",
            {"vacancy_id": vacancy_id, "today": today or timezone.localdate()},
        )
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute(
            "SELECT skill_ids, related_ids FROM matching_vacancyskillgroup WHERE vacancy_id = %s ORDER BY position",
            [vacancy_id],
        )
        groups = cursor.fetchall()
    skill_ids, *values = row
    vacancy = dict(zip(_VACANCY_COLUMNS, values, strict=True))
    params = (
        _params(today, now)
        | {f"v_{name}": value for name, value in vacancy.items()}
        | {"limit": limit, "skill_ids": skill_ids, "by_occupation": by_occupation}
    )
    # The vacancy's values are constants here: PostgreSQL folds every expression of the vacancy
    # alone once (the age limits, the occupation's prefixes, the conditions on an empty query), the
    # hard conditions become plain filters of the jobseekers' scan, and no group row is read per pair.
    skill_total, skill_credits = _constant_skill_credits(groups, params)
    source = _vacancy_constants(
        """
    FROM matching_jobseekerfacts AS f
    """
        + skill_total
        + """
    WHERE f.card_active AND """
        + _HARD_CONDITIONS
        + """
        AND (f.skill_ids && %(skill_ids)s::int[]
             OR f.word_skill_ids && %(skill_ids)s::int[]
             OR (%(by_occupation)s AND f.occupation_codes && ARRAY[v.occupation_1]::varchar[])
             OR (v.title_query IS NOT NULL AND f.profile_vector @@ v.title_query))
"""
    )
    # The best `limit` by score first; the per-group credits (for the explanation) only for them.
    columns = ", ".join(f"r.{name}" for name in ("vacancy_id", "jobseeker_id", *COMPONENTS, "score"))
    sql = (
        f"SELECT {columns}, {skill_credits} AS skill_credits FROM ("
        + _vacancy_constants(scored_sql(source))
        + " ORDER BY score DESC, jobseeker_id LIMIT %(limit)s) AS r "
        "JOIN matching_jobseekerfacts AS f ON f.jobseeker_id = r.jobseeker_id "
        "ORDER BY r.score DESC, r.jobseeker_id"
    )
    return sql, params


def occupation_only_ceiling() -> int:
    """The highest score of someone who shares no skill and not the title's words: no skill points."""
    return round(100 - weights()["skills"])


def best_candidates(
    *, vacancy_id: int, limit: int, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> list[ScoredPair]:
    """The vacancy's best `limit` candidates holding an active AK/I card, best first."""
    query = best_candidates_query(vacancy_id=vacancy_id, limit=limit, today=today, now=now)
    return _rows(*query) if query else []


def best_vacancies_query(
    *, jobseeker_ids: list[int], limit: int, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> tuple[str, dict]:
    """The SQL of each jobseeker's best `limit` open vacancies."""
    params = _params(today, now) | {"jobseeker_ids": list(jobseeker_ids), "limit": limit}
    source = (
        """
    FROM matching_jobseekerfacts AS f
    JOIN """
        + vacancies_sql()
        + """ AS v ON """
        + _RELEVANT
        + " AND "
        + _HARD_CONDITIONS
        + """
    JOIN employers_vacancy AS ev ON ev.id = v.vacancy_id AND ev.status = 'published' AND ev.close_date >= %(today)s
    """
        + _SKILL_TOTAL
        + """
    WHERE f.jobseeker_id = ANY(%(jobseeker_ids)s::bigint[])
"""
    )
    # The best `limit` of each jobseeker by score; each group's credit (for the explanation) only for them.
    columns = ", ".join(f"ranked.{name}" for name in ("vacancy_id", "jobseeker_id", *COMPONENTS, "score", "rank"))
    sql = (
        f"SELECT {columns}, coalesce(sk.credits, '{{}}')::float[] AS skill_credits FROM ("
        "SELECT scored.*, row_number() OVER (PARTITION BY jobseeker_id ORDER BY score DESC, vacancy_id) AS rank "
        "FROM (" + scored_sql(source) + ") AS scored) AS ranked "
        "JOIN matching_vacancyfacts AS v ON v.vacancy_id = ranked.vacancy_id "
        "JOIN matching_jobseekerfacts AS f ON f.jobseeker_id = ranked.jobseeker_id "
        + _SKILL_CREDITS
        + " WHERE ranked.rank <= %(limit)s"
    )
    return sql, params


def best_vacancies(
    *, jobseeker_ids: list[int], limit: int, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> list[ScoredPair]:
    """For each of these jobseekers, their best `limit` open vacancies (ordered by jobseeker, best first)."""
    if not jobseeker_ids:
        return []
    sql, params = best_vacancies_query(jobseeker_ids=jobseeker_ids, limit=limit, today=today, now=now)
    return _rows(sql + " ORDER BY jobseeker_id, score DESC, vacancy_id", params)


def pair_score(
    *, vacancy_id: int, jobseeker_id: int, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> ScoredPair | None:
    """One pair's score, or None when a hard condition leaves it out (the card is not required here)."""
    source = (
        """
    FROM """
        + vacancies_sql("vf.vacancy_id = %(vacancy_id)s")
        + """ AS v
    JOIN matching_jobseekerfacts AS f ON """
        + _HARD_CONDITIONS
        + _SKILL_CREDITS
        + """
    WHERE v.vacancy_id = %(vacancy_id)s AND f.jobseeker_id = %(jobseeker_id)s
"""
    )
    rows = _rows(scored_sql(source), _params(today, now) | {"vacancy_id": vacancy_id, "jobseeker_id": jobseeker_id})
    return rows[0] if rows else None

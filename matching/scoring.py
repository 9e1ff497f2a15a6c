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
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bontang_aker.reference.models import EducationLevel

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

_FRACTIONS = {
    "skills": """CASE WHEN v.skill_group_count > 0 THEN coalesce(sk.total, 0) / v.skill_group_count
                      WHEN v.title_query IS NOT NULL AND f.profile_vector @@ v.title_query THEN 1.0
                      ELSE 0.0 END""",
    "certificates": """CASE WHEN v.certificate_query IS NULL THEN 1.0
                            WHEN f.certificate_vector @@ v.certificate_query THEN 1.0 ELSE 0.0 END""",
    "occupation": """CASE WHEN v.occupation_code = ANY(f.occupation_codes) THEN 1.0
                          WHEN length(v.occupation_code) > 3 AND left(v.occupation_code, 3) = ANY(f.occupation_codes)
                               THEN 0.7
                          WHEN length(v.occupation_code) > 2 AND left(v.occupation_code, 2) = ANY(f.occupation_codes)
                               THEN 0.5
                          WHEN left(v.occupation_code, 1) = ANY(f.occupation_codes) THEN 0.3 ELSE 0.0 END""",
    "education": """0.7 + CASE WHEN v.majors_query IS NULL OR f.majors_vector @@ v.majors_query
                               THEN 0.3 ELSE 0.0 END""",
    "experience": """CASE WHEN v.experience_years_min = 0 THEN 1.0
                          ELSE least(1.0, f.experience_months / (12.0 * v.experience_years_min)) END""",
    "local": "CASE WHEN f.is_local THEN 1.0 ELSE 0.0 END",
    "waiting": """CASE WHEN f.card_issued_at IS NULL THEN 0.0
                       ELSE least(1.0, greatest(0.0, extract(epoch FROM %(now)s - f.card_issued_at) / 31536000.0))
                  END""",
    "priority": """least(1.0, 0.5 * f.is_poor_household::int + 0.5 * f.is_smk_graduate::int
                              + 0.5 * f.has_disability::int)""",
    "wage": """CASE WHEN f.expected_wage IS NULL OR v.monthly_wage_offer IS NULL
                         OR f.expected_wage <= v.monthly_wage_offer THEN 1.0
                    ELSE greatest(0.0, 1.0 - (f.expected_wage - v.monthly_wage_offer)::float / v.monthly_wage_offer)
               END""",
    "activity": """CASE WHEN f.last_active_at IS NULL THEN 0.0
                        ELSE least(1.0, greatest(0.0,
                            (180.0 - extract(epoch FROM %(now)s - f.last_active_at) / 86400.0) / 150.0)) END""",
}

# The pair must pass every hard condition (the card is added for the vacancy's candidate list).
_HARD_CONDITIONS = """
    (v.min_education_rank <= %(lowest_rank)s OR f.education_rank >= v.min_education_rank)
    AND (v.age_min IS NULL OR f.birth_date <= (%(today)s::date - make_interval(years => v.age_min)))
    AND (v.age_max IS NULL OR f.birth_date > (%(today)s::date - make_interval(years => v.age_max + 1)))
    AND (v.sex = 'any' OR v.sex = f.sex)
    AND (NOT v.outside_bontang OR f.willing_outside_bontang)
"""

# Something in common, seen from the jobseeker: a shared skill (listed, or named in the profile's
# words) or the same KBJI major group. The vacancy's list also takes the title's words in the
# profile (indexed there: the GIN index of the profile vectors).
_RELEVANT = """
    (v.skill_ids && (f.skill_ids || f.word_skill_ids) OR left(v.occupation_code, 1) = ANY(f.occupation_codes))
"""

# One skill group's credit: the skill itself 1, a related skill or the skill named in words 0.5.
_CREDIT = """CASE WHEN f.skill_ids && {skills} THEN 1.0
                 WHEN f.skill_ids && {related} OR f.word_skill_ids && {skills} THEN 0.5 ELSE 0.0 END"""

# The credits of every group of the vacancy, from the group matrices of its facts row (no table
# read per pair; `&&` compares elements whatever the dimensions, and the 0 padding matches nothing).
_SKILL_CREDITS = (
    """
LEFT JOIN LATERAL (
    SELECT sum(c.credit) AS total, array_agg(c.credit ORDER BY c.i) AS credits
    FROM (
        SELECT i, """
    + _CREDIT.format(skills="v.group_skills[i:i]", related="v.group_related[i:i]")
    + """ AS credit
        FROM generate_subscripts(v.group_skills, 1) AS i
    ) AS c
) AS sk ON true
"""
)


def _constant_skill_credits(groups: list[tuple[list[int], list[int]]], params: dict) -> tuple[str, str]:
    """The same credits for one vacancy whose groups are known, as constants: no table read per pair.

    Returns the LATERAL giving each pair's total (a plain sum), and the credits array expression,
    computed for the stored pairs only (best_candidates_query).
    """
    if not groups:
        return "CROSS JOIN LATERAL (SELECT 0.0 AS total, NULL::numeric[] AS credits) AS sk", "'{}'::float[]"
    credits = []
    for index, (skills, related) in enumerate(groups):
        params[f"group_{index}_skills"], params[f"group_{index}_related"] = skills, related
        credits.append(
            _CREDIT.format(skills=f"%(group_{index}_skills)s::int[]", related=f"%(group_{index}_related)s::int[]")
        )
    total = " + ".join(f"({credit})" for credit in credits)
    return (
        f"CROSS JOIN LATERAL (SELECT {total} AS total, NULL::numeric[] AS credits) AS sk",
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
    the score once from them.
    """
    weight = weights()
    fractions = ",\n        ".join(f"({_FRACTIONS[name]})::float AS {name}" for name in COMPONENTS)
    total = " + ".join(f"{weight[name]:.6f} * s.{name}" for name in COMPONENTS)
    return f"""
SELECT s.*, least(100, greatest(0, round({total})))::int AS score FROM (
    SELECT v.vacancy_id, f.jobseeker_id,
        {fractions},
        coalesce(sk.credits, '{{}}')::float[] AS skill_credits
    {source}
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
        cursor.execute(
            "SELECT skill_ids, occupation_code, title_query::text FROM matching_vacancyfacts WHERE vacancy_id = %s",
            [vacancy_id],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute(
            "SELECT skill_ids, related_ids FROM matching_vacancyskillgroup WHERE vacancy_id = %s ORDER BY position",
            [vacancy_id],
        )
        groups = cursor.fetchall()
    skill_ids, occupation_code, title_query = row
    params = _params(today, now) | {
        "vacancy_id": vacancy_id,
        "limit": limit,
        "skill_ids": skill_ids,
        "occupation": occupation_code,
        "title_query": title_query,
        "by_occupation": by_occupation,
    }
    # The vacancy's values are constants here, so PostgreSQL combines the GIN indexes of the
    # jobseekers' facts (a bitmap OR) to find the candidates, and reads no group row per pair.
    skill_total, skill_credits = _constant_skill_credits(groups, params)
    source = (
        """
    FROM matching_vacancyfacts AS v
    JOIN matching_jobseekerfacts AS f ON f.card_active AND """
        + _HARD_CONDITIONS
        + """
        AND (f.skill_ids && %(skill_ids)s::int[]
             OR f.word_skill_ids && %(skill_ids)s::int[]
             OR (%(by_occupation)s AND f.occupation_codes && ARRAY[left(%(occupation)s, 1)]::varchar[])
             OR (%(title_query)s::tsquery IS NOT NULL AND f.profile_vector @@ %(title_query)s::tsquery))
    """
        + skill_total
        + """
    WHERE v.vacancy_id = %(vacancy_id)s
"""
    )
    # The best `limit` by score first; the per-group credits (for the explanation) only for them.
    columns = ", ".join(f"r.{name}" for name in ("vacancy_id", "jobseeker_id", *COMPONENTS, "score"))
    sql = (
        f"SELECT {columns}, {skill_credits} AS skill_credits FROM ("
        + scored_sql(source)
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
    JOIN matching_vacancyfacts AS v ON """
        + _RELEVANT
        + " AND "
        + _HARD_CONDITIONS
        + """
    JOIN employers_vacancy AS ev ON ev.id = v.vacancy_id AND ev.status = 'published' AND ev.close_date >= %(today)s
    """
        + _SKILL_CREDITS
        + """
    WHERE f.jobseeker_id = ANY(%(jobseeker_ids)s::bigint[])
"""
    )
    sql = (
        "SELECT * FROM (SELECT scored.*, row_number() OVER (PARTITION BY jobseeker_id ORDER BY score DESC, "
        "vacancy_id) AS rank FROM (" + scored_sql(source) + ") AS scored) AS ranked WHERE rank <= %(limit)s"
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
    FROM matching_vacancyfacts AS v
    JOIN matching_jobseekerfacts AS f ON """
        + _HARD_CONDITIONS
        + _SKILL_CREDITS
        + """
    WHERE v.vacancy_id = %(vacancy_id)s AND f.jobseeker_id = %(jobseeker_id)s
"""
    )
    rows = _rows(scored_sql(source), _params(today, now) | {"vacancy_id": vacancy_id, "jobseeker_id": jobseeker_id})
    return rows[0] if rows else None

"""The facts tables scoring reads (matching.models), rebuilt from the records in SQL.

`jobseeker_facts_refresh(ids)` writes one `JobseekerFacts` row per jobseeker who may be matched
(an active account whose NIK claim stands and who has not asked for deletion) and removes the
rows of everyone else among `ids`; `vacancy_facts_refresh(ids)` does the same for published
vacancies, deriving the skill groups in Python from the skill vocabulary (small, cached).
Both take a list of ids, or None for all, and cost a fixed number of statements.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import Skill
from employers.models import Vacancy
from employers.search import SEARCH_CONFIG, _lexemes_of, _quote
from jobseekers.models import local_residence_cutoff
from matching.models import VacancyFacts, VacancySkillGroup

# Per wage period, how many of them make a month (for comparing with a monthly expectation).
PERIODS_PER_MONTH = {Vacancy.WagePeriod.MONTH: 1, Vacancy.WagePeriod.DAY: 25, Vacancy.WagePeriod.HOUR: 173}
MAX_SKILL_GROUPS = 20

_JOBSEEKER_FACTS_SQL = f"""
WITH chosen AS (
    SELECT p.* FROM jobseekers_jobseekerprofile AS p
    JOIN accounts_user AS u ON u.id = p.user_id AND u.is_active
    WHERE p.nik_revoked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM jobseekers_deletionrequest AS d WHERE d.jobseeker_id = p.id)
      AND (%(ids)s::bigint[] IS NULL OR p.id = ANY(%(ids)s::bigint[]))
)
INSERT INTO matching_jobseekerfacts (
    jobseeker_id, skill_ids, word_skill_ids, occupation_codes, education_rank, is_smk_graduate, experience_months,
    profile_vector, certificate_vector, majors_vector, birth_date, sex, is_local, willing_outside_bontang,
    has_disability, is_poor_household, card_active, card_issued_at, expected_wage, last_active_at, refreshed_at
)
SELECT
    p.id,
    coalesce((SELECT array_agg(ps.skill_id ORDER BY ps.skill_id) FROM jobseekers_jobseekerprofile_skills AS ps
              JOIN reference_skill AS s ON s.id = ps.skill_id AND s.is_active
              WHERE ps.jobseekerprofile_id = p.id), '{{}}'),
    -- Skills named in the words of positions, certificates and "about me" (each skill's one-word names).
    coalesce((SELECT array_agg(k.id ORDER BY k.id)
              FROM unnest(%(word_skill_ids)s::int[], %(word_skill_queries)s::tsquery[]) AS k(id, query)
              WHERE to_tsvector('{SEARCH_CONFIG}', coalesce((
                  SELECT string_agg(x.position, ' ') FROM jobseekers_experienceentry AS x
                  WHERE x.jobseeker_id = p.id), '')
                  || ' ' || coalesce((SELECT string_agg(d.certificate_name, ' ') FROM jobseekers_document AS d
                                      WHERE d.jobseeker_id = p.id AND d.kind = 'certificate'), '')
                  || ' ' || p.about) @@ k.query), '{{}}'),
    -- Every prefix of every code (7212 → 7, 72, 721, 7212): one array overlap finds the shared level.
    coalesce((SELECT array_agg(DISTINCT left(codes.code, n)) FROM (
        SELECT k.code FROM jobseekers_jobseekerprofile_preferred_occupations AS po
        JOIN reference_kbjigroup AS k ON k.id = po.kbjigroup_id WHERE po.jobseekerprofile_id = p.id
        UNION ALL
        SELECT k.code FROM jobseekers_experienceentry AS x
        JOIN reference_kbjigroup AS k ON k.id = x.occupation_id WHERE x.jobseeker_id = p.id
    ) AS codes, generate_series(1, length(codes.code)) AS n), '{{}}'),
    coalesce((SELECT max(l.rank) FROM jobseekers_educationentry AS e
              JOIN reference_educationlevel AS l ON l.id = e.level_id WHERE e.jobseeker_id = p.id), 0),
    EXISTS (SELECT 1 FROM jobseekers_educationentry AS e
            JOIN reference_educationlevel AS l ON l.id = e.level_id WHERE e.jobseeker_id = p.id AND l.code = 'SMK'),
    coalesce((SELECT sum(GREATEST(0, (extract(year FROM age(coalesce(x.end_date, %(today)s), x.start_date)) * 12
                                  + extract(month FROM age(coalesce(x.end_date, %(today)s), x.start_date)))::int))
              FROM jobseekers_experienceentry AS x WHERE x.jobseeker_id = p.id), 0),
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(s.name || ' ' || array_to_string(s.synonyms, ' '), ' ')
        FROM jobseekers_jobseekerprofile_skills AS ps JOIN reference_skill AS s ON s.id = ps.skill_id
        WHERE ps.jobseekerprofile_id = p.id), '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(x.position, ' ') FROM jobseekers_experienceentry AS x WHERE x.jobseeker_id = p.id), '')
        || ' ' || coalesce((SELECT string_agg(d.certificate_name, ' ') FROM jobseekers_document AS d
                             WHERE d.jobseeker_id = p.id AND d.kind = 'certificate'), '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(e.major, ' ') FROM jobseekers_educationentry AS e WHERE e.jobseeker_id = p.id), '')
        || ' ' || p.about), 'C'),
    to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(d.certificate_name, ' ') FROM jobseekers_document AS d
        WHERE d.jobseeker_id = p.id AND d.kind = 'certificate'
          AND (d.certificate_valid_until IS NULL OR d.certificate_valid_until >= %(today)s)), '')),
    to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(e.major, ' ') FROM jobseekers_educationentry AS e WHERE e.jobseeker_id = p.id), '')),
    p.birth_date,
    p.sex,
    p.kelurahan_id IS NOT NULL AND (%(cutoff)s::date IS NULL OR p.resident_since <= %(cutoff)s::date),
    p.willing_to_work_outside_bontang,
    p.has_disability,
    p.is_poor_household,
    card.issued_at IS NOT NULL,
    card.issued_at,
    p.expected_wage,
    GREATEST(p.updated_at, (SELECT u.last_login FROM accounts_user AS u WHERE u.id = p.user_id)),
    now()
FROM chosen AS p
LEFT JOIN LATERAL (
    SELECT c.issued_at FROM jobseekers_akicard AS c
    WHERE c.jobseeker_id = p.id AND c.status = 'active' AND c.expires_on >= %(today)s
    ORDER BY c.issued_at DESC LIMIT 1
) AS card ON true
ON CONFLICT (jobseeker_id) DO UPDATE SET
    skill_ids = EXCLUDED.skill_ids, word_skill_ids = EXCLUDED.word_skill_ids,
    occupation_codes = EXCLUDED.occupation_codes,
    education_rank = EXCLUDED.education_rank, is_smk_graduate = EXCLUDED.is_smk_graduate,
    experience_months = EXCLUDED.experience_months, profile_vector = EXCLUDED.profile_vector,
    certificate_vector = EXCLUDED.certificate_vector, majors_vector = EXCLUDED.majors_vector,
    birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, is_local = EXCLUDED.is_local,
    willing_outside_bontang = EXCLUDED.willing_outside_bontang, has_disability = EXCLUDED.has_disability,
    is_poor_household = EXCLUDED.is_poor_household, card_active = EXCLUDED.card_active,
    card_issued_at = EXCLUDED.card_issued_at, expected_wage = EXCLUDED.expected_wage,
    last_active_at = EXCLUDED.last_active_at, refreshed_at = EXCLUDED.refreshed_at
-- An unchanged row is not written again: the nightly refresh leaves no dead rows behind for nothing.
WHERE (matching_jobseekerfacts.skill_ids, matching_jobseekerfacts.word_skill_ids,
       matching_jobseekerfacts.occupation_codes, matching_jobseekerfacts.education_rank,
       matching_jobseekerfacts.is_smk_graduate, matching_jobseekerfacts.experience_months,
       matching_jobseekerfacts.profile_vector, matching_jobseekerfacts.certificate_vector,
       matching_jobseekerfacts.majors_vector, matching_jobseekerfacts.birth_date, matching_jobseekerfacts.sex,
       matching_jobseekerfacts.is_local, matching_jobseekerfacts.willing_outside_bontang,
       matching_jobseekerfacts.has_disability, matching_jobseekerfacts.is_poor_household,
       matching_jobseekerfacts.card_active, matching_jobseekerfacts.card_issued_at,
       matching_jobseekerfacts.expected_wage, matching_jobseekerfacts.last_active_at)
  IS DISTINCT FROM
      (EXCLUDED.skill_ids, EXCLUDED.word_skill_ids, EXCLUDED.occupation_codes, EXCLUDED.education_rank,
       EXCLUDED.is_smk_graduate, EXCLUDED.experience_months, EXCLUDED.profile_vector, EXCLUDED.certificate_vector,
       EXCLUDED.majors_vector, EXCLUDED.birth_date, EXCLUDED.sex, EXCLUDED.is_local, EXCLUDED.willing_outside_bontang,
       EXCLUDED.has_disability, EXCLUDED.is_poor_household, EXCLUDED.card_active, EXCLUDED.card_issued_at,
       EXCLUDED.expected_wage, EXCLUDED.last_active_at)
"""

_JOBSEEKER_FACTS_PRUNE_SQL = """
DELETE FROM matching_jobseekerfacts AS f
WHERE (%(ids)s::bigint[] IS NULL OR f.jobseeker_id = ANY(%(ids)s::bigint[]))
  AND NOT EXISTS (
    SELECT 1 FROM jobseekers_jobseekerprofile AS p JOIN accounts_user AS u ON u.id = p.user_id AND u.is_active
    WHERE p.id = f.jobseeker_id AND p.nik_revoked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM jobseekers_deletionrequest AS d WHERE d.jobseeker_id = p.id))
"""


def _ids_param(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else sorted(set(ids))


@transaction.atomic
def jobseeker_facts_refresh(*, jobseeker_ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Rebuild the facts of these jobseekers (all when None); returns how many rows were new or changed."""
    ids = _ids_param(jobseeker_ids)
    if ids == []:
        return 0
    keys = skill_keys.load()
    named = sorted(pk for pk, words in keys.keys_of.items() if words)
    params = {
        "ids": ids,
        "today": today or timezone.localdate(),
        "cutoff": local_residence_cutoff(),
        "word_skill_ids": named,
        "word_skill_queries": [_or_query(keys.keys_of[pk]) for pk in named],
    }
    with connection.cursor() as cursor:
        cursor.execute(_JOBSEEKER_FACTS_PRUNE_SQL, params)
        cursor.execute(_JOBSEEKER_FACTS_SQL, params)
        return cursor.rowcount  # the rows written: new or changed


# --- Vacancies -----------------------------------------------------------------------------------


class SkillKeys:
    """The skill vocabulary as lexeme keys: which skills one word names, and which skills are related.

    A skill is named by the lexemes of its name when the name is one word, and by its one-word
    synonyms ("las", "welder"): "tukang" alone does not name welding. Two skills that share a key
    are related (SMAW and GTAW welding share "las").
    """

    def __init__(self):
        self._version = None
        self.by_key: dict[str, set[int]] = {}
        self.keys_of: dict[int, set[str]] = {}
        self.names: dict[int, str] = {}

    def load(self) -> SkillKeys:
        data = reference_data()
        if data.version == self._version:
            return self
        skills = [skill for skill in data.ordered(Skill) if skill.is_active]
        terms = [[skill.name, *skill.synonyms] for skill in skills]
        lexemes = _lexemes_of([term for group in terms for term in group])
        by_key: dict[str, set[int]] = {}
        keys_of: dict[int, set[str]] = {}
        position = 0
        for skill, group in zip(skills, terms, strict=True):
            found = lexemes[position : position + len(group)]
            position += len(group)
            keys = {term[0] for term in found if len(term) == 1}
            keys_of[skill.pk] = keys
            for key in keys:
                by_key.setdefault(key, set()).add(skill.pk)
        self.by_key, self.keys_of = by_key, keys_of
        self.names = {skill.pk: skill.name for skill in skills}
        self._version = data.version
        return self

    def related(self, skill_id: int) -> set[int]:
        found = set()
        for key in self.keys_of.get(skill_id, ()):
            found |= self.by_key[key]
        return found - {skill_id}


skill_keys = SkillKeys()


def _or_query(lexemes: Iterable[str]) -> str | None:
    """A tsquery matching any of these lexemes (None when there are none)."""
    return " | ".join(_quote(lexeme) for lexeme in sorted(set(lexemes))) or None


def _words_and_skill_names(lexemes: list[str]) -> set[str]:
    """These lexemes, and every one-word name of the skills they name ("las" adds "welder")."""
    keys = skill_keys.load()
    found = set(lexemes)
    for lexeme in lexemes:
        for skill_id in keys.by_key.get(lexeme, ()):
            found |= keys.keys_of[skill_id]
    return found


def _matrix(rows: list[list[int]]) -> list[list[int]]:
    """Rows of ids padded with 0 to one width: PostgreSQL's arrays of arrays must be rectangular."""
    width = max((len(row) for row in rows), default=0) or 1
    return [row + [0] * (width - len(row)) for row in rows]


def skill_groups_for(vacancy: Vacancy, skill_ids: list[int], title_lexemes: list[str]) -> list[dict]:
    """What the vacancy asks for, as groups: each listed skill, then each title word that names skills."""
    keys = skill_keys.load()
    groups = []
    covered: set[int] = set()
    for skill_id in sorted(skill_ids):
        if skill_id not in keys.names:
            continue  # a skill no longer in use counts for nobody
        groups.append(
            {"label": keys.names[skill_id], "skill_ids": [skill_id], "related_ids": sorted(keys.related(skill_id))}
        )
        covered.add(skill_id)
    for lexeme in dict.fromkeys(title_lexemes):
        named = keys.by_key.get(lexeme, set())
        if not named or named & covered:
            continue  # the title names no skill, or one already listed
        first = min(named, key=lambda pk: keys.names[pk])
        groups.append({"label": keys.names[first], "skill_ids": sorted(named), "related_ids": []})
        covered |= named
    return groups[:MAX_SKILL_GROUPS]


@transaction.atomic
def vacancy_facts_refresh(*, vacancy_ids: Iterable[int] | None = None) -> int:
    """Rebuild the facts of these vacancies (all when None): published ones get a row, others lose it."""
    ids = _ids_param(vacancy_ids)
    stale = VacancyFacts.objects.exclude(vacancy__status=Vacancy.Status.PUBLISHED)
    vacancies = Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED)
    if ids is not None:
        stale = stale.filter(vacancy_id__in=ids)
        vacancies = vacancies.filter(pk__in=ids)
    stale.delete()
    vacancies = list(vacancies.select_related("occupation", "min_education").prefetch_related("skills").order_by("pk"))
    if not vacancies:
        return 0
    texts = []
    for vacancy in vacancies:
        texts += [vacancy.title, vacancy.competencies, vacancy.majors]
    lexemes = _lexemes_of(texts)
    facts, groups = [], []
    for index, vacancy in enumerate(vacancies):
        title_lexemes, certificate_lexemes, majors_lexemes = lexemes[3 * index : 3 * index + 3]
        title_query = _or_query(_words_and_skill_names(title_lexemes))
        certificate_query, majors_query = _or_query(certificate_lexemes), _or_query(majors_lexemes)
        vacancy_groups = skill_groups_for(vacancy, [skill.pk for skill in vacancy.skills.all()], title_lexemes)
        top = vacancy.wage_max or vacancy.wage_min
        facts.append(
            (
                vacancy.pk,
                vacancy.occupation.code,
                vacancy.min_education.rank,
                vacancy.age_min or None,
                vacancy.age_max,
                vacancy.sex_requirement,
                vacancy.work_kelurahan_id is None,
                len(vacancy_groups),
                sorted({pk for group in vacancy_groups for pk in group["skill_ids"] + group["related_ids"]}),
                _matrix([group["skill_ids"] for group in vacancy_groups]),
                _matrix([group["related_ids"] for group in vacancy_groups]),
                title_query,
                certificate_query,
                majors_query,
                vacancy.experience_years_min,
                top * PERIODS_PER_MONTH.get(vacancy.wage_period, 1) if top else None,
            )
        )
        groups += [
            VacancySkillGroup(vacancy_id=vacancy.pk, position=position, **group)
            for position, group in enumerate(vacancy_groups)
        ]
    pks = [row[0] for row in facts]
    VacancySkillGroup.objects.filter(vacancy_id__in=pks).delete()
    with connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO matching_vacancyfacts (
                vacancy_id, occupation_code, min_education_rank, age_min, age_max, sex, outside_bontang,
                skill_group_count, skill_ids, group_skills, group_related, title_query, certificate_query,
                majors_query, experience_years_min, monthly_wage_offer, refreshed_at
            ) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::int[], %s::int[], %s::tsquery, %s::tsquery,
                      %s::tsquery, %s, %s, now())
            ON CONFLICT (vacancy_id) DO UPDATE SET
                occupation_code = EXCLUDED.occupation_code, min_education_rank = EXCLUDED.min_education_rank,
                age_min = EXCLUDED.age_min, age_max = EXCLUDED.age_max, sex = EXCLUDED.sex,
                outside_bontang = EXCLUDED.outside_bontang, skill_group_count = EXCLUDED.skill_group_count,
                skill_ids = EXCLUDED.skill_ids, group_skills = EXCLUDED.group_skills,
                group_related = EXCLUDED.group_related, title_query = EXCLUDED.title_query,
                certificate_query = EXCLUDED.certificate_query, majors_query = EXCLUDED.majors_query,
                experience_years_min = EXCLUDED.experience_years_min,
                monthly_wage_offer = EXCLUDED.monthly_wage_offer, refreshed_at = EXCLUDED.refreshed_at
            """,
            facts,
        )
    VacancySkillGroup.objects.bulk_create(groups)
    return len(facts)

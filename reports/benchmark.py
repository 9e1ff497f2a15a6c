"""The monthly report benchmark behind `manage.py bench_reports`.

One run, on the same data:

- **Seeding** (only what is missing, so a second run seeds nothing): jobseekers (users, profiles,
  education entries, preferred occupations), their AK/I cards and card events over the last 24
  months, companies, vacancies and their events, placements and their events, all written by
  `INSERT … SELECT generate_series` in SQL. Every value is a hash of the row's number
  (`hashint8extended`), so the data is the same from one run to the next. The seeded rows are
  known by their marks: users `bench-js-<n>@bench.invalid`, companies "PT Bench …", placements
  reported by the user `bench-staff@bench.invalid`. Then `aki_card_holders_snapshot()` and ANALYZE.
- **Measurement** for one full month (the month before the latest event's): `month_tables` (the
  whole build, queries, tables and the balance check), and the raw SQL baseline: one plain
  GROUP BY query per table, as a person would write it by hand; each the median of 3 runs after a
  warm-up, alternated. The baseline's figures are compared with the report's cell by cell for the
  flow tables and IPK III/8, and by their totals for the other placement tables.
- **Memory**: the Python heap peak (tracemalloc) of one build, for the measured month and for the
  first month of the data (far fewer rows before its end), and the RSS growth of the timed builds.
"""

from __future__ import annotations

import datetime
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone, translation

from jobseekers.card_statistics import aki_card_holders_snapshot
from jobseekers.services import KOTA_BONTANG_PREFIX
from matching.benchmark import RssSampler
from reports import queries, tables

TARGET_RATIO = 2.0
RUNS = 3
DAYS = 730  # the seeded history: the last 24 months
JOBSEEKER_EMAIL = "bench-js-%s@bench.invalid"
STAFF_EMAIL = "bench-staff@bench.invalid"
COMPANY_PREFIX = "PT Bench "

# Shares of the highest education of jobseekers and of the minimum education of vacancies, by
# education level code (a level not named here weighs 1).
JOBSEEKER_EDUCATION = {"TTSD": 3, "SD": 8, "SMP": 12, "SMA": 25, "SMK": 22, "D1": 2, "D2": 1, "D3": 9, "D4": 3}
JOBSEEKER_EDUCATION |= {"S1": 13, "S2": 1.7, "S3": 0.3}
VACANCY_EDUCATION = {"TTSD": 1, "SD": 3, "SMP": 8, "SMA": 30, "SMK": 30, "D3": 12, "S1": 14, "S2": 1}


def _u(expression: str, salt: int) -> str:
    """SQL for a number in [0, 1) that depends only on `expression` (a row's number) and `salt`."""
    return f"((hashint8extended(({expression})::bigint, {salt}) & 2147483647) / 2147483648.0)"


def _pick(array: str, expression: str, salt: int) -> str:
    """SQL for an element of `array` picked by the hash of `expression`."""
    return f"({array})[1 + floor({_u(expression, salt)} * cardinality({array}))::int]"


def _weighted_bucket(expression: str, salt: int, weights: list[float]) -> str:
    """SQL for an index 1…len(weights) drawn with those weights."""
    total, bounds, running = sum(weights), [], 0.0
    for weight in weights[:-1]:
        running += weight
        bounds.append(round(running / total, 6))
    if not bounds:
        return "1"
    return f"(1 + width_bucket({_u(expression, salt)}, ARRAY{bounds}::float8[]))"


def _execute(sql: str, params: dict | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.rowcount


def _scalar(sql: str, params: dict | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        row = cursor.fetchone()
        return row[0] if row else None


def _education_weights(weights: dict[str, float]) -> list[float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM reference_educationlevel ORDER BY rank, code")
        return [weights.get(code, 1) for (code,) in cursor.fetchall()]


# --- Seeding -------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    jobseekers: int = 0
    cards: int = 0
    card_events: int = 0
    companies: int = 0
    vacancies: int = 0
    placements: int = 0
    snapshot_seconds: float = 0.0
    analyze_seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(self.rows.values())


def _seed_jobseekers(target: int, now: datetime.datetime, report: SeedReport, log) -> None:
    have = _scalar("SELECT count(*) FROM accounts_user WHERE email LIKE 'bench-js-%%@bench.invalid'")
    if have < target:
        report.rows["users"] = _execute(
            f"""
            INSERT INTO accounts_user (password, is_superuser, email, full_name, role, language, is_staff,
                is_active, date_joined)
            SELECT '!bench', false, 'bench-js-' || n || '@bench.invalid', 'Pencari Kerja ' || n, 'jobseeker', 'id',
                false, true, %(now)s - interval '{DAYS + 30} days' * {_u("n", 1)}
            FROM generate_series(%(first)s, %(last)s) AS n
            """,
            {"first": have + 1, "last": target, "now": now},
        )
        log(f"  users: {report.rows['users']:,}")
    # Born 1965–2008: the day is a permutation of n modulo the number of days, and the NIK's serial
    # n's quotient, so (birth date, serial) and so the NIK differ for every n.
    days = (datetime.date(2008, 12, 31) - datetime.date(1965, 1, 1)).days + 1
    report.rows["profiles"] = _execute(
        f"""
        WITH new AS (
            SELECT u.id AS user_id, u.date_joined, split_part(split_part(u.email, '@', 1), '-', 3)::bigint AS n
            FROM accounts_user u
            WHERE u.email LIKE 'bench-js-%%@bench.invalid'
              AND NOT EXISTS (SELECT 1 FROM jobseekers_jobseekerprofile p WHERE p.user_id = u.id)
        ),
        facts AS (
            SELECT new.*, date '1965-01-01' + ((n * 7919) %% {days})::int AS birth_date,
                CASE WHEN {_u("n", 2)} < 0.48 THEN 'F' ELSE 'M' END AS sex,
                {_u("n", 3)} < 0.15 AS outside,
                (SELECT array_agg(id ORDER BY id) FROM reference_kelurahan) AS kelurahan_ids
            FROM new
        )
        INSERT INTO jobseekers_jobseekerprofile (created_at, updated_at, nik, full_name, birth_place, birth_date, sex,
            marital_status, religion, ktp_address, outside_city, phone, has_disability, disability_note,
            is_poor_household, about, consent_at, consent_version, consent_method, kelurahan_id, user_id,
            registered_at_counter, takeover_code_hash, willing_to_work_outside_bontang)
        SELECT date_joined, date_joined,
            '64740' || (1 + n %% 3)
                || lpad((extract(day FROM birth_date)::int + CASE WHEN sex = 'F' THEN 40 ELSE 0 END)::text, 2, '0')
                || to_char(birth_date, 'MMYY') || lpad((n / {days} + 1)::text, 4, '0'),
            'Pencari Kerja ' || n, 'Bontang', birth_date, sex,
            CASE WHEN {_u("n", 4)} < 0.55 THEN 'single' ELSE 'married' END, 'Islam', 'Jl. Uji Beban No. ' || n,
            CASE WHEN outside THEN (ARRAY['Samarinda', 'Balikpapan', 'Kutai Timur', 'Makassar'])[1 + n %% 4]
                 ELSE '' END,
            '08' || lpad((n %% 10000000000)::text, 10, '0'), {_u("n", 5)} < 0.02, '', {_u("n", 6)} < 0.1, '',
            date_joined, 1, 'online',
            CASE WHEN outside OR cardinality(kelurahan_ids) IS NULL THEN NULL
                 ELSE {_pick("kelurahan_ids", "n", 7)} END,
            user_id, false, '', {_u("n", 8)} < 0.5
        FROM facts
        """
    )
    # The NIK's domicile check: a profile with no kelurahan names the city outside Bontang.
    _execute(
        "UPDATE jobseekers_jobseekerprofile SET outside_city = 'Samarinda' "
        "WHERE kelurahan_id IS NULL AND outside_city = ''"
    )
    log(f"  profiles: {report.rows['profiles']:,}")

    levels = _education_weights(JOBSEEKER_EDUCATION)
    bucket = _weighted_bucket("n", 9, levels)
    report.rows["education entries"] = _execute(
        f"""
        WITH new AS (
            SELECT p.id AS profile_id, p.birth_date, split_part(split_part(u.email, '@', 1), '-', 3)::bigint AS n
            FROM jobseekers_jobseekerprofile p JOIN accounts_user u ON u.id = p.user_id
            WHERE u.email LIKE 'bench-js-%%@bench.invalid'
              AND NOT EXISTS (SELECT 1 FROM jobseekers_educationentry e WHERE e.jobseeker_id = p.id)
        ),
        chosen AS (
            SELECT new.*, {bucket} AS level_index,
                (SELECT array_agg(id ORDER BY rank, code) FROM reference_educationlevel) AS level_ids
            FROM new
        )
        INSERT INTO jobseekers_educationentry (institution, major, graduation_year, level_id, jobseeker_id)
        SELECT 'Sekolah Uji ' || (n %% 500), '', extract(year FROM birth_date)::int + 18, level_ids[level_index],
            profile_id
        FROM chosen
        UNION ALL
        SELECT 'Sekolah Uji ' || (n %% 300), '', extract(year FROM birth_date)::int + 15,
            level_ids[level_index - 2], profile_id
        FROM chosen WHERE level_index > 2 AND {_u("n", 10)} < 0.3
        """
    )
    report.rows["preferred occupations"] = _execute(
        f"""
        INSERT INTO jobseekers_jobseekerprofile_preferred_occupations (jobseekerprofile_id, kbjigroup_id)
        SELECT profile_id, {_pick("occupation_ids", "n", 11)}
        FROM (
            SELECT p.id AS profile_id, split_part(split_part(u.email, '@', 1), '-', 3)::bigint AS n,
                (SELECT array_agg(id ORDER BY id) FROM reference_kbjigroup) AS occupation_ids
            FROM jobseekers_jobseekerprofile p JOIN accounts_user u ON u.id = p.user_id
            WHERE u.email LIKE 'bench-js-%%@bench.invalid'
              AND NOT EXISTS (
                  SELECT 1 FROM jobseekers_jobseekerprofile_preferred_occupations o WHERE o.jobseekerprofile_id = p.id
              )
        ) new
        WHERE {_u("n", 12)} < 0.8 AND cardinality(occupation_ids) > 0
        """
    )
    log(f"  education entries: {report.rows['education entries']:,}")


def _seed_cards(now: datetime.datetime, report: SeedReport, log) -> None:
    """One card per seeded jobseeker without one: requested, issued, then for some placed, lapsed
    (and for some of those active again) or removed; only the events before `now` happen."""
    with transaction.atomic():
        _execute("DROP TABLE IF EXISTS bench_card_plan")
        _execute(
            f"""
            CREATE TEMP TABLE bench_card_plan AS
            WITH new AS (
                SELECT p.id AS profile_id, split_part(split_part(u.email, '@', 1), '-', 3)::bigint AS n
                FROM jobseekers_jobseekerprofile p JOIN accounts_user u ON u.id = p.user_id
                WHERE u.email LIKE 'bench-js-%%@bench.invalid'
                  AND NOT EXISTS (SELECT 1 FROM jobseekers_akicard c WHERE c.jobseeker_id = p.id)
            ),
            timeline AS (
                SELECT profile_id, n,
                    %(now)s - interval '{DAYS} days' * {_u("n", 20)} - interval '1 hour' AS issued_at,
                    {_u("n", 21)} AS outcome, {_u("n", 22)} AS delay, {_u("n", 23)} AS back
                FROM new
            ),
            planned AS (
                SELECT profile_id, n, issued_at,
                    issued_at - interval '1 minute' - interval '7 days' * delay AS requested_at,
                    CASE WHEN outcome < 0.22 THEN 'placed' WHEN outcome < 0.42 THEN 'lapsed'
                         WHEN outcome < 0.47 THEN 'removed' END AS out_status,
                    CASE WHEN outcome < 0.22 OR outcome >= 0.42 THEN issued_at + interval '14 days'
                            + interval '400 days' * delay
                         ELSE issued_at + interval '180 days' + interval '30 days' * delay END AS out_at,
                    outcome >= 0.22 AND outcome < 0.42 AND back < 0.35 AS comes_back, back
                FROM timeline
            )
            SELECT profile_id, n, requested_at, issued_at,
                CASE WHEN out_at < %(now)s THEN out_status END AS out_status,
                CASE WHEN out_status IS NOT NULL AND out_at < %(now)s THEN out_at END AS out_at,
                CASE WHEN comes_back AND out_at + interval '7 days' + interval '120 days' * back < %(now)s
                     THEN out_at + interval '7 days' + interval '120 days' * back END AS back_at
            FROM planned
            """,
            {"now": now},
        )
        report.rows["cards"] = _execute(
            f"""
            INSERT INTO jobseekers_akicard (created_at, updated_at, number, status, requested_at, issued_at, expires_on,
                last_reported_at, placed_on, rejection_reason, jobseeker_id, holder_sex)
            SELECT requested_at, coalesce(back_at, out_at, issued_at),
                '{KOTA_BONTANG_PREFIX}-' || to_char(issued_at AT TIME ZONE 'Asia/Makassar', 'YYYY') || '-'
                    || lpad(nextval('jobseekers_aki_card_number_seq')::text, 7, '0'),
                CASE WHEN back_at IS NOT NULL THEN 'active' ELSE coalesce(out_status, 'active') END,
                requested_at, issued_at, (coalesce(back_at, issued_at) + interval '2 years')::date,
                coalesce(back_at, issued_at), CASE WHEN out_status = 'placed' THEN out_at::date END, '', profile_id, ''
            FROM bench_card_plan
            """
        )
        report.rows["card events"] = _execute(
            """
            INSERT INTO jobseekers_akicardevent (from_status, to_status, note, created_at, card_id)
            SELECT event.from_status, event.to_status, '', event.at, card.id
            FROM bench_card_plan plan
            JOIN jobseekers_akicard card ON card.jobseeker_id = plan.profile_id
            CROSS JOIN LATERAL (VALUES
                ('', 'requested', plan.requested_at),
                ('requested', 'active', plan.issued_at),
                ('active', plan.out_status, plan.out_at),
                ('lapsed', 'active', plan.back_at)
            ) AS event (from_status, to_status, at)
            WHERE event.at IS NOT NULL
            ORDER BY event.at
            """
        )
        _execute("DROP TABLE bench_card_plan")
    log(f"  cards: {report.rows['cards']:,}, card events: {report.rows['card events']:,}")


def _seed_employers(companies: int, vacancies: int, now: datetime.datetime, report: SeedReport, log) -> None:
    have = _scalar("SELECT count(*) FROM employers_company WHERE name LIKE 'PT Bench %%'")
    if have < companies:
        report.rows["companies"] = _execute(
            f"""
            INSERT INTO employers_company (created_at, updated_at, name, legal_form, nib, npwp, kbli_code, ownership,
                address, phone, email, website, workforce_local, workforce_non_local, workforce_disabled,
                workforce_reported_at, status, verified_at, kbli_category_id, kelurahan_id, contact_name,
                contact_position, other_kbli_codes)
            SELECT %(since)s, %(since)s, 'PT Bench Sejahtera ' || n, 'pt', '9' || lpad(n::text, 12, '0'),
                '99' || lpad(n::text, 14, '0'), lpad((10000 + n %% 90000)::text, 5, '0'), 'private',
                'Jl. Industri No. ' || n, '0548' || lpad(n::text, 7, '0'), 'hrd' || n || '@bench.invalid', '',
                (50 + 500 * {_u("n", 30)})::int, (10 + 100 * {_u("n", 31)})::int, 0, NULL, 'verified', %(since)s,
                {_pick("(SELECT array_agg(id ORDER BY id) FROM reference_kblicategory)", "n", 32)},
                {_pick("(SELECT array_agg(id ORDER BY id) FROM reference_kelurahan)", "n", 33)},
                'HRD ' || n, 'HR Manager', '{{}}'
            FROM generate_series(%(first)s, %(last)s) AS n
            """,
            {"first": have + 1, "last": companies, "since": now - datetime.timedelta(days=DAYS + 60)},
        )
    have = _scalar(
        "SELECT count(*) FROM employers_vacancy v JOIN employers_company c ON c.id = v.company_id "
        "WHERE c.name LIKE 'PT Bench %%'"
    )
    if have < vacancies:
        education = _weighted_bucket("n", 40, _education_weights(VACANCY_EDUCATION))
        with transaction.atomic():
            report.rows["vacancies"] = _execute(
                f"""
                WITH base AS (
                    SELECT n, %(now)s - interval '{DAYS} days' * {_u("n", 41)} - interval '3 days' AS created_at,
                        {_u("n", 42)} AS end_draw,
                        (SELECT array_agg(id ORDER BY id) FROM employers_company WHERE name LIKE 'PT Bench %%')
                            AS company_ids,
                        (SELECT array_agg(id ORDER BY rank, code) FROM reference_educationlevel) AS level_ids,
                        (SELECT array_agg(id ORDER BY id) FROM reference_kbjigroup) AS occupation_ids
                    FROM generate_series(%(first)s, %(last)s) AS n
                ),
                timeline AS (
                    SELECT base.*, created_at + interval '2 days' * {_u("n", 43)} + interval '1 minute' AS submitted_at,
                        created_at + interval '5 days' * {_u("n", 43)} + interval '1 hour' AS published_at
                    FROM base
                ),
                planned AS (
                    SELECT timeline.*, published_at + interval '14 days' + interval '76 days' * end_draw AS ends_at,
                        CASE WHEN {_u("n", 44)} < 0.45 THEN 'filled' ELSE 'closed' END AS end_status,
                        CASE WHEN {_u("n", 45)} < 0.7 THEN 'any' WHEN {_u("n", 45)} < 0.9 THEN 'M' ELSE 'F' END
                            AS sex_requirement
                    FROM timeline
                )
                INSERT INTO employers_vacancy (created_at, updated_at, title, employment_type, description, openings,
                    open_date, close_date, age_min, age_max, sex_requirement, sex_justification, majors,
                    competencies, experience_years_min, wage_min, wage_period, work_location, other_information,
                    status, submitted_at, published_at, closed_at, company_id, min_education_id, occupation_id)
                SELECT created_at, CASE WHEN ends_at < %(now)s THEN ends_at ELSE published_at END,
                    'Operator Produksi Bench ' || n, 'pkwt', 'Lowongan uji beban laporan bulanan.',
                    1 + floor(10 * {_u("n", 46)})::int,
                    (published_at AT TIME ZONE 'Asia/Makassar')::date, (ends_at AT TIME ZONE 'Asia/Makassar')::date,
                    18, 45, sex_requirement,
                    CASE WHEN sex_requirement = 'any' THEN '' ELSE 'Pekerjaan fisik berat di area kilang.' END,
                    '', '', 0, 3500000 + 100000 * (n %% 30), 'month', 'Bontang', '',
                    CASE WHEN ends_at < %(now)s THEN end_status ELSE 'published' END,
                    submitted_at, published_at, CASE WHEN ends_at < %(now)s THEN ends_at END,
                    {_pick("company_ids", "n", 47)}, level_ids[{education}], {_pick("occupation_ids", "n", 48)}
                FROM planned
                """,
                {"first": have + 1, "last": vacancies, "now": now},
            )
    # The events of every seeded vacancy that has none, from its dates and status.
    report.rows["vacancy events"] = _execute(
        """
        INSERT INTO employers_vacancyevent (from_status, to_status, note, created_at, vacancy_id)
        SELECT event.from_status, event.to_status, '', event.at, vacancy.id
        FROM employers_vacancy vacancy
        JOIN employers_company company ON company.id = vacancy.company_id AND company.name LIKE 'PT Bench %%'
        CROSS JOIN LATERAL (VALUES
            ('', 'draft', vacancy.created_at),
            ('draft', 'in_review', vacancy.submitted_at),
            ('in_review', 'published', vacancy.published_at),
            ('published', vacancy.status, vacancy.closed_at)
        ) AS event (from_status, to_status, at)
        WHERE event.at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM employers_vacancyevent e WHERE e.vacancy_id = vacancy.id)
        ORDER BY event.at
        """
    )
    log(f"  companies {report.rows.get('companies', 0):,}, vacancies {report.rows.get('vacancies', 0):,}")


def _seed_placements(target: int, now: datetime.datetime, report: SeedReport, log) -> None:
    staff = _scalar("SELECT id FROM accounts_user WHERE email = %(email)s", {"email": STAFF_EMAIL})
    if staff is None:
        staff = _scalar(
            """
            INSERT INTO accounts_user (password, is_superuser, email, full_name, role, language, is_staff,
                is_active, date_joined)
            VALUES ('!bench', false, %(email)s, 'Petugas Bench', 'staff', 'id', true, true, %(now)s)
            RETURNING id
            """,
            {"email": STAFF_EMAIL, "now": now},
        )
    have = _scalar(
        "SELECT coalesce(max(split_part(position, '#', 2)::int), 0) FROM placements_placement "
        "WHERE reported_by_id = %(staff)s",
        {"staff": staff},
    )
    if have >= target:
        return
    any_company = _pick(
        "(SELECT array_agg(id ORDER BY id) FROM employers_company WHERE name LIKE 'PT Bench %%')", "n", 55
    )
    any_occupation = _pick("(SELECT array_agg(id ORDER BY id) FROM reference_kbjigroup)", "n", 56)
    with transaction.atomic():
        report.rows["placements"] = _execute(
            f"""
            WITH people AS (
                SELECT array_agg(p.id ORDER BY p.id) AS ids FROM jobseekers_jobseekerprofile p
                JOIN accounts_user u ON u.id = p.user_id WHERE u.email LIKE 'bench-js-%%@bench.invalid'
            ),
            vacancies AS (
                SELECT array_agg(v.id ORDER BY v.id) AS ids FROM employers_vacancy v
                JOIN employers_company c ON c.id = v.company_id
                WHERE c.name LIKE 'PT Bench %%' AND v.published_at IS NOT NULL
            ),
            base AS (
                SELECT n, people.ids[1 + (n * 7919) %% cardinality(people.ids)] AS jobseeker_id,
                    CASE WHEN {_u("n", 50)} < 0.8 THEN {_pick("vacancies.ids", "n", 51)} END AS vacancy_id,
                    {_u("n", 52)} AS when_draw, {_u("n", 53)} AS verify_draw, {_u("n", 54)} AS outcome
                FROM generate_series(%(first)s, %(last)s) AS n, people, vacancies
            ),
            timeline AS (
                SELECT base.*,
                    coalesce(vacancy.company_id, {any_company}) AS company_id,
                    coalesce(vacancy.occupation_id, {any_occupation}) AS occupation_id,
                    CASE WHEN vacancy.id IS NULL THEN %(now)s - interval '{DAYS} days' * when_draw - interval '1 day'
                         ELSE vacancy.published_at + interval '1 hour'
                              + (coalesce(vacancy.closed_at, %(now)s) - vacancy.published_at) * 0.9 * when_draw
                    END AS reported_at
                FROM base LEFT JOIN employers_vacancy vacancy ON vacancy.id = base.vacancy_id
            ),
            planned AS (
                SELECT timeline.*, reported_at + interval '1 day' + interval '10 days' * verify_draw AS reviewed_at
                FROM timeline
            )
            INSERT INTO placements_placement (created_at, updated_at, position, employment_type, start_date,
                placement_type, is_local, reported_by_role, status, review_note, company_id, jobseeker_id,
                occupation_id, reported_by_id, vacancy_id, outside_portal)
            SELECT reported_at, CASE WHEN reviewed_at < %(now)s THEN reviewed_at ELSE reported_at END,
                'Operator produksi #' || n, 'pkwt', (reported_at AT TIME ZONE 'Asia/Makassar')::date + 7,
                CASE WHEN {_u("n", 57)} < 0.7 THEN 'akl' WHEN {_u("n", 57)} < 0.95 THEN 'akad' ELSE 'akan' END,
                {_u("n", 58)} < 0.75, 'employer',
                CASE WHEN reviewed_at >= %(now)s THEN 'reported' WHEN outcome < 0.02 THEN 'rejected'
                     ELSE 'verified' END,
                CASE WHEN reviewed_at < %(now)s AND outcome < 0.02 THEN 'Data tidak sesuai.' ELSE '' END,
                company_id, jobseeker_id, occupation_id, %(staff)s, vacancy_id, vacancy_id IS NULL
            FROM planned
            ON CONFLICT DO NOTHING
            """,
            {"first": have + 1, "last": target, "now": now, "staff": staff},
        )
        report.rows["placement events"] = _execute(
            """
            INSERT INTO placements_placementevent (from_status, to_status, note, created_at, placement_id)
            SELECT event.from_status, event.to_status, '', event.at, placement.id
            FROM placements_placement placement
            CROSS JOIN LATERAL (VALUES
                ('', 'reported', placement.created_at),
                ('reported', placement.status, CASE WHEN placement.status <> 'reported' THEN placement.updated_at END)
            ) AS event (from_status, to_status, at)
            WHERE placement.reported_by_id = %(staff)s AND event.at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM placements_placementevent e WHERE e.placement_id = placement.id)
            ORDER BY event.at
            """,
            {"staff": staff},
        )
    log(f"  placements: {report.rows['placements']:,}")


def ensure_data(
    *, jobseekers: int, placements: int, companies: int, vacancies: int, log: Callable[[str], None]
) -> SeedReport:
    """Seed what is missing for the sizes asked, then the holder snapshot and ANALYZE."""
    report = SeedReport()
    started = time.monotonic()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET work_mem = '256MB'")
    log("seeding (only what is missing)")
    _seed_jobseekers(jobseekers, now, report, log)
    _seed_cards(now, report, log)
    _seed_employers(companies, vacancies, now, report, log)
    _seed_placements(placements, now, report, log)
    snapshot_started = time.monotonic()
    report.rows["card holder snapshots"] = aki_card_holders_snapshot()
    report.snapshot_seconds = time.monotonic() - snapshot_started
    if report.created:
        analyze_started = time.monotonic()
        _execute("ANALYZE")
        report.analyze_seconds = time.monotonic() - analyze_started
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")
        cursor.execute("RESET work_mem")
    report.seconds = time.monotonic() - started
    report.jobseekers = _scalar("SELECT count(*) FROM jobseekers_jobseekerprofile")
    report.cards = _scalar("SELECT count(*) FROM jobseekers_akicard")
    report.card_events = _scalar("SELECT count(*) FROM jobseekers_akicardevent")
    report.companies = _scalar("SELECT count(*) FROM employers_company")
    report.vacancies = _scalar("SELECT count(*) FROM employers_vacancy")
    report.placements = _scalar("SELECT count(*) FROM placements_placement")
    return report


# --- The raw SQL baseline: one plain GROUP BY per table --------------------------------------------

AGE_GROUP = """CASE WHEN card.holder_age_at_issue IS NULL THEN NULL
    WHEN card.holder_age_at_issue < 20 THEN '15-19' WHEN card.holder_age_at_issue < 30 THEN '20-29'
    WHEN card.holder_age_at_issue < 45 THEN '30-44' WHEN card.holder_age_at_issue < 55 THEN '45-54'
    ELSE '55+' END"""

# Per (sex, value): carried over, registered, placed, removed: each event into or out of "active"
# before the month's end, counted by whether it is before the month.
RAW_CARDS_SQL = """
SELECT card.holder_sex, {value},
    count(*) FILTER (WHERE e.created_at < %(start)s AND e.to_status = 'active')
        - count(*) FILTER (WHERE e.created_at < %(start)s AND e.from_status = 'active'),
    count(*) FILTER (WHERE e.created_at >= %(start)s AND e.to_status = 'active'),
    count(*) FILTER (WHERE e.created_at >= %(start)s AND e.from_status = 'active' AND e.to_status = 'placed'),
    count(*) FILTER (WHERE e.created_at >= %(start)s AND e.from_status = 'active' AND e.to_status <> 'placed')
FROM jobseekers_akicardevent e JOIN jobseekers_akicard card ON card.id = e.card_id
WHERE e.created_at < %(end)s AND (e.to_status = 'active') <> (e.from_status = 'active')
GROUP BY 1, 2
"""

# Per vacancy: its first publication, its first closing after it, and its hires in between (the first
# `openings` of them, by verification); then per (sex asked, value) in openings.
RAW_VACANCIES_SQL = """
WITH published AS (
    SELECT vacancy_id, min(created_at) AS published_at FROM employers_vacancyevent
    WHERE to_status = 'published' AND created_at < %(end)s GROUP BY vacancy_id
),
span AS (
    SELECT published.vacancy_id, published.published_at, min(e.created_at) AS ended_at
    FROM published LEFT JOIN employers_vacancyevent e ON e.vacancy_id = published.vacancy_id
        AND e.to_status IN ('closed', 'filled') AND e.created_at >= published.published_at
    GROUP BY 1, 2
),
hire AS (
    SELECT span.vacancy_id, pe.created_at AS at,
        row_number() OVER (PARTITION BY span.vacancy_id ORDER BY pe.created_at, pe.id) AS number
    FROM span JOIN placements_placement pl ON pl.vacancy_id = span.vacancy_id
    JOIN placements_placementevent pe ON pe.placement_id = pl.id AND pe.to_status = 'verified'
    WHERE pe.created_at >= span.published_at AND (span.ended_at IS NULL OR pe.created_at < span.ended_at)
),
per_vacancy AS (
    SELECT span.vacancy_id, span.published_at, span.ended_at, v.openings,
        count(hire.at) FILTER (WHERE hire.at < %(start)s) AS filled_before,
        count(hire.at) FILTER (WHERE hire.at >= %(start)s AND hire.at < %(end)s) AS filled_in
    FROM span JOIN employers_vacancy v ON v.id = span.vacancy_id
    LEFT JOIN hire ON hire.vacancy_id = span.vacancy_id AND hire.number <= v.openings
    GROUP BY 1, 2, 3, 4
)
SELECT vacancy.sex_requirement, {value},
    coalesce(sum(pv.openings - pv.filled_before)
        FILTER (WHERE pv.published_at < %(start)s AND (pv.ended_at IS NULL OR pv.ended_at >= %(start)s)), 0),
    coalesce(sum(pv.openings) FILTER (WHERE pv.published_at >= %(start)s), 0),
    coalesce(sum(pv.filled_in), 0),
    coalesce(sum(pv.openings - pv.filled_before - pv.filled_in)
        FILTER (WHERE pv.ended_at >= %(start)s AND pv.ended_at < %(end)s), 0)
FROM per_vacancy pv JOIN employers_vacancy vacancy ON vacancy.id = pv.vacancy_id
JOIN employers_company company ON company.id = vacancy.company_id
JOIN reference_kbjigroup occupation ON occupation.id = vacancy.occupation_id
LEFT JOIN reference_kbjigroup major ON major.code = left(occupation.code, 1)
GROUP BY 1, 2
"""

# Verified placements of the month per (sex, value…): the person's sex and highest education now.
RAW_PLACEMENTS_SQL = """
SELECT person.sex, {value}, count(*), count(*) FILTER (WHERE pl.is_local)
FROM placements_placementevent e JOIN placements_placement pl ON pl.id = e.placement_id
JOIN jobseekers_jobseekerprofile person ON person.id = pl.jobseeker_id
JOIN employers_company company ON company.id = pl.company_id
LEFT JOIN reference_kelurahan kelurahan ON kelurahan.id = person.kelurahan_id
{joins}
WHERE e.to_status = 'verified' AND e.created_at >= %(start)s AND e.created_at < %(end)s
GROUP BY {group_by}
"""

HIGHEST_EDUCATION_JOIN = """
LEFT JOIN LATERAL (
    SELECT entry.level_id FROM jobseekers_educationentry entry
    JOIN reference_educationlevel level ON level.id = entry.level_id
    WHERE entry.jobseeker_id = person.id ORDER BY level.rank DESC, entry.id LIMIT 1
) education ON true
"""

RAW_KECAMATAN_SQL = """
SELECT kecamatan_id, sum(registered), sum(stock), sum(placed)
FROM (
    SELECT card.holder_kecamatan_id AS kecamatan_id,
        count(*) FILTER (WHERE e.created_at >= %(start)s AND e.to_status = 'active') AS registered,
        count(*) FILTER (WHERE e.to_status = 'active') - count(*) FILTER (WHERE e.from_status = 'active') AS stock,
        0 AS placed
    FROM jobseekers_akicardevent e JOIN jobseekers_akicard card ON card.id = e.card_id
    WHERE e.created_at < %(end)s AND (e.to_status = 'active') <> (e.from_status = 'active')
    GROUP BY 1
    UNION ALL
    SELECT kelurahan.kecamatan_id, 0, 0, count(*)
    FROM placements_placementevent e JOIN placements_placement pl ON pl.id = e.placement_id
    JOIN jobseekers_jobseekerprofile person ON person.id = pl.jobseeker_id
    LEFT JOIN reference_kelurahan kelurahan ON kelurahan.id = person.kelurahan_id
    WHERE e.to_status = 'verified' AND e.created_at >= %(start)s AND e.created_at < %(end)s
    GROUP BY 1
) by_kecamatan
GROUP BY 1
"""

RAW_COMPANIES_SQL = """
SELECT company.id, company.name, company.nib, coalesce(v.vacancies, 0), coalesce(v.openings, 0),
    coalesce(r.reports, 0), coalesce(h.hires, 0), coalesce(h.local, 0), coalesce(h.year_hires, 0),
    coalesce(h.year_local, 0)
FROM employers_company company
LEFT JOIN (
    SELECT vacancy.company_id, count(*) AS vacancies, sum(vacancy.openings) AS openings
    FROM employers_vacancy vacancy
    WHERE (SELECT min(e.created_at) FROM employers_vacancyevent e
           WHERE e.vacancy_id = vacancy.id AND e.to_status = 'published') >= %(start)s
      AND (SELECT min(e.created_at) FROM employers_vacancyevent e
           WHERE e.vacancy_id = vacancy.id AND e.to_status = 'published') < %(end)s
    GROUP BY 1
) v ON v.company_id = company.id
LEFT JOIN (
    SELECT pl.company_id, count(*) AS reports
    FROM placements_placementevent e JOIN placements_placement pl ON pl.id = e.placement_id
    WHERE e.from_status = '' AND e.to_status = 'reported' AND e.created_at >= %(start)s AND e.created_at < %(end)s
    GROUP BY 1
) r ON r.company_id = company.id
LEFT JOIN (
    SELECT pl.company_id,
        count(*) FILTER (WHERE e.created_at >= %(start)s) AS hires,
        count(*) FILTER (WHERE e.created_at >= %(start)s AND pl.is_local) AS local,
        count(*) AS year_hires, count(*) FILTER (WHERE pl.is_local) AS year_local
    FROM placements_placementevent e JOIN placements_placement pl ON pl.id = e.placement_id
    WHERE e.to_status = 'verified' AND e.created_at >= %(year_start)s AND e.created_at < %(end)s
    GROUP BY 1
) h ON h.company_id = company.id
WHERE v.company_id IS NOT NULL OR r.company_id IS NOT NULL OR h.hires > 0
ORDER BY company.name, company.id
"""


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def raw_tables(period: tables.Month) -> dict[str, list[tuple]]:
    """The hand-written queries, one per table of `month_tables`."""
    params = {"start": period.start, "end": period.end, "year_start": period.year_start}
    cards = {
        "iii_1_jobseekers": AGE_GROUP,
        "iii_2_jobseekers_education": "card.holder_education_id",
        "iii_3_jobseekers_occupation": "card.holder_occupation_id",
    }
    vacancies = {
        "iii_1_vacancies": "true",
        "iii_4_vacancies_education": "vacancy.min_education_id",
        "iii_5_vacancies_occupation": "major.id",
        "iii_6_vacancies_sector": "company.kbli_category_id",
    }
    result = {}
    for key, value in cards.items():
        result[key] = _fetch(RAW_CARDS_SQL.format(value=value), params)
    for key, value in vacancies.items():
        result[key] = _fetch(RAW_VACANCIES_SQL.format(value=value), params)
    result["iii_7_placements_sector"] = _fetch(
        RAW_PLACEMENTS_SQL.format(value="company.kbli_category_id", joins="", group_by="1, 2"), params
    )
    result["iii_8_placements"] = _fetch(
        RAW_PLACEMENTS_SQL.format(
            value="pl.placement_type, education.level_id", joins=HIGHEST_EDUCATION_JOIN, group_by="1, 2, 3"
        ),
        params,
    )
    result["bontang_companies"] = _fetch(RAW_COMPANIES_SQL, params)
    result["bontang_kecamatan"] = _fetch(RAW_KECAMATAN_SQL, params)
    result["bontang_disability"] = _fetch(
        RAW_PLACEMENTS_SQL.format(value="person.has_disability", joins="", group_by="1, 2"), params
    )
    return result


def _code(value) -> str:
    if value is None or value == "":
        return tables.NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def compare(report: list[tables.Table], raw: dict[str, list[tuple]]) -> tuple[list[str], int]:
    """Differences between the report's cells and the baseline's figures, and how many were compared."""
    by_key = {table.key: table for table in report}
    problems: list[str] = []
    compared = 0
    groups = ("carried_over", "registered", "out_placed", "out_removed")
    for key in (
        "iii_1_jobseekers",
        "iii_2_jobseekers_education",
        "iii_3_jobseekers_occupation",
        "iii_1_vacancies",
        "iii_4_vacancies_education",
        "iii_5_vacancies_occupation",
        "iii_6_vacancies_sector",
    ):
        table = by_key[key]
        keys = [column.key for column in table.columns]
        expected = {(_code(value), sex): [int(x) for x in figures] for sex, value, *figures in raw[key]}
        sexes = ("M", "F") if "jobseekers" in key else ("M", "F", "any")
        seen = set()
        for row in table.rows + [table.total]:
            for sex in sexes:
                cells = [row.values[keys.index(f"{group}_{sex}")] for group in groups]
                if row is table.total:
                    want = [sum(f[i] for (_c, s), f in expected.items() if s == sex) for i in range(4)]
                else:
                    want = expected.get((row.code, sex), [0, 0, 0, 0])
                    seen.add((row.code, sex))
                compared += 4
                if cells != want:
                    problems.append(f"{table.code} {key} {row.code} {sex}: report {cells}, raw SQL {want}")
        for code_sex in set(expected) - seen:
            if any(expected[code_sex]):
                problems.append(f"{table.code} {key} {code_sex}: raw SQL {expected[code_sex]}, not in the report")

    # IPK III/8: every cell (type × education × sex), and the total row.
    table = by_key["iii_8_placements"]
    keys = [column.key for column in table.columns]
    counts: dict[tuple[str, str, str], int] = {}
    for sex, placement_type, level, placed, _local in raw["iii_8_placements"]:
        counts[(placement_type, _code(level), sex)] = counts.get((placement_type, _code(level), sex), 0) + int(placed)
    for row in table.rows + [table.total]:
        for placement_type, _label in tables.PLACEMENT_TYPES:
            for sex in ("M", "F"):
                cell = row.values[keys.index(f"{placement_type}_{sex}")]
                if row is table.total:
                    want = sum(c for (t, _e, s), c in counts.items() if t == placement_type and s == sex)
                else:
                    want = counts.get((placement_type, row.code, sex), 0)
                compared += 1
                if cell != want:
                    problems.append(f"IPK III/8 {row.code} {placement_type} {sex}: report {cell}, raw SQL {want}")

    # The other placement tables, by their totals (placed men, women, local).
    for key in ("iii_7_placements_sector", "bontang_disability"):
        total = by_key[key].total.values
        want = [
            sum(int(r[2]) for r in raw[key] if r[0] == "M"),
            sum(int(r[2]) for r in raw[key] if r[0] == "F"),
            sum(int(r[3]) for r in raw[key]),
        ]
        compared += 3
        if [total[0], total[1], total[3]] != want:
            problems.append(f"{by_key[key].code} total: report {[total[0], total[1], total[3]]}, raw SQL {want}")
    companies = by_key["bontang_companies"]
    want_hires = sum(int(r[6]) for r in raw["bontang_companies"])
    compared += 2
    if len(companies.rows) != len(raw["bontang_companies"]) or companies.total.values[3] != want_hires:
        problems.append(
            f"Bontang 1: report {len(companies.rows)} companies, {companies.total.values[3]} hires; "
            f"raw SQL {len(raw['bontang_companies'])} companies, {want_hires} hires"
        )
    return problems, compared


# --- Measurement ---------------------------------------------------------------------------------


def latest_month() -> tables.Month:
    """The month (WITA) before the month of the latest card, vacancy or placement event."""
    latest = _scalar(
        """
        SELECT greatest(
            (SELECT max(created_at) FROM jobseekers_akicardevent),
            (SELECT max(created_at) FROM employers_vacancyevent),
            (SELECT max(created_at) FROM placements_placementevent))
        """
    )
    if latest is None:
        latest = timezone.now()
    day = timezone.localtime(latest, timezone.get_fixed_timezone(8 * 60)).date().replace(day=1)
    before = day - datetime.timedelta(days=1)
    return tables.Month(before.year, before.month)


def first_month() -> tables.Month | None:
    earliest = _scalar("SELECT min(created_at) FROM jobseekers_akicardevent")
    if earliest is None:
        return None
    day = timezone.localtime(earliest, timezone.get_fixed_timezone(8 * 60)).date().replace(day=1)
    return tables.Month(day.year, day.month).next()


def build(period: tables.Month) -> list[tables.Table]:
    with translation.override("id"):
        return tables.month_tables(year=period.year, month=period.month)


def _events_before(period: tables.Month) -> int:
    return _scalar("SELECT count(*) FROM jobseekers_akicardevent WHERE created_at < %(end)s", {"end": period.end})


@dataclass
class QueryTiming:
    name: str
    ms: float
    sql: str = ""
    params: dict | None = None


@dataclass
class BenchResult:
    seed: SeedReport
    month: tables.Month
    report_ms: list[float] = field(default_factory=list)
    raw_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    compared: int = 0
    cells: int = 0
    heap_peak_mb: float = 0.0
    small_month: tables.Month | None = None
    small_heap_peak_mb: float = 0.0
    events_before: int = 0
    small_events_before: int = 0
    rss_growth_mb: float = 0.0
    breakdown: list[QueryTiming] = field(default_factory=list)
    explains: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def report_median(self) -> float:
        return statistics.median(self.report_ms)

    @property
    def raw_median(self) -> float:
        return statistics.median(self.raw_ms)

    @property
    def ratio(self) -> float:
        return self.report_median / self.raw_median if self.raw_median else float("nan")


def _heap_peak(period: tables.Month) -> float:
    tracemalloc.start()
    try:
        build(period)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _breakdown(period: tables.Month) -> list[QueryTiming]:
    """Each step of month_tables on its own, once, with the SQL it ran (for EXPLAIN)."""
    steps = [
        ("aki_card_holders_snapshot", lambda: aki_card_holders_snapshot()),
        ("card_flows", lambda: queries.card_flows(start=period.start, end=period.end)),
        ("vacancy_flows", lambda: queries.vacancy_flows(start=period.start, end=period.end)),
        ("placement_counts", lambda: queries.placement_counts(start=period.start, end=period.end)),
        (
            "company_figures",
            lambda: queries.company_figures(start=period.start, end=period.end, year_start=period.year_start),
        ),
        ("card_stock (balance check)", lambda: queries.card_stock(at=period.end)),
        ("vacancy_stock (balance check)", lambda: queries.vacancy_stock(at=period.end)),
    ]
    timings = []
    for name, step in steps:
        captured: list[tuple[str, dict]] = []

        def capture(execute, sql, params, many, context, captured=captured):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            started = time.perf_counter()
            step()
            ms = 1000 * (time.perf_counter() - started)
        sql, params = captured[-1] if captured else ("", None)
        timings.append(QueryTiming(name=name, ms=ms, sql=sql, params=params))
    return timings


def explain(timing: QueryTiming) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of one query: its totals and the plan nodes that took the most time."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + timing.sql, timing.params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]
    nodes: list[tuple[float, str]] = []

    def walk(node: dict) -> float:
        total = node.get("Actual Total Time", 0.0) * node.get("Actual Loops", 1)
        children = sum(walk(child) for child in node.get("Plans", []))
        own = max(0.0, total - children)
        label = node["Node Type"]
        for key in ("Relation Name", "Index Name", "CTE Name", "Subplan Name"):
            if key in node:
                label += f" {node[key]}"
        rows = node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
        nodes.append((own, f"{label}: {own:,.0f} ms own, {rows:,} rows, loops {node.get('Actual Loops', 1):,}"))
        return total

    walk(top["Plan"])
    root = top["Plan"]
    lines = [
        f"execution {top.get('Execution Time', 0):,.0f} ms, planning {top.get('Planning Time', 0):,.1f} ms; "
        f"buffers hit {root.get('Shared Hit Blocks', 0):,}, read {root.get('Shared Read Blocks', 0):,}, "
        f"temp written {root.get('Temp Written Blocks', 0):,}"
    ]
    lines += [text for _own, text in sorted(nodes, reverse=True)[:5]]
    return lines


def run(
    *,
    jobseekers: int,
    placements: int,
    companies: int,
    vacancies: int,
    month: tables.Month | None = None,
    with_explain: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> BenchResult:
    seed = ensure_data(jobseekers=jobseekers, placements=placements, companies=companies, vacancies=vacancies, log=log)
    log(f"seeding: {seed.seconds:.1f} s, {seed.created:,} rows")
    period = month or latest_month()
    result = BenchResult(seed=seed, month=period)
    log(f"measuring {period.year}-{period.month:02d}")

    report = build(period)  # warm-up, not counted
    raw = raw_tables(period)
    result.problems, result.compared = compare(report, raw)
    result.cells = sum(len(table.rows) * len(table.columns) for table in report)
    with RssSampler() as rss:
        for _ in range(RUNS):
            started = time.perf_counter()
            build(period)
            result.report_ms.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            raw_tables(period)
            result.raw_ms.append(1000 * (time.perf_counter() - started))
    result.rss_growth_mb = rss.growth_mb

    result.heap_peak_mb = _heap_peak(period)
    result.events_before = _events_before(period)
    small = first_month()
    if small and (small.year, small.month) < (period.year, period.month):
        result.small_month = small
        result.small_heap_peak_mb = _heap_peak(small)
        result.small_events_before = _events_before(small)

    result.breakdown = _breakdown(period)
    if with_explain:
        heaviest = sorted((t for t in result.breakdown if t.sql), key=lambda t: t.ms, reverse=True)[:2]
        result.explains = [(timing.name, explain(timing)) for timing in heaviest]
    return result


def report_lines(result: BenchResult, *, jobseekers: int, placements: int) -> list[str]:
    """The printed report; the last line is the one-line summary."""
    r, s = result, result.seed
    month = f"{r.month.year}-{r.month.month:02d}"
    lines = [
        f"reports benchmark: --jobseekers {jobseekers:,} --placements {placements:,}, month {month}",
        f"  data        {s.jobseekers:,} jobseekers, {s.cards:,} AK/I cards, {s.card_events:,} card events, "
        f"{s.companies:,} companies, {s.vacancies:,} vacancies, {s.placements:,} placements",
        f"  seed        {s.seconds:.1f} s ({s.created:,} rows: "
        + ", ".join(f"{name} {count:,}" for name, count in s.rows.items() if count)
        + f"; holder snapshot {s.snapshot_seconds:.1f} s, ANALYZE {s.analyze_seconds:.1f} s)   not in the figures",
        f"  report      month_tables({month}): median {r.report_median:,.0f} ms of {RUNS} "
        f"({', '.join(f'{ms:,.0f}' for ms in r.report_ms)}), {r.cells:,} cells",
        f"  raw SQL     one GROUP BY per table (12 queries): median {r.raw_median:,.0f} ms of {RUNS} "
        f"({', '.join(f'{ms:,.0f}' for ms in r.raw_ms)})",
        f"  ratio       report / raw SQL {r.ratio:.2f}×   target <= {TARGET_RATIO:.0f}×: "
        f"{'OK' if r.ratio <= TARGET_RATIO else 'MISSED'}",
    ]
    if r.problems:
        lines.append(
            f"  MISMATCH    {len(r.problems)} of {r.compared:,} figures differ between the report and raw SQL:"
        )
        lines += [f"    {problem}" for problem in r.problems[:20]]
    else:
        lines.append(
            f"  check       {r.compared:,} figures equal in the report and the raw SQL (flow tables cell by cell, "
            "IPK III/8 cell by cell, the other tables' totals)"
        )
    small = (
        f"; {r.small_month.year}-{r.small_month.month:02d} ({r.small_events_before:,} card events before its end): "
        f"{r.small_heap_peak_mb:.1f} MB"
        if r.small_month
        else ""
    )
    lines.append(
        f"  memory      Python heap peak (tracemalloc) of one build: {month} ({r.events_before:,} card events before "
        f"its end): {r.heap_peak_mb:.1f} MB{small}; RSS growth over the timed builds {r.rss_growth_mb:.1f} MB"
    )
    lines.append(
        "  breakdown   one run of each step of month_tables: "
        + ", ".join(f"{t.name} {t.ms:,.0f} ms" for t in r.breakdown)
    )
    for name, explain_lines in r.explains:
        lines.append(f"  EXPLAIN     {name}: {explain_lines[0]}")
        lines += [f"                {line}" for line in explain_lines[1:]]
    lines.append(
        f"reports: month {r.report_median:.0f} ms, raw SQL {r.raw_median:.0f} ms, ratio {r.ratio:.1f}×, "
        f"peak memory {r.heap_peak_mb:.1f} MB"
    )
    return lines

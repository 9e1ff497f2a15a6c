"""The quality report behind `manage.py eval_matching` (issue 11, point 7).

A planted test set, built fresh inside one transaction that is rolled back at the end (nothing
stays in the database, whatever is already there): one company and, for each of the vacancies
(one per job of the demo catalogue with at least two key skills), a dozen jobseekers who truly
fit it (its minimum education, all of its key skills, a KTP address in Bontang, an age in its
range, an active AK/I card, experience in its kind of work), hidden among near-misses (the same
profile with one thing wrong: education below the minimum, one key skill missing, a KTP outside
Bontang, too old) and random others built from other jobs.

Who truly fits a vacancy is decided by one predicate over the planted attributes (`truly_fits`),
for every pair, so that a jobseeker planted for one vacancy who also fits another counts there.
Within a vacancy the fitting candidates are equally qualified by construction (same education,
skills, experience, card age, activity, wage): only sex, age, kecamatan and disability differ,
so the fairness table shows how the score treats those. Disability is a priority group in the
score (MATCHING_WEIGHTS["priority"]), so its higher rate is the policy, not a bias; ties between
equal scores are broken by id, and ids are given in a shuffled (seeded) order.

The real services run: `facts.jobseeker_facts_refresh` on the planted jobseekers, then
`services.vacancy_match` on each planted vacancy. Other jobseekers' facts are removed inside the
transaction (and come back with the rollback), so only the planted set competes.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from bontang_aker.accounts.models import User
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan, Skill
from employers.models import Company, Vacancy
from employers.search import vacancy_search_refresh
from jobseekers.models import AkiCard, EducationEntry, ExperienceEntry, JobseekerProfile
from matching import facts, services
from matching.models import Match

DEFAULT_SEED = 2026
FITS_PER_VACANCY = 12
NEAR_MISSES_PER_KIND = 3
RANDOM_PER_VACANCY = 30
NEAR_MISS_KINDS = ("education", "skill", "local", "age")
AGE_BANDS = ((18, 24), (25, 29), (30, 34), (35, 200))
EMAIL_DOMAIN = "eval.matching.invalid"


class _Rollback(Exception):
    """Raised to leave the transaction of the test set; nothing it wrote survives."""


@dataclass
class PlantedJobseeker:
    profile_id: int = 0
    role: str = "random"  # "fit", "near:<kind>" or "random", for the vacancy it was planted for
    planted_for: int | None = None  # index of that vacancy
    sex: str = "M"
    age: int = 30
    kecamatan: str | None = None  # None: KTP outside Bontang
    disability: bool = False
    education_rank: int = 0
    skill_ids: frozenset[int] = frozenset()
    card_active: bool = True


@dataclass
class PlantedVacancy:
    vacancy_id: int
    title: str
    min_rank: int
    key_skill_ids: frozenset[int]
    age_min: int
    age_max: int


@dataclass
class VacancyResult:
    vacancy: PlantedVacancy
    fitting: int
    precision_at_10: float
    recall_at_50: float
    near_misses_in_top10: dict[str, int]


@dataclass
class EvalResult:
    vacancies: list[VacancyResult] = field(default_factory=list)
    # table → group → [fitting pairs, of which in the top 10, expected in the top 10 if drawn at random]
    fairness: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    jobseekers: int = 0
    seconds: float = 0.0

    @property
    def precision_at_10(self) -> float:
        return sum(v.precision_at_10 for v in self.vacancies) / len(self.vacancies) if self.vacancies else 0.0

    @property
    def recall_at_50(self) -> float:
        return sum(v.recall_at_50 for v in self.vacancies) / len(self.vacancies) if self.vacancies else 0.0


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high >= 200 else f"{low}-{high}"
    return f"<{AGE_BANDS[0][0]}"


def truly_fits(vacancy: PlantedVacancy, person: PlantedJobseeker) -> bool:
    """The planted answer: right education, every key skill, local, the right age, an active card."""
    return (
        person.education_rank >= vacancy.min_rank
        and vacancy.key_skill_ids <= person.skill_ids
        and person.kecamatan is not None
        and vacancy.age_min <= person.age <= vacancy.age_max
        and person.card_active
    )


class _Builder:
    """Creates the planted records (in the caller's transaction) and remembers their attributes."""

    def __init__(self, seed: int):
        from portal.demo.catalog import JOBS

        self.rng = random.Random(f"{seed}/eval-matching")
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.levels = {level.code: level for level in EducationLevel.objects.all()}
        self.skills = {skill.code: skill.pk for skill in Skill.objects.active()}
        self.kbji = {group.code: group for group in KbjiGroup.objects.filter(parent__isnull=True)}
        self.kelurahan_by_kecamatan: dict[str, list[Kelurahan]] = defaultdict(list)
        for kelurahan in Kelurahan.objects.active().select_related("kecamatan").order_by("code"):
            self.kelurahan_by_kecamatan[kelurahan.kecamatan.name].append(kelurahan)
        self.kecamatan = sorted(self.kelurahan_by_kecamatan)
        lowest = min(level.rank for level in self.levels.values())
        self.jobs = {
            key: job
            for key, job in sorted(JOBS.items())
            if len([code for code in job.skills if code in self.skills]) >= 2
            and job.min_education in self.levels
            and self.levels[job.min_education].rank > lowest
            and job.kbji in self.kbji
        }
        self.people: list[PlantedJobseeker] = []
        self._serial = 0
        self._rows: list[tuple] = []  # (person, job, level code, major, local kelurahan, with experience)

    # -- vacancies -----------------------------------------------------------------------------

    def company(self) -> Company:
        kelurahan = self.kelurahan_by_kecamatan[self.kecamatan[0]][0]
        return Company.objects.create(
            name="PT Uji Pencocokan (evaluasi)",
            nib="9129999999999",
            npwp="0999999999999999",
            kbli_code="20112",
            kbli_category=KbliCategory.objects.get(code="C"),
            address="Jl. Evaluasi No. 1",
            kelurahan=kelurahan,
            phone="+62548000001",
            email=f"hrd@{EMAIL_DOMAIN}",
            status=Company.Status.VERIFIED,
            verified_at=self.now,
        )

    def vacancies(self, company: Company, count: int) -> list[tuple[PlantedVacancy, object]]:
        keys = list(self.jobs)
        self.rng.shuffle(keys)
        built = []
        for key in keys[:count]:
            job = self.jobs[key]
            age_min, age_max = job.age[0], job.age[1] or 40
            low, high = job.wage
            kelurahan = self.kelurahan_by_kecamatan[self.rng.choice(self.kecamatan)][0]
            vacancy = Vacancy.objects.create(
                company=company,
                title=job.title,
                occupation=self.kbji[job.kbji],
                employment_type=job.types[0][0],
                description=f"{company.name} membutuhkan {job.title} untuk {job.duties}.",
                openings=5,
                open_date=self.today,
                close_date=self.today + datetime.timedelta(days=30),
                age_min=age_min,
                age_max=age_max,
                min_education=self.levels[job.min_education],
                majors=job.majors,
                competencies=job.competencies,
                experience_years_min=job.experience,
                wage_min=low,
                wage_max=high,
                wage_period=job.period,
                work_kelurahan=kelurahan,
                work_location=f"{company.name}, Kel. {kelurahan.name}",
                status=Vacancy.Status.PUBLISHED,
                submitted_at=self.now,
                published_at=self.now,
            )
            skill_ids = [self.skills[code] for code in job.skills if code in self.skills]
            vacancy.skills.set(skill_ids)
            planted = PlantedVacancy(
                vacancy_id=vacancy.pk,
                title=job.title,
                min_rank=self.levels[job.min_education].rank,
                key_skill_ids=frozenset(skill_ids),
                age_min=age_min,
                age_max=age_max,
            )
            built.append((planted, job))
        vacancy_search_refresh(vacancy_ids=[planted.vacancy_id for planted, _ in built])
        return built

    # -- jobseekers ----------------------------------------------------------------------------

    def _level_below(self, code: str) -> str:
        rank = self.levels[code].rank
        below = [level for level in self.levels.values() if level.rank < rank]
        return max(below, key=lambda level: level.rank).code

    def plant(self, index: int, vacancy: PlantedVacancy, job) -> None:
        """The vacancy's fitting candidates, its near-misses and random others (attributes only)."""
        major = job.majors.replace(";", ",").split(",")[0].strip()
        all_skills = frozenset(self.skills[code] for code in job.skills if code in self.skills)
        fits_rank = self.levels[job.min_education].rank
        span = max(0, vacancy.age_max - vacancy.age_min)
        for n in range(FITS_PER_VACANCY):
            person = PlantedJobseeker(
                role="fit",
                planted_for=index,
                sex="MF"[n % 2],
                age=vacancy.age_min + (n * 5 + n // 4) % (span + 1),
                kecamatan=self.kecamatan[n % len(self.kecamatan)],
                disability=n % 6 == 5,
                education_rank=fits_rank,
                skill_ids=all_skills,
            )
            self._rows.append((person, job, job.min_education, major, True))
        for kind in NEAR_MISS_KINDS:
            for n in range(NEAR_MISSES_PER_KIND):
                person = PlantedJobseeker(
                    role=f"near:{kind}",
                    planted_for=index,
                    sex="MF"[n % 2],
                    age=vacancy.age_min + (n * 3) % (span + 1),
                    kecamatan=self.kecamatan[n % len(self.kecamatan)],
                    education_rank=fits_rank,
                    skill_ids=all_skills,
                )
                level = job.min_education
                if kind == "education":
                    level = self._level_below(job.min_education)
                    person.education_rank = self.levels[level].rank
                elif kind == "skill":
                    dropped = sorted(all_skills)[n % len(all_skills)]
                    person.skill_ids = all_skills - {dropped}
                elif kind == "local":
                    person.kecamatan = None
                else:  # too old
                    person.age = vacancy.age_max + 2 + n * 3
                self._rows.append((person, job, level, major, True))
        others = [other for other in self.jobs.values() if not set(other.skills) & set(job.skills)] or list(
            self.jobs.values()
        )
        levels = [code for code in ("SD", "SMP", "SMA", "SMK", "D3", "S1") if code in self.levels]
        for _ in range(RANDOM_PER_VACANCY):
            other = self.rng.choice(others)
            codes = [code for code in other.skills if code in self.skills]
            chosen = self.rng.sample(codes, self.rng.randint(1, len(codes)))
            level = self.rng.choice(levels)
            person = PlantedJobseeker(
                role="random",
                planted_for=index,
                sex=self.rng.choice("MF"),
                age=self.rng.randint(18, 55),
                kecamatan=self.rng.choice(self.kecamatan) if self.rng.random() < 0.8 else None,
                disability=self.rng.random() < 0.03,
                education_rank=self.levels[level].rank,
                skill_ids=frozenset(self.skills[code] for code in chosen),
                card_active=self.rng.random() < 0.85,
            )
            other_major = other.majors.replace(";", ",").split(",")[0].strip()
            self._rows.append((person, other, level, other_major, self.rng.random() < 0.5))

    def _nik(self, birth_date: datetime.date, sex: str) -> str:
        self._serial += 1
        day = birth_date.day + (40 if sex == "F" else 0)
        return f"647401{day:02d}{birth_date:%m%y}{self._serial % 10000:04d}"

    def write(self) -> list[PlantedJobseeker]:
        """Insert every planted jobseeker, in a shuffled order (ties between equal scores go by id)."""
        rows = list(self._rows)
        self.rng.shuffle(rows)
        days = datetime.timedelta
        users, profiles = [], []
        for n, (person, _job, _level, _major, _experience) in enumerate(rows):
            birth_date = self.today - days(days=person.age * 365 + 100 + n % 200)
            kelurahan = None
            if person.kecamatan is not None:
                choices = self.kelurahan_by_kecamatan[person.kecamatan]
                kelurahan = choices[n % len(choices)]
            users.append(
                User(
                    email=f"pencaker{n}@{EMAIL_DOMAIN}",
                    full_name=f"Pencari Kerja Uji {n}",
                    role=User.Role.JOBSEEKER,
                    password="!",
                    email_verified_at=self.now,
                )
            )
            profiles.append(
                JobseekerProfile(
                    nik=self._nik(birth_date, person.sex),
                    full_name=f"Pencari Kerja Uji {n}",
                    birth_place="Bontang",
                    birth_date=birth_date,
                    sex=person.sex,
                    ktp_address="Jl. Uji No. 1" + (f", Kel. {kelurahan.name}" if kelurahan else ", Sangatta"),
                    kelurahan=kelurahan,
                    outside_city="" if kelurahan else "Kab. Kutai Timur",
                    resident_since=birth_date if kelurahan else None,
                    phone="+6281200000000",
                    has_disability=person.disability,
                    disability_note="Tunadaksa ringan" if person.disability else "",
                    about="",
                    consent_at=self.now,
                )
            )
        User.objects.bulk_create(users)
        for user, profile in zip(users, profiles, strict=True):
            profile.user = user
        JobseekerProfile.objects.bulk_create(profiles)
        educations, experiences, skills, occupations, cards = [], [], [], [], []
        skills_through = JobseekerProfile.skills.through
        occupations_through = JobseekerProfile.preferred_occupations.through
        issued = self.now - days(days=200)
        for n, ((person, job, level, major, with_experience), profile) in enumerate(zip(rows, profiles, strict=True)):
            person.profile_id = profile.pk
            educations.append(
                EducationEntry(jobseeker=profile, level=self.levels[level], institution="Sekolah Uji", major=major)
            )
            if with_experience:
                experiences.append(
                    ExperienceEntry(
                        jobseeker=profile,
                        employer_name="PT Pengalaman Uji",
                        position=job.title,
                        occupation=self.kbji[job.kbji],
                        start_date=self.today - days(days=365 * 3 + 30),
                        end_date=self.today - days(days=30),
                    )
                )
                occupations.append(
                    occupations_through(jobseekerprofile_id=profile.pk, kbjigroup_id=self.kbji[job.kbji].pk)
                )
            skills += [skills_through(jobseekerprofile_id=profile.pk, skill_id=pk) for pk in sorted(person.skill_ids)]
            if person.card_active:
                cards.append(
                    AkiCard(
                        jobseeker=profile,
                        number=f"6474-EVAL-{n:06d}",
                        status="active",
                        issued_at=issued,
                        expires_on=self.today + days(days=500),
                        last_reported_at=issued,
                    )
                )
        EducationEntry.objects.bulk_create(educations)
        ExperienceEntry.objects.bulk_create(experiences)
        skills_through.objects.bulk_create(skills)
        occupations_through.objects.bulk_create(occupations)
        AkiCard.objects.bulk_create(cards)
        self.people = [person for person, *_ in rows]
        return self.people


def evaluate(
    *, vacancies: int = 20, seed: int = DEFAULT_SEED, log: Callable[[str], None] = lambda message: None
) -> EvalResult:
    """Build the planted set, run the real services on it, score the result, and roll everything back."""
    import time

    started = time.monotonic()
    result = EvalResult()
    try:
        with transaction.atomic():
            builder = _Builder(seed)
            planted = builder.vacancies(builder.company(), vacancies)
            for index, (vacancy, job) in enumerate(planted):
                builder.plant(index, vacancy, job)
            people = builder.write()
            result.jobseekers = len(people)
            ids = [person.profile_id for person in people]
            log(f"eval: {len(planted)} vacancies, {len(people)} jobseekers planted")
            with connection.cursor() as cursor:  # only the planted set competes (back with the rollback)
                cursor.execute("DELETE FROM matching_jobseekerfacts WHERE NOT (jobseeker_id = ANY(%s))", [ids])
            facts.jobseeker_facts_refresh(jobseeker_ids=ids)
            for vacancy, _job in planted:
                services.vacancy_match(vacancy_id=vacancy.vacancy_id)
            _score(result, [vacancy for vacancy, _ in planted], people)
            raise _Rollback
    except _Rollback:
        pass
    result.seconds = time.monotonic() - started
    return result


def _score(result: EvalResult, planted: list[PlantedVacancy], people: list[PlantedJobseeker]) -> None:
    by_id = {person.profile_id: person for person in people}
    fairness: dict[str, dict[str, list[float]]] = {
        table: defaultdict(lambda: [0, 0, 0.0]) for table in ("sex", "age band", "kecamatan", "disability")
    }
    for index, vacancy in enumerate(planted):
        ranked = list(
            Match.objects.filter(vacancy_id=vacancy.vacancy_id, among_vacancy_best=True)
            .order_by("-score", "jobseeker_id")
            .values_list("jobseeker_id", flat=True)
        )
        top10, top50 = set(ranked[:10]), set(ranked[:50])
        fitting = {pk for pk, person in by_id.items() if truly_fits(vacancy, person)}
        near = {kind: 0 for kind in NEAR_MISS_KINDS}
        for pk in top10:
            person = by_id.get(pk)
            if person and person.planted_for == index and person.role.startswith("near:"):
                near[person.role[5:]] += 1
        result.vacancies.append(
            VacancyResult(
                vacancy=vacancy,
                fitting=len(fitting),
                precision_at_10=len(top10 & fitting) / 10,
                recall_at_50=len(top50 & fitting) / len(fitting) if fitting else 0.0,
                near_misses_in_top10=near,
            )
        )
        for pk in fitting:
            person = by_id[pk]
            chosen = int(pk in top10)
            expected = min(10, len(fitting)) / len(fitting)
            for table, group in (
                ("sex", {"M": "men", "F": "women"}[person.sex]),
                ("age band", age_band(person.age)),
                ("kecamatan", person.kecamatan or "outside Bontang"),
                ("disability", "with a disability" if person.disability else "without"),
            ):
                fairness[table][group][0] += 1
                fairness[table][group][1] += chosen
                fairness[table][group][2] += expected
    result.fairness = {table: dict(groups) for table, groups in fairness.items()}


def report_lines(result: EvalResult) -> list[str]:
    lines = [
        f"matching quality report: {len(result.vacancies)} planted vacancies, {result.jobseekers:,} planted "
        f"jobseekers ({FITS_PER_VACANCY} fitting, {NEAR_MISSES_PER_KIND} near-misses of each kind "
        f"({', '.join(NEAR_MISS_KINDS)}) and {RANDOM_PER_VACANCY} random others per vacancy); rolled back after",
        f"  {'vacancy':<42} {'fit':>4} {'P@10':>5} {'R@50':>5}  near-misses in the top 10 (edu/skill/local/age)",
    ]
    for row in result.vacancies:
        near = "/".join(str(row.near_misses_in_top10[kind]) for kind in NEAR_MISS_KINDS)
        lines.append(
            f"  {row.vacancy.title[:42]:<42} {row.fitting:>4} {row.precision_at_10:>5.2f} "
            f"{row.recall_at_50:>5.2f}  {near}"
        )
    near_total = {kind: sum(row.near_misses_in_top10[kind] for row in result.vacancies) for kind in NEAR_MISS_KINDS}
    lines.append(
        f"  overall (mean over vacancies): precision@10 {result.precision_at_10:.2f}, "
        f"recall@50 {result.recall_at_50:.2f}; "
        "near-misses in the top 10: " + ", ".join(f"{kind} {count}" for kind, count in near_total.items())
    )
    lines.append(
        "  fairness: among truly fitting candidates (equally qualified by construction), share recommended in the "
        "top 10 / share expected if the top 10 were drawn at random among them"
    )
    for table, groups in result.fairness.items():
        cells = ", ".join(
            f"{group} {chosen / total:.2f}/{expected / total:.2f} (n={total})"
            for group, (total, chosen, expected) in sorted(groups.items())
        )
        lines.append(f"    {table:<11} {cells}")
    lines.append(
        "    (the top 10 holds at most 10 of each vacancy's fitting candidates; disability is a priority group in "
        "the score)"
    )
    lines.append(f"eval: precision@10 {result.precision_at_10:.2f}, recall@50 {result.recall_at_50:.2f}")
    return lines

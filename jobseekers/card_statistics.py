"""What the statutory reports count an AK/I card under: its holder as at the first issue.

`AkiCard.holder_*` is written once, in SQL, for every issued card that has none yet: by
`aki_card_issue`, by the demo seeding and by migration 0010 for the cards issued before. A card
made active again after lapsing keeps what it had.
"""

from django.db import connection

# The highest education by rank; the major group (one-digit KBJI code) of the first preferred
# occupation by code; the age in whole years on the WITA date of issue.
SNAPSHOT_SQL = """
UPDATE jobseekers_akicard AS card
SET holder_sex = profile.sex,
    holder_age_at_issue = date_part(
        'year', age((card.issued_at AT TIME ZONE 'Asia/Makassar')::date, profile.birth_date)
    ),
    holder_kecamatan_id = kelurahan.kecamatan_id,
    holder_has_disability = profile.has_disability,
    holder_education_id = (
        SELECT entry.level_id FROM jobseekers_educationentry entry
        JOIN reference_educationlevel level ON level.id = entry.level_id
        WHERE entry.jobseeker_id = profile.id ORDER BY level.rank DESC, entry.id LIMIT 1
    ),
    holder_occupation_id = (
        SELECT major.id FROM jobseekers_jobseekerprofile_preferred_occupations preferred
        JOIN reference_kbjigroup occupation ON occupation.id = preferred.kbjigroup_id
        JOIN reference_kbjigroup major ON major.code = left(occupation.code, 1)
        WHERE preferred.jobseekerprofile_id = profile.id ORDER BY occupation.code LIMIT 1
    )
FROM jobseekers_jobseekerprofile AS profile
LEFT JOIN reference_kelurahan AS kelurahan ON kelurahan.id = profile.kelurahan_id
WHERE profile.id = card.jobseeker_id AND card.issued_at IS NOT NULL AND card.holder_sex = ''
"""


def aki_card_holders_snapshot(*, card_ids: list[int] | None = None) -> int:
    """Write the holder facts of issued cards that have none (of `card_ids`, or all); returns how many."""
    sql, params = SNAPSHOT_SQL, []
    if card_ids is not None:
        sql += " AND card.id = ANY(%s)"
        params = [list(card_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount

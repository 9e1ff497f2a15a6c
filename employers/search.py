"""Full-text search of vacancies: PostgreSQL's `indonesian` configuration on a stored tsvector.

The vector weights the title (A) above the skills and the occupation (B), above the
description and the company name (C). It is refreshed by `vacancy_search_refresh` whenever a
vacancy is created, changed or published, and in bulk by the demo data generator.

Indonesian stemming over-stems (`pengelasan` → `elas`, while `las` stays `las`), so each query
word is expanded through the skill vocabulary: a word that names a skill (its name or one of
its synonyms, compared as stemmed lexemes) also searches for every other name of that skill.
`welder`, `las` and `pengelasan` therefore find the same welding vacancies, and since words
are compared as whole lexemes, `las` never matches "kelas".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Max

from bontang_aker.reference.models import Skill

SEARCH_CONFIG = "indonesian"
# Bounds that keep the generated SQL small whatever is typed: words searched, and the
# alternatives one word may expand to through the skill vocabulary.
MAX_QUERY_WORDS = 12
MAX_TERMS_PER_WORD = 24

_REFRESH_SQL = f"""
UPDATE employers_vacancy AS v SET search_vector =
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(v.title, '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(s.name || ' ' || array_to_string(s.synonyms, ' '), ' ')
        FROM employers_vacancy_skills AS vs JOIN reference_skill AS s ON s.id = vs.skill_id
        WHERE vs.vacancy_id = v.id), '') || ' ' || coalesce(k.name, '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(v.description, '') || ' ' || coalesce(c.name, '')), 'C')
FROM employers_company AS c, reference_kbjigroup AS k
WHERE c.id = v.company_id AND k.id = v.occupation_id
"""


def vacancy_search_refresh(*, vacancy_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored search vector of these vacancies (all when None); returns the row count."""
    with connection.cursor() as cursor:
        if vacancy_ids is None:
            cursor.execute(_REFRESH_SQL)
        else:
            ids = list(vacancy_ids)
            if not ids:
                return 0
            cursor.execute(_REFRESH_SQL + " AND v.id = ANY(%s)", [ids])
        return cursor.rowcount


class _SkillVocabulary:
    """Lexeme → the names of the skills it belongs to; rebuilt when the skill table changes.

    The skill table is small and changes rarely, so it is held per process and checked with
    one cheap aggregate query per search.
    """

    def __init__(self):
        self._stamp = None
        self._by_lexeme: dict[str, set[str]] = {}

    def terms_for(self, lexemes: set[str]) -> set[str]:
        self._refresh_if_changed()
        terms: set[str] = set()
        for lexeme in lexemes:
            terms |= self._by_lexeme.get(lexeme, set())
        return terms

    def _refresh_if_changed(self) -> None:
        stamp = Skill.objects.active().aggregate(n=Count("pk"), changed=Max("updated_at"))
        stamp = (stamp["n"], stamp["changed"])
        if stamp == self._stamp:
            return
        skills = list(Skill.objects.active().values_list("name", "synonyms"))
        names = [[name, *synonyms] for name, synonyms in skills]
        flat = [term for terms in names for term in terms]
        lexemes = _lexemes_of(flat)
        by_lexeme: dict[str, set[str]] = {}
        position = 0
        for terms in names:
            term_lexemes = lexemes[position : position + len(terms)]
            position += len(terms)
            # A skill is named by its name and by its one-word synonyms: "tukang" alone does not
            # mean welding, even though "tukang las" does.
            keys = set(term_lexemes[0])
            keys |= {found[0] for found in term_lexemes[1:] if len(found) == 1}
            for key in keys:
                by_lexeme.setdefault(key, set()).update(terms)
        self._by_lexeme, self._stamp = by_lexeme, stamp


_vocabulary = _SkillVocabulary()


def _lexemes_of(texts: list[str]) -> list[list[str]]:
    """The stemmed lexemes of each text, in one query."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tsvector_to_array(to_tsvector('{SEARCH_CONFIG}', t.text)) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, position) ORDER BY t.position",
            [texts],
        )
        return [list(row[0]) for row in cursor.fetchall()]


def build_search_query(text: str) -> SearchQuery | None:
    """The tsquery for what was typed: every word must match, each through its skill synonyms.

    Returns None when nothing searchable is left (only punctuation or stop words).
    """
    words = text.split()[:MAX_QUERY_WORDS]
    if not words:
        return None
    query = None
    for word, lexemes in zip(words, _lexemes_of(words), strict=True):
        if not lexemes:
            continue  # punctuation, or a word the configuration ignores
        alternatives = [word, *sorted(_vocabulary.terms_for(set(lexemes)) - {word})][:MAX_TERMS_PER_WORD]
        word_query = None
        for term in alternatives:
            term_query = SearchQuery(term, config=SEARCH_CONFIG, search_type="plain")
            word_query = term_query if word_query is None else word_query | term_query
        query = word_query if query is None else query & word_query
    return query

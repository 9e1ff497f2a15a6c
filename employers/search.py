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

import threading
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection
from django.db.models import Q

from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import Skill

SEARCH_CONFIG = "indonesian"
# Bounds that keep the generated SQL small whatever is typed: words searched, and the
# alternatives one word may expand to through the skill vocabulary.
MAX_QUERY_WORDS = 12
MAX_TERMS_PER_WORD = 24
# Stemmed forms of words already seen, per process: the configuration never changes at run time.
MAX_REMEMBERED_WORDS = 5000

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


class LexemeQuery(SearchQuery):
    """A tsquery written from lexemes that are already stemmed, sent as a constant.

    As a constant the planner reads its selectivity from the column statistics (a function of
    the text would leave it guessing, "2 rows" where thousands match), and the lexemes are not
    stemmed a second time.
    """

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.text]


# The title alone, as the GIN index `vacancy_title_search` stores it: the same expression in the
# index and in the query, so that the planner uses the index and the statistics ANALYZE keeps on it.
TITLE_VECTOR = SearchVector("title", config=SEARCH_CONFIG)


def title_matches(query: SearchQuery) -> Q:
    """Vacancies whose title alone matches the query: the first tier of "most relevant"."""
    return Q(SearchVectorExact(TITLE_VECTOR, query))


class _SkillVocabulary:
    """Lexeme → the stemmed forms of every name of the skills it belongs to.

    Built from the in-process copy of the skill table (bontang_aker.reference.cache) and rebuilt
    when that copy is reloaded, so a search costs no query for it.
    """

    def __init__(self):
        self._version = None
        self._by_lexeme: dict[str, frozenset[tuple[str, ...]]] = {}

    def alternatives_for(self, lexemes: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
        """The other names (each as its lexemes) of the skills that one typed word names."""
        data = reference_data()
        if data.version != self._version:
            self._build(data)
        found: set[tuple[str, ...]] = set()
        for lexeme in lexemes:
            found |= self._by_lexeme.get(lexeme, frozenset())
        return frozenset(found)

    def _build(self, data) -> None:
        names = [[skill.name, *skill.synonyms] for skill in data.ordered(Skill) if skill.is_active]
        flat = [term for terms in names for term in terms]
        lexemes = _lexemes_of(flat)
        by_lexeme: dict[str, set[tuple[str, ...]]] = {}
        position = 0
        for terms in names:
            term_lexemes = [tuple(found) for found in lexemes[position : position + len(terms)]]
            position += len(terms)
            alternatives = {found for found in term_lexemes if found}
            # A skill is named by its name and by its one-word synonyms: "tukang" alone does not
            # mean welding, even though "tukang las" does.
            keys = set(term_lexemes[0])
            keys |= {found[0] for found in term_lexemes[1:] if len(found) == 1}
            for key in keys:
                by_lexeme.setdefault(key, set()).update(alternatives)
        self._by_lexeme = {key: frozenset(value) for key, value in by_lexeme.items()}
        self._version = data.version


_vocabulary = _SkillVocabulary()
_remembered: dict[str, tuple[str, ...]] = {}
_remembered_lock = threading.Lock()


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


def _lexemes_of_words(words: list[str]) -> list[tuple[str, ...]]:
    """Like `_lexemes_of`, remembering each word: a popular search costs no query for this."""
    missing = list(dict.fromkeys(word for word in words if word not in _remembered))
    if missing:
        found = dict(zip(missing, (tuple(lexemes) for lexemes in _lexemes_of(missing)), strict=True))
        with _remembered_lock:
            if len(_remembered) + len(found) > MAX_REMEMBERED_WORDS:
                _remembered.clear()
            _remembered.update(found)
        return [_remembered.get(word, found.get(word, ())) for word in words]
    return [_remembered[word] for word in words]


def _quote(lexeme: str) -> str:
    """A lexeme as a tsquery operand: quoted, with quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _all_of(lexemes: tuple[str, ...]) -> str:
    """Every lexeme of one term, as plainto_tsquery would combine them."""
    operands = [_quote(lexeme) for lexeme in lexemes]
    return operands[0] if len(operands) == 1 else "(" + " & ".join(operands) + ")"


def build_search_query(text: str) -> LexemeQuery | None:
    """The tsquery for what was typed: every word must match, each through its skill synonyms.

    Returns None when nothing searchable is left (only punctuation or stop words).
    """
    words = [word.lower() for word in text.split()[:MAX_QUERY_WORDS]]
    if not words:
        return None
    clauses = []
    for lexemes in _lexemes_of_words(words):
        if not lexemes:
            continue  # punctuation, or a word the configuration ignores
        others = sorted(_vocabulary.alternatives_for(lexemes) - {lexemes})
        alternatives = [lexemes, *others][:MAX_TERMS_PER_WORD]
        # "argon las" adds nothing next to "las": a name that contains another is left out.
        alternatives = [a for a in alternatives if not any(set(b) < set(a) for b in alternatives)]
        clauses.append("(" + " | ".join(_all_of(terms) for terms in alternatives) + ")")
    if not clauses:
        return None
    return LexemeQuery(" & ".join(clauses))

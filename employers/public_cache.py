"""A short cache for what anyone sees of the published vacancies: search results, the API list, the home page.

Only what is the same for every visitor is cached: the rendered results of a search, the
vacancies on the home page, the data of an API page. The page around them (the header with the
person's name, the form, the next step on a vacancy) is rendered for each request, so nobody
ever sees another person's page.

Freshness: entries live `PUBLIC_PAGE_CACHE_SECONDS` (60 by default; 0 switches the cache off)
and every key carries a generation number that the vacancy services bump once their change is
committed (a vacancy published, closed or filled), so a change shows at once, not after a minute.
Nothing else needs to bump it: a company renamed, or a closing date that passed at midnight,
shows within the lifetime of an entry.

A cache outage never breaks a page: an error (the cache answers within 0.5 s or fails) is
logged, the page is rendered without the cache, and the cache is left alone for
`OUTAGE_PAUSE_SECONDS`, so that a dead Redis costs one timeout per process, not one per request.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-vacancies:generation"
OUTAGE_PAUSE_SECONDS = 30

T = TypeVar("T")
_paused_until = 0.0
_generation_seen = 0


def cache_seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))


def _available() -> bool:
    return cache_seconds() > 0 and time.monotonic() >= _paused_until


def _outage(error: Exception) -> None:
    global _paused_until
    _paused_until = time.monotonic() + OUTAGE_PAUSE_SECONDS
    logger.warning("Public page cache unavailable (%s); pages are rendered without it.", type(error).__name__)


def cached(name: str, parts: Iterable[str], compute: Callable[[], T]) -> T:
    """`compute()`, or its value cached under `name` and `parts` for the current generation.

    `parts` must name everything the value depends on (the query, the language, the host).
    """
    if not _available():
        return compute()
    global _generation_seen
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def key_for(generation) -> str:
        return f"public:{name}:{generation}:{digest}"

    try:
        # One round trip: the generation, and the entry under the generation this process saw
        # last; a second one only when the generation has moved since.
        guess = _generation_seen
        found = cache.get_many([GENERATION_KEY, key_for(guess)])
        generation = found.get(GENERATION_KEY, 0)
        key = key_for(generation)
        value = found.get(key) if generation == guess else cache.get(key)
        _generation_seen = generation
    except Exception as error:  # noqa: BLE001 - any failure of the cache means "render without it"
        _outage(error)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, cache_seconds())
    except Exception as error:  # noqa: BLE001
        _outage(error)
    return value


def _bump() -> None:
    if cache_seconds() <= 0:
        return
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # missing (first change, or evicted): start past any older generation
            cache.add(GENERATION_KEY, int(time.time()), timeout=None)
    except Exception as error:  # noqa: BLE001 - entries still expire after PUBLIC_PAGE_CACHE_SECONDS
        _outage(error)


def public_vacancies_changed() -> None:
    """Called by the vacancy services: what the public sees changes once the transaction commits."""
    transaction.on_commit(_bump)

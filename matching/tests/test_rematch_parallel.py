"""The nightly rematch shared among threads (MATCH_REMATCH_WORKERS): the same rows as one connection.

Outside a test transaction (transactional tests), where the other connections see the data.
"""

import threading

import pytest

from matching import services
from matching.models import Match

pytestmark = pytest.mark.django_db(transaction=True)


def stored_rows():
    return sorted(
        Match.objects.values_list(
            "vacancy_id", "jobseeker_id", "score", "among_vacancy_best", "among_jobseeker_best", "explanation"
        ),
        key=lambda row: row[:2],
    )


def test_the_rematch_on_two_connections_stores_what_one_connection_stores(make_vacancy, make_jobseeker):
    for code in ("las-smaw", "operator-proses", "k3-umum"):
        make_vacancy(skills=[code])
    for codes in (["las-smaw"], ["las-smaw", "k3-umum"], ["operator-proses"], ["k3-umum"], [], ["operator-proses"]):
        make_jobseeker(skills=codes)
    alone = services.rematch_all(workers=1, batch_size=2)
    expected = stored_rows()
    assert expected and any(row[3] for row in expected) and any(row[4] for row in expected)
    Match.objects.all().delete()
    threads = set()
    shared = services.rematch_all(
        workers=2, batch_size=2, progress=lambda kind, value: threads.add(threading.current_thread().name)
    )
    assert shared == alone
    assert stored_rows() == expected
    assert threads == {"rematch-0", "rematch-1"}  # both threads did some of the work


def test_an_error_in_one_item_stops_the_threads_and_is_raised():
    done = []

    def work(item):
        if item == 3:
            raise RuntimeError("connection lost")
        done.append(item)
        return 1

    with pytest.raises(RuntimeError, match="connection lost"):
        services.in_parallel(list(range(1, 50)), work, workers=2)
    assert len(done) < 48  # the other thread stopped at its next item

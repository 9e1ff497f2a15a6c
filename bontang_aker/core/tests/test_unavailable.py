"""The database cannot be reached (restart, failover): pages answer 503 with Retry-After, not 500."""

from django.db import OperationalError

from bontang_aker.core.views import server_error


def _handled(request, error):
    # Django calls handler500 inside the `except` of the failed request: the same here.
    try:
        raise error
    except Exception:
        return server_error(request)


def test_a_page_answers_503_with_retry_after_when_the_database_is_unreachable(rf):
    # given: a request failing because PostgreSQL refuses connections
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    # when
    response = _handled(rf.get("/lowongan/"), error)

    # then: the friendly error page, as 503, telling clients when to retry
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "<main" in response.content.decode()


def test_the_api_answers_503_in_its_error_shape_when_the_database_is_unreachable(rf):
    # given
    error = OperationalError("server closed the connection unexpectedly")

    # when
    response = _handled(rf.get("/api/v1/vacancies/"), error)

    # then
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b'"unavailable"' in response.content


def test_any_other_failure_is_still_a_500(rf):
    # given
    error = ZeroDivisionError("a bug")

    # when
    response = _handled(rf.get("/"), error)

    # then
    assert response.status_code == 500
    assert not response.has_header("Retry-After")

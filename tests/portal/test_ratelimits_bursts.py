"""A use that arrives while another of the same visitor is being counted: a burst on the pages,
let through for the API, whose clients may rightly send requests in parallel."""

from contextlib import contextmanager

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.test import RequestFactory

from portal.ratelimits import rate_limit_consume


@contextmanager
def _held(_key):
    yield False


@pytest.fixture
def another_request_is_being_counted(monkeypatch):
    monkeypatch.setattr(allauth_ratelimit, "cache_lock", _held)


def test_a_page_refuses_a_use_while_another_is_counted(another_request_is_being_counted):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")

    assert rate_limit_consume(action="api", request=request) == 1


def test_the_api_lets_a_parallel_request_through(another_request_is_being_counted):
    request = RequestFactory().get("/api/v1/", REMOTE_ADDR="192.0.2.1")

    assert rate_limit_consume(action="api", request=request, allow_concurrent=True) is None

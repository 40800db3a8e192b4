"""schemathesis against the API's own OpenAPI document: no 500, and no answer that breaks the
schema it promises, signed out and with a token that has every scope.

Bounded (``max_examples``) so the run stays short in ``.ci/run``; the demo data's names, which
the document gives as examples, are built first so the examples phase reaches real things.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from community.choices import TokenScope
from community.services.tokens import token_create
from tests.standards.factories import (
    ProposalFactory,
    build_standard,
    founding_groups,
    member_of,
)

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# werkzeug's test client sends no client address; a real server always does.
CLIENT = {"REMOTE_ADDR": "192.0.2.10"}
# A request can fit the schema and still be refused for what it means (a version and a date
# both, a schema with nothing in it, a draft that does not apply): that is a 4xx by design.
MEANINGFUL_REFUSALS = [positive_data_acceptance]
FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI app itself, whose request signals would close the test's
    database connection (and its transaction) after each call; Django's test client
    disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo_like(steward):
    catalogue = build_standard(steward=steward)
    author = member_of(founding_groups()["ha"])
    ProposalFactory(author=author, base_version=catalogue.v2)
    _token, raw = token_create(
        owner=author, name="Fuzzing", scopes=list(TokenScope.values), days=30
    )
    return raw


@schema.parametrize()
@FUZZ
def test_signed_out_answers_keep_their_schema(case, demo_like):
    case.call_and_validate(environ_base=CLIENT, excluded_checks=MEANINGFUL_REFUSALS)


@schema.parametrize()
@FUZZ
def test_answers_with_a_token_keep_their_schema(case, demo_like):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {demo_like}"},
        environ_base=CLIENT,
        excluded_checks=MEANINGFUL_REFUSALS,
    )

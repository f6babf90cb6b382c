"""Schemathesis against the API's own OpenAPI schema, through the real WSGI application and
database: generated and hostile parameters and bodies (negative cases included) never give a
500, and every answer matches the schema (status, headers, content type, body).

(The operations are driven one by one with Hypothesis: schemathesis's lazy pytest loader
does not run under pytest 9.)"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ArticleFactory, CommentFactory, TagFactory

pytestmark = pytest.mark.django_db
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture
def api_schema(db, settings):
    settings.API_RATE_LIMIT = "100000/m"
    settings.COMMENTS_FLOOD_SECONDS = 0
    story = ArticleFactory(published=True, pk=1, tags=[TagFactory(slug="kuwait")])
    CommentFactory(article=story)
    ArticleFactory(pk=2)  # a draft where generated ids land
    # Through the bare WSGI application, each request would close the test's connection (on
    # PostgreSQL); Django's test client keeps it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def operations():
    from newsportal.api import api

    for address, methods in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items():
        for method in methods:
            yield pytest.param(address, method, id=f"{method.upper()} {address}")


@pytest.mark.parametrize(("address", "method"), operations())
@pytest.mark.parametrize("mode", MODES, ids=["positive", "negative"])
def test_the_api_answers_as_its_schema_says(api_schema, address, method, mode):
    operation = api_schema[address][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def answers(case):
        # A cursor is opaque: the schema cannot tell a real one from any string, and one the
        # API did not write is refused (422, tested in test_api.py) rather than guessed at.
        # A comment meets the form's rules beyond any schema (a blank name, a word list, the
        # same text twice): refused with 400 and its errors (test_api.py).
        opaque = "cursor" in (case.query or {}) or method == "post"
        case.call_and_validate(excluded_checks=[positive_data_acceptance] if opaque else [])

    answers()

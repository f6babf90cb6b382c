"""The real export imported once per test, with the clock as the export was made."""

from datetime import UTC, datetime
from unittest import mock

import pytest

from tests.wordpress.test_import import run

# The channel's pubDate: post 44 is still to come, whatever the day the tests run.
EXPORTED_AT = datetime(2026, 12, 2, 14, 28, 10, tzinfo=UTC)


@pytest.fixture
def imported(db, django_capture_on_commit_callbacks):
    # A real run commits item by item; here the test's transaction stands in for those commits.
    with mock.patch("django.utils.timezone.now", return_value=EXPORTED_AT):
        with django_capture_on_commit_callbacks(execute=True):
            summary = run()
        yield summary

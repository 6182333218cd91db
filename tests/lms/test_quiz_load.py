"""Twenty learners hand in their post-test at once to a real gunicorn server (PostgreSQL).

The small version of ``bench/quiz_load.py`` (same code): gunicorn serves the test database,
twenty threads submit together, and every attempt must be graded exactly once, with no error.
"""

import pytest
from django.db import connection

from bench.quiz_load import database_url_for, prepare, run_load

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers from several gunicorn workers need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),  # gunicorn's workers read what this test commits
]

LEARNERS = 20


def test_twenty_learners_submitting_at_once_are_each_graded_exactly_once(tmp_path):
    learners = prepare(LEARNERS, prefix="suite-load")

    result = run_load(
        database_url_for(connection.settings_dict),
        learners,
        workers=2,
        log_path=tmp_path / "gunicorn.log",
    )

    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert result["errors"] == 0, (result["error_samples"], log[-3000:])
    assert result["graded"] == result["attempts"] == LEARNERS
    assert result["passed"] == result["completed"] == LEARNERS
    assert "Traceback" not in log

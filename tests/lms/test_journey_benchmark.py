"""The journey benchmark still runs: two learners walk the real curriculum's course end to end.

Timings are never asserted here (they live in bench/README.md); what is asserted is that the
benchmark works, so a change that breaks it is seen the day it lands (it once stayed broken for
weeks after the Spanish courses made its course lookup find two pages). It runs as a subprocess,
as a person runs it: its own throw-away database (on PostgreSQL, `<test database>_bench`),
gunicorn, a task worker, and this worker's Redis database when the suite runs with Redis.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.quiz_load import database_url_for

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = 2
BURST = 3


def run_journey(tmp_path: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = database_url_for(connection.settings_dict)
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
    output = tmp_path / "journey.json"
    command = [sys.executable, "bench/journey.py", "--learners", str(LEARNERS), "--think", "0"]
    command += ["--burst", str(BURST), "--output", str(output)]
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(output.read_text())


def test_the_journey_benchmark_walks_a_whole_course_without_an_error(tmp_path):
    report = run_journey(tmp_path)

    journey = report["journey"]
    assert journey["errors"] == []
    assert journey["finished"] == LEARNERS
    # Every request was one of a learner's steps (an unknown page would be named "other ...").
    steps = set(report["steps"])
    assert not {step for step in steps if step.startswith("other")}
    expected = {"floor", "catalog", "course", "course_enrolled", "lesson", "post_test_result"}
    assert expected <= steps
    assert {"my_learning", "certificate_pdf"} <= steps
    assert report["burst"]["graded"] == report["burst"]["learners"] == BURST
    assert report["burst"]["post_test_attempts"] == BURST

"""SQLite under concurrent writes: simultaneous joins wait their turn instead of failing.

Runs in a separate process on a SQLite file (the suite's own SQLite database lives in memory,
where one connection is shared and nothing runs at once), whatever database the suite uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JOINERS = 10


def test_ten_simultaneous_joins_on_a_sqlite_file_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "-m", "tests.lms.sqlite_joins", str(JOINERS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # Each join redirects to "My organizations"; a "database is locked" error would be a 500.
    assert outcome["statuses"] == [302] * JOINERS, result.stderr[-3000:]
    assert outcome["members"] == JOINERS

"""Start and stop gunicorn for a benchmark: 127.0.0.1, a free port, production-like workers.

    with GunicornServer(env={"DJANGO_SETTINGS_MODULE": "lms.settings.bench", ...}) as server:
        server.url("/")           # http://127.0.0.1:PORT/
        server.worker_pids()      # for memory readings

Used by bench/run.py; any benchmark that needs a real server can share it.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    def __init__(
        self,
        *,
        env: dict[str, str],
        workers: int = 2,
        port: int | None = None,
        ready_path: str = "/",
        log_path: Path | None = None,
        timeout: float = 60,
        connections_per_worker: int = 4,
    ):
        self.env = {**os.environ, **env}
        self.workers = workers
        self.connections_per_worker = connections_per_worker
        self.port = port or free_port()
        self.ready_path = ready_path
        self.log_path = log_path
        self.timeout = timeout
        self.process: subprocess.Popen | None = None
        self._log = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> GunicornServer:
        command = [
            str(GUNICORN),
            "lms.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            # Threaded workers keep connections open between requests. Sync workers close each
            # one, and at a few thousand requests a second the client's ports run out (each
            # waits a minute in TIME_WAIT): requests then stall a second or more for a port,
            # which measures the network stack, not the site.
            "--worker-class",
            "gthread",
            "--threads",
            "1",
            # Each worker takes at most its share of the open connections: otherwise one may
            # hold six of eight kept-open connections while the other idles (sync workers
            # balance by taking one at a time; threaded ones keep what they accepted).
            "--worker-connections",
            str(self.connections_per_worker),
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ]
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            command, cwd=ROOT, env=self.env, stdout=self._log, stderr=self._log
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", self.ready_path)
                connection.getresponse().read()
                connection.close()
            except OSError:
                time.sleep(0.2)
                continue
            if len(self.worker_pids()) >= self.workers:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {self.timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """The workers' process ids (children of the gunicorn master)."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def warm_up(self, paths: list[str], headers: dict | None = None, rounds: int = 4) -> None:
        """Send each path a few times, so every worker has its per-process caches filled."""
        for _ in range(rounds * self.workers):
            for path in paths:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                connection.request("GET", path, headers=headers or {})
                connection.getresponse().read()
                connection.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self.process = None

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def memory_kb(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory (or its high-water mark, field="VmHWM"), in KB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def session_for(user) -> str:
    """A signed-in session for `user`, made on the server side (Django set up); returns its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

"""The load generator: a fixed number of requests from N concurrent connections. Prints JSON.

    .venv/bin/python bench/load.py SPEC.json

bench/run.py writes the spec and runs this in its own process, so the load does not share an
interpreter with the harness. Two kinds of load:

- ``get``: ``requests`` GETs over ``concurrency`` connections, taking the spec's ``variants``
  (each a path and its headers: another learner, another lesson) in turn, so no URL is asked
  for again and again by one person as a real learner would not; a spec with one ``path``
  repeats it (visitors' pages, which every visitor asks for alike). With ``"tool": "wrk"`` the
  requests are sent by wrk (its Lua script takes the variants in turn, stops each thread after
  its share and prints the percentiles); otherwise by threads using http.client, one
  connection each, reconnecting when the server closes it (gunicorn's sync workers do).
- ``submit``: one POST of answers per learner (attempts opened beforehand), all at once.
- ``quiz``: one full attempt per session: POST start, GET the attempt form, POST the answers
  (the first choice of every question, read from the form), GET the result. Each step is timed.

Latency is measured to the last byte of the response.
"""

from __future__ import annotations

import html.parser
import http.client
import itertools
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

WRK_SCRIPT = r"""
-- Each thread stops after its share; wrk itself would wait out --duration and divide by it, so
-- each thread notes when it started and finished (monotonic clock via LuaJIT's ffi) and leaves
-- a file in BENCH_DONE_DIR; load.py then interrupts wrk, whose done() reports the real span.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local function now_us()
  local t = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) * 1000000 + tonumber(t.tv_nsec) / 1000
end
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end
local limit = tonumber(os.getenv("BENCH_PER_THREAD"))
local count = 0
local turn = 0
function request()
  turn = turn % #variants + 1
  local variant = variants[turn]
  return wrk.format("GET", variant.path, variant.headers)
end
started_us = 0
finished_us = 0
function init(args) started_us = now_us() end
function response(status, headers, body)
  count = count + 1
  if count == limit then
    finished_us = now_us()
    local marker = io.open(os.getenv("BENCH_DONE_DIR") .. "/" .. number, "w")
    marker:close()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    local started, finished = thread:get("started_us"), thread:get("finished_us")
    if first == nil or started < first then first = started end
    if finished > last then last = finished end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "elapsed_us": %d, "bytes": %d, "errors": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, last - first, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(latencies: list[float], seconds: float, errors: int, statuses: dict) -> dict:
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "requests_per_second": round(len(latencies) / seconds, 1) if seconds else None,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "errors": errors,
        "statuses": statuses,
    }


class Connection:
    """One keep-alive connection (reopened whenever the server closes it)."""

    def __init__(self, host: str, port: int):
        self.http = http.client.HTTPConnection(host, port, timeout=120)

    def send(self, method: str, path: str, headers: dict, body: bytes | None = None):
        try:
            self.http.request(method, path, body=body, headers=headers)
            response = self.http.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
            self.http.close()
            self.http.request(method, path, body=body, headers=headers)
            response = self.http.getresponse()
        content = response.read()
        return response.status, response.headers, content


def run_threads(count: int, concurrency: int, host: str, port: int, one) -> tuple[float, list]:
    """Call one(connection, index) `count` times from `concurrency` threads."""
    numbers = itertools.count()
    results, lock = [], threading.Lock()

    def worker():
        connection = Connection(host, port)
        while (index := next(numbers)) < count:
            outcome = one(connection, index)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, results


def variants_of(spec: dict) -> list[dict]:
    """The (path, headers) pairs a ``get`` load takes in turn."""
    return spec.get("variants") or [{"path": spec["path"], "headers": spec.get("headers", {})}]


def _lua_variants(variants: list[dict]) -> str:
    # JSON's string quoting is valid Lua for the ASCII paths and cookies used here.
    rows = []
    for variant in variants:
        headers = ", ".join(
            f"[{json.dumps(name)}] = {json.dumps(value)}"
            for name, value in variant["headers"].items()
        )
        rows.append(f"{{path = {json.dumps(variant['path'])}, headers = {{{headers}}}}}")
    return "variants = {" + ", ".join(rows) + "}\n"


def get_load(spec: dict) -> dict:
    expected = spec.get("expect", 200)
    variants = variants_of(spec)

    def one(connection, index):
        variant = variants[index % len(variants)]
        path, headers = variant["path"], variant["headers"]
        started = time.perf_counter()
        try:
            status, _headers, body = connection.send("GET", path, headers)
        except OSError:
            return time.perf_counter() - started, "error", 0
        return time.perf_counter() - started, status, len(body)

    seconds, results = run_threads(
        spec["requests"], spec["concurrency"], spec["host"], spec["port"], one
    )
    statuses: dict[str, int] = {}
    for _latency, status, _size in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    errors = sum(1 for _latency, status, _size in results if status != expected)
    result = summary([latency for latency, _s, _b in results], seconds, errors, statuses)
    result["tool"] = "python"
    return result


def wrk_load(spec: dict) -> dict:
    threads = min(2, spec["concurrency"])
    per_thread = math.ceil(spec["requests"] / threads)
    max_seconds = spec.get("max_seconds", 300)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "load.lua"
        script.write_text(_lua_variants(variants_of(spec)) + WRK_SCRIPT)
        done = Path(folder) / "done"
        done.mkdir()
        command = [
            shutil.which("wrk") or "wrk",
            f"--threads={threads}",
            f"--connections={spec['concurrency']}",
            f"--duration={max_seconds}s",
            "--timeout=60s",
            f"--script={script}",
        ]
        command.append(f"http://{spec['host']}:{spec['port']}/")
        wrk = subprocess.Popen(  # noqa: S603 - wrk with our own arguments
            command,
            env={
                **os.environ,
                "BENCH_PER_THREAD": str(per_thread),
                "BENCH_DONE_DIR": str(done),
            },
            stdout=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + max_seconds
        while len(list(done.iterdir())) < threads and time.monotonic() < deadline:
            if wrk.poll() is not None:
                break
            time.sleep(0.05)
        if wrk.poll() is None:
            wrk.send_signal(signal.SIGINT)  # wrk stops and reports, as on Ctrl-C
        output, _ = wrk.communicate(timeout=60)
    if wrk.returncode not in (0, -signal.SIGINT):
        raise RuntimeError(f"wrk failed ({wrk.returncode}): {output}")
    figures = json.loads(output.strip().splitlines()[-1])
    seconds = figures["elapsed_us"] / 1e6
    return {
        "requests": figures["requests"],
        "seconds": round(seconds, 3),
        "requests_per_second": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "max_ms": round(figures["max_us"] / 1000, 1),
        "errors": figures["errors"],
        "tool": "wrk",
    }


class FormReader(html.parser.HTMLParser):
    """The attempt form's action and, per question, the first choice offered."""

    def __init__(self):
        super().__init__()
        self.action = ""
        self.answers: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("action") or "").endswith("/submit/"):
            self.action = attributes["action"]
        if tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            self.answers.setdefault(attributes["name"], attributes.get("value", ""))


def quiz_load(spec: dict) -> dict:
    """One full attempt per session: start, the form, submit, the result."""
    sessions, token, quiz = spec["sessions"], spec["csrf_token"], spec["quiz_path"]
    steps = ("start", "attempt_form", "submit", "result")

    def one(connection, index):
        cookie = f"sessionid={sessions[index]}; csrftoken={token}"
        form_headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        timings, failure = {}, None

        def step(name, method, path, expect, headers, body=None):
            started = time.perf_counter()
            status, response_headers, content = connection.send(method, path, headers, body)
            timings[name] = time.perf_counter() - started
            if status != expect:
                raise LookupError(f"{name}: {status}")
            return response_headers, content

        try:
            headers, _ = step(
                "start", "POST", quiz + "start/", 302, form_headers,
                urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
            )  # fmt: skip
            attempt_path = urllib.parse.urlsplit(headers["Location"]).path
            _, page = step("attempt_form", "GET", attempt_path, 200, {"Cookie": cookie})
            reader = FormReader()
            reader.feed(page.decode())
            answers = {"csrfmiddlewaretoken": token, **reader.answers}
            headers, _ = step(
                "submit", "POST", reader.action or attempt_path + "submit/", 302, form_headers,
                urllib.parse.urlencode(answers).encode(),
            )  # fmt: skip
            result_path = urllib.parse.urlsplit(headers["Location"]).path
            step("result", "GET", result_path, 200, {"Cookie": cookie})
        except (LookupError, OSError, KeyError) as error:
            failure = str(error)
        return timings, failure

    seconds, results = run_threads(
        len(sessions), spec["concurrency"], spec["host"], spec["port"], one
    )
    failures = [failure for _timings, failure in results if failure]
    out = {
        "attempts": len(results),
        "seconds": round(seconds, 3),
        "attempts_per_second": round(len(results) / seconds, 1),
        "errors": len(failures),
        "first_errors": failures[:5],
        "tool": "python",
    }
    complete = [timings for timings, failure in results if not failure]
    for name in steps:
        latencies = [timings[name] for timings in complete if name in timings]
        out[name] = summary(latencies, seconds, 0, {})
        del out[name]["seconds"], out[name]["requests_per_second"], out[name]["statuses"]
        del out[name]["errors"]
    whole = [sum(timings.values()) for timings in complete]
    out["full_attempt"] = {
        "p50_ms": round(percentile(whole, 0.5) * 1000, 1),
        "p95_ms": round(percentile(whole, 0.95) * 1000, 1),
    }
    return out


def submit_load(spec: dict) -> dict:
    """Many learners, each with an attempt open, all sending their answers at once."""
    submits, token = spec["submits"], spec["csrf_token"]

    def one(connection, index):
        item = submits[index]
        headers = {
            "Cookie": f"sessionid={item['session']}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **item["answers"]}).encode()
        started = time.perf_counter()
        try:
            status, _headers, _content = connection.send("POST", item["path"], headers, body)
        except OSError:
            return time.perf_counter() - started, "error"
        return time.perf_counter() - started, status

    seconds, results = run_threads(
        len(submits), spec["concurrency"], spec["host"], spec["port"], one
    )
    statuses: dict[str, int] = {}
    for _latency, status in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    errors = sum(1 for _latency, status in results if status != 302)
    result = summary([latency for latency, _status in results], seconds, errors, statuses)
    result["concurrency"] = spec["concurrency"]
    return result


def main():
    with open(sys.argv[1]) as source:
        spec = json.load(source)
    if spec["kind"] == "quiz":
        result = quiz_load(spec)
    elif spec["kind"] == "submit":
        result = submit_load(spec)
    elif spec.get("tool") == "wrk":
        result = wrk_load(spec)
    else:
        result = get_load(spec)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""One virtual learner for bench/journey.py: a real HTTP session walking a whole course.

Standard library only (no Django): a keep-alive connection, a cookie jar (session, CSRF and
message cookies as the server sets them), the forms read from each page (CSRF token included)
and redirects followed as a browser follows them. Every request is recorded as a step with its
latency (to the last byte), status, and the cost the server put in its headers
(bench/middleware.py). A page the learner is already on is not asked for again.
"""

from __future__ import annotations

import html.parser
import http.client
import http.cookies
import random
import time
import urllib.parse
from dataclasses import dataclass, field

CPU_HEADER = "X-Bench-CPU-ms"
QUERIES_HEADER = "X-Bench-Queries"


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # hidden inputs and textareas
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio/checkbox name -> values
    multiple: set[str] = field(default_factory=set)  # checkbox names
    texts: list[str] = field(default_factory=list)  # text inputs and textareas


class FormParser(html.parser.HTMLParser):
    """Every form of a page and every link's href."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urllib.parse.urljoin(self.base, attrs.get("action") or self.base)
            self._form = Form(action=action, method=(attrs.get("method") or "get").upper())
            self.forms.append(self._form)
        elif tag == "a" and attrs.get("href"):
            self.links.append(urllib.parse.urljoin(self.base, attrs["href"]))
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            name = attrs["name"]
            if kind in ("radio", "checkbox"):
                self._form.choices.setdefault(name, []).append(attrs.get("value", "on"))
                if kind == "checkbox":
                    self._form.multiple.add(name)
            elif kind == "hidden":
                self._form.fields.append((name, attrs.get("value", "")))
            elif kind in ("text", "email", "search"):
                self._form.texts.append(name)
        elif tag == "textarea" and attrs.get("name"):
            self._form.texts.append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@dataclass
class Record:
    step: str
    method: str
    status: int
    seconds: float
    cpu_ms: float | None
    queries: int | None
    error: str | None = None


class Browser:
    """A keep-alive connection with cookies, following redirects like a browser."""

    def __init__(self, host: str, port: int, cookies: dict[str, str], classify):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=120)
        self.cookies = dict(cookies)
        self.classify = classify  # (browser, method, path) -> step name
        self.records: list[Record] = []
        self.url = ""
        self.body = b""
        self.headers = None

    def _send(self, method, path, body, headers):
        for retry in (False, True):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response, response.read()
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.connection.close()
                if retry:
                    raise
        raise AssertionError("unreachable")

    def _keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(self, method: str, path: str, data=None, step: str | None = None, expect=None):
        """One request; redirects followed (each a request of its own). Returns the final body."""
        while True:
            headers = {}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if data is not None:
                body = urllib.parse.urlencode(data, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            name = step or self.classify(self, method, path)
            started = time.perf_counter()
            try:
                response, content = self._send(method, path, body, headers)
            except OSError as error:
                self.records.append(
                    Record(name, method, 0, time.perf_counter() - started, None, None, str(error))
                )
                raise
            seconds = time.perf_counter() - started
            cpu = response.headers.get(CPU_HEADER)
            queries = response.headers.get(QUERIES_HEADER)
            wanted = expect or ((302, 303) if method == "POST" else (200, 302))
            problem = None if response.status in wanted else f"HTTP {response.status}"
            self.records.append(
                Record(
                    name,
                    method,
                    response.status,
                    seconds,
                    float(cpu) if cpu else None,
                    int(queries) if queries else None,
                    problem,
                )
            )
            self._keep_cookies(response)
            if problem:
                raise StepFailed(f"{method} {path}: {problem}")
            if response.status in (301, 302, 303):
                location = urllib.parse.urlsplit(response.headers["Location"])
                path = location.path + (f"?{location.query}" if location.query else "")
                method, data, step, expect = "GET", None, None, None
                continue
            self.url, self.body, self.headers = path, content, response.headers
            return content

    def visit(self, path: str) -> bytes:
        """Go to `path` unless the last redirect already brought the learner there."""
        if self.url == path:
            return self.body
        return self.request("GET", path)

    def forms(self) -> FormParser:
        parser = FormParser(f"http://{self.host}:{self.port}{self.url}")
        parser.feed(self.body.decode("utf-8", "replace"))
        return parser

    def form(self, ending: str) -> Form:
        for candidate in self.forms().forms:
            if urllib.parse.urlsplit(candidate.action).path.endswith(ending):
                return candidate
        raise StepFailed(f"no form ending in {ending!r} on {self.url}")

    def submit(self, form: Form, values: list[tuple[str, str]] = (), step: str | None = None):
        path = urllib.parse.urlsplit(form.action).path
        return self.request(form.method, path, [*form.fields, *values], step=step)


class StepFailed(Exception):
    pass


def quiz_answers(form: Form, key: set[str], right: bool, rng: random.Random) -> list:
    """The right choices of every question (all of them where several are right), or a wrong one."""
    values = []
    for name, options in form.choices.items():
        good = [value for value in options if value in key]
        bad = [value for value in options if value not in key]
        if right:
            picked = good if name in form.multiple else good[:1]
        else:
            picked = [rng.choice(bad)] if bad else options[:1]
        values += [(name, value) for value in picked]
    return values


class Learner:
    """Walks `plan` (the course's items in order, from the harness) as one person would."""

    def __init__(self, browser: Browser, plan: dict, *, name: str, fails_first: bool, seed: int):
        self.browser = browser
        self.certificate_name = name
        self.plan = plan
        self.fails_first = fails_first
        self.floor_every = plan["floor_every"]
        self.rng = random.Random(seed)  # noqa: S311 - reading times and wrong answers, not secrets
        self.think = plan["think_seconds"]

    def pause(self):
        """Reading time between steps; every `floor_every` steps, the floor page as well."""
        if self.think:
            time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        if self.floor_every and len(self.browser.records) % self.floor_every == 0:
            # A request of its own, not part of the walk: it does not move the learner.
            here = (self.browser.url, self.browser.body, self.browser.headers)
            self.browser.request("GET", self.rng.choice(self.plan["floor_paths"]), step="floor")
            self.browser.url, self.browser.body, self.browser.headers = here

    def take_quiz(self, item: dict):
        kind = item["kind"]
        b = self.browser
        b.visit(item["url"])
        self.pause()
        b.submit(b.form("/start/"), step=f"{kind}_start")
        tries = 2 if kind == "post_test" and self.fails_first else 1
        for attempt in range(tries):
            if attempt:  # "Try again" on the result page
                self.pause()
                b.submit(b.form("/start/"), step=f"{kind}_start")
            self.pause()
            form = b.form("/submit/")
            right = kind != "post_test" or attempt == tries - 1
            answers = quiz_answers(form, set(item["key"]), right, self.rng)
            b.submit(form, answers, step=f"{kind}_hand_in")
        self.pause()

    def answer_evaluation(self, item: dict):
        b = self.browser
        b.visit(item["url"])
        self.pause()
        form = b.form("/submit/")
        values = [(name, options[-1]) for name, options in form.choices.items()]
        values += [(name, "More practice scenarios, please.") for name in form.texts]
        b.submit(form, values, step="evaluation_submit")
        self.pause()

    def collect_certificate(self):
        b = self.browser
        b.visit("/my-learning/")
        self.pause()
        b.visit("/my-learning/certificates/")
        self.pause()
        form = b.form("/my-learning/certificates/name/")
        b.submit(form, [("certificate_name", self.certificate_name)], step="certificate_request")
        deadline = time.monotonic() + self.plan["certificate_wait_seconds"]
        while True:
            links = [link for link in b.forms().links if link.endswith("/download/")]
            if links:
                break
            if time.monotonic() > deadline:
                raise StepFailed("the certificate was not ready in time")
            time.sleep(1)  # "being prepared": the learner refreshes the page
            b.request("GET", "/my-learning/certificates/", step="my_certificates_refresh")
        self.pause()
        pdf = b.request("GET", urllib.parse.urlsplit(links[0]).path)
        if not pdf.startswith(b"%PDF-"):
            raise StepFailed("the certificate download is not a PDF")

    def walk(self):
        b = self.browser
        b.visit(self.plan["catalog"])
        self.pause()
        b.visit(self.plan["course"])
        self.pause()
        b.submit(b.form("/enrol/"), step="enrol")
        # In the course's order. "Mark complete" opens the next lesson (knowledge checks are
        # practice, outside the site's "next" order): the learner takes the check first and
        # comes back, as a person doing every check does, so lessons 2+ and the post-test are
        # each seen twice.
        for item in self.plan["items"]:
            self.pause()
            if item["type"] == "lesson":
                b.visit(item["url"])
                self.pause()
                b.submit(b.form("/complete/"), step="lesson_complete")
            elif item["type"] == "quiz":
                self.take_quiz(item)
            else:
                self.answer_evaluation(item)
        self.collect_certificate()

"""Checks on the curriculum files themselves (issue 15; review X-2, X-3, X-5).

These read the TOML beside the loader, so they need no database and name the course file and
the figure that is off. They hold the fixed rules in CURRICULUM-CONVENTIONS: answer balance
over the knowledge checks and the bank together, plain language for the summary and every
objective, and sources only from hosts that are not on the deny list, as well-formed URLs.
"""

import re
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import textstat

from courses.curriculum.loader import COURSE_FILES, CURRICULUM_DIR, read_course_file

BALANCED_KINDS = {"single", "scenario"}
MAX_SHARE = 0.40  # of the counted items: correct answer longest, or in one position
MAX_TRUE_FALSE_SHARE = 2 / 3
GRADE_LIMIT = 8  # summary and objectives, every course (the MI lessons may go to 10)
DENY_LIST = CURRICULUM_DIR / "source-deny-list.txt"
LANGUAGE_FILE = "language.toml"
SPANISH_LANGUAGE_FILE = "language.es.toml"
WORD_LIST_FILES = (LANGUAGE_FILE, SPANISH_LANGUAGE_FILE)
TRUE_FALSE = ("True", "False")
PUBMED_HOST = "pubmed.ncbi.nlm.nih.gov"
PUBMED_PATH = re.compile(r"^/\d+/$")


def counted_items(data: dict) -> list[dict]:
    """Knowledge checks and the pre/post bank, single-answer kinds only, as authored."""
    items = [check for lesson in data["lessons"] for check in lesson.get("checks", [])]
    items += data["questions"]
    return [item for item in items if item["kind"] in BALANCED_KINDS]


def correct_is_strictly_longest(item: dict) -> bool:
    correct = [len(c["text"]) for c in item["choices"] if c["correct"]]
    others = [len(c["text"]) for c in item["choices"] if not c["correct"]]
    return len(correct) == 1 and all(correct[0] > length for length in others)


def correct_position(item: dict) -> int:
    """1-based position of the (one) correct choice as written in the file."""
    return next(n for n, c in enumerate(item["choices"], start=1) if c["correct"])


def length_cue_problem(course: str, items: list[dict]) -> str | None:
    longest = sum(correct_is_strictly_longest(item) for item in items)
    if items and longest / len(items) > MAX_SHARE:
        return (
            f"{course}: the correct choice is the longest in {longest} of {len(items)} "
            f"single/scenario items ({longest / len(items):.0%}; at most 40%)"
        )
    return None


def position_problem(course: str, items: list[dict]) -> str | None:
    positions = Counter(correct_position(item) for item in items)
    if not positions:
        return None
    position, count = positions.most_common(1)[0]
    if count / len(items) > MAX_SHARE:
        spread = ", ".join(f"{p}: {positions[p]}" for p in sorted(positions))
        return (
            f"{course}: the correct choice is in position {position} in {count} of "
            f"{len(items)} single/scenario items ({count / len(items):.0%}; at most 40%; "
            f"by position {spread})"
        )
    return None


def true_false_problem(course: str, data: dict, labels: tuple[str, str] = TRUE_FALSE) -> str | None:
    """`labels` are the choice texts for true and false in the file's language."""
    true, false = labels
    items = [check for lesson in data["lessons"] for check in lesson.get("checks", [])]
    items += data["questions"]
    keys = Counter(
        next(c["text"] for c in item["choices"] if c["correct"])
        for item in items
        if item["kind"] == "true_false"
    )
    total = sum(keys.values())
    if total < 2:
        return None
    if keys[true] == 0 or keys[false] == 0 or max(keys.values()) / total > MAX_TRUE_FALSE_SHARE:
        return (
            f"{course}: true/false keys are {true} {keys[true]}, {false} {keys[false]} of "
            f"{total} (both must appear, neither more than two thirds)"
        )
    return None


def denied_hosts() -> set[str]:
    lines = DENY_LIST.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip().lower() for line in lines} - {""}


def denied_host_of(url: str, denied: set[str]) -> str | None:
    """The deny-list entry that a URL's host is, or is a subdomain of (trailing dot ignored)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return next((d for d in denied if host == d or host.endswith("." + d)), None)


def url_format_problems(url: str) -> list[str]:
    problems = []
    if re.search(r"\s", url):
        problems.append("contains a space")
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    # http stays allowed: a few authoritative sources (domain.md) are still served over http.
    if parts.scheme not in ("https", "http"):
        problems.append("is not a web link")
    if not host or "." not in host.strip("."):
        problems.append("has no host")
    elif host.endswith("."):
        problems.append("has a host ending in a dot")
    if parts.username or parts.password:
        problems.append("carries a user name or password")
    bare_host = host.rstrip(".")
    is_pubmed = bare_host.endswith(PUBMED_HOST) or (
        bare_host.endswith("ncbi.nlm.nih.gov") and parts.path.startswith("/pubmed")
    )
    if is_pubmed and (host != PUBMED_HOST or not PUBMED_PATH.match(parts.path)):
        problems.append(f"is not a canonical PubMed link (https://{PUBMED_HOST}/<id>/)")
    return problems


def source_urls(name: str) -> list[str]:
    """Every source URL a file gives: course sources, or the word list's per-term sources."""
    if name in WORD_LIST_FILES:
        data = tomllib.loads((CURRICULUM_DIR / name).read_text(encoding="utf-8"))
        urls = [url for term in data["terms"] for url in term.get("sources", [])]
    else:
        urls = [source["url"] for source in read_course_file(name)["course"]["sources"]]
    return list(dict.fromkeys(urls))  # a URL several terms share is reported once


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


# The curriculum as it is -------------------------------------------------------------------


@pytest.mark.parametrize("name", COURSE_FILES)
def test_the_correct_answer_is_not_usually_the_longest_choice(name):
    problem = length_cue_problem(name, counted_items(read_course_file(name)))

    assert problem is None, problem


@pytest.mark.parametrize("name", COURSE_FILES)
def test_the_correct_answer_is_spread_across_positions(name):
    problem = position_problem(name, counted_items(read_course_file(name)))

    assert problem is None, problem


@pytest.mark.parametrize("name", COURSE_FILES)
def test_true_false_keys_are_balanced(name):
    problem = true_false_problem(name, read_course_file(name))

    assert problem is None, problem


@pytest.mark.parametrize("name", COURSE_FILES)
def test_the_summary_and_every_objective_are_in_plain_language(name):
    course = read_course_file(name)["course"]
    texts = [("summary", course["summary"])]
    texts += [(f"objective {n}", text) for n, text in enumerate(course["objectives"], start=1)]

    too_hard = [
        f"{name} {where}: Flesch-Kincaid grade {grade(text):.1f} > {GRADE_LIMIT}"
        for where, text in texts
        if grade(text) > GRADE_LIMIT
    ]

    assert too_hard == [], "\n".join(too_hard)


@pytest.mark.parametrize("name", (*COURSE_FILES, *WORD_LIST_FILES))
def test_no_source_comes_from_a_denied_host(name):
    denied = denied_hosts()

    on_the_list = [
        f"{name}: {url} (denied: {host})"
        for url in source_urls(name)
        if (host := denied_host_of(url, denied))
    ]

    assert on_the_list == [], "\n".join(on_the_list)


@pytest.mark.parametrize("name", (*COURSE_FILES, *WORD_LIST_FILES))
def test_every_source_url_is_well_formed(name):
    malformed = [
        f"{name}: {url} {'; '.join(problems)}"
        for url in source_urls(name)
        if (problems := url_format_problems(url))
    ]

    assert malformed == [], "\n".join(malformed)


# The checks themselves catch what they are for ---------------------------------------------


def item(*lengths_and_correct, kind="single"):
    return {
        "kind": kind,
        "choices": [
            {"text": "x" * length, "correct": correct} for length, correct in lengths_and_correct
        ],
    }


def test_the_length_check_counts_only_a_strictly_longest_correct_choice():
    longest = item((9, True), (3, False), (3, False))
    tied = item((9, True), (9, False), (3, False))
    shorter = item((3, True), (9, False), (3, False))

    assert length_cue_problem("c.toml", [longest, longest, tied, shorter, shorter]) is None
    problem = length_cue_problem("c.toml", [longest, longest, longest, tied, shorter])
    assert problem == (
        "c.toml: the correct choice is the longest in 3 of 5 single/scenario items (60%; "
        "at most 40%)"
    )


def test_the_position_check_fails_when_one_position_holds_most_keys():
    first = item((3, True), (3, False), (3, False))
    second = item((3, False), (3, True), (3, False))
    third = item((3, False), (3, False), (3, True))

    assert position_problem("c.toml", [first, second, third, first, second]) is None
    problem = position_problem("c.toml", [first, first, first, second, third])
    assert "position 1 in 3 of 5" in problem and "1: 3, 2: 1, 3: 1" in problem


def test_only_single_and_scenario_items_are_counted():
    data = {
        "lessons": [{"checks": [item((9, True), (3, False), kind="scenario")]}],
        "questions": [item((9, True), (3, False), kind="multiple"), item((3, True), (9, False))],
    }

    assert [i["kind"] for i in counted_items(data)] == ["scenario", "single"]


def test_the_true_false_check_wants_both_keys_and_no_two_thirds_majority():
    def true_false(key):
        return {
            "kind": "true_false",
            "choices": [
                {"text": "True", "correct": key == "True"},
                {"text": "False", "correct": key == "False"},
            ],
        }

    def course(*keys):
        return {"lessons": [], "questions": [true_false(k) for k in keys]}

    assert true_false_problem("c.toml", course("True")) is None
    assert true_false_problem("c.toml", course("True", "False", "False")) is None
    assert "True 2, False 0" in true_false_problem("c.toml", course("True", "True"))
    assert "True 1, False 3" in true_false_problem("c.toml", course("True", *["False"] * 3))


def test_the_deny_list_matches_a_host_and_its_subdomains_only():
    denied = denied_hosts()

    assert "skool.com" in denied and "scribd.com" in denied
    assert not any(host.startswith("#") for host in denied)
    assert denied_host_of("https://chat.skool.com/x", denied) == "skool.com"
    assert denied_host_of("https://issuu.com./doc", denied) == "issuu.com"
    assert denied_host_of("https://www.scribd.com/doc/1", denied) == "scribd.com"
    assert denied_host_of("https://notskool.com/x", denied) is None
    assert denied_host_of("https://store.samhsa.gov/product/x", denied) is None


def test_the_url_check_refuses_malformed_and_non_canonical_links():
    assert url_format_problems("https://store.samhsa.gov/product/pep23-03-00-001") == []
    assert url_format_problems(f"https://{PUBMED_HOST}/36343430/") == []
    assert url_format_problems("ftp://harmreduction.org/x") == ["is not a web link"]
    assert url_format_problems("https://issuu.com./doc") == ["has a host ending in a dot"]
    assert url_format_problems("https://www.cdc.gov/a b") == ["contains a space"]
    assert url_format_problems("https:///nothing") == ["has no host"]
    for pubmed in (
        "https://www.pubmed.ncbi.nlm.nih.gov/36343430/",
        "https://www.ncbi.nlm.nih.gov/pubmed/36343430",
        f"https://{PUBMED_HOST}/?term=naloxone",
    ):
        assert url_format_problems(pubmed) == [
            f"is not a canonical PubMed link (https://{PUBMED_HOST}/<id>/)"
        ], pubmed


def test_the_deny_list_file_says_why_it_exists():
    text = Path(DENY_LIST).read_text(encoding="utf-8")

    assert text.startswith("#") and "primary" in text

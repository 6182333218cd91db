"""Random and hostile input to every public form: never a 500, and nothing stored on an error.

Hypothesis sends text in any script, control and null characters, markup, very long strings,
missing and extra fields, lists where one value is expected, raw bodies that are not UTF-8 and
uploads of arbitrary bytes. Each example runs in its own savepoint, rolled back afterwards, so
every example starts from the same state. tests/*/test_bad_input.py keep the named cases (each
with its exact message); this file looks for the cases nobody thought of.
"""

import contextlib
import string
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, Membership, User
from courses import assessments
from courses.models import Attempt, EvaluationResponse
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import (
    enrol,
    finish_lessons,
    make_course,
    make_evaluation,
    make_quiz,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Text that cannot be sent at all (lone surrogates) is left out; everything else is fair.
any_char = st.characters(exclude_categories=("Cs",))
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE accounts_user; --",
    "%00%ff",
    "../../etc/passwd",
    "\uff21\uff22\uff23",  # full-width letters
    "\U0001d518\U0001d52b\U0001d526 \U0001f642",  # letters outside the BMP, an emoji
    "x" * 5_000,
    "y" * 120_000,
]
text = st.one_of(
    st.text(any_char, max_size=80),
    st.text(string.printable, max_size=40),
    st.sampled_from(HOSTILE),
)
value = st.one_of(text, st.lists(text, min_size=0, max_size=4))
extra_fields = st.dictionaries(st.text(any_char, min_size=1, max_size=12), value, max_size=4)
non_utf8 = st.binary(min_size=1, max_size=200).filter(lambda raw: not _is_utf8(raw))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def fields(names, known_values=()):
    """A form's fields, each missing, random or (sometimes) a value that is right."""
    choices = st.one_of(value, st.sampled_from(list(known_values))) if known_values else value
    return st.fixed_dictionaries({}, optional={name: choices for name in names})


def near(valid: dict, names, known_values=()):
    """A valid form with one field dropped or a few changed (so success is reached too)."""

    def build(changes, dropped):
        form = {name: answer for name, answer in valid.items() if name not in dropped}
        return {**form, **changes}

    changed = st.dictionaries(st.sampled_from(list(names)), value, max_size=2)
    dropped = st.sets(st.sampled_from(list(valid)), max_size=1)
    return st.one_of(
        st.just(dict(valid)), st.builds(build, changed, dropped), fields(names, known_values)
    )


@contextlib.contextmanager
def rolled_back():
    """Run one example in a savepoint and undo it, with fresh rate limits and outbox."""
    cache.clear()
    mail.outbox = []
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post(client, url, data, raw=None):
    if raw is not None:
        return client.generic(
            "POST", url, raw, content_type="application/x-www-form-urlencoded; charset=utf-8"
        )
    return client.post(url, data)


def assert_no_server_error(response):
    event(f"status {response.status_code}")  # shown with --hypothesis-show-statistics
    assert response.status_code < 500, response.content.decode(errors="replace")[:2000]
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page  # any echo is escaped


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Sign-up -----------------------------------------------------------------------------------

SIGNUP_FIELDS = ["email", "password1", "password2", "display_name"]


@FUZZ
@given(
    data=near(
        {"email": "new.person@example.org", "password1": "a-long-test-passphrase-42"},
        SIGNUP_FIELDS,
    ),
    extra=extra_fields,
    raw=st.none() | non_utf8,
)
def test_sign_up_answers_anything_with_a_form_or_a_new_account(db, data, extra, raw):
    with rolled_back():
        users = User.objects.count()
        response = post(client_for(), reverse("account_signup"), {**extra, **data}, raw)

        assert_no_server_error(response)
        if response.status_code == 302:
            assert User.objects.count() == users + 1
            created = User.objects.latest("pk")
            assert created.email.lower() in str(data["email"]).lower()
        else:
            assert response.status_code in (200, 400, 429)
            assert User.objects.count() == users


# Join code ---------------------------------------------------------------------------------


@FUZZ
@given(data=st.data(), extra=extra_fields, raw=st.none() | non_utf8)
def test_the_join_code_answers_anything_with_a_form_or_a_membership(
    learner, organization, data, extra, raw
):
    form = data.draw(fields(["code", "share_records"], [organization.join_code, "on"]))
    with rolled_back():
        response = post(client_for(learner), reverse("accounts:join"), {**extra, **form}, raw)

        assert_no_server_error(response)
        joined = Membership.objects.filter(user=learner).exists()
        if response.status_code == 302:
            assert joined
        else:
            assert response.status_code in (200, 400)
            assert not joined


# Verify ------------------------------------------------------------------------------------


@FUZZ
@given(code=st.one_of(text, st.sampled_from(["ABCD-EFGH-JKMN", "abcd efgh jkmn", "0OIL" * 3])))
def test_verify_answers_any_code_with_a_page(db, code):
    with rolled_back():
        client = client_for()
        by_form = client.get(reverse("certificates:verify_form"), {"code": code})
        assert_no_server_error(by_form)
        assert by_form.status_code in (200, 302) or ("\x00" in code and by_form.status_code == 400)

        by_address = client.get(f"/verify/{quote(code, safe='') or 'x'}/")
        assert_no_server_error(by_address)
        assert by_address.status_code in (302, 404) or (
            "\x00" in code and by_address.status_code == 400
        )


@pytest.mark.parametrize(
    "address",
    [
        "/verify/%00/",
        "/verify/ABCD%00/",
        "/verify/?code=%00",
        "/certificates/%00/download/",
        "/invitations/%00/",
        "/join/?code=A%00B",
        "/courses/?topic=%00",
        "/?%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(client, learner, address):
    # PostgreSQL text cannot hold NUL: without the check these reached a query and failed.
    client.force_login(learner)

    response = client.get(address)

    assert response.status_code == 400
    assert "This address is not valid" in response.content.decode()


# Quiz submit -------------------------------------------------------------------------------


@pytest.fixture
def open_attempt(learner):
    from courses.models import CatalogPage

    course = make_course(CatalogPage.objects.get(), lessons=1)
    quiz = make_quiz(course, "post_test")
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    return attempt


@FUZZ
@given(data=st.data(), extra=extra_fields, raw=st.none() | non_utf8)
def test_a_quiz_submit_answers_anything_with_the_form_or_a_grade(
    learner, open_attempt, data, extra, raw
):
    questions = open_attempt.snapshot["questions"]
    choice_ids = [choice["id"] for question in questions for choice in question["choices"]]
    names = [f"q-{number}" for number in range(0, len(questions) + 2)]
    valid = {
        f"q-{number}": next(c["id"] for c in question["choices"] if c["correct"])
        for number, question in enumerate(questions, start=1)
        if question["kind"] != "multiple"
    }
    valid.update(
        {
            f"q-{number}": [c["id"] for c in question["choices"] if c["correct"]]
            for number, question in enumerate(questions, start=1)
            if question["kind"] == "multiple"
        }
    )
    form = data.draw(near(valid, names, choice_ids))
    url = f"{open_attempt.quiz.url}attempt/{open_attempt.code}/submit/"
    with rolled_back():
        response = post(client_for(learner), url, {**extra, **form}, raw)

        assert_no_server_error(response)
        attempt = Attempt.objects.get(pk=open_attempt.pk)
        if response.status_code == 302:
            assert attempt.submitted_at is not None
            for question in questions:
                own = {choice["id"] for choice in question["choices"]}
                assert set(attempt.answers.get(question["id"], [])) <= own
        else:
            assert response.status_code in (200, 400)
            assert attempt.submitted_at is None and attempt.answers == {}
        assert Attempt.objects.filter(enrollment=attempt.enrollment).count() == 1


# Evaluation --------------------------------------------------------------------------------


@pytest.fixture
def open_evaluation(learner):
    from courses.models import CatalogPage

    course = make_course(CatalogPage.objects.get(), "Evaluated course", lessons=1)
    evaluation = make_evaluation(course)
    finish_lessons(enrol(learner, course))
    return evaluation


@FUZZ
@given(data=st.data(), extra=extra_fields, raw=st.none() | non_utf8)
def test_an_evaluation_answers_anything_with_the_form_or_one_stored_response(
    learner, open_evaluation, data, extra, raw
):
    names = ["s-1", "s-2", "s-3", "confidence_before", "confidence_after", "comments"]
    valid = {"s-1": "4", "s-2": "5", "confidence_before": "2", "confidence_after": "4"}
    form = data.draw(near(valid, names, ["1", "3", "5", "0", "6", "-1", "2.5"]))
    with rolled_back():
        response = post(
            client_for(learner), f"{open_evaluation.url}submit/", {**extra, **form}, raw
        )

        assert_no_server_error(response)
        stored = list(EvaluationResponse.objects.all())
        if response.status_code == 302 and stored:
            (answer,) = stored
            assert all(1 <= rating <= 5 for rating in answer.ratings.values())
            assert "\x00" not in answer.comments and len(answer.comments) <= 5000
        else:
            assert response.status_code in (200, 302, 400)
            assert stored == []


# Invitations (a manager's upload) ----------------------------------------------------------

csv_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(any_char, max_size=200).map(lambda t: ("email,name\n" + t).encode("utf-8")),
    st.text(any_char, max_size=200).map(lambda t: t.encode("utf-16")),
    st.lists(st.emails(), max_size=5).map(
        lambda emails: ("email,name\n" + "\n".join(emails)).encode("latin-1", "replace")
    ),
    st.sampled_from([b"\xff\xfe\x00", b"email\x00,name\n", b"\xef\xbb\xbfemail,name\na@b"]),
)


@FUZZ
@given(
    emails=st.one_of(text, st.lists(st.emails(), max_size=4).map("\n".join)),
    role=st.one_of(st.sampled_from(["member", "manager"]), text),
    upload=st.none() | csv_bytes,
    name=st.sampled_from(["staff.csv", "staff.txt", "", "../x.csv", "a\x00.csv"]),
)
def test_inviting_answers_any_list_or_upload_with_the_form_or_invitations(
    manager, organization, emails, role, upload, name
):
    data = {"emails": emails, "role": role}
    if upload is not None:
        data["file"] = SimpleUploadedFile(name or "upload", upload, content_type="text/csv")
    url = reverse("accounts:organization_invite", args=[organization.slug])
    if not hasattr(manager, "signed_in_client"):  # once per test, not per example
        manager.signed_in_client = sign_in_with_mfa(Client(), manager)
    with rolled_back():
        before = set(Invitation.objects.values_list("pk", flat=True))
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = manager.signed_in_client.post(url, data)

        assert_no_server_error(response)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response["Location"].startswith(f"/org/{organization.slug}/")
        new = Invitation.objects.exclude(pk__in=before)
        sent = sorted(message.to[0].lower() for message in mail.outbox)
        assert sorted(invitation.email.lower() for invitation in new) == sent
        submitted = (
            emails + "\n" + upload.decode("utf-8", "replace") if upload else emails
        ).lower()
        for invitation in new:
            assert invitation.email.lower() in submitted

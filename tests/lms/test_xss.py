"""Filter-evasion payloads (in the spirit of OWASP's XSS cheat sheet) typed into every field a
person fills in that is not Wagtail rich text: nothing executable comes out, in pages or PDFs.

Each payload goes in through the real form or view; then the pages that show the value are
parsed. Payloads are also stored raw (as an old row or an import might hold them) to prove the
second defence: templates and the PDF renderer escape whatever is stored.
"""

import io
from collections import Counter
from html.parser import HTMLParser

import pypdf
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from basics.sanitize import clean_user_text
from certificates.forms import DeclineCorrectionForm, NameCorrectionForm, RevokeForm
from certificates.models import NameCorrectionRequest
from certificates.rendering import document_for, render_pdf
from certificates.services import build_certificate
from courses.forms.learner import EvaluationForm
from courses.models import Reflection
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import SCENARIO_ID, make_evaluation, make_lesson, scenario_body

from .conftest import certify, enrol, person

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<scr<script>ipt>alert(1)</script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    "<img src=x onerror=alert(1)>",
    "<<img src=x onerror=alert(1)//<",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<div style="width: expression(alert(1));">x</div>',
    "<STYLE>@import'http://evil.example/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "javascript:alert(1)",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # full-width brackets
]

# Tags that could run code or load something when they come from user data.
RISKY_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "style",
    "link",
    "meta",
    "img",
    "body",
    "details",
    "xss",
    "applet",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "content"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class Markup(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.risky = Counter()
        self.problems = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in RISKY_TAGS:
            self.risky[tag] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            compact = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and any(scheme in compact for scheme in BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")


def assert_safe(html: str, baseline: str, where: str, payload: str) -> None:
    """No event handlers or script URLs at all, and no more risky tags than the page has with
    harmless data (the site's own stylesheet links, icons and scripts)."""
    found, expected = Markup(html), Markup(baseline)
    assert not found.problems, f"{where}: {found.problems} from {payload!r}"
    extra = found.risky - expected.risky
    assert not extra, f"{where}: extra {dict(extra)} from {payload!r}"


def page(client, url) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(organization, manager, course):
    """A member with a certificate, seen by their manager on the partner pages."""
    member = person("jo@example.org", organization, first="Jo", last="Rivera")
    certificate = certify(member, course)
    return {"member": member, "manager": manager, "certificate": certificate}


def pages_showing_the_member(people, organization):
    member, manager, certificate = people["member"], people["manager"], people["certificate"]
    return [
        (logged_in(member), reverse("accounts:profile")),
        (logged_in(member), reverse("accounts:my_organizations")),
        (logged_in(member), reverse("my_learning")),
        (logged_in(member), reverse("certificates:mine")),
        (Client(), reverse("certificates:verify", args=[certificate.display_code])),
        (sign_in_with_mfa(Client(), manager), reverse("partners:staff", args=[organization.slug])),
        (
            sign_in_with_mfa(Client(), manager),
            reverse("partners:certificates", args=[organization.slug]),
        ),
        (
            sign_in_with_mfa(Client(), manager),
            reverse("accounts:organization_members", args=[organization.slug]),
        ),
    ]


def test_names_and_organization_names_stored_raw_are_escaped_on_every_page(people, organization):
    pages = pages_showing_the_member(people, organization)
    baselines = [page(client, url) for client, url in pages]
    member, certificate = people["member"], people["certificate"]
    for payload in PAYLOADS:
        cache.clear()  # the verification page's rate limit is not under test here
        payload = payload.replace("\x00", "")  # PostgreSQL refuses NUL in text
        member.display_name = member.certificate_name = member.first_name = payload[:80]
        member.save()
        certificate.learner_name = payload
        certificate.save(update_fields=["learner_name"])
        Organization.objects.filter(pk=organization.pk).update(name=payload)
        for (client, url), baseline in zip(pages, baselines, strict=True):
            assert_safe(page(client, url), baseline, url, payload)


def test_names_typed_into_the_forms_are_refused_or_come_out_safe(people, organization):
    member = people["member"]
    client = logged_in(member)
    profile, mine = reverse("accounts:profile"), reverse("certificates:mine")
    baselines = {profile: page(client, profile), mine: page(client, mine)}
    for payload in PAYLOADS:
        for url, field, post_to in [
            (profile, "display_name", profile),
            (mine, "certificate_name", reverse("certificates:save_name")),
        ]:
            response = client.post(post_to, {field: payload})
            assert response.status_code in (200, 302, 400), (field, payload)
            html = response.content.decode() if response.status_code != 302 else page(client, url)
            assert_safe(html, baselines[url], url, payload)
            member.refresh_from_db()
            stored = getattr(member, field)
            assert clean_user_text(stored) == stored, (field, payload, stored)


def test_a_name_with_markup_gets_a_clear_message(people):
    client = logged_in(people["member"])

    response = client.post(reverse("accounts:profile"), {"display_name": "<b>Jo</b>"})

    assert "Please type the name as plain text" in response.content.decode()


def test_name_corrections_typed_with_payloads_are_refused_or_stored_plain(people):
    certificate = people["certificate"]
    client = logged_in(people["member"])
    url = reverse("certificates:request_correction", args=[certificate.display_code])
    for payload in PAYLOADS:
        response = client.post(url, {"requested_name": f"Jo {payload}"[:120], "note": payload})
        assert response.status_code in (200, 302)
        NameCorrectionRequest.objects.filter(certificate=certificate).delete()
        form = NameCorrectionForm({"requested_name": "Jo Rivera", "note": payload})
        if "\x00" in payload:  # Django refuses NUL characters with a form error
            assert not form.is_valid() and "note" in form.errors
            continue
        assert form.is_valid(), form.errors
        assert clean_user_text(form.cleaned_data["note"]) == form.cleaned_data["note"]
        assert "<script" not in form.cleaned_data["note"].lower()


def test_invitation_names_are_echoed_back_safely(people, organization):
    client = sign_in_with_mfa(Client(), people["manager"])
    url = reverse("accounts:organization_invite", args=[organization.slug])
    baseline = page(client, url)
    for payload in PAYLOADS:
        # A bad address keeps the row on the page, name and all, to be corrected.
        typed = f"not-an-address, {payload}\nalso bad; {payload}"
        response = client.post(url, {"emails": typed, "role": "member"})
        assert response.status_code == 200
        assert_safe(response.content.decode(), baseline, url, payload)
        upload = io.BytesIO(f"email,name\nnope,{payload!r}\n".encode())
        upload.name = "people.csv"
        response = client.post(url, {"file": upload, "role": "member"})
        assert response.status_code == 200
        assert_safe(response.content.decode(), baseline, url, payload)


def test_reflections_are_stored_plain_and_shown_safely(learner, course):
    lesson = make_lesson(course, "Talking with Jo", body=scenario_body())
    enrol(learner, course)
    client = logged_in(learner)
    baseline = page(client, lesson.url)
    for payload in PAYLOADS:
        client.post(f"{lesson.url}reflection/", {"block": SCENARIO_ID, "text": payload})
        stored = Reflection.objects.filter(block_id=SCENARIO_ID).first()
        if stored is not None:
            assert clean_user_text(stored.text) == stored.text
        assert_safe(page(client, lesson.url), baseline, lesson.url, payload)


def test_free_text_in_evaluations_and_staff_reasons_comes_out_as_plain_text(course):
    evaluation = make_evaluation(course, comments_prompt="Anything else?")
    ratings = {"s-1": "4", "s-2": "5", "confidence_before": "2", "confidence_after": "4"}
    for payload in PAYLOADS:
        forms = [
            ("comments", EvaluationForm(evaluation, data={**ratings, "comments": payload})),
            ("reason", RevokeForm({"reason": f"Fraud {payload}"})),
            ("note", DeclineCorrectionForm({"note": f"No {payload}"})),
        ]
        for field, form in forms:
            if form.is_valid():
                value = form.cleaned_data[field]
                assert clean_user_text(value) == value, (field, payload)
                assert "<script" not in value.lower()
            else:
                assert field in form.errors  # e.g. a reason that was nothing but markup


def test_organization_names_with_markup_are_refused(organization):
    from django.core.exceptions import ValidationError

    organization.name = "<img src=x onerror=alert(1)>Riverside"
    with pytest.raises(ValidationError) as error:
        organization.full_clean()

    assert "name" in error.value.message_dict


# PDFs

PDF_PAYLOADS = [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">Jo</a>',
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<div style="width: expression(alert(1));">x</div>',
    "javascript:alert(1)",
]


def pdf_actions(pdf: bytes) -> list[str]:
    """Every script, launch or javascript: link the PDF holds, wherever it is."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA"):
        if key in root:
            found.append(f"catalog {key}")
    if "/JavaScript" in root.get("/Names", {}):
        found.append("document JavaScript")
    for page in reader.pages:
        if "/AA" in page:
            found.append("page /AA")
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A", {})
            kind = action.get("/S")
            uri = str(action.get("/URI", "")).lower()
            if kind in ("/JavaScript", "/Launch") or "javascript:" in uri:
                found.append(f"annotation {kind} {uri}")
    # Every object in the file, not its raw bytes: compressed font and image streams can hold
    # the bytes "/JS" by chance, while a script can only live in a dictionary's key or action.
    for number in range(1, int(reader.trailer["/Size"])):
        thing = reader.get_object(number)  # None for a free entry
        if not isinstance(thing, pypdf.generic.DictionaryObject):
            continue
        if "/JS" in thing or "/JavaScript" in thing:
            found.append(f"object {number} script")
        if thing.get("/S") in ("/JavaScript", "/Launch"):
            found.append(f"object {number} {thing.get('/S')}")
    return found


def test_a_certificate_pdf_prints_payloads_literally_and_runs_nothing(learner, course):
    enrollment = enrol(learner, course, completed_at=timezone.now())
    for payload in PDF_PAYLOADS:
        certificate = build_certificate(enrollment, name=payload)
        pdf = render_pdf(document_for(certificate))
        text = " ".join(
            " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
        )
        assert " ".join(payload.split()) in text, payload
        assert pdf_actions(pdf) == [], payload


def test_the_pdf_check_finds_a_script_planted_in_a_pdf():
    """The check above would pass on any PDF if it could not see a script; show it can."""
    from pypdf.actions import JavaScript

    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_open_action(JavaScript("app.alert(1)"))
    planted = io.BytesIO()
    writer.write(planted)
    found = pdf_actions(planted.getvalue())
    assert any(item.endswith("script") for item in found), found

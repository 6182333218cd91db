"""Public verification, and the learner's own certificates (list, name, download, corrections)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks
from wagtail.log_actions import log

from basics import ratelimit
from basics.codes import group_code, normalize_code
from basics.ratelimit import rate_limit
from courses import services as course_services
from courses.models import Enrollment

from . import completion, permissions, queueing, selectors, services
from .forms import CertificateNameForm, NameCorrectionForm, VerifyForm
from .models import CODE_LENGTH, AttendanceStatement, Certificate
from .models.records import CODE_GROUP
from .rendering import observed_skills_lines
from .signals import VERIFY_LOOKUP_HOOK

VERIFY_LIMIT = getattr(settings, "CERTIFICATES_VERIFY_RATE_LIMIT", 30)  # per client per minute


def _no_index(response):
    # Verification pages carry a person's name: keep them out of search engines and caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@rate_limit("verify", limit=VERIFY_LIMIT)
def verify_form(request):
    """A certificate's code leads to its page, another record's (a transcript's) to that
    record's page through ``VERIFY_LOOKUP_HOOK``; a code nobody issued is said so here."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        normalized = normalize_code(code)
        if Certificate.objects.filter(code=normalized).exists():
            return redirect("certificates:verify", code=code)
        for lookup in hooks.get_hooks(VERIFY_LOOKUP_HOOK):
            if url := lookup(normalized):
                return redirect(url)
        form.add_error(
            "code",
            _(
                "We have no certificate or transcript with the code %(code)s. Please check "
                "the code and try again."
            )
            % {"code": code},
        )
    return _no_index(render(request, "certificates/verify_form.html", {"form": form}))


@require_GET
@rate_limit("verify", limit=VERIFY_LIMIT)
def verify(request, code):
    """Status, name, course, date, hours, issuer and validity; nothing else about the learner.

    Found and unknown codes cost the same: one query, then one template, so the response time
    does not tell which codes exist.
    """
    normalized = normalize_code(code)[: CODE_LENGTH * 2]
    canonical = group_code(normalized, CODE_GROUP)
    if len(normalized) == CODE_LENGTH and code != canonical:
        return redirect("certificates:verify", code=canonical)
    certificate = (
        Certificate.objects.select_related("replaced_by", "course").filter(code=normalized).first()
    )
    # Always asked, so a certificate, a statement and an unknown code cost the same queries.
    statement = AttendanceStatement.objects.filter(code=normalized).first()
    if certificate is None and statement is not None:
        response = render(request, "certificates/verify_statement.html", {"statement": statement})
    elif certificate is None:
        response = render(
            request, "certificates/verify_not_found.html", {"code": code[:40]}, status=404
        )
    else:
        context = {
            "certificate": certificate,
            "status": certificate.current_status(),
            "observed_skills": observed_skills_lines(certificate),
        }
        response = render(request, "certificates/verify.html", context)
    return _no_index(response)


def _my_certificates_page(request, name_form, status=200):
    context = {
        "certificates": selectors.certificates_for_learner(request.user),
        "statements": selectors.statements_for_learner(request.user),
        "awaiting": list(selectors.completions_without_certificate(request.user)),
        "name_form": name_form,
    }
    return render(request, "certificates/my_certificates.html", context, status=status)


@login_required
@require_GET
def my_certificates(request):
    return _my_certificates_page(request, CertificateNameForm(instance=request.user))


@require_POST
@login_required
def save_name(request):
    form = CertificateNameForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _my_certificates_page(request, form, status=400)
    queued = queueing.set_certificate_name(request.user, form.cleaned_data["certificate_name"])
    if queued:
        messages.success(request, _("Thank you. Your certificates are being prepared."))
    else:
        messages.success(request, _("Your name for certificates was saved."))
    return redirect("certificates:mine")


def _completed_page(request, enrollment, name_form=None, status=200):
    earned = completion.earned_by(request, enrollment)
    if name_form is None and earned.certificate is None and not request.user.certificate_name:
        name_form = CertificateNameForm(instance=request.user)
    context = {"earned": earned, "name_form": name_form, "on_completion_page": True}
    return render(request, "certificates/completed.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def completed(request, code):
    """The learner's page for one finished course: what they earned and "Get your certificate".

    GET shows it (with the PDF and its verification link once issued). POST, from this page or
    the one the learner landed on after finishing, takes the name for certificates when it is
    missing and issues the certificate now (idempotent: a double click or a worker that got
    there first gives the same certificate), then comes back here.
    """
    enrollment = permissions.get_own_completion(request.user, code)
    if request.method != "POST":
        return _completed_page(request, enrollment)
    if not request.user.certificate_name.strip():
        form = CertificateNameForm(request.POST, instance=request.user)
        if not form.is_valid():
            return _completed_page(request, enrollment, form, status=400)
        queueing.set_certificate_name(request.user, form.cleaned_data["certificate_name"])
    try:
        services.issue_certificate(enrollment)
    except services.CertificateError as error:
        messages.error(request, str(error))
    return redirect("certificates:completed", code=enrollment.code)


@login_required
@require_GET
def download(request, code):
    certificate = permissions.get_certificate_for_download(request.user, code)
    if certificate.learner_id != request.user.pk:
        # Someone else's certificate (a manager's or site staff's download) goes in the audit log.
        log(
            certificate,
            "certificates.download",
            user=request.user,
            data={"code": certificate.display_code},
        )
    return pdf_response(certificate)


def pdf_response(certificate) -> FileResponse:
    """The stored PDF as a private download (the caller has checked who may have it)."""
    try:
        pdf = certificate.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        pdf,
        as_attachment=True,
        filename=certificate.download_filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def request_correction(request, code):
    certificate = permissions.get_own_certificate(request.user, code)
    if not permissions.can_request_correction(request.user, certificate):
        messages.info(request, _("This certificate cannot be corrected now."))
        return redirect("certificates:mine")
    form = NameCorrectionForm(request.POST or None, initial={"requested_name": ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_name_correction(
                certificate,
                request.user,
                form.cleaned_data["requested_name"],
                form.cleaned_data["note"],
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you. A member of staff will check it; the corrected certificate "
                    "will then appear on this page."
                ),
            )
        return redirect("certificates:mine")
    return render(
        request, "certificates/request_correction.html", {"certificate": certificate, "form": form}
    )


@require_POST
@login_required
def renew(request, code):
    """Start the course again (a new enrolment cycle) for a certificate that may be renewed.

    POST only: it changes the learner's records. The rule (expired, or within 60 days of it,
    and no newer certificate) is ``selectors.can_renew``; starting the cycle is
    ``courses.services.start_renewal``, which is idempotent, so a double click starts one cycle.
    """
    certificate = permissions.get_own_certificate(request.user, code)
    if not selectors.can_renew(certificate):
        opens = selectors.renewal_opens_on(certificate)
        if opens and opens > timezone.localdate():
            messages.info(
                request,
                _("You can renew this certificate from %(date)s.") % {"date": opens.isoformat()},
            )
        else:
            messages.info(request, _("This certificate does not need renewing."))
        return redirect("certificates:mine")
    course = certificate.course
    if not course.live:
        messages.info(request, _("This course is not offered at the moment."))
        return redirect("certificates:mine")
    try:
        enrollment = course_services.start_renewal(request.user, course)
    except Enrollment.DoesNotExist:
        # Issued without an enrolment of this learner (imported records): enrol afresh.
        enrollment, _created = course_services.enrol(request.user, course)
    if enrollment.completed_at is None:
        messages.success(
            request,
            _("You are taking “%(title)s” again. When you finish, you get a new certificate.")
            % {"title": course.title},
        )
    return redirect(course.get_url(request))


# A learner may ask again for a certificate a few times per quarter of an hour: each asks a
# worker to draw a PDF.
ASK_AGAIN_LIMIT = 3
ASK_AGAIN_PERIOD = 15 * 60


@require_POST
@login_required
def ask_again(request, code):
    """Queue again the certificate of a completion that has none a while after completing.

    For a certificate a stopped worker never made (certificates.recovery does the same every
    few minutes); issuing is idempotent, so asking twice makes one certificate.
    """
    retry_after = ratelimit.hit(
        request,
        "certificate-ask-again",
        limit=ASK_AGAIN_LIMIT,
        period=ASK_AGAIN_PERIOD,
        who=f"user-{request.user.pk}",
    )
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    enrollment = get_object_or_404(Enrollment, code=code, user=request.user)
    waiting = selectors.completions_without_certificate(request.user).filter(pk=enrollment.pk)
    waiting = waiting.first()
    if waiting is None:
        messages.info(request, _("There is no certificate waiting for this course."))
    elif not request.user.certificate_name.strip():
        messages.info(request, _("Please tell us the name to print on your certificates first."))
    elif not waiting.may_ask_again:
        messages.info(
            request,
            _(
                "Your certificate is still being prepared. If it has not appeared in a few "
                "minutes, you can ask again here."
            ),
        )
    else:
        queueing.queue_certificate(waiting.pk)
        messages.success(
            request, _("We are preparing your certificate again. It will appear here soon.")
        )
    return redirect("certificates:mine")

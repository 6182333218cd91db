"""Wagtail admin screens for acting on certificates: revoke, decide name corrections, preview."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import CoursePage

from . import services
from .forms import DeclineCorrectionForm, RevokeForm
from .models import Certificate, NameCorrectionRequest
from .permissions import can_manage_certificates
from .preview import preview_pdf


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ActionFormView(StaffOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/action_form.html"
    header_icon = "doc-full"
    submit_button_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.get_full_path(),
                "submit_button_label": self.submit_button_label,
                "submit_button_active_label": self.submit_button_label,
            }
        )
        return context

    def fail(self, error):
        messages.error(self.request, str(error))
        return redirect(self.success_url_name)


class RevokeView(ActionFormView):
    form_class = RevokeForm
    page_title = gettext_lazy("Revoke certificate")
    submit_button_label = gettext_lazy("Revoke certificate")
    success_url_name = "certificates_certificate:index"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(Certificate, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.certificate
        context["summary"] = _(
            "%(name)s, %(course)s, completed %(date)s. The verification page will say it was "
            "revoked; the learner keeps access to the PDF."
        ) % {
            "name": self.certificate.learner_name,
            "course": self.certificate.course_title,
            "date": self.certificate.completion_date.isoformat(),
        }
        return context

    def form_valid(self, form):
        try:
            services.revoke_certificate(
                self.certificate, reason=form.cleaned_data["reason"], by=self.request.user
            )
        except services.CertificateError as error:
            return self.fail(error)
        messages.success(
            self.request,
            _("Certificate %(code)s revoked.") % {"code": self.certificate.display_code},
        )
        return redirect(self.success_url_name)


class CorrectionMixin:
    success_url_name = "certificates_namecorrectionrequest:index"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.correction = get_object_or_404(
            NameCorrectionRequest.objects.select_related("certificate"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.correction.certificate.display_code

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("Name on the certificate: “%(old)s”. Requested: “%(new)s”.") % {
            "old": self.correction.certificate.learner_name,
            "new": self.correction.requested_name,
        }
        context["note"] = self.correction.note
        return context


class ApproveCorrectionView(CorrectionMixin, ActionFormView):
    page_title = gettext_lazy("Approve name correction")
    submit_button_label = gettext_lazy("Issue the corrected certificate")

    form_class = forms.Form  # nothing to fill in: the button is the decision

    def form_valid(self, form):
        try:
            new = services.approve_name_correction(self.correction, by=self.request.user)
        except services.CertificateError as error:
            return self.fail(error)
        messages.success(
            self.request, _("Corrected certificate %(code)s issued.") % {"code": new.display_code}
        )
        return redirect(self.success_url_name)


class DeclineCorrectionView(CorrectionMixin, ActionFormView):
    form_class = DeclineCorrectionForm
    page_title = gettext_lazy("Decline name correction")
    submit_button_label = gettext_lazy("Decline the request")

    def form_valid(self, form):
        try:
            services.reject_name_correction(
                self.correction, by=self.request.user, note=form.cleaned_data["note"]
            )
        except services.CertificateError as error:
            return self.fail(error)
        messages.success(self.request, _("Request declined."))
        return redirect(self.success_url_name)


def preview(request):
    """The certificate template with sample data, as a PDF shown in the browser."""
    if not can_manage_certificates(request.user):
        raise PermissionDenied
    course = None
    if course_id := request.GET.get("course", "").strip():
        course = get_object_or_404(CoursePage, pk=course_id) if course_id.isdigit() else None
    response = HttpResponse(preview_pdf(course), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def preview_url(course=None) -> str:
    url = reverse("certificates_preview")
    return f"{url}?course={course.pk}" if course is not None else url

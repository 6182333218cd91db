"""Training-plan pages for an organization's managers, under /org/<slug>/plans/ and /tags/.

Each view opens with ``accounts.permissions.get_organization_for_manager`` or a helper in
``plans.permissions`` built on it (404 for outsiders, 403 for members, second factor first).
Changes are POST only and saved in one transaction; a form with a mistake saves nothing and
comes back with the message next to the field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import log_for_organization
from accounts.permissions import get_organization_for_manager, membership_of

from . import audit, compliance, exports
from .forms import PlanForm, TagForm, TagMembersForm
from .models import SummarySubscription
from .permissions import get_plan_for_manager, get_tag_for_manager


@login_required
@require_GET
def plan_list(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    plans = organization.training_plans.prefetch_related("items__course", "items__session", "tags")
    membership = membership_of(request.user, organization)
    return render(
        request,
        "plans/plan_list.html",
        {
            "organization": organization,
            "plans": plans,
            # Site admins who are not members have no membership to send a summary to.
            "membership": membership,
            "subscribed": membership is not None
            and SummarySubscription.objects.filter(membership=membership).exists(),
        },
    )


@login_required
@require_POST
def summary_subscription(request, slug):
    """The manager's own choice: the monthly summary email of this organization's plans."""
    organization = get_organization_for_manager(request.user, slug)
    membership = membership_of(request.user, organization)
    if membership is None:
        raise Http404
    if request.POST.get("monthly_summary") == "on":
        SummarySubscription.objects.get_or_create(membership=membership)
        messages.success(request, _("You will get a summary of these plans by email each month."))
    else:
        SummarySubscription.objects.filter(membership=membership).delete()
        messages.success(request, _("You will not get the monthly summary email."))
    return redirect("plans:list", slug=organization.slug)


def _plan_form(request, organization, plan=None):
    form = PlanForm(request.POST or None, organization=organization, plan=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            log_for_organization(organization, audit.PLAN_SAVE, by=request.user, plan=saved.code)
        messages.success(
            request, _("The training plan “%(name)s” is saved.") % {"name": saved.name}
        )
        return redirect("plans:compliance", slug=organization.slug, code=saved.code)
    return render(
        request,
        "plans/plan_form.html",
        {"organization": organization, "form": form, "plan": plan},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    return _plan_form(request, organization)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, code):
    plan = get_plan_for_manager(request.user, slug, code)
    return _plan_form(request, plan.organization, plan)


def _compliance_rows(request, plan):
    form = compliance.ComplianceFilterForm(
        request.GET, tags=list(plan.organization.member_tags.all())
    )
    items = compliance.plan_items(plan)
    return form, items


@login_required
@require_GET
def plan_compliance(request, slug, code):
    plan = get_plan_for_manager(request.user, slug, code)
    form, items = _compliance_rows(request, plan)
    page = compliance.compliance_page(plan, items, form, request.GET.get("page"))
    return render(
        request,
        "plans/compliance.html",
        {
            "organization": plan.organization,
            "plan": plan,
            "items": items,
            "form": form,
            "page": page,
            "sort_links": form.sort_links(),
        },
    )


def _download(request, slug, code, *, action, make_response):
    plan = get_plan_for_manager(request.user, slug, code)
    form, items = _compliance_rows(request, plan)
    rows = compliance.compliance_rows(plan, items, form)
    log_for_organization(
        plan.organization, action, by=request.user, plan=plan.code, count=len(rows)
    )
    return make_response(plan, items, rows)


@login_required
@require_GET
def compliance_csv(request, slug, code):
    return _download(
        request, slug, code, action=audit.COMPLIANCE_CSV, make_response=exports.csv_response
    )


@login_required
@require_GET
def compliance_xlsx(request, slug, code):
    return _download(
        request, slug, code, action=audit.COMPLIANCE_XLSX, make_response=exports.xlsx_response
    )


@login_required
@require_http_methods(["GET", "POST"])
def tag_list(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form = TagForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        tag = form.save()
        messages.success(request, _("Tag “%(name)s” added.") % {"name": tag.name})
        return redirect("plans:tag", slug=organization.slug, code=tag.code)
    tags = organization.member_tags.prefetch_related("memberships")
    return render(
        request,
        "plans/tag_list.html",
        {"organization": organization, "form": form, "tags": tags},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tag_detail(request, slug, code):
    tag = get_tag_for_manager(request.user, slug, code)
    form = TagMembersForm(request.POST or None, tag=tag)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Members of tag “%(name)s” saved.") % {"name": tag.name})
        return redirect("plans:tag", slug=slug, code=tag.code)
    return render(
        request,
        "plans/tag_detail.html",
        {"organization": tag.organization, "tag": tag, "form": form},
    )


@login_required
@require_POST
def tag_delete(request, slug, code):
    tag = get_tag_for_manager(request.user, slug, code)
    name = tag.name
    tag.delete()
    messages.success(
        request,
        _("Tag “%(name)s” deleted. Plans for this tag no longer include its members.")
        % {"name": name},
    )
    return redirect("plans:tags", slug=slug)

"""Coalition plan templates: the leads' pages under /org/<coalition>/plan-templates/, and the
member organizations' managers' page to copy one, under /org/<slug>/plans/from-template/.

Access through ``plans.permissions`` (404 for outsiders and for organizations that are not
coalitions, 403 for members, second factor first). Changes are POST only, in one transaction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import log_for_organization
from accounts.permissions import get_organization_for_manager

from . import audit
from .permissions import (
    get_coalition_for_lead,
    get_template_for_lead,
    get_template_to_copy,
    templates_offered_to,
)
from .plan_templates import PlanTemplateForm, copy_template


@login_required
@require_GET
def template_list(request, slug):
    coalition = get_coalition_for_lead(request.user, slug)
    templates = coalition.plan_templates.prefetch_related("entries__course")
    return render(
        request,
        "plans/template_list.html",
        {"organization": coalition, "templates": templates},
    )


def _template_form(request, coalition, template=None):
    form = PlanTemplateForm(request.POST or None, coalition=coalition, template=template)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            log_for_organization(
                coalition, audit.TEMPLATE_SAVE, by=request.user, template=saved.code
            )
        messages.success(
            request, _("The plan template “%(name)s” is saved.") % {"name": saved.name}
        )
        return redirect("plans:templates", slug=coalition.slug)
    return render(
        request,
        "plans/template_form.html",
        {"organization": coalition, "form": form, "template": template},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request, slug):
    return _template_form(request, get_coalition_for_lead(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, slug, code):
    template = get_template_for_lead(request.user, slug, code)
    return _template_form(request, template.coalition, template)


@login_required
@require_POST
def template_delete(request, slug, code):
    template = get_template_for_lead(request.user, slug, code)
    name = template.name
    template.delete()
    messages.success(
        request,
        _("Template “%(name)s” deleted. Plans already copied from it stay as they are.")
        % {"name": name},
    )
    return redirect("plans:templates", slug=slug)


@login_required
@require_GET
def copy_list(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    templates = (
        templates_offered_to(organization)
        .select_related("coalition")
        .prefetch_related("entries__course")
    )
    return render(
        request,
        "plans/copy_list.html",
        {"organization": organization, "templates": templates},
    )


@login_required
@require_POST
def copy(request, slug, code):
    organization, template = get_template_to_copy(request.user, slug, code)
    with transaction.atomic():
        plan = copy_template(template, organization)
        log_for_organization(
            organization,
            audit.TEMPLATE_COPY,
            by=request.user,
            plan=plan.code,
            template=template.code,
        )
    messages.success(
        request,
        _(
            "Copied “%(name)s” into a new plan of your own. It is paused: check the courses, "
            "the due date and who it is for, tick Active and save."
        )
        % {"name": plan.name},
    )
    return redirect("plans:edit", slug=organization.slug, code=plan.code)

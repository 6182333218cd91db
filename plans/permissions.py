"""Who may manage an organization's training plans and tags: its managers (and site admins).

Built on ``accounts.permissions.get_organization_for_manager``: outsiders (the managers of
another organization among them) get 404, members who are not managers 403, and a manager
whose session has not used a second factor is sent to their authenticator first. A plan or a
tag is found by its random code within that organization only, so another organization's code
is a 404 too. A coalition's leads (its managers) write plan templates; the managers of its
member organizations copy them.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Organization
from accounts.permissions import get_organization_for_manager
from basics.dates import add_months
from trainings.models import TrainingSession

from .models import MemberTag, PlanTemplate, TrainingPlan


def get_plan_for_manager(user, slug: str, code: str) -> TrainingPlan:
    organization = get_organization_for_manager(user, slug)
    return get_object_or_404(
        TrainingPlan.objects.select_related("organization"), organization=organization, code=code
    )


def get_tag_for_manager(user, slug: str, code: str) -> MemberTag:
    organization = get_organization_for_manager(user, slug)
    return get_object_or_404(
        MemberTag.objects.select_related("organization"), organization=organization, code=code
    )


def get_coalition_for_lead(user, slug: str) -> Organization:
    """A coalition its leads (managers) may write plan templates for; any other kind of
    organization has no template pages (404), even for its managers."""
    organization = get_organization_for_manager(user, slug)
    if organization.kind != Organization.Kind.COALITION:
        raise Http404
    return organization


def get_template_for_lead(user, slug: str, code: str) -> PlanTemplate:
    coalition = get_coalition_for_lead(user, slug)
    return get_object_or_404(PlanTemplate, coalition=coalition, code=code)


def templates_offered_to(organization: Organization):
    """The plan templates of the coalitions `organization` belongs to."""
    return PlanTemplate.objects.filter(coalition__member_organizations=organization)


def get_template_to_copy(user, slug: str, code: str) -> tuple[Organization, PlanTemplate]:
    """For a member organization's manager: a template of one of its coalitions (another
    coalition's template is a 404, like a code that never was)."""
    organization = get_organization_for_manager(user, slug)
    template = get_object_or_404(
        templates_offered_to(organization).select_related("coalition"), code=code
    )
    return organization, template


def sessions_for_plans(organization, keep=()):
    """The live sessions a manager of `organization` may put in its plans: those its members
    may all see (public ones, and the organization's own), not cancelled, from the last year
    on; plus `keep` (the plan's own sessions, so editing it drops none)."""
    visible = Q(invitation_only=False) | Q(organization=organization)
    recent = Q(end__gte=add_months(timezone.now(), -12))
    return (
        TrainingSession.objects.filter(visible)
        .filter(recent | Q(pk__in=list(keep)))
        .exclude(status=TrainingSession.Status.CANCELLED)
        .order_by("start", "pk")
    )

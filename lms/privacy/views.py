"""The privacy page, "Your data" (download), and deleting one's own account."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basics.ratelimit import rate_limit
from lms.partners.background import KEEP_DAYS

from . import permissions, services
from .forms import DeleteAccountForm, confirmation_word

DELETE_LIMIT = 10  # password tries per client per 5 minutes on the delete form
BODY_LANGUAGES = ("en", "es")


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def privacy(request):
    language = (get_language() or "en").split("-")[0]
    context = {
        "body_template": "lms/privacy/body_%s.html"
        % (language if language in BODY_LANGUAGES else "en"),
        "min_cell_size": settings.PARTNER_MIN_CELL_SIZE,
        "export_keep_days": KEEP_DAYS,
        "session_days": max(1, settings.SESSION_COOKIE_AGE // 86400),
    }
    return render(request, "lms/privacy/privacy.html", context)


@login_required
@require_GET
def your_data(request):
    context = {"can_delete": permissions.can_delete_own_account(request.user)}
    return _private(render(request, "lms/privacy/your_data.html", context))


@require_POST
@login_required
def download(request):
    export = services.build_export(request.user)
    response = FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


def _delete_page(request, form, *, status=200):
    user = request.user
    context = {
        "form": form,
        "can_delete": permissions.can_delete_own_account(user),
        "has_password": user.has_usable_password(),
        "orphaned": services.organizations_left_without_manager(user),
        "certificates": services.certificates_kept(user),
        "word": confirmation_word(),
    }
    return _private(render(request, "lms/privacy/delete_account.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("delete-account", limit=DELETE_LIMIT, period=300)
def delete_account(request):
    user = request.user
    if request.method == "GET":
        return _delete_page(request, DeleteAccountForm(user=user))
    if not permissions.can_delete_own_account(user) or not user.has_usable_password():
        return _delete_page(request, DeleteAccountForm(user=user), status=403)
    form = DeleteAccountForm(request.POST, user=user)
    if not form.is_valid():
        return _delete_page(request, form, status=400)
    try:
        services.delete_account(user)
    except services.AccountDeletionRefused as refusal:
        form.add_error(None, str(refusal))
        return _delete_page(request, form, status=409)
    logout(request)
    return redirect("privacy:account_deleted")


@require_GET
def account_deleted(request):
    return render(request, "lms/privacy/account_deleted.html")

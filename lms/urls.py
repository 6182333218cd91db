from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import language as language_views

from . import views

# Django admin signs people in through allauth too (so MFA and rate limits apply), and is for
# superusers only: everyone else works in Wagtail, where permissions are finer.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    # The language switcher: Django's set_language, which also stores the choice on the account.
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    # The courses dashboard (courses.views.dashboard) with the learner's certificates.
    path("my-learning/", views.my_learning, name="my_learning"),
    path("", include("accounts.urls")),
    # Partner pages (staff, certificates, exports, coalition figures) under /org/<slug>/.
    path("", include("lms.partners.urls")),
    # The privacy page and a person's own data: /privacy/, /account/data/, /account/delete/.
    path("", include("lms.privacy.urls")),
    path("", include("certificates.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must come last. (The site's root page
# finds the page in fewer queries through Wagtail's routing hook: lms.models.HomePage.route.)
urlpatterns.append(path("", include(wagtail_urls)))

handler500 = "lms.views.server_error"
